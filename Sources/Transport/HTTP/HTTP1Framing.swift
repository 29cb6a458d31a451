/// How a request's body is delimited, decided from its head alone (RFC 9112 section 6).
enum HTTP1BodyFraming: Equatable {
    case none
    case contentLength(Int)
    case chunked

    /// Decides the framing, refusing every ambiguous combination that could let two parsers disagree.
    ///
    /// - Throws: `HTTPParseError` for Content-Length together with Transfer-Encoding (smuggling),
    ///   disagreeing or malformed lengths, codings other than `chunked`, and lengths over `maxBodySize`.
    init(headers: HTTPHeaders, version: HTTPVersion, maxBodySize: Int) throws(HTTPParseError) {
        let transferEncodings = headers.values(for: "Transfer-Encoding")
        let contentLengths = headers.values(for: "Content-Length")
        if !transferEncodings.isEmpty && !contentLengths.isEmpty {
            throw HTTPParseError(
                .contentLengthWithTransferEncoding, "the request has both Content-Length and Transfer-Encoding")
        }
        if !transferEncodings.isEmpty {
            try HTTP1BodyFraming.checkTransferEncoding(headers.tokens(for: "Transfer-Encoding"), version: version)
            self = .chunked
            return
        }
        guard !contentLengths.isEmpty else {
            self = .none
            return
        }
        let length = try HTTP1BodyFraming.contentLength(contentLengths)
        guard length <= maxBodySize else {
            throw HTTPParseError(.bodyTooLarge, "the Content-Length is above the body size limit of \(maxBodySize)")
        }
        self = length == 0 ? .none : .contentLength(length)
    }

    private static func checkTransferEncoding(_ codings: [String], version: HTTPVersion) throws(HTTPParseError) {
        if version == .http1_0 {
            throw HTTPParseError(.invalidTransferEncoding, "HTTP/1.0 requests cannot use Transfer-Encoding")
        }
        if codings.contains(where: { $0 != "chunked" }) {
            throw HTTPParseError(.unsupportedTransferCoding, "only the chunked transfer coding is supported")
        }
        if codings.count != 1 {
            throw HTTPParseError(.invalidTransferEncoding, "Transfer-Encoding must name chunked exactly once")
        }
    }

    /// The one length that every Content-Length field and list element agrees on.
    private static func contentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var agreed: Int?
        for value in values {
            for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                let length = try decimalLength(element.trimmingHTTPWhitespace())
                if let agreed, agreed != length {
                    throw HTTPParseError(.conflictingContentLength, "the request has different Content-Length values")
                }
                agreed = length
            }
        }
        return agreed ?? 0
    }

    private static func decimalLength(_ text: String) throws(HTTPParseError) -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw HTTPParseError(.invalidContentLength, "a Content-Length value is not a decimal number")
        }
        var length = 0
        for byte in text.utf8 {
            let (shifted, overflow) = length.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = shifted.addingReportingOverflow(Int(byte - 0x30))
            guard !overflow, !overflowSum else {
                throw HTTPParseError(.bodyTooLarge, "a Content-Length value does not fit in a machine integer")
            }
            length = sum
        }
        return length
    }
}

/// Decides whether a connection stays open after a request: RFC 9112 section 9.3.
func requestKeepsAlive(headers: HTTPHeaders, version: HTTPVersion) -> Bool {
    let options = headers.tokens(for: "Connection")
    if options.contains("close") { return false }
    return version == .http1_0 ? options.contains("keep-alive") : true
}

/// Checks that an HTTP/1.1 request names exactly one Host (RFC 9112 section 3.2); HTTP/1.0 may omit it.
func checkHost(headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) {
    let count = headers.values(for: "Host").count
    if count > 1 || (count == 0 && version != .http1_0) {
        throw HTTPParseError(.invalidHost, "an HTTP/1.1 request must have exactly one Host field")
    }
}
