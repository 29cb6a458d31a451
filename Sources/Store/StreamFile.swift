import Model
import SQLite

/// The writer's side of one stream file (`public.sqlite` or `members.sqlite`): the only connection that writes
/// it and the only one that checkpoints it.
///
/// Confined to the store's writer queue, like the connection it owns.
final class StreamFile {
    let stream: StreamName
    let connection: Connection
    var path: String { connection.path }
    static let zeroHash = [UInt8](repeating: 0, count: 32)
    /// The page cache of the writing connection, in KiB (SQLite grows it only as pages are used).
    static let cacheKibibytes = 65536

    /// Opens the file for writing and brings its schema up to date.
    ///
    /// Durability: WAL with `synchronous=NORMAL` survives the process being killed (SIGKILL) at any point: a
    /// commit has been written to the WAL file by the time it returns, and the kernel keeps it. Only a power loss
    /// or kernel crash can lose the last commits, because NORMAL skips the fsync of the WAL at each commit. Remote
    /// entries lost that way are fetched again from peers. Local writes are different: if the node signed and
    /// pushed an entry, lost it, and then signed another entry at the same sequence, peers would see two
    /// entries for one place and quarantine the node. So `Writer` raises this connection to `synchronous=FULL`
    /// (fsync at each commit) around local writes; see `withFullSync`.
    init(path: String, stream: StreamName) throws {
        connection = try Connection(path: path, flags: .readWriteCreate, busyTimeout: .seconds(10))
        self.stream = stream
        // Reading the schema is the first read of the file: a foreign or damaged header fails here.
        _ = try connection.pragma("schema_version")
        let mode = try connection.setPragma("journal_mode", to: "WAL")
        guard mode == .text("wal") else {
            throw StoreError(.database, "the file \(path) could not be switched to WAL mode", path: path)
        }
        try connection.setPragma("synchronous", to: "NORMAL")
        // This connection checkpoints on its own schedule (`checkpointIfDue`); SQLite must not do it on commit.
        try connection.setPragma("wal_autocheckpoint", to: 0)
        connection.countWALFrames()
        // Batches of remote entries touch thousands of index pages each (record ids are spread across the
        // index); a cache that holds them spares rereading them and writing pages out before the commit.
        try connection.setPragma("cache_size", to: -Self.cacheKibibytes)
        // Content removed by a tombstone or a retraction is overwritten on disk, not left in free pages.
        try connection.setPragma("secure_delete", to: 1)
        try connection.setPragma("foreign_keys", to: 0)
        try Schema.migrate(connection, stream: stream)
        statements = try Statements(connection)
    }

    /// The statements run per entry or per run, prepared once: looking a statement up by its SQL text in the
    /// connection's cache costs a hash of that text at every call.
    private let statements: Statements

    private struct Statements {
        let upsertRecord, insertEntry, recordOrigin, redactOlder, tombstoneAbove: Statement
        let storedLink, storedLinks, syncState, upsertSyncState, sequencesAfter, entryHash: Statement

        init(_ connection: Connection) throws {
            func prepare(_ sql: String) throws -> Statement { try connection.prepare(sql, persistent: true) }
            upsertRecord = try prepare(
                """
                INSERT INTO records(record_id, origin, type, schema_version, record_version, visibility,
                    is_tombstone, hlc, sequence, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(record_id) DO UPDATE SET
                    type = excluded.type, schema_version = excluded.schema_version,
                    record_version = excluded.record_version, visibility = excluded.visibility,
                    is_tombstone = excluded.is_tombstone, hlc = excluded.hlc, sequence = excluded.sequence,
                    payload = excluded.payload
                WHERE excluded.record_version > records.record_version AND excluded.origin = records.origin
                """)
            insertEntry = try prepare(
                """
                INSERT INTO entries(origin, sequence, record_id, record_version, is_tombstone, hash, previous_hash,
                    bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            recordOrigin = try prepare("SELECT origin FROM records WHERE record_id = ?")
            redactOlder = try prepare(
                """
                UPDATE entries SET bytes = NULL
                WHERE record_id = ? AND origin = ? AND record_version < ? AND is_tombstone = 0
                    AND bytes IS NOT NULL
                """)
            tombstoneAbove = try prepare(
                """
                SELECT 1 FROM entries
                WHERE record_id = ? AND origin = ? AND is_tombstone = 1 AND record_version > ? LIMIT 1
                """)
            storedLink = try prepare("SELECT hash, previous_hash FROM entries WHERE origin = ? AND sequence = ?")
            storedLinks = try prepare(
                "SELECT sequence, hash FROM entries WHERE origin = ? AND sequence BETWEEN ? AND ?")
            syncState = try prepare("SELECT contiguous, head_hash FROM sync_state WHERE origin = ?")
            upsertSyncState = try prepare(
                """
                INSERT INTO sync_state(origin, contiguous, head_hash) VALUES (?, ?, ?)
                ON CONFLICT(origin) DO UPDATE SET contiguous = excluded.contiguous, head_hash = excluded.head_hash
                """)
            // Sequences only: the primary-key index covers them, so the scan never reads the table.
            sequencesAfter = try prepare(
                "SELECT sequence FROM entries WHERE origin = ? AND sequence > ? ORDER BY sequence LIMIT ?")
            entryHash = try prepare("SELECT hash FROM entries WHERE origin = ? AND sequence = ?")
        }
    }

    /// Runs `body` with fsync at every commit (see `init`).
    func withFullSync<T>(_ body: () throws -> T) throws -> T {
        try connection.setPragma("synchronous", to: "FULL")
        defer { _ = try? connection.setPragma("synchronous", to: "NORMAL") }
        return try body()
    }

    // MARK: Entries

    /// The hash and previous hash of the stored entry at (origin, sequence).
    func storedLink(_ origin: OriginID, _ sequence: UInt64) throws -> (hash: [UInt8], previousHash: [UInt8])? {
        try statements.storedLink.firstRow(origin.code, Int64(sequence)) { ($0.blob(at: 0), $0.blob(at: 1)) }
    }

    /// The hashes of the stored entries of an origin in a range of sequences, by sequence.
    func storedLinks(_ origin: OriginID, _ sequences: ClosedRange<UInt64>) throws -> [UInt64: [UInt8]] {
        let statement = statements.storedLinks
        defer { statement.reset() }
        try statement.bind(origin.code, at: 1)
        try statement.bind(Int64(sequences.lowerBound), at: 2)
        try statement.bind(Int64(sequences.upperBound), at: 3)
        var hashes: [UInt64: [UInt8]] = [:]
        while try statement.step() {
            hashes[UInt64(statement.int64(at: 0))] = statement.blob(at: 1)
        }
        return hashes
    }

    /// What storing an entry did.
    struct Stored {
        /// Whether the record table changed (a new record or a higher version).
        let recordChanged: Bool
        /// Whether the record id belongs to another origin, so the entry stayed out of the record table.
        let isForeign: Bool
    }

    /// Stores an authentic entry and merges it into the record table, unless the record id belongs to another
    /// origin (only a record's origin writes it; the entry still joins its stream, whose chain needs it).
    ///
    /// An entry with content older than a stored tombstone of its record is stored redacted; a tombstone
    /// redacts the older content entries of its record (tombstones themselves carry no content and stay).
    /// Either order of arrival leaves the same rows.
    ///
    /// The common case (a new record or a newer version) costs two statements: the upsert, and the insert.
    func store(_ entry: SignedEntry, hash: [UInt8]) throws -> Stored {
        let envelope = entry.envelope
        let id = envelope.recordID.bytes
        let origin = envelope.origin.code
        let version = Int64(envelope.recordVersion)
        try statements.upsertRecord.run(
            id, origin, envelope.recordType.name, Int(envelope.recordType.version), version,
            Int(envelope.visibility.rawValue), envelope.isTombstone, Int64(bitPattern: envelope.clock.rawValue),
            Int64(envelope.sequence), envelope.payload)
        let changed = connection.changes > 0
        // A row left unchanged is either newer or another origin's: only then is the owner worth a look.
        let isForeign = try !changed && statements.recordOrigin.firstRow(id) { $0.string(at: 0) } != origin

        var redacted = false
        if envelope.isTombstone {
            try statements.redactOlder.run(id, origin, version)
        } else if !changed {
            // A version that merged as the newest has no tombstone above it; an older one may have.
            redacted = try statements.tombstoneAbove.firstRow(id, origin, version) { _ in true } ?? false
        }
        try statements.insertEntry.run(
            origin, Int64(envelope.sequence), id, version, envelope.isTombstone, hash, envelope.previousHash,
            redacted ? nil : entry.bytes)
        return Stored(recordChanged: changed, isForeign: isForeign)
    }

    // MARK: Sync state

    /// The contiguous head of an origin's stream in this file, and the head entry's hash.
    func syncState(_ origin: OriginID) throws -> (contiguous: UInt64, headHash: [UInt8]) {
        try statements.syncState.firstRow(origin.code) { (UInt64($0.int64(at: 0)), $0.blob(at: 1)) }
            ?? (0, Self.zeroHash)
    }

    /// Moves an origin's contiguous head past every entry now held without a gap.
    ///
    /// Walks the primary-key index only (sequences, a page at a time) and reads one hash, the new head's.
    func advanceSyncState(_ origin: OriginID) throws {
        let held = try statements.syncState.firstRow(origin.code) { (UInt64($0.int64(at: 0)), $0.blob(at: 1)) }
        let (start, startHash) = held ?? (0, Self.zeroHash)
        var contiguous = start
        let page = 4096
        let statement = statements.sequencesAfter
        while true {
            defer { statement.reset() }
            try statement.bind(origin.code, at: 1)
            try statement.bind(Int64(contiguous), at: 2)
            try statement.bind(page, at: 3)
            var advanced = 0
            while try statement.step(), UInt64(statement.int64(at: 0)) == contiguous + 1 {
                contiguous += 1
                advanced += 1
            }
            if advanced < page { break }
        }
        // The row is written even when the head stays, so that an origin held only past a gap is listed.
        guard contiguous != start || held == nil else { return }
        let headHash = try statements.entryHash.firstRow(origin.code, Int64(contiguous)) { $0.blob(at: 0) }
        try statements.upsertSyncState.run(origin.code, Int64(contiguous), headHash ?? startHash)
    }

    /// The highest sequence held for an origin (0 for none).
    func highestSequence(_ origin: OriginID) throws -> UInt64 {
        UInt64(
            try connection.first("SELECT max(sequence) FROM entries WHERE origin = ?", origin.code) {
                $0.int64(at: 0)
            } ?? 0)
    }

    // MARK: Conflicts

    /// Keeps a second, validly signed entry for a place already held, and quarantines its origin.
    func recordConflict(_ entry: SignedEntry, hash: [UInt8], now: UInt64) throws {
        let envelope = entry.envelope
        try connection.run(
            """
            INSERT INTO conflicts(origin, sequence, hash, bytes, received_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, envelope.origin.code, Int64(envelope.sequence), hash, entry.bytes, Int64(now))
        try connection.run(
            "INSERT INTO quarantine(origin, sequence, reason, since) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            envelope.origin.code, Int64(envelope.sequence),
            "two different signed entries for \(stream) sequence \(envelope.sequence)", Int64(now))
    }

    /// The origins quarantined in this file.
    func quarantinedOrigins() throws -> [String] {
        try connection.query("SELECT origin FROM quarantine") { $0.string(at: 0) }
    }

    /// Copies the WAL into the database file without waiting for anyone; the only checkpoints this file gets.
    func checkpoint() throws {
        try connection.checkpoint(.passive)
    }
}
