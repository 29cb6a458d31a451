import Foundation
import Model
import SQLite

/// A small pool of read-only connections to one stream file.
///
/// Readers never checkpoint: `wal_autocheckpoint=0` (they never commit, but the rule should not depend on
/// that) and no checkpoint when they close, so the writer stays the file's only checkpointer.
// @unchecked Sendable: `idle` is only touched under `lock`, and a borrowed connection is used by one thread
// until it is given back.
final class ReaderPool: @unchecked Sendable {
    let path: String
    let stream: StreamName
    private let capacity: Int
    private let lock = NSLock()
    private var idle: [Connection] = []

    init(path: String, stream: StreamName, capacity: Int) {
        self.path = path
        self.stream = stream
        self.capacity = max(capacity, 1)
    }

    /// Runs `body` with a connection of the pool, opening one when none is idle.
    /// - Throws: `StoreError`, naming the file, for any failure of `body` or of opening.
    func read<T>(_ body: (Connection) throws -> T) throws(StoreError) -> T {
        do {
            let connection = try borrow()
            defer { giveBack(connection) }
            return try body(connection)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    private func borrow() throws -> Connection {
        lock.lock()
        let reused = idle.popLast()
        lock.unlock()
        if let reused { return reused }
        let connection = try Connection(path: path, flags: .readOnly, busyTimeout: .seconds(5))
        try connection.disableCheckpointOnClose()
        try connection.setPragma("wal_autocheckpoint", to: 0)
        return connection
    }

    private func giveBack(_ connection: Connection) {
        lock.lock()
        defer { lock.unlock() }
        // A connection beyond the pool's size is closed when it goes out of scope here.
        if idle.count < capacity { idle.append(connection) }
    }
}
