import Crypto

/// What a sender may mention to a peer: the same rule on every sync path (summary rows, range responses,
/// pushes, problems). A peer's class comes only from the directory, through its TLS key hash.
public enum SyncEntitlement {
    /// Whether a node of class `sender` may mention `stream` to a peer of class `peer`: `members` streams pass
    /// only between member and custodian nodes; a regional mirror holds none and never names one.
    public static func permits(
        _ stream: StreamName, sender: NodeIdentity.NodeClass, peer: NodeIdentity.NodeClass
    ) -> Bool {
        stream == .public || (holdsMembers(sender) && holdsMembers(peer))
    }

    /// Whether a node of this class holds `members` streams.
    public static func holdsMembers(_ nodeClass: NodeIdentity.NodeClass) -> Bool { nodeClass != .regional }

    /// The rows of `summary` the sender may mention to the peer.
    public static func filter(
        _ summary: SyncSummary, sender: NodeIdentity.NodeClass, peer: NodeIdentity.NodeClass
    ) -> SyncSummary {
        SyncSummary(rows: summary.rows.filter { permits($0.key.stream, sender: sender, peer: peer) })
    }

    /// Checks a range request from the peer. - Throws: `SyncProblem` `.notEntitled`, whose detail names no
    /// stream content.
    public static func check(
        _ request: RangeRequest, sender: NodeIdentity.NodeClass, peer: NodeIdentity.NodeClass
    ) throws(SyncProblem) {
        guard permits(request.key.stream, sender: sender, peer: peer) else {
            throw SyncProblem(.notEntitled, "a \(peer.rawValue) node may not read members streams")
        }
    }

    /// The peer presenting a TLS key with `tlsKeyHash`, from the current directory; checked on every request,
    /// since session resumption does not present the certificate again.
    /// - Throws: `SyncProblem` `.unknownPeer` for a key the directory does not list or a revoked node.
    public static func peer(tlsKeyHash: [UInt8], in directory: DirectoryVersion) throws(SyncProblem) -> DirectoryNode {
        guard let node = directory.node(forTLSKeyHash: tlsKeyHash) else {
            throw SyncProblem(.unknownPeer, "the TLS key is not in directory version \(directory.number)")
        }
        return node
    }
}
