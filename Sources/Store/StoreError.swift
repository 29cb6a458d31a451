import SQLite

/// A failure of the store: a damaged file, a database it cannot use, or a request it cannot carry out.
///
/// Messages name the file and the problem; they never quote record content.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A database file is damaged (malformed, truncated) or is not a database at all. The store leaves
        /// it untouched for an operator to restore from a backup or a peer.
        public static let corruptFile = Code("corrupt-file")
        /// Another store (in this or another process) has the node directory open.
        public static let directoryInUse = Code("directory-in-use")
        /// A database file was written by a newer version of this software.
        public static let newerSchema = Code("newer-schema")
        /// The node holds no member-only content (a regional mirror) and was asked to write or read some.
        public static let membersNotHeld = Code("members-not-held")
        /// The record does not exist.
        public static let recordNotFound = Code("record-not-found")
        /// The record belongs to another origin; only its origin may write it.
        public static let notOwner = Code("not-owner")
        /// A request's arguments are out of range (an oversize payload, a bad limit).
        public static let invalidArgument = Code("invalid-argument")
        /// The node's own stream holds entries past a gap, so it cannot append safely until the gap fills.
        public static let localStreamIncomplete = Code("local-stream-incomplete")
        /// SQLite failed for another reason (a full disk, an I/O error, a lock held too long).
        public static let database = Code("database")
        /// Signing an entry failed.
        public static let signing = Code("signing")
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and, where it helps, what to do.
    public let message: String
    /// The database file concerned, when there is one.
    public let path: String?
    /// The SQLite failure underneath, when there was one.
    public let underlying: SQLiteError?

    /// Makes an error.
    public init(_ code: Code, _ message: String, path: String? = nil, underlying: SQLiteError? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    public var description: String {
        var text = message
        if let path, !message.contains(path) { text += " (file \(path))" }
        if let underlying { text += " [\(underlying)]" }
        return text
    }

    /// Turns any error from below into a store error, naming the file when SQLite says it is damaged.
    static func wrap(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? SQLiteError else {
            return StoreError(.database, "\(error)", path: path)
        }
        if error.code == .notADatabase {
            return StoreError(
                .corruptFile, "the file \(path) is not a database (\(error.message)); it was left as it is",
                path: path, underlying: error)
        }
        if error.code == .corrupt {
            return StoreError(
                .corruptFile, "the file \(path) is corrupt (\(error.message)); it was left as it is", path: path,
                underlying: error)
        }
        return StoreError(.database, "database failure on \(path): \(error.message)", path: path, underlying: error)
    }
}
