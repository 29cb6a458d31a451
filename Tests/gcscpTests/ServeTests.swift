import Foundation
import Testing

@Suite struct ServeTests {
    private func curl(_ arguments: [String]) throws -> String {
        try Client.curl(arguments).output
    }

    @Test func servesThePortalAndStopsCleanlyOnSIGTERM() throws {
        let folder = try TemporaryFolder()
        let node = folder.file("node")
        let created = try ProgramRunner.run([
            "init", "--class", "member", "--code", "KEN", "--name", "Kenya", "--dir", node, "--portal", "127.0.0.1:0",
            "--plain-portal",
        ])
        #expect(created.status == 0, "\(created.errors)")
        let child = try ChildProcess(ProgramRunner.program(), ["serve", "--dir", node])
        let line = try #require(child.readLines(until: 1, stream: .output, timeout: 30).first)
        let url = try #require(line.split(separator: " ").last.map(String.init))
        #expect(url.hasPrefix("http://127.0.0.1:"))

        let page = try curl(["--include", url])
        #expect(page.hasPrefix("HTTP/1.1 200 OK"))
        #expect(page.contains("Content-Security-Policy: default-src 'self'; script-src 'none'"))
        #expect(page.contains("Node of Kenya, member of the GCSCP federation"))
        #expect(try curl(["\(url)healthz"]) == "{\"status\":\"ok\"}")
        let status = try curl(["\(url)api/v1/status"])
        #expect(status.contains("\"code\":\"KEN\""))
        let refused = try curl(["--include", "--request", "DELETE", url])
        #expect(refused.hasPrefix("HTTP/1.1 405"))
        #expect(refused.contains("application/problem+json"))
        #expect(try curl(["--write-out", "%{http_code}", "--output", "/dev/null", "\(url)nowhere"]) == "404")

        #expect(child.terminate() == 0)
        let log = child.readLines(until: 100, stream: .errors, timeout: 10).joined(separator: "\n")
        #expect(log.contains("msg=\"node serving\""))
        #expect(log.contains("msg=\"node stopped\""))
    }

    @Test func theCustodianPublishesTheRevocationListItsCertificatesName() throws {
        let federation = try TestFederation()
        let custodian = try ServingNode(federation.custodian)
        let crl = federation.folder.file("crl.der")
        let fetched = try Client.curl(
            [
                "--cacert", federation.rootPath, "--output", crl, "--write-out", "%{http_code} %{content_type}",
                custodian.portalURL + "ca/crl",
            ])
        #expect(fetched.output == "200 application/pkix-crl")
        let check = try Client.run(
            "/usr/bin/openssl",
            ["crl", "-inform", "DER", "-in", crl, "-CAfile", "\(federation.custodian)/ca/issuing.pem", "-noout"])
        #expect(check.output.contains("verify OK"), "\(check.output)")
        let member = try ServingNode(try federation.addNode("member", "KEN"))
        let none = try Client.curl(
            [
                "--cacert", federation.rootPath, "--output", "/dev/null", "--write-out", "%{http_code}",
                member.portalURL + "ca/crl",
            ])
        #expect(none.output == "404")
    }

    @Test func aPlainPortalMustStayOnLoopback() throws {
        let folder = try TemporaryFolder()
        let node = folder.file("node")
        let refused = try ProgramRunner.run([
            "init", "--class", "member", "--code", "KEN", "--dir", node, "--portal", "0.0.0.0:0", "--plain-portal",
        ])
        #expect(refused.status == 64)
        #expect(refused.errors.contains("--portal must be a loopback address"))
        #expect(!FileManager.default.fileExists(atPath: node))
        // A configuration edited by hand is refused when the node starts.
        _ = try ProgramRunner.run([
            "init", "--class", "member", "--code", "KEN", "--dir", node, "--portal", "127.0.0.1:0", "--plain-portal",
        ])
        let path = "\(node)/gcscp.conf"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "127.0.0.1:0", with: "0.0.0.0:0").write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try ProgramRunner.run(["serve", "--dir", node], timeout: 20)
        #expect(result.status == 1)
        #expect(result.errors.contains("portal.listen must be a loopback address"))
    }
}
