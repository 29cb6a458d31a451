import Crypto
import Foundation
import Model
import Store

/// A node opened from its folder: configuration, record-signing key and store, checked and ready.
///
/// Opening reads and checks every file it needs first, so a bad file is reported before anything is written.
public final class LocalNode: Sendable {
    /// The node's folder.
    public let directory: NodeDirectory
    /// The node's configuration.
    public let configuration: NodeConfiguration
    /// The node's record store.
    public let store: Store
    /// The public half of the record-signing key.
    public let signingKey: VerifyingKey
    // TODO(#4): take newer versions while serving (from peers and 'gcscp directory install'); today a
    // running node keeps the directory it opened with.
    /// The custodian's directory as the node held it when opened.
    public let heldDirectory: HeldDirectory

    /// Opens the node in `directory`.
    /// - Throws: `NodeError` naming the file and the problem: configuration, key file, or database.
    public init(directory: NodeDirectory) throws(NodeError) {
        let configuration = try directory.loadConfiguration()
        let key = try directory.loadSigningKey()
        let storeConfiguration = Store.Configuration(
            directory: directory.dataPath, origin: configuration.code, signingKey: key,
            holdsMembers: configuration.nodeClass.holdsMemberContent)
        do {
            store = try Store(storeConfiguration)
        } catch {
            throw NodeError(.database, error.description)
        }
        self.directory = directory
        self.configuration = configuration
        self.signingKey = key.publicKey
        // The node always trusts its own key; other origins' keys come from the directory, with their
        // revocation watermarks.
        heldDirectory = try directory.loadDirectory()
        do {
            try store.trust(TrustedKey(origin: configuration.code, key: key.publicKey))
            let listed = heldDirectory.current.map { Array($0.version.trustedKeys.values) } ?? []
            for trusted in listed { try store.trust(trusted) }
        } catch {
            throw NodeError(.database, error.description)
        }
    }

    /// Creates a node folder and its databases, then opens it.
    public static func initialize(at path: String, configuration: NodeConfiguration) throws(NodeError) -> LocalNode {
        let directory = try NodeDirectory.initialize(at: path, configuration: configuration)
        return try LocalNode(directory: directory)
    }
}
