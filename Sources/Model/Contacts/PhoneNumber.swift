import Foundation

/// A telephone number in E.164 form (`+41229171234`), as the directory stores it and vCards carry it.
///
/// Accepts what people type: the international form with spaces, dashes, dots and brackets (and the British
/// "+44 (0)20" habit), `00` or North America's `011` for the +, and the national form of a state whose dialling
/// plan is known, where the trunk prefix is dropped or kept as that state's plan says.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `+` and 8 to 15 digits.
    public let e164: String

    /// The digits E.164 allows after the +: the whole number, country code included, is at most 15 digits; fewer
    /// than 8 is not a reachable number in any UN member state.
    public static let digitCount = 8...15

    /// Reads a typed number; `state` (ISO alpha-3) is where a national form is dialled from.
    ///
    /// - Throws: `FieldProblem` for `field`, with a message that says how to write the number.
    public init(_ text: String, state: String?, field: String = "phone") throws(FieldProblem) {
        let example = "like +41 22 917 12 34"
        let plan = state.flatMap(DialingPlan.of(state:))
        var typed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !typed.isEmpty else { throw FieldProblem(field: field, .missing, "Enter the phone number") }
        let allowed = Set("0123456789 -.()/+\u{00A0}")
        guard typed.allSatisfy({ allowed.contains($0) }), typed.dropFirst().allSatisfy({ $0 != "+" }) else {
            throw FieldProblem(
                field: field, .wrongFormat,
                "The phone number must contain only digits, spaces, dashes, dots and brackets, after an optional +")
        }
        typed = typed.replacingOccurrences(of: "(0)", with: "")
        var digits = typed.filter(\.isNumber)
        let international = plan?.callingCode == "1" ? "011" : "00"
        if !typed.hasPrefix("+") && digits.hasPrefix(international) {
            digits.removeFirst(international.count)
            typed = "+"
        }
        if typed.hasPrefix("+") {
            guard Self.digitCount.contains(digits.count), digits.first != "0" else {
                throw FieldProblem(
                    field: field, .outOfRange,
                    "The phone number must have 8 to 15 digits after the +, starting with the country code, \(example)")
            }
            self.e164 = "+" + digits
            return
        }
        guard let plan else {
            throw FieldProblem(
                field: field, .wrongFormat,
                "Enter the phone number in international form, starting with + and the country code, \(example)")
        }
        self.e164 = "+" + plan.callingCode + (try Self.national(digits, plan: plan, field: field))
    }

    /// The national significant number of a national form under `plan`.
    private static func national(_ digits: String, plan: DialingPlan, field: String) throws(FieldProblem) -> String {
        var national = digits
        if case .dropped(let prefix) = plan.trunk {
            let withTrunk = plan.nationalLength.map { prefix.count + $0 }
            if national.hasPrefix(prefix) && (withTrunk == nil || national.count == withTrunk) {
                national.removeFirst(prefix.count)
            } else if plan.nationalLength == nil {
                throw FieldProblem(
                    field: field, .wrongFormat,
                    "Start the phone number with \(prefix) and the area code, or write it in international form "
                        + "starting with +\(plan.callingCode)")
            }
        }
        if let length = plan.nationalLength, national.count != length {
            throw FieldProblem(
                field: field, .outOfRange,
                "The phone number must have \(length) digits with the area code, or be in international form "
                    + "starting with +\(plan.callingCode)")
        }
        guard digitCount.contains(plan.callingCode.count + national.count), national.first != "0" || plan.trunk == .none
        else {
            throw FieldProblem(
                field: field, .outOfRange,
                "The phone number is too short or too long; write it in international form starting with "
                    + "+\(plan.callingCode)")
        }
        return national
    }

    /// The `tel:` URI (RFC 3966) vCards carry.
    public var uri: String { "tel:" + e164 }

    public var description: String { e164 }

    /// Reads the stored E.164 text, checking it again.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text, state: nil) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// Stores the E.164 text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}
