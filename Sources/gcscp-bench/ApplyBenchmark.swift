import Commands
import Crypto
import Foundation
import Model
import SQLite
import Store

/// `gcscp-bench apply`: how fast a node applies signed entries from peers, against plain inserts of the same rows.
///
/// Both runs write into a fresh store's `public.sqlite`, in the same batches of 2,000 and with the same pragmas
/// and checkpoint rhythm. The apply run decodes, proves every entry authentic (hash chain plus one signature per
/// range, `Docs/replication.md`), merges and records sync state; the raw run inserts values extracted beforehand.
enum ApplyBenchmark {
    static let command = Command(
        name: "apply",
        abstract: "Apply N signed entries from M origins to a fresh store; compare with plain inserts.",
        discussion: "The last line is: apply entries/s=A raw rows/s=R ratio=A/R verify/s=V",
        options: [
            .init(name: "--entries", valueName: "N", help: "How many entries (default 1000000)."),
            .init(name: "--origins", valueName: "M", help: "How many origins (default 200)."),
            .init(
                name: "--dir", valueName: "DIR", help: "Apply into this folder and keep it (default: temporary)."),
            .init(
                name: "--progress", valueName: nil,
                help: "Print 'committed N' on stderr after every acknowledged range."),
        ],
        run: run)

    static let rangeSize = 2_000

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let entryCount = try positiveNumber(arguments, "--entries", default: 1_000_000)
        let originCount = try positiveNumber(arguments, "--origins", default: 200)
        let keep = arguments.value("--dir")
        let folder = keep ?? NSTemporaryDirectory() + "gcscp-bench-\(UUID().uuidString)"
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }

        log("making \(entryCount) signed entries from \(originCount) origins")
        let federation = try SyntheticFederation(entryCount: entryCount, originCount: originCount)
        let ranges = federation.ranges(of: rangeSize)

        let applyRate = try measureApply(
            federation, ranges, folder: "\(folder)/apply", progress: arguments.flag("--progress"))
        let rawRate = try measureRaw(ranges, folder: "\(folder)/raw")
        let verifyRate = try measureVerify()
        log("apply \(Int(applyRate)) entries/s, raw \(Int(rawRate)) rows/s, Ed25519 \(Int(verifyRate)) verifications/s")
        print(
            String(
                format: "apply entries/s=%.0f raw rows/s=%.0f ratio=%.2f verify/s=%.0f",
                applyRate, rawRate, applyRate / rawRate, verifyRate))
        return ExitCode.success
    }

    private static func measureApply(
        _ federation: SyntheticFederation, _ ranges: [[SignedEntry]], folder: String, progress: Bool
    ) throws -> Double {
        let store = try Store(
            Store.Configuration(
                directory: folder, origin: OriginID("BENCH")!, signingKey: try SigningKey(), holdsMembers: false))
        for origin in federation.origins {
            try store.trust(TrustedKey(origin: origin.id, key: origin.key.publicKey))
        }
        let start = DispatchTime.now()
        var committed = 0
        for range in ranges {
            let report = try store.apply(range.map(\.bytes))
            guard report.refusals.isEmpty, report.applied == range.count else {
                throw BenchmarkError("apply refused entries: \(report.refusals.prefix(3))")
            }
            committed += report.applied
            if progress { FileHandle.standardError.write(Data("committed \(committed)\n".utf8)) }
        }
        try store.checkpoint()
        return Double(committed) / seconds(since: start)
    }

    /// Inserts the same rows the apply run writes, extracted before the clock starts.
    private static func measureRaw(_ ranges: [[SignedEntry]], folder: String) throws -> Double {
        let configuration = Store.Configuration(
            directory: folder, origin: OriginID("BENCH")!, signingKey: try SigningKey(), holdsMembers: false)
        _ = try Store(configuration)
        let rows = ranges.map { range in range.map { RawRow($0) } }
        // The pragmas and checkpoint rhythm of the store's writing connection (`StreamFile`).
        let connection = try Connection(path: "\(folder)/public.sqlite")
        _ = try connection.setPragma("journal_mode", to: "WAL")
        _ = try connection.setPragma("synchronous", to: "NORMAL")
        _ = try connection.setPragma("wal_autocheckpoint", to: 0)
        connection.countWALFrames()
        _ = try connection.setPragma("cache_size", to: -65536)
        _ = try connection.setPragma("secure_delete", to: 1)
        _ = try connection.setPragma("foreign_keys", to: 0)
        let insertEntry = try connection.prepare(
            """
            INSERT INTO entries(origin, sequence, record_id, record_version, is_tombstone, hash, previous_hash, bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, persistent: true)
        let insertRecord = try connection.prepare(
            """
            INSERT OR REPLACE INTO records(record_id, origin, type, schema_version, record_version, visibility,
                is_tombstone, hlc, sequence, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, persistent: true)
        let upsertSync = try connection.prepare(
            "INSERT OR REPLACE INTO sync_state(origin, contiguous, head_hash) VALUES (?, ?, ?)", persistent: true)
        let start = DispatchTime.now()
        var count = 0
        for range in rows {
            try connection.transaction {
                for row in range {
                    try insertEntry.run(
                        row.origin, row.sequence, row.recordID, row.version, row.tombstone,
                        row.hash, row.previousHash, row.bytes)
                    try insertRecord.run(
                        row.recordID, row.origin, row.type, row.schemaVersion, row.version,
                        row.visibility, row.tombstone, row.clock, row.sequence, row.payload)
                }
                let last = range.last!
                try upsertSync.run(last.origin, last.sequence, last.hash)
            }
            count += range.count
            if connection.walFrameCount >= configuration.checkpointFrames { _ = try connection.checkpoint() }
        }
        _ = try connection.checkpoint()
        return Double(count) / seconds(since: start)
    }

    /// Ed25519 verifications per second on one core, the cost a range check saves.
    private static func measureVerify() throws -> Double {
        let key = try SigningKey()
        let message = [UInt8](repeating: 7, count: 300)
        let signature = try key.signature(for: message)
        let publicKey = key.publicKey
        let count = 4_000
        let start = DispatchTime.now()
        for _ in 0..<count where !publicKey.isValidSignature(signature, for: message) {
            throw BenchmarkError("a valid signature did not verify")
        }
        return Double(count) / seconds(since: start)
    }
}

/// The values of one entry's rows, taken out before the raw run's clock starts.
private struct RawRow {
    let origin: String, sequence: Int64, recordID: [UInt8], version: Int64, tombstone: Int64
    let hash: [UInt8], previousHash: [UInt8], bytes: [UInt8]
    let type: String, schemaVersion: Int64, visibility: Int64, clock: Int64, payload: [UInt8]

    init(_ entry: SignedEntry) {
        let envelope = entry.envelope
        origin = envelope.origin.code
        sequence = Int64(envelope.sequence)
        recordID = envelope.recordID.bytes
        version = Int64(envelope.recordVersion)
        tombstone = envelope.isTombstone ? 1 : 0
        hash = entry.hash
        previousHash = envelope.previousHash
        bytes = entry.bytes
        type = envelope.recordType.name
        schemaVersion = Int64(envelope.recordType.version)
        visibility = Int64(envelope.visibility.rawValue)
        clock = Int64(bitPattern: envelope.clock.rawValue)
        payload = envelope.payload
    }
}

/// A benchmark that could not produce its figures.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

func positiveNumber(_ arguments: ParsedArguments, _ name: String, default value: Int) throws -> Int {
    guard let text = arguments.value(name) else { return value }
    guard let number = Int(text), number > 0 else {
        throw UsageError("\(arguments.commandPath): \(name) takes a positive whole number, not '\(text)'")
    }
    return number
}
