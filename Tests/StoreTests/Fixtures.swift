import Crypto
import Foundation
import Model

@testable import Store

/// SplitMix64: a small seeded generator, so a failing property case can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let documentType = RecordType("document/1")!

/// Writes signed entries the way an origin's store does, without a store: for feeding other stores.
struct OriginSimulator {
    let origin: OriginID
    let key: SigningKey
    private(set) var entries: [SignedEntry] = []
    private var heads: [StreamName: (sequence: UInt64, hash: [UInt8])] = [:]
    private var records: [RecordID: (version: UInt64, visibility: Visibility, live: Set<StreamName>)] = [:]
    private var clock = HybridLogicalClock()

    init(_ code: String, key: SigningKey? = nil) throws {
        origin = OriginID(code)!
        self.key = try key ?? SigningKey()
    }

    var trusted: TrustedKey { TrustedKey(origin: origin, key: key.publicKey) }
    var recordIDs: [RecordID] { records.keys.sorted() }
    func isLive(_ id: RecordID) -> Bool { !(records[id]?.live.isEmpty ?? true) }
    func visibility(_ id: RecordID) -> Visibility? { records[id]?.visibility }

    /// Writes content; a change of stream also writes a tombstone into the stream the record leaves.
    @discardableResult
    mutating func write(_ id: RecordID, _ visibility: Visibility, _ payload: [UInt8]) throws -> [SignedEntry] {
        let current = records[id]
        let version = (current?.version ?? 0) + 1
        var written = [try append(id, version, visibility, tombstone: false, payload)]
        if let current, current.live.contains(where: { $0 != visibility.stream }) {
            written.append(try append(id, version, current.visibility, tombstone: true, []))
        }
        records[id] = (version, visibility, [visibility.stream])
        return written
    }

    /// Deletes: a tombstone in the stream where the record is live.
    @discardableResult
    mutating func delete(_ id: RecordID) throws -> [SignedEntry] {
        guard let current = records[id], !current.live.isEmpty else { return [] }
        let entry = try append(id, current.version + 1, current.visibility, tombstone: true, [])
        records[id] = (current.version + 1, current.visibility, [])
        return [entry]
    }

    /// Signs an entry at the next place of a stream, or at a place and previous hash of the caller's choosing.
    mutating func append(
        _ id: RecordID, _ version: UInt64, _ visibility: Visibility, tombstone: Bool, _ payload: [UInt8],
        sequence: UInt64? = nil, previousHash: [UInt8]? = nil, signer: SigningKey? = nil
    ) throws -> SignedEntry {
        let stream = visibility.stream
        let head = heads[stream] ?? (0, [UInt8](repeating: 0, count: 32))
        let envelope = Envelope(
            recordType: documentType, recordID: id, origin: origin, sequence: sequence ?? head.sequence + 1,
            recordVersion: version, visibility: visibility, isTombstone: tombstone,
            previousHash: previousHash ?? head.hash, clock: clock.tick(wallMilliseconds: 1_767_225_600_000),
            keyID: KeyID(of: (signer ?? key).publicKey), payload: payload)
        let entry = try SignedEntry.sign(envelope, with: signer ?? key)
        if sequence == nil && previousHash == nil && signer == nil {
            heads[stream] = (entry.envelope.sequence, entry.hash)
            entries.append(entry)
        }
        return entry
    }
}

/// A record id from a seeded generator (UUIDv7 layout).
func randomRecordID(using generator: inout some RandomNumberGenerator) -> RecordID {
    var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[6] = 0x70 | (bytes[6] & 0x0F)
    bytes[8] = 0x80 | (bytes[8] & 0x3F)
    return RecordID(bytes: bytes)!
}

/// Opens a store for origin `code` in a subfolder of `directory`, trusting `keys`.
func openStore(
    in directory: TemporaryDirectory, _ name: String, origin code: String = "TST", holdsMembers: Bool = true,
    key: SigningKey? = nil, trusting keys: [TrustedKey] = [], batchSize: Int = 2000
) throws -> Store {
    var configuration = Store.Configuration(
        directory: directory.file(name), origin: OriginID(code)!, signingKey: try key ?? SigningKey(),
        holdsMembers: holdsMembers)
    configuration.batchSize = batchSize
    configuration.wallClock = { 1_767_225_600_000 }
    let store = try Store(configuration)
    for trusted in keys { try store.trust(trusted) }
    return store
}

/// Everything a store holds that must not depend on the order entries arrived in: per file, the record
/// table, the entries (hash, redaction) and the sync state.
struct StoreSnapshot: Equatable {
    var records: [String] = []
    var entries: [String] = []
    var summaries: [StreamSummary] = []

    init(_ store: Store) throws {
        for pool in [store.publicReaders, store.membersReaders].compactMap({ $0 }) {
            records += try pool.read { connection in
                try connection.query(
                    """
                    SELECT hex(record_id), origin, type, schema_version, record_version, visibility, is_tombstone,
                        hlc, sequence, hex(payload) FROM records ORDER BY record_id
                    """
                ) { row in (0..<10).map { "\(row.value(at: $0))" }.joined(separator: "|") }
            }
            entries += try pool.read { connection in
                try connection.query(
                    """
                    SELECT origin, sequence, hex(record_id), record_version, is_tombstone, hex(hash),
                        hex(previous_hash), bytes IS NULL FROM entries ORDER BY origin, sequence
                    """
                ) { row in (0..<8).map { "\(row.value(at: $0))" }.joined(separator: "|") }
            }
        }
        summaries = try store.syncSummary(scope: .members)
    }
}
