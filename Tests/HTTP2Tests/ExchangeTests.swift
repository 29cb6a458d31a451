import HTTP2
import Testing

@Suite struct ExchangeTests {
    @Test func getReturnsTheResponseWithHeadersAndBody() throws {
        let client = try HTTP2ClientSession()
        let server = try HTTP2ServerSession()
        let streamID = try client.request(
            method: "GET", path: "/v1/status?x=1", authority: "node.example:8443",
            headers: [(name: "Accept", value: "application/json")])

        var seen: [HTTP2Request] = []
        try pump(client, server) { server, request in
            seen.append(request)
            try server.respond(
                streamID: request.streamID, status: 200, headers: [("content-type", "text/plain")],
                body: Array("ok".utf8))
        }

        #expect(seen.count == 1)
        #expect(seen.first?.method == "GET")
        #expect(seen.first?.path == "/v1/status?x=1")
        #expect(seen.first?.scheme == "https")
        #expect(seen.first?.authority == "node.example:8443")
        #expect(seen.first?.header("accept") == "application/json")
        #expect(seen.first?.body == [])
        let responses = client.takeResponses()
        #expect(responses.map(\.streamID) == [streamID])
        #expect(responses.first?.status == 200)
        #expect(responses.first?.header("Content-Type") == "text/plain")
        #expect(responses.first?.header("content-length") == "2")
        #expect(responses.first?.body == Array("ok".utf8))
        #expect(client.takeFailures() == [])
        #expect(server.openStreamCount == 0)
        #expect(client.openStreamCount == 0)
    }

    @Test func postOfOneMebibyteCrossesManyWindowsBothWays() throws {
        var clientSettings = HTTP2ClientSettings()
        clientSettings.initialWindowSize = 16 * 1024
        clientSettings.connectionWindowSize = 32 * 1024
        var serverSettings = HTTP2ServerSettings()
        serverSettings.initialWindowSize = 16 * 1024
        serverSettings.connectionWindowSize = 32 * 1024
        let client = try HTTP2ClientSession(settings: clientSettings)
        let server = try HTTP2ServerSession(settings: serverSettings)
        let upload = patternBytes(count: 1 << 20, seed: 7)
        let streamID = try client.request(method: "POST", path: "/v1/entries", authority: "peer", body: upload)

        var received: [UInt8] = []
        let rounds = try pump(client, server) { server, request in
            received = request.body
            try server.respond(streamID: request.streamID, status: 201, body: request.body.reversed())
        }

        #expect(received == upload)
        let responses = client.takeResponses()
        #expect(responses.map(\.streamID) == [streamID])
        #expect(responses.first?.status == 201)
        #expect(responses.first?.body == upload.reversed())
        // 1 MiB through 32 KiB windows needs a WINDOW_UPDATE round trip per window, each way.
        #expect(rounds > 2 * (1 << 20) / (32 * 1024) - 4)
    }

    @Test func fiftyConcurrentRequestsAnsweredInReverseOrder() throws {
        let client = try HTTP2ClientSession()
        let server = try HTTP2ServerSession()
        var pathByStream: [Int32: String] = [:]
        for index in 0..<50 {
            let path = "/item/\(index)"
            pathByStream[try client.request(method: "GET", path: path, authority: "peer")] = path
        }

        var waiting: [HTTP2Request] = []
        try pump(client, server) { _, request in waiting.append(request) }
        #expect(waiting.count == 50)
        for request in waiting.reversed() {
            try server.respond(streamID: request.streamID, status: 200, body: Array(request.path.utf8))
        }
        try pump(client, server)

        let responses = client.takeResponses()
        #expect(responses.count == 50)
        for response in responses {
            #expect(response.body == Array((pathByStream[response.streamID] ?? "missing").utf8))
        }
        let order = responses.map(\.streamID)
        #expect(order == order.sorted(by: >))
        #expect(server.openStreamCount == 0)
    }

    @Test func streamedResponseBodyResumesWhenMoreBytesArrive() throws {
        let client = try HTTP2ClientSession()
        let server = try HTTP2ServerSession()
        _ = try client.request(method: "GET", path: "/v1/feed", authority: "peer")
        var streamID: Int32 = 0
        try pump(client, server) { server, request in
            streamID = request.streamID
            try server.respond(streamID: request.streamID, status: 200, body: [1, 2], endStream: false)
        }
        #expect(client.takeResponses().isEmpty)

        try server.sendBody(streamID: streamID, patternBytes(count: 100_000, seed: 1), endStream: false)
        try pump(client, server)
        #expect(client.takeResponses().isEmpty)
        try server.sendBody(streamID: streamID, [9], endStream: true)
        try pump(client, server)

        let responses = client.takeResponses()
        #expect(responses.first?.body == [1, 2] + patternBytes(count: 100_000, seed: 1) + [9])
        #expect(responses.first?.header("content-length") == nil)
        #expect(throws: HTTP2Error.self) { try server.sendBody(streamID: streamID, [0], endStream: true) }
    }

    @Test func fieldsHTTP2ForbidsAreRejectedBeforeSending() throws {
        let client = try HTTP2ClientSession()
        let server = try HTTP2ServerSession()
        _ = try client.request(method: "GET", path: "/", authority: "peer")
        var thrown: [HTTP2Error.Code] = []
        try pump(client, server) { server, request in
            for fields in [[("Connection", "close")], [("x-bad", "a\r\nb")], [("bad name", "v")]] {
                do {
                    try server.respond(streamID: request.streamID, status: 200, headers: fields)
                } catch let error as HTTP2Error {
                    thrown.append(error.code)
                }
            }
            do { try server.respond(streamID: request.streamID, status: 101) } catch let error as HTTP2Error {
                thrown.append(error.code)
            }
            try server.respond(streamID: request.streamID, status: 204)
            do { try server.respond(streamID: request.streamID, status: 200) } catch let error as HTTP2Error {
                thrown.append(error.code)
            }
        }
        #expect(thrown == [.invalidArgument, .invalidArgument, .invalidArgument, .invalidArgument, .invalidStream])
        let responses = client.takeResponses()
        #expect(responses.map(\.status) == [204])
        #expect(responses.first?.header("content-length") == nil)
        let libraryError = HTTP2Error(.library, "test", libraryCode: -505)
        #expect(libraryError.libraryMessage?.isEmpty == false)
    }
}
