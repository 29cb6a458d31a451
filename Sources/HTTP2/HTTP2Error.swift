import CNGHTTP2

/// A failure of an HTTP/2 session: the peer broke the protocol, or a call was not allowed in the session's state.
///
/// The message names what went wrong; it never carries header values or body bytes.
public struct HTTP2Error: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The peer sent bytes that break HTTP/2; the session sent GOAWAY and is finished.
        public static let protocolError = Code("protocol-error")
        /// The session has ended (GOAWAY sent or received, or a fatal error); it takes no new work.
        public static let sessionClosed = Code("session-closed")
        /// The stream named in the call is unknown, closed, or already answered.
        public static let invalidStream = Code("invalid-stream")
        /// An argument was rejected (for example a setting out of range).
        public static let invalidArgument = Code("invalid-argument")
        /// nghttp2 failed in a way this wrapper did not expect (for example out of memory).
        public static let library = Code("library")
    }

    public let code: Code
    public let message: String
    /// nghttp2's own error number (negative), when the failure came from the library.
    public let libraryCode: Int?
    /// nghttp2's text for `libraryCode` (`nghttp2_strerror`).
    public let libraryMessage: String?
    /// The error code of the GOAWAY this session sent because of the failure, if it sent one.
    public let goAwayCode: HTTP2ErrorCode?

    /// Makes an error; `libraryCode` is a negative nghttp2 error number whose text is looked up.
    public init(_ code: Code, _ message: String, libraryCode: Int? = nil, goAwayCode: HTTP2ErrorCode? = nil) {
        self.code = code
        self.message = message
        self.libraryCode = libraryCode
        self.libraryMessage = libraryCode.map { String(cString: nghttp2_strerror(Int32(truncatingIfNeeded: $0))) }
        self.goAwayCode = goAwayCode
    }

    public var description: String {
        var text = message
        if let libraryMessage, let libraryCode { text += " (nghttp2 \(libraryCode): \(libraryMessage))" }
        if let goAwayCode { text += " [GOAWAY \(goAwayCode)]" }
        return text
    }
}
