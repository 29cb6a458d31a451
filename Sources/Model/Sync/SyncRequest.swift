/// The paths of sync protocol v1 on the federation port (HTTP/2, mutual TLS).
public enum SyncPath {
    /// `GET ?after=N`: directory versions after N and the certificates that certify their key.
    public static let directory = "/sync/v1/directory"
    /// `POST`: the client's summary in, the server's summary out.
    public static let summary = "/sync/v1/summary"
    /// `GET ?origin=&stream=&from=&limit=`: a range of one stream.
    public static let entries = "/sync/v1/entries"
    /// `POST`: entries the client just wrote.
    public static let push = "/sync/v1/push"
    /// The media type of every binary body.
    public static let mediaType = "application/vnd.gcscp.sync.v1"
    /// The header every request carries: the number of the directory version the client holds.
    public static let directoryHeader = "gcscp-directory"
}

/// A request of sync protocol v1, parsed from its method and path.
public enum SyncRequest: Hashable, Sendable {
    /// Directory versions after this number.
    case directory(after: UInt64)
    /// A summary exchange.
    case summary
    /// A range of one stream.
    case entries(RangeRequest)
    /// A push of fresh entries.
    case push

    /// Parses the method and the path with its query.
    /// - Throws: `SyncProblem` `.notFound` for another path, `.malformedRequest` for a wrong method or query,
    ///   `.limitOutOfRange` from a range query.
    public static func parse(method: String, path: String) throws(SyncProblem) -> SyncRequest {
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let route = String(parts[0])
        let query = parts.count == 2 ? String(parts[1]) : nil
        func expect(_ wanted: String, hasQuery: Bool) throws(SyncProblem) {
            guard method == wanted, (query != nil) == hasQuery else {
                throw SyncProblem(
                    .malformedRequest, "\(route) takes \(wanted)" + (hasQuery ? " with a query" : " without a query"))
            }
        }
        switch route {
        case SyncPath.directory:
            try expect("GET", hasQuery: true)
            let pair = query!.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, pair[0] == "after", let after = UInt64(pair[1]),
                pair[1] == "0" || !pair[1].hasPrefix("0"), pair[1].utf8.allSatisfy({ (48...57).contains($0) })
            else { throw SyncProblem(.malformedRequest, "the directory query is after=N, N a version number") }
            return .directory(after: after)
        case SyncPath.summary:
            try expect("POST", hasQuery: false)
            return .summary
        case SyncPath.entries:
            try expect("GET", hasQuery: true)
            return .entries(try RangeRequest.parse(query: query!))
        case SyncPath.push:
            try expect("POST", hasQuery: false)
            return .push
        default:
            throw SyncProblem(.notFound, "sync protocol v1 has no path \(route)")
        }
    }

    /// Directory versions go before anything else in a session: any request but the directory's own, from a
    /// client whose directory (its `gcscp-directory` header) is older than the server's, is answered with
    /// `directory-outdated`, and the client fetches the directory first. A client ahead of the server is served;
    /// the server learns it is behind and fetches the directory from the client.
    /// - Throws: `SyncProblem` `.directoryOutdated`, or `.malformedRequest` when the header is missing.
    public func checkDirectory(clientHeader: String?, serverVersion: UInt64) throws(SyncProblem) {
        if case .directory = self { return }
        guard let clientHeader, let client = UInt64(clientHeader),
            clientHeader.utf8.allSatisfy({ (48...57).contains($0) })
        else {
            throw SyncProblem(.malformedRequest, "every sync request carries gcscp-directory: N")
        }
        guard client >= serverVersion else {
            throw SyncProblem(
                .directoryOutdated, "the server holds directory version \(serverVersion); the client \(client)")
        }
    }
}
