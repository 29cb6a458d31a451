import Foundation

/// A parsed configuration file: the small subset of TOML that node configurations use.
///
/// Sections (`[portal]`), `key = value` lines whose value is a quoted string, an integer, `true`/`false`, or a
/// list of quoted strings, and `#` comments. Anything else is an error that names the file and the line.
struct ConfigurationFile {
    /// A value as written in the file.
    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case strings([String])

        var typeName: String {
            switch self {
            case .string: "a quoted string"
            case .integer: "an integer"
            case .boolean: "true or false"
            case .strings: "a list of quoted strings"
            }
        }
    }

    /// A value and the line it stands on.
    struct Setting {
        let value: Value
        let line: Int
    }

    let path: String
    /// Settings by `section.key` (keys before any section have no prefix).
    private(set) var settings: [String: Setting] = [:]

    /// Parses `text`, read from `path` (used in messages only).
    init(text: String, path: String) throws(NodeError) {
        self.path = path
        var section = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = Self.stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else { throw problem(number, "a section header is [name]") }
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw problem(number, "expected key = value") }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw problem(number, "'\(key)' is not a setting name")
            }
            let name = section.isEmpty ? key : "\(section).\(key)"
            guard settings[name] == nil else { throw problem(number, "\(name) is set twice") }
            let value = try Self.parseValue(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
                .orThrow(problem(number, "the value of \(name) is not a quoted string, integer, boolean or list"))
            settings[name] = Setting(value: value, line: number)
        }
    }

    /// The error for line `line`.
    func problem(_ line: Int, _ message: String) -> NodeError {
        NodeError(.configuration, "\(path), line \(line): \(message)")
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        var previous: Character = " "
        for (offset, character) in line.enumerated() {
            if character == "\"" && previous != "\\" { inString.toggle() }
            if character == "#" && !inString { return String(line.prefix(offset)) }
            previous = character
        }
        return line
    }

    private static func parseValue(_ text: String) -> Value? {
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if let number = Int(text.replacingOccurrences(of: "_", with: "")), text.first != "_" { return .integer(number) }
        if let string = parseString(text) { return .string(string) }
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        if inner.isEmpty { return .strings([]) }
        var items: [String] = []
        for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty && part == inner.split(separator: ",", omittingEmptySubsequences: false).last {
                continue
            }
            guard let item = parseString(trimmed) else { return nil }
            items.append(item)
        }
        return .strings(items)
    }

    private static func parseString(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        var result = ""
        var escaping = false
        for character in text.dropFirst().dropLast() {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"", "\\": result.append(character)
                default: return nil
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                return nil
            } else {
                result.append(character)
            }
        }
        return escaping ? nil : result
    }
}

extension Optional {
    func orThrow<E: Error>(_ error: @autoclosure () -> E) throws(E) -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
