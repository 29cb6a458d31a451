/// Why an HTTP/1.1 request could not be parsed, and which status the server answers with.
///
/// After any parse error the framing of the byte stream is lost, so the server sends the error's
/// status with `Connection: close` and closes the connection; nothing after the bad request is read.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What rule the request broke; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The request line was longer than the limit before its end (414).
        public static let requestLineTooLong = Code("request-line-too-long")
        /// The header section (or the trailer section) was larger than the limit (431).
        public static let headerSectionTooLarge = Code("header-section-too-large")
        /// There were more header (or trailer) fields than the limit (431).
        public static let tooManyHeaders = Code("too-many-headers")
        /// The body was larger than the limit (413).
        public static let bodyTooLarge = Code("body-too-large")
        /// Both Content-Length and Transfer-Encoding were present: a request smuggling attempt (400).
        public static let contentLengthWithTransferEncoding = Code("content-length-with-transfer-encoding")
        /// Content-Length fields disagreed with each other (400).
        public static let conflictingContentLength = Code("conflicting-content-length")
        /// A Content-Length value was not a decimal number (400).
        public static let invalidContentLength = Code("invalid-content-length")
        /// A chunk-size line was not hexadecimal, too long, or a chunk did not end in CRLF (400).
        public static let malformedChunk = Code("malformed-chunk")
        /// A transfer coding other than `chunked` was used (501).
        public static let unsupportedTransferCoding = Code("unsupported-transfer-coding")
        /// Transfer-Encoding was malformed: `chunked` repeated, or sent in an HTTP/1.0 request (400).
        public static let invalidTransferEncoding = Code("invalid-transfer-encoding")
        /// The method was not a token (400).
        public static let invalidMethod = Code("invalid-method")
        /// The version was malformed (400).
        public static let invalidVersion = Code("invalid-version")
        /// The version was well formed but not HTTP/1.x (505).
        public static let unsupportedVersion = Code("unsupported-version")
        /// The request line did not have the shape `method SP target SP version` (400).
        public static let malformedRequestLine = Code("malformed-request-line")
        /// The target was empty or held bytes that are not visible ASCII (400).
        public static let invalidTarget = Code("invalid-target")
        /// A header line had no colon, a name that is not a token, or a forbidden byte in its value (400).
        public static let malformedHeader = Code("malformed-header")
        /// A header line began with whitespace (obsolete line folding, RFC 9112 section 5.2) (400).
        public static let obsoleteLineFolding = Code("obsolete-line-folding")
        /// A line ended in a bare CR or a bare LF instead of CRLF (400).
        public static let invalidLineEnding = Code("invalid-line-ending")
        /// An HTTP/1.1 request had no Host field, or more than one (400).
        public static let invalidHost = Code("invalid-host")
    }

    /// Which rule was broken.
    public let code: Code
    /// The status the server answers with.
    public let status: HTTPStatus
    /// What was wrong, for logs; it quotes no request bytes.
    public let message: String

    /// Makes an error; the status follows from the code.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.status = HTTPParseError.status(for: code)
        self.message = message
    }

    /// Whether the server closes the connection after answering: always, since framing is lost.
    public var closesConnection: Bool { true }

    public var description: String { "\(code): \(message)" }

    private static func status(for code: Code) -> HTTPStatus {
        switch code {
        case .requestLineTooLong: .uriTooLong
        case .headerSectionTooLarge, .tooManyHeaders: .headerFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedTransferCoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        default: .badRequest
        }
    }
}
