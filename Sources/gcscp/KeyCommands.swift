import Commands
import Node

/// `gcscp key`: this node's record-signing key.
enum KeyCommands {
    static let command = Command(
        name: "key",
        abstract: "Show this node's record-signing key.",
        subcommands: [
            Command(
                name: "show",
                abstract: "Print the record-signing public key (PEM), for 'gcscp directory add --signing-key'.",
                options: [DirectoryCommands.folder],
                run: show)
        ])

    static func show(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        print(try directory.loadSigningKey().publicKey.pemRepresentation, terminator: "")
        return ExitCode.success
    }
}
