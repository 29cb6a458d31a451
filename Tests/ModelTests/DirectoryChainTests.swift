import Crypto
import Foundation
import Model
import Testing

@Suite struct DirectoryChainTests {
    @Test func aChainOfVersionsIsAccepted() throws {
        let federation = try DirectoryFederation()
        let first = try federation.first()
        let second = try federation.next(after: first) { try $0.addNode(DirectoryFederation.node(2, .member, "KEN")) }
        let third = try federation.next(after: second) {
            try $0.addNode(DirectoryFederation.node(3, .regional, "AU"))
            try $0.updateEndpoints(ofNode: 2, to: [Endpoint(host: "10.0.0.2", port: 8443)!])
        }
        var chain = federation.chain
        for version in [first, second, third] {
            #expect(
                chain.accept(version.bytes, certificates: [federation.certificate], nowMilliseconds: federation.now)
                    == nil)
        }
        #expect(chain.current?.version.number == 3)
        #expect(chain.current?.hash == third.hash)
        #expect(third.version.previousHash == second.hash)
        #expect(chain.current?.version.node(code: OriginID("KEN")!)?.endpoints.map(\.description) == ["10.0.0.2:8443"])
    }

    @Test func aVersionThatSkipsANumberIsRefused() throws {
        let federation = try DirectoryFederation()
        let first = try federation.first()
        var skipping = first.successor(issuedAtMilliseconds: federation.now)
        skipping.number = 3
        let refusal = try accept([first], then: try federation.sign(skipping), federation)
        #expect(refusal?.reason == .wrongNumber)
        #expect(refusal?.number == 3)

        var chain = federation.chain
        let second = try federation.next(after: first) { _ in }
        #expect(
            chain.accept(second.bytes, certificates: [federation.certificate], nowMilliseconds: federation.now)?.reason
                == .wrongNumber)
    }

    @Test func aVersionThatDoesNotChainIsRefused() throws {
        let federation = try DirectoryFederation()
        let first = try federation.first()
        var unchained = first.successor(issuedAtMilliseconds: federation.now)
        unchained.previousHash = SHA256.hash(Array("another history".utf8))
        #expect(try accept([first], then: try federation.sign(unchained), federation)?.reason == .notChained)
    }

    @Test func aVersionSignedByAKeyNoCertificateNamesIsRefused() throws {
        let federation = try DirectoryFederation()
        let first = try federation.first()
        let rogue = try SigningKey()
        let forged = try federation.sign(first.successor(issuedAtMilliseconds: federation.now), with: rogue)
        #expect(try accept([first], then: forged, federation)?.reason == .badSignature)

        var uncertified = first.successor(issuedAtMilliseconds: federation.now)
        uncertified.certificateFingerprint = SHA256.hash(rogue.publicKey.rawRepresentation)
        let refusal = try accept([first], then: try federation.sign(uncertified, with: rogue), federation)
        #expect(refusal?.reason == .keyNotCertified)
        #expect(refusal?.detail == "no certificate came with the fingerprint the version names")
    }

    @Test func aKeyCertifiedByAnotherFederationsRootIsRefused() throws {
        let federation = try DirectoryFederation()
        let first = try federation.first()
        let otherRoot = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        let rogue = try SigningKey()
        let rogueCertificate = try otherRoot.certifyDirectoryKey(rogue.publicKey, code: "UNODA")
        let forged = try federation.sign(
            first.successor(issuedAtMilliseconds: federation.now, certificateFingerprint: rogueCertificate.fingerprint),
            with: rogue)
        let refusal = try accept([first], then: forged, federation, certificates: [rogueCertificate])
        #expect(refusal?.reason == .keyNotCertified)
        #expect(refusal?.detail.hasSuffix("unable to get local issuer certificate") == true)
    }

    @Test func aKeyCertifiedForAnotherCodeIsRefused() throws {
        let federation = try DirectoryFederation()
        let first = try federation.first()
        let wrongCode = try federation.root.certifyDirectoryKey(federation.directoryKey.publicKey, code: "AU")
        let version = try federation.sign(
            first.successor(issuedAtMilliseconds: federation.now, certificateFingerprint: wrongCode.fingerprint))
        let refusal = try accept([first], then: version, federation, certificates: [wrongCode])
        #expect(refusal?.reason == .keyNotCertified)
        #expect(refusal?.detail == "the certificate is not a directory key certificate for UNODA")
    }

    @Test func oneFlippedByteIsRefused() throws {
        let federation = try DirectoryFederation()
        let first = try federation.first()
        let second = try federation.next(after: first) { try $0.addNode(DirectoryFederation.node(2, .member, "KEN")) }
        let host = Array("ken.example.org".utf8)
        let at = try #require(second.bytes.firstRange(of: host)).lowerBound
        var flipped = second.bytes
        flipped[at] = UInt8(ascii: "m")
        var chain = federation.chain
        _ = chain.accept(first.bytes, certificates: [federation.certificate], nowMilliseconds: federation.now)
        let refusal = chain.accept(flipped, certificates: [federation.certificate], nowMilliseconds: federation.now)
        #expect(refusal?.reason == .badSignature)
        var lastByte = second.bytes
        lastByte[lastByte.count - 1] ^= 1
        #expect(
            chain.accept(lastByte, certificates: [federation.certificate], nowMilliseconds: federation.now)?.reason
                == .badSignature)
        #expect(chain.current?.version.number == 1)
    }

    @Test func aVersionFromTheFutureOrBeforeTheHeldOneIsRefused() throws {
        let federation = try DirectoryFederation()
        let first = try federation.first()
        let early = try federation.sign(first.successor(issuedAtMilliseconds: federation.now - 1))
        #expect(try accept([first], then: early, federation)?.reason == .badTime)
        let future = try federation.sign(first.successor(issuedAtMilliseconds: federation.now + 3_600_000))
        #expect(try accept([first], then: future, federation)?.reason == .badTime)
    }

    @Test func aVersionMayNotUndoWhatWasListed() throws {
        let federation = try DirectoryFederation()
        let key = try SigningKey()
        let first = try federation.first()
        let second = try federation.next(after: first) {
            try $0.addNode(DirectoryFederation.node(2, .member, "KEN", keys: [key.publicKey]))
            try $0.revokeSigningKey(KeyID(of: key.publicKey), after: [.public: 5])
        }
        var lifted = second.successor(issuedAtMilliseconds: federation.now + 10)
        lifted.nodes[1].signingKeys[0].revokedAfter = nil
        #expect(try accept([first, second], then: try federation.sign(lifted), federation)?.reason == .illegalChange)
        var dropped = second.successor(issuedAtMilliseconds: federation.now + 10)
        dropped.nodes.removeLast()
        #expect(try accept([first, second], then: try federation.sign(dropped), federation)?.reason == .illegalChange)
    }

    /// Accepts `held` in order, then returns what `candidate` gets.
    private func accept(
        _ held: [SignedDirectoryVersion], then candidate: SignedDirectoryVersion, _ federation: DirectoryFederation,
        certificates: [Certificate]? = nil
    ) throws -> DirectoryRefusal? {
        var chain = federation.chain
        for version in held {
            try #require(
                chain.accept(version.bytes, certificates: [federation.certificate], nowMilliseconds: federation.now)
                    == nil)
        }
        return chain.accept(
            candidate.bytes, certificates: certificates ?? [federation.certificate], nowMilliseconds: federation.now)
    }
}
