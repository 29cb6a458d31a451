import Crypto

/// Reads one node of a directory version and checks its own rules (field forms, canonical order).
enum DirectoryNodeDecoder {
    static func decode(
        _ reader: inout FieldReader<DirectoryRefusal>, number: UInt64
    ) throws(DirectoryRefusal) -> DirectoryNode {
        func refuse(_ detail: String) -> DirectoryRefusal { DirectoryRefusal(.malformed, number: number, detail) }
        let id = try reader.uint32()
        guard let nodeClass = DirectoryVersion.nodeClass(byte: try reader.uint8()) else {
            throw refuse("node \(id) has a class other than custodian (1), member (2) or regional (3)")
        }
        guard let code = OriginID(try reader.shortText()) else {
            throw refuse("node \(id) has a code that is not 2 to 16 characters A-Z or 0-9")
        }
        let flags = try reader.uint8()
        guard flags <= 1 else { throw refuse("node \(id) has unknown flags set") }

        let endpointCount = Int(try reader.uint8())
        guard endpointCount <= DirectoryVersion.maximumEndpoints else {
            throw refuse("node \(id) has over 8 endpoints")
        }
        var endpoints: [Endpoint] = []
        for _ in 0..<endpointCount {
            guard let endpoint = Endpoint(host: try reader.shortText(), port: try reader.uint16()) else {
                throw refuse("node \(id) has an endpoint that is not a lower-case host and a port from 1")
            }
            endpoints.append(endpoint)
        }
        guard isStrictlyAscending(endpoints, by: <) else { throw refuse("node \(id)'s endpoints are not sorted") }

        let hashCount = Int(try reader.uint8())
        guard hashCount <= DirectoryVersion.maximumTLSKeyHashes else {
            throw refuse("node \(id) has over 8 TLS key hashes")
        }
        var hashes: [[UInt8]] = []
        for _ in 0..<hashCount { hashes.append(try reader.bytes(32)) }
        guard isStrictlyAscending(hashes, by: { $0.lexicographicallyPrecedes($1) }) else {
            throw refuse("node \(id)'s TLS key hashes are not sorted")
        }

        let keyCount = Int(try reader.uint8())
        guard keyCount <= DirectoryVersion.maximumSigningKeys else { throw refuse("node \(id) has over 16 keys") }
        var keys: [DirectorySigningKey] = []
        for _ in 0..<keyCount {
            let raw = try reader.bytes(32)
            var watermarks: [StreamName: UInt64]?
            switch try reader.uint8() {
            case 0: watermarks = nil
            case 1: watermarks = [.public: try reader.uint64(), .members: try reader.uint64()]
            default: throw refuse("node \(id) has a key whose revocation flag is neither 0 nor 1")
            }
            guard let key = DirectorySigningKey(publicKey: raw, revokedAfter: watermarks) else {
                throw refuse("node \(id) lists a signing key that is not an Ed25519 public key")
            }
            keys.append(key)
        }
        guard isStrictlyAscending(keys, by: { $0.publicKey.lexicographicallyPrecedes($1.publicKey) }) else {
            throw refuse("node \(id)'s signing keys are not sorted")
        }
        return DirectoryNode(
            id: id, nodeClass: nodeClass, code: code, endpoints: endpoints, tlsKeyHashes: hashes,
            signingKeys: keys, isRevoked: flags == 1)
    }

    private static func isStrictlyAscending<T>(_ items: [T], by less: (T, T) -> Bool) -> Bool {
        zip(items, items.dropFirst()).allSatisfy { less($0, $1) }
    }
}

/// The rules that span nodes: what makes a directory one federation's.
enum DirectoryConsistency {
    /// What breaks a rule, in a sentence, or nil when the version keeps them all.
    static func problem(in version: DirectoryVersion) -> String? {
        let custodians = version.nodes.filter { $0.nodeClass == .custodian }
        guard custodians.count == 1, !custodians[0].isRevoked else {
            return "a directory lists exactly one custodian, not revoked"
        }
        var codes: Set<OriginID> = []
        var tlsHashes: Set<[UInt8]> = []
        var keyIDs: Set<KeyID> = []
        for node in version.nodes {
            guard codes.insert(node.code).inserted else { return "two nodes share the code \(node.code)" }
            for hash in node.tlsKeyHashes where !tlsHashes.insert(hash).inserted {
                return "two nodes share a TLS key hash"
            }
            for key in node.signingKeys where !keyIDs.insert(key.keyID).inserted {
                return "two keys share the key id \(key.keyID)"
            }
            if node.isRevoked && node.signingKeys.contains(where: { $0.revokedAfter == nil }) {
                return "revoked node \(node.id) still has a signing key that is not revoked"
            }
        }
        return nil
    }
}
