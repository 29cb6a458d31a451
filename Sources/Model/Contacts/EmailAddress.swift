import Foundation

/// An e-mail address as a points-of-contact entry holds it, checked for the mistakes people make when typing one.
///
/// Deliberately not RFC 5322 in full (quoted local parts, comments): directory addresses are plain
/// `local@domain.tld`, and a stricter check catches more typing errors than it refuses real addresses.
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The address, with surrounding spaces removed.
    public let address: String

    /// Checks a typed address.
    ///
    /// - Throws: `FieldProblem` for `field`, one message per failure: empty, spaces inside, no @, nothing before
    ///   the @, no domain after it, a domain without a dot.
    public init(_ text: String, field: String = "email") throws(FieldProblem) {
        let address = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !address.isEmpty else { throw FieldProblem(field: field, .missing, "Enter the e-mail address") }
        guard !address.contains(where: \.isWhitespace) else {
            throw FieldProblem(field: field, .wrongFormat, "The e-mail address must not contain spaces")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count >= 2 else {
            throw FieldProblem(
                field: field, .wrongFormat, "The e-mail address must contain an @, like cert@ministry.example")
        }
        guard parts.count == 2 else {
            throw FieldProblem(field: field, .wrongFormat, "The e-mail address must contain only one @")
        }
        guard !parts[0].isEmpty else {
            throw FieldProblem(
                field: field, .wrongFormat,
                "Enter the part of the e-mail address before the @, like cert@ministry.example")
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard !parts[1].isEmpty else {
            throw FieldProblem(
                field: field, .wrongFormat,
                "Enter the domain after the @ in the e-mail address, like cert@ministry.example")
        }
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else {
            throw FieldProblem(
                field: field, .wrongFormat,
                "The domain after the @ must be a full domain with a dot, like cert@ministry.example")
        }
        self.address = address
    }

    public var description: String { address }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(address)
    }
}
