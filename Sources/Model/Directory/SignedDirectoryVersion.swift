import Crypto

/// A directory version as it travels and is stored: its exact bytes, the version read from them, its signature.
///
/// The signature is checked over `bytes` as received; nothing is re-encoded before it is checked.
public struct SignedDirectoryVersion: Sendable {
    /// The exact bytes, signature included.
    public let bytes: [UInt8]
    /// The fields read from `bytes`.
    public let version: DirectoryVersion
    let signatureOffset: Int

    /// The 64-byte Ed25519 signature.
    public var signature: ArraySlice<UInt8> { bytes[signatureOffset...] }

    /// SHA-256 of `bytes`: what the next version names as its previous hash.
    public var hash: [UInt8] { SHA256.hash(bytes) }

    /// What the signature covers: the domain tag `GCSCP-directory-v1\0`, then every byte before the signature.
    public var signingInput: [UInt8] { DirectoryVersion.signingDomain + bytes[..<signatureOffset] }

    /// Encodes and signs `version` with the directory key.
    /// - Throws: `DirectoryRefusal` `.malformed` when the version breaks a rule (it is checked by decoding the
    ///   result), `CryptoError` when signing fails.
    public static func sign(_ version: DirectoryVersion, with key: SigningKey) throws -> SignedDirectoryVersion {
        let unsigned = version.encodedWithoutSignature()
        let signature = try key.signature(for: DirectoryVersion.signingDomain + unsigned)
        return try decode(unsigned + signature)
    }

    /// Reads a version from its bytes, checking every rule of the layout; the signature is not checked here.
    /// - Throws: `DirectoryRefusal` `.malformed` naming the first rule broken.
    public static func decode(_ bytes: [UInt8]) throws(DirectoryRefusal) -> SignedDirectoryVersion {
        guard bytes.count <= DirectoryVersion.maximumSize else {
            throw DirectoryRefusal(.malformed, "the version is over \(DirectoryVersion.maximumSize) bytes")
        }
        var reader = FieldReader(bytes) { DirectoryRefusal(.malformed, "the version is \($0)") }
        guard try reader.bytes(4) == DirectoryVersion.magic else {
            throw reader.failure("not a directory version (no GCSD)")
        }
        guard try reader.uint8() == DirectoryVersion.formatVersion else { throw reader.failure("not of format 1") }
        let number = try reader.uint64()
        let previousHash = try reader.bytes(32)
        guard number > 0, (number == 1) == previousHash.allSatisfy({ $0 == 0 }) else {
            throw DirectoryRefusal(
                .malformed, number: number, "numbers start at 1, and only version 1 has an all-zero previous hash")
        }
        let issuedAt = try reader.uint64()
        let fingerprint = try reader.bytes(32)
        let nodeCount = Int(try reader.uint16())
        // The smallest node takes 12 bytes: refuse a count the remaining bytes cannot hold before reading on.
        guard (1...DirectoryVersion.maximumNodes).contains(nodeCount), nodeCount * 12 <= reader.remaining else {
            throw DirectoryRefusal(.malformed, number: number, "the node count is 0, over 4096 or past the end")
        }
        var nodes: [DirectoryNode] = []
        nodes.reserveCapacity(nodeCount)
        for _ in 0..<nodeCount {
            let node = try DirectoryNodeDecoder.decode(&reader, number: number)
            guard nodes.last.map({ $0.id < node.id }) ?? true else {
                throw DirectoryRefusal(.malformed, number: number, "node ids are not in strictly ascending order")
            }
            nodes.append(node)
        }
        let signatureOffset = reader.offset
        _ = try reader.bytes(64)
        try reader.expectEnd()
        let version = DirectoryVersion(
            number: number, previousHash: previousHash, issuedAtMilliseconds: issuedAt,
            certificateFingerprint: fingerprint, nodes: nodes)
        if let problem = DirectoryConsistency.problem(in: version) {
            throw DirectoryRefusal(.malformed, number: number, problem)
        }
        return SignedDirectoryVersion(bytes: bytes, version: version, signatureOffset: signatureOffset)
    }

    /// Whether the signature is `key`'s over these bytes.
    public func hasValidSignature(by key: VerifyingKey) -> Bool {
        key.isValidSignature(signature, for: signingInput)
    }
}
