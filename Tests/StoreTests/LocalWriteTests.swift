import Crypto
import Foundation
import Model
import SQLite
import Testing

@testable import Store

@Suite struct LocalWriteTests {
    let directory: TemporaryDirectory
    let id = RecordID("019b0000-0000-7000-8000-00000000000a")!

    init() throws { directory = try TemporaryDirectory() }

    func heads(_ store: Store) throws -> [StreamName: UInt64] {
        let own = try store.streamHeads(scope: .members).filter { $0.origin == store.configuration.origin }
        return Dictionary(uniqueKeysWithValues: own.map { ($0.stream, $0.contiguous) })
    }

    func fileBytes(_ path: String) -> Data {
        FileManager.default.contents(atPath: path) ?? Data()
    }

    @Test func identicalContentConsumesNoSequence() throws {
        let store = try openStore(in: directory, "same")
        let first = try store.write(type: documentType, id: id, visibility: .public, payload: Array("a".utf8))
        #expect(first.recordVersion == 1)
        #expect(first.entries.map(\.sequence) == [1])

        let again = try store.write(type: documentType, id: id, visibility: .public, payload: Array("a".utf8))

        #expect(again.isUnchanged)
        #expect(again.recordVersion == 1)
        #expect(try heads(store) == [.public: 1])
        let changed = try store.write(type: documentType, id: id, visibility: .public, payload: Array("b".utf8))
        #expect(changed.entries.map(\.sequence) == [2])
        #expect(changed.recordVersion == 2)
        #expect(try store.record(id: id, scope: .publicOnly)?.payload == Array("b".utf8))
    }

    @Test func narrowingLeavesThePublicFileWithATombstoneOnly() throws {
        let store = try openStore(in: directory, "narrow")
        let publicText = Array("PUBLIC-CONTENT-MARK".utf8)
        let secretText = Array("MEMBERS-ONLY-MARK".utf8)
        _ = try store.write(type: documentType, id: id, visibility: .public, payload: publicText)

        let narrowed = try store.write(type: documentType, id: id, visibility: .members, payload: secretText)

        #expect(narrowed.recordVersion == 2)
        #expect(narrowed.entries.map(\.stream) == [.members, .public], "the members side commits first")
        #expect(try heads(store) == [.public: 2, .members: 1])
        let publicView = try #require(try store.record(id: id, scope: .publicOnly))
        #expect(publicView.isTombstone)
        #expect(publicView.payload.isEmpty)
        #expect(publicView.version == 2)
        let memberView = try #require(try store.record(id: id, scope: .members))
        #expect(!memberView.isTombstone)
        #expect(memberView.visibility == .members)
        #expect(memberView.payload == secretText)

        let publicEntries = try store.entries(
            origin: store.configuration.origin, stream: .public, sequences: 1...10, limit: 10, scope: .publicOnly)
        #expect(publicEntries.map(\.sequence) == [1, 2])
        #expect(publicEntries[0].bytes == nil, "the retracted content is redacted; its hashes stay")
        let tombstone = try SignedEntry.decode(try #require(publicEntries[1].bytes))
        #expect(tombstone.envelope.isTombstone)

        try store.checkpoint()
        let publicPath = directory.file("narrow/public.sqlite")
        for path in [publicPath, publicPath + "-wal"] {
            #expect(fileBytes(path).range(of: Data(secretText)) == nil, "\(path) never holds member-only content")
        }
        #expect(fileBytes(publicPath).range(of: Data(publicText)) == nil, "secure_delete erased the old content")
        #expect(fileBytes(directory.file("narrow/members.sqlite-wal")).range(of: Data(secretText)) != nil)
    }

    @Test func wideningMovesTheRecordBackToPublic() throws {
        let store = try openStore(in: directory, "widen")
        _ = try store.write(type: documentType, id: id, visibility: .sealed, payload: [1])

        let widened = try store.write(type: documentType, id: id, visibility: .public, payload: [2])

        #expect(widened.entries.map(\.stream) == [.members, .public])
        #expect(try store.record(id: id, scope: .publicOnly)?.payload == [2])
        let members = try #require(try store.membersReaders?.read { try $0.recordRow(id) })
        #expect(members.isTombstone)
        #expect(members.visibility == .sealed)
        #expect(try store.record(id: id, scope: .members)?.payload == [2])
        #expect(
            try store.recordCounts(scope: .members) == [
                RecordCount(recordType: documentType, visibility: .public, count: 1)
            ])
    }

    @Test func deleteWritesATombstoneOnce() throws {
        let store = try openStore(in: directory, "delete")
        #expect(throws: StoreError.self) { try store.delete(id: id) }
        _ = try store.write(type: documentType, id: id, visibility: .members, payload: [1])

        let deleted = try store.delete(id: id)
        let again = try store.delete(id: id)

        #expect(deleted.recordVersion == 2)
        #expect(deleted.entries.map(\.stream) == [.members])
        #expect(again.isUnchanged)
        #expect(try store.record(id: id, scope: .members)?.isTombstone == true)
        #expect(try store.recordCounts(scope: .members).isEmpty)
        let revived = try store.write(type: documentType, id: id, visibility: .members, payload: [1])
        #expect(revived.recordVersion == 3)
    }

    @Test func anotherOriginsRecordCannotBeWritten() throws {
        var ken = try OriginSimulator("KEN")
        let store = try openStore(in: directory, "owner", trusting: [ken.trusted])
        _ = try store.apply(try ken.write(id, .public, [1]).map(\.bytes))

        let error = #expect(throws: StoreError.self) {
            try store.write(type: documentType, id: id, visibility: .public, payload: [2])
        }
        #expect(error?.code == .notOwner)
    }

    @Test func localEntriesReplicateToAnotherStore() throws {
        let key = try SigningKey()
        let origin = try openStore(in: directory, "origin", origin: "KEN", key: key)
        let ids = (1...20).map { RecordID(bytes: [0x01, 0x9b] + [UInt8](repeating: 0, count: 13) + [UInt8($0)])! }
        for (index, id) in ids.enumerated() {
            let visibility: Visibility = index % 3 == 0 ? .members : .public
            _ = try origin.write(type: documentType, id: id, visibility: visibility, payload: [UInt8(index)])
        }
        _ = try origin.write(type: documentType, id: ids[0], visibility: .public, payload: [0])
        _ = try origin.delete(id: ids[1])
        let replica = try openStore(
            in: directory, "replica", trusting: [TrustedKey(origin: OriginID("KEN")!, key: key.publicKey)])

        var raw: [[UInt8]] = []
        for stream in StreamName.allCases {
            let entries = try origin.entries(
                origin: OriginID("KEN")!, stream: stream, sequences: 1...100, limit: 100, scope: .members)
            raw += entries.compactMap(\.bytes)
        }
        let report = try replica.apply(raw.reversed())

        #expect(report.refusals.isEmpty)
        for id in ids {
            #expect(try replica.record(id: id, scope: .members) == origin.record(id: id, scope: .members))
        }
        #expect(try replica.recordCounts(scope: .members).map(\.count).reduce(0, +) == 19)
    }

    @Test func regionalMirrorHoldsNoMembersFile() throws {
        var ken = try OriginSimulator("KEN")
        let store = try openStore(in: directory, "mirror", holdsMembers: false, trusting: [ken.trusted])

        let error = #expect(throws: StoreError.self) {
            try store.write(type: documentType, id: id, visibility: .members, payload: [1])
        }
        let report = try store.apply(try ken.write(id, .members, [1]).map(\.bytes))

        #expect(error?.code == .membersNotHeld)
        #expect(report.refusals.map(\.reason) == [.streamNotHeld])
        #expect(!FileManager.default.fileExists(atPath: directory.file("mirror/members.sqlite")))
        #expect(try store.syncSummary(scope: .members).allSatisfy { $0.stream == .public })
        #expect(throws: StoreError.self) {
            try store.entries(origin: ken.origin, stream: .members, sequences: 1...1, limit: 1, scope: .members)
        }
    }

    @Test func publicReaderCannotReadTheMembersStream() throws {
        let store = try openStore(in: directory, "scope")
        _ = try store.write(type: documentType, id: id, visibility: .members, payload: [1])

        let error = #expect(throws: StoreError.self) {
            try store.entries(
                origin: store.configuration.origin, stream: .members, sequences: 1...1, limit: 1, scope: .publicOnly)
        }
        #expect(error?.code == .membersNotHeld)
        #expect(try store.record(id: id, scope: .publicOnly) == nil)
        #expect(try store.syncSummary(scope: .publicOnly).allSatisfy { $0.stream == .public })
    }
}
