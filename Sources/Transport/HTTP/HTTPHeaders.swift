/// An ordered list of HTTP header fields whose names compare case-insensitively.
///
/// Names keep the spelling they arrived with (or were given); lookups ignore ASCII case, as
/// RFC 9110 requires. Repeated fields are kept in order, so a caller can see every value.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// One header field: its name as received and its value with surrounding whitespace removed.
    public struct Field: Sendable, Equatable {
        /// The field name as it was written.
        public var name: String
        /// The field value, without leading or trailing spaces and tabs.
        public var value: String

        /// Makes a field from a name and a value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var fields: [Field]

    /// Makes a header list from name-value pairs, in order.
    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// The number of fields, counting repeats.
    public var count: Int { fields.count }

    /// Whether there is no field at all.
    public var isEmpty: Bool { fields.isEmpty }

    /// Appends a field, keeping any earlier field of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field of this name with a single one.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes every field of this name.
    public mutating func remove(name: String) {
        fields.removeAll { asciiCaseInsensitiveEquals($0.name, name) }
    }

    /// The value of the first field of this name, or nil.
    public subscript(name: String) -> String? {
        fields.first { asciiCaseInsensitiveEquals($0.name, name) }?.value
    }

    /// Every value of this name, in order.
    public func values(for name: String) -> [String] {
        fields.lazy.filter { asciiCaseInsensitiveEquals($0.name, name) }.map(\.value)
    }

    /// The comma-separated list elements of every field of this name, trimmed and lowercased.
    ///
    /// `Connection: keep-alive, Upgrade` and two `Connection` lines give the same list.
    public func tokens(for name: String) -> [String] {
        values(for: name).flatMap { value in
            value.split(separator: ",").compactMap { element -> String? in
                let token = element.trimmingHTTPWhitespace().lowercased()
                return token.isEmpty ? nil : token
            }
        }
    }

    /// Whether any field of this name lists `token` (compared without regard to case).
    public func contains(name: String, token: String) -> Bool {
        tokens(for: name).contains(token.lowercased())
    }

    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }
}

/// Compares two strings as ASCII without regard to case; header names are ASCII tokens.
func asciiCaseInsensitiveEquals(_ left: String, _ right: String) -> Bool {
    let a = left.utf8
    let b = right.utf8
    guard a.count == b.count else { return false }
    return zip(a, b).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }
}

@inline(__always)
func asciiLowercase(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

extension StringProtocol {
    /// The string without leading and trailing spaces and horizontal tabs (HTTP's optional whitespace).
    func trimmingHTTPWhitespace() -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isWhitespace($0) }) else { return "" }
        let last = lastIndex(where: { !isWhitespace($0) })!
        return String(self[first...last])
    }
}
