import HTTP2
import Testing

@Suite struct ShutdownTests {
    @Test func gracefulGoAwayLetsInFlightStreamsFinish() throws {
        let client = try HTTP2ClientSession()
        let server = try HTTP2ServerSession()
        let inFlight = try (0..<3).map { try client.request(method: "GET", path: "/\($0)", authority: "peer") }
        var waiting: [HTTP2Request] = []
        try pump(client, server) { _, request in waiting.append(request) }
        #expect(waiting.count == 3)

        server.goAway()
        // This request crosses the GOAWAY on the wire: the server never processes it.
        let crossing = try client.request(method: "GET", path: "/late", authority: "peer")
        try server.receive(client.outgoing())
        try client.receive(server.outgoing())
        #expect(server.takeRequests().isEmpty)
        #expect(client.receivedGoAway == HTTP2GoAway(lastStreamID: inFlight.last!, errorCode: .noError))
        #expect(client.takeFailures() == [HTTP2StreamFailure(streamID: crossing, errorCode: .refusedStream)])
        #expect(client.isClosingOrClosed)
        #expect(throws: HTTP2Error.self) { try client.request(method: "GET", path: "/", authority: "peer") }
        #expect(!server.isFinished)

        for request in waiting.reversed() {
            try server.respond(streamID: request.streamID, status: 200, body: Array(request.path.utf8))
        }
        try pump(client, server)
        let responses = client.takeResponses()
        #expect(Set(responses.map(\.streamID)) == Set(inFlight))
        #expect(responses.allSatisfy { $0.status == 200 })
        #expect(server.isFinished)
        #expect(client.isFinished)
    }

    @Test func clientGoAwayStillReceivesItsResponse() throws {
        let client = try HTTP2ClientSession()
        let server = try HTTP2ServerSession()
        let streamID = try client.request(method: "GET", path: "/", authority: "peer")
        var waiting: [HTTP2Request] = []
        try pump(client, server) { _, request in waiting.append(request) }

        client.goAway()
        try pump(client, server)
        #expect(server.receivedGoAway?.errorCode == .noError)
        try server.respond(streamID: waiting[0].streamID, status: 200, body: [42])
        try pump(client, server)

        #expect(client.takeResponses().map(\.body) == [[42]])
        #expect(client.sentGoAway?.errorCode == .noError)
        #expect(client.isFinished)
        #expect(server.isFinished)
        #expect(streamID == waiting[0].streamID)
    }

    @Test func sessionsWithOpenStreamsAndBodiesAreReleased() throws {
        weak var released: HTTP2ServerSession?
        do {
            let client = try HTTP2ClientSession()
            let server = try HTTP2ServerSession()
            released = server
            _ = try client.request(
                method: "POST", path: "/", authority: "peer", body: patternBytes(count: 300_000, seed: 2))
            try pump(client, server) { server, request in
                try server.respond(streamID: request.streamID, status: 200, body: [], endStream: false)
            }
            #expect(server.openStreamCount == 1)
        }
        #expect(released == nil)
    }
}
