import Crypto
import Model

/// Rows and summaries for sync tests.
func row(
    _ origin: String, _ stream: StreamName = .public, contiguous: UInt64, highest: UInt64? = nil,
    gaps: [ClosedRange<UInt64>] = [], hash: UInt8 = 1
) -> SummaryRow {
    SummaryRow(
        key: StreamKey(OriginID(origin)!, stream), contiguous: contiguous,
        headHash: contiguous == 0 ? [UInt8](repeating: 0, count: 32) : [UInt8](repeating: hash, count: 32),
        highest: highest ?? contiguous, gaps: gaps)!
}

/// A summary's wire header claiming `count` rows, followed by `body`.
func summaryHeader(count: UInt32, body: [UInt8] = []) -> [UInt8] {
    Array("GCSS".utf8) + [1] + withUnsafeBytes(of: count.bigEndian, Array.init) + body
}

/// A range response of `stream`'s entries, as the server would send them.
func response(_ entries: [SignedEntry], from: UInt64? = nil) -> RangeResponse {
    let first = entries[0].envelope
    return RangeResponse(
        key: StreamKey(first.origin, first.stream), from: from ?? first.sequence,
        items: entries.map { .entry($0.bytes) })
}
