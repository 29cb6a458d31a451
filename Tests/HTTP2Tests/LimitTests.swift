import HTTP2
import Testing

@Suite struct LimitTests {
    @Test func streamsBeyondTheLimitAreRefusedAndTheRestComplete() throws {
        var clientSettings = HTTP2ClientSettings()
        clientSettings.assumedPeerMaxConcurrentStreams = 1_000  // behave like a client that floods
        var serverSettings = HTTP2ServerSettings()
        serverSettings.maxConcurrentStreams = 100
        let client = try HTTP2ClientSession(settings: clientSettings)
        let server = try HTTP2ServerSession(settings: serverSettings)
        for index in 0..<300 {
            _ = try client.request(method: "GET", path: "/flood/\(index)", authority: "peer")
        }

        var accepted: [HTTP2Request] = []
        try pump(client, server) { _, request in accepted.append(request) }
        let failures = client.takeFailures()
        // The limit was announced but not yet acknowledged when the flood arrived: each excess stream is
        // refused on its own and the connection stays up.
        #expect(accepted.count == 100)
        #expect(failures.count == 200)
        #expect(failures.allSatisfy { $0.errorCode == .refusedStream })
        #expect(client.receivedGoAway == nil)

        for request in accepted {
            try server.respond(streamID: request.streamID, status: 200, body: Array(request.path.utf8))
        }
        try pump(client, server)
        let responses = client.takeResponses()
        #expect(responses.count == 100)
        #expect(responses.allSatisfy { $0.status == 200 && !$0.body.isEmpty })

        // The connection still serves a legitimate request afterwards.
        let later = try client.request(method: "GET", path: "/after", authority: "peer")
        try pump(client, server) { server, request in try server.respond(streamID: request.streamID, status: 204) }
        #expect(client.takeResponses().map(\.streamID) == [later])
        #expect(server.sentGoAway == nil)
        #expect(server.openStreamCount == 0)
    }

    @Test func headerListOverTheLimitGets431AndTheConnectionGoesOn() throws {
        var serverSettings = HTTP2ServerSettings()
        serverSettings.maxHeaderListSize = 4_096
        let client = try HTTP2ClientSession()
        let server = try HTTP2ServerSession(settings: serverSettings)
        let big = String(repeating: "a", count: 8_000)
        let rejected = try client.request(
            method: "GET", path: "/", authority: "peer", headers: [("x-big", big)])

        var delivered: [HTTP2Request] = []
        try pump(client, server) { _, request in delivered.append(request) }
        #expect(delivered.isEmpty)
        let responses = client.takeResponses()
        #expect(responses.map(\.streamID) == [rejected])
        #expect(responses.first?.status == 431)

        let fine = try client.request(method: "GET", path: "/", authority: "peer", headers: [("x-small", "b")])
        try pump(client, server) { server, request in try server.respond(streamID: request.streamID, status: 200) }
        #expect(client.takeResponses().map(\.streamID) == [fine])
        #expect(server.openStreamCount == 0)
    }

    @Test func declaredBodyOverTheLimitGets413BeforeTheBodyIsRead() throws {
        var serverSettings = HTTP2ServerSettings()
        serverSettings.maxRequestBodySize = 64 * 1024
        serverSettings.initialWindowSize = 16 * 1024
        let client = try HTTP2ClientSession()
        let server = try HTTP2ServerSession(settings: serverSettings)
        let streamID = try client.request(
            method: "POST", path: "/v1/upload", authority: "peer", body: patternBytes(count: 1 << 20, seed: 3))

        var delivered: [HTTP2Request] = []
        let rounds = try pump(client, server) { _, request in delivered.append(request) }
        #expect(delivered.isEmpty)
        let responses = client.takeResponses()
        #expect(responses.map(\.streamID) == [streamID])
        #expect(responses.first?.status == 413)
        #expect(client.takeFailures().isEmpty)
        // The RST_STREAM(NO_ERROR) after the 413 stops the upload long before 1 MiB has crossed.
        #expect(rounds < 10)
        #expect(server.openStreamCount == 0)
        #expect(client.openStreamCount == 0)
    }

    @Test func bodyGrowingPastTheLimitWithoutContentLengthIsReset() throws {
        var settings = HTTP2ServerSettings()
        settings.maxRequestBodySize = 20_000
        let server = try HTTP2ServerSession(settings: settings)
        let headers = literalHeaderBlock([
            (":method", "POST"), (":scheme", "https"), (":authority", "peer"), (":path", "/upload"),
        ])
        let chunk = [UInt8](repeating: 7, count: 16_384)
        let bytes =
            clientMagic + rawFrame(type: 0x4) + rawFrame(type: 0x1, flags: 0x4, streamID: 1, payload: headers)
            + rawFrame(type: 0x0, streamID: 1, payload: chunk) + rawFrame(type: 0x0, streamID: 1, payload: chunk)
            + rawFrame(type: 0x0, flags: 0x1, streamID: 1, payload: chunk)

        try server.receive(bytes)

        let resets = parseFrames(server.outgoing()).filter { $0.type == 0x3 }
        #expect(resets.map(\.streamID) == [1])
        #expect(resets.first?.payload == [0, 0, 0, 8])  // CANCEL
        #expect(server.takeRequests().isEmpty)
        #expect(server.openStreamCount == 0)
        #expect(server.sentGoAway == nil)
    }

    @Test func responseBodyOverTheClientLimitIsCancelled() throws {
        var clientSettings = HTTP2ClientSettings()
        clientSettings.maxResponseBodySize = 64 * 1024
        let client = try HTTP2ClientSession(settings: clientSettings)
        let server = try HTTP2ServerSession()
        let streamID = try client.request(method: "GET", path: "/big", authority: "peer")

        try pump(client, server) { server, request in
            // Streamed without content-length, so only the arriving bytes can show the excess.
            try server.respond(streamID: request.streamID, status: 200, body: [], endStream: false)
            try server.sendBody(streamID: request.streamID, patternBytes(count: 1 << 20, seed: 5), endStream: true)
        }

        #expect(client.takeResponses().isEmpty)
        #expect(client.takeFailures() == [HTTP2StreamFailure(streamID: streamID, errorCode: .cancel)])
        #expect(server.openStreamCount == 0)
    }

    @Test func settingsOutOfRangeAreRejected() {
        var settings = HTTP2ServerSettings()
        settings.initialWindowSize = 1 << 31
        #expect(throws: HTTP2Error.self) { try HTTP2ServerSession(settings: settings) }
        var clientSettings = HTTP2ClientSettings()
        clientSettings.maxHeaderListSize = 0
        #expect(throws: HTTP2Error.self) { try HTTP2ClientSession(settings: clientSettings) }
    }
}
