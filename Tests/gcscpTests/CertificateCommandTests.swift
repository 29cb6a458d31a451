import Crypto
import Foundation
import Node
import Testing

@Suite struct CertificateCommandTests {
    @Test func aMemberGetsACertificateNamingItsClassAndCode() throws {
        let folder = try TemporaryFolder()
        let unoda = folder.file("unoda")
        let ken = folder.file("ken")
        #expect(try ProgramRunner.run(["init", "--class", "custodian", "--code", "UNODA", "--dir", unoda]).status == 0)
        #expect(try ProgramRunner.run(["init", "--class", "member", "--code", "KEN", "--dir", ken]).status == 0)
        let authority = try ProgramRunner.run(["ca", "init", "--dir", unoda])
        #expect(authority.status == 0, "\(authority.errors)")
        #expect(authority.output.contains("Move \(unoda)/ca/root-key.pem offline"))
        let again = try ProgramRunner.run(["ca", "init", "--dir", unoda])
        #expect(again.status == 1)
        #expect(again.errors.contains("has a root already; nothing was changed"))
        #expect(try ProgramRunner.run(["ca", "init", "--dir", ken]).errors.contains("only the custodian"))

        let request = try ProgramRunner.run(["csr", "--dir", ken, "--out", folder.file("ken.csr")])
        #expect(request.status == 0, "\(request.errors)")
        let signed = try ProgramRunner.run([
            "ca", "sign", "--dir", unoda, folder.file("ken.csr"), "--ip", "127.0.0.1", "--days", "30",
            "--out", folder.file("ken.pem"),
        ])
        #expect(signed.status == 0, "\(signed.errors)")
        let chain = try String(contentsOfFile: folder.file("ken.pem"), encoding: .utf8)
        #expect(chain.components(separatedBy: "BEGIN CERTIFICATE").count == 3)

        let extensions = "subjectAltName,extendedKeyUsage,crlDistributionPoints"
        let text = try OpenSSL.run(["x509", "-in", folder.file("ken.pem"), "-noout", "-ext", extensions]).output
        #expect(text.contains("URI:urn:gcscp:node:member:KEN"))
        #expect(text.contains("URI:https://127.0.0.1:8443/ca/crl"))
        #expect(text.contains("IP Address:127.0.0.1"))
        #expect(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"))

        let wrongNode = try ProgramRunner.run([
            "certificate", "install", "--dir", unoda, "--certificate", folder.file("ken.pem"), "--root",
            "\(unoda)/ca/root.pem",
        ])
        #expect(wrongNode.status == 1)
        #expect(wrongNode.errors.contains("not for this node's TLS key"))
        // A root from another federation, the leaf itself as "root", and a chain without the issuing CA: refused.
        let other = folder.file("other")
        _ = try ProgramRunner.run(["init", "--class", "custodian", "--code", "UNODA", "--dir", other])
        _ = try ProgramRunner.run(["ca", "init", "--dir", other])
        let leafOnly = folder.file("leaf.pem")
        let fullChain = try String(contentsOfFile: folder.file("ken.pem"), encoding: .utf8)
        let firstEnd = try #require(fullChain.range(of: "-----END CERTIFICATE-----\n"))
        try String(fullChain[..<firstEnd.upperBound]).write(toFile: leafOnly, atomically: true, encoding: .utf8)
        for (certificate, root, reason) in [
            (folder.file("ken.pem"), "\(other)/ca/root.pem", "does not lead to the root given"),
            (folder.file("ken.pem"), folder.file("ken.pem"), "not a root certificate authority"),
            (leafOnly, "\(unoda)/ca/root.pem", "does not lead to the root given"),
        ] {
            let refused = try ProgramRunner.run(
                ["certificate", "install", "--dir", ken, "--certificate", certificate, "--root", root])
            #expect(refused.status == 1)
            #expect(refused.errors.contains(reason), "\(refused.errors)")
            #expect(!FileManager.default.fileExists(atPath: "\(ken)/tls/certificate.pem"))
        }
        let installed = try ProgramRunner.run([
            "certificate", "install", "--dir", ken, "--certificate", folder.file("ken.pem"), "--root",
            "\(unoda)/ca/root.pem",
        ])
        #expect(installed.status == 0, "\(installed.errors)")
        #expect(FileManager.default.fileExists(atPath: "\(ken)/tls/federation-root.pem"))
    }

    @Test func badRequestsAndLifetimesAreRefused() throws {
        let folder = try TemporaryFolder()
        let unoda = folder.file("unoda")
        #expect(try ProgramRunner.run(["init", "--class", "custodian", "--code", "UNODA", "--dir", unoda]).status == 0)
        #expect(try ProgramRunner.run(["ca", "init", "--dir", unoda]).status == 0)
        try "not a request".write(toFile: folder.file("junk.csr"), atomically: true, encoding: .utf8)
        let junk = try ProgramRunner.run(["ca", "sign", "--dir", unoda, folder.file("junk.csr")])
        #expect(junk.status == 1)
        #expect(junk.errors.contains("junk.csr: the certificate request was refused"))
        let missing = try ProgramRunner.run(["ca", "sign", "--dir", unoda, folder.file("none.csr")])
        #expect(missing.errors.contains("none.csr: the certificate request is missing"))
        _ = try ProgramRunner.run(["csr", "--dir", unoda, "--out", folder.file("u.csr")])
        let long = try ProgramRunner.run(["ca", "sign", "--dir", unoda, folder.file("u.csr"), "--days", "5000"])
        #expect(long.status == 64)
        #expect(long.errors.contains("--days takes a number of days from 1 to 825, not '5000'"))
        // A request naming two codes is refused, not signed for the first one.
        let twoNames = try Client.run(
            "/usr/bin/openssl",
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                folder.file("two.key"), "-subj", "/O=GCSCP/OU=member/CN=KEN/CN=UGA", "-out", folder.file("two.csr"),
            ])
        #expect(twoNames.status == 0)
        let ambiguous = try ProgramRunner.run(["ca", "sign", "--dir", unoda, folder.file("two.csr")])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.errors.contains("must name one O, one OU (the class) and one CN (the code)"))
        let words = try ProgramRunner.run(["ca", "sign", "--dir", unoda, folder.file("u.csr"), "--days", "many"])
        #expect(words.status == 64)
    }
}

@Suite struct RevocationCommandTests {
    /// A custodian with a CA, and two members with certificates from it: KEN, which gets revoked, and FRA.
    struct Federation {
        let folder: TemporaryFolder
        var unoda: String { folder.file("unoda") }
        var trust: String { folder.file("trust.pem") }

        init(crlURL: String? = nil) throws {
            folder = try TemporaryFolder()
            let unoda = folder.file("unoda")
            #expect(
                try ProgramRunner.run(["init", "--class", "custodian", "--code", "UNODA", "--dir", unoda]).status == 0)
            let url = crlURL.map { ["--crl-url", $0] } ?? []
            let authority = try ProgramRunner.run(["ca", "init", "--dir", unoda] + url)
            #expect(authority.status == 0, "\(authority.errors)")
            let chain =
                try String(contentsOfFile: "\(unoda)/ca/root.pem", encoding: .utf8)
                + String(contentsOfFile: "\(unoda)/ca/issuing.pem", encoding: .utf8)
            try chain.write(toFile: trust, atomically: true, encoding: .utf8)
            for code in ["KEN", "FRA"] { try member(code) }
        }

        func member(_ code: String) throws {
            let node = folder.file(code)
            #expect(try ProgramRunner.run(["init", "--class", "member", "--code", code, "--dir", node]).status == 0)
            #expect(try ProgramRunner.run(["csr", "--dir", node, "--out", "\(node).csr"]).status == 0)
            let signed = try ProgramRunner.run(["ca", "sign", "--dir", unoda, "\(node).csr", "--out", "\(node).pem"])
            #expect(signed.status == 0, "\(signed.errors)")
        }

        func files() -> [Data?] {
            ["revoked", "crl.der", "crl-url"].map { FileManager.default.contents(atPath: "\(unoda)/ca/\($0)") }
        }
    }

    @Test func aRevokedCertificateFailsVerificationAgainstTheCRL() throws {
        let federation = try Federation()
        let unoda = federation.unoda
        let crl = "\(unoda)/ca/crl.der"
        let first = try OpenSSL.run([
            "crl", "-in", crl, "-inform", "DER", "-CAfile", "\(unoda)/ca/issuing.pem", "-noout",
        ])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("verify OK"))
        let emptyList = try CertificateRevocationList(
            derRepresentation: Array(try Data(contentsOf: URL(fileURLWithPath: crl))))
        let issuing = try Certificate(
            pemRepresentation: String(contentsOfFile: "\(unoda)/ca/issuing.pem", encoding: .utf8))
        #expect(emptyList.isIssued(by: issuing))
        #expect(emptyList.revokedCertificates.isEmpty)

        let ken = try Certificate(
            pemRepresentation: String(contentsOfFile: federation.folder.file("KEN.pem"), encoding: .utf8))
        let revoke = try ProgramRunner.run([
            "ca", "revoke", "--dir", unoda, federation.folder.file("KEN.pem"), "--reason", "keyCompromise",
        ])
        #expect(revoke.status == 0, "\(revoke.errors)")
        #expect(revoke.output.contains("Revoked serial \(ken.serialNumber) (keyCompromise)"))
        let ledger = try String(contentsOfFile: "\(unoda)/ca/revoked", encoding: .utf8)
        #expect(ledger.hasPrefix("\(ken.serialNumber) 20"))
        #expect(ledger.hasSuffix(" keyCompromise\n"))
        let stored = try CertificateRevocationList(
            derRepresentation: Array(try Data(contentsOf: URL(fileURLWithPath: crl))))
        #expect(stored.entry(for: ken)?.reason == .keyCompromise)
        #expect(stored.number! > emptyList.number!)

        let pem = federation.folder.file("crl.pem")
        let renewed = try ProgramRunner.run(["ca", "crl", "--dir", unoda, "--pem", "--out", pem])
        #expect(renewed.status == 0, "\(renewed.errors)")
        let text = try OpenSSL.run(["crl", "-in", pem, "-noout", "-text"]).output
        #expect(text.contains("Serial Number: \(ken.serialNumber)"))
        #expect(text.contains("Key Compromise"))
        let fresh = try CertificateRevocationList(pemRepresentation: String(contentsOfFile: pem, encoding: .utf8))
        #expect(fresh.number! > stored.number!)
        #expect(fresh.derRepresentation == Array(try Data(contentsOf: URL(fileURLWithPath: crl))))
        #expect(fresh.isIssued(by: issuing))

        let check = ["verify", "-crl_check", "-CAfile", federation.trust, "-CRLfile", pem]
        let revoked = try OpenSSL.run(check + [federation.folder.file("KEN.pem")])
        #expect(revoked.status != 0)
        #expect(revoked.output.contains("certificate revoked"))
        let valid = try OpenSSL.run(check + [federation.folder.file("FRA.pem")])
        #expect(valid.status == 0, "\(valid.output)")
        #expect(valid.output.contains("FRA.pem: OK"))
    }

    @Test func aChosenURLIsRecordedAndBadOnesChangeNothing() throws {
        let url = "http://crl.example.org/gcscp.crl"
        let federation = try Federation(crlURL: url)
        let names = try OpenSSL.run([
            "x509", "-in", federation.folder.file("FRA.pem"), "-noout", "-ext", "crlDistributionPoints",
        ])
        #expect(names.output.contains("URI:\(url)"))

        let other = federation.folder.file("other")
        #expect(try ProgramRunner.run(["init", "--class", "custodian", "--code", "UNODA", "--dir", other]).status == 0)
        for bad in ["ftp://crl.example.org/x.crl", "https://", "https://a.org/one,two", "crl.example.org"] {
            let refused = try ProgramRunner.run(["ca", "init", "--dir", other, "--crl-url", bad])
            #expect(refused.status == 1, "\(bad)")
            #expect(refused.errors.contains("nothing was changed"), "\(refused.errors)")
            #expect(!FileManager.default.fileExists(atPath: "\(other)/ca/root.pem"))
        }

        // A portal listening on every address gives no URL to derive; the operator must name one.
        let configuration = "\(other)/gcscp.conf"
        let settings = try String(contentsOfFile: configuration, encoding: .utf8)
        let everywhere = settings.replacingOccurrences(of: "\"127.0.0.1:8443\"", with: "\"0.0.0.0:8443\"")
        #expect(everywhere != settings)
        try everywhere.write(toFile: configuration, atomically: true, encoding: .utf8)
        let underived = try ProgramRunner.run(["ca", "init", "--dir", other])
        #expect(underived.status == 1)
        #expect(underived.errors.contains("portal.listen 0.0.0.0:8443 is no address others can reach; give the"))
        #expect(!FileManager.default.fileExists(atPath: "\(other)/ca/root.pem"))
        let test = federation.folder.file("test")
        let ports = ["--portal", "127.0.0.1:0", "--federation", "127.0.0.1:0"]
        #expect(
            try ProgramRunner.run(["init", "--class", "custodian", "--code", "UNODA", "--dir", test] + ports).status
                == 0)
        let warned = try ProgramRunner.run(["ca", "init", "--dir", test])
        #expect(warned.status == 0, "\(warned.errors)")
        #expect(
            warned.errors.contains(
                "warning: portal.listen picks a free port, so no client can reach https://127.0.0.1:0/ca/crl"))

        let named = try ProgramRunner.run(["ca", "init", "--dir", other, "--crl-url", "https://portal.example.org/crl"])
        #expect(named.status == 0, "\(named.errors)")
        #expect(
            try String(contentsOfFile: "\(other)/ca/crl-url", encoding: .utf8) == "https://portal.example.org/crl\n")
    }

    @Test func foreignOrGarbageCertificatesAndUnknownReasonsAreRefused() throws {
        let federation = try Federation()
        let unoda = federation.unoda
        let other = federation.folder.file("other")
        #expect(try ProgramRunner.run(["init", "--class", "custodian", "--code", "UNODA", "--dir", other]).status == 0)
        #expect(try ProgramRunner.run(["ca", "init", "--dir", other]).status == 0)
        _ = try ProgramRunner.run(["csr", "--dir", other, "--out", federation.folder.file("other.csr")])
        let foreign = federation.folder.file("foreign.pem")
        #expect(
            try ProgramRunner.run(["ca", "sign", "--dir", other, federation.folder.file("other.csr"), "--out", foreign])
                .status == 0)
        let before = federation.files()

        let refused = try ProgramRunner.run(["ca", "revoke", "--dir", unoda, foreign])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("was not issued by this federation's issuing CA"), "\(refused.errors)")
        try "garbage".write(toFile: federation.folder.file("junk.pem"), atomically: true, encoding: .utf8)
        let junk = try ProgramRunner.run(["ca", "revoke", "--dir", unoda, federation.folder.file("junk.pem")])
        #expect(junk.status == 1)
        #expect(junk.errors.contains("not a PEM certificate"), "\(junk.errors)")
        let reason = try ProgramRunner.run([
            "ca", "revoke", "--dir", unoda, federation.folder.file("KEN.pem"), "--reason", "certificateHold",
        ])
        #expect(reason.status == 64)
        #expect(reason.errors.contains("--reason must be one of unspecified, keyCompromise"))
        #expect(federation.files() == before)

        #expect(try ProgramRunner.run(["ca", "revoke", "--dir", unoda, federation.folder.file("KEN.pem")]).status == 0)
        let middle = federation.files()
        let twice = try ProgramRunner.run(["ca", "revoke", "--dir", unoda, federation.folder.file("KEN.pem")])
        #expect(twice.status == 1)
        #expect(twice.errors.contains("was revoked already"))
        #expect(federation.files() == middle)
        let member = try ProgramRunner.run(["ca", "crl", "--dir", federation.folder.file("KEN")])
        #expect(member.status == 1)
        #expect(member.errors.contains("issuing CA key is missing"), "\(member.errors)")
    }

    @Test func theCustodianServesACurrentCRLAndOthersNone() throws {
        let federation = try Federation()
        let directory = NodeDirectory(path: federation.unoda)
        let stored = Array(try Data(contentsOf: URL(fileURLWithPath: directory.revocationListPath)))
        #expect(try directory.currentCRL() == stored)
        #expect(try NodeDirectory(path: federation.folder.file("KEN")).currentCRL() == nil)

        // Past half its lifetime, the CRL is renewed and stored before it is served.
        let later = try #require(try directory.currentCRL(now: Date() + 4 * 86_400))
        #expect(later != stored)
        #expect(later == Array(try Data(contentsOf: URL(fileURLWithPath: directory.revocationListPath))))
        let renewed = try CertificateRevocationList(derRepresentation: later)
        #expect(renewed.number! > (try CertificateRevocationList(derRepresentation: stored)).number!)
        #expect(try directory.currentCRL() == later)
    }
}

/// Runs `/usr/bin/openssl`, the independent checker, and returns its status and its output and errors together.
enum OpenSSL {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try Client.run("/usr/bin/openssl", arguments)
        return (result.status, result.output)
    }
}
