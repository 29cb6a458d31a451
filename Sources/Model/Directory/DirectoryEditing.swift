import Crypto

/// Why a directory edit could not be made.
public struct DirectoryEditError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kind of failure; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No node has the id given.
        public static let unknownNode = Code("unknown-node")
        /// No node lists the key given.
        public static let unknownKey = Code("unknown-key")
        /// The id, code, TLS key hash or key is already listed.
        public static let duplicate = Code("duplicate")
        /// The edit breaks a limit or rule of the directory (one custodian, at most 8 endpoints, ...).
        public static let invalid = Code("invalid")
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong, in a sentence.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// The operations that make the next version. Each checks what it can at once; `SignedDirectoryVersion.sign`
/// checks the whole version again before it signs.
extension DirectoryVersion {
    /// The first version of a federation's directory, listing its custodian.
    public static func first(
        custodian: DirectoryNode, issuedAtMilliseconds: UInt64, certificateFingerprint: [UInt8]
    ) -> DirectoryVersion {
        DirectoryVersion(
            number: 1, previousHash: [UInt8](repeating: 0, count: 32), issuedAtMilliseconds: issuedAtMilliseconds,
            certificateFingerprint: certificateFingerprint, nodes: [custodian])
    }

    /// Adds a node. - Throws: `.duplicate` when its id, code, a TLS key hash or a key is listed already;
    /// `.invalid` for a second custodian or a node over the limits.
    public mutating func addNode(_ node: DirectoryNode) throws(DirectoryEditError) {
        guard !nodes.contains(where: { $0.id == node.id || $0.code == node.code }) else {
            throw DirectoryEditError(.duplicate, "node id \(node.id) or code \(node.code) is already listed")
        }
        guard node.nodeClass != .custodian || !nodes.contains(where: { $0.nodeClass == .custodian }) else {
            throw DirectoryEditError(.invalid, "a directory lists exactly one custodian")
        }
        guard nodes.count < Self.maximumNodes else { throw DirectoryEditError(.invalid, "the directory is full") }
        try Self.checkLimits(node)
        for hash in node.tlsKeyHashes { try checkNewTLSKeyHash(hash) }
        for key in node.signingKeys { try checkNewKey(key.publicKey) }
        nodes.append(node)
        nodes.sort { $0.id < $1.id }
    }

    /// Replaces a node's endpoints. - Throws: `.unknownNode`, `.invalid` for more than 8.
    public mutating func updateEndpoints(ofNode id: UInt32, to endpoints: [Endpoint]) throws(DirectoryEditError) {
        let index = try nodeIndex(id)
        nodes[index].endpoints = Array(Set(endpoints)).sorted()
        try Self.checkLimits(nodes[index])
    }

    /// Lists one more TLS key hash for a node (a renewed or rolled-over certificate key).
    /// - Throws: `.unknownNode`, `.duplicate`, `.invalid` for more than 8 or a hash that is not 32 bytes.
    public mutating func addTLSKeyHash(_ hash: [UInt8], toNode id: UInt32) throws(DirectoryEditError) {
        let index = try nodeIndex(id)
        guard hash.count == 32 else { throw DirectoryEditError(.invalid, "a TLS key hash is 32 bytes") }
        try checkNewTLSKeyHash(hash)
        nodes[index].tlsKeyHashes = (nodes[index].tlsKeyHashes + [hash]).sorted { $0.lexicographicallyPrecedes($1) }
        try Self.checkLimits(nodes[index])
    }

    /// Lists a new record-signing key for a node. - Throws: `.unknownNode`, `.duplicate`, `.invalid`.
    public mutating func addSigningKey(_ key: VerifyingKey, toNode id: UInt32) throws(DirectoryEditError) {
        let index = try nodeIndex(id)
        guard !nodes[index].isRevoked else { throw DirectoryEditError(.invalid, "node \(id) is revoked") }
        try checkNewKey(key.rawRepresentation)
        nodes[index].signingKeys = (nodes[index].signingKeys + [DirectorySigningKey(key)]).sorted {
            $0.publicKey.lexicographicallyPrecedes($1.publicKey)
        }
        try Self.checkLimits(nodes[index])
    }

    /// Revokes a signing key: entries it signs past `watermarks[stream]` (0 when absent) are refused.
    /// - Throws: `.unknownKey`; `.invalid` when the key is revoked already (a watermark never moves).
    public mutating func revokeSigningKey(
        _ keyID: KeyID, after watermarks: [StreamName: UInt64]
    ) throws(DirectoryEditError) {
        for index in nodes.indices {
            guard let keyIndex = nodes[index].signingKeys.firstIndex(where: { $0.keyID == keyID }) else { continue }
            guard nodes[index].signingKeys[keyIndex].revokedAfter == nil else {
                throw DirectoryEditError(.invalid, "key \(keyID) is revoked already; its watermark never moves")
            }
            nodes[index].signingKeys[keyIndex].revokedAfter = Self.complete(watermarks)
            return
        }
        throw DirectoryEditError(.unknownKey, "no node lists key \(keyID)")
    }

    /// Revokes a node and every key of it not yet revoked, at `watermarks` (the node's stream heads as the
    /// custodian last saw them). - Throws: `.unknownNode`; `.invalid` for the custodian.
    public mutating func revokeNode(_ id: UInt32, after watermarks: [StreamName: UInt64]) throws(DirectoryEditError) {
        let index = try nodeIndex(id)
        guard nodes[index].nodeClass != .custodian else {
            throw DirectoryEditError(.invalid, "the custodian cannot revoke itself")
        }
        nodes[index].isRevoked = true
        for keyIndex in nodes[index].signingKeys.indices where nodes[index].signingKeys[keyIndex].revokedAfter == nil {
            nodes[index].signingKeys[keyIndex].revokedAfter = Self.complete(watermarks)
        }
    }

    private func nodeIndex(_ id: UInt32) throws(DirectoryEditError) -> Int {
        guard let index = nodes.firstIndex(where: { $0.id == id }) else {
            throw DirectoryEditError(.unknownNode, "no node has id \(id)")
        }
        return index
    }

    private func checkNewTLSKeyHash(_ hash: [UInt8]) throws(DirectoryEditError) {
        guard !nodes.contains(where: { $0.tlsKeyHashes.contains(hash) }) else {
            throw DirectoryEditError(.duplicate, "the TLS key hash is already listed")
        }
    }

    private func checkNewKey(_ raw: [UInt8]) throws(DirectoryEditError) {
        guard !nodes.contains(where: { $0.signingKeys.contains { $0.publicKey == raw } }) else {
            throw DirectoryEditError(.duplicate, "the signing key is already listed")
        }
    }

    private static func checkLimits(_ node: DirectoryNode) throws(DirectoryEditError) {
        guard node.endpoints.count <= maximumEndpoints, node.tlsKeyHashes.count <= maximumTLSKeyHashes,
            node.signingKeys.count <= maximumSigningKeys, node.tlsKeyHashes.allSatisfy({ $0.count == 32 })
        else {
            throw DirectoryEditError(.invalid, "a node lists at most 8 endpoints, 8 TLS key hashes and 16 keys")
        }
    }

    private static func complete(_ watermarks: [StreamName: UInt64]) -> [StreamName: UInt64] {
        [.public: watermarks[.public, default: 0], .members: watermarks[.members, default: 0]]
    }
}

extension SignedDirectoryVersion {
    /// Starts the next version: numbered one more, chained onto this one, with the same nodes to edit.
    public func successor(issuedAtMilliseconds: UInt64, certificateFingerprint: [UInt8]? = nil) -> DirectoryVersion {
        DirectoryVersion(
            number: version.number + 1, previousHash: hash, issuedAtMilliseconds: issuedAtMilliseconds,
            certificateFingerprint: certificateFingerprint ?? version.certificateFingerprint, nodes: version.nodes)
    }
}
