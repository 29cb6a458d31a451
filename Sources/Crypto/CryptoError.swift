import COpenSSL

/// A failure inside OpenSSL or a key file, with OpenSSL's whole error queue.
///
/// The message never carries key material; it names the operation and, where there is one, the file.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let keyGeneration = Code("key-generation")
        public static let invalidKey = Code("invalid-key")
        public static let signing = Code("signing")
        public static let hashing = Code("hashing")
        public static let randomness = Code("randomness")
        public static let encoding = Code("encoding")
        public static let keyDerivation = Code("key-derivation")
        public static let certificate = Code("certificate")
        public static let tls = Code("tls")
    }

    public let code: Code
    public let message: String
    /// The lines of OpenSSL's error queue at the time of the failure, oldest first.
    public let openSSLErrors: [String]

    public init(_ code: Code, _ message: String, openSSLErrors: [String] = []) {
        self.code = code
        self.message = message
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        openSSLErrors.isEmpty ? message : "\(message) (OpenSSL: \(openSSLErrors.joined(separator: "; ")))"
    }

    /// Makes an error from a failed OpenSSL call, draining the thread's error queue into it.
    static func fromQueue(_ code: Code, _ message: String) -> CryptoError {
        CryptoError(code, message, openSSLErrors: drainOpenSSLErrorQueue())
    }
}

/// Empties OpenSSL's per-thread error queue and returns its lines, oldest first.
///
/// Every failed call leaves entries there; leaving them would misattribute them to the next failure.
func drainOpenSSLErrorQueue() -> [String] { drainOpenSSLErrors().map(\.line) }

/// Empties OpenSSL's per-thread error queue and returns each entry's packed code and text, oldest first.
func drainOpenSSLErrors() -> [(code: UInt, line: String)] {
    var entries: [(code: UInt, line: String)] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        entries.append((code, String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
    }
    return entries
}
