#if canImport(Glibc)
    import Glibc
#endif

/// A failure of a socket, the event loop, or a connection.
///
/// Messages name the operation and the address; they never carry request or response bytes.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An address could not be parsed or used.
        public static let invalidAddress = Code("invalid-address")
        /// A socket could not be made, bound or set up to listen.
        public static let socket = Code("socket")
        /// The event loop's epoll or eventfd failed.
        public static let eventLoop = Code("event-loop")
        /// Reading or writing a connection failed (the peer reset it, or it broke).
        public static let io = Code("io")
        /// Connecting to a peer failed.
        public static let connect = Code("connect")
        /// A timeout ended a connection or an operation.
        public static let timeout = Code("timeout")
        /// A TLS handshake or record failed.
        public static let tls = Code("tls")
        /// The operation needs a state the object is not in (already started, already stopped).
        public static let state = Code("state")
    }

    /// Which kind of failure.
    public let code: Code
    /// What failed, in words.
    public let message: String
    /// The `errno` value when a system call failed.
    public let systemError: Int32?

    /// Makes an error.
    public init(_ code: Code, _ message: String, systemError: Int32? = nil) {
        self.code = code
        self.message = message
        self.systemError = systemError
    }

    /// Makes an error from a failed system call and the current `errno`.
    static func system(_ code: Code, _ operation: String, errno value: Int32 = errno) -> TransportError {
        TransportError(code, "\(operation) failed: \(String(cString: strerror(value)))", systemError: value)
    }

    public var description: String { "\(code): \(message)" }
}
