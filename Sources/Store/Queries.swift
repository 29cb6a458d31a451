import Model
import SQLite

/// The read queries of a stream file, shared by the writer (which reads its own state) and the readers.
extension Connection {
    /// The record's row in this file.
    func recordRow(_ id: RecordID) throws -> StoredRecord? {
        try first(
            """
            SELECT origin, type, schema_version, record_version, visibility, is_tombstone, hlc, payload
            FROM records WHERE record_id = ?
            """, id.bytes
        ) { row in
            // Rows are written only from decoded, checked entries, so every field parses.
            StoredRecord(
                id: id, origin: OriginID(row.string(at: 0))!,
                recordType: RecordType(name: row.string(at: 1), version: UInt16(row.int(at: 2)))!,
                version: UInt64(row.int64(at: 3)), visibility: Visibility(rawValue: UInt8(row.int(at: 4)))!,
                isTombstone: row.int(at: 5) != 0, clock: HLCTimestamp(rawValue: UInt64(bitPattern: row.int64(at: 6))),
                payload: row.blob(at: 7))
        }
    }

    /// The summary of every origin's stream in this file.
    func streamSummaries(_ stream: StreamName) throws -> [StreamSummary] {
        let states = try query("SELECT origin, contiguous, head_hash FROM sync_state ORDER BY origin") {
            ($0.string(at: 0), UInt64($0.int64(at: 1)), $0.blob(at: 2))
        }
        return try states.map { code, contiguous, headHash in
            // The held sequences above the head and the one after each; a jump is a gap.
            let gaps = try query(
                """
                SELECT sequence + 1, following - 1 FROM (
                    SELECT sequence, lead(sequence) OVER (ORDER BY sequence) AS following FROM (
                        SELECT ?2 AS sequence
                        UNION ALL SELECT sequence FROM entries WHERE origin = ?1 AND sequence > ?2))
                WHERE following > sequence + 1
                """, code, Int64(contiguous)
            ) { UInt64($0.int64(at: 0))...UInt64($0.int64(at: 1)) }
            let highest = try first("SELECT max(sequence) FROM entries WHERE origin = ?", code) {
                UInt64($0.int64(at: 0))
            }
            return StreamSummary(
                origin: OriginID(code)!, stream: stream, contiguous: contiguous, headHash: headHash,
                highest: max(highest ?? 0, contiguous), gaps: gaps)
        }
    }

    /// Up to `limit` stored entries of an origin from `sequence` on, in order (gaps skipped), stopping once
    /// their bytes reach `byteLimit`.
    func storedEntries(
        _ origin: OriginID, _ stream: StreamName, from sequence: UInt64, through last: UInt64, limit: Int,
        byteLimit: Int
    ) throws -> [StoredEntry] {
        let statement = try cachedStatement(
            """
            SELECT sequence, hash, previous_hash, bytes FROM entries
            WHERE origin = ? AND sequence >= ? AND sequence <= ? ORDER BY sequence LIMIT ?
            """)
        defer { statement.reset() }
        try statement.bind([origin.code, Int64(clamping: sequence), Int64(clamping: last), limit])
        var entries: [StoredEntry] = []
        var total = 0
        while total < byteLimit, try statement.step() {
            let bytes = statement.isNull(at: 3) ? nil : statement.blob(at: 3)
            total += bytes?.count ?? 0
            entries.append(
                StoredEntry(
                    origin: origin, stream: stream, sequence: UInt64(statement.int64(at: 0)),
                    hash: statement.blob(at: 1), previousHash: statement.blob(at: 2), bytes: bytes))
        }
        return entries
    }

    /// The number of live records per type and visibility in this file.
    func liveRecordCounts() throws -> [RecordCount] {
        try query(
            """
            SELECT type, schema_version, visibility, count(*) FROM records WHERE is_tombstone = 0
            GROUP BY type, schema_version, visibility
            """
        ) { row in
            RecordCount(
                recordType: RecordType(name: row.string(at: 0), version: UInt16(row.int(at: 1)))!,
                visibility: Visibility(rawValue: UInt8(row.int(at: 2)))!, count: row.int(at: 3))
        }
    }

    /// The quarantined origins of this file.
    func quarantineRows(_ stream: StreamName) throws -> [Quarantine] {
        try query("SELECT origin, sequence, reason, since FROM quarantine ORDER BY origin") { row in
            Quarantine(
                origin: OriginID(row.string(at: 0))!, stream: stream, sequence: UInt64(row.int64(at: 1)),
                reason: row.string(at: 2), sinceMilliseconds: UInt64(row.int64(at: 3)))
        }
    }

    /// The conflicting entries kept for an origin (the entry held in `entries` is the other side).
    func conflictRows(_ origin: OriginID) throws -> [(sequence: UInt64, bytes: [UInt8])] {
        try query("SELECT sequence, bytes FROM conflicts WHERE origin = ? ORDER BY sequence, hash", origin.code) {
            (UInt64($0.int64(at: 0)), $0.blob(at: 1))
        }
    }
}
