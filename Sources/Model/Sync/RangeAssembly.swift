/// An entry a server holds, as its store reads it: the exact bytes, or nil once redacted.
public struct HeldEntry: Sendable, Equatable {
    /// Its place in the stream.
    public let sequence: UInt64
    /// SHA-256 of its bytes.
    public let hash: [UInt8]
    /// The previous hash it names.
    public let previousHash: [UInt8]
    /// The exact bytes; nil when the content was redacted.
    public let bytes: [UInt8]?

    /// Makes a held entry.
    public init(sequence: UInt64, hash: [UInt8], previousHash: [UInt8], bytes: [UInt8]?) {
        self.sequence = sequence
        self.hash = hash
        self.previousHash = previousHash
        self.bytes = bytes
    }
}

extension RangeResponse {
    /// How many entries a server reads from its store for one request: the limit, plus room for a run of stubs
    /// to reach the full entry that proves it.
    public static func readCount(for request: RangeRequest) -> Int {
        request.limit + (SyncLimits.maximumRangeItems - SyncLimits.maximumRangeEntries)
    }

    /// The answer to `request` from what the server read (in sequence order, from `request.from`).
    ///
    /// Takes consecutive entries up to `request.limit` full entries and the byte limit (always at least one
    /// item, so a response makes progress). Stubs do not count against the limit. A stub is proved by the full
    /// entry after it, so trailing stubs are left for the next request, which starts with them; only a response
    /// of nothing but stubs keeps them.
    public static func assemble(_ request: RangeRequest, from held: [HeldEntry]) -> RangeResponse {
        var items: [RangeItem] = []
        var bytes = 64
        var entries = 0
        var expected = request.from
        for entry in held {
            guard entry.sequence == expected, items.count < SyncLimits.maximumRangeItems else { break }
            let size = entry.bytes.map { $0.count + 5 } ?? 65
            guard bytes + size <= SyncLimits.maximumRangeBytes || items.isEmpty else { break }
            if let raw = entry.bytes {
                guard entries < request.limit else { break }
                items.append(.entry(raw))
                entries += 1
            } else {
                items.append(.stub(hash: entry.hash, previousHash: entry.previousHash))
            }
            bytes += size
            expected += 1
        }
        if let lastEntry = items.lastIndex(where: \.isEntry) { items.removeSubrange((lastEntry + 1)...) }
        return RangeResponse(key: request.key, from: request.from, items: items)
    }
}

extension RangeItem {
    /// Whether this is a full entry rather than a stub.
    public var isEntry: Bool {
        if case .entry = self { return true }
        return false
    }
}
