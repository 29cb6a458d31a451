/// What one directory version may change from the one before: add nodes, endpoints, TLS key hashes and keys,
/// revoke keys and nodes. Nothing once listed disappears, and no revocation is lifted or moved, so an old
/// version's promises (which keys signed what) stay checkable forever.
enum DirectoryTransition {
    /// The first change that breaks the rule, in a sentence, or nil.
    static func problem(from previous: DirectoryVersion, to next: DirectoryVersion) -> String? {
        let nextByID = Dictionary(uniqueKeysWithValues: next.nodes.map { ($0.id, $0) })
        for old in previous.nodes {
            guard let new = nextByID[old.id] else { return "node \(old.id) (\(old.code)) was dropped" }
            guard new.code == old.code, new.nodeClass == old.nodeClass else {
                return "node \(old.id) changed its code or class"
            }
            guard new.isRevoked || !old.isRevoked else { return "node \(old.id)'s revocation was lifted" }
            let newKeys = Dictionary(uniqueKeysWithValues: new.signingKeys.map { ($0.publicKey, $0) })
            for key in old.signingKeys {
                guard let kept = newKeys[key.publicKey] else {
                    return "key \(key.keyID) of node \(old.id) was dropped"
                }
                if let watermarks = key.revokedAfter, kept.revokedAfter != watermarks {
                    return "key \(key.keyID)'s revocation was lifted or its watermark moved"
                }
            }
        }
        return nil
    }
}
