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
