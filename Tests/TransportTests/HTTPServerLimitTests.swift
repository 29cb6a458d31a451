import Foundation
import Synchronization
import Testing

@testable import Transport

@Suite("HTTP/1.1 server: timeouts, connection limits and shutdown")
struct HTTPServerLimitTests {
    @Test func cutsOffASlowClientWhileServingAnother() throws {
        let server = try TestServer { $0.headerReadTimeout = .milliseconds(300) }
        let slow = try TestClient(server.address, timeout: .seconds(3))
        let started = ContinuousClock.now
        var cutOff = false
        for byte in "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n".utf8 {
            slow.send([byte])
            // Another client is served while the slow one dribbles.
            let other = try server.client()
            other.send("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(other.readResponse()?.status == 200)
            if ContinuousClock.now - started > .milliseconds(600) {
                cutOff = true
                break
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(cutOff)
        let response = try #require(slow.readResponse())
        #expect(response.status == 408)
        #expect(slow.waitForClose())
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(server.logs.contains("request head timed out"))
        server.stop()
    }

    @Test func closesIdleConnections() throws {
        let server = try TestServer { $0.idleTimeout = .milliseconds(200) }
        let client = try TestClient(server.address, timeout: .seconds(3))
        client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        let started = ContinuousClock.now
        #expect(client.waitForClose())
        #expect(ContinuousClock.now - started < .seconds(2))
        server.stop()
    }

    @Test func refusesConnectionsBeyondThePerAddressLimit() throws {
        let server = try TestServer { $0.maxConnectionsPerAddress = 2 }
        let first = try server.client()
        let second = try server.client()
        first.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        second.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(first.readResponse()?.status == 200)
        #expect(second.readResponse()?.status == 200)
        let third = try server.client()
        #expect(third.readResponse()?.status == 503)
        #expect(third.waitForClose())
        server.stop()
    }

    @Test func shutdownFinishesARequestWhoseBodyIsStillArriving() throws {
        let server = try TestServer(handler: echoHandler)
        let client = try server.client()
        client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        Thread.sleep(forTimeInterval: 0.1)
        let stopped = DispatchSemaphore(value: 0)
        server.server.shutdown(timeout: .seconds(5)) { stopped.signal() }
        Thread.sleep(forTimeInterval: 0.2)
        client.send("defghij")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.text == "POST /upload abcdefghij")
        #expect(response.headers["connection"] == "close")
        #expect(client.waitForClose())
        #expect(stopped.wait(timeout: .now() + 10) == .success)
        server.stop()
    }

    @Test func shutdownFinishesAnInFlightRequest() throws {
        let handlerStarted = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let server = try TestServer(handler: { request in
            if request.target == "/slow" {
                handlerStarted.signal()
                _ = release.wait(timeout: .now() + 5)
            }
            return echoHandler(request)
        })
        let busy = try server.client()
        let idle = try server.client()
        idle.send("GET /warm HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(idle.readResponse()?.status == 200)
        busy.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(handlerStarted.wait(timeout: .now() + 5) == .success)

        let finished = DispatchSemaphore(value: 0)
        server.server.shutdown(timeout: .seconds(5)) { finished.signal() }
        #expect(idle.waitForClose())  // the idle connection closes at once: shutdown has begun
        #expect(finished.wait(timeout: .now()) == .timedOut)
        release.signal()
        let response = try #require(busy.readResponse())
        #expect(response.status == 200)
        #expect(response.text == "GET /slow ")
        #expect(response.headers["connection"] == "close")
        #expect(busy.waitForClose())
        busy.close()
        #expect(finished.wait(timeout: .now() + 5) == .success)
        #expect(throws: TransportError.self) { try server.client() }
        server.stop()
    }
}

@Suite("HTTP server on IPv6")
struct HTTPServerIPv6Tests {
    @Test func servesOnIPv6LoopbackWithAnEphemeralPort() throws {
        let server = try TestServer(host: "::1")
        #expect(server.address.family == .ipv6)
        #expect(server.address.port > 0)
        let client = try server.client()
        client.send("GET /six HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.text == "GET /six ")
        server.stop()
    }
}
