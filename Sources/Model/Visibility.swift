/// Who may see a record. Maps onto TLP 2.0: `public` is CLEAR, `members` is GREEN or AMBER, `sealed` is
/// AMBER+STRICT or RED.
public enum Visibility: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Anyone, including anonymous visitors and regional mirrors.
    case `public` = 1
    /// Member-state nodes and the custodian.
    case members = 2
    /// Named recipient states only; the payload is encrypted to their keys.
    case sealed = 3

    /// Parses the word used in configuration, forms and the API; an empty or unknown word is nil.
    public init?(_ word: String) {
        switch word {
        case "public": self = .public
        case "members": self = .members
        case "sealed": self = .sealed
        default: return nil
        }
    }

    /// The stream that carries records of this visibility.
    public var stream: StreamName { self == .public ? .public : .members }

    public var description: String {
        switch self {
        case .public: "public"
        case .members: "members"
        case .sealed: "sealed"
        }
    }
}

/// One of the two append-only streams every origin writes.
public enum StreamName: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// Public records, replicated to every node.
    case `public` = 0
    /// Member-only and sealed records, replicated to member and custodian nodes only.
    case members = 1

    /// Parses `public` or `members`.
    public init?(_ word: String) {
        switch word {
        case "public": self = .public
        case "members": self = .members
        default: return nil
        }
    }

    public var description: String { self == .public ? "public" : "members" }
    public static func < (lhs: StreamName, rhs: StreamName) -> Bool { lhs.rawValue < rhs.rawValue }
}
