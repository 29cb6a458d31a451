/// One origin's stream, as sync names it.
public struct StreamKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The origin that writes the stream.
    public let origin: OriginID
    /// The stream.
    public let stream: StreamName

    /// Makes a key.
    public init(_ origin: OriginID, _ stream: StreamName) {
        self.origin = origin
        self.stream = stream
    }

    public var description: String { "\(origin)/\(stream)" }
    public static func < (lhs: StreamKey, rhs: StreamKey) -> Bool {
        (lhs.origin, lhs.stream) < (rhs.origin, rhs.stream)
    }
}

/// What a node holds of one (origin, stream): the row of a sync summary.
public struct SummaryRow: Hashable, Sendable {
    /// The origin and stream.
    public let key: StreamKey
    /// The highest sequence up to which every entry is held (0 for none).
    public let contiguous: UInt64
    /// The hash of the entry at `contiguous`; 32 zero bytes when it is 0.
    public let headHash: [UInt8]
    /// The highest sequence held, at or above `contiguous`.
    public let highest: UInt64
    /// The missing ranges above `contiguous` and below `highest`, in order, apart, not touching.
    public let gaps: [ClosedRange<UInt64>]

    /// Makes a row, or nil when the fields contradict one another: a gap outside `contiguous + 1 ..< highest`,
    /// gaps out of order or touching, a sequence above 2^63 - 1, a hash that is not 32 bytes or not zero for an
    /// empty stream, or entries above `contiguous` without a gap right after it.
    public init?(
        key: StreamKey, contiguous: UInt64, headHash: [UInt8], highest: UInt64, gaps: [ClosedRange<UInt64>] = []
    ) {
        guard headHash.count == 32, highest >= contiguous, highest <= UInt64(Int64.max),
            (contiguous == 0) == headHash.allSatisfy({ $0 == 0 })
        else { return nil }
        var floor = contiguous + 1
        for gap in gaps {
            guard gap.lowerBound >= floor, gap.upperBound < highest else { return nil }
            floor = gap.upperBound + 2
        }
        guard (highest == contiguous) == gaps.isEmpty, gaps.first.map({ $0.lowerBound == contiguous + 1 }) ?? true
        else { return nil }
        self.key = key
        self.contiguous = contiguous
        self.headHash = headHash
        self.highest = highest
        self.gaps = gaps
    }

    /// The row with at most `count` gaps, `highest` lowered to what is held below the first gap left out, so
    /// the shorter row still tells only the truth.
    public func keepingGaps(_ count: Int) -> SummaryRow {
        guard gaps.count > count else { return self }
        return SummaryRow(
            key: key, contiguous: contiguous, headHash: headHash, highest: gaps[count].lowerBound - 1,
            gaps: Array(gaps.prefix(count)))!
    }

    /// Whether the node holds the entry at `sequence`.
    public func holds(_ sequence: UInt64) -> Bool {
        sequence >= 1 && sequence <= highest && !gaps.contains { $0.contains(sequence) }
    }
}
