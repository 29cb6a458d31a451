import Crypto

/// What the rest of the node asks the directory. Every answer comes from the current version only: a peer's
/// class comes from its certificate's key looked up here, never from configuration or the peer's claim.
extension DirectoryVersion {
    /// The listed, unrevoked node whose TLS key has this hash (`Certificate.publicKeyHash`), or nil.
    /// Cost: a scan of the nodes; build `DirectoryVersion.nodesByTLSKeyHash` once when asking often.
    public func node(forTLSKeyHash hash: [UInt8]) -> DirectoryNode? {
        nodes.first { !$0.isRevoked && $0.tlsKeyHashes.contains(hash) }
    }

    /// The identity (class and code) of the peer presenting a TLS key with this hash; nil for a key the
    /// directory does not list or a revoked node, which must then be refused.
    public func identity(forTLSKeyHash hash: [UInt8]) -> NodeIdentity? {
        node(forTLSKeyHash: hash)?.identity
    }

    /// Every unrevoked node by each of its TLS key hashes.
    public var nodesByTLSKeyHash: [[UInt8]: DirectoryNode] {
        var result: [[UInt8]: DirectoryNode] = [:]
        for node in nodes where !node.isRevoked {
            for hash in node.tlsKeyHashes { result[hash] = node }
        }
        return result
    }

    /// Every listed signing key, revoked ones with their watermarks, ready for `ChainVerifier`. Keys of revoked
    /// nodes stay, so what they signed before their watermark is still accepted.
    public var trustedKeys: [KeyID: TrustedKey] {
        var result: [KeyID: TrustedKey] = [:]
        for node in nodes {
            for key in node.signingKeys {
                result[key.keyID] = TrustedKey(
                    origin: node.code, key: key.verifyingKey, revokedAfter: key.revokedAfter)
            }
        }
        return result
    }

    /// The node with `code`, revoked or not.
    public func node(code: OriginID) -> DirectoryNode? { nodes.first { $0.code == code } }

    /// The unrevoked nodes other than `code`, with their endpoints: whom to replicate with.
    public func peers(excluding code: OriginID) -> [DirectoryNode] {
        nodes.filter { !$0.isRevoked && $0.code != code && !$0.endpoints.isEmpty }
    }
}
