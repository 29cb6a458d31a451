import Crypto
import Foundation
import Model

/// A node's folder: its configuration, its keys, and its databases.
///
/// ```
/// DIR/gcscp.conf            the configuration (Nodes/ has commented examples)
/// DIR/keys/                 mode 0700
/// DIR/keys/signing-key.pem  the record-signing key (Ed25519, PKCS#8), mode 0600
/// DIR/keys/tls-key.pem      the TLS key (P-256), mode 0600; see FederationCertificates.swift for the rest
/// DIR/data/                 mode 0700
/// DIR/data/public.sqlite    public entries and records
/// DIR/data/members.sqlite   member-only entries and records; never on a regional mirror
/// ```
public struct NodeDirectory: Sendable {
    /// The folder's path.
    public let path: String

    /// Names a node folder; nothing is read until asked.
    public init(path: String) {
        self.path = path
    }

    /// The configuration file.
    public var configurationPath: String { "\(path)/gcscp.conf" }
    /// The folder of key files.
    public var keysPath: String { "\(path)/keys" }
    /// The record-signing key.
    public var signingKeyPath: String { "\(keysPath)/signing-key.pem" }
    /// The folder of databases.
    public var dataPath: String { "\(path)/data" }

    /// Creates a new node folder: configuration, a fresh record-signing key, and the databases.
    /// - Throws: `NodeError` when the folder is already a node folder (nothing is changed), or cannot be written.
    public static func initialize(at path: String, configuration: NodeConfiguration) throws(NodeError) -> NodeDirectory
    {
        let directory = NodeDirectory(path: path)
        let files = FileManager.default
        guard !files.fileExists(atPath: directory.configurationPath) else {
            throw NodeError(
                .nodeDirectory, "\(path) is already a node folder (it has gcscp.conf); nothing was changed")
        }
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
            try files.createDirectory(
                atPath: directory.keysPath, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            // Member-only content lives here: readable by the node's own user only.
            try files.createDirectory(
                atPath: directory.dataPath, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw NodeError(.nodeDirectory, "\(path): could not create the node folder (\(error.localizedDescription))")
        }
        do {
            try SecureFile.create(directory.signingKeyPath, text: try SigningKey().pemRepresentation)
            try SecureFile.create(directory.tlsKeyPath, text: try TLSPrivateKey().pemRepresentation)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.keyFile, "could not generate the node's keys: \(error)")
        }
        guard files.createFile(atPath: directory.configurationPath, contents: Data(configuration.rendered().utf8))
        else {
            throw NodeError(.configuration, "\(directory.configurationPath): could not write the configuration")
        }
        return directory
    }

    /// Reads and checks the configuration.
    public func loadConfiguration() throws(NodeError) -> NodeConfiguration {
        guard FileManager.default.fileExists(atPath: path) else {
            throw NodeError(.nodeDirectory, "\(path): no such folder; create a node with 'gcscp init'")
        }
        return try NodeConfiguration.load(from: configurationPath)
    }

    /// Reads the record-signing key, refusing a key file that others can read.
    public func loadSigningKey() throws(NodeError) -> SigningKey {
        let text = try SecureFile.read(signingKeyPath, what: "record-signing key")
        do {
            return try SigningKey(pemRepresentation: text)
        } catch {
            throw NodeError(.keyFile, "\(signingKeyPath): not an Ed25519 private key in PEM (\(error))")
        }
    }
}

extension NodeDirectory {
    /// The file that binds the node's data to its origin code and record-signing key.
    public var identityPath: String { "\(dataPath)/node-identity" }

    /// Checks that the configuration's code and the signing key are the ones this node's streams were written
    /// with (`data/node-identity`), or records them when `create` (a new node). A node whose code or key changed
    /// would start new streams, or continue its streams under a key peers do not know.
    /// - Throws: `NodeError` naming the file and what differs.
    func checkIdentity(code: OriginID, signingKey: VerifyingKey, create: Bool) throws(NodeError) {
        let expected = "code=\(code.code)\nsigning-key=\(KeyID(of: signingKey))\n"
        if create {
            guard FileManager.default.createFile(atPath: identityPath, contents: Data(expected.utf8)) else {
                throw NodeError(.nodeDirectory, "\(identityPath): could not write the node's identity")
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: identityPath) else {
            throw NodeError(
                .nodeDirectory, "\(identityPath) is missing: this folder's data cannot be tied to its configuration")
        }
        let recorded = String(decoding: data, as: UTF8.self)
        let fields = Dictionary(
            recorded.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }, uniquingKeysWith: { first, _ in first })
        if let recordedCode = fields["code"], recordedCode != code.code {
            throw NodeError(
                .configuration,
                "\(configurationPath): code = \"\(code.code)\", but this node's data belongs to \(recordedCode) "
                    + "(\(identityPath)); a node's code cannot change")
        }
        if let recordedKey = fields["signing-key"], recordedKey != KeyID(of: signingKey).description {
            throw NodeError(
                .keyFile,
                "\(signingKeyPath) is not the key this node's streams were signed with (key \(recordedKey), "
                    + "\(identityPath)); restore the original key, or rotate keys through the directory")
        }
        guard fields["code"] != nil, fields["signing-key"] != nil else {
            throw NodeError(.nodeDirectory, "\(identityPath) is damaged: it does not name a code and a key")
        }
    }
}
