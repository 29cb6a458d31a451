/// A failure the node reports to its operator: what was wrong, which file or setting, and what to do.
///
/// Messages never carry keys, passwords or restricted content.
public struct NodeError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The configuration file is missing, unreadable, or has an unknown field or a wrong type.
        public static let configuration = Code("configuration")
        /// A key file is missing, unreadable, of the wrong kind, or readable by others.
        public static let keyFile = Code("key-file")
        /// The node folder is missing, already initialised, or not a node folder.
        public static let nodeDirectory = Code("node-directory")
        /// A database file is missing, truncated or corrupt.
        public static let database = Code("database")
        /// Input given to a command (a record, a file) is not acceptable.
        public static let input = Code("input")
    }

    /// The kind of failure.
    public let code: Code
    /// The sentence shown to the operator.
    public let message: String

    /// Makes an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
