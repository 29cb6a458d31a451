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
    /// The custodian's directory, refreshed while the node runs.
    public let liveDirectory: LiveDirectory

    /// The directory held now.
    public var heldDirectory: HeldDirectory { liveDirectory.current }

    /// Opens the node in `directory`.
    /// - Throws: `NodeError` naming the file and the problem: configuration, key file, or database.
    public convenience init(directory: NodeDirectory) throws(NodeError) {
        try self.init(directory: directory, isNew: false)
    }

    private init(directory: NodeDirectory, isNew: Bool) throws(NodeError) {
        let configuration = try directory.loadConfiguration()
        let key = try directory.loadSigningKey()
        try directory.checkIdentity(code: configuration.code, signingKey: key.publicKey, create: isNew)
        var storeConfiguration = Store.Configuration(
            directory: directory.dataPath, origin: configuration.code, signingKey: key,
            holdsMembers: configuration.nodeClass.holdsMemberContent)
        storeConfiguration.mayCreateFiles = isNew
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
        let held = try directory.loadDirectory()
        liveDirectory = LiveDirectory(folder: directory, store: store, held: held)
        do {
            try store.trust(TrustedKey(origin: configuration.code, key: key.publicKey))
        } catch {
            throw NodeError(.database, error.description)
        }
        try LiveDirectory.trustKeys(of: held, in: store)
    }

    /// Creates a node folder and its databases, then opens it.
    public static func initialize(at path: String, configuration: NodeConfiguration) throws(NodeError) -> LocalNode {
        let directory = try NodeDirectory.initialize(at: path, configuration: configuration)
        return try LocalNode(directory: directory, isNew: true)
    }
}
