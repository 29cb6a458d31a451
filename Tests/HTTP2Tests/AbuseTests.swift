import HTTP2
import Testing

@Suite struct AbuseTests {
    /// Feeds the server bytes, expects a protocol error, and returns the GOAWAY a client would read.
    private func expectGoAway(
        from server: HTTP2ServerSession, after bytes: [UInt8], reader: HTTP2ClientSession? = nil
    ) throws -> HTTP2GoAway? {
        var thrown: HTTP2Error?
        do { try server.receive(bytes) } catch let error as HTTP2Error { thrown = error }
        #expect(thrown?.code == .protocolError)
        #expect(thrown?.goAwayCode == server.sentGoAway?.errorCode)
        #expect(throws: HTTP2Error.self) { try server.receive([0]) }

        let observer = try reader ?? HTTP2ClientSession()
        _ = observer.outgoing()
        try? observer.receive(server.outgoing())
        #expect(server.isFinished)
        return observer.receivedGoAway
    }

    @Test func garbageAfterThePrefaceGetsGoAwayProtocolError() throws {
        let server = try HTTP2ServerSession()
        // A DATA frame on stream 0 where the SETTINGS frame must come.
        let garbage = clientMagic + rawFrame(type: 0x0, payload: [0xde, 0xad, 0xbe, 0xef])
        let goAway = try expectGoAway(from: server, after: garbage)
        #expect(goAway?.errorCode == .protocolError)
        #expect(server.sentGoAway?.errorCode == .protocolError)
    }

    @Test func garbageMidConnectionGetsGoAwayProtocolError() throws {
        let client = try HTTP2ClientSession()
        let server = try HTTP2ServerSession()
        _ = try client.request(method: "GET", path: "/", authority: "peer")
        try pump(client, server) { server, request in try server.respond(streamID: request.streamID, status: 200) }
        // CONTINUATION with no HEADERS before it.
        let goAway = try expectGoAway(
            from: server, after: rawFrame(type: 0x9, flags: 0x4, streamID: 3, payload: [0x82]), reader: client)
        #expect(goAway?.errorCode == .protocolError)
        #expect(goAway?.lastStreamID == 1)
    }

    @Test func http1TextInsteadOfThePrefaceIsRefused() throws {
        let server = try HTTP2ServerSession()
        let goAway = try expectGoAway(from: server, after: Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(goAway?.errorCode == .protocolError)
    }

    @Test func settingsFrameWithTooManyEntriesEndsTheSession() throws {
        let server = try HTTP2ServerSession()
        let entry: [UInt8] = [0x00, 0x03, 0x00, 0x00, 0x00, 0x64]  // MAX_CONCURRENT_STREAMS = 100
        let flood = clientMagic + rawFrame(type: 0x4, payload: Array([[UInt8]](repeating: entry, count: 40).joined()))
        let goAway = try expectGoAway(from: server, after: flood)
        #expect(goAway?.errorCode == .enhanceYourCalm)
    }

    /// 200 requests each cancelled right after it was sent, fed in TLS-record-sized pieces as the
    /// transport would, stopping at the first error. Returns the error and how many bytes were fed.
    private func rapidResetFlood(against server: HTTP2ServerSession) throws -> (HTTP2Error?, fed: Int, total: Int) {
        let client = try HTTP2ClientSession()
        var flood = client.outgoing()
        for _ in 0..<200 {
            let streamID = try client.request(method: "GET", path: "/", authority: "peer")
            flood += client.outgoing()
            client.cancel(streamID: streamID)
            flood += client.outgoing()
        }
        var thrown: HTTP2Error?
        var offset = 0
        while thrown == nil, offset < flood.count {
            let end = min(offset + 4_096, flood.count)
            do { try server.receive(Array(flood[offset..<end])) } catch let error as HTTP2Error { thrown = error }
            offset = end
        }
        return (thrown, offset, flood.count)
    }

    @Test func rapidResetEndsTheSessionWithGoAway() throws {
        var settings = HTTP2ServerSettings()
        settings.streamResetBurst = 20
        settings.streamResetRatePerSecond = 1
        let server = try HTTP2ServerSession(settings: settings)

        let (thrown, fed, total) = try rapidResetFlood(against: server)

        #expect(thrown?.code == .protocolError)
        #expect(thrown?.goAwayCode == .internalError)
        #expect(server.sentGoAway?.errorCode == .internalError)
        #expect(fed < total)
    }

    @Test func resetsWithinTheBurstAreAllowed() throws {
        let server = try HTTP2ServerSession()  // default burst of 400

        let (thrown, fed, total) = try rapidResetFlood(against: server)

        #expect(thrown == nil)
        #expect(fed == total)
        #expect(server.sentGoAway == nil)
        #expect(server.takeRequests().count == 200)
    }
}
