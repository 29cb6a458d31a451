import Commands
import Foundation
import Node

/// The `gcscp` program: one command tree, results on stdout, diagnostics on stderr.
let program = Command(
    name: "gcscp",
    abstract: "Run a node of the Global Cyber Security Cooperation Portal federation.",
    discussion: "A node holds the portal's records, serves its pages and API, and replicates with its peers.",
    subcommands: [
        InitCommand.command,
        StatusCommand.command,
        CheckCommand.command,
        ServeCommand.command,
        CertificateCommands.authority,
        CertificateCommands.request,
        CertificateCommands.install,
        RecordCommands.command,
        DirectoryCommands.command,
        KeyCommands.command,
    ])

// Everything the node writes (databases, keys, logs) is for its own user only.
umask(0o077)

exit(program.dispatch(Array(CommandLine.arguments.dropFirst())))
