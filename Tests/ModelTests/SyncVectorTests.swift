import Foundation
import Model
import Testing

/// Checks `Protocol/vectors/sync.json`: rebuilt and compared, then every message read back and every invalid
/// one refused with its problem. `GCSCP_WRITE_VECTORS=1 swift test --filter SyncVectorTests` rewrites it.
@Suite struct SyncVectorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/sync.json")

    @Test func theCommittedVectorsAreWhatTheCodeProducesAndReadBack() throws {
        let fresh = try SyncVectorSet.build()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if ProcessInfo.processInfo.environment["GCSCP_WRITE_VECTORS"] == "1" {
            try Data(try encoder.encode(fresh) + Array("\n".utf8)).write(to: Self.file)
        }
        let committed = try JSONDecoder().decode(SyncVectorSet.self, from: Data(contentsOf: Self.file))
        #expect(committed == fresh)
        for message in committed.messages {
            #expect(
                try SyncVectorSet.read(kind: message.kind, Hex.decode(message.hex)!) == message.reads, "\(message.name)"
            )
        }
        for vector in committed.invalid {
            let problem = SyncVectorSet.problem {
                _ = try SyncVectorSet.read(kind: vector.kind, Hex.decode(vector.hex)!)
            }
            #expect(problem == vector.problem, "\(vector.name)")
        }
        let page = try String(
            contentsOf: Self.file.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("sync.md"), encoding: .utf8)
        let hex = Dictionary(uniqueKeysWithValues: committed.messages.map { ($0.name, $0.hex) })
        #expect(markdownBlocks("hex", in: page) == [hex["summary"], hex["push-receipt"]])
        #expect(markdownBlocks("json", in: page) == [committed.problemExample])
        for request in committed.requests {
            let problem = SyncVectorSet.problem {
                _ = try SyncRequest.parse(method: request.method, path: request.path)
            }
            #expect(problem == request.problem, "\(request.path)")
        }
    }
}
