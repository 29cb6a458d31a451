import Crypto
import Foundation
import Testing

@testable import Transport

@Suite("HTTP/2 client to a federation port")
struct HTTP2ClientTests {
    private let logger = Logger(label: "test-client", sink: .discard)

    @Test func sendsConcurrentRequestsOverOneConnection() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        defer { server.stop() }
        let loops = try EventLoopGroup(count: 1, name: "test-client")
        try loops.start()
        defer { loops.stop() }

        let client = try await HTTP2Client.connect(
            to: server.address, authority: "127.0.0.1:\(server.address.port)", tls: fixture.federationClient(),
            expectedPeer: try NodeIdentity(.custodian, code: "UNODA"), on: loops.loops[0], logger: logger)
        #expect(client.peerIdentity?.uri == "urn:gcscp:node:custodian:UNODA")
        let texts = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<10 {
                group.addTask {
                    let response = try await client.send(method: "POST", path: "/r/\(index)", body: [1, 2, 3])
                    return "\(response.status.code) \(String(decoding: response.body, as: UTF8.self))"
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(texts.count == 10)
        for index in 0..<10 {
            #expect(
                texts.contains(
                    "200 POST /r/\(index) HTTP/2.0 secure=true alpn=h2 identity=urn:gcscp:node:member:KEN body=3"))
        }
        client.close()
    }

    @Test func refusesAPeerThatIsNotTheExpectedNode() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        defer { server.stop() }
        let loops = try EventLoopGroup(count: 1, name: "test-client")
        try loops.start()
        defer { loops.stop() }
        let error = await #expect(throws: TransportError.self) {
            try await HTTP2Client.connect(
                to: server.address, authority: "peer", tls: fixture.federationClient(),
                expectedPeer: try NodeIdentity(.member, code: "FRA"), on: loops.loops[0], logger: logger)
        }
        #expect(error?.code == .tls)
        #expect(error?.message.contains("urn:gcscp:node:custodian:UNODA") == true)
    }

    @Test func failsToConnectToAClosedPort() async throws {
        let loops = try EventLoopGroup(count: 1, name: "test-client")
        try loops.start()
        defer { loops.stop() }
        // Bind a port, then close it, so nothing listens there.
        let port = try TCPListener(address: SocketAddress(host: "127.0.0.1", port: 0), backlog: 1).localAddress.port
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let error = await #expect(throws: TransportError.self) {
            try await HTTP2Client.connect(
                to: SocketAddress(host: "127.0.0.1", port: port), authority: "peer", tls: fixture.federationClient(),
                on: loops.loops[0], logger: logger)
        }
        #expect(error?.code == .connect)
    }

    @Test func aPeerWithoutCertificateGetsNoAnswer() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        defer { server.stop() }
        let loops = try EventLoopGroup(count: 1, name: "test-client")
        try loops.start()
        defer { loops.stop() }
        let anonymous = TLSConfiguration(
            role: .client, certificateChain: [], privateKey: nil, trustAnchors: [fixture.root.certificate],
            alpnProtocols: ["h2"])
        // In TLS 1.3 the client's handshake ends before the server checks its certificate, so the refusal
        // can surface at connect or at the first request; either way no response arrives.
        await #expect(throws: TransportError.self) {
            let client = try await HTTP2Client.connect(
                to: server.address, authority: "peer", tls: anonymous, on: loops.loops[0], logger: logger)
            _ = try await client.send(method: "GET", path: "/v1/sync")
        }
        #expect(server.logs.all.contains { $0.metadata["tls.code"] == "no-peer-certificate" })
    }

    @Test func stopsBeingUsableAfterTheServerShutsDown() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(base: fixture.federation(), handler: connectionReportHandler)
        let loops = try EventLoopGroup(count: 1, name: "test-client")
        try loops.start()
        defer { loops.stop() }
        let client = try await HTTP2Client.connect(
            to: server.address, authority: "peer", tls: fixture.federationClient(), on: loops.loops[0],
            logger: logger)
        #expect(try await client.send(method: "GET", path: "/before").status.code == 200)
        server.stop()
        await #expect(throws: TransportError.self) { try await client.send(method: "GET", path: "/after") }
        let usable = await withCheckedContinuation { continuation in
            client.checkUsable { continuation.resume(returning: $0) }
        }
        #expect(!usable)
    }

    @Test func shutdownFinishesAnInFlightHTTP2Request() async throws {
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
        let loops = try EventLoopGroup(count: 1, name: "test-client")
        try loops.start()
        defer { loops.stop() }
        let client = try await HTTP2Client.connect(
            to: server.address, authority: "peer", tls: fixture.federationClient(), on: loops.loops[0],
            logger: logger)
        let response = Task { try await client.send(method: "GET", path: "/slow") }
        #expect(handlerStarted.wait(timeout: .now() + 5) == .success)
        let stopped = DispatchSemaphore(value: 0)
        server.server.shutdown(timeout: .seconds(5)) { stopped.signal() }
        #expect(stopped.wait(timeout: .now() + 0.2) == .timedOut)  // it waits for the request in flight
        release.signal()
        let answer = try await response.value
        #expect(answer.status.code == 200)
        #expect(String(decoding: answer.body, as: UTF8.self).hasPrefix("GET /slow HTTP/2.0"))
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        server.stop()
    }
}

@Suite("HTTP/2 server with large responses")
struct HTTP2LargeResponseTests {
    @Test func deliversLargeResponsesThatFillTheSocket() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        let server = try TestServer(
            base: fixture.federation(),
            handler: { request in
                HTTPResponse(status: .ok, body: [UInt8](repeating: UInt8(request.target.count), count: 3_000_000))
            })
        defer { server.stop() }
        let loops = try EventLoopGroup(count: 1, name: "test-client")
        try loops.start()
        defer { loops.stop() }
        let client = try await HTTP2Client.connect(
            to: server.address, authority: "peer", tls: fixture.federationClient(), on: loops.loops[0],
            logger: Logger(label: "test-client", sink: .discard))
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for path in ["/a", "/bb", "/ccc"] {
                group.addTask {
                    let response = try await client.send(method: "GET", path: path)
                    #expect(response.body.allSatisfy { $0 == UInt8(path.count) })
                    return response.body.count
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sizes == [3_000_000, 3_000_000, 3_000_000])
        client.close()
    }
}
