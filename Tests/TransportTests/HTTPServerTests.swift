import Foundation
import Testing

@testable import Transport

@Suite("HTTP/1.1 server over TCP on 127.0.0.1")
struct HTTPServerTests {
    @Test func keepsTheConnectionAliveAcrossRequests() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n")
        let first = try #require(client.readResponse())
        client.send("POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc")
        let second = try #require(client.readResponse())
        #expect(first.status == 200)
        #expect(first.text == "GET /one ")
        #expect(first.headers["connection"] == nil)
        #expect(first.headers["date"]?.hasSuffix(" GMT") == true)
        #expect(second.text == "POST /two abc")
        server.stop()
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        // The first request is the slowest, so the handlers finish out of order.
        let server = try TestServer(handler: { request in
            let delay = request.target == "/1" ? 0.2 : request.target == "/2" ? 0.1 : 0
            Thread.sleep(forTimeInterval: delay)
            return echoHandler(request)
        })
        let client = try server.client()
        client.send(
            "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n")
        let targets = (0..<3).compactMap { _ in client.readResponse()?.headers["x-target"] }
        #expect(targets == ["/1", "/2", "/3"])
        server.stop()
    }

    @Test func receivesAChunkedUpload() throws {
        let server = try TestServer()
        let client = try server.client()
        let chunk = String(repeating: "z", count: 5000)
        client.send("PUT /blob HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
        client.send("1388\r\n\(chunk)\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.body.count == "PUT /blob ".utf8.count + 5005)
        #expect(response.text.hasSuffix("zzhello"))
        server.stop()
    }

    @Test func refusesOversizedHeadersWith431AndCloses() throws {
        let server = try TestServer { $0.limits.maxHeaderSectionSize = 1024 }
        let client = try server.client()
        client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(String(repeating: "b", count: 2000))\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 431)
        #expect(response.headers["connection"] == "close")
        #expect(client.waitForClose())
        #expect(server.logs.all.contains { $0.metadata["http.error"] == "header-section-too-large" })
        server.stop()
    }

    @Test func refusesContentLengthWithTransferEncodingAndCloses() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 400)
        #expect(response.headers["connection"] == "close")
        #expect(client.waitForClose())
        server.stop()
    }

    @Test func refusesAMalformedChunkSizeWith400() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 400)
        #expect(client.waitForClose())
        server.stop()
    }

    @Test func sendsContinueBeforeTheBody() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("PUT /c HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        let interim = try #require(client.readResponse())
        #expect(interim.status == 100)
        client.send("ok")
        #expect(client.readResponse()?.text == "PUT /c ok")
        server.stop()
    }

    @Test func closesAfterARequestThatAsksToClose() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("GET / HTTP/1.0\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.headers["connection"] == "close")
        #expect(client.waitForClose())
        server.stop()
    }

    @Test func answersRequestsSentBeforeTheClientShutsItsSide() throws {
        let server = try TestServer()
        let client = try server.client()
        client.send("GET /last HTTP/1.1\r\nHost: a\r\n\r\n")
        client.finishSending()
        let response = try #require(client.readResponse())
        #expect(response.text == "GET /last ")
        #expect(client.waitForClose())
        server.stop()
    }

    @Test func holdsBackAClientThatDoesNotReadThenResumes() throws {
        // 40 pipelined requests with 512 KB answers fill the socket buffers long before the client reads;
        // the server must pause, then finish every answer in order once the client reads.
        let server = try TestServer(
            configure: { $0.maxPipelinedRequests = 4 },
            handler: { request in
                HTTPResponse(
                    status: .ok, headers: HTTPHeaders([("X-Target", request.target)]),
                    body: [UInt8](repeating: 1, count: 512 * 1024))
            })
        let client = try server.client()
        client.send((0..<40).map { "GET /\($0) HTTP/1.1\r\nHost: a\r\n\r\n" }.joined())
        let targets = (0..<40).compactMap { _ in client.readResponse() }.map { $0.headers["x-target"] ?? "" }
        #expect(targets == (0..<40).map { "/\($0)" })
        server.stop()
    }

    @Test func refusesABodyOverTheLimitBeforeItArrives() throws {
        let server = try TestServer(configure: { $0.limits.maxBodySize = 1000 })
        let client = try server.client()
        client.send("POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 413)
        #expect(response.headers["connection"] == "close")
        #expect(client.waitForClose())
        server.stop()
    }
}
