import SQLite

extension Store {
    /// The result of SQLite's `PRAGMA integrity_check` on one stream file.
    public struct IntegrityReport: Sendable, Equatable {
        /// The file checked.
        public let path: String
        /// The problems SQLite found; empty when the file is sound ("ok").
        public let problems: [String]
    }

    /// Runs `PRAGMA integrity_check` on every stream file through a read-only connection. Reads every page,
    /// so it costs about as much as reading the files once; meant for operators and tests, not for hot paths.
    public func integrityCheck() throws(StoreError) -> [IntegrityReport] {
        var pools = [publicReaders]
        if let membersReaders { pools.append(membersReaders) }
        var reports: [IntegrityReport] = []
        for pool in pools {
            let lines = try pool.read { connection in
                try connection.query("PRAGMA integrity_check") { try $0.string(at: 0) }
            }
            reports.append(IntegrityReport(path: pool.path, problems: lines == ["ok"] ? [] : lines))
        }
        return reports
    }
}
