import Commands
import Foundation
import Node
import Store

/// `gcscp status`: the node's identity, its streams and their heads, and record counts.
enum StatusCommand {
    static let command = Command(
        name: "status",
        abstract: "Show the node's identity, streams and their heads, and record counts per module and visibility.",
        options: [
            .init(name: "--dir", valueName: "DIR", help: "The node folder.", isRequired: true),
            .init(name: "--json", valueName: nil, help: "Print JSON for scripts instead of text."),
        ],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let status = try NodeStatus(directory: directory)
        if arguments.flag("--json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        } else {
            print(status.text, terminator: "")
        }
        return ExitCode.success
    }
}

/// `gcscp check`: SQLite's integrity check on every database of the node.
enum CheckCommand {
    static let command = Command(
        name: "check",
        abstract: "Check every database of the node for damage (SQLite's integrity check).",
        discussion: """
            Exits 0 and prints 'ok' per file when all are sound; exits 1 naming each damaged file. Reads only,
            repairs nothing, and may run beside a serving node.
            """,
        options: [.init(name: "--dir", valueName: "DIR", help: "The node folder.", isRequired: true)],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let configuration = try directory.loadConfiguration()
        var sound = true
        let holdsMembers = configuration.nodeClass.holdsMemberContent
        for report in Store.integrityCheck(directory: directory.dataPath, holdsMembers: holdsMembers) {
            if report.problems.isEmpty {
                print("ok \(report.path)")
            } else {
                sound = false
                print("damaged \(report.path): \(report.problems.prefix(5).joined(separator: "; "))")
            }
        }
        return sound ? ExitCode.success : ExitCode.failure
    }
}
