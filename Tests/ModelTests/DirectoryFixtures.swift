import Crypto
import Foundation
import Model

/// A federation for directory tests: a root, the custodian's directory key certified by it, and helpers that
/// make and sign versions. Keys and certificates are made fresh for each test.
struct DirectoryFederation {
    let root: CertificateAuthority
    let directoryKey: SigningKey
    let certificate: Certificate
    let now: UInt64 = UInt64(Date().timeIntervalSince1970 * 1000)

    init() throws {
        root = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        directoryKey = try SigningKey()
        certificate = try root.certifyDirectoryKey(directoryKey.publicKey, code: "UNODA")
    }

    var chain: DirectoryChain { DirectoryChain(roots: [root.certificate]) }

    static func node(
        _ id: UInt32, _ nodeClass: NodeIdentity.NodeClass, _ code: String, port: UInt16 = 7443,
        tlsKeyHash: [UInt8]? = nil, keys: [VerifyingKey] = []
    ) -> DirectoryNode {
        DirectoryNode(
            id: id, nodeClass: nodeClass, code: OriginID(code)!,
            endpoints: [Endpoint(host: "\(code.lowercased()).example.org", port: port)!],
            tlsKeyHashes: [tlsKeyHash ?? SHA256.hash(Array(code.utf8))], signingKeys: keys.map(DirectorySigningKey.init)
        )
    }

    /// Version 1: the custodian alone.
    func first() throws -> SignedDirectoryVersion {
        try sign(
            DirectoryVersion.first(
                custodian: Self.node(1, .custodian, "UNODA"), issuedAtMilliseconds: now,
                certificateFingerprint: certificate.fingerprint))
    }

    /// The version after `previous`, edited by `edit`.
    func next(
        after previous: SignedDirectoryVersion, _ edit: (inout DirectoryVersion) throws -> Void
    ) throws -> SignedDirectoryVersion {
        var version = previous.successor(issuedAtMilliseconds: now + previous.version.number)
        try edit(&version)
        return try sign(version)
    }

    func sign(_ version: DirectoryVersion, with key: SigningKey? = nil) throws -> SignedDirectoryVersion {
        try SignedDirectoryVersion.sign(version, with: key ?? directoryKey)
    }
}
