import CSQLite

/// A prepared SQL statement: bind parameters, step through rows, read columns, reset, run again.
///
/// A statement belongs to the connection that prepared it and shares its thread rule: it is not `Sendable` and
/// must be used on the connection's thread only. It finalizes its `sqlite3_stmt` when released, and keeps the
/// database handle alive until then.
public final class Statement {
    let handle: OpaquePointer
    let database: DatabaseHandle
    /// The SQL text as prepared, placeholders included; errors name it.
    public let sql: String

    init(database: DatabaseHandle, sql: String, persistent: Bool) throws(SQLiteError) {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let result = sql.withCString { text in
            let result = sqlite3_prepare_v3(database.handle, text, -1, flags, &statement, &tail)
            // Text after the first statement would be silently ignored by SQLite; refuse it instead.
            if result == SQLITE_OK, let tail, !String(cString: tail).allSatisfy({ $0.isWhitespace || $0 == ";" }) {
                return SQLITE_MISUSE
            }
            return result
        }
        guard result == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            if result == SQLITE_MISUSE {
                throw SQLiteError(.misuse, "prepare takes exactly one statement", sql: sql, path: database.path)
            }
            if result == SQLITE_OK {
                throw SQLiteError(.misuse, "the SQL text holds no statement", sql: sql, path: database.path)
            }
            throw database.error(result, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: Binding

    /// Binds `value` to the parameter at `index` (1-based, as in SQLite).
    /// - Throws: `SQLiteError` `.range` when there is no such parameter.
    public func bind(_ value: some Bindable, at index: Int) throws(SQLiteError) {
        let index = Int32(clamping: index)
        let result: Int32
        switch value.databaseValue {
        case .integer(let integer):
            result = sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            result = sqlite3_bind_double(handle, index, real)
        case .text(var text):
            result = text.withUTF8 { utf8 in
                // A nil base address would bind NULL; an empty string must stay an empty string.
                guard let base = utf8.baseAddress, utf8.count > 0 else {
                    return sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
                }
                return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text64(
                        handle, index, $0, sqlite3_uint64(utf8.count), csqlite_transient(), UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            result = bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress, buffer.count > 0 else {
                    return sqlite3_bind_zeroblob(handle, index, 0)
                }
                return sqlite3_bind_blob64(handle, index, base, sqlite3_uint64(buffer.count), csqlite_transient())
            }
        case .null:
            result = sqlite3_bind_null(handle, index)
        }
        guard result == SQLITE_OK else { throw database.error(result, sql: sql) }
    }

    /// Binds `value` to the named parameter, written as in the SQL text (`:id`, `@id` or `$id`).
    /// - Throws: `SQLiteError` `.range` when the statement has no such parameter.
    public func bind(_ value: some Bindable, named name: String) throws(SQLiteError) {
        let index = sqlite3_bind_parameter_index(handle, name)
        guard index > 0 else {
            throw SQLiteError(.range, "the statement has no parameter \(name)", sql: sql, path: database.path)
        }
        try bind(value, at: Int(index))
    }

    /// Binds `values` to parameters 1, 2, ... in order.
    public func bind(_ values: [any Bindable]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            try bind(value.databaseValue, at: offset + 1)
        }
    }

    /// The number of parameters in the statement.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    // MARK: Stepping

    /// Runs the statement to its next row.
    /// - Returns: `true` when a row is ready to read, `false` when the statement is done.
    /// - Throws: `SQLiteError` on any failure, naming this statement's SQL.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let result = sqlite3_step(handle)
        switch result {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(result, sql: sql)
        }
    }

    /// Makes the statement ready to run again and clears its bindings (they become NULL).
    public func reset() {
        // sqlite3_reset repeats the last step's error, which step already reported.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `bindings`, runs the statement to completion, and resets it.
    public func execute(_ bindings: any Bindable...) throws(SQLiteError) {
        reset()
        defer { reset() }
        try bind(bindings)
        while try step() {}
    }

    /// Binds `values` to parameters 1, 2, ... in order (as many as the statement takes), runs the statement
    /// to completion, and resets it.
    ///
    /// Unlike `execute(_:)`, the values are not boxed as `any Bindable`: for statements run per row in hot loops.
    public func run<each Value: Bindable>(_ values: repeat each Value) throws(SQLiteError) {
        defer { reset() }
        try bindAll(repeat each values)
        while try step() {}
    }

    /// Binds `values` to parameters 1, 2, ... in order, maps the first row with `transform` (or returns nil when
    /// there is none), and resets the statement. Unboxed, like `run(_:)`.
    public func firstRow<each Value: Bindable, T>(
        _ values: repeat each Value, transform: (Statement) throws -> T
    ) throws -> T? {
        defer { reset() }
        try bindAll(repeat each values)
        return try step() ? transform(self) : nil
    }

    /// Binds every parameter; a count that differs from the statement's is a mistake in the caller's code.
    private func bindAll<each Value: Bindable>(_ values: repeat each Value) throws(SQLiteError) {
        var index = 0
        for value in repeat each values {
            index += 1
            try bind(value, at: index)
        }
        guard index == parameterCount else {
            throw SQLiteError(
                .misuse, "the statement takes \(parameterCount) values, not \(index)", sql: sql, path: database.path)
        }
    }

    /// Binds `bindings`, maps every row with `transform`, and resets the statement.
    ///
    /// `transform` reads the current row through the statement's column getters; it must not step or reset.
    public func query<T>(_ bindings: any Bindable..., transform: (Statement) throws -> T) throws -> [T] {
        reset()
        defer { reset() }
        try bind(bindings)
        var rows: [T] = []
        while try step() {
            rows.append(try transform(self))
        }
        return rows
    }

    /// Binds `bindings`, maps the first row with `transform` (or returns nil when there is none), and resets.
    public func first<T>(_ bindings: any Bindable..., transform: (Statement) throws -> T) throws -> T? {
        reset()
        defer { reset() }
        try bind(bindings)
        return try step() ? transform(self) : nil
    }
}
