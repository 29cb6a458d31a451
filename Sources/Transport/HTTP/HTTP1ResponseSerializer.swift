/// Turns responses into HTTP/1.1 bytes: status line, headers with framing, body.
public enum HTTP1ResponseSerializer {
    /// Fields the serializer owns; a handler's values for them are replaced.
    private static let framingFields = ["Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Date"]

    /// Serializes a response to a request.
    ///
    /// - Parameters:
    ///   - response: the handler's response; its framing fields are replaced.
    ///   - requestVersion: the request's version; an HTTP/1.0 request kept alive gets `Connection: keep-alive`.
    ///   - keepAlive: false adds `Connection: close`, and the server closes after sending.
    ///   - headRequest: true for a response to HEAD: Content-Length of the body, but no body bytes.
    ///   - date: the `Date` value, normally `HTTPDate.now()`.
    public static func serialize(
        _ response: HTTPResponse, requestVersion: HTTPVersion = .http1_1, keepAlive: Bool,
        headRequest: Bool = false, date: String
    ) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status.code) \(response.status.reason)\r\n"
        for field in response.headers
        where !framingFields.contains(where: { asciiCaseInsensitiveEquals($0, field.name) }) {
            head += "\(field.name): \(sanitized(field.value))\r\n"
        }
        head += "Date: \(date)\r\n"
        if !response.status.forbidsBody {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        if !keepAlive {
            head += "Connection: close\r\n"
        } else if requestVersion == .http1_0 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !headRequest && !response.status.forbidsBody {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }

    /// The interim response that tells a client waiting on `Expect: 100-continue` to send its body.
    public static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// A value with CR and LF replaced by spaces, so a handler's value can never split the header section.
    private static func sanitized(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == ASCII.cr || $0 == ASCII.lf }) else { return value }
        return String(value.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
