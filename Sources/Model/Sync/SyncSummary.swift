/// The body of `POST /sync/v1/summary` and of its answer: what a node holds of every stream it may mention to
/// this peer. `Protocol/sync.md` defines the bytes.
public struct SyncSummary: Hashable, Sendable {
    /// The rows, sorted by origin then stream, one per (origin, stream).
    public let rows: [SummaryRow]

    /// Makes a summary; rows are sorted, and each keeps at most `SyncLimits.maximumGapsPerRow` gaps.
    public init(rows: [SummaryRow]) {
        self.rows = rows.map { $0.keepingGaps(SyncLimits.maximumGapsPerRow) }.sorted { $0.key < $1.key }
    }

    /// The four bytes a summary starts with: "GCSS".
    public static let magic: [UInt8] = Array("GCSS".utf8)
    /// The fewest bytes a row takes (a two-letter origin, no gaps): what a count header is checked against.
    static let minimumRowBytes = 3 + 1 + 8 + 32 + 8 + 2

    /// The bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 9 + rows.count * 64)
        writer.append(Self.magic)
        writer.append(UInt8(1))
        writer.append(UInt32(rows.count))
        for row in rows {
            writer.appendShortText(row.key.origin.code)
            writer.append(row.key.stream.rawValue)
            writer.append(row.contiguous)
            writer.append(row.headHash)
            writer.append(row.highest)
            writer.append(UInt16(row.gaps.count))
            for gap in row.gaps {
                writer.append(gap.lowerBound)
                writer.append(gap.upperBound)
            }
        }
        return writer.bytes
    }

    /// Reads a summary, refusing it from its headers before allocating rows when it claims too much.
    /// - Throws: `SyncProblem` `.bodyTooLarge`, `.tooManyStreams`, `.tooManyGaps` or `.malformedSummary`.
    public static func decode(_ bytes: [UInt8]) throws(SyncProblem) -> SyncSummary {
        guard bytes.count <= SyncLimits.maximumSummaryBytes else {
            throw SyncProblem(.bodyTooLarge, "a summary is at most \(SyncLimits.maximumSummaryBytes) bytes")
        }
        var reader = FieldReader(bytes) { SyncProblem(.malformedSummary, "the summary is \($0)") }
        guard try reader.bytes(4) == magic, try reader.uint8() == 1 else {
            throw reader.failure("not a sync v1 summary (no GCSS 01)")
        }
        let count = Int(try reader.uint32())
        guard count <= SyncLimits.maximumSummaryRows else {
            throw SyncProblem(
                .tooManyStreams, "the summary names \(count) streams; at most \(SyncLimits.maximumSummaryRows)")
        }
        guard count * minimumRowBytes <= reader.remaining else {
            throw reader.failure("shorter than the \(count) rows it announces")
        }
        var rows: [SummaryRow] = []
        rows.reserveCapacity(count)
        for _ in 0..<count {
            let row = try decodeRow(&reader)
            guard rows.last.map({ $0.key < row.key }) ?? true else {
                throw reader.failure("not sorted by origin and stream, or names a stream twice")
            }
            rows.append(row)
        }
        try reader.expectEnd()
        return SyncSummary(rows: rows)
    }

    private static func decodeRow(_ reader: inout FieldReader<SyncProblem>) throws(SyncProblem) -> SummaryRow {
        guard let origin = OriginID(try reader.shortText()), let stream = StreamName(rawValue: try reader.uint8())
        else { throw reader.failure("naming an origin or stream that is not one") }
        let contiguous = try reader.uint64()
        let headHash = try reader.bytes(32)
        let highest = try reader.uint64()
        let gapCount = Int(try reader.uint16())
        guard gapCount <= SyncLimits.maximumGapsPerRow else {
            throw SyncProblem(
                .tooManyGaps, "\(origin)/\(stream) lists \(gapCount) gaps; at most \(SyncLimits.maximumGapsPerRow)")
        }
        guard gapCount * 16 <= reader.remaining else { throw reader.failure("shorter than its gaps") }
        var gaps: [ClosedRange<UInt64>] = []
        for _ in 0..<gapCount {
            let (from, through) = (try reader.uint64(), try reader.uint64())
            guard from <= through else { throw reader.failure("holding a gap that ends before it starts") }
            gaps.append(from...through)
        }
        guard
            let row = SummaryRow(
                key: StreamKey(origin, stream), contiguous: contiguous, headHash: headHash, highest: highest,
                gaps: gaps)
        else { throw reader.failure("holding a row for \(origin)/\(stream) whose fields contradict one another") }
        return row
    }
}
