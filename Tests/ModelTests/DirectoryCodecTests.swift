import Crypto
import Model
import Testing

@Suite struct DirectoryCodecTests {
    @Test func aVersionSurvivesItsBytes() throws {
        let federation = try DirectoryFederation()
        let key = try SigningKey()
        let first = try federation.first()
        let second = try federation.next(after: first) {
            try $0.addNode(DirectoryFederation.node(7, .member, "KEN", keys: [key.publicKey]))
            try $0.addNode(DirectoryFederation.node(3, .regional, "AU"))
            try $0.addTLSKeyHash(SHA256.hash([1]), toNode: 7)
            try $0.updateEndpoints(
                ofNode: 7, to: [Endpoint(host: "::1", port: 7443)!, Endpoint(host: "ken.example.org", port: 443)!])
            try $0.revokeSigningKey(KeyID(of: key.publicKey), after: [.members: 9])
        }
        let decoded = try SignedDirectoryVersion.decode(second.bytes)
        #expect(decoded.version == second.version)
        #expect(decoded.version.nodes.map(\.id) == [1, 3, 7])
        #expect(decoded.version.nodes[2].endpoints.map(\.description) == ["[::1]:7443", "ken.example.org:443"])
        #expect(decoded.signingInput.starts(with: Array("GCSCP-directory-v1".utf8) + [0]))
        #expect(decoded.hash == SHA256.hash(second.bytes))
        #expect(decoded.hasValidSignature(by: federation.directoryKey.publicKey))
        #expect(second.version.encodedWithoutSignature() + decoded.signature == second.bytes)
    }

    @Test func brokenLayoutsAreMalformed() throws {
        let federation = try DirectoryFederation()
        let bytes = try federation.first().bytes
        func detail(_ bytes: [UInt8]) -> String? {
            do {
                _ = try SignedDirectoryVersion.decode(bytes)
                return nil
            } catch {
                #expect(error.reason == .malformed)
                return error.detail
            }
        }
        #expect(detail(Array(bytes.dropLast())) == "the version is truncated")
        #expect(detail(bytes + [0]) == "the version is followed by extra bytes")
        #expect(
            detail([0x47, 0x43, 0x53, 0x45] + bytes.dropFirst(4)) == "the version is not a directory version (no GCSD)")
        var zeroNodes = bytes
        zeroNodes[4 + 1 + 8 + 32 + 8 + 32 + 1] = 0
        #expect(detail(zeroNodes) == "the node count is 0, over 4096 or past the end")
        var manyNodes = bytes
        manyNodes[4 + 1 + 8 + 32 + 8 + 32] = 0x0F
        #expect(detail(manyNodes) == "the node count is 0, over 4096 or past the end")
        var numberZero = bytes
        numberZero[12] = 0
        #expect(detail(numberZero) == "numbers start at 1, and only version 1 has an all-zero previous hash")
    }

    @Test func aDirectoryListsExactlyOneCustodianAndUniqueKeys() throws {
        let federation = try DirectoryFederation()
        let key = try SigningKey()
        var twoCustodians = try federation.first().successor(issuedAtMilliseconds: federation.now)
        twoCustodians.nodes.append(DirectoryFederation.node(2, .custodian, "UN"))
        #expect(throws: DirectoryRefusal(.malformed, number: 2, "a directory lists exactly one custodian, not revoked"))
        {
            try federation.sign(twoCustodians)
        }
        var sharedKey = try federation.first().successor(issuedAtMilliseconds: federation.now)
        sharedKey.nodes.append(DirectoryFederation.node(2, .member, "KEN", keys: [key.publicKey]))
        sharedKey.nodes.append(DirectoryFederation.node(3, .member, "TZA", keys: [key.publicKey]))
        #expect(throws: DirectoryRefusal.self) { try federation.sign(sharedKey) }
        var unsorted = try federation.first().successor(issuedAtMilliseconds: federation.now)
        unsorted.nodes = [DirectoryFederation.node(5, .member, "KEN")] + unsorted.nodes
        #expect(throws: DirectoryRefusal(.malformed, number: 2, "node ids are not in strictly ascending order")) {
            try federation.sign(unsorted)
        }
    }
}
