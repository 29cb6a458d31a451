import Model
import SQLite

/// The numbered migrations of a stream file. Each runs once, in its own transaction, and is recorded in
/// `schema_migrations`; a migration is never edited once released, only followed by a new one.
enum Schema {
    struct Migration: Sendable {
        let version: Int
        /// The SQL for a file of the given stream (some tables exist in one kind of file only).
        let sql: @Sendable (StreamName) -> String
    }

    static let migrations: [Migration] = [Migration(version: 1, sql: version1)]

    static var latestVersion: Int { migrations.last!.version }

    /// Brings the file up to the latest schema.
    /// - Throws: `StoreError.newerSchema` when the file is newer than this software; SQLite errors otherwise.
    static func migrate(_ connection: Connection, stream: StreamName) throws {
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
        let applied = Set(try connection.query("SELECT version FROM schema_migrations") { $0.int(at: 0) })
        if let newest = applied.max(), newest > latestVersion {
            throw StoreError(
                .newerSchema,
                "the file \(connection.path) has schema version \(newest), newer than this software's "
                    + "\(latestVersion); upgrade the software", path: connection.path)
        }
        for migration in migrations where !applied.contains(migration.version) {
            try connection.transaction {
                try connection.execute(migration.sql(stream))
                try connection.run(
                    "INSERT INTO schema_migrations(version, applied_at) VALUES (?, unixepoch())", migration.version)
            }
        }
    }

    /// Checks, without changing anything, that the file has exactly this software's schema: what a read-only
    /// store needs, since it cannot migrate.
    /// - Throws: `StoreError` `.newerSchema` or `.olderSchema`; SQLite errors when the file cannot be read.
    static func check(_ connection: Connection) throws {
        let hasTable =
            try connection.first(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
            ) { _ in true } ?? false
        let newest =
            hasTable ? try connection.first("SELECT max(version) FROM schema_migrations") { $0.int(at: 0) } ?? 0 : 0
        if newest > latestVersion {
            throw StoreError(
                .newerSchema,
                "the file \(connection.path) has schema version \(newest), newer than this software's "
                    + "\(latestVersion); upgrade the software", path: connection.path)
        }
        if newest < latestVersion {
            throw StoreError(
                .olderSchema,
                "the file \(connection.path) has schema version \(newest), older than this software's "
                    + "\(latestVersion); let the node open it once to bring it up to date", path: connection.path)
        }
    }

    /// The first schema.
    ///
    /// `entries` is a rowid table with its (origin, sequence) key as a unique index, not `WITHOUT ROWID`: an
    /// entry carries up to 1 MiB of payload, and SQLite advises `WITHOUT ROWID` only for rows well under a
    /// twentieth of a page. `bytes` becomes NULL when a later tombstone of the same record redacts the content;
    /// `hash` and `previous_hash` stay so the chain can still be checked around it. Redaction finds a record's
    /// entries through `entries_by_record`.
    // TODO(#2): entries_by_record costs an insert per entry at a place spread across the index (record ids of
    // many origins interleave), some of the pages a batch dirties; `records` could instead keep the sequences of
    // each record's content entries, which needs a migration and order-independent bookkeeping.
    private static func version1(_ stream: StreamName) -> String {
        var sql = """
            CREATE TABLE entries(
                origin TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                record_id BLOB NOT NULL,
                record_version INTEGER NOT NULL,
                is_tombstone INTEGER NOT NULL,
                hash BLOB NOT NULL,
                previous_hash BLOB NOT NULL,
                bytes BLOB,
                PRIMARY KEY(origin, sequence));
            CREATE INDEX entries_by_record ON entries(record_id, record_version);

            CREATE TABLE records(
                record_id BLOB PRIMARY KEY,
                origin TEXT NOT NULL,
                type TEXT NOT NULL,
                schema_version INTEGER NOT NULL,
                record_version INTEGER NOT NULL,
                visibility INTEGER NOT NULL,
                is_tombstone INTEGER NOT NULL,
                hlc INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                payload BLOB NOT NULL);
            CREATE INDEX records_by_type ON records(type, schema_version, visibility, is_tombstone);

            CREATE TABLE sync_state(
                origin TEXT PRIMARY KEY,
                contiguous INTEGER NOT NULL,
                head_hash BLOB NOT NULL) WITHOUT ROWID;

            CREATE TABLE conflicts(
                origin TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                hash BLOB NOT NULL,
                bytes BLOB NOT NULL,
                received_at INTEGER NOT NULL,
                PRIMARY KEY(origin, sequence, hash));

            CREATE TABLE quarantine(
                origin TEXT PRIMARY KEY,
                sequence INTEGER NOT NULL,
                reason TEXT NOT NULL,
                since INTEGER NOT NULL) WITHOUT ROWID;

            """
        switch stream {
        case .public:
            // Signing keys come from the custodian's directory, which is public.
            sql += """
                CREATE TABLE signing_keys(
                    key_id BLOB PRIMARY KEY,
                    origin TEXT NOT NULL,
                    public_key BLOB NOT NULL,
                    revoked_after_public INTEGER,
                    revoked_after_members INTEGER,
                    is_revoked INTEGER NOT NULL DEFAULT 0);
                """
        case .members:
            // Public-side entries of a visibility change, committed with the members side (see `Writer`).
            sql += """
                CREATE TABLE pending_public(
                    id INTEGER PRIMARY KEY,
                    bytes BLOB NOT NULL);
                """
        }
        return sql
    }
}
