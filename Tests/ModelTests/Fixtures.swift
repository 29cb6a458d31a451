import Crypto
import Model

/// Builds signed streams for tests: one origin, one key, entries chained in order.
struct StreamBuilder {
    let origin: OriginID
    let key: SigningKey
    private(set) var entries: [StreamName: [SignedEntry]] = [:]
    private var clock = HybridLogicalClock()

    init(origin: String, key: SigningKey? = nil) throws {
        self.origin = OriginID(origin)!
        self.key = try key ?? SigningKey()
    }

    var trusted: TrustedKey { TrustedKey(origin: origin, key: key.publicKey) }

    /// Appends an entry for `record` to the stream its visibility selects.
    @discardableResult
    mutating func append(
        record: RecordID, version: UInt64, visibility: Visibility, tombstone: Bool = false,
        payload: [UInt8] = Array("content".utf8), milliseconds: UInt64 = 1_767_225_600_000
    ) throws -> SignedEntry {
        let stream = visibility.stream
        let previous = entries[stream]?.last
        let envelope = Envelope(
            recordType: RecordType("document/1")!, recordID: record, origin: origin,
            sequence: (previous?.envelope.sequence ?? 0) + 1, recordVersion: version, visibility: visibility,
            isTombstone: tombstone, previousHash: previous?.hash ?? [UInt8](repeating: 0, count: 32),
            clock: clock.tick(wallMilliseconds: milliseconds), keyID: KeyID(of: key.publicKey),
            payload: tombstone ? [] : payload)
        let entry = try SignedEntry.sign(envelope, with: key)
        entries[stream, default: []].append(entry)
        return entry
    }

    func keys(_ id: KeyID) -> TrustedKey? { id == KeyID(of: key.publicKey) ? trusted : nil }
}

func recordID(_ number: UInt8) -> RecordID {
    RecordID(bytes: [0x01, 0x9b, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, number])!
}
