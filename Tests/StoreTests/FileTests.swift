import Crypto
import Foundation
import Model
import SQLite
import Testing

@testable import Store

/// Damaged files, schema versions, crash recovery of visibility changes, and sync state bookkeeping.
@Suite struct FileTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    func makeFilledStore(_ name: String, key: SigningKey) throws {
        let store = try openStore(in: directory, name, key: key)
        for number in 1...200 {
            let id = RecordID(
                bytes: [0x01, 0x9b] + [UInt8](repeating: 0, count: 12) + [UInt8(number >> 8), UInt8(number & 0xff)])!
            _ = try store.write(
                type: documentType, id: id, visibility: .public, payload: Array(repeating: 7, count: 500))
        }
        try store.checkpoint()
    }

    @Test func truncatedFileIsNamedAndLeftAlone() throws {
        let key = try SigningKey()
        try makeFilledStore("truncated", key: key)
        let path = directory.file("truncated/public.sqlite")
        let original = try #require(FileManager.default.contents(atPath: path))
        #expect(original.count > 16384)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(original.count / 2))
        try handle.close()
        let damaged = try #require(FileManager.default.contents(atPath: path))

        let error = #expect(throws: StoreError.self) { _ = try openStore(in: directory, "truncated", key: key) }

        #expect(error?.code == .corruptFile)
        #expect(error?.path == path)
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("truncated") == true)
        #expect(FileManager.default.contents(atPath: path) == damaged, "the store does not repair the file")
    }

    @Test func garbageFileIsNotADatabase() throws {
        let folder = directory.file("garbage")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/members.sqlite"
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        #expect(FileManager.default.createFile(atPath: path, contents: garbage))

        let error = #expect(throws: StoreError.self) { _ = try openStore(in: directory, "garbage") }

        #expect(error?.code == .corruptFile)
        #expect(error?.message.contains(path) == true)
        #expect(FileManager.default.contents(atPath: path) == garbage)
        #expect(!FileManager.default.fileExists(atPath: folder + "/public.sqlite"), "nothing is created beside it")
    }

    @Test func damagedPageIsReportedAsCorrupt() throws {
        let key = try SigningKey()
        try makeFilledStore("damaged", key: key)
        let path = directory.file("damaged/public.sqlite")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        // Overwrite pages past the schema with a pattern no b-tree page starts with.
        try handle.seek(toOffset: 4096 * 3)
        try handle.write(contentsOf: Data(repeating: 0xEE, count: 4096 * 4))
        try handle.close()

        let error = #expect(throws: StoreError.self) {
            let store = try openStore(in: directory, "damaged", key: key)
            _ = try store.recordCounts(scope: .publicOnly)
            _ = try store.syncSummary(scope: .publicOnly)
            _ = try store.entries(
                origin: OriginID("TST")!, stream: .public, sequences: 1...200, limit: 200, scope: .publicOnly)
        }
        #expect(error?.code == .corruptFile)
        #expect(error?.message.contains("public.sqlite is corrupt") == true)
        let reports = Store.integrityCheck(directory: directory.file("damaged"))
        #expect(reports.map(\.path) == [path, directory.file("damaged/members.sqlite")])
        #expect(!reports[0].problems.isEmpty)
        #expect(reports[1].problems.isEmpty)
    }

    @Test func soundFilesPassTheIntegrityCheck() throws {
        let key = try SigningKey()
        try makeFilledStore("sound", key: key)
        let reports = Store.integrityCheck(directory: directory.file("sound"))
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { $0.problems.isEmpty }, "\(reports)")
        #expect(try openStore(in: directory, "sound", key: key).integrityCheck() == reports)
        #expect(Store.integrityCheck(directory: directory.file("absent")) == [])
    }

    @Test func newerSchemaIsRefused() throws {
        let key = try SigningKey()
        do { _ = try openStore(in: directory, "newer", key: key) }
        let connection = try Connection(path: directory.file("newer/public.sqlite"))
        try connection.run("INSERT INTO schema_migrations(version, applied_at) VALUES (99, 0)")

        let error = #expect(throws: StoreError.self) { _ = try openStore(in: directory, "newer", key: key) }

        #expect(error?.code == .newerSchema)
    }

    @Test func pendingPublicEntryIsReplayedOnOpenOnce() throws {
        let key = try SigningKey()
        var twin = try OriginSimulator("TST", key: key)
        let id = RecordID("019b0000-0000-7000-8000-00000000000b")!
        let entries = try twin.write(id, .public, [1]) + twin.write(id, .members, [2])
        #expect(entries.map(\.envelope.stream) == [.public, .members, .public])
        // What a crash between the two commits of a narrowing leaves: the members side and the intent.
        do {
            let store = try openStore(in: directory, "intent", key: key)
            #expect(try store.apply([entries[0].bytes, entries[1].bytes]).applied == 2)
        }
        func leaveIntent() throws {
            let members = try Connection(path: directory.file("intent/members.sqlite"))
            try members.run("INSERT INTO pending_public(bytes) VALUES (?)", entries[2].bytes)
            try members.run("INSERT INTO pending_public(bytes) VALUES (?)", entries[2].bytes)
        }
        try leaveIntent()

        let before: StoreSnapshot
        do {
            let store = try openStore(in: directory, "intent", key: key)

            #expect(try store.record(id: id, scope: .publicOnly)?.isTombstone == true)
            #expect(try store.record(id: id, scope: .members)?.payload == [2])
            let pending = try store.membersReaders!.read {
                try $0.first("SELECT count(*) FROM pending_public") { $0.int(at: 0) }
            }
            #expect(pending == 0)
            let heads = try store.streamHeads(scope: .members).filter { $0.origin == OriginID("TST")! }
            #expect(heads.map(\.contiguous) == [2, 1])
            before = try StoreSnapshot(store)
        }

        try leaveIntent()
        let store = try openStore(in: directory, "intent", key: key)

        #expect(try StoreSnapshot(store) == before, "replaying an entry already stored changes nothing")
    }

    @Test func committedWritesAreInTheFilesAsAKillWouldLeaveThem() throws {
        let key = try SigningKey()
        let store = try openStore(in: directory, "live", key: key)
        let id = RecordID("019b0000-0000-7000-8000-00000000000d")!
        _ = try store.write(type: documentType, id: id, visibility: .public, payload: [1])
        _ = try store.write(type: documentType, id: id, visibility: .members, payload: [2])

        // Copy the files while the store is open and has not checkpointed: what SIGKILL would leave.
        let copy = directory.file("copy")
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for name in ["public.sqlite", "public.sqlite-wal", "members.sqlite", "members.sqlite-wal"] {
            try FileManager.default.copyItem(atPath: directory.file("live/\(name)"), toPath: copy + "/" + name)
        }
        #expect(FileManager.default.contents(atPath: copy + "/members.sqlite-wal")?.isEmpty == false)
        let reopened = try openStore(in: directory, "copy", key: key)

        #expect(try reopened.record(id: id, scope: .members)?.payload == [2])
        #expect(try reopened.record(id: id, scope: .publicOnly)?.isTombstone == true)
        withExtendedLifetime(store) {}
    }

    @Test func secondStoreOnOneDirectoryIsRefused() throws {
        let key = try SigningKey()
        var first: Store? = try openStore(in: directory, "twice", key: key)

        let error = #expect(throws: StoreError.self) { _ = try openStore(in: directory, "twice", key: key) }

        #expect(error?.code == .directoryInUse)
        withExtendedLifetime(first) {}
        first = nil
        _ = try openStore(in: directory, "twice", key: key)
    }

    @Test func summaryTracksGapsUntilTheyFill() throws {
        var ken = try OriginSimulator("KEN")
        let store = try openStore(in: directory, "gaps", trusting: [ken.trusted])
        let entries = try (1...9).flatMap {
            try ken.write(RecordID(bytes: [UInt8](repeating: UInt8($0), count: 16))!, .public, [1])
        }
        _ = try store.apply([1, 2, 5, 6, 9].map { entries[$0 - 1].bytes })

        var summary = try #require(try store.syncSummary(scope: .publicOnly).first { $0.origin == ken.origin })
        #expect(summary.contiguous == 2)
        #expect(summary.headHash == entries[1].hash)
        #expect(summary.highest == 9)
        #expect(summary.gaps == [3...4, 7...8])

        _ = try store.apply([entries[3].bytes, entries[2].bytes])
        summary = try #require(try store.syncSummary(scope: .publicOnly).first { $0.origin == ken.origin })
        #expect(summary.contiguous == 6)
        #expect(summary.gaps == [7...8])
        let range = try store.entries(
            origin: ken.origin, stream: .public, sequences: 5...9, limit: 2, scope: .publicOnly)
        #expect(range.map(\.sequence) == [5, 6])
        #expect(range.map(\.bytes) == [entries[4].bytes, entries[5].bytes])
    }

    @Test func largeDeliveryIsAppliedInBoundedBatches() throws {
        var ken = try OriginSimulator("KEN")
        let store = try openStore(in: directory, "bulk", trusting: [ken.trusted], batchSize: 700)
        let id = RecordID("019b0000-0000-7000-8000-00000000000c")!
        let entries = try (0..<2500).flatMap { try ken.write(id, .public, [UInt8(truncatingIfNeeded: $0)]) }

        let report = try store.apply(entries.map(\.bytes))

        #expect(report.applied == 2500)
        #expect(report.refusals.isEmpty)
        #expect(try store.syncSummary(scope: .publicOnly).first?.contiguous == 2500)
        #expect(try store.record(id: id, scope: .publicOnly)?.version == 2500)
    }

    @Test func writerCheckpointsWhenTheLogReachesItsLimit() throws {
        var ken = try OriginSimulator("KEN")
        var configuration = Store.Configuration(
            directory: directory.file("rhythm"), origin: OriginID("TST")!, signingKey: try SigningKey(),
            holdsMembers: false)
        configuration.checkpointFrames = 40
        configuration.batchSize = 50
        let store = try Store(configuration)
        try store.trust(ken.trusted)
        var random = SplitMix64(seed: 5)
        let entries = try (0..<1500).flatMap { _ in
            try ken.write(randomRecordID(using: &random), .public, [UInt8](repeating: 1, count: 300))
        }

        let report = try store.apply(entries.map(\.bytes))

        // The log restarts after each checkpoint, so it never holds much more than the limit plus one batch;
        // without checkpoints it would hold every page written, several hundred.
        #expect(report.applied == 1500)
        let log = try FileManager.default.attributesOfItem(atPath: directory.file("rhythm/public.sqlite-wal"))
        let frames = ((log[.size] as? NSNumber)?.intValue ?? 0) / (4096 + 24)
        #expect(frames > 0)
        #expect(frames <= 40 + 60, "the log reached \(frames) frames")
        let database = try FileManager.default.attributesOfItem(atPath: directory.file("rhythm/public.sqlite"))
        #expect(((database[.size] as? NSNumber)?.intValue ?? 0) > 1500 * 300, "checkpoints moved the pages over")
    }
}
