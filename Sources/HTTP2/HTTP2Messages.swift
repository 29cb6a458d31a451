/// A complete request received by a server session: its pseudo-headers, other headers and whole body.
public struct HTTP2Request: Sendable {
    /// The stream that carried the request; pass it to `HTTP2ServerSession.respond`.
    public let streamID: Int32
    /// `:method`, such as `GET`.
    public let method: String
    /// `:path`, such as `/v1/entries?after=42`.
    public let path: String
    /// `:scheme`, normally `https`.
    public let scheme: String
    /// `:authority`, or empty when the client sent none (then look for a `host` header).
    public let authority: String
    /// The regular header fields in arrival order, names in lower case as HTTP/2 requires.
    public let headers: [(name: String, value: String)]
    /// The request body, empty when there was none.
    public let body: [UInt8]

    /// Makes a request value, for example to test a handler without a session.
    public init(
        streamID: Int32, method: String, path: String, scheme: String, authority: String,
        headers: [(name: String, value: String)], body: [UInt8]
    ) {
        self.streamID = streamID
        self.method = method
        self.path = path
        self.scheme = scheme
        self.authority = authority
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (compared without regard to case), or nil.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }
}

/// A complete response received by a client session.
public struct HTTP2Response: Sendable {
    /// The stream that carried the request this answers; the value `request` returned.
    public let streamID: Int32
    /// `:status`, such as 200.
    public let status: Int
    /// The regular header fields in arrival order, names in lower case.
    public let headers: [(name: String, value: String)]
    /// The response body, empty when there was none.
    public let body: [UInt8]

    /// Makes a response value, for example to test a caller without a session.
    public init(streamID: Int32, status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.streamID = streamID
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (compared without regard to case), or nil.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }
}

/// A client stream that closed without a complete response: reset by either side, or refused by a GOAWAY.
public struct HTTP2StreamFailure: Sendable, Equatable {
    /// The stream that `request` returned.
    public let streamID: Int32
    /// Why it closed; `refusedStream` means the server did not process it and it may be retried.
    public let errorCode: HTTP2ErrorCode

    /// Makes a failure value.
    public init(streamID: Int32, errorCode: HTTP2ErrorCode) {
        self.streamID = streamID
        self.errorCode = errorCode
    }
}

/// A GOAWAY frame as sent or received.
public struct HTTP2GoAway: Sendable, Equatable {
    /// The highest stream the sender processed or may still process; higher streams were not processed.
    public let lastStreamID: Int32
    /// Why the connection is ending; `noError` for a graceful shutdown.
    public let errorCode: HTTP2ErrorCode

    /// Makes a GOAWAY value.
    public init(lastStreamID: Int32, errorCode: HTTP2ErrorCode) {
        self.lastStreamID = lastStreamID
        self.errorCode = errorCode
    }
}
