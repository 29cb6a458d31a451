import Crypto
import Foundation
import Testing

@Suite struct RevocationListTests {
    @Test func aRevocationListListsItsEntriesAndVerifiesAgainstItsIssuer() throws {
        let federation = try TestFederation()
        let ken = try federation.node(.member, "KEN").certificate
        let fra = try federation.node(.member, "FRA").certificate
        let revokedAt = Date(timeIntervalSince1970: 1_790_000_000)
        let entries = [
            try RevokedCertificate(serialNumber: ken.serialNumber, revocationDate: revokedAt, reason: .keyCompromise),
            try RevokedCertificate(serialNumber: fra.serialNumber, revocationDate: revokedAt, reason: .unspecified),
        ]
        let thisUpdate = Date(timeIntervalSince1970: 1_800_000_000)
        let list = try federation.issuing.makeRevocationList(number: 42, revoked: entries, thisUpdate: thisUpdate)
        #expect(list.issuer == federation.issuing.certificate.subject)
        #expect(list.thisUpdate == thisUpdate)
        #expect(list.nextUpdate == thisUpdate + 7 * 86_400)
        #expect(list.number == 42)
        #expect(list.authorityKeyIdentifier?.count == 20)
        #expect(Set(list.revokedCertificates) == Set(entries))
        #expect(list.revokedCertificates.map(\.serialNumber) == entries.map(\.serialNumber).sorted())
        #expect(list.entry(for: ken)?.reason == .keyCompromise)
        #expect(list.entry(for: fra)?.reason == .unspecified)
        #expect(list.entry(for: try federation.node(.member, "DEU").certificate) == nil)

        #expect(list.isIssued(by: federation.issuing.certificate))
        #expect(!list.isIssued(by: federation.root.certificate))
        #expect(!list.isIssued(by: try TestFederation().issuing.certificate))

        let fromDER = try CertificateRevocationList(derRepresentation: list.derRepresentation)
        let fromPEM = try CertificateRevocationList(pemRepresentation: list.pemRepresentation)
        #expect(list.pemRepresentation.hasPrefix("-----BEGIN X509 CRL-----\n"))
        #expect(fromDER.derRepresentation == list.derRepresentation)
        #expect(fromPEM.derRepresentation == list.derRepresentation)
        #expect(fromDER.isIssued(by: federation.issuing.certificate))
    }

    @Test func anEmptyListAndOneFromTheRootAreValidToo() throws {
        let federation = try TestFederation()
        let empty = try federation.issuing.makeRevocationList(number: 1, revoked: [], lifetime: 3600)
        #expect(empty.revokedCertificates.isEmpty)
        #expect(empty.nextUpdate.map { $0.timeIntervalSince(empty.thisUpdate) } == 3600)
        #expect(abs(empty.thisUpdate.timeIntervalSinceNow) < 60)
        let rootList = try federation.root.makeRevocationList(number: UInt64.max, revoked: [])
        #expect(rootList.number == UInt64.max)
        #expect(rootList.isIssued(by: federation.root.certificate))
        #expect(!rootList.isIssued(by: federation.issuing.certificate))
    }

    @Test func damagedListsAndBadEntriesAreRefused() throws {
        let federation = try TestFederation()
        var der = try federation.issuing.makeRevocationList(number: 7, revoked: []).derRepresentation
        #expect(throws: CryptoError.self) { try CertificateRevocationList(derRepresentation: der + [0]) }
        #expect(throws: CryptoError.self) { try CertificateRevocationList(derRepresentation: Array(der.prefix(40))) }
        #expect(throws: CryptoError.self) { try CertificateRevocationList(derRepresentation: Array("crl".utf8)) }
        #expect(throws: CryptoError.self) {
            try CertificateRevocationList(pemRepresentation: federation.issuing.certificate.pemRepresentation)
        }
        #expect(throws: CryptoError.self) { try CertificateRevocationList(pemRepresentation: "no PEM here") }
        der[der.count - 3] ^= 0x01
        #expect(!(try CertificateRevocationList(derRepresentation: der)).isIssued(by: federation.issuing.certificate))

        let now = Date()
        for bad in ["", "xyz", "-1", String(repeating: "A", count: 41), "１２"] {
            #expect(throws: CryptoError.self) {
                try RevokedCertificate(serialNumber: bad, revocationDate: now, reason: .superseded)
            }
        }
        #expect(
            try RevokedCertificate(serialNumber: "00ab", revocationDate: now, reason: .superseded).serialNumber == "AB")
        #expect(
            try RevokedCertificate(serialNumber: "abc", revocationDate: now, reason: .superseded).serialNumber == "0ABC"
        )
        let twice = [
            try RevokedCertificate(serialNumber: "0A", revocationDate: now, reason: .superseded),
            try RevokedCertificate(serialNumber: "a", revocationDate: now, reason: .keyCompromise),
        ]
        let error = #expect(throws: CryptoError.self) {
            try federation.issuing.makeRevocationList(number: 1, revoked: twice)
        }
        #expect(error?.message == "a revocation list cannot list one serial number twice")
        #expect(throws: CryptoError.self) {
            try federation.issuing.makeRevocationList(number: 1, revoked: [], lifetime: 0)
        }
    }

    @Test func reasonsHaveTheirRFCCodesAndNames() {
        #expect(RevocationReason(name: "keyCompromise")?.rawValue == 1)
        #expect(RevocationReason(name: "cessationOfOperation")?.rawValue == 5)
        #expect(RevocationReason(name: "privilegeWithdrawn")?.rawValue == 9)
        #expect(RevocationReason(name: "certificateHold") == nil)
        #expect(RevocationReason(name: "KeyCompromise") == nil)
        #expect(RevocationReason.allCases.allSatisfy { RevocationReason(name: $0.name) == $0 })
    }

    @Test func nodeCertificatesNameTheDistributionPointWhenGivenOne() throws {
        let federation = try TestFederation()
        let request = try CertificateRequest(key: try TLSPrivateKey(), identity: try NodeIdentity(.member, code: "KEN"))
        let url = "https://portal.example.org:8443/ca/crl?format=der"
        #expect(try federation.issuing.issue(for: request, crlDistributionPoint: url).crlDistributionPoints == [url])
        #expect(try federation.issuing.issue(for: request).crlDistributionPoints.isEmpty)
        let bad = [
            "ftp://example.org/crl", "https:///crl", "https://a.org/x,URI:http://evil", "https://user:pw@a.org/crl",
            "crl", "https://a.org/a b", "https://a.org/crl#top", "", "http://a.org/\"x\"", "@section",
        ]
        for url in bad {
            #expect(throws: CryptoError.self, "\(url)") {
                try federation.issuing.issue(for: request, crlDistributionPoint: url)
            }
        }
        let error = #expect(throws: CryptoError.self) { try CertificateAuthority.checkDistributionPoint("ftp://a/c") }
        #expect(error?.message.contains("must start with http:// or https://") == true)
    }

    @Test func anAuthorityKnowsWhichCertificatesItIssued() throws {
        let federation = try TestFederation()
        let node = try federation.node(.member, "KEN").certificate
        #expect(federation.issuing.hasIssued(node))
        #expect(!federation.root.hasIssued(node))
        #expect(federation.root.hasIssued(federation.issuing.certificate))
        #expect(!federation.issuing.hasIssued(federation.issuing.certificate))
        let other = try TestFederation(name: "GCSCP test federation")
        #expect(!other.issuing.hasIssued(node))
    }
}
