/// An HTTP protocol version as it appears on the wire (`HTTP/1.1`) or is negotiated (HTTP/2).
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// The major version: 1 or 2.
    public var major: Int
    /// The minor version: 0 or 1 for HTTP/1, 0 for HTTP/2.
    public var minor: Int

    /// Makes a version from its two numbers.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0: connections close after each response unless the client asks to keep them.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1: connections stay open unless either side says `Connection: close`.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    /// HTTP/2, negotiated through ALPN.
    public static let http2 = HTTPVersion(major: 2, minor: 0)

    public var description: String { "HTTP/\(major).\(minor)" }
}

/// A complete HTTP request: head, body and trailers, with what the server knows about its connection.
public struct HTTPRequest: Sendable {
    /// The method token, case-sensitive as RFC 9110 says (`GET`, `POST`, ...).
    public var method: String
    /// The request target exactly as sent: usually a path with an optional query (`/records?since=5`).
    public var target: String
    /// The protocol version the client spoke.
    public var version: HTTPVersion
    /// The header fields, in order.
    public var headers: HTTPHeaders
    /// The body, de-chunked if it arrived chunked; empty when there was none.
    public var body: [UInt8]
    /// Trailer fields sent after a chunked body; empty otherwise.
    public var trailers: HTTPHeaders
    /// Whether the connection may carry another request after this one's response.
    public var keepAlive: Bool
    /// The connection the request arrived on; set by the server, empty for a request made by hand.
    public var connection: ConnectionInfo

    /// Makes a request; the defaults describe a body-less HTTP/1.1 request on an unknown connection.
    public init(
        method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [], trailers: HTTPHeaders = HTTPHeaders(), keepAlive: Bool = true,
        connection: ConnectionInfo = ConnectionInfo()
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.trailers = trailers
        self.keepAlive = keepAlive
        self.connection = connection
    }

    /// The target without its query: `/records` for `/records?since=5`.
    public var path: Substring {
        target.firstIndex(of: "?").map { target[..<$0] } ?? target[...]
    }

    /// The query after `?`, or nil when the target has none.
    public var query: Substring? {
        target.firstIndex(of: "?").map { target[target.index(after: $0)...] }
    }
}
