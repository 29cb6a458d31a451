import Foundation
import Model
import Store
import Synchronization

/// The directory a running node holds, shared by the sync routes and the replicator.
///
/// Newer versions come from the node folder (written by `gcscp directory` commands or by `install(_:)` from a
/// peer); `refresh()` takes them, checked one by one onto the version held, and trusts their signing keys.
public final class LiveDirectory: Sendable {
    private let folder: NodeDirectory
    private let store: Store
    private let held: Mutex<HeldDirectory>

    init(folder: NodeDirectory, store: Store, held: HeldDirectory) {
        self.folder = folder
        self.store = store
        self.held = Mutex(held)
    }

    /// The directory held now.
    public var current: HeldDirectory { held.withLock { $0 } }

    /// Takes the versions stored in the node folder after the one held and trusts their keys; returns whether
    /// the version changed. Cost: one folder listing when nothing is new.
    /// - Throws: `NodeError` when a stored version is refused or the store fails.
    @discardableResult
    public func refresh() throws(NodeError) -> Bool {
        let number = current.number
        guard folder.highestStoredVersion() > number else { return false }
        let loaded = try folder.loadDirectory()
        guard loaded.number > number else { return false }
        try Self.trustKeys(of: loaded, in: store)
        // Two refreshes may race; the later version wins whichever finishes last.
        held.withLock { if loaded.number > $0.number { $0 = loaded } }
        return true
    }

    /// Takes the versions of a bundle a peer sent (after the one held), stores them and trusts their keys.
    /// - Throws: `NodeError` `.input` naming the refusal when a version does not chain onto the one held.
    public func install(_ bundle: DirectoryBundle) throws(NodeError) {
        try folder.installDirectory(bundle)
        try refresh()
    }

    static func trustKeys(of directory: HeldDirectory, in store: Store) throws(NodeError) {
        let listed = directory.current.map { Array($0.version.trustedKeys.values) } ?? []
        do {
            for key in listed { try store.trust(key) }
        } catch {
            throw NodeError(.database, error.description)
        }
    }
}

extension NodeDirectory {
    /// The highest version number stored in the folder, 0 for none.
    func highestStoredVersion() -> UInt64 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directoryFolderPath)) ?? []
        return names.compactMap { $0.hasSuffix(".gcsd") ? UInt64($0.dropLast(5)) : nil }.max() ?? 0
    }
}
