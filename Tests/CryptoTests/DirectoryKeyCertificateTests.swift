import Crypto
import Foundation
import Testing

@Suite struct DirectoryKeyCertificateTests {
    @Test func theRootCertifiesAnEd25519DirectoryKey() throws {
        let root = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        let key = try SigningKey()
        let certificate = try root.certifyDirectoryKey(key.publicKey, code: "UNODA")
        #expect(certificate.subject == "CN=UNODA,OU=directory,O=GCSCP")
        #expect(certificate.uriNames == ["urn:gcscp:directory:UNODA"])
        #expect(certificate.directoryCode == "UNODA")
        #expect(certificate.nodeIdentity == nil)
        #expect(!certificate.isCertificateAuthority)
        #expect(certificate.ed25519PublicKey == key.publicKey)
        let verdict = certificate.verify(chain: [], anchors: [root.certificate], at: Date())
        #expect(verdict.code == 0 && verdict.failure == nil)
        #expect(verdict.isTrusted)
    }

    @Test func anIssuingAuthorityInTheChainIsFollowedToTheRoot() throws {
        let root = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        let issuing = try root.makeIssuingAuthority(commonName: "GCSCP issuing CA")
        let certificate = try issuing.certifyDirectoryKey(try SigningKey().publicKey, code: "UNODA")
        #expect(certificate.verify(chain: [issuing.certificate], anchors: [root.certificate], at: Date()).isTrusted)

        let withoutIssuer = certificate.verify(chain: [], anchors: [root.certificate], at: Date())
        #expect(withoutIssuer.failure == "unable to get local issuer certificate")
        #expect(withoutIssuer.code == 20)
    }

    @Test func anotherFederationsRootDoesNotCertify() throws {
        let ours = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        let theirs = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        let certificate = try theirs.certifyDirectoryKey(try SigningKey().publicKey, code: "UNODA")
        let verdict = certificate.verify(chain: [], anchors: [ours.certificate], at: Date())
        #expect(!verdict.isTrusted)
        #expect(verdict.failure == "unable to get local issuer certificate")
    }

    @Test func theCertificateIsCheckedAtTheTimeAsked() throws {
        let root = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        let certificate = try root.certifyDirectoryKey(
            try SigningKey().publicKey, code: "UNODA", lifetime: CertificateAuthority.year)
        let later = Date().addingTimeInterval(2 * CertificateAuthority.year)
        #expect(
            certificate.verify(chain: [], anchors: [root.certificate], at: later).failure == "certificate has expired")
        let earlier = Date().addingTimeInterval(-3600)
        #expect(
            certificate.verify(chain: [], anchors: [root.certificate], at: earlier).failure
                == "certificate is not yet valid")
    }

    @Test func aNodeCertificateIsNoDirectoryKeyCertificate() throws {
        let root = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        let key = try TLSPrivateKey()
        let request = try CertificateRequest(key: key, identity: try NodeIdentity(.custodian, code: "UNODA"))
        let certificate = try root.issue(for: request)
        #expect(certificate.directoryCode == nil)
        #expect(certificate.ed25519PublicKey == nil)
    }

    @Test func aCertificateSurvivesDER() throws {
        let root = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        let certificate = try root.certifyDirectoryKey(try SigningKey().publicKey, code: "UNODA")
        let copy = try Certificate(derRepresentation: certificate.derRepresentation)
        #expect(copy.fingerprint == certificate.fingerprint)
        #expect(throws: CryptoError.self) { try Certificate(derRepresentation: certificate.derRepresentation + [0]) }
        #expect(throws: CryptoError.self) { try Certificate(derRepresentation: [0x30, 0x03, 0x02, 0x01, 0x01]) }
        #expect(throws: CryptoError.self) {
            try root.certifyDirectoryKey(try SigningKey().publicKey, code: "unoda")
        }
    }
}
