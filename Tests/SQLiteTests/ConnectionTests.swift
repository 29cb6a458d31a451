import Foundation
import Testing

@testable import SQLite

@Suite struct ConnectionTests {
    @Test func everyTypeRoundTripsByIndex() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("types.sqlite"))
        try connection.execute("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n ANY) STRICT")
        let insert = try connection.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
        let samples: [(Int64, Double, String, [UInt8])] = [
            (Int64.min, -0.5, "", []),
            (Int64.max, 1e300, "Ελληνικά, 中文, العربية, Русский", [0, 1, 2, 255]),
            (0, 0, "with\u{0}nul", Array(repeating: 7, count: 100_000)),
        ]
        for (integer, real, text, blob) in samples {
            try insert.execute(integer, real, text, blob, String?.none)
        }

        let select = "SELECT i, r, s, b, n, typeof(s), typeof(b), typeof(n) FROM t ORDER BY rowid"
        let rows = try connection.query(select) { row in
            (
                row.int64(at: 0), row.double(at: 1), row.string(at: 2), row.blob(at: 3), row.value(at: 4),
                row.string(at: 5), row.string(at: 6), row.isNull(at: 4)
            )
        }

        #expect(rows.count == samples.count)
        for (row, sample) in zip(rows, samples) {
            #expect(row.0 == sample.0)
            #expect(row.1 == sample.1)
            #expect(row.2 == sample.2)
            #expect(row.3 == sample.3)
            #expect(row.4 == .null)
            #expect(row.5 == "text", "an empty string stays text, not NULL")
            #expect(row.6 == "blob", "an empty blob stays a blob, not NULL")
            #expect(row.7)
        }
    }

    @Test func namedParametersAndValuesRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("named.sqlite"))
        try connection.execute("CREATE TABLE t(k TEXT PRIMARY KEY, v ANY) STRICT")
        let insert = try connection.prepare("INSERT INTO t(k, v) VALUES (:key, :value)")
        let values: [String: DatabaseValue] = [
            "int": .integer(-42), "real": .real(2.25), "text": .text("x'y"), "blob": .blob([9, 8]), "null": .null,
        ]
        for (key, value) in values {
            try insert.bind(key, named: ":key")
            try insert.bind(value, named: ":value")
            #expect(try insert.step() == false)
            #expect(connection.changes == 1)
            insert.reset()
        }

        let read = try connection.query("SELECT k, v FROM t") { ($0.string(at: 0), $0.value(at: 1)) }
        #expect(Dictionary(uniqueKeysWithValues: read) == values)
        #expect(throws: SQLiteError.self) { try insert.bind(1, named: ":missing") }
    }

    @Test func lastInsertRowIDAndChanges() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("rowid.sqlite"))
        try connection.execute("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2), (3);")
        #expect(connection.lastInsertRowID == 3)
        try connection.run("UPDATE t SET x = x + 1 WHERE x >= ?", 2)
        #expect(connection.changes == 2)
        let count = try connection.first("SELECT count(*) FROM t WHERE x > ?", Int64(2)) { $0.int(at: 0) }
        #expect(count == 2)
    }

    @Test func cachedStatementIsReusedAndReset() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("cache.sqlite"))
        let first = try connection.cachedStatement("SELECT ?")
        try first.bind(5, at: 1)
        let second = try connection.cachedStatement("SELECT ?")
        #expect(first === second)
        #expect(try second.step())
        #expect(second.isNull(at: 0), "a cached statement comes back with its bindings cleared")
    }

    @Test func prepareRefusesSeveralStatements() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("multi.sqlite"))
        let error = #expect(throws: SQLiteError.self) { _ = try connection.prepare("SELECT 1; SELECT 2") }
        #expect(error?.code == .misuse)
        _ = try connection.prepare("SELECT 1;  ")
    }

    @Test func readOnlyConnectionRefusesWrites() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ro.sqlite")
        let writer = try Connection(path: path)
        try writer.execute("CREATE TABLE t(x)")
        let reader = try Connection(path: path, flags: .readOnly)
        #expect(reader.isReadOnly)
        let error = #expect(throws: SQLiteError.self) { try reader.execute("INSERT INTO t VALUES (1)") }
        #expect(error?.code == .readOnly)
        #expect(error?.path == path)
    }

    @Test func missingFileWithoutCreateCannotOpen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("absent.sqlite")
        let error = #expect(throws: SQLiteError.self) { _ = try Connection(path: path, flags: .readWrite) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description.contains(path) == true)
    }

    @Test func pragmasAndCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("wal.sqlite"))
        #expect(try connection.setPragma("journal_mode", to: "WAL") == .text("wal"))
        try connection.setPragma("synchronous", to: "NORMAL")
        #expect(try connection.pragma("synchronous") == .integer(1))
        try connection.setPragma("wal_autocheckpoint", to: 0)
        try connection.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        let (logFrames, checkpointed) = try connection.checkpoint(.passive)
        #expect(logFrames > 0)
        #expect(checkpointed == logFrames)
        #expect(throws: SQLiteError.self) { try connection.pragma("x; DROP TABLE t") }
        #expect(try connection.pragma("main.page_count") != .null)
    }

    @Test func connectionWithoutCheckpointOnCloseLeavesTheLog() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("log.sqlite")
        var writer: Connection? = try Connection(path: path)
        try writer?.setPragma("journal_mode", to: "WAL")
        try writer?.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        // A read-write connection closing last would checkpoint and delete the log, but for the setting.
        var second: Connection? = try Connection(path: path, flags: .readWrite)
        try second?.disableCheckpointOnClose()
        #expect(try second?.first("SELECT count(*) FROM t") { $0.int(at: 0) } == 1)

        writer = nil  // cannot checkpoint while the second connection holds the file
        second = nil

        let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber
        #expect((log?.intValue ?? 0) > 0, "the log is still there for the next writer to checkpoint")
        let reopened = try Connection(path: path)
        #expect(try reopened.first("SELECT count(*) FROM t") { $0.int(at: 0) } == 1)
    }

    @Test func unboxedRunAndFirstRowBindInOrder() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("pack.sqlite"))
        try connection.execute("CREATE TABLE t(i INTEGER, s TEXT, b BLOB, n ANY) STRICT")
        let insert = try connection.prepare("INSERT INTO t VALUES (?, ?, ?, ?)", persistent: true)
        try insert.run(Int64(7), "seven", [UInt8]([7, 7]), Int?.none)
        try insert.run(8, "eight", [UInt8](), Int?.some(8))

        let select = try connection.prepare("SELECT s, b, n FROM t WHERE i = ?")
        #expect(
            try select.firstRow(7) { [$0.value(at: 0), $0.value(at: 1), $0.value(at: 2)] }
                == [.text("seven"), .blob([7, 7]), .null])
        #expect(try select.firstRow(Int64(8)) { $0.value(at: 2) } == .integer(8))
        #expect(try select.firstRow(9) { $0.value(at: 0) } == nil)
        let error = #expect(throws: SQLiteError.self) { try insert.run(1, "too few") }
        #expect(error?.code == .misuse)
        #expect(try connection.first("SELECT count(*) FROM t") { $0.int(at: 0) } == 2)
    }

    @Test func walFramesAreCountedAfterEachCommit() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("frames.sqlite"))
        #expect(try connection.setPragma("journal_mode", to: "WAL") == .text("wal"))
        try connection.setPragma("wal_autocheckpoint", to: 0)
        connection.countWALFrames()
        #expect(connection.walFrameCount == 0)

        try connection.execute("CREATE TABLE t(x BLOB)")
        let afterCreate = connection.walFrameCount
        #expect(afterCreate > 0)
        try connection.transaction {
            for _ in 0..<50 { try connection.run("INSERT INTO t VALUES (?)", [UInt8](repeating: 1, count: 2000)) }
        }
        let afterInserts = connection.walFrameCount
        #expect(afterInserts > afterCreate + 20, "50 rows of 2,000 bytes fill some 25 pages")
        #expect(try connection.checkpoint().logFrames == afterInserts)

        // The first commit after a checkpoint that caught up starts the log again from its beginning.
        try connection.run("INSERT INTO t VALUES (?)", [UInt8]([2]))
        #expect(connection.walFrameCount < afterInserts)
        #expect(connection.walFrameCount > 0)
    }
}
