import Foundation
import Testing

@Suite struct DatabaseFileTests {
    private func nodeWithRecords(_ folder: TemporaryFolder) throws -> String {
        let node = folder.file("node")
        #expect(try ProgramRunner.run(["init", "--class", "member", "--code", "KEN", "--dir", node]).status == 0)
        let written = try ProgramRunner.run(
            ["record", "put", "--dir", node, "--type", "note/1", "--visibility", "members", "--lines"],
            input: (0..<200).map { "restricted note \($0)" }.joined(separator: "\n") + "\n")
        #expect(written.status == 0, "\(written.errors)")
        return node
    }

    @Test(arguments: ["truncated", "garbage", "flipped-header"])
    func aDamagedDatabaseIsNamedAndLeftUntouched(damage: String) throws {
        let folder = try TemporaryFolder()
        let node = try nodeWithRecords(folder)
        let file = "\(node)/data/members.sqlite"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        switch damage {
        case "truncated": bytes = bytes.prefix(bytes.count / 3)
        case "garbage": bytes = Data((0..<bytes.count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        default: bytes[0] ^= 0xFF
        }
        try bytes.write(to: URL(fileURLWithPath: file))
        for name in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + name) }

        for command in [["status", "--dir", node], ["check", "--dir", node]] {
            let result = try ProgramRunner.run(command)
            #expect(result.status == 1, "\(command[0]): \(result.output)")
            #expect((result.errors + result.output).contains(file), "\(command[0]): \(result.errors)")
            #expect(!(result.errors + result.output).contains("restricted note"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes)
    }

    @Test func aMissingMembersDatabaseOnAMirrorIsNotCreated() throws {
        let folder = try TemporaryFolder()
        let mirror = folder.file("au")
        #expect(try ProgramRunner.run(["init", "--class", "regional", "--code", "AU", "--dir", mirror]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(mirror)/data/members.sqlite"))
        let refused = try ProgramRunner.run(
            ["record", "put", "--dir", mirror, "--type", "note/1", "--visibility", "members"], input: "x")
        #expect(refused.status == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(mirror)/data/members.sqlite"))
    }
}
