import Crypto

/// One node as the directory lists it: who it is, where it listens, which keys it holds.
public struct DirectoryNode: Hashable, Sendable {
    /// The node's number in the directory: assigned by the custodian, stable, never reused.
    public var id: UInt32
    /// The node's class; a peer's class comes only from here, found through its TLS key hash.
    public var nodeClass: NodeIdentity.NodeClass
    /// The member or organisation code; also the origin of the records the node writes.
    public var code: OriginID
    /// Where its federation port listens, sorted.
    public var endpoints: [Endpoint]
    /// SHA-256 of each TLS key's SubjectPublicKeyInfo (`Certificate.publicKeyHash`), sorted.
    public var tlsKeyHashes: [[UInt8]]
    /// Its record-signing keys, sorted by raw key bytes; revoked keys stay listed with their watermarks.
    public var signingKeys: [DirectorySigningKey]
    /// Whether the node itself is revoked: it is no one's peer any more.
    public var isRevoked: Bool

    /// Makes a node entry; the arrays are sorted into the directory's canonical order.
    public init(
        id: UInt32, nodeClass: NodeIdentity.NodeClass, code: OriginID, endpoints: [Endpoint] = [],
        tlsKeyHashes: [[UInt8]] = [], signingKeys: [DirectorySigningKey] = [], isRevoked: Bool = false
    ) {
        self.id = id
        self.nodeClass = nodeClass
        self.code = code
        self.endpoints = endpoints.sorted()
        self.tlsKeyHashes = tlsKeyHashes.sorted { $0.lexicographicallyPrecedes($1) }
        self.signingKeys = signingKeys.sorted { $0.publicKey.lexicographicallyPrecedes($1.publicKey) }
        self.isRevoked = isRevoked
    }

    /// The node's identity (class and code), as its certificate names it.
    public var identity: NodeIdentity {
        // An origin code obeys the same rule as a node code (2 to 16 of A-Z, 0-9).
        try! NodeIdentity(nodeClass, code: code.code)
    }
}

/// A federation endpoint: host name or IP address and port.
public struct Endpoint: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// A DNS name in lower case, or an IPv4 or IPv6 address in text form.
    public let host: String
    /// The TCP port, 1 to 65535.
    public let port: UInt16

    /// Makes an endpoint, or nil when the host is not 1 to 253 characters of a-z, 0-9, ".", "-", ":" or the
    /// port is 0.
    public init?(host: String, port: UInt16) {
        let bytes = Array(host.utf8)
        guard (1...253).contains(bytes.count), port > 0, bytes.allSatisfy(Endpoint.isAllowed) else { return nil }
        self.host = host
        self.port = port
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
    }

    /// `host:port`, with an IPv6 address in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool { (lhs.host, lhs.port) < (rhs.host, rhs.port) }
}

/// A record-signing key the directory lists for a node.
public struct DirectorySigningKey: Hashable, Sendable {
    /// The raw 32-byte Ed25519 public key.
    public let publicKey: [UInt8]
    /// Per stream, the last sequence the key may sign; nil while the key is not revoked.
    public var revokedAfter: [StreamName: UInt64]?

    /// Wraps a raw key; nil when the bytes are not an Ed25519 public key.
    public init?(publicKey: [UInt8], revokedAfter: [StreamName: UInt64]? = nil) {
        guard (try? VerifyingKey(rawRepresentation: publicKey)) != nil else { return nil }
        self.publicKey = publicKey
        self.revokedAfter = revokedAfter
    }

    /// Lists `key`, not revoked.
    public init(_ key: VerifyingKey) {
        self.publicKey = key.rawRepresentation
        self.revokedAfter = nil
    }

    /// The key's identifier, as entries name it.
    public var keyID: KeyID { KeyID(of: verifyingKey) }

    /// The key, ready to verify.
    public var verifyingKey: VerifyingKey { try! VerifyingKey(rawRepresentation: publicKey) }
}
