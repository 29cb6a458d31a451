import Foundation
import Model
import Node
import Testing

/// `[federation] sync_interval_ms`: the pull interval, written with a comment and read back with its range.
@Suite struct SyncIntervalConfigurationTests {
    @Test func theIntervalDefaultsToOneSecondAndIsWrittenWithAComment() throws {
        let configuration = NodeConfiguration(nodeClass: .member, code: OriginID("KEN")!)
        #expect(configuration.syncIntervalMilliseconds == 1000)
        let lines = configuration.rendered().split(separator: "\n")
        let index = try #require(lines.firstIndex(of: "sync_interval_ms = 1000"))
        #expect(lines[index - 1].hasPrefix("#"))
    }

    @Test(arguments: [("250", 250), ("3_600_000", 3_600_000), ("100", 100)])
    func anIntervalInRangeIsRead(text: String, expected: Int) throws {
        #expect(try load(interval: text).syncIntervalMilliseconds == expected)
    }

    @Test(arguments: [("50", "100 to 3600000"), ("\"fast\"", "must be an integer"), ("0", "100 to 3600000")])
    func anIntervalOutOfRangeIsRefusedWithTheLine(text: String, message: String) throws {
        do {
            _ = try load(interval: text)
            Issue.record("sync_interval_ms = \(text) was accepted")
        } catch {
            #expect(error.description.contains("federation.sync_interval_ms"), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    private func load(interval: String) throws(NodeError) -> NodeConfiguration {
        let path = NSTemporaryDirectory() + "gcscp-interval-\(UUID().uuidString).conf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = NodeConfiguration(nodeClass: .member, code: OriginID("KEN")!).rendered()
            .replacingOccurrences(of: "sync_interval_ms = 1000", with: "sync_interval_ms = \(interval)")
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return try NodeConfiguration.load(from: path)
    }
}
