import Foundation
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

        let verify = Process()
        verify.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        verify.arguments = ["x509", "-in", folder.file("ken.pem"), "-noout", "-ext", "subjectAltName,extendedKeyUsage"]
        let output = Pipe()
        verify.standardOutput = output
        try verify.run()
        verify.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("URI:urn:gcscp:node:member:KEN"))
        #expect(text.contains("IP Address:127.0.0.1"))
        #expect(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"))

        let wrongNode = try ProgramRunner.run([
            "certificate", "install", "--dir", unoda, "--certificate", folder.file("ken.pem"), "--root",
            "\(unoda)/ca/root.pem",
        ])
        #expect(wrongNode.status == 1)
        #expect(wrongNode.errors.contains("not for this node's TLS key"))
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
        #expect(junk.errors.contains("the certificate request was refused"))
        let missing = try ProgramRunner.run(["ca", "sign", "--dir", unoda, folder.file("none.csr")])
        #expect(missing.errors.contains("none.csr: the certificate request is missing"))
        _ = try ProgramRunner.run(["csr", "--dir", unoda, "--out", folder.file("u.csr")])
        let long = try ProgramRunner.run(["ca", "sign", "--dir", unoda, folder.file("u.csr"), "--days", "5000"])
        #expect(long.errors.contains("a node certificate lasts 1 to 825 days, not 5000"))
        let words = try ProgramRunner.run(["ca", "sign", "--dir", unoda, folder.file("u.csr"), "--days", "many"])
        #expect(words.status == 64)
    }
}
