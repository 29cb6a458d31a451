import CSQLite

/// Pragmas and WAL checkpoints.
extension Connection {
    /// Reads a pragma: the first column of its first row, or `.null` when it returns none.
    ///
    /// `name` may carry a schema prefix (`main.page_count`).
    /// - Throws: `SQLiteError` `.misuse` when `name` is not a plain identifier.
    public func pragma(_ name: String) throws(SQLiteError) -> DatabaseValue {
        try checkPragmaName(name)
        return try firstValue("PRAGMA \(name)")
    }

    /// Sets a pragma (`journal_mode`, `synchronous`, `busy_timeout`, ...) and returns what it reports back,
    /// or `.null`; `journal_mode` for example returns the mode now in effect, which callers should check.
    ///
    /// - Parameter value: an integer, a real, or a keyword or text (quoted when it is not a plain word).
    /// - Throws: `SQLiteError` `.misuse` for a malformed name or a blob or NULL value.
    @discardableResult
    public func setPragma(_ name: String, to value: some Bindable) throws(SQLiteError) -> DatabaseValue {
        try checkPragmaName(name)
        let literal: String
        switch value.databaseValue {
        case .integer(let integer): literal = String(integer)
        case .real(let real): literal = String(real)
        case .text(let text) where !text.isEmpty && text.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }):
            literal = text
        case .text(let text): literal = "'" + String(text.flatMap { $0 == "'" ? ["'", "'"] : [$0] }) + "'"
        case .blob, .null:
            throw SQLiteError(.misuse, "a pragma value must be an integer, a real or text", path: path)
        }
        return try firstValue("PRAGMA \(name) = \(literal)")
    }

    /// How much a WAL checkpoint may do.
    public enum CheckpointMode: Sendable {
        /// Copy what can be copied without waiting for readers or writers.
        case passive
        /// Wait for writers, then copy everything.
        case full
        /// Like `.full`, then wait for readers so the next writer restarts the log from the beginning.
        case restart
        /// Like `.restart`, and truncate the log file to zero bytes.
        case truncate

        var rawValue: Int32 {
            switch self {
            case .passive: SQLITE_CHECKPOINT_PASSIVE
            case .full: SQLITE_CHECKPOINT_FULL
            case .restart: SQLITE_CHECKPOINT_RESTART
            case .truncate: SQLITE_CHECKPOINT_TRUNCATE
            }
        }
    }

    /// Copies pages from the write-ahead log into the database file.
    ///
    /// Only one connection per file should checkpoint (see the design notes on SQLite 3.40's WAL-reset bug).
    /// - Returns: the frames in the log and the frames copied so far; both are 0 outside WAL mode.
    /// - Throws: `SQLiteError`; `.busy` from the blocking modes when a lock could not be had in time.
    @discardableResult
    public func checkpoint(_ mode: CheckpointMode = .passive) throws(SQLiteError) -> (
        logFrames: Int, checkpointedFrames: Int
    ) {
        var logFrames: Int32 = 0
        var checkpointed: Int32 = 0
        let result = sqlite3_wal_checkpoint_v2(database.handle, nil, mode.rawValue, &logFrames, &checkpointed)
        guard result == SQLITE_OK else { throw database.error(result, sql: "wal_checkpoint") }
        return (Int(max(logFrames, 0)), Int(max(checkpointed, 0)))
    }

    private func checkPragmaName(_ name: String) throws(SQLiteError) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid =
            (1...2).contains(parts.count)
            && parts.allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            }
        guard valid else {
            throw SQLiteError(.misuse, "not a pragma name: \(name)", path: path)
        }
    }

    private func firstValue(_ sql: String) throws(SQLiteError) -> DatabaseValue {
        let statement = try prepare(sql)
        return try statement.step() ? statement.value(at: 0) : .null
    }
}
