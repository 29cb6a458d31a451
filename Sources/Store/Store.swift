import Crypto
import Dispatch
import Foundation
import Model

/// A node's record store: `public.sqlite` and, on nodes that hold member-only content, `members.sqlite` in
/// the node directory. Each file holds one stream of every origin: its entries exactly as received, the current
/// version of each record, sync state, conflicts and quarantines.
///
/// One writer owns both files: a serial dispatch queue (never the Swift concurrency pool) with the only
/// connection that writes or checkpoints each file. Reads (`StoreReading`) use small pools of read-only
/// connections and run on the calling thread. A second process that only reads, beside a serving node, opens
/// `Store.openForReading(directory:holdsMembers:)` instead, which takes no lock.
///
/// Every method blocks its caller until the work is done (a write until it has committed: nothing is
/// acknowledged before that). Call them from a thread of your own, or through `perform(_:)` from async code.
// @unchecked Sendable: the writer and its connections are only used on `writerQueue`; the reader pools lock
// their own state; everything else is immutable.
public final class Store: StoreReading, @unchecked Sendable {
    /// What a store needs to open.
    public struct Configuration: Sendable {
        /// The node directory; created when it does not exist.
        public var directory: String
        /// The node's own origin code.
        public var origin: OriginID
        /// The node's record-signing key.
        public var signingKey: SigningKey
        /// Whether the node holds member-only content (member and custodian nodes; not regional mirrors).
        public var holdsMembers: Bool
        /// Read-only connections kept open per file.
        public var readerCount = 4
        /// The most entries one apply transaction takes, so local writes never wait long.
        public var batchSize = 2000
        /// The size in pages (4 KiB each) a file's write-ahead log may reach before the writer checkpoints it.
        /// A larger log costs disk space and replay time after a crash; a smaller one rewrites the same pages of
        /// the database file more often.
        public var checkpointFrames = 8192
        /// Whether missing or empty stream files may be created: true for a new node, false when opening a node
        /// that exists (a lost file is then refused, not silently recreated and forked).
        public var mayCreateFiles = true
        /// Wall time in milliseconds since the Unix epoch; tests may pin it.
        public var wallClock: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }

        /// Makes a configuration with the defaults above.
        public init(directory: String, origin: OriginID, signingKey: SigningKey, holdsMembers: Bool) {
            self.directory = directory
            self.origin = origin
            self.signingKey = signingKey
            self.holdsMembers = holdsMembers
        }
    }

    /// How the store was opened.
    public let configuration: Configuration
    private let writerQueue = DispatchQueue(label: "gcscp.store.writer")
    private let writer: Writer
    private let lock: DirectoryLock
    /// The store's read side, sharing its connection pools; hand it to code that must only read.
    public let reader: StoreReader
    var publicReaders: ReaderPool { reader.publicReaders }
    var membersReaders: ReaderPool? { reader.membersReaders }

    /// Opens the store in `configuration.directory`, creating files and schema as needed, and finishes any
    /// visibility change a crash interrupted.
    ///
    /// - Throws: `StoreError` `.corruptFile` naming the file when one is damaged, truncated or not a database
    ///   (the file is left untouched); `.newerSchema`; `.directoryInUse` when another store has the directory
    ///   open; `.invalidArgument` when a node that holds no member content finds a `members.sqlite`.
    public init(_ configuration: Configuration) throws(StoreError) {
        let directory = configuration.directory
        let membersPath = directory + "/members.sqlite"
        if !configuration.holdsMembers && FileManager.default.fileExists(atPath: membersPath) {
            throw StoreError(
                .invalidArgument,
                "\(membersPath) exists, but this node is configured to hold no member-only content", path: membersPath)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.database, "cannot create the node directory \(directory): \(error)", path: directory)
        }
        lock = try DirectoryLock(directory: directory)
        let result = writerQueue.sync { () -> Result<Writer, StoreError> in
            do {
                return .success(try Writer(configuration: configuration))
            } catch {
                return .failure(StoreError.wrap(error, path: directory))
            }
        }
        self.writer = try result.get()
        self.configuration = configuration
        reader = StoreReader(
            directory: directory, holdsMembers: configuration.holdsMembers, readerCount: configuration.readerCount)
    }

    /// Runs `body` on the writer queue, turning failures into `StoreError`.
    private func onWriter<T>(_ body: (Writer) throws -> T) throws(StoreError) -> T {
        let result = writerQueue.sync { () -> Result<T, StoreError> in
            do {
                return .success(try body(writer))
            } catch {
                return .failure(StoreError.wrap(error, path: configuration.directory))
            }
        }
        return try result.get()
    }

    // MARK: Local writes

    /// Writes a new version of one of this node's records and returns once it has committed.
    ///
    /// Writing the content and visibility the record already has writes nothing and consumes no sequence.
    /// Narrowing (public to members or sealed) writes a tombstone into the public stream and the new version
    /// into the members stream; widening does the reverse (see `Writer` for the crash-safe order).
    /// - Throws: `StoreError` `.notOwner` for another origin's record, `.membersNotHeld` for member-only
    ///   content on a node that holds none, `.invalidArgument` for a payload over 1 MiB.
    public func write(type: RecordType, id: RecordID, visibility: Visibility, payload: [UInt8]) throws(StoreError)
        -> WriteResult
    {
        try onWriter { try $0.write(type: type, id: id, visibility: visibility, payload: payload) }
    }

    /// Deletes one of this node's records: a tombstone in each stream where it is live. Deleting a deleted
    /// record writes nothing.
    /// - Throws: `StoreError` `.recordNotFound`, `.notOwner`.
    public func delete(id: RecordID) throws(StoreError) -> WriteResult {
        try onWriter { try $0.delete(id: id) }
    }

    // MARK: Remote entries

    /// Verifies and stores entries from peers: any origins, streams and order, duplicates and gaps allowed.
    ///
    /// Entries are checked with the model's chain verifier, anchored on the stored predecessor, with keys
    /// from `trust(_:)`; they are applied in transactions of at most `batchSize` entries. Refused entries are
    /// listed in the report with their reason; a second, different signed entry for a place already held
    /// quarantines its origin and is kept in `conflicts`.
    /// - Throws: `StoreError` only when the database fails; what is wrong with an entry is a refusal.
    public func apply(_ rawEntries: [[UInt8]]) throws(StoreError) -> ApplyReport {
        try onWriter { try $0.apply(rawEntries) }
    }

    /// Stores a signing key the directory lists, or its revocation watermark.
    public func trust(_ key: TrustedKey) throws(StoreError) {
        try onWriter { try $0.trust(key) }
    }

    /// The signing keys the store checks entries with.
    public func trustedKeys() throws(StoreError) -> [TrustedKey] {
        try onWriter { Array($0.keys.values) }
    }

    /// Copies each file's WAL into the database file now (passive: waits for nobody).
    public func checkpoint() throws(StoreError) {
        try onWriter { try $0.checkpointAll() }
    }

    // MARK: Async

    /// Runs `body` on a dispatch queue of the store's, off the Swift concurrency pool, and resumes the caller
    /// when it is done: the way for async code to call this store's blocking methods.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (Store) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.workQueue.async {
                continuation.resume(with: Result { try body(self) })
            }
        }
    }

    static let workQueue = DispatchQueue(label: "gcscp.store.work", attributes: .concurrent)
}
