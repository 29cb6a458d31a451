import Foundation
import Testing

@testable import SQLite

@Suite struct FailureTests {
    struct Abort: Error {}

    @Test func failingStatementNamesTheSQLButNotTheValues() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("errors.sqlite")
        let connection = try Connection(path: path)
        try connection.execute("CREATE TABLE secrets(id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        let insert = "INSERT INTO secrets(id, body) VALUES (?, ?)"
        try connection.run(insert, 1, "restricted-payload-one")

        let error = #expect(throws: SQLiteError.self) { try connection.run(insert, 1, "restricted-payload-two") }

        #expect(error?.code == .constraint)
        #expect(error?.extendedCode != error?.code, "the extended code says which constraint")
        #expect(error?.sql == insert)
        #expect(error?.path == path)
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains(insert))
        #expect(!text.contains("restricted-payload"), "\(text)")
    }

    @Test func syntaxErrorNamesTheStatement() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("syntax.sqlite"))
        let error = #expect(throws: SQLiteError.self) { _ = try connection.prepare("SELEC 1") }
        #expect(error?.code == .error)
        #expect(error?.sql == "SELEC 1")
        #expect(error?.message.contains("syntax error") == true)
    }

    @Test func transactionRollsBackWhenTheBodyThrows() throws {
        let directory = try TemporaryDirectory()
        let connection = try Connection(path: directory.file("tx.sqlite"))
        try connection.execute("CREATE TABLE t(x)")

        #expect(throws: Abort.self) {
            try connection.transaction {
                try connection.run("INSERT INTO t VALUES (1)")
                throw Abort()
            }
        }

        #expect(!connection.isInTransaction)
        #expect(try connection.first("SELECT count(*) FROM t") { $0.int(at: 0) } == 0)

        let kept = try connection.transaction { () -> Int in
            try connection.run("INSERT INTO t VALUES (2)")
            try? connection.transaction {
                try connection.run("INSERT INTO t VALUES (3)")
                throw Abort()
            }
            return 2
        }
        #expect(kept == 2)
        #expect(try connection.query("SELECT x FROM t") { $0.int(at: 0) } == [2], "only the inner part rolled back")
    }

    @Test func garbageFileIsNotADatabase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("garbage.sqlite")
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(garbage)))

        let connection = try Connection(path: path, flags: .readWrite)
        let error = #expect(throws: SQLiteError.self) { _ = try connection.pragma("schema_version") }

        #expect(error?.code == .notADatabase)
        #expect(error?.isCorruption == true)
        #expect(error?.description.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(garbage), "the file is left as it was")
    }

    @Test func damagedPageIsCorrupt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("damaged.sqlite")
        do {
            let connection = try Connection(path: path)
            try connection.setPragma("page_size", to: 4096)
            try connection.execute("CREATE TABLE t(x TEXT)")
            try connection.transaction {
                for index in 0..<500 { try connection.run("INSERT INTO t VALUES (?)", "row \(index)") }
            }
        }
        // Overwrite the table's second page (past the header and the schema page) with garbage.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 4096 * 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()

        let connection = try Connection(path: path, flags: .readOnly)
        let error = #expect(throws: SQLiteError.self) {
            _ = try connection.query("SELECT x FROM t") { $0.string(at: 0) }
        }

        #expect(error?.code == .corrupt)
        #expect(error?.isCorruption == true)
        #expect(error?.message.contains("malformed") == true)
    }
}
