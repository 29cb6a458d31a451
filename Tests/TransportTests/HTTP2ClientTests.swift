import Crypto
import Foundation
import Testing

@testable import Transport

@Suite("HTTP/2 client to a federation port")
struct HTTP2ClientTests {
    @Test func sendsConcurrentRequestsOverOneConnection() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        defer { server.stop() }
        let clients = try TestClientLoop()
        defer { clients.stop() }

        let client = try clients.connect(
            to: server.address, tls: fixture.federationClient(),
            expectedPeer: try NodeIdentity(.custodian, code: "UNODA"))
        #expect(client.peerIdentity?.uri == "urn:gcscp:node:custodian:UNODA")
        let started = (0..<10).map { client.start(method: "POST", path: "/r/\($0)", body: [1, 2, 3]) }
        let texts = try started.map { outcome in
            let response = try outcome.wait()
            return "\(response.status.code) \(String(decoding: response.body, as: UTF8.self))"
        }
        #expect(
            texts
                == (0..<10).map {
                    "200 POST /r/\($0) HTTP/2.0 secure=true alpn=h2 identity=urn:gcscp:node:member:KEN body=3"
                })
        client.close()
    }

    @Test func theAsyncCallsReachTheServerToo() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(
            base: fixture.federation(), configure: { $0.idleTimeout = .seconds(600) },
            handler: connectionReportHandler)
        defer { server.stop() }
        let clients = try TestClientLoop()
        defer { clients.stop() }
        let client = try await HTTP2Client.connect(
            to: server.address, authority: "peer", tls: fixture.federationClient(), on: clients.group.loops[0],
            logger: clients.logger)
        let response = try await client.send(method: "GET", path: "/async")
        #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("GET /async HTTP/2.0"))
        client.close()
    }

    @Test func refusesAPeerThatIsNotTheExpectedNode() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        defer { server.stop() }
        let clients = try TestClientLoop()
        defer { clients.stop() }
        let error = #expect(throws: TransportError.self) {
            try clients.connect(
                to: server.address, tls: fixture.federationClient(),
                expectedPeer: try NodeIdentity(.member, code: "FRA"))
        }
        #expect(error?.code == .tls)
        #expect(error?.message.contains("urn:gcscp:node:custodian:UNODA") == true)
    }

    @Test func failsToConnectToAClosedPort() throws {
        let clients = try TestClientLoop()
        defer { clients.stop() }
        // Bind a port, then close it, so nothing listens there.
        let port = try TCPListener(address: SocketAddress(host: "127.0.0.1", port: 0), backlog: 1).localAddress.port
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let error = #expect(throws: TransportError.self) {
            try clients.connect(to: SocketAddress(host: "127.0.0.1", port: port), tls: fixture.federationClient())
        }
        #expect(error?.code == .connect)
    }

    @Test func aPeerWithoutCertificateGetsNoAnswer() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        defer { server.stop() }
        let clients = try TestClientLoop()
        defer { clients.stop() }
        let anonymous = TLSConfiguration(
            role: .client, certificateChain: [], privateKey: nil, trustAnchors: [fixture.root.certificate],
            alpnProtocols: ["h2"])
        // In TLS 1.3 the client's handshake ends before the server checks its certificate, so the refusal
        // can surface at connect or at the first request; either way no response arrives.
        #expect(throws: TransportError.self) {
            let client = try clients.connect(to: server.address, tls: anonymous)
            _ = try client.sendAndWait(method: "GET", path: "/v1/sync")
        }
        #expect(server.logs.all.contains { $0.metadata["tls.code"] == "no-peer-certificate" })
    }

    @Test func stopsBeingUsableAfterTheServerShutsDown() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        let clients = try TestClientLoop()
        defer { clients.stop() }
        let client = try clients.connect(to: server.address, tls: fixture.federationClient())
        #expect(try client.sendAndWait(method: "GET", path: "/before").status.code == 200)
        server.stop()
        let error = #expect(throws: TransportError.self) { try client.sendAndWait(method: "GET", path: "/after") }
        #expect(error?.code != .timeout)
        #expect(!client.isUsableNow)
    }

    @Test func shutdownFinishesAnInFlightHTTP2Request() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let handlerStarted = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let server = try TestServer(
            base: fixture.federation(),
            handler: { request in
                handlerStarted.signal()
                _ = release.wait(timeout: .now() + 5)
                return connectionReportHandler(request)
            })
        let clients = try TestClientLoop()
        defer { clients.stop() }
        let client = try clients.connect(to: server.address, tls: fixture.federationClient())
        let response = client.start(method: "GET", path: "/slow")
        #expect(handlerStarted.wait(timeout: .now() + 5) == .success)
        let stopped = DispatchSemaphore(value: 0)
        server.server.shutdown(timeout: .seconds(5)) { stopped.signal() }
        #expect(stopped.wait(timeout: .now() + 0.2) == .timedOut)  // it waits for the request in flight
        release.signal()
        let answer = try response.wait()
        #expect(answer.status.code == 200)
        #expect(String(decoding: answer.body, as: UTF8.self).hasPrefix("GET /slow HTTP/2.0"))
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        server.stop()
    }
}

@Suite("HTTP/2 server with large responses")
struct HTTP2LargeResponseTests {
    @Test func deliversLargeResponsesThatFillTheSocket() throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(
            base: fixture.federation(),
            handler: { request in
                HTTPResponse(status: .ok, body: [UInt8](repeating: UInt8(request.target.count), count: 3_000_000))
            })
        defer { server.stop() }
        let clients = try TestClientLoop()
        defer { clients.stop() }
        let client = try clients.connect(to: server.address, tls: fixture.federationClient())
        let paths = ["/a", "/bb", "/ccc"]
        let started = paths.map { client.start(method: "GET", path: $0) }
        for (path, outcome) in zip(paths, started) {
            let body = try outcome.wait().body
            #expect(body.count == 3_000_000)
            #expect(body.allSatisfy { $0 == UInt8(path.count) })
        }
        client.close()
    }
}
