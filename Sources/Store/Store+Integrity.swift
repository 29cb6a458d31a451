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
}

extension StoreReading {
    /// Runs `PRAGMA integrity_check` on every stream file through a read-only connection. Reads every page,
    /// so it costs about as much as reading the files once; meant for operators and tests, not for hot paths.
    /// A page SQLite cannot read at all is reported as a problem of its file, not thrown.
    public func integrityCheck() throws(StoreError) -> [Store.IntegrityReport] {
        var reports: [Store.IntegrityReport] = []
        for pool in [reader.publicReaders, reader.membersReaders].compactMap({ $0 }) {
            do {
                let lines = try pool.read { connection in
                    try connection.query("PRAGMA integrity_check") { $0.string(at: 0) }
                }
                reports.append(Store.IntegrityReport(path: pool.path, problems: lines == ["ok"] ? [] : lines))
            } catch  where error.code == .corruptFile {
                reports.append(Store.IntegrityReport(path: pool.path, problems: [error.message]))
            }
        }
        return reports
    }
}

extension Store {
    /// Checks the stream files of a node directory without opening a store, which refuses to open a damaged
    /// file: the header and size check the store runs at open, then `PRAGMA integrity_check`, over read-only
    /// connections. Nothing is written or repaired. Costs a read of every page.
    /// - Parameter holdsMembers: whether the node must have `members.sqlite`; nil checks whichever files exist.
    /// - Returns: a report per file (`public.sqlite`, and `members.sqlite` where the node has one); a file the
    ///   node must have that is missing or empty is reported as a problem.
    public static func integrityCheck(directory: String, holdsMembers: Bool? = nil) -> [IntegrityReport] {
        var reports: [IntegrityReport] = []
        for name in ["public.sqlite", "members.sqlite"] {
            let path = directory + "/" + name
            let required = name == "public.sqlite" ? holdsMembers != nil : holdsMembers == true
            guard required || FileManager.default.fileExists(atPath: path) else { continue }
            do {
                try FileCheck.check(path, mayCreate: false)
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
