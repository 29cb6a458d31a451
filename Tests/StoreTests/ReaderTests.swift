import Crypto
import Foundation
import Model
import SQLite
import Testing

@testable import Store

/// A read-only store beside a writing one: in this process, and beside a writer in another process.
@Suite struct ReaderTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    static func id(_ number: Int) -> RecordID {
        RecordID(bytes: [0x01, 0x9c] + [UInt8](repeating: 0, count: 12) + [UInt8(number >> 8), UInt8(number & 0xff)])!
    }

    @Test func readsBesideAnOpenWriterSeeCommittedWrites() throws {
        let store = try openStore(in: directory, "beside")
        _ = try store.write(type: documentType, id: Self.id(1), visibility: .public, payload: [1])
        _ = try store.write(type: documentType, id: Self.id(2), visibility: .members, payload: [2])

        let reader = try Store.openForReading(directory: directory.file("beside"), holdsMembers: true)
        #expect(try reader.record(id: Self.id(1), scope: .publicOnly)?.payload == [1])
        #expect(try reader.record(id: Self.id(2), scope: .publicOnly) == nil)
        #expect(try reader.record(id: Self.id(2), scope: .members)?.payload == [2])

        _ = try store.write(type: documentType, id: Self.id(1), visibility: .public, payload: [3])
        _ = try store.delete(id: Self.id(2))
        #expect(try reader.record(id: Self.id(1), scope: .members)?.payload == [3])
        #expect(try reader.record(id: Self.id(2), scope: .members)?.isTombstone == true)
        #expect(try reader.streamHeads(scope: .members) == store.streamHeads(scope: .members))
        #expect(try reader.syncSummary(scope: .members) == store.syncSummary(scope: .members))
        #expect(try reader.recordCounts(scope: .members) == store.recordCounts(scope: .members))
        #expect(
            try reader.entries(
                origin: OriginID("TST")!, stream: .public, sequences: 1...10, limit: 10, scope: .publicOnly
            ).map(\.sequence) == [1, 2])
        #expect(try reader.integrityCheck().map(\.problems) == [[], []])

        // The writer keeps writing while the reader is open: no lock, no second writer.
        _ = try store.write(type: documentType, id: Self.id(3), visibility: .public, payload: [4])
        #expect(try reader.record(id: Self.id(3), scope: .publicOnly)?.version == 1)
    }

    @Test func readerConnectionsRefuseWritesAndNeverCheckpoint() throws {
        let store = try openStore(in: directory, "wal")
        for number in 1...20 {
            _ = try store.write(type: documentType, id: Self.id(number), visibility: .public, payload: [7])
        }
        let path = directory.file("wal/public.sqlite")
        let before = try #require(FileManager.default.contents(atPath: path))
        let walBefore = try #require(FileManager.default.contents(atPath: path + "-wal"))
        #expect(walBefore.count > 0, "the writes are still in the WAL")

        var reader: StoreReader? = try Store.openForReading(
            directory: directory.file("wal"), holdsMembers: true, readerCount: 2)
        let error = #expect(throws: StoreError.self) {
            try reader!.publicReaders.read { try $0.run("DELETE FROM records") }
        }
        #expect(error?.underlying?.code == .readOnly)
        #expect(try reader!.recordCounts(scope: .publicOnly).map(\.count) == [20])
        reader = nil

        // Closing the reader's connections copied nothing into the database file and left the WAL as it was.
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(FileManager.default.contents(atPath: path + "-wal") == walBefore)
        #expect(try store.recordCounts(scope: .publicOnly).map(\.count) == [20])
    }

    @Test func readsAfterTheWriterClosed() throws {
        let key = try SigningKey()
        do {
            let store = try openStore(in: directory, "closed", key: key)
            _ = try store.write(type: documentType, id: Self.id(9), visibility: .members, payload: [9])
        }
        let reader = try Store.openForReading(directory: directory.file("closed"), holdsMembers: true)
        #expect(try reader.record(id: Self.id(9), scope: .members)?.payload == [9])

        // A writer may open again while the reader is open.
        let store = try openStore(in: directory, "closed", key: key)
        _ = try store.write(type: documentType, id: Self.id(9), visibility: .members, payload: [10])
        #expect(try reader.record(id: Self.id(9), scope: .members)?.payload == [10])
    }

    @Test func openingChecksTheFiles() throws {
        let missing = #expect(throws: StoreError.self) {
            _ = try Store.openForReading(directory: directory.file("nothing"), holdsMembers: false)
        }
        #expect(missing?.code == .missingFile)
        #expect(!FileManager.default.fileExists(atPath: directory.file("nothing")), "nothing is created")

        _ = try openStore(in: directory, "member")
        let notHeld = #expect(throws: StoreError.self) {
            _ = try Store.openForReading(directory: directory.file("member"), holdsMembers: false)
        }
        #expect(notHeld?.code == .invalidArgument)

        _ = try openStore(in: directory, "mirror", holdsMembers: false)
        let noMembers = #expect(throws: StoreError.self) {
            _ = try Store.openForReading(directory: directory.file("mirror"), holdsMembers: true)
        }
        #expect(noMembers?.code == .missingFile)
        #expect(noMembers?.path == directory.file("mirror/members.sqlite"))

        let garbage = directory.file("garbage")
        try FileManager.default.createDirectory(atPath: garbage, withIntermediateDirectories: true)
        #expect(
            FileManager.default.createFile(
                atPath: garbage + "/public.sqlite", contents: Data(repeating: 3, count: 4096)))
        let corrupt = #expect(throws: StoreError.self) {
            _ = try Store.openForReading(directory: garbage, holdsMembers: false)
        }
        #expect(corrupt?.code == .corruptFile)
    }

    @Test func openingChecksTheSchemaVersion() throws {
        let bare = directory.file("bare")
        try FileManager.default.createDirectory(atPath: bare, withIntermediateDirectories: true)
        do {
            let connection = try Connection(path: bare + "/public.sqlite")
            try connection.execute("CREATE TABLE unrelated(x)")
        }
        let older = #expect(throws: StoreError.self) {
            _ = try Store.openForReading(directory: bare, holdsMembers: false)
        }
        #expect(older?.code == .olderSchema)

        do { _ = try openStore(in: directory, "newer", holdsMembers: false) }
        do {
            let connection = try Connection(path: directory.file("newer/public.sqlite"))
            try connection.run(
                "INSERT INTO schema_migrations(version, applied_at) VALUES (?, 0)", Schema.latestVersion + 1)
        }
        let newer = #expect(throws: StoreError.self) {
            _ = try Store.openForReading(directory: directory.file("newer"), holdsMembers: false)
        }
        #expect(newer?.code == .newerSchema)
    }

    /// `gcscp-bench apply` writes in a child process (holding the directory lock) while this process reads.
    @Test func readsBesideAWriterInAnotherProcess() throws {
        let bench = productsFolder().appendingPathComponent("gcscp-bench")
        try #require(FileManager.default.isExecutableFile(atPath: bench.path), "build gcscp-bench first")
        let target = directory.file("child")
        let child = Process()
        child.executableURL = bench
        child.arguments = ["apply", "--entries", "24000", "--origins", "3", "--dir", target, "--progress"]
        let errors = Pipe()
        child.standardError = errors
        child.standardOutput = FileHandle.nullDevice
        try child.run()
        defer {
            if child.isRunning { kill(child.processIdentifier, SIGKILL) }
            child.waitUntilExit()
        }

        // Each 'committed N' line comes after a commit; a read started after it must see at least N entries.
        var lines = LineReader(errors.fileHandleForReading)
        var reader: StoreReader?
        var lastSeen: UInt64 = 0
        var rounds = 0
        let deadline = Date().addingTimeInterval(180)
        while let line = lines.next(), Date() < deadline, rounds < 6 {
            guard line.hasPrefix("committed "), let committed = UInt64(line.dropFirst(10)) else { continue }
            if reader == nil {
                let inUse = #expect(throws: StoreError.self) {
                    _ = try openStore(in: directory, "child/apply", holdsMembers: false)
                }
                #expect(inUse?.code == .directoryInUse)
                reader = try Store.openForReading(directory: target + "/apply", holdsMembers: false)
            }
            let seen = try reader!.streamHeads(scope: .publicOnly).map(\.contiguous).reduce(0, +)
            #expect(seen >= committed, "committed \(committed), read \(seen)")
            #expect(seen >= lastSeen)
            lastSeen = seen
            rounds += 1
        }
        #expect(rounds == 6, "the child reported \(rounds) commits")
    }
}

/// The folder of the built products, where SwiftPM also puts the test bundle.
private func productsFolder() -> URL {
    var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("gcscp-bench").path),
        folder.path != "/"
    {
        folder = folder.deletingLastPathComponent()
    }
    return folder
}

/// Reads lines from a pipe until it ends.
private struct LineReader {
    let handle: FileHandle
    var pending: [UInt8] = []

    init(_ handle: FileHandle) { self.handle = handle }

    mutating func next() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            pending += chunk
        }
    }
}
