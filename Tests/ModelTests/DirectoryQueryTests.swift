import Crypto
import Model
import Testing

@Suite struct DirectoryQueryTests {
    @Test func aPeersClassComesFromItsTLSKeyHash() throws {
        let federation = try DirectoryFederation()
        let kenTLS = try TLSPrivateKey()
        let auTLS = try TLSPrivateKey()
        let first = try federation.first()
        let second = try federation.next(after: first) {
            try $0.addNode(DirectoryFederation.node(2, .member, "KEN", tlsKeyHash: kenTLS.publicKeyHash))
            try $0.addNode(DirectoryFederation.node(3, .regional, "AU", tlsKeyHash: auTLS.publicKeyHash))
        }
        let directory = second.version
        #expect(directory.identity(forTLSKeyHash: kenTLS.publicKeyHash) == (try NodeIdentity(.member, code: "KEN")))
        #expect(directory.identity(forTLSKeyHash: auTLS.publicKeyHash) == (try NodeIdentity(.regional, code: "AU")))
        #expect(directory.identity(forTLSKeyHash: try TLSPrivateKey().publicKeyHash) == nil)
        #expect(directory.nodesByTLSKeyHash[auTLS.publicKeyHash]?.code == OriginID("AU"))
        #expect(directory.peers(excluding: OriginID("KEN")!).map(\.code.code) == ["UNODA", "AU"])

        let third = try federation.next(after: second) { try $0.revokeNode(3, after: [.public: 7]) }
        #expect(third.version.identity(forTLSKeyHash: auTLS.publicKeyHash) == nil)
        #expect(third.version.nodesByTLSKeyHash[auTLS.publicKeyHash] == nil)
        #expect(third.version.peers(excluding: OriginID("KEN")!).map(\.code.code) == ["UNODA"])
        #expect(throws: SyncProblem(.unknownPeer, "the TLS key is not in directory version 3")) {
            try SyncEntitlement.peer(tlsKeyHash: auTLS.publicKeyHash, in: third.version)
        }
        #expect(try SyncEntitlement.peer(tlsKeyHash: kenTLS.publicKeyHash, in: third.version).id == 2)
    }

    @Test func aRevocationWatermarkReachesTheChainVerifier() throws {
        let federation = try DirectoryFederation()
        var stream = try StreamBuilder(origin: "KEN")
        for version in 1...4 { try stream.append(record: recordID(UInt8(version)), version: 1, visibility: .public) }
        let keyID = KeyID(of: stream.key.publicKey)
        let first = try federation.first()
        let second = try federation.next(after: first) {
            try $0.addNode(DirectoryFederation.node(2, .member, "KEN", keys: [stream.key.publicKey]))
        }
        #expect(second.version.trustedKeys[keyID]?.revokedAfter == nil)
        let third = try federation.next(after: second) { try $0.revokeSigningKey(keyID, after: [.public: 2]) }
        let keys = third.version.trustedKeys
        #expect(keys[keyID]?.revokedAfter == [.public: 2, .members: 0])
        #expect(keys[keyID]?.origin == OriginID("KEN"))

        let verdict = ChainVerifier.verify(stream.entries[.public]!, anchor: [UInt8](repeating: 0, count: 32)) {
            keys[$0]
        }
        #expect(verdict.acceptedCount == 2)
        #expect(verdict.refusal?.reason == .revokedKey)
        #expect(verdict.refusal?.sequence == 3)
    }

    @Test func revokingANodeRevokesItsKeysAtTheWatermarks() throws {
        let federation = try DirectoryFederation()
        let key = try SigningKey()
        let first = try federation.first()
        let second = try federation.next(after: first) {
            try $0.addNode(DirectoryFederation.node(2, .member, "KEN", keys: [key.publicKey]))
            try $0.revokeNode(2, after: [.public: 10, .members: 4])
        }
        #expect(second.version.node(code: OriginID("KEN")!)?.isRevoked == true)
        #expect(second.version.trustedKeys[KeyID(of: key.publicKey)]?.revokedAfter == [.public: 10, .members: 4])
    }

    @Test func editsThatBreakTheRulesAreRefused() throws {
        let federation = try DirectoryFederation()
        let key = try SigningKey()
        var version = try federation.first().successor(issuedAtMilliseconds: federation.now)
        try version.addNode(DirectoryFederation.node(2, .member, "KEN", keys: [key.publicKey]))
        func code(_ edit: (inout DirectoryVersion) throws -> Void) -> DirectoryEditError.Code? {
            var copy = version
            do {
                try edit(&copy)
                return nil
            } catch {
                return (error as? DirectoryEditError)?.code
            }
        }
        #expect(code { try $0.addNode(DirectoryFederation.node(2, .member, "KEN")) } == .duplicate)
        #expect(code { try $0.addNode(DirectoryFederation.node(3, .custodian, "UN")) } == .invalid)
        #expect(
            code { try $0.addNode(DirectoryFederation.node(3, .member, "TZA", keys: [key.publicKey])) } == .duplicate)
        #expect(code { try $0.updateEndpoints(ofNode: 9, to: []) } == .unknownNode)
        #expect(code { try $0.addSigningKey(key.publicKey, toNode: 1) } == .duplicate)
        #expect(code { try $0.revokeSigningKey(KeyID(of: try! SigningKey().publicKey), after: [:]) } == .unknownKey)
        #expect(code { try $0.revokeNode(1, after: [:]) } == .invalid)
        #expect(code { try $0.addTLSKeyHash([1, 2, 3], toNode: 2) } == .invalid)
        #expect(
            code {
                try $0.revokeSigningKey(KeyID(of: key.publicKey), after: [.public: 1])
                try $0.revokeSigningKey(KeyID(of: key.publicKey), after: [.public: 2])
            } == .invalid)
        #expect(code { try $0.addSigningKey(try! SigningKey().publicKey, toNode: 2) } == nil)
    }
}
