/// What is wrong with one field of a form or an imported record, in words a user can act on.
///
/// The message follows the portal's form wording (UI.md section 3): it names the thing and the fix, one message per
/// failure, and never quotes secrets. A value, not a thrown error, where a form collects several at once; it also
/// conforms to `Error` so single-field parsers can throw it.
public struct FieldProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; new kinds may be added without breaking callers.
    public struct Failure: Hashable, Sendable, CustomStringConvertible {
        /// The failure's stable name, as catalogues of translated messages key it.
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Nothing was given where a value is required.
        public static let missing = Failure("missing")
        /// A value was given but not in a form that can be read.
        public static let wrongFormat = Failure("wrong-format")
        /// A value was read but lies outside what is allowed (an end before a start, too many digits).
        public static let outOfRange = Failure("out-of-range")
        /// A value names something this node does not know (a time zone, a state).
        public static let unknown = Failure("unknown")
        /// A value is well formed but of a kind this node does not handle (an OpenPGP v6 key).
        public static let notSupported = Failure("not-supported")
        /// A value is something else than was asked for (a signature pasted where a public key belongs).
        public static let wrongKind = Failure("wrong-kind")
    }

    /// The field's name, as the form or the file spells it (`start_date`, `email`).
    public let field: String
    /// The kind of failure.
    public let failure: Failure
    /// The whole sentence shown next to the field.
    public let message: String

    /// Makes a problem for `field`.
    public init(field: String, _ failure: Failure, _ message: String) {
        self.field = field
        self.failure = failure
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
