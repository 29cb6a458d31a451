import Foundation
import Testing

/// Finds the checkout and the shared data, runs the Python checkers, and holds a temporary folder per test.
enum CalendarTestSupport {
    /// The folder holding `Package.swift`, found by walking up from this file.
    static let repositoryRoot: URL = walkUp {
        FileManager.default.fileExists(atPath: $0.appendingPathComponent("Package.swift").path)
    }

    /// `shared/data`, beside or above the checkout (in CI the checkout and `shared/` are siblings).
    static let sharedData: URL = walkUp {
        FileManager.default.fileExists(atPath: $0.appendingPathComponent("shared/data").path)
    }.appendingPathComponent("shared/data")

    private static func walkUp(until found: (URL) -> Bool) -> URL {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<32 where !found(folder) && folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }

    /// Reads a file of `shared/data`.
    static func data(_ name: String) throws -> Data { try Data(contentsOf: sharedData.appendingPathComponent(name)) }

    /// UN member-state names by alpha-3 code, from `un-member-states.json`.
    static func countryNames() throws -> [String: String] {
        struct File: Decodable {
            struct State: Decodable {
                let alpha3: String
                let name: String
            }
            let states: [State]
        }
        let file = try JSONDecoder().decode(File.self, from: data("un-member-states.json"))
        return Dictionary(uniqueKeysWithValues: file.states.map { ($0.alpha3, $0.name) })
    }

    /// Runs `Tests/python/<script> file expected` with the project's venv, at most `timeout` seconds; returns the
    /// exit status and what it printed.
    static func runChecker(_ script: String, _ file: URL, _ expected: URL, timeout: TimeInterval = 60) throws -> (
        Int32, String
    ) {
        let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("No Python checker environment at \(python.path): run make python-deps")
            return (-1, "run make python-deps")
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [
            repositoryRoot.appendingPathComponent("Tests/python/\(script)").path, file.path, expected.path,
        ]
        // Output goes to a file beside the input, so a chatty checker can never block on a full pipe.
        let log = file.deletingLastPathComponent().appendingPathComponent("\(script).log")
        try Data().write(to: log)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }

    /// Writes `value` as JSON.
    static func writeJSON(_ value: some Encodable, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: url)
    }

    /// The octet lengths of the physical lines of `text` (split at CRLF), and whether each is valid UTF-8 alone.
    static func physicalLines(_ text: String) -> [(octets: Int, isUTF8: Bool)] {
        var lines: [[UInt8]] = [[]]
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                lines.append([])
                index += 2
            } else {
                lines[lines.count - 1].append(bytes[index])
                index += 1
            }
        }
        return lines.dropLast().map { ($0.count, String(validating: $0, as: UTF8.self) != nil) }
    }
}

/// A temporary folder removed when the test is done with it.
final class CalendarTemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gcscp-formats-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}
