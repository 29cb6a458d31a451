import Commands
import Model
import Node

/// `gcscp init`: creates a node folder.
enum InitCommand {
    static let command = Command(
        name: "init",
        abstract: "Create a node folder: configuration, record-signing key, databases.",
        discussion: """
            The folder must not be a node folder already; nothing existing is overwritten. Keys are written
            readable by the owner only. A regional node gets no member-only database.
            """,
        options: [
            .init(name: "--class", valueName: "CLASS", help: "custodian, member or regional.", isRequired: true),
            .init(
                name: "--code", valueName: "CODE", help: "ISO 3166-1 alpha-3 (KEN) or an organisation code (AU).",
                isRequired: true),
            .init(name: "--dir", valueName: "DIR", help: "The node folder to create.", isRequired: true),
            .init(name: "--name", valueName: "NAME", help: "The name shown on the portal (default: the code)."),
        ],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let classWord = try arguments.required("--class")
        guard let nodeClass = NodeClass(rawValue: classWord) else {
            throw UsageError("gcscp init: --class must be custodian, member or regional, not '\(classWord)'")
        }
        let codeText = try arguments.required("--code")
        guard let code = OriginID(codeText) else {
            throw UsageError("gcscp init: --code must be 2 to 16 characters of A-Z or 0-9, not '\(codeText)'")
        }
        let node = try LocalNode.initialize(
            at: try arguments.required("--dir"), nodeClass: nodeClass, code: code, name: arguments.value("--name"))
        let directory = node.directory
        print("Created \(nodeClass.rawValue) node \(code) in \(directory.path)")
        print("  configuration: \(directory.configurationPath)")
        print("  signing key:   \(directory.signingKeyPath) (mode 600)")
        print("  TLS key:       \(directory.tlsKeyPath) (mode 600)")
        print("  databases:     \(directory.dataPath)")
        print("Next: 'gcscp csr --dir \(directory.path)' and have the custodian sign it ('gcscp ca sign').")
        return ExitCode.success
    }
}
