import CSQLite

/// Owns one `sqlite3` handle and closes it when the last user (connection or statement) is released.
///
/// `sqlite3_close_v2` lets statements that outlive their connection object finish first.
final class DatabaseHandle {
    let handle: OpaquePointer
    let path: String
    /// Frames in the WAL after the last commit, once `Connection.countWALFrames()` installed the hook.
    var walFrames = 0

    init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ result: Int32, sql: String?) -> SQLiteError {
        sqliteError(result, database: handle, sql: sql, path: path)
    }
}

/// How a connection opens its file.
public struct OpenFlags: OptionSet, Sendable {
    public let rawValue: Int32

    /// Makes flags from SQLite's `SQLITE_OPEN_*` bits.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Read only: writes fail with `.readOnly`.
    public static let readOnly = OpenFlags(rawValue: SQLITE_OPEN_READONLY)
    /// Read and write.
    public static let readWrite = OpenFlags(rawValue: SQLITE_OPEN_READWRITE)
    /// Create the file when it does not exist (with `.readWrite`).
    public static let create = OpenFlags(rawValue: SQLITE_OPEN_CREATE)
    /// Interpret the path as a `file:` URI.
    public static let uri = OpenFlags(rawValue: SQLITE_OPEN_URI)
    /// Refuse to open the file through a symbolic link.
    public static let noFollow = OpenFlags(rawValue: SQLITE_OPEN_NOFOLLOW)
    /// Read and write, creating the file when needed.
    public static let readWriteCreate: OpenFlags = [.readWrite, .create]
}

/// A connection to one SQLite database file.
///
/// Not `Sendable`: a connection and its statements are confined to one thread (opened with
/// `SQLITE_OPEN_NOMUTEX`, so SQLite does no locking of its own). Create and use it on the thread or serial queue
/// that owns it.
///
/// Every failure is thrown as `SQLiteError` with the statement's SQL and the file's path, never bound values.
public final class Connection {
    let database: DatabaseHandle
    private var statementCache: [String: Statement] = [:]
    private var savepointDepth = 0

    /// The database file's path as given when opening.
    public var path: String { database.path }

    /// Opens (or with `.create`, creates) the database at `path`.
    ///
    /// Opening reads nothing yet: a file that is corrupt or not a database fails on its first statement.
    /// - Parameters:
    ///   - busyTimeout: how long a statement waits for another connection's lock before failing with `.busy`.
    /// - Throws: `SQLiteError` (`.cannotOpen` when the file is missing or unreadable).
    public init(path: String, flags: OpenFlags = .readWriteCreate, busyTimeout: Duration = .seconds(5))
        throws(SQLiteError)
    {
        var handle: OpaquePointer?
        let allFlags = flags.rawValue | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let result = sqlite3_open_v2(path, &handle, allFlags, nil)
        guard result == SQLITE_OK, let handle else {
            // Even a failed open allocates a handle (for its message); it must be closed.
            let error = sqliteError(result, database: handle, sql: nil, path: path)
            sqlite3_close_v2(handle)
            throw error
        }
        self.database = DatabaseHandle(handle: handle, path: path)
        let (seconds, attoseconds) = busyTimeout.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        sqlite3_busy_timeout(handle, milliseconds)
    }

    // MARK: Running SQL

    /// Runs a script of one or more statements without parameters (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        let result = sqlite3_exec(database.handle, sql, nil, nil, nil)
        guard result == SQLITE_OK else { throw database.error(result, sql: sql) }
    }

    /// Prepares one statement; the caller owns it. Use `cachedStatement(_:)` for statements run often, or keep
    /// the statement and pass `persistent: true` (SQLite then allocates it for a long life).
    public func prepare(_ sql: String, persistent: Bool = false) throws(SQLiteError) -> Statement {
        try Statement(database: database, sql: sql, persistent: persistent)
    }

    /// Returns the prepared statement for `sql`, preparing it on first use and keeping it for the connection's
    /// life. The statement is reset (bindings cleared) before it is returned.
    ///
    /// A cached statement must not be used again while one of its own row loops is running.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(database: database, sql: sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    /// Runs one cached statement with `bindings` to completion.
    public func run(_ sql: String, _ bindings: any Bindable...) throws(SQLiteError) {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        while try statement.step() {}
    }

    /// Runs one cached statement with `bindings` and maps every row with `transform`.
    public func query<T>(_ sql: String, _ bindings: any Bindable..., transform: (Statement) throws -> T) throws
        -> [T]
    {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        var rows: [T] = []
        while try statement.step() {
            rows.append(try transform(statement))
        }
        return rows
    }

    /// Runs one cached statement with `bindings` and maps its first row, or returns nil when there is none.
    public func first<T>(_ sql: String, _ bindings: any Bindable..., transform: (Statement) throws -> T) throws
        -> T?
    {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        return try statement.step() ? transform(statement) : nil
    }

    // MARK: Transactions

    /// Runs `body` in a transaction: `BEGIN IMMEDIATE` (the write lock is taken at once, so a busy database
    /// fails here rather than halfway), `COMMIT` when `body` returns, `ROLLBACK` when it or the commit throws.
    ///
    /// Nested calls use savepoints, so an inner failure rolls back only the inner part.
    /// - Returns: what `body` returns, once the commit has succeeded.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if isInTransaction {
            return try savepoint(body)
        }
        try run("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            // SQLite may already have rolled back on its own (a full disk, for example).
            if isInTransaction { try? run("ROLLBACK") }
            throw error
        }
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "nested_\(savepointDepth)"
        try run("SAVEPOINT \(name)")
        do {
            let result = try body()
            try run("RELEASE \(name)")
            return result
        } catch {
            if isInTransaction {
                try? run("ROLLBACK TO \(name)")
                try? run("RELEASE \(name)")
            }
            throw error
        }
    }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(database.handle) == 0 }

    // MARK: State

    /// The rowid of the most recent successful insert on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(database.handle) }

    /// The rows changed by the most recent insert, update or delete.
    public var changes: Int { Int(sqlite3_changes64(database.handle)) }

    /// The rows changed since the connection opened.
    public var totalChanges: Int { Int(sqlite3_total_changes64(database.handle)) }

    /// Whether the main database is open read-only.
    public var isReadOnly: Bool { sqlite3_db_readonly(database.handle, "main") == 1 }

    /// Keeps this connection from checkpointing the WAL when it closes, so that only the connection chosen as
    /// checkpointer ever checkpoints (read connections of a file with one writer).
    public func disableCheckpointOnClose() throws(SQLiteError) {
        let result = csqlite_disable_checkpoint_on_close(database.handle)
        guard result == SQLITE_OK else { throw database.error(result, sql: nil) }
    }

    /// Starts counting the frames in the write-ahead log after each commit (`walFrameCount`), through SQLite's
    /// WAL hook. The hook replaces SQLite's automatic checkpoint, so the connection must checkpoint itself:
    /// for the one connection of a file that checkpoints on its own schedule.
    public func countWALFrames() {
        // The handle outlives every callback: SQLite calls the hook only while the handle is open.
        let context = Unmanaged.passUnretained(database).toOpaque()
        sqlite3_wal_hook(database.handle, walHook, context)
    }

    /// The frames in the write-ahead log after this connection's last commit (0 before the first), once
    /// `countWALFrames()` was called. A commit after a checkpoint that caught up restarts the log, and the count.
    public var walFrameCount: Int { database.walFrames }

    /// Finalizes every cached statement (for example before a schema change that would invalidate them).
    public func clearStatementCache() { statementCache.removeAll() }
}

/// SQLite's WAL hook: records the log's size in frames on the connection's handle after each commit.
private func walHook(
    _ context: UnsafeMutableRawPointer?, _ database: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ frames: Int32
) -> Int32 {
    guard let context else { return SQLITE_OK }
    Unmanaged<DatabaseHandle>.fromOpaque(context).takeUnretainedValue().walFrames = Int(frames)
    return SQLITE_OK
}
