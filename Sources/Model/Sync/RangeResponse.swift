/// One item of a range response: an entry's exact bytes, or the hash-only stub of an entry whose content the
/// sender redacted (withdrawn after a narrowing; the sender keeps only its hash and previous hash).
public enum RangeItem: Hashable, Sendable {
    /// A full entry, exactly as signed.
    case entry([UInt8])
    /// A redacted entry: the SHA-256 of its bytes and the previous hash it named.
    case stub(hash: [UInt8], previousHash: [UInt8])
}

/// The body answering a range request: consecutive items of one stream, from `from`, without gaps.
/// `Protocol/sync.md` defines the bytes and how a receiver treats stubs (`RangeVerifier`).
public struct RangeResponse: Sendable {
    /// The stream.
    public let key: StreamKey
    /// The sequence of the first item.
    public let from: UInt64
    /// The items, for sequences `from`, `from + 1`, ...
    public let items: [RangeItem]
    /// The full entries decoded, by position in `items` (nil for a stub).
    public let entries: [SignedEntry?]

    /// The four bytes a range response starts with: "GCSR".
    public static let magic: [UInt8] = Array("GCSR".utf8)

    /// Makes a response from items; entries that do not decode are nil in `entries`, as stubs are.
    public init(key: StreamKey, from: UInt64, items: [RangeItem]) {
        self.key = key
        self.from = from
        self.items = items
        self.entries = items.map { item in
            guard case .entry(let bytes) = item else { return nil }
            return try? SignedEntry.decode(bytes)
        }
    }

    private init(key: StreamKey, from: UInt64, items: [RangeItem], entries: [SignedEntry?]) {
        self.key = key
        self.from = from
        self.items = items
        self.entries = entries
    }

    /// The bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 32 + items.count * 300)
        writer.append(Self.magic)
        writer.append(UInt8(1))
        writer.appendShortText(key.origin.code)
        writer.append(key.stream.rawValue)
        writer.append(from)
        writer.append(UInt32(items.count))
        for item in items {
            switch item {
            case .entry(let bytes):
                writer.append(UInt8(0))
                writer.append(UInt32(bytes.count))
                writer.append(bytes)
            case .stub(let hash, let previousHash):
                writer.append(UInt8(1))
                writer.append(hash)
                writer.append(previousHash)
            }
        }
        return writer.bytes
    }

    /// Reads a response and decodes every entry in it, checking that each is the stream's entry at its place.
    /// Signatures and links are not checked here (`RangeVerifier` does).
    /// - Throws: `SyncProblem` `.rangeTooLarge` from the headers alone when the response claims more items,
    ///   entries or bytes than allowed; `.malformedRange` for anything else wrong.
    public static func decode(_ bytes: [UInt8]) throws(SyncProblem) -> RangeResponse {
        guard bytes.count <= SyncLimits.maximumRangeBytes else {
            throw SyncProblem(.rangeTooLarge, "a range response is at most \(SyncLimits.maximumRangeBytes) bytes")
        }
        var reader = FieldReader(bytes) { SyncProblem(.malformedRange, "the range response is \($0)") }
        guard try reader.bytes(4) == magic, try reader.uint8() == 1 else {
            throw reader.failure("not a sync v1 range (no GCSR 01)")
        }
        guard let origin = OriginID(try reader.shortText()), let stream = StreamName(rawValue: try reader.uint8())
        else { throw reader.failure("naming an origin or stream that is not one") }
        let from = try reader.uint64()
        let count = Int(try reader.uint32())
        guard count <= SyncLimits.maximumRangeItems else {
            throw SyncProblem(
                .rangeTooLarge, "the response holds \(count) items; at most \(SyncLimits.maximumRangeItems)")
        }
        guard from >= 1, from <= UInt64(Int64.max) - UInt64(count), count * 5 <= reader.remaining else {
            throw reader.failure("announcing items it cannot hold")
        }
        var items: [RangeItem] = []
        var entries: [SignedEntry?] = []
        var entryCount = 0
        items.reserveCapacity(count)
        for index in 0..<count {
            let sequence = from + UInt64(index)
            switch try reader.uint8() {
            case 0:
                entryCount += 1
                guard entryCount <= SyncLimits.maximumRangeEntries else {
                    throw SyncProblem(
                        .rangeTooLarge, "the response holds over \(SyncLimits.maximumRangeEntries) entries")
                }
                let length = Int(try reader.uint32())
                guard length <= SyncLimits.maximumEntryBytes else { throw reader.failure("holding an oversized entry") }
                let raw = try reader.bytes(length)
                guard let entry = try? SignedEntry.decode(raw) else {
                    throw reader.failure("holding an entry at \(sequence) that is malformed")
                }
                let envelope = entry.envelope
                guard envelope.origin == origin, envelope.stream == stream, envelope.sequence == sequence else {
                    throw reader.failure("holding an entry that is not \(origin)/\(stream) #\(sequence)")
                }
                items.append(.entry(raw))
                entries.append(entry)
            case 1:
                let (hash, previousHash) = (try reader.bytes(32), try reader.bytes(32))
                guard (sequence == 1) == previousHash.allSatisfy({ $0 == 0 }) else {
                    throw reader.failure("holding a stub whose previous hash does not fit its place")
                }
                items.append(.stub(hash: hash, previousHash: previousHash))
                entries.append(nil)
            default:
                throw reader.failure("holding an item that is neither an entry (0) nor a stub (1)")
            }
        }
        try reader.expectEnd()
        return RangeResponse(key: StreamKey(origin, stream), from: from, items: items, entries: entries)
    }
}
