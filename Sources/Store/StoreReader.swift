import Dispatch
import Foundation
import Model
import SQLite

/// The read side of a node's store: small pools of read-only connections to `public.sqlite` and, on nodes that
/// hold member-only content, `members.sqlite`.
///
/// A `Store` has one (`Store.reader`), sharing its pools. `Store.openForReading(directory:holdsMembers:)` opens
/// one alone, for commands that run beside a serving node (`gcscp status`, `gcscp record get`): it takes no
/// directory lock, opens no writing connection, and its connections never checkpoint, so the serving node stays
/// each file's only writer and checkpointer. It offers reads only; its connections are opened read-only, so
/// SQLite refuses any write through them as well.
///
/// Reads see every write committed before they start. Every method blocks its caller; see `StoreReading`.
public final class StoreReader: StoreReading, Sendable {
    /// The node directory.
    public let directory: String
    let publicReaders: ReaderPool
    let membersReaders: ReaderPool?

    /// Makes the pools; opens nothing yet (a connection opens on first use).
    init(directory: String, holdsMembers: Bool, readerCount: Int) {
        self.directory = directory
        publicReaders = ReaderPool(path: directory + "/public.sqlite", stream: .public, capacity: readerCount)
        membersReaders =
            holdsMembers
            ? ReaderPool(path: directory + "/members.sqlite", stream: .members, capacity: readerCount) : nil
    }

    /// This reader itself.
    public var reader: StoreReader { self }

    /// Runs `body` on a dispatch queue of the store's, off the Swift concurrency pool, and resumes the caller
    /// when it is done: the way for async code to call this reader's blocking methods.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (StoreReader) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Store.workQueue.async {
                continuation.resume(with: Result { try body(self) })
            }
        }
    }

    /// Checks that each file exists, is a whole SQLite database, and has this software's schema.
    func checkFiles() throws(StoreError) {
        for pool in [publicReaders, membersReaders].compactMap({ $0 }) {
            guard FileManager.default.fileExists(atPath: pool.path) else {
                throw StoreError(
                    .missingFile,
                    "the file \(pool.path) does not exist; a node creates it when it first opens its store",
                    path: pool.path)
            }
            try FileCheck.check(pool.path)
            try pool.read { try Schema.check($0) }
        }
    }
}

extension Store {
    /// Opens the store in `directory` for reading only, beside a node that may be serving (and writing) it.
    ///
    /// Takes no lock and opens no writing connection: the files must exist, made by a node that opened its
    /// store at least once. Checks each file's header and size, and its schema version, before the first read.
    /// A writer that finishes a visibility change later (after a crash) is seen once it has committed.
    /// - Parameters:
    ///   - holdsMembers: whether the node holds member-only content (member and custodian nodes).
    ///   - readerCount: read-only connections kept open per file.
    /// - Throws: `StoreError` `.missingFile` when a file is absent, `.corruptFile` when one is damaged or not a
    ///   database, `.newerSchema` or `.olderSchema` when its schema is not this software's, `.invalidArgument`
    ///   when a node that holds no member content has a `members.sqlite`.
    public static func openForReading(directory: String, holdsMembers: Bool, readerCount: Int = 4)
        throws(StoreError) -> StoreReader
    {
        let membersPath = directory + "/members.sqlite"
        if !holdsMembers && FileManager.default.fileExists(atPath: membersPath) {
            throw StoreError(
                .invalidArgument,
                "\(membersPath) exists, but this node is configured to hold no member-only content", path: membersPath)
        }
        let reader = StoreReader(directory: directory, holdsMembers: holdsMembers, readerCount: readerCount)
        try reader.checkFiles()
        return reader
    }
}
