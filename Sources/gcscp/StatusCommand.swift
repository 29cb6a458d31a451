import Commands
import Foundation
import Node

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
        let configuration = try directory.loadConfiguration()
        let key = try directory.loadSigningKey()
        _ = (configuration, key)
        // TODO(#2): report streams and counts once the store is merged.
        return ExitCode.success
    }
}
