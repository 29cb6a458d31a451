/// The line syntax iCalendar (RFC 5545 section 3.1) and vCard (RFC 6350 section 3.2) share: `NAME;PARAM=v:value`,
/// CRLF line ends, lines folded at 75 octets with a leading space on each continuation.
///
/// Folding cuts only between Unicode scalars, so no UTF-8 sequence is split across lines (RFC 5545 asks for this;
/// parsers unfold before decoding, but a viewer showing the raw file would show broken characters otherwise).
struct ContentLines {
    /// The octet limit of one physical line, without the CRLF.
    static let limit = 75

    private(set) var text = ""

    /// Appends one property without parameters; `value` must already be escaped for its value type.
    mutating func append(_ name: String, _ value: String) { append(name, [], value) }

    /// Appends one property; `value` must already be escaped for its value type.
    mutating func append(_ name: String, _ parameters: [(String, String)], _ value: String) {
        var line = name
        for (key, parameterValue) in parameters {
            line += ";\(key)=\(Self.parameterValue(parameterValue))"
        }
        line += ":" + value
        text += Self.fold(line)
    }

    /// Appends a property holding text, escaped.
    mutating func appendText(_ name: String, _ value: String) { append(name, [], Self.escape(value)) }

    /// Escapes a TEXT value: backslash, semicolon and comma get a backslash, line breaks become `\n`.
    static func escape(_ value: String) -> String {
        var escaped = ""
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\r": escaped += "\\n"
            case "\n" where previousWasCR: break
            case "\n": escaped += "\\n"
            default:
                // Other control characters are not allowed in TEXT (RFC 5545 section 3.3.11); drop them.
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    if scalar == "\t" { escaped.unicodeScalars.append(scalar) }
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
            previousWasCR = scalar == "\r"
        }
        return escaped
    }

    /// A parameter value: quoted when it holds `:`, `;` or `,`; double quotes cannot be written, so they go.
    static func parameterValue(_ value: String) -> String {
        let clean = value.filter { $0 != "\"" && !$0.isNewline }
        return clean.contains(where: { ":;,".contains($0) }) ? "\"\(clean)\"" : clean
    }

    /// Folds one logical line into physical lines of at most 75 octets, each ending in CRLF.
    static func fold(_ line: String) -> String {
        var output = ""
        var current = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if current + size > limit {
                output += "\r\n "
                current = 1
            }
            output.unicodeScalars.append(scalar)
            current += size
        }
        return output + "\r\n"
    }
}
