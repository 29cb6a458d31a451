/// Answers HTTP requests. Runs on a worker pool thread, never on an event loop or the concurrency pool,
/// so it may block on SQLite or files. The same handler serves HTTP/1.1 and HTTP/2 requests.
public protocol HTTPHandler: Sendable {
    /// Returns the response to `request`. Errors become responses here: there is nothing to throw to.
    func handle(_ request: HTTPRequest) -> HTTPResponse
}

/// A handler made from a closure.
public struct HTTPHandlerFunction: HTTPHandler {
    private let body: @Sendable (HTTPRequest) -> HTTPResponse

    /// Makes a handler that calls `body` for each request.
    public init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.body = body
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        body(request)
    }
}
