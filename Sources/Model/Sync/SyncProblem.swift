import Foundation

/// A breach of sync protocol v1, answered with an HTTP status and a `application/problem+json` body (RFC 9457)
/// naming the code. Each limit and rule has its own code, so a peer's log says exactly what it did wrong.
public struct SyncProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of breach; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name, as the problem body and `Protocol/sync.md` spell it.
        public let rawValue: String
        /// The HTTP status a server answers with.
        public let status: Int
        public init(_ rawValue: String, status: Int = 400) {
            self.rawValue = rawValue
            self.status = status
        }
        public var description: String { rawValue }

        /// The path, method or query is not one of sync protocol v1's.
        public static let malformedRequest = Code("malformed-request")
        /// No such path in sync protocol v1.
        public static let notFound = Code("not-found", status: 404)
        /// The body is larger than the message allows.
        public static let bodyTooLarge = Code("body-too-large", status: 413)
        /// A summary's bytes break a rule of its layout.
        public static let malformedSummary = Code("malformed-summary")
        /// A summary names more (origin, stream) rows than allowed.
        public static let tooManyStreams = Code("too-many-streams")
        /// A summary row lists more gaps than allowed.
        public static let tooManyGaps = Code("too-many-gaps")
        /// A range request's limit is outside 1...2000.
        public static let limitOutOfRange = Code("limit-out-of-range")
        /// A range request starts past the server's contiguous head for that stream.
        public static let rangeBeyondHead = Code("range-beyond-head")
        /// A range response's bytes break a rule of its layout (or hold another stream's entries).
        public static let malformedRange = Code("malformed-range")
        /// A range response carries more entries or bytes than allowed.
        public static let rangeTooLarge = Code("range-too-large")
        /// A push's bytes break a rule of its layout.
        public static let malformedPush = Code("malformed-push")
        /// A push carries more entries than allowed.
        public static let pushTooLarge = Code("push-too-large")
        /// A directory bundle's bytes break a rule of its layout or its limits.
        public static let malformedDirectory = Code("malformed-directory")
        /// The peer's class may not see this stream, or may not push it.
        public static let notEntitled = Code("not-entitled", status: 403)
        /// The peer's TLS key is not in the current directory, or its node is revoked.
        public static let unknownPeer = Code("unknown-peer", status: 403)
        /// The client's directory is older than the server's: fetch the directory first, then retry.
        public static let directoryOutdated = Code("directory-outdated", status: 409)
    }

    /// The kind of breach.
    public let code: Code
    /// What was wrong, in a sentence; never content of a record.
    public let detail: String

    /// Makes a problem.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The media type of the body.
    public static let mediaType = "application/problem+json"

    /// The body, as canonical JSON: keys sorted, no insignificant whitespace, the status an integer.
    public var json: [UInt8] {
        let fields = [
            "\"code\":\(Self.quoted(code.rawValue))", "\"detail\":\(Self.quoted(detail))", "\"status\":\(code.status)",
            "\"title\":\(Self.quoted(String(code.rawValue.map { $0 == "-" ? " " : $0 })))",
            "\"type\":\(Self.quoted("urn:gcscp:problem:" + code.rawValue))",
        ]
        return Array(("{" + fields.joined(separator: ",") + "}").utf8)
    }

    /// Reads a problem body a peer sent; nil when it is not one (the caller then reports the bare status).
    public init?(json bytes: [UInt8]) {
        guard bytes.count <= 4096,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let code = object["code"] as? String, let status = object["status"] as? Int,
            let detail = object["detail"] as? String, (400...599).contains(status)
        else { return nil }
        self.init(Code(code, status: status), detail)
    }

    public var description: String { "\(code) (\(code.status)): \(detail)" }

    /// A JSON string: quotes, backslashes and control characters escaped.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
