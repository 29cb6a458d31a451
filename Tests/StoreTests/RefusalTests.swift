import Crypto
import Foundation
import Model
import Testing

@testable import Store

/// Each kind of bad entry is refused with its own reason, and nothing of it is stored.
@Suite struct RefusalTests {
    let directory: TemporaryDirectory
    var ken: OriginSimulator

    init() throws {
        directory = try TemporaryDirectory()
        ken = try OriginSimulator("KEN")
    }

    func heldCount(_ store: Store, _ stream: StreamName = .public) throws -> Int {
        try store.entries(origin: ken.origin, stream: stream, sequences: 1...1000, limit: 1000, scope: .members).count
    }

    @Test mutating func flippedByteAnywhereIsRefused() throws {
        let store = try openStore(in: directory, "flip", trusting: [ken.trusted])
        let entry = try ken.write(RecordID("019b0000-0000-7000-8000-000000000001")!, .public, Array("text".utf8))[0]
        let allowed: Set<Refusal.Reason> = [.malformed, .badSignature, .unknownKey, .keyOriginMismatch]

        for index in entry.bytes.indices {
            var bytes = entry.bytes
            bytes[index] ^= 0x01
            let report = try store.apply([bytes])
            #expect(report.applied == 0, "byte \(index)")
            #expect(report.refusals.count == 1, "byte \(index)")
            #expect(report.refusals.allSatisfy { allowed.contains($0.reason) }, "byte \(index): \(report.refusals)")
        }
        #expect(try heldCount(store) == 0)

        var payloadFlip = entry.bytes
        payloadFlip[entry.bytes.count - 64 - 2] ^= 0x80  // inside the 4-byte payload, before the signature
        #expect(try store.apply([payloadFlip]).refusals.map(\.reason) == [.badSignature])
        var magicFlip = entry.bytes
        magicFlip[0] ^= 0x01
        #expect(try store.apply([magicFlip]).refusals.map(\.reason) == [.malformed])
        #expect(try store.apply([entry.bytes]).applied == 1, "the intact entry is still accepted")
    }

    @Test mutating func unknownKeyIsRefused() throws {
        let store = try openStore(in: directory, "unknown")
        let entry = try ken.write(RecordID("019b0000-0000-7000-8000-000000000002")!, .public, [1])[0]

        let report = try store.apply([entry.bytes])

        #expect(report.refusals.map(\.reason) == [.unknownKey])
        #expect(report.refusals.first?.origin == ken.origin)
        #expect(try heldCount(store) == 0)
    }

    @Test mutating func keyOfAnotherOriginIsRefused() throws {
        let other = try OriginSimulator("AU")
        let store = try openStore(in: directory, "mismatch", trusting: [ken.trusted, other.trusted])
        let forged = try ken.append(
            RecordID("019b0000-0000-7000-8000-000000000003")!, 1, .public, tombstone: false, [1], sequence: 1,
            previousHash: [UInt8](repeating: 0, count: 32), signer: other.key)

        #expect(try store.apply([forged.bytes]).refusals.map(\.reason) == [.keyOriginMismatch])
    }

    @Test mutating func brokenChainIsRefused() throws {
        let store = try openStore(in: directory, "chain", trusting: [ken.trusted])
        let id = RecordID("019b0000-0000-7000-8000-000000000004")!
        let first = try ken.write(id, .public, [1])[0]
        let unchained = try ken.append(
            id, 2, .public, tombstone: false, [2], sequence: 2, previousHash: [UInt8](repeating: 7, count: 32))
        #expect(try store.apply([first.bytes]).applied == 1)

        let report = try store.apply([unchained.bytes])

        #expect(report.refusals.map(\.reason) == [.brokenChain])
        #expect(try heldCount(store) == 1)
    }

    @Test mutating func gapFillerMustChainOntoStoredSuccessor() throws {
        let store = try openStore(in: directory, "gapfill", trusting: [ken.trusted])
        let id = RecordID("019b0000-0000-7000-8000-000000000005")!
        let entries = try (1...3).flatMap { try ken.write(id, .public, [UInt8($0)]) }
        let impostor = try ken.append(
            id, 2, .public, tombstone: false, [99], sequence: 2, previousHash: entries[0].hash)
        #expect(try store.apply([entries[0].bytes, entries[2].bytes]).applied == 2)
        let summary = try store.syncSummary(scope: .members).first { $0.origin == ken.origin }
        #expect(summary?.contiguous == 1)
        #expect(summary?.gaps == [2...2])

        let report = try store.apply([impostor.bytes])

        #expect(report.refusals.map(\.reason) == [.brokenChain])
        #expect(try store.apply([entries[1].bytes]).applied == 1)
        #expect(try store.syncSummary(scope: .members).first { $0.origin == ken.origin }?.contiguous == 3)
    }

    @Test mutating func twoEntriesForOnePlaceQuarantineTheOrigin() throws {
        let store = try openStore(in: directory, "conflict", trusting: [ken.trusted])
        let id = RecordID("019b0000-0000-7000-8000-000000000006")!
        let entries = try (1...3).flatMap { try ken.write(id, .public, [UInt8($0)]) }
        let rival = try ken.append(
            id, 2, .public, tombstone: false, Array("rival".utf8), sequence: 2, previousHash: entries[0].hash)
        #expect(try store.apply(entries.map(\.bytes)).applied == 3)

        let report = try store.apply([rival.bytes])

        #expect(report.refusals.map(\.reason) == [.conflict])
        let quarantines = try store.quarantines(scope: .publicOnly)
        #expect(quarantines.map(\.origin) == [ken.origin])
        #expect(quarantines.first?.sequence == 2)
        let held = try store.entries(
            origin: ken.origin, stream: .public, sequences: 2...2, limit: 1, scope: .publicOnly)
        #expect(held.first?.bytes == entries[1].bytes, "the first entry stays in the stream")
        let kept = try store.conflictingEntries(origin: ken.origin, stream: .public, scope: .publicOnly)
        #expect(kept.map(\.bytes) == [rival.bytes], "the second entry is kept as evidence")

        let later = try ken.write(id, .public, [4])[0]
        #expect(try store.apply([later.bytes]).refusals.map(\.reason) == [.quarantined])
        #expect(try heldCount(store) == 3)
    }

    @Test mutating func conflictWithinOneBatchIsFound() throws {
        let store = try openStore(in: directory, "conflict-batch", trusting: [ken.trusted])
        let id = RecordID("019b0000-0000-7000-8000-000000000007")!
        let first = try ken.write(id, .public, [1])[0]
        let rival = try ken.append(
            id, 1, .public, tombstone: false, [2], sequence: 1, previousHash: [UInt8](repeating: 0, count: 32))

        let report = try store.apply([first.bytes, rival.bytes, first.bytes])

        #expect(report.applied == 1)
        #expect(report.duplicates == 1)
        #expect(report.refusals.map(\.reason) == [.conflict])
        #expect(try store.quarantines(scope: .members).map(\.origin) == [ken.origin])
    }

    @Test mutating func quarantineSurvivesReopening() throws {
        let key = try SigningKey()
        let id = RecordID("019b0000-0000-7000-8000-000000000008")!
        let first = try ken.write(id, .public, [1])[0]
        let rival = try ken.append(
            id, 1, .public, tombstone: false, [2], sequence: 1, previousHash: [UInt8](repeating: 0, count: 32))
        do {
            let store = try openStore(in: directory, "reopen", key: key, trusting: [ken.trusted])
            _ = try store.apply([first.bytes, rival.bytes])
        }

        let store = try openStore(in: directory, "reopen", key: key)
        let next = try ken.write(id, .public, [3])[0]

        #expect(try store.apply([next.bytes]).refusals.map(\.reason) == [.quarantined])
        #expect(try store.trustedKeys().count == 2, "the node's own key and KEN's, kept in the file")
    }

    @Test mutating func anotherOriginCannotWriteARecord() throws {
        var au = try OriginSimulator("AU")
        let store = try openStore(in: directory, "foreign", trusting: [ken.trusted, au.trusted])
        let id = RecordID("019b0000-0000-7000-8000-00000000000e")!
        let owned = try ken.write(id, .public, Array("ken's".utf8))[0]
        let claim = try au.write(id, .public, Array("au's".utf8))
        _ = try au.delete(id)
        #expect(try store.apply([owned.bytes]).applied == 1)

        let report = try store.apply(au.entries.map(\.bytes))

        #expect(report.refusals.map(\.reason) == [.foreignRecord, .foreignRecord])
        #expect(report.applied == 2, "the entries still join AU's stream, whose chain needs them")
        #expect(try store.record(id: id, scope: .publicOnly)?.payload == Array("ken's".utf8))
        #expect(try store.record(id: id, scope: .publicOnly)?.origin == ken.origin)
        let auHead = try store.streamHeads(scope: .publicOnly).first { $0.origin == au.origin }
        #expect(auHead?.contiguous == 2)
        #expect(claim.count == 1)
        let kenEntry = try store.entries(
            origin: ken.origin, stream: .public, sequences: 1...1, limit: 1, scope: .members)
        #expect(kenEntry.first?.bytes == owned.bytes, "AU's tombstone redacts nothing of KEN's")
    }

    @Test mutating func revokedKeyIsRefusedPastItsWatermark() throws {
        let store = try openStore(in: directory, "revoked", trusting: [ken.trusted])
        let id = RecordID("019b0000-0000-7000-8000-000000000009")!
        let entries = try (1...3).flatMap { try ken.write(id, .public, [UInt8($0)]) }
        try store.trust(TrustedKey(origin: ken.origin, key: ken.key.publicKey, revokedAfter: [.public: 2]))

        let report = try store.apply(entries.map(\.bytes))

        #expect(report.applied == 2)
        #expect(report.refusals.map(\.reason) == [.revokedKey])
        #expect(report.refusals.first?.sequence == 3)
    }
}
