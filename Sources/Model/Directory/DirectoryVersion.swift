import Crypto

/// One version of the custodian's directory: every node, its class, endpoints, TLS key hashes and signing keys.
///
/// Versions form a hash chain: version N + 1 names the SHA-256 of version N's exact bytes. The custodian signs
/// each with its directory key, which the federation root certifies. `Protocol/directory.md` defines the bytes.
public struct DirectoryVersion: Hashable, Sendable {
    /// The version's number: 1, 2, 3, ... without gaps.
    public var number: UInt64
    /// SHA-256 of the previous version's bytes; 32 zero bytes for version 1, and only there.
    public var previousHash: [UInt8]
    /// When the custodian issued it, in milliseconds since the Unix epoch.
    public var issuedAtMilliseconds: UInt64
    /// SHA-256 of the DER certificate that certifies the directory key signing this version.
    public var certificateFingerprint: [UInt8]
    /// The nodes, sorted by id.
    public var nodes: [DirectoryNode]

    /// Makes a version; the nodes are sorted by id.
    public init(
        number: UInt64, previousHash: [UInt8], issuedAtMilliseconds: UInt64, certificateFingerprint: [UInt8],
        nodes: [DirectoryNode]
    ) {
        self.number = number
        self.previousHash = previousHash
        self.issuedAtMilliseconds = issuedAtMilliseconds
        self.certificateFingerprint = certificateFingerprint
        self.nodes = nodes.sorted { $0.id < $1.id }
    }

    /// The format version that `Protocol/directory.md` describes.
    public static let formatVersion: UInt8 = 1
    /// The four bytes every version starts with: "GCSD".
    public static let magic: [UInt8] = Array("GCSD".utf8)
    /// Prefixed to the version's bytes to make the signing input.
    public static let signingDomain: [UInt8] = Array("GCSCP-directory-v1".utf8) + [0]
    /// The most nodes a version lists.
    public static let maximumNodes = 4096
    /// The most endpoints, TLS key hashes and signing keys one node lists.
    public static let maximumEndpoints = 8
    public static let maximumTLSKeyHashes = 8
    public static let maximumSigningKeys = 16
    /// The largest version in bytes (signature included).
    public static let maximumSize = 1 << 20

    /// The version's bytes without the signature: what the signature covers, after the domain tag. Counts over
    /// a field's width are clamped rather than trapping, so such a version fails to decode and is never signed.
    public func encodedWithoutSignature() -> [UInt8] {
        var writer = ByteWriter(capacity: 128 + nodes.count * 160)
        writer.append(Self.magic)
        writer.append(Self.formatVersion)
        writer.append(number)
        writer.append(previousHash)
        writer.append(issuedAtMilliseconds)
        writer.append(certificateFingerprint)
        writer.append(UInt16(clamping: nodes.count))
        for node in nodes { Self.encode(node, into: &writer) }
        return writer.bytes
    }

    private static func encode(_ node: DirectoryNode, into writer: inout ByteWriter) {
        writer.append(node.id)
        writer.append(classByte(node.nodeClass))
        writer.appendShortText(node.code.code)
        writer.append(node.isRevoked ? UInt8(1) : 0)
        writer.append(UInt8(clamping: node.endpoints.count))
        for endpoint in node.endpoints {
            writer.appendShortText(endpoint.host)
            writer.append(endpoint.port)
        }
        writer.append(UInt8(clamping: node.tlsKeyHashes.count))
        for hash in node.tlsKeyHashes { writer.append(hash) }
        writer.append(UInt8(clamping: node.signingKeys.count))
        for key in node.signingKeys {
            writer.append(key.publicKey)
            if let watermarks = key.revokedAfter {
                writer.append(UInt8(1))
                writer.append(watermarks[.public, default: 0])
                writer.append(watermarks[.members, default: 0])
            } else {
                writer.append(UInt8(0))
            }
        }
    }

    /// The byte that stands for a node class: 1 custodian, 2 member, 3 regional.
    static func classByte(_ nodeClass: NodeIdentity.NodeClass) -> UInt8 {
        switch nodeClass {
        case .custodian: 1
        case .member: 2
        case .regional: 3
        }
    }

    static func nodeClass(byte: UInt8) -> NodeIdentity.NodeClass? {
        [1: .custodian, 2: .member, 3: .regional][byte]
    }
}
