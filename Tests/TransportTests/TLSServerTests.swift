import Crypto
import Foundation
import Testing

@testable import Transport

@Suite("HTTP server over TLS, with curl and nghttp")
struct TLSServerTests {
    @Test func portalServesHTTP11AndHTTP2ByALPN() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.portal(), handler: connectionReportHandler)
        let url = "https://127.0.0.1:\(server.address.port)/portal?x=1"

        let http1 = try fixture.curl(url, http2: false, clientCertificate: false)
        #expect(http1.status == 0, "\(http1.errors)")
        #expect(http1.output == "GET /portal?x=1 HTTP/1.1 secure=true alpn=http/1.1 identity=none body=0\n1.1 200")

        let http2 = try fixture.curl(url, http2: true, clientCertificate: false)
        #expect(http2.status == 0, "\(http2.errors)")
        #expect(http2.output == "GET /portal?x=1 HTTP/2.0 secure=true alpn=h2 identity=none body=0\n2 200")

        let withCertificate = try fixture.curl(url, http2: true, clientCertificate: true)
        #expect(withCertificate.output.contains("identity=urn:gcscp:node:member:KEN"))
        server.stop()
    }

    @Test func federationServesHTTP2ToACertifiedPeer() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        let url = "https://127.0.0.1:\(server.address.port)/v1/sync"
        let result = try fixture.curl(url, http2: true, clientCertificate: true)
        #expect(result.status == 0, "\(result.errors)")
        #expect(
            result.output
                == "GET /v1/sync HTTP/2.0 secure=true alpn=h2 identity=urn:gcscp:node:member:KEN body=0\n2 200"
        )
        server.stop()
    }

    @Test func federationRefusesAPeerWithoutCertificateAndLogsWhy() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        let result = try fixture.curl(
            "https://127.0.0.1:\(server.address.port)/v1/sync", http2: true, clientCertificate: false)
        #expect(result.status != 0)
        #expect(!result.output.contains("200"))
        let refusal = server.logs.all.first { $0.message == "TLS handshake refused" }
        #expect(refusal?.metadata["tls.code"] == "no-peer-certificate")
        #expect(refusal?.metadata["tls.error"]?.isEmpty == false)
        #expect(refusal?.metadata["peer.address"]?.hasPrefix("127.0.0.1:") == true)
        server.stop()
    }

    @Test func federationRefusesHTTP11() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        let result = try fixture.curl(
            "https://127.0.0.1:\(server.address.port)/v1/sync", http2: false, clientCertificate: true)
        #expect(result.status != 0)
        let refusal = server.logs.all.first { $0.message == "TLS handshake refused" }
        #expect(refusal?.metadata["tls.code"] == "no-common-protocol")
        server.stop()
    }

    @Test func nghttpMultiplexesRequestsOverOneConnection() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        let base = "https://127.0.0.1:\(server.address.port)"
        let result = try runTool(
            "/usr/bin/nghttp",
            [
                "--cert=\(fixture.clientCertificateFile)", "--key=\(fixture.clientKeyFile)", "--timeout=10",
                "\(base)/a", "\(base)/b", "\(base)/c",
            ])
        #expect(result.status == 0, "\(result.errors)")
        for path in ["/a", "/b", "/c"] {
            #expect(
                result.output.contains("GET \(path) HTTP/2.0 secure=true alpn=h2 identity=urn:gcscp:node:member:KEN"))
        }
        server.stop()
    }

    @Test func nghttpUploadsABody() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.portal(), handler: connectionReportHandler)
        let upload = fixture.directory.appendingPathComponent("upload.bin")
        try Data(repeating: 0x41, count: 300_000).write(to: upload)
        let result = try runTool(
            "/usr/bin/nghttp", ["--timeout=10", "--data=\(upload.path)", "https://127.0.0.1:\(server.address.port)/up"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == "POST /up HTTP/2.0 secure=true alpn=h2 identity=none body=300000")
        server.stop()
    }

    @Test func plainHTTPIsRefusedOffLoopback() throws {
        let group = try EventLoopGroup(count: 1, name: "test-plain")
        let workers = try WorkerPool(threads: 1, name: "test-plain")
        defer { workers.shutdown() }
        let server = HTTPServer(
            configuration: .plainLoopback(address: SocketAddress(host: "0.0.0.0", port: 0)), group: group,
            workers: workers, logger: Logger(label: "test", sink: .discard), handler: HTTPHandlerFunction(echoHandler))
        let error = #expect(throws: TransportError.self) { try server.start() }
        #expect(error?.code == .invalidAddress)
    }

    @Test func startRefusesAKeyThatDoesNotMatchTheCertificate() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        var configuration = fixture.portal()
        configuration.tls?.privateKey = try TLSPrivateKey()
        let group = try EventLoopGroup(count: 1, name: "test-badkey")
        let workers = try WorkerPool(threads: 1, name: "test-badkey")
        defer { workers.shutdown() }
        let server = HTTPServer(
            configuration: configuration, group: group, workers: workers, logger: Logger(label: "test", sink: .discard),
            handler: HTTPHandlerFunction(echoHandler))
        let error = #expect(throws: TransportError.self) { try server.start() }
        #expect(error?.code == .tls)
        #expect(server.localAddress == nil)
    }
}
