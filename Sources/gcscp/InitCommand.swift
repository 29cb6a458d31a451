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
            .init(name: "--portal", valueName: "HOST:PORT", help: "Where the portal listens (default 127.0.0.1:8443)."),
            .init(name: "--federation", valueName: "HOST:PORT", help: "Where peers connect (default 127.0.0.1:7443)."),
            .init(name: "--plain-portal", valueName: nil, help: "Serve the portal without TLS, on loopback only."),
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
        var configuration = NodeConfiguration(nodeClass: nodeClass, code: code, displayName: arguments.value("--name"))
        if let text = arguments.value("--portal") {
            guard let endpoint = Endpoint(text) else { throw UsageError("gcscp init: --portal must be host:port") }
            configuration.portalListen = endpoint
        }
        if let text = arguments.value("--federation") {
            guard let endpoint = Endpoint(text) else { throw UsageError("gcscp init: --federation must be host:port") }
            configuration.federationListen = endpoint
        }
        configuration.portalTLS = !arguments.flag("--plain-portal")
        let isControl: (Unicode.Scalar) -> Bool = { $0.properties.generalCategory == .control }
        if let name = arguments.value("--name"),
            name.isEmpty || name.count > 200 || name.unicodeScalars.contains(where: isControl)
        {
            throw UsageError("gcscp init: --name must be 1 to 200 characters without control characters")
        }
        if !configuration.portalTLS && !configuration.portalListen.isLoopback {
            throw UsageError(
                "gcscp init: --plain-portal serves pages in the clear, so --portal must be a loopback address "
                    + "(127.0.0.1:PORT), not \(configuration.portalListen)")
        }
        let node = try LocalNode.initialize(at: try arguments.required("--dir"), configuration: configuration)
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
