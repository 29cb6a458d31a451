import CSQLite

/// A failed SQLite call: the result code, SQLite's own message, the statement and the database file.
///
/// The statement text is the SQL as written, with `?` or `:name` placeholders; bound values never appear in an
/// error because they may be restricted content.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// An SQLite result code; compare `error.code` (the primary code) with the constants below.
    ///
    /// New constants may be added without breaking callers, and any code SQLite returns can be represented.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The numeric result code, primary (below 256) or extended.
        public let rawValue: Int32

        /// Makes a code from SQLite's numeric value.
        public init(_ rawValue: Int32) { self.rawValue = rawValue }

        /// The primary code (the low 8 bits) of an extended code.
        public var primary: Code { Code(rawValue & 0xff) }

        /// SQLite's English name for the code, with the number.
        public var description: String {
            let text = sqlite3_errstr(rawValue).map { String(cString: $0) } ?? "unknown error"
            return "\(text) (\(rawValue))"
        }

        /// A generic SQL error or missing database.
        public static let error = Code(SQLITE_ERROR)
        /// Access permission denied.
        public static let permission = Code(SQLITE_PERM)
        /// A callback requested an abort, or a statement was rolled back.
        public static let abort = Code(SQLITE_ABORT)
        /// The database file is locked by another connection (after the busy timeout).
        public static let busy = Code(SQLITE_BUSY)
        /// A table in the database is locked.
        public static let locked = Code(SQLITE_LOCKED)
        /// SQLite could not allocate memory.
        public static let noMemory = Code(SQLITE_NOMEM)
        /// A write was attempted on a read-only database or connection.
        public static let readOnly = Code(SQLITE_READONLY)
        /// A disk I/O error occurred.
        public static let ioError = Code(SQLITE_IOERR)
        /// "database disk image is malformed": the file is a database, but its content is damaged.
        public static let corrupt = Code(SQLITE_CORRUPT)
        /// The disk is full.
        public static let full = Code(SQLITE_FULL)
        /// The database file could not be opened.
        public static let cannotOpen = Code(SQLITE_CANTOPEN)
        /// The schema changed under a prepared statement.
        public static let schema = Code(SQLITE_SCHEMA)
        /// A string or blob exceeds SQLite's size limit.
        public static let tooBig = Code(SQLITE_TOOBIG)
        /// A constraint (unique, not null, check, foreign key) was violated.
        public static let constraint = Code(SQLITE_CONSTRAINT)
        /// A value had the wrong type.
        public static let mismatch = Code(SQLITE_MISMATCH)
        /// The library was used incorrectly (a programming error).
        public static let misuse = Code(SQLITE_MISUSE)
        /// A parameter index or name is out of range.
        public static let range = Code(SQLITE_RANGE)
        /// "file is not a database": the file's header is not SQLite's (garbage, encrypted, or another format).
        public static let notADatabase = Code(SQLITE_NOTADB)
    }

    /// The primary result code (`.corrupt`, `.busy`, ...).
    public var code: Code { extendedCode.primary }
    /// The full result code, with SQLite's extended detail (for example `SQLITE_CORRUPT_INDEX`).
    public let extendedCode: Code
    /// SQLite's message (`sqlite3_errmsg`) or the wrapper's when the wrapper found the fault.
    public let message: String
    /// The SQL text of the failing statement, placeholders and all, when there was one.
    public let sql: String?
    /// The database file, when known.
    public let path: String?

    /// Makes an error; `code` may be primary or extended.
    public init(_ code: Code, _ message: String, sql: String? = nil, path: String? = nil) {
        self.extendedCode = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// Whether the file is damaged or not a database at all; such a file must be left as it is for an operator.
    public var isCorruption: Bool { code == .corrupt || code == .notADatabase }

    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if let path, !path.isEmpty { text += " (file \(path))" }
        if let sql { text += " in statement: \(sql)" }
        return text
    }
}

/// The one place where an SQLite result code becomes a Swift error.
///
/// Reads the connection's message before anything else can overwrite it.
func sqliteError(_ result: Int32, database: OpaquePointer?, sql: String?, path: String?) -> SQLiteError {
    var extended = result
    var message: String
    if let database {
        // The extended code of the last failure on this connection carries more detail than `result`.
        let last = sqlite3_extended_errcode(database)
        if last & 0xff == result & 0xff { extended = last }
        message = String(cString: sqlite3_errmsg(database))
    } else {
        message = String(cString: sqlite3_errstr(result))
    }
    if message.isEmpty { message = String(cString: sqlite3_errstr(result)) }
    return SQLiteError(SQLiteError.Code(extended), message, sql: sql, path: path)
}
