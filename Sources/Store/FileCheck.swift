import Foundation

/// Reads a database file's 100-byte header before SQLite opens it, to name a truncated or foreign file at once.
///
/// SQLite itself notices a file that is not a database only on the first read, and a truncated one only when a
/// query reaches a missing page, possibly much later. The check reads; it never writes.
enum FileCheck {
    /// Throws `StoreError.corruptFile` when the file at `path` exists and is not a whole SQLite database.
    /// A missing or empty file passes only when `mayCreate` (a new node's first open): SQLite then creates it.
    /// Otherwise it is refused, since a node that recreated a lost file would sign a second, different entry
    /// for sequences its peers already hold, and be quarantined as an equivocator.
    static func check(_ path: String, mayCreate: Bool = true) throws(StoreError) {
        let lost = "restore it from a backup; the node does not recreate it, since its stream would fork"
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if mayCreate { return }
            throw StoreError(.missingFile, "the file \(path) is missing: \(lost)", path: path)
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        guard !header.isEmpty else {
            if mayCreate { return }
            throw StoreError(.corruptFile, "the file \(path) is empty: \(lost)", path: path)
        }
        let size = (try? handle.seekToEnd()) ?? 0

        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw StoreError(
                .corruptFile, "the file \(path) is corrupt: it is not an SQLite database; it was left as it is",
                path: path)
        }
        var pageSize = UInt64(header[16]) << 8 | UInt64(header[17])
        if pageSize == 1 { pageSize = 65536 }
        let pageCount = readUInt32(header, at: 28)
        let changeCounter = readUInt32(header, at: 24)
        let validFor = readUInt32(header, at: 92)
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else {
            throw StoreError(.corruptFile, "the file \(path) is corrupt: its page size is invalid", path: path)
        }
        // A WAL with frames may still hold the newest pages, and a process killed during a checkpoint leaves
        // page 1 (with the new page count) written before the pages that extend the file. SQLite completes
        // that checkpoint itself, so the size is only judged when there is no WAL to replay.
        let walAttributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        let walSize = (walAttributes?[.size] as? NSNumber)?.uint64Value ?? 0
        guard walSize == 0 else { return }
        // The page count in the header is only meaningful while the change counter matches (SQLite's rule).
        if changeCounter == validFor, pageCount > 0, size < UInt64(pageCount) * pageSize {
            throw StoreError(
                .corruptFile,
                "the file \(path) is corrupt: it is truncated (\(size) bytes, the header says "
                    + "\(UInt64(pageCount) * pageSize)); it was left as it is", path: path)
        }
        guard size % pageSize == 0 else {
            throw StoreError(
                .corruptFile, "the file \(path) is corrupt: it ends in the middle of a page; it was left as it is",
                path: path)
        }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
