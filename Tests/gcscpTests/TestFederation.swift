import Foundation
import Testing

/// A federation made with the `gcscp` program in a temporary folder: the custodian's CA and nodes with
/// certificates for 127.0.0.1, each listening on ephemeral ports.
final class TestFederation {
    let folder: TemporaryFolder
    let custodian: String

    init() throws {
        folder = try TemporaryFolder()
        custodian = folder.file("UNODA")
        try run(["init", "--class", "custodian", "--code", "UNODA", "--dir", custodian] + Self.ephemeralPorts)
        try run(["ca", "init", "--dir", custodian])
        try certify(custodian, "UNODA")
    }

    static let ephemeralPorts = ["--portal", "127.0.0.1:0", "--federation", "127.0.0.1:0"]

    var rootPath: String { "\(custodian)/ca/root.pem" }

    /// Creates a node of `nodeClass` with a certificate; returns its folder.
    func addNode(_ nodeClass: String, _ code: String) throws -> String {
        let path = folder.file(code)
        try run(["init", "--class", nodeClass, "--code", code, "--dir", path] + Self.ephemeralPorts)
        try certify(path, code)
        return path
    }

    private func certify(_ path: String, _ code: String) throws {
        let request = folder.file("\(code).csr")
        let chain = folder.file("\(code).pem")
        try run(["csr", "--dir", path, "--out", request])
        try run([
            "ca", "sign", "--dir", custodian, request, "--ip", "127.0.0.1", "--dns", "localhost", "--out", chain,
        ])
        try run(["certificate", "install", "--dir", path, "--certificate", chain, "--root", rootPath])
    }

    private func run(_ arguments: [String]) throws {
        let result = try ProgramRunner.run(arguments)
        guard result.status == 0 else {
            throw TestFailure("gcscp \(arguments.prefix(2).joined(separator: " ")) failed: \(result.errors)")
        }
    }
}

/// `gcscp serve` in the background, its log in a file the test reads.
final class ServingNode {
    let portalURL: String
    let federationAddress: String?
    let logPath: String
    private let process = Process()

    init(_ path: String) throws {
        logPath = path + "/serve.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = ProgramRunner.program()
        process.arguments = ["serve", "--dir", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        var lines: [String] = []
        let handle = output.fileHandleForReading
        let deadline = Date().addingTimeInterval(30)
        var pending = Data()
        while Date() < deadline, !lines.contains(where: { $0.hasPrefix("portal ") }) || lines.count < 2 {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending += chunk
            lines = String(decoding: pending, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        guard let portal = lines.first(where: { $0.hasPrefix("portal ") }) else {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw TestFailure("gcscp serve did not start: \(log)")
        }
        portalURL = String(portal.dropFirst("portal ".count))
        federationAddress = lines.first { $0.hasPrefix("federation ") }.map {
            String($0.dropFirst("federation ".count))
        }
    }

    /// The log so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits (bounded) until the log has a line containing every one of `parts`.
    func waitForLog(_ parts: String..., timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if log.split(separator: "\n").contains(where: { line in parts.allSatisfy { line.contains($0) } }) {
                return true
            }
            usleep(20_000)
        } while Date() < deadline
        return false
    }

    /// Sends SIGTERM and returns the exit status.
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { _ = stop() }
}

/// A real client run by a test: curl or nghttp, with a bounded time.
enum Client {
    struct Result {
        let status: Int32
        let output: String
    }

    static func run(_ program: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func curl(_ arguments: [String]) throws -> Result {
        try run("/usr/bin/curl", ["--silent", "--show-error", "--max-time", "10"] + arguments)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
