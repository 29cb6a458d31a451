/// A request for consecutive entries of one stream:
/// `GET /sync/v1/entries?origin=KEN&stream=public&from=101&limit=2000`.
public struct RangeRequest: Hashable, Sendable, CustomStringConvertible {
    /// The stream asked for.
    public let key: StreamKey
    /// The first sequence asked for, from 1.
    public let from: UInt64
    /// The most full entries asked for, 1 to `SyncLimits.maximumRangeEntries`.
    public let limit: Int

    /// Makes a request, or nil when `from` is 0 or above 2^63 - 1, or `limit` is outside 1...2000.
    public init?(key: StreamKey, from: UInt64, limit: Int) {
        guard from >= 1, from <= UInt64(Int64.max), (1...SyncLimits.maximumRangeEntries).contains(limit) else {
            return nil
        }
        self.key = key
        self.from = from
        self.limit = limit
    }

    /// The last sequence asked for.
    public var through: UInt64 { from + UInt64(limit) - 1 }

    /// The path and query, parameters in this order.
    public var pathAndQuery: String {
        "\(SyncPath.entries)?origin=\(key.origin)&stream=\(key.stream)&from=\(from)&limit=\(limit)"
    }

    public var description: String { "\(key) \(from)...\(through)" }

    /// Parses the query string (after the `?`): exactly `origin`, `stream`, `from` and `limit`, each once, in
    /// any order, decimal without sign or leading zero.
    /// - Throws: `SyncProblem` `.limitOutOfRange` for a limit outside 1...2000, else `.malformedRequest`.
    public static func parse(query: String) throws(SyncProblem) -> RangeRequest {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, ["origin", "stream", "from", "limit"].contains(String(parts[0])),
                values.updateValue(String(parts[1]), forKey: String(parts[0])) == nil
            else {
                throw SyncProblem(.malformedRequest, "the query takes origin, stream, from and limit, each once")
            }
        }
        guard let origin = values["origin"].flatMap(OriginID.init),
            let stream = values["stream"].flatMap(StreamName.init),
            let from = values["from"].flatMap(decimal), from >= 1, from <= UInt64(Int64.max)
        else {
            throw SyncProblem(.malformedRequest, "origin must be a code, stream public or members, from 1 or more")
        }
        guard let limitText = values["limit"], let limit = decimal(limitText),
            limit >= 1, limit <= UInt64(SyncLimits.maximumRangeEntries)
        else {
            throw SyncProblem(.limitOutOfRange, "limit must be 1 to \(SyncLimits.maximumRangeEntries)")
        }
        return RangeRequest(key: StreamKey(origin, stream), from: from, limit: Int(limit))!
    }

    /// Checks the request against what the server holds of the stream (`contiguous`: its contiguous head).
    /// - Throws: `SyncProblem` `.rangeBeyondHead` when `from` is past it: the server serves only what it holds
    ///   without gaps, and a planner never asks beyond the head the server announced.
    public func check(contiguous: UInt64) throws(SyncProblem) {
        guard from <= contiguous else {
            throw SyncProblem(.rangeBeyondHead, "\(key) is held up to \(contiguous); the request starts at \(from)")
        }
    }

    private static func decimal(_ text: String) -> UInt64? {
        guard !text.isEmpty, text.count <= 19, text.utf8.allSatisfy({ (48...57).contains($0) }),
            text == "0" || !text.hasPrefix("0")
        else { return nil }
        return UInt64(text)
    }
}
