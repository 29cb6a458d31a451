import Foundation
import Model
import Store

/// What `gcscp status` reports: who the node is, its streams and their heads, its records.
public struct NodeStatus: Codable, Sendable, Equatable {
    /// One stream of one origin as this node holds it.
    public struct Stream: Codable, Sendable, Equatable {
        public let origin: String
        public let stream: String
        /// The highest sequence up to which the node holds every entry.
        public let contiguous: UInt64
        /// The highest sequence the node holds.
        public let highest: UInt64
        /// Missing sequences below `highest`, as "first-last".
        public let gaps: [String]
        /// SHA-256 of the entry at `contiguous`, hex.
        public let headHash: String
    }

    /// How many live records of one module (record type) and visibility.
    public struct RecordTotal: Codable, Sendable, Equatable {
        public let module: String
        public let visibility: String
        public let count: Int
    }

    public let nodeClass: String
    public let code: String
    public let name: String
    public let signingKeyID: String
    public let signingPublicKey: String
    public let databases: [String]
    public let streams: [Stream]
    public let records: [RecordTotal]
    public let quarantinedOrigins: [String]

    /// Reads the status of the node in `directory` without opening its store for writing, so it works beside
    /// a serving node.
    public init(directory: NodeDirectory) throws(NodeError) {
        let configuration = try directory.loadConfiguration()
        let signingKey = try directory.loadSigningKey().publicKey
        try directory.checkIdentity(code: configuration.code, signingKey: signingKey, create: false)
        let store: StoreReader
        do {
            store = try Store.openForReading(
                directory: directory.dataPath, holdsMembers: configuration.nodeClass.holdsMemberContent)
        } catch {
            throw NodeError(.database, error.description)
        }
        nodeClass = configuration.nodeClass.rawValue
        code = configuration.code.code
        name = configuration.displayName
        signingKeyID = KeyID(of: signingKey).description
        signingPublicKey = Hex.encode(signingKey.rawRepresentation)
        databases = (configuration.nodeClass.holdsMemberContent ? ["public", "members"] : ["public"])
            .map { "\(directory.dataPath)/\($0).sqlite" }
        let scope: ReadScope = configuration.nodeClass.holdsMemberContent ? .members : .publicOnly
        do {
            streams = try store.syncSummary(scope: scope).map { summary in
                Stream(
                    origin: summary.origin.code, stream: summary.stream.description, contiguous: summary.contiguous,
                    highest: summary.highest, gaps: summary.gaps.map { "\($0.lowerBound)-\($0.upperBound)" },
                    headHash: Hex.encode(summary.headHash))
            }
            records = try store.recordCounts(scope: scope).map { count in
                RecordTotal(
                    module: count.recordType.description, visibility: count.visibility.description, count: count.count)
            }.sorted { ($0.module, $0.visibility) < ($1.module, $1.visibility) }
            quarantinedOrigins = try store.quarantines(scope: scope).map { "\($0.origin)/\($0.stream)" }
        } catch {
            throw NodeError(.database, error.description)
        }
    }

    /// The report as text for a person.
    public var text: String {
        var lines = [
            "\(name): \(nodeClass) node \(code)",
            "  record-signing key \(signingKeyID)",
            "  databases: \(databases.joined(separator: ", "))",
            "",
            "Streams (origin/stream: contiguous head, highest, gaps):",
        ]
        if streams.isEmpty { lines.append("  none yet") }
        for stream in streams {
            let gaps = stream.gaps.isEmpty ? "no gaps" : "gaps \(stream.gaps.joined(separator: ", "))"
            lines.append("  \(stream.origin)/\(stream.stream): \(stream.contiguous), \(stream.highest), \(gaps)")
        }
        lines.append("")
        lines.append("Records (module, visibility: live records):")
        if records.isEmpty { lines.append("  none yet") }
        for total in records { lines.append("  \(total.module), \(total.visibility): \(total.count)") }
        if !quarantinedOrigins.isEmpty {
            lines.append("")
            lines.append("Quarantined: \(quarantinedOrigins.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
