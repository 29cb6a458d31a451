// Byte-level rules of RFC 9110 and RFC 9112 that the request parser applies to a line at a time.

enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
}

/// Whether a byte may appear in a token (method, header name): RFC 9110 section 5.6.2.
@inline(__always)
func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
        UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        true
    default: false
    }
}

/// Whether a byte may appear in a field value: visible ASCII, obs-text, space or tab (no CR, LF, NUL).
@inline(__always)
func isFieldValueByte(_ byte: UInt8) -> Bool {
    byte == ASCII.tab || byte >= 0x20 && byte != 0x7F
}

/// The value of a hexadecimal digit, or nil.
@inline(__always)
func hexDigitValue(_ byte: UInt8) -> Int? {
    switch byte {
    case 0x30...0x39: Int(byte - 0x30)
    case 0x41...0x46: Int(byte - 0x41 + 10)
    case 0x61...0x66: Int(byte - 0x61 + 10)
    default: nil
    }
}

/// The parts of a request line, checked for shape and characters.
struct RequestLine {
    var method: String
    var target: String
    var version: HTTPVersion

    /// Parses `method SP request-target SP HTTP-version` (RFC 9112 section 3), single spaces only.
    init(_ line: ArraySlice<UInt8>) throws(HTTPParseError) {
        guard let firstSpace = line.firstIndex(of: ASCII.space) else {
            throw HTTPParseError(.malformedRequestLine, "the request line has no space")
        }
        guard let secondSpace = line[(firstSpace + 1)...].firstIndex(of: ASCII.space) else {
            throw HTTPParseError(.malformedRequestLine, "the request line has no version")
        }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(isTokenByte) else {
            throw HTTPParseError(.invalidMethod, "the method is not a token")
        }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPParseError(.invalidTarget, "the request target is empty or has bytes outside visible ASCII")
        }
        method = String(decoding: methodBytes, as: UTF8.self)
        target = String(decoding: targetBytes, as: UTF8.self)
        version = try RequestLine.parseVersion(versionBytes)
    }

    /// Parses `HTTP/x.y`; HTTP/1.y with y above 1 is served as HTTP/1.1 (RFC 9110 section 6.2).
    static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let digits = Array(bytes)
        guard digits.count == 8, digits.starts(with: Array("HTTP/".utf8)), digits[6] == UInt8(ascii: "."),
            let major = decimalDigit(digits[5]), let minor = decimalDigit(digits[7])
        else {
            throw HTTPParseError(.invalidVersion, "the version is not of the form HTTP/x.y")
        }
        guard major == 1 else {
            throw HTTPParseError(.unsupportedVersion, "only HTTP/1.0 and HTTP/1.1 are served on this connection")
        }
        return minor == 0 ? .http1_0 : .http1_1
    }

    private static func decimalDigit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }
}

/// Parses one `name: value` field line (RFC 9112 section 5), refusing obsolete line folding.
func parseFieldLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPHeaders.Field {
    guard let first = line.first else {
        throw HTTPParseError(.malformedHeader, "a header line is empty")
    }
    if first == ASCII.space || first == ASCII.tab {
        throw HTTPParseError(.obsoleteLineFolding, "a header line starts with whitespace (obsolete line folding)")
    }
    guard let colon = line.firstIndex(of: ASCII.colon) else {
        throw HTTPParseError(.malformedHeader, "a header line has no colon")
    }
    let name = line[..<colon]
    guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
        throw HTTPParseError(.malformedHeader, "a header name is empty or not a token")
    }
    var value = line[(colon + 1)...]
    while let byte = value.first, byte == ASCII.space || byte == ASCII.tab { value.removeFirst() }
    while let byte = value.last, byte == ASCII.space || byte == ASCII.tab { value.removeLast() }
    guard value.allSatisfy(isFieldValueByte) else {
        throw HTTPParseError(.malformedHeader, "a header value has a control character")
    }
    return HTTPHeaders.Field(
        name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
}

/// Parses a chunk-size line: hexadecimal digits, then optional extensions that are ignored.
func parseChunkSizeLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
    var size = 0
    var index = line.startIndex
    while index < line.endIndex, let digit = hexDigitValue(line[index]) {
        guard index - line.startIndex < 16 else {
            throw HTTPParseError(.malformedChunk, "a chunk size has more than 16 hexadecimal digits")
        }
        let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
        guard !overflow else {
            throw HTTPParseError(.bodyTooLarge, "a chunk size does not fit in a machine integer")
        }
        size = shifted + digit
        index += 1
    }
    guard index > line.startIndex else {
        throw HTTPParseError(.malformedChunk, "a chunk size is not hexadecimal")
    }
    var rest = line[index...]
    while let byte = rest.first, byte == ASCII.space || byte == ASCII.tab { rest.removeFirst() }
    guard rest.isEmpty || rest.first == ASCII.semicolon, rest.allSatisfy(isFieldValueByte) else {
        throw HTTPParseError(.malformedChunk, "a chunk size is followed by something other than an extension")
    }
    return size
}
