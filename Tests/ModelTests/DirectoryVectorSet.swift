import Crypto
import Model

/// The shape of `Protocol/vectors/directory.json`; `Protocol/directory.md` explains each field.
struct DirectoryVectorSet: Codable, Equatable {
    struct Key: Codable, Equatable {
        var seed: String
        var publicKey: String
    }

    struct SigningKeyFields: Codable, Equatable {
        var publicKey: String
        var keyID: String
        var revokedAfter: [String: UInt64]?
    }

    struct NodeFields: Codable, Equatable {
        var id: UInt32
        var nodeClass: String
        var code: String
        var endpoints: [String]
        var tlsKeyHashes: [String]
        var signingKeys: [SigningKeyFields]
        var revoked: Bool

        init(_ node: DirectoryNode) {
            id = node.id
            nodeClass = node.nodeClass.rawValue
            code = node.code.code
            endpoints = node.endpoints.map(\.description)
            tlsKeyHashes = node.tlsKeyHashes.map(Hex.encode)
            signingKeys = node.signingKeys.map { key in
                SigningKeyFields(
                    publicKey: Hex.encode(key.publicKey), keyID: key.keyID.description,
                    revokedAfter: key.revokedAfter.map {
                        Dictionary(uniqueKeysWithValues: $0.map { ($0.key.description, $0.value) })
                    })
            }
            revoked = node.isRevoked
        }
    }

    struct VersionFields: Codable, Equatable {
        var number: UInt64
        var previousHash: String
        var issuedAtMilliseconds: UInt64
        var certificateFingerprint: String
        var nodes: [NodeFields]

        init(_ version: DirectoryVersion) {
            number = version.number
            previousHash = Hex.encode(version.previousHash)
            issuedAtMilliseconds = version.issuedAtMilliseconds
            certificateFingerprint = Hex.encode(version.certificateFingerprint)
            nodes = version.nodes.map(NodeFields.init)
        }
    }

    struct Version: Codable, Equatable {
        var name: String
        var hex: String
        var hash: String
        var signature: String
        var fields: VersionFields
    }

    struct Invalid: Codable, Equatable {
        var name: String
        /// How many of `versions` the node holds when this arrives.
        var held: Int
        var hex: String
        var reason: String
    }

    var format: String
    var signingDomain: String
    var directoryKey: Key
    var checkedAtMilliseconds: UInt64
    var versions: [Version]
    var invalid: [Invalid]

    static let issuedAt: UInt64 = 1_767_225_600_000

    /// Builds the vectors: fixed seeds, fixed times, and in place of a certificate (which cannot be fixed: ECDSA
    /// signatures and serials are random) the fingerprint SHA-256("GCSCP example directory key certificate").
    static func build() throws -> DirectoryVectorSet {
        let directoryKey = try SigningKey(seed: (32..<64).map { UInt8($0) })
        let recordKey = try SigningKey(seed: (0..<32).map { UInt8($0) })
        let fingerprint = SHA256.hash(Array("GCSCP example directory key certificate".utf8))
        func node(_ id: UInt32, _ nodeClass: NodeIdentity.NodeClass, _ code: String, keys: [VerifyingKey] = [])
            -> DirectoryNode
        {
            DirectoryNode(
                id: id, nodeClass: nodeClass, code: OriginID(code)!,
                endpoints: [Endpoint(host: "\(code.lowercased()).example.org", port: 7443)!],
                tlsKeyHashes: [SHA256.hash(Array("\(code) TLS key".utf8))],
                signingKeys: keys.map(DirectorySigningKey.init))
        }
        let first = try SignedDirectoryVersion.sign(
            .first(
                custodian: node(1, .custodian, "UNODA"), issuedAtMilliseconds: issuedAt,
                certificateFingerprint: fingerprint),
            with: directoryKey)
        var draft = first.successor(issuedAtMilliseconds: issuedAt + 60_000)
        try draft.addNode(node(2, .member, "KEN", keys: [recordKey.publicKey]))
        try draft.addNode(node(3, .regional, "AU"))
        let second = try SignedDirectoryVersion.sign(draft, with: directoryKey)
        draft = second.successor(issuedAtMilliseconds: issuedAt + 120_000)
        try draft.revokeSigningKey(KeyID(of: recordKey.publicKey), after: [.public: 2])
        try draft.updateEndpoints(ofNode: 3, to: [Endpoint(host: "192.0.2.7", port: 8443)!])
        let third = try SignedDirectoryVersion.sign(draft, with: directoryKey)

        var skipping = second.successor(issuedAtMilliseconds: issuedAt + 120_000)
        skipping.number = 4
        var unchained = second.successor(issuedAtMilliseconds: issuedAt + 120_000)
        unchained.previousHash = first.hash
        var flipped = second.bytes
        flipped[flipped.firstRange(of: Array("ken.example".utf8))!.lowerBound] = UInt8(ascii: "m")
        let invalid: [(String, Int, [UInt8], String)] = [
            ("truncated", 0, Array(first.bytes.dropLast()), "directory-malformed"),
            (
                "skips-a-number", 2, try SignedDirectoryVersion.sign(skipping, with: directoryKey).bytes,
                "directory-wrong-number"
            ),
            (
                "not-chained", 2, try SignedDirectoryVersion.sign(unchained, with: directoryKey).bytes,
                "directory-not-chained"
            ),
            ("flipped-byte", 1, flipped, "directory-bad-signature"),
            (
                "signed-by-another-key", 2, try SignedDirectoryVersion.sign(draft, with: recordKey).bytes,
                "directory-bad-signature"
            ),
        ]
        return DirectoryVectorSet(
            format: "GCSD 01", signingDomain: Hex.encode(DirectoryVersion.signingDomain),
            directoryKey: Key(
                seed: Hex.encode(directoryKey.seed), publicKey: Hex.encode(directoryKey.publicKey.rawRepresentation)),
            checkedAtMilliseconds: issuedAt + 180_000,
            versions: zip(["first", "add-member-and-regional", "revoke-key-move-endpoint"], [first, second, third]).map
            {
                Version(
                    name: $0, hex: Hex.encode($1.bytes), hash: Hex.encode($1.hash), signature: Hex.encode($1.signature),
                    fields: VersionFields($1.version))
            },
            invalid: invalid.map { Invalid(name: $0.0, held: $0.1, hex: Hex.encode($0.2), reason: $0.3) })
    }
}
