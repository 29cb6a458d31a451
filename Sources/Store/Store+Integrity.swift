import Foundation
import SQLite

extension Store {
    /// The result of SQLite's integrity check on one stream file.
    public struct IntegrityReport: Sendable, Equatable {
        /// The file checked.
        public let path: String
        /// The problems found; empty when the file is sound ("ok").
        public let problems: [String]
    }

    /// Runs `PRAGMA integrity_check` on every stream file through a read-only connection. Reads every page,
    /// so it costs about as much as reading the files once; meant for operators and tests, not for hot paths.
    /// A page SQLite cannot read at all is reported as a problem of its file, not thrown.
    public func integrityCheck() throws(StoreError) -> [IntegrityReport] {
        var reports: [IntegrityReport] = []
        for pool in [publicReaders, membersReaders].compactMap({ $0 }) {
            do {
                let lines = try pool.read { connection in
                    try connection.query("PRAGMA integrity_check") { $0.string(at: 0) }
                }
                reports.append(IntegrityReport(path: pool.path, problems: lines == ["ok"] ? [] : lines))
            } catch  where error.code == .corruptFile {
                reports.append(IntegrityReport(path: pool.path, problems: [error.message]))
            }
        }
        return reports
    }

    /// Checks the stream files of a node directory without opening a store, which refuses to open a damaged
    /// file: the header and size check the store runs at open, then `PRAGMA integrity_check`, over read-only
    /// connections. Nothing is written or repaired. Costs a read of every page.
    /// - Returns: a report per file present (`public.sqlite`, and `members.sqlite` where the node has one).
    public static func integrityCheck(directory: String) -> [IntegrityReport] {
        var reports: [IntegrityReport] = []
        for name in ["public.sqlite", "members.sqlite"] {
            let path = directory + "/" + name
            guard FileManager.default.fileExists(atPath: path) else { continue }
            do {
                try FileCheck.check(path)
                let connection = try Connection(path: path, flags: .readOnly)
                try connection.disableCheckpointOnClose()
                let lines = try connection.query("PRAGMA integrity_check") { $0.string(at: 0) }
                reports.append(IntegrityReport(path: path, problems: lines == ["ok"] ? [] : lines))
            } catch {
                reports.append(IntegrityReport(path: path, problems: [StoreError.wrap(error, path: path).message]))
            }
        }
        return reports
    }
}
