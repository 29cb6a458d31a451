import Commands
import Crypto
import Foundation
import Model
import Node

/// `gcscp directory` (the custodian's directory) and `gcscp key` (this node's record-signing key).
enum DirectoryCommands {
    static let folder = Command.Option(name: "--dir", valueName: "DIR", help: "The node folder.", isRequired: true)

    static let command = Command(
        name: "directory",
        abstract: "Keep the federation's directory: who belongs, with which keys and endpoints.",
        discussion: """
            Every change writes the next directory version, hash-chained onto the last and signed with the
            custodian's directory key (keys/directory-key.pem, made by 'gcscp ca init'). Versions live in
            DIR/directory/; every node checks the whole chain against the federation root when it opens.
            """,
        subcommands: [add, endpoint, revoke, show, export, install])

    static let add = Command(
        name: "add",
        abstract: "List a node (on the custodian): class, code and TLS key from its certificate.",
        options: [
            folder,
            .init(name: "--cert", valueName: "CERT", help: "The node's certificate chain (PEM).", isRequired: true),
            .init(
                name: "--signing-key", valueName: "PUB", help: "Its record-signing public key ('gcscp key show').",
                isRequired: true),
            .init(name: "--endpoint", valueName: "HOST:PORT", help: "Where its federation port listens."),
        ],
        run: addNode)

    // TODO(#4): commands to list another TLS key hash or signing key for a node (renewal, rollover) and to revoke
    // one signing key; the model has the edits (addTLSKeyHash, addSigningKey, revokeSigningKey).
    static let endpoint = Command(
        name: "endpoint",
        abstract: "Replace the federation endpoint of a listed node (on the custodian).",
        options: [
            folder, .init(name: "--code", valueName: "CODE", help: "The node's code.", isRequired: true),
            .init(name: "--endpoint", valueName: "HOST:PORT", help: "Where it listens.", isRequired: true),
        ],
        run: updateEndpoint)

    static let revoke = Command(
        name: "revoke",
        abstract: "Revoke a node and its signing keys (on the custodian).",
        discussion: "Entries its keys sign past the watermarks are refused everywhere.",
        options: [
            folder, .init(name: "--code", valueName: "CODE", help: "The node's code.", isRequired: true),
            .init(name: "--after-public", valueName: "N", help: "Last public sequence still accepted (default 0)."),
            .init(name: "--after-members", valueName: "M", help: "Last members sequence still accepted (default 0)."),
        ],
        run: revokeNode)

    static let show = Command(
        name: "show",
        abstract: "Print the directory version this node holds.",
        options: [folder, .init(name: "--json", valueName: nil, help: "Print JSON for scripts.")],
        run: showDirectory)

    static let export = Command(
        name: "export",
        abstract: "Write the versions after N with their certificates, as the sync protocol sends them.",
        options: [
            folder, .init(name: "--after", valueName: "N", help: "Versions after this number (default 0)."),
            .init(name: "--out", valueName: "FILE", help: "The bundle file to write.", isRequired: true),
        ],
        run: exportBundle)

    static let install = Command(
        name: "install",
        abstract: "Take the versions of a bundle that chain onto the one this node holds.",
        options: [folder],
        arguments: [("FILE", "A bundle written by 'gcscp directory export'.")],
        run: installBundle)

    static func addNode(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let certificatePath = try arguments.required("--cert")
        let chain = try Certificate.chain(
            pemRepresentation: try CertificateCommands.readText(certificatePath, what: "certificate"))
        let roots = try Certificate.chain(
            pemRepresentation: try CertificateCommands.readText(directory.federationRootPath, what: "root"))
        guard let leaf = chain.first, let identity = leaf.nodeIdentity, let code = OriginID(identity.code) else {
            throw NodeError(.input, "\(certificatePath): not a node certificate (no urn:gcscp:node name)")
        }
        let verdict = leaf.verify(chain: Array(chain.dropFirst()), anchors: roots, at: Date())
        guard verdict.isTrusted else {
            throw NodeError(.input, "\(certificatePath): not issued under this federation's root: \(verdict.failure!)")
        }
        let keyPath = try arguments.required("--signing-key")
        let key = try VerifyingKey(
            pemRepresentation: try CertificateCommands.readText(keyPath, what: "signing key"))
        let endpoints = try arguments.value("--endpoint").map { [try parseEndpoint($0, arguments)] } ?? []
        let signed = try directory.publishDirectory { (version) throws(DirectoryEditError) in
            try version.addNode(
                DirectoryNode(
                    id: NodeDirectory.nextNodeID(in: version), nodeClass: identity.nodeClass, code: code,
                    endpoints: endpoints, tlsKeyHashes: [leaf.publicKeyHash],
                    signingKeys: [DirectorySigningKey(key)]))
        }
        print("Listed \(identity.nodeClass.rawValue) node \(code) in directory version \(signed.version.number).")
        return ExitCode.success
    }

    static func updateEndpoint(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let code = try parseCode(arguments)
        let endpoint = try parseEndpoint(try arguments.required("--endpoint"), arguments)
        let id = try listedNodeID(code, in: directory)
        let signed = try directory.publishDirectory { (version) throws(DirectoryEditError) in
            try version.updateEndpoints(ofNode: id, to: [endpoint])
        }
        print("Node \(code) listens on \(endpoint) from directory version \(signed.version.number).")
        return ExitCode.success
    }

    static func revokeNode(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let code = try parseCode(arguments)
        func watermark(_ name: String) throws -> UInt64 {
            guard let text = arguments.value(name) else { return 0 }
            guard let value = UInt64(text), value <= UInt64(Int64.max) else {
                throw UsageError("\(arguments.commandPath): \(name) takes a sequence number, not '\(text)'")
            }
            return value
        }
        let watermarks: [StreamName: UInt64] = [
            .public: try watermark("--after-public"), .members: try watermark("--after-members"),
        ]
        let id = try listedNodeID(code, in: directory)
        let signed = try directory.publishDirectory { (version) throws(DirectoryEditError) in
            try version.revokeNode(id, after: watermarks)
        }
        print("Revoked node \(code) in directory version \(signed.version.number).")
        return ExitCode.success
    }

    static func showDirectory(_ arguments: ParsedArguments) throws -> Int32 {
        let held = try NodeDirectory(path: try arguments.required("--dir")).loadDirectory()
        if arguments.flag("--json") {
            print(try DirectoryJSON.render(held.current))
            return ExitCode.success
        }
        guard let current = held.current else {
            print("No directory version is held.")
            return ExitCode.success
        }
        print("Directory version \(current.version.number), hash \(Hex.encode(current.hash))")
        for node in current.version.nodes {
            let state = node.isRevoked ? " (revoked)" : ""
            let endpoints = node.endpoints.map(\.description).joined(separator: ",")
            print("  \(node.id) \(node.nodeClass.rawValue) \(node.code) \(endpoints)\(state)")
        }
        return ExitCode.success
    }

    static func exportBundle(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let afterText = arguments.value("--after") ?? "0"
        guard let after = UInt64(afterText) else {
            throw UsageError("\(arguments.commandPath): --after takes a version number, not '\(afterText)'")
        }
        let bundle = try directory.directoryBundle(after: after)
        let path = try arguments.required("--out")
        guard FileManager.default.createFile(atPath: path, contents: Data(bundle.encoded())) else {
            throw NodeError(.input, "\(path): could not write the file")
        }
        print("Wrote \(bundle.versions.count) directory version(s) to \(path).")
        return ExitCode.success
    }

    static func installBundle(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        guard let path = arguments.arguments.first, let data = FileManager.default.contents(atPath: path) else {
            throw NodeError(.input, "the directory bundle is missing or unreadable")
        }
        let taken = try directory.installDirectory(try DirectoryBundle.decode(Array(data)))
        print("Took \(taken) directory version(s); this node holds version \(try directory.loadDirectory().number).")
        return ExitCode.success
    }

    private static func parseCode(_ arguments: ParsedArguments) throws -> OriginID {
        let text = try arguments.required("--code")
        guard let code = OriginID(text) else {
            throw UsageError("\(arguments.commandPath): --code must be 2 to 16 of A-Z or 0-9, not '\(text)'")
        }
        return code
    }

    private static func parseEndpoint(_ text: String, _ arguments: ParsedArguments) throws -> Model.Endpoint {
        guard let local = Node.Endpoint(text), let endpoint = Model.Endpoint(host: local.host, port: local.port)
        else {
            throw UsageError("\(arguments.commandPath): --endpoint must be host:port with a port above 0")
        }
        return endpoint
    }

    private static func listedNodeID(_ code: OriginID, in directory: NodeDirectory) throws -> UInt32 {
        guard let node = try directory.loadDirectory().current?.version.node(code: code) else {
            throw NodeError(.input, "the directory lists no node with code \(code)")
        }
        return node.id
    }
}
