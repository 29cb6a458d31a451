import Crypto
import Foundation
import Testing

@Suite struct CertificateTests {
    @Test func theRootIsASelfSignedAuthorityWithABoundedLifetime() throws {
        let root = try CertificateAuthority.makeRoot(commonName: "GCSCP federation root")
        let certificate = root.certificate
        #expect(certificate.subject == "CN=GCSCP federation root,O=GCSCP")
        #expect(certificate.issuer == certificate.subject)
        #expect(certificate.isCertificateAuthority)
        let lifetime = certificate.notAfter.timeIntervalSince(certificate.notBefore)
        #expect(lifetime == 10 * CertificateAuthority.year)
        #expect(abs(certificate.notBefore.timeIntervalSinceNow + 300) < 60)
        #expect(certificate.uriNames.isEmpty)
        #expect(certificate.nodeIdentity == nil)
    }

    @Test func theIssuingAuthorityIsSignedByTheRoot() throws {
        let federation = try TestFederation()
        let issuing = federation.issuing.certificate
        #expect(issuing.issuer == federation.root.certificate.subject)
        #expect(issuing.isCertificateAuthority)
        #expect(issuing.notAfter.timeIntervalSince(issuing.notBefore) == 2 * CertificateAuthority.year)
    }

    @Test func aNodeCertificateCarriesItsIdentityAndLoopbackNames() throws {
        let federation = try TestFederation()
        let node = try federation.node(.member, "KEN")
        let certificate = node.certificate
        #expect(certificate.subject == "CN=KEN,OU=member,O=GCSCP")
        #expect(certificate.subjectCommonName == "KEN")
        #expect(certificate.issuer == federation.issuing.certificate.subject)
        #expect(!certificate.isCertificateAuthority)
        #expect(certificate.uriNames == ["urn:gcscp:node:member:KEN"])
        #expect(certificate.nodeIdentity == (try NodeIdentity(.member, code: "KEN")))
        #expect(certificate.dnsNames == ["localhost"])
        #expect(certificate.ipAddresses == ["127.0.0.1", "::1"])
        #expect(certificate.notAfter.timeIntervalSince(certificate.notBefore) == CertificateAuthority.year)
        #expect(certificate.publicKeyHash == node.key.publicKeyHash)
        #expect(certificate.fingerprint == SHA256.hash(certificate.derRepresentation))
        #expect(certificate.fingerprint != federation.issuing.certificate.fingerprint)
        #expect(certificate.serialNumber.count >= 30)
        #expect(try federation.node(.member, "KEN").certificate.serialNumber != certificate.serialNumber)
    }

    @Test func anExpiredCertificateCanBeMadeForTests() throws {
        let federation = try TestFederation()
        let node = try federation.node(.regional, "AU", validFrom: Date() - 3 * 86400, lifetime: 86400)
        #expect(node.certificate.notAfter < Date())
        #expect(node.certificate.nodeIdentity?.uri == "urn:gcscp:node:regional:AU")
    }

    @Test func aChainRoundTripsThroughOnePEMBundle() throws {
        let federation = try TestFederation()
        let node = try federation.node(.custodian, "UNODA")
        let bundle = Certificate.pemRepresentation(of: node.chain)
        let loaded = try Certificate.chain(pemRepresentation: bundle)
        #expect(loaded.map(\.fingerprint) == node.chain.map(\.fingerprint))
        #expect(try Certificate(pemRepresentation: bundle).fingerprint == node.certificate.fingerprint)
    }

    @Test func damagedOrMissingCertificatesAreRefused() throws {
        let federation = try TestFederation()
        let pem = federation.root.certificate.pemRepresentation
        #expect(throws: CryptoError.self) { try Certificate(pemRepresentation: "certificate") }
        var lines = pem.split(separator: "\n").map(String.init)
        lines[3] = String(lines[3].reversed())
        let damaged = lines.joined(separator: "\n")
        let error = #expect(throws: CryptoError.self) { try Certificate(pemRepresentation: damaged) }
        #expect(error?.openSSLErrors.isEmpty == false)
        #expect(throws: CryptoError.self) { try Certificate(pemRepresentation: federation.root.key.pemRepresentation) }
    }

    @Test func aRequestRoundTripsAndIsCheckedOnLoad() throws {
        let key = try TLSPrivateKey()
        let request = try CertificateRequest(key: key, identity: try NodeIdentity(.member, code: "KEN"))
        let pem = request.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----\n"))
        let loaded = try CertificateRequest(pemRepresentation: pem)
        #expect(loaded.identity == (try NodeIdentity(.member, code: "KEN")))
        #expect(loaded.publicKeyHash == key.publicKeyHash)

        // A request whose signature bytes are altered no longer verifies.
        var der = Array(Data(base64Encoded: pem.split(separator: "\n").dropFirst().dropLast().joined())!)
        der[der.count - 5] ^= 0x01
        let tampered =
            "-----BEGIN CERTIFICATE REQUEST-----\n\(Data(der).base64EncodedString(options: .lineLength64Characters))"
            + "\n-----END CERTIFICATE REQUEST-----\n"
        let error = #expect(throws: CryptoError.self) { try CertificateRequest(pemRepresentation: tampered) }
        #expect(error?.message == "the certificate request's signature does not verify")
    }

    @Test func authoritiesReloadFromTheirFilesOnlyWhenKeyAndCertificateMatch() throws {
        let federation = try TestFederation()
        let reloaded = try CertificateAuthority(
            certificate: try Certificate(pemRepresentation: federation.issuing.certificate.pemRepresentation),
            key: try TLSPrivateKey(pemRepresentation: federation.issuing.key.pemRepresentation))
        let request = try CertificateRequest(key: try TLSPrivateKey(), identity: try NodeIdentity(.member, code: "FRA"))
        #expect(try reloaded.issue(for: request).issuer == federation.issuing.certificate.subject)
        let mismatch = #expect(throws: CryptoError.self) {
            try CertificateAuthority(certificate: federation.issuing.certificate, key: federation.root.key)
        }
        #expect(mismatch?.message == "the private key does not belong to the CA certificate")
        let node = try federation.node(.member, "KEN")
        let notCA = #expect(throws: CryptoError.self) {
            try CertificateAuthority(certificate: node.certificate, key: node.key)
        }
        #expect(notCA?.message == "the certificate is not a certificate authority")
    }

    @Test func identitiesAndNamesAreChecked() throws {
        #expect(NodeIdentity(uri: "urn:gcscp:node:member:KEN")?.code == "KEN")
        #expect(NodeIdentity(uri: "urn:gcscp:node:custodian:UNODA")?.nodeClass == .custodian)
        for bad in ["urn:gcscp:node:member:ken", "urn:gcscp:node:owner:KEN", "urn:gcscp:node:member", "KEN"] {
            #expect(NodeIdentity(uri: bad) == nil, "\(bad)")
        }
        #expect(throws: CryptoError.self) { try NodeIdentity(.member, code: "K,URI:evil") }
        let federation = try TestFederation()
        let request = try CertificateRequest(key: try TLSPrivateKey(), identity: try NodeIdentity(.member, code: "KEN"))
        #expect(throws: CryptoError.self) { try federation.issuing.issue(for: request, dnsNames: ["a,URI:x"]) }
        #expect(throws: CryptoError.self) { try federation.issuing.issue(for: request, ipAddresses: ["localhost"]) }
    }
}
