import Crypto
import Model
import SQLite

/// The single writer of a node's stream files: local writes, remote entries, keys, checkpoints.
///
/// Not thread-safe: `Store` confines it to its serial writer queue, so each file has exactly one writing and
/// checkpointing connection (Debian's SQLite 3.40 carries a WAL-reset bug that needs two of them).
final class Writer {
    let publicFile: StreamFile
    let membersFile: StreamFile?
    let origin: OriginID
    let signingKey: SigningKey
    let keyID: KeyID
    let wallClock: @Sendable () -> UInt64
    let batchSize: Int
    var clock: HybridLogicalClock
    var keys: [KeyID: TrustedKey] = [:]
    var quarantined: Set<OriginID> = []
    let checkpointFrames: Int

    init(configuration: Store.Configuration) throws {
        let publicPath = configuration.directory + "/public.sqlite"
        let membersPath = configuration.directory + "/members.sqlite"
        // Check every file before SQLite opens (and possibly creates) any of them.
        try FileCheck.check(publicPath, mayCreate: configuration.mayCreateFiles)
        if configuration.holdsMembers { try FileCheck.check(membersPath, mayCreate: configuration.mayCreateFiles) }

        do {
            publicFile = try StreamFile(path: publicPath, stream: .public)
        } catch {
            throw StoreError.wrap(error, path: publicPath)
        }
        do {
            membersFile = configuration.holdsMembers ? try StreamFile(path: membersPath, stream: .members) : nil
        } catch {
            throw StoreError.wrap(error, path: membersPath)
        }
        origin = configuration.origin
        signingKey = configuration.signingKey
        keyID = KeyID(of: configuration.signingKey.publicKey)
        wallClock = configuration.wallClock
        batchSize = configuration.batchSize
        checkpointFrames = configuration.checkpointFrames
        clock = HybridLogicalClock()

        try guarded(publicFile) { try loadKeys() }
        try trust(TrustedKey(origin: origin, key: signingKey.publicKey))
        for file in files {
            try guarded(file) {
                let codes = try file.quarantinedOrigins()
                quarantined.formUnion(codes.compactMap(OriginID.init))
                let last = try file.connection.first("SELECT max(hlc) FROM records WHERE origin = ?", origin.code) {
                    HLCTimestamp(rawValue: UInt64(bitPattern: $0.int64(at: 0)))
                }
                if let last, last > clock.last { clock = HybridLogicalClock(last: last) }
            }
        }
        try replayPendingPublicEntries()
    }

    /// The files this node holds, public first.
    var files: [StreamFile] { [publicFile] + (membersFile.map { [$0] } ?? []) }

    func file(for stream: StreamName) -> StreamFile? { stream == .public ? publicFile : membersFile }

    /// Runs `body`, turning any failure into a `StoreError` that names `file`.
    func guarded<T>(_ file: StreamFile, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StoreError.wrap(error, path: file.path)
        }
    }

    /// Runs a passive checkpoint of each file whose write-ahead log has reached `checkpointFrames` frames
    /// (pages), which bounds the log's size whatever the writes were: many small local writes or batches that
    /// touch thousands of pages. Passive never waits for readers; the log restarts from its beginning once a
    /// checkpoint has caught up and no reader holds it.
    func checkpointIfDue() throws {
        for file in files where file.connection.walFrameCount >= checkpointFrames {
            try guarded(file) { try file.checkpoint() }
        }
    }

    /// Checkpoints every file; for an orderly close.
    func checkpointAll() throws {
        for file in files { try guarded(file) { try file.checkpoint() } }
    }

    // MARK: Keys

    private func loadKeys() throws {
        let rows = try publicFile.connection.query(
            """
            SELECT origin, public_key, revoked_after_public, revoked_after_members, is_revoked FROM signing_keys
            """
        ) { row in
            (row.string(at: 0), row.blob(at: 1), row.int64(at: 2), row.int64(at: 3), row.int(at: 4) != 0)
        }
        for (code, raw, revokedPublic, revokedMembers, isRevoked) in rows {
            guard let origin = OriginID(code), let key = try? VerifyingKey(rawRepresentation: raw) else { continue }
            let watermarks: [StreamName: UInt64]? =
                isRevoked ? [.public: UInt64(revokedPublic), .members: UInt64(revokedMembers)] : nil
            let trusted = TrustedKey(origin: origin, key: key, revokedAfter: watermarks)
            keys[KeyID(of: key)] = trusted
        }
    }

    /// Stores a signing key the directory lists (or its revocation), replacing what was held for that key.
    func trust(_ trusted: TrustedKey) throws {
        let id = KeyID(of: trusted.key)
        try guarded(publicFile) {
            try publicFile.connection.run(
                """
                INSERT INTO signing_keys(key_id, origin, public_key, revoked_after_public, revoked_after_members,
                    is_revoked) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(key_id) DO UPDATE SET origin = excluded.origin, public_key = excluded.public_key,
                    revoked_after_public = excluded.revoked_after_public,
                    revoked_after_members = excluded.revoked_after_members, is_revoked = excluded.is_revoked
                """, id.bytes, trusted.origin.code, trusted.key.rawRepresentation,
                trusted.revokedAfter.map { Int64(clamping: $0[.public] ?? 0) },
                trusted.revokedAfter.map { Int64(clamping: $0[.members] ?? 0) }, trusted.revokedAfter != nil)
        }
        keys[id] = trusted
    }
}
