import Crypto
import Foundation
import Model

/// The custodian's side of the directory: its key, and each next version, hash-chained and signed.
extension NodeDirectory {
    /// Makes the directory key (a third key role, beside the record-signing and TLS keys), has `root` certify
    /// it, and publishes version 1 listing the custodian itself: its TLS key hash, its signing key and its
    /// federation endpoint (none while `federation.listen` asks for a free port: `gcscp directory endpoint`
    /// lists it later).
    /// - Throws: `NodeError` when a directory key exists already or a key cannot be made.
    public func initializeDirectory(root: CertificateAuthority) throws(NodeError) {
        let configuration = try loadConfiguration()
        guard !FileManager.default.fileExists(atPath: directoryKeyPath) else {
            throw NodeError(.nodeDirectory, "\(directoryKeyPath) exists: the directory has a key already")
        }
        let key: SigningKey
        let certificate: Certificate
        do {
            key = try SigningKey()
            certificate = try root.certifyDirectoryKey(key.publicKey, code: configuration.code.code)
        } catch {
            throw NodeError(.keyFile, "could not make the directory key: \(error)")
        }
        try createFolder(directoryFolderPath)
        try SecureFile.create(directoryKeyPath, text: key.pemRepresentation)
        try storeDirectoryCertificates([], adding: [certificate])
        let custodian = DirectoryNode(
            id: 1, nodeClass: .custodian, code: configuration.code,
            endpoints: Self.directoryEndpoints([configuration.federationListen]),
            tlsKeyHashes: [try loadTLSKey().publicKeyHash],
            signingKeys: [DirectorySigningKey(try loadSigningKey().publicKey)])
        let first = DirectoryVersion.first(
            custodian: custodian, issuedAtMilliseconds: DirectoryClock.now(),
            certificateFingerprint: certificate.fingerprint)
        try publish(first, key: key)
    }

    /// Publishes the next version: the current one with `edit` applied, numbered one more, chained onto it and
    /// signed with the directory key. Returns it.
    /// - Throws: `NodeError` `.input` when the edit is refused (a duplicate code or key, an unknown node),
    ///   `.nodeDirectory` when this folder holds no directory key or directory.
    @discardableResult
    public func publishDirectory(
        _ edit: (inout DirectoryVersion) throws(DirectoryEditError) -> Void
    ) throws(NodeError) -> SignedDirectoryVersion {
        let held = try loadDirectory()
        guard let current = held.current else {
            throw NodeError(.nodeDirectory, "\(directoryFolderPath) holds no directory; run 'gcscp ca init' first")
        }
        let keyText = try SecureFile.read(directoryKeyPath, what: "directory key")
        let key: SigningKey
        do { key = try SigningKey(pemRepresentation: keyText) } catch {
            throw NodeError(.keyFile, "\(directoryKeyPath): not an Ed25519 private key in PEM (\(error))")
        }
        let issued = max(DirectoryClock.now(), current.version.issuedAtMilliseconds)
        var next = current.successor(issuedAtMilliseconds: issued)
        do { try edit(&next) } catch { throw NodeError(.input, "the directory cannot be changed: \(error)") }
        return try publish(next, key: key, after: held)
    }

    /// The next free node id: one more than the highest ever listed (ids are never reused).
    public static func nextNodeID(in version: DirectoryVersion) -> UInt32 {
        (version.nodes.map(\.id).max() ?? 0) + 1
    }

    /// The endpoints a directory may list: those with a fixed port.
    static func directoryEndpoints(_ endpoints: [Endpoint]) -> [Model.Endpoint] {
        endpoints.compactMap { Model.Endpoint(host: $0.host, port: $0.port) }
    }

    @discardableResult
    private func publish(
        _ version: DirectoryVersion, key: SigningKey, after held: HeldDirectory? = nil
    ) throws(NodeError) -> SignedDirectoryVersion {
        let signed: SignedDirectoryVersion
        do { signed = try SignedDirectoryVersion.sign(version, with: key) } catch {
            throw NodeError(.input, "the directory version cannot be signed: \(error)")
        }
        // Check the new version as every node will, so the custodian never publishes one they refuse.
        var chain: DirectoryChain
        if let held { chain = held.chain } else { chain = DirectoryChain(roots: try loadFederationRoots()) }
        let certificates = try loadDirectoryCertificates()
        if let refusal = chain.accept(signed.bytes, certificates: certificates, nowMilliseconds: DirectoryClock.now()) {
            throw NodeError(.nodeDirectory, "the new directory version would be refused: \(refusal)")
        }
        try writeDirectoryVersion(signed)
        return signed
    }
}
