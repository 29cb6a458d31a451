import Foundation
import Testing

/// Kills the program with SIGKILL in the middle of writing, then checks that every acknowledged write is there
/// and that SQLite finds the files sound.
@Suite struct CrashSafetyTests {
    @Test func killedDuringLocalWritesLosesNothingAcknowledged() throws {
        let folder = try TemporaryFolder()
        let node = folder.file("node")
        #expect(try ProgramRunner.run(["init", "--class", "member", "--code", "KEN", "--dir", node]).status == 0)
        var acknowledged: [String: (id: String, sequence: Int)] = [:]
        var random = SystemRandomNumberGenerator()
        for round in 0..<4 {
            let visibility = round % 2 == 0 ? "public" : "members"
            let killAfter = Int.random(in: 50...400, using: &random)
            let child = try ChildProcess(
                ProgramRunner.program(),
                ["record", "put", "--dir", node, "--type", "note/1", "--visibility", visibility, "--lines"])
            child.feedLines(count: 100_000) { "round \(round) line \($0)" }
            let lines = child.readLines(until: killAfter, stream: .output, timeout: 60)
            child.kill()
            #expect(lines.count >= killAfter, "round \(round): the writer stopped after \(lines.count) lines")
            for line in lines {
                let parts = line.split(separator: " ")
                guard parts.count == 4, parts[0] == "ok" else { continue }
                acknowledged[String(parts[1])] = (String(parts[2]), Int(parts[3])!)
            }
        }

        let check = try ProgramRunner.run(["check", "--dir", node])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        #expect(check.output.components(separatedBy: "ok ").count == 3)

        let status =
            try JSONSerialization.jsonObject(
                with: Data(try ProgramRunner.run(["status", "--dir", node, "--json"]).output.utf8)) as! [String: Any]
        let streams = status["streams"] as! [[String: Any]]
        for stream in ["public", "members"] {
            let acked = acknowledged.values.filter { $0.id == stream }
            let held = streams.first { $0["stream"] as? String == stream }
            let contiguous = held?["contiguous"] as? Int ?? 0
            #expect(contiguous >= acked.map(\.sequence).max() ?? 0, "\(stream): acknowledged entries are missing")
            #expect((held?["gaps"] as? [String])?.isEmpty ?? true)
        }
        let records = (status["records"] as! [[String: Any]]).map { $0["count"] as! Int }.reduce(0, +)
        #expect(records >= acknowledged.count)
        for id in acknowledged.keys.shuffled().prefix(6) {
            let record = try ProgramRunner.run(["record", "get", "--dir", node, id])
            #expect(record.status == 0, "acknowledged record \(id) is missing")
            #expect(record.output.contains("\"payload\" : \"round "))
        }
    }

    @Test func killedDuringABatchApplyLosesNothingAcknowledged() throws {
        let folder = try TemporaryFolder()
        let bench = ProgramRunner.program("gcscp-bench")
        for round in 0..<3 {
            let target = folder.file("apply-\(round)")
            let child = try ChildProcess(
                bench, ["apply", "--entries", "16000", "--origins", "4", "--dir", target, "--progress"])
            let lines = child.readLines(until: 2 + round * 2, stream: .errors, timeout: 120) {
                $0.hasPrefix("committed")
            }
            // Let it run into the middle of the next batch, at a moment that varies from round to round.
            usleep(UInt32.random(in: 1_000...60_000))
            child.kill()
            let committed = lines.compactMap { Int($0.split(separator: " ").last ?? "") }.max() ?? 0
            #expect(committed >= 2_000, "round \(round): \(lines)")

            let database = "\(target)/apply/public.sqlite"
            #expect(try sqlite(database, "PRAGMA integrity_check;") == "ok")
            let stored = Int(try sqlite(database, "SELECT count(*) FROM entries;")) ?? -1
            let contiguous = Int(try sqlite(database, "SELECT coalesce(sum(contiguous), 0) FROM sync_state;")) ?? -1
            #expect(stored >= committed, "round \(round): \(committed) acknowledged, \(stored) stored")
            #expect(contiguous == stored, "round \(round): the sync state disagrees with the entries held")
        }
    }

    private func sqlite(_ database: String, _ sql: String) throws -> String {
        try Client.run("/usr/bin/sqlite3", [database, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
