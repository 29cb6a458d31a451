import Crypto
import Foundation
import Node
import Testing

/// The federation port and the portal port over real sockets, judged by curl and nghttp.
@Suite(.serialized) struct FederationPortTests {
    @Test func peersOfOneFederationShakeHandsAndStrangersAreRefused() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let estonia = try federation.addNode("member", "EST")
        let server = try ServingNode(kenya)
        let address = try #require(server.federationAddress)
        let url = "https://\(address)/federation/v1/hello"
        func credentials(_ node: String) -> [String] {
            ["--cert", "\(node)/tls/certificate.pem", "--key", "\(node)/keys/tls-key.pem"]
        }
        let trust = ["--cacert", federation.rootPath]

        let hello = try Client.curl(["--http2"] + trust + credentials(estonia) + [url])
        #expect(hello.status == 0, "\(hello.output)")
        #expect(hello.output == "node=member:KEN peer=member:EST")

        let anonymous = try Client.curl(["--http2"] + trust + [url])
        #expect(anonymous.status != 0)
        #expect(server.waitForLog("TLS handshake refused", "port=federation", "certificate"), "\(server.log)")

        let oldHTTP = try Client.curl(["--http1.1"] + trust + credentials(estonia) + [url])
        #expect(oldHTTP.status != 0)
        #expect(server.waitForLog("TLS handshake refused", "ALPN"), "\(server.log)")

        // Without ALPN the port takes the client for HTTP/2 with prior knowledge: HTTP/1.1 text is not served.
        let unnegotiated = try Client.curl(["--http1.1", "--no-alpn"] + trust + credentials(estonia) + [url])
        #expect(unnegotiated.status != 0)
        #expect(!unnegotiated.output.contains("node=member:KEN"))

        let stranger = try TestFederation()
        let outsider = try stranger.addNode("member", "FRA")
        let foreign = try Client.curl(["--http2"] + trust + credentials(outsider) + [url])
        #expect(foreign.status != 0)
        #expect(server.waitForLog("TLS handshake refused", "issuer"), "\(server.log)")

        let expired = try expiredCredentials(federation, for: estonia)
        let late = try Client.curl(["--http2"] + trust + ["--cert", expired.certificate, "--key", expired.key, url])
        #expect(late.status != 0)
        #expect(server.waitForLog("TLS handshake refused", "expired"), "\(server.log)")

        // The node kept serving through all of that.
        #expect(try Client.curl(["--http2"] + trust + credentials(estonia) + [url]).status == 0)
        #expect(server.stop() == 0)
    }

    @Test func thePortalSpeaksHTTP1AndHTTP2WithOrWithoutAClientCertificate() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let server = try ServingNode(kenya)
        #expect(server.portalURL.hasPrefix("https://127.0.0.1:"))
        let trust = ["--cacert", federation.rootPath]
        let certificate = ["--cert", "\(kenya)/tls/certificate.pem", "--key", "\(kenya)/keys/tls-key.pem"]
        for version in ["--http1.1", "--http2"] {
            for extra in [[], certificate] {
                let page = try Client.curl(
                    [version, "--write-out", "\n%{http_version} %{http_code}"] + trust + extra + [server.portalURL])
                #expect(page.status == 0, "\(page.output)")
                let expected = version == "--http2" ? "2 200" : "1.1 200"
                #expect(
                    page.output.hasSuffix(expected), "\(version) \(extra.isEmpty ? "anonymous" : "with certificate")")
                #expect(page.output.contains("Node of KEN, member of the GCSCP federation"))
            }
        }
        let nghttp = try Client.run("/usr/bin/nghttp", ["--stat", "--null-out", "-v", server.portalURL + "healthz"])
        #expect(nghttp.status == 0, "\(nghttp.output)")
        #expect(nghttp.output.contains(":status: 200"))
        #expect(nghttp.output.contains("h2"))
        #expect(server.stop() == 0)
    }

    /// A certificate for `node`'s TLS key that expired a year ago, issued by the federation's issuing CA.
    private func expiredCredentials(
        _ federation: TestFederation, for node: String
    ) throws -> (certificate: String, key: String) {
        let custodian = NodeDirectory(path: federation.custodian)
        let authority = try CertificateAuthority(
            certificate: try Certificate(
                pemRepresentation: try String(contentsOfFile: custodian.issuingCertificatePath, encoding: .utf8)),
            key: try TLSPrivateKey(
                pemRepresentation: try String(contentsOfFile: custodian.issuingKeyPath, encoding: .utf8)))
        let request = try NodeDirectory(path: node).makeCertificateRequest()
        let certificate = try authority.issue(
            for: request, ipAddresses: ["127.0.0.1"], validFrom: Date() - 2 * CertificateAuthority.year,
            lifetime: 86_400)
        let path = federation.folder.file("expired.pem")
        try Certificate.pemRepresentation(of: [certificate, authority.certificate])
            .write(toFile: path, atomically: true, encoding: .utf8)
        return (path, "\(node)/keys/tls-key.pem")
    }
}
