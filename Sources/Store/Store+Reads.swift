import Model
import SQLite

/// What reads a node's store: a `Store` (which also writes) or a `StoreReader` (which only reads, and may run
/// beside a serving node). Both offer the same reads, implemented once over `reader`'s connections.
///
/// Each read takes the reader's scope and never touches `members.sqlite` for a public-only reader. Reads run on
/// the calling thread and block it (from async code, go through `perform`); they see every write committed
/// before they start.
public protocol StoreReading: Sendable {
    /// The pools of read-only connections the reads use.
    var reader: StoreReader { get }
}

extension Store {
    /// The most entries one range read returns.
    public static let maximumRangeCount = 10_000
}

extension StoreReading {
    private var publicReaders: ReaderPool { reader.publicReaders }
    private var membersReaders: ReaderPool? { reader.membersReaders }

    /// The replication state of every (origin, stream) the scope may see: contiguous head, head hash, gaps.
    public func syncSummary(scope: ReadScope) throws(StoreError) -> [StreamSummary] {
        var summaries = try publicReaders.read { try $0.streamSummaries(.public) }
        if scope == .members, let membersReaders {
            summaries += try membersReaders.read { try $0.streamSummaries(.members) }
        }
        return summaries
    }

    /// Up to `limit` stored entries of one origin's stream with sequences in `sequences`, in order, with their
    /// exact bytes (nil for a redacted entry). Gaps are skipped, so a reader compares sequences.
    ///
    /// The read also stops once the entries' bytes reach `byteLimit` (it always returns the first entry), so
    /// a range of large payloads stays bounded in memory.
    /// - Throws: `StoreError` `.membersNotHeld` when the scope may not read the stream or the node lacks it;
    ///   `.invalidArgument` for a limit outside 1...`maximumRangeCount`.
    public func entries(
        origin: OriginID, stream: StreamName, sequences: ClosedRange<UInt64>, limit: Int, byteLimit: Int = 8 << 20,
        scope: ReadScope
    ) throws(StoreError) -> [StoredEntry] {
        guard (1...Store.maximumRangeCount).contains(limit) else {
            throw StoreError(.invalidArgument, "a range read returns 1 to \(Store.maximumRangeCount) entries")
        }
        // TODO(#4): a redacted entry (bytes nil) cannot be sent to a peer yet: the protocol needs a hash-only
        // form of an entry, proved by its successor's previous hash, or a node syncing from scratch keeps a gap
        // wherever a tombstone redacted content.
        let pool = try readers(for: stream, scope: scope)
        return try pool.read {
            try $0.storedEntries(
                origin, stream, from: sequences.lowerBound, through: sequences.upperBound, limit: limit,
                byteLimit: byteLimit)
        }
    }

    /// The current version of a record as the scope sees it, tombstones included; nil when it holds none.
    ///
    /// A members reader reads both files and gets the higher version; at equal versions the live content
    /// beats the tombstone a visibility change left in the other stream.
    public func record(id: RecordID, scope: ReadScope) throws(StoreError) -> StoredRecord? {
        let publicRow = try publicReaders.read { try $0.recordRow(id) }
        guard scope == .members, let membersReaders else { return publicRow }
        let membersRow = try membersReaders.read { try $0.recordRow(id) }
        return Writer.visibleRow(publicRow, membersRow)
    }

    /// The number of live records per type and visibility the scope may see.
    public func recordCounts(scope: ReadScope) throws(StoreError) -> [RecordCount] {
        var counts = try publicReaders.read { try $0.liveRecordCounts() }
        if scope == .members, let membersReaders {
            // A record is live in one stream only, except for the moment between the two commits of a
            // visibility change, when it may count twice.
            counts += try membersReaders.read { try $0.liveRecordCounts() }
        }
        return counts
    }

    /// Each (origin, stream) the scope may see with its contiguous head and head hash: what this node can
    /// serve without gaps. Cheaper than `syncSummary(scope:)`.
    public func streamHeads(scope: ReadScope) throws(StoreError) -> [StreamHead] {
        func heads(_ connection: Connection, _ stream: StreamName) throws -> [StreamHead] {
            try connection.query("SELECT origin, contiguous, head_hash FROM sync_state ORDER BY origin") {
                StreamHead(
                    origin: OriginID($0.string(at: 0))!, stream: stream, contiguous: UInt64($0.int64(at: 1)),
                    headHash: $0.blob(at: 2))
            }
        }
        var result = try publicReaders.read { try heads($0, .public) }
        if scope == .members, let membersReaders {
            result += try membersReaders.read { try heads($0, .members) }
        }
        return result
    }

    /// The origins quarantined after a conflict, in the streams the scope may see.
    public func quarantines(scope: ReadScope) throws(StoreError) -> [Quarantine] {
        var result = try publicReaders.read { try $0.quarantineRows(.public) }
        if scope == .members, let membersReaders {
            result += try membersReaders.read { try $0.quarantineRows(.members) }
        }
        return result
    }

    /// The second entries kept for an origin's stream after conflicts (the first ones stay in the stream).
    public func conflictingEntries(origin: OriginID, stream: StreamName, scope: ReadScope) throws(StoreError)
        -> [StoredEntry]
    {
        let pool = try readers(for: stream, scope: scope)
        let rows = try pool.read { try $0.conflictRows(origin) }
        return rows.compactMap { sequence, bytes in
            guard let entry = try? SignedEntry.decode(bytes) else { return nil }
            return StoredEntry(
                origin: origin, stream: stream, sequence: sequence, hash: entry.hash,
                previousHash: entry.envelope.previousHash, bytes: bytes)
        }
    }

    private func readers(for stream: StreamName, scope: ReadScope) throws(StoreError) -> ReaderPool {
        guard scope.permits(stream) else {
            throw StoreError(.membersNotHeld, "this reader may not read the members stream")
        }
        guard let pool = stream == .public ? publicReaders : membersReaders else {
            throw StoreError(.membersNotHeld, "this node holds no member-only content")
        }
        return pool
    }
}

/// An (origin, stream) with its contiguous head.
public struct StreamHead: Sendable, Equatable, Hashable {
    /// The origin.
    public let origin: OriginID
    /// The stream.
    public let stream: StreamName
    /// The highest sequence held without a gap before it.
    public let contiguous: UInt64
    /// The hash of the entry at `contiguous` (zeros for 0).
    public let headHash: [UInt8]
}
