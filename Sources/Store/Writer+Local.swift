import Crypto
import Model
import SQLite

/// Local writes: the node's own records, signed with its key and appended to its own streams.
///
/// A visibility change writes one entry into each stream. SQLite does not make one transaction across two
/// files atomic (not even ATTACHed ones in WAL mode), so the change is made crash-safe by ordering:
///
/// 1. one transaction on `members.sqlite` stores the members-side entry and, in `pending_public`, the fully
///    signed public-side entry (its sequence and previous hash are fixed now; only this writer appends);
/// 2. one transaction on `public.sqlite` stores that public-side entry;
/// 3. the pending row is deleted.
///
/// After a crash, opening the store replays every pending row before anything else writes (step 2 again
/// then step 3); storing an entry already held is a no-op. The intent lives in the members file because the
/// public-side entry of a widening carries content that was member-only until then, and member-only content
/// never enters `public.sqlite` before it is public. A member principal in between sees the members side,
/// which has the higher version.
extension Writer {
    /// Writes a new version of the node's own record, unless its content and visibility are already current.
    func write(type: RecordType, id: RecordID, visibility: Visibility, payload: [UInt8]) throws -> WriteResult {
        guard payload.count <= Envelope.maximumPayloadSize else {
            throw StoreError(.invalidArgument, "the payload is over \(Envelope.maximumPayloadSize) bytes")
        }
        guard visibility == .public || membersFile != nil else {
            throw StoreError(.membersNotHeld, "this node holds no member-only content; it writes public records only")
        }
        let (publicRow, membersRow) = try ownRows(id)
        let current = Self.visibleRow(publicRow, membersRow)
        if let current, !current.isTombstone, current.visibility == visibility, current.recordType == type,
            current.payload == payload
        {
            return WriteResult(recordVersion: current.version, entries: [])
        }

        let version = max(publicRow?.version ?? 0, membersRow?.version ?? 0) + 1
        let target = visibility.stream
        var plan = [
            Planned(stream: target, type: type, visibility: visibility, isTombstone: false, payload: payload)
        ]
        let otherRow = target == .public ? membersRow : publicRow
        if let otherRow, !otherRow.isTombstone {
            // The record leaves the other stream: a narrowing retracts it from public, a widening from members.
            plan.append(
                Planned(
                    stream: otherRow.visibility.stream, type: otherRow.recordType, visibility: otherRow.visibility,
                    isTombstone: true, payload: []))
        }
        return WriteResult(recordVersion: version, entries: try commit(plan, id: id, version: version))
    }

    /// Deletes the node's own record: a tombstone in every stream where it is live.
    func delete(id: RecordID) throws -> WriteResult {
        let (publicRow, membersRow) = try ownRows(id)
        let rows = [publicRow, membersRow].compactMap { $0 }
        guard !rows.isEmpty else { throw StoreError(.recordNotFound, "there is no record \(id)") }
        let version = rows.map(\.version).max()! + 1
        let plan = rows.filter { !$0.isTombstone }.map {
            Planned(
                stream: $0.visibility.stream, type: $0.recordType, visibility: $0.visibility, isTombstone: true,
                payload: [])
        }
        guard !plan.isEmpty else { return WriteResult(recordVersion: version - 1, entries: []) }
        return WriteResult(recordVersion: version, entries: try commit(plan, id: id, version: version))
    }

    /// Stores every public-side entry a visibility change left pending (step 2 and 3 above).
    func replayPendingPublicEntries() throws {
        guard let membersFile else { return }
        let pending = try guarded(membersFile) {
            try membersFile.connection.query("SELECT id, bytes FROM pending_public ORDER BY id") {
                ($0.int64(at: 0), $0.blob(at: 1))
            }
        }
        for (rowID, bytes) in pending {
            let entry: SignedEntry
            do {
                entry = try SignedEntry.decode(bytes)
            } catch {
                throw StoreError(
                    .corruptFile, "a pending public entry in \(membersFile.path) is unreadable: \(error)",
                    path: membersFile.path)
            }
            let hash = entry.hash
            try guarded(publicFile) {
                try publicFile.withFullSync {
                    try publicFile.connection.transaction {
                        // Stored already: the crash came after step 2. Only this writer appends to the node's
                        // own stream, so a different entry there means the files were changed behind its back.
                        if let stored = try publicFile.storedLink(origin, entry.envelope.sequence) {
                            guard stored.hash == hash else {
                                throw StoreError(
                                    .corruptFile,
                                    "the pending public entry \(entry.envelope.sequence) differs from the one "
                                        + "stored in \(publicFile.path); the node directory was changed outside "
                                        + "the store", path: publicFile.path)
                            }
                            return
                        }
                        _ = try publicFile.store(entry, hash: hash)
                        try publicFile.advanceSyncState(origin)
                    }
                }
            }
            try guarded(membersFile) {
                try membersFile.connection.run("DELETE FROM pending_public WHERE id = ?", rowID)
            }
        }
    }

    // MARK: Steps

    struct Planned {
        let stream: StreamName
        let type: RecordType
        let visibility: Visibility
        let isTombstone: Bool
        let payload: [UInt8]
    }

    private func ownRows(_ id: RecordID) throws -> (StoredRecord?, StoredRecord?) {
        let publicRow = try guarded(publicFile) { try publicFile.connection.recordRow(id) }
        let membersRow = try membersFile.flatMap { file in try guarded(file) { try file.connection.recordRow(id) } }
        for row in [publicRow, membersRow].compactMap({ $0 }) where row.origin != origin {
            throw StoreError(.notOwner, "record \(id) belongs to \(row.origin); only its origin writes it")
        }
        return (publicRow, membersRow)
    }

    /// The row a member principal sees, by the model's merge rule.
    static func visibleRow(_ publicRow: StoredRecord?, _ membersRow: StoredRecord?) -> StoredRecord? {
        let head = MergeRule.visibleHead(
            public: publicRow.map { RecordHead(version: $0.version, isTombstone: $0.isTombstone) },
            members: membersRow.map { RecordHead(version: $0.version, isTombstone: $0.isTombstone) })
        guard let head else { return nil }
        if let publicRow, publicRow.version == head.version, publicRow.isTombstone == head.isTombstone {
            return publicRow
        }
        return membersRow
    }

    /// Signs the planned entries and commits them, members side first (see the type's comment).
    private func commit(_ plan: [Planned], id: RecordID, version: UInt64) throws -> [StoredEntry] {
        var signed: [StreamName: SignedEntry] = [:]
        for item in plan {
            let file = file(for: item.stream)!
            let (contiguous, headHash) = try guarded(file) {
                guard try file.highestSequence(origin) == file.syncState(origin).contiguous else {
                    throw StoreError(
                        .localStreamIncomplete,
                        "this node's \(item.stream) stream has entries past a gap; it cannot append until peers "
                            + "fill the gap", path: file.path)
                }
                return try file.syncState(origin)
            }
            let envelope = Envelope(
                recordType: item.type, recordID: id, origin: origin, sequence: contiguous + 1, recordVersion: version,
                visibility: item.visibility, isTombstone: item.isTombstone, previousHash: headHash,
                clock: clock.tick(wallMilliseconds: wallClock()), keyID: keyID, payload: item.payload)
            do {
                signed[item.stream] = try SignedEntry.sign(envelope, with: signingKey)
            } catch {
                throw StoreError(.signing, "signing the entry failed: \(error)")
            }
        }

        if let membersEntry = signed[.members], let membersFile {
            let publicEntry = signed[.public]
            try guarded(membersFile) {
                try membersFile.withFullSync {
                    try membersFile.connection.transaction {
                        _ = try membersFile.store(membersEntry, hash: membersEntry.hash)
                        try membersFile.advanceSyncState(origin)
                        if let publicEntry {
                            try membersFile.connection.run(
                                "INSERT INTO pending_public(bytes) VALUES (?)", publicEntry.bytes)
                        }
                    }
                }
            }
            if publicEntry != nil { try replayPendingPublicEntries() }
        } else if let publicEntry = signed[.public] {
            try guarded(publicFile) {
                try publicFile.withFullSync {
                    try publicFile.connection.transaction {
                        _ = try publicFile.store(publicEntry, hash: publicEntry.hash)
                        try publicFile.advanceSyncState(origin)
                    }
                }
            }
        }
        try checkpointIfDue()
        return [StreamName.members, .public].compactMap { stream in
            signed[stream].map { entry in
                StoredEntry(
                    origin: origin, stream: stream, sequence: entry.envelope.sequence, hash: entry.hash,
                    previousHash: entry.envelope.previousHash, bytes: entry.bytes)
            }
        }
    }
}
