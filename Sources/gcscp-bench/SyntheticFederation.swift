import Crypto
import Dispatch
import Foundation
import Model

/// Signed entries from many origins, made the way real nodes make them, for benchmarks.
///
/// Each origin writes its public stream: mostly new records, some updates, now and then a deletion, with payloads
/// of about 200 bytes. Making them costs one Ed25519 signature each, spread over every core; that time is not
/// part of any measured figure.
struct SyntheticFederation {
    /// One origin's key and its entries, in sequence order.
    struct Origin {
        let id: OriginID
        let key: SigningKey
        var entries: [SignedEntry]
    }

    let origins: [Origin]

    /// Makes `entryCount` entries shared evenly among `originCount` origins.
    init(entryCount: Int, originCount: Int, seed: UInt64 = 1) throws {
        let perOrigin = (0..<originCount).map { entryCount / originCount + ($0 < entryCount % originCount ? 1 : 0) }
        let keys = try (0..<originCount).map { _ in try SigningKey() }
        let results = ResultSlots<Origin>(count: originCount)
        DispatchQueue.concurrentPerform(iterations: originCount) { index in
            let id = OriginID(String(format: "O%05d", index))!
            let originSeed = seed &+ UInt64(index) &* 0x9E37_79B9
            results.set(
                index, Result { try Self.stream(for: id, key: keys[index], count: perOrigin[index], seed: originSeed) })
        }
        origins = try results.values()
    }

    /// The entries as a peer would send them: contiguous ranges of `rangeSize` per origin, origins interleaved.
    func ranges(of rangeSize: Int) -> [[SignedEntry]] {
        var ranges: [[SignedEntry]] = []
        var start = 0
        while origins.contains(where: { $0.entries.count > start }) {
            for origin in origins where origin.entries.count > start {
                ranges.append(Array(origin.entries[start..<min(start + rangeSize, origin.entries.count)]))
            }
            start += rangeSize
        }
        return ranges
    }

    private static func stream(for id: OriginID, key: SigningKey, count: Int, seed: UInt64) throws -> Origin {
        var random = SplitMix64(seed: seed)
        var clock = HybridLogicalClock()
        var versions: [(RecordID, UInt64)] = []
        var entries: [SignedEntry] = []
        entries.reserveCapacity(count)
        let keyID = KeyID(of: key.publicKey)
        let type = RecordType("document/1")!
        let wall = UInt64(Date().timeIntervalSince1970 * 1000)
        for sequence in 1...max(count, 1) where count > 0 {
            let roll = random.next() % 100
            var record: RecordID
            var version: UInt64 = 1
            var tombstone = false
            if roll < 15, !versions.isEmpty {
                let index = Int(random.next() % UInt64(versions.count))
                versions[index].1 += 1
                (record, version) = versions[index]
                tombstone = roll < 2
            } else {
                record = RecordID.generate(milliseconds: wall + UInt64(sequence))
                versions.append((record, 1))
            }
            let payload = tombstone ? [] : (0..<200).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let envelope = Envelope(
                recordType: type, recordID: record, origin: id, sequence: UInt64(sequence), recordVersion: version,
                visibility: .public, isTombstone: tombstone,
                previousHash: entries.last?.hash ?? [UInt8](repeating: 0, count: 32),
                clock: clock.tick(wallMilliseconds: wall), keyID: keyID, payload: payload)
            entries.append(try SignedEntry.sign(envelope, with: key))
        }
        return Origin(id: id, key: key, entries: entries)
    }
}

/// A seeded pseudo-random generator (SplitMix64), so a benchmark's data can be made again.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Slots that concurrent workers fill, one each.
// @unchecked Sendable: every worker writes only its own index, under the lock.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Result<Value, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Value, Error>) {
        lock.withLock { slots[index] = result }
    }

    func values() throws -> [Value] {
        try lock.withLock { try slots.map { try $0!.get() } }
    }
}
