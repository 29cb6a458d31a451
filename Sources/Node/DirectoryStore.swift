import Crypto
import Foundation
import Model

/// The custodian's directory as a node folder keeps it.
///
/// ```
/// DIR/directory/certificates.pem     the directory key's certificate (and any issuing CA above it)
/// DIR/directory/NNNNNNNNNNNNNNNNNNNN.gcsd   each accepted version's exact bytes, numbered
/// DIR/keys/directory-key.pem         on the custodian: the directory key (Ed25519), mode 0600
/// ```
///
/// Versions are written only after `DirectoryChain` accepted them, and replayed through it again at load, so
/// a file that does not chain is never taken on trust.
extension NodeDirectory {
    /// The folder of directory versions.
    public var directoryFolderPath: String { "\(path)/directory" }
    /// The certificates that certify the directory key.
    public var directoryCertificatesPath: String { "\(directoryFolderPath)/certificates.pem" }
    /// The custodian's directory key.
    public var directoryKeyPath: String { "\(keysPath)/directory-key.pem" }

    func directoryVersionPath(_ number: UInt64) -> String {
        let digits = String(number)
        return "\(directoryFolderPath)/\(String(repeating: "0", count: max(0, 20 - digits.count)))\(digits).gcsd"
    }

    /// Reads every stored version and checks the chain again from version 1 against the federation root.
    /// - Throws: `NodeError` `.nodeDirectory` when a file is missing, unreadable or refused by the chain.
    public func loadDirectory(nowMilliseconds: UInt64 = DirectoryClock.now()) throws(NodeError) -> HeldDirectory {
        let numbers = storedVersionNumbers()
        guard !numbers.isEmpty else { return HeldDirectory(chain: DirectoryChain(roots: []), versions: []) }
        let roots = try loadFederationRoots()
        let certificates = try loadDirectoryCertificates()
        var chain = DirectoryChain(roots: roots)
        var versions: [SignedDirectoryVersion] = []
        for number in numbers {
            let file = directoryVersionPath(number)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw NodeError(.nodeDirectory, "\(file): the directory version cannot be read")
            }
            if let refusal = chain.accept(Array(data), certificates: certificates, nowMilliseconds: nowMilliseconds) {
                throw NodeError(.nodeDirectory, "\(file): \(refusal)")
            }
            versions.append(chain.current!)
        }
        return HeldDirectory(chain: chain, versions: versions, certificates: certificates)
    }

    /// Takes the versions of `bundle` that come after the one held, one by one, as `DirectoryChain` allows, and
    /// stores each; versions the node holds already are skipped. Returns how many were taken.
    /// - Throws: `NodeError` `.input` naming the refusal (`directory-not-chained`, ...) of the first version
    ///   refused; the versions before it stay taken.
    @discardableResult
    public func installDirectory(_ bundle: DirectoryBundle) throws(NodeError) -> Int {
        var held = try loadDirectory()
        let offered: [Certificate]
        do { offered = try bundle.parsedCertificates() } catch {
            throw NodeError(.input, "the directory bundle carries a certificate that is not DER X.509: \(error)")
        }
        if held.chain.roots.isEmpty { held.chain = DirectoryChain(roots: try loadFederationRoots()) }
        var taken = 0
        for bytes in bundle.versions {
            let number = (try? SignedDirectoryVersion.decode(bytes))?.version.number ?? 0
            // TODO(#4): report a version that differs from the one held under its number (a custodian that
            // signed two histories) instead of skipping it.
            if number > 0, number <= held.number { continue }
            let now = DirectoryClock.now()
            if let refusal = held.chain.accept(bytes, certificates: held.certificates + offered, nowMilliseconds: now) {
                throw NodeError(.input, refusal.description)
            }
            try storeDirectoryCertificates(held.certificates, adding: offered)
            held.certificates = try loadDirectoryCertificates()
            try writeDirectoryVersion(held.chain.current!)
            taken += 1
        }
        return taken
    }

    /// A bundle of the versions after `after` and the certificates that certify their key, as the sync
    /// protocol's directory exchange carries them.
    public func directoryBundle(after: UInt64) throws(NodeError) -> DirectoryBundle {
        let held = try loadDirectory()
        return held.bundle(after: after)
    }

    /// Stores a version under its number, never replacing another: two writers racing for one number (two
    /// `gcscp directory add` at once, or two pullers taking the same version) cannot leave a fork on disk. The
    /// file is written whole under a temporary name, then linked to its final name, which fails if it exists.
    /// - Throws: `NodeError` `.nodeDirectory` when another version holds the number, or writing fails.
    func writeDirectoryVersion(_ version: SignedDirectoryVersion) throws(NodeError) {
        try createFolder(directoryFolderPath)
        let file = directoryVersionPath(version.version.number)
        let temporary = "\(file).\(UUID().uuidString).tmp"
        do { try Data(version.bytes).write(to: URL(fileURLWithPath: temporary)) } catch {
            throw NodeError(.nodeDirectory, "\(file): could not write the directory version (\(error))")
        }
        defer { unlink(temporary) }
        guard link(temporary, file) != 0 else { return }
        let reason = String(cString: strerror(errno))
        guard let existing = FileManager.default.contents(atPath: file) else {
            throw NodeError(.nodeDirectory, "\(file): could not write the directory version (\(reason))")
        }
        guard Array(existing) == version.bytes else {
            throw NodeError(
                .nodeDirectory, "\(file): another directory version \(version.version.number) was stored first")
        }
    }

    func storeDirectoryCertificates(_ held: [Certificate], adding offered: [Certificate]) throws(NodeError) {
        var all = held
        for certificate in offered where !all.contains(where: { $0.fingerprint == certificate.fingerprint }) {
            all.append(certificate)
        }
        guard all.count != held.count || !FileManager.default.fileExists(atPath: directoryCertificatesPath) else {
            return
        }
        try createFolder(directoryFolderPath)
        do {
            try Data(Certificate.pemRepresentation(of: all).utf8).write(
                to: URL(fileURLWithPath: directoryCertificatesPath), options: .atomic)
        } catch {
            throw NodeError(.nodeDirectory, "\(directoryCertificatesPath): could not write the file (\(error))")
        }
    }

    func loadDirectoryCertificates() throws(NodeError) -> [Certificate] {
        guard let text = try? String(contentsOfFile: directoryCertificatesPath, encoding: .utf8) else { return [] }
        do { return try Certificate.chain(pemRepresentation: text) } catch {
            throw NodeError(.nodeDirectory, "\(directoryCertificatesPath): not PEM X.509 certificates (\(error))")
        }
    }

    func loadFederationRoots() throws(NodeError) -> [Certificate] {
        guard let text = try? String(contentsOfFile: federationRootPath, encoding: .utf8) else {
            throw NodeError(
                .nodeDirectory, "\(federationRootPath) is missing: the directory is checked against the federation root"
            )
        }
        do { return try Certificate.chain(pemRepresentation: text) } catch {
            throw NodeError(.nodeDirectory, "\(federationRootPath): not a PEM X.509 certificate (\(error))")
        }
    }

    private func storedVersionNumbers() -> [UInt64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directoryFolderPath)) ?? []
        return names.compactMap { name in
            guard name.hasSuffix(".gcsd") else { return nil }
            return UInt64(name.dropLast(5))
        }.sorted()
    }
}

/// The directory a node holds: the accepted chain, every version, and the directory key's certificates.
public struct HeldDirectory: Sendable {
    /// The chain, holding the latest version accepted.
    public var chain: DirectoryChain
    /// Every version, ascending from 1.
    public var versions: [SignedDirectoryVersion]
    /// The certificates that certify the directory key (sent beside the versions).
    public var certificates: [Certificate] = []

    /// The latest version, or nil for a node that holds none yet.
    public var current: SignedDirectoryVersion? { chain.current }
    /// The latest version's number, 0 when none is held.
    public var number: UInt64 { chain.current?.version.number ?? 0 }

    /// The versions after `after` with the certificates, ready to send.
    public func bundle(after: UInt64) -> DirectoryBundle {
        DirectoryBundle(
            certificates: certificates.map(\.derRepresentation),
            versions: DirectoryBundle.versions(after: after, from: versions))
    }
}

/// Wall time for directory issue times and checks.
public enum DirectoryClock {
    /// Milliseconds since the Unix epoch.
    public static func now() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }
}
