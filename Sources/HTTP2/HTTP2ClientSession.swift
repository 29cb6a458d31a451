import CNGHTTP2

/// The client side of one HTTP/2 connection, fed from and drained into memory buffers.
///
/// Meant to stay open and carry many requests, as replication does with each peer. The first `outgoing`
/// holds the connection preface and SETTINGS. Each `request` returns its stream; the answer comes out of
/// `takeResponses`, or `takeFailures` when the stream was reset or refused. After a GOAWAY from the server
/// `request` throws `sessionClosed`: open a new connection for new requests.
///
/// Not thread-safe and not `Sendable`: create, feed and drain a session on one thread (its event loop).
public final class HTTP2ClientSession {
    private let core: SessionCore

    /// Creates a session and queues the preface and SETTINGS (server push disabled).
    ///
    /// Throws `invalidArgument` for a setting out of HTTP/2's range, `library` if nghttp2 cannot allocate.
    public init(settings: HTTP2ClientSettings = HTTP2ClientSettings()) throws {
        let windowRange = 1...Int(Int32.max)
        guard windowRange.contains(settings.initialWindowSize), windowRange.contains(settings.connectionWindowSize),
            (1...Int(UInt32.max)).contains(settings.maxHeaderListSize), settings.maxResponseBodySize >= 0,
            (1...Int(UInt32.max)).contains(settings.assumedPeerMaxConcurrentStreams)
        else {
            throw HTTP2Error(.invalidArgument, "an HTTP/2 client setting is out of range")
        }
        core = try SessionCore(
            isServer: false, maxHeaderListSize: settings.maxHeaderListSize, maxBodySize: settings.maxResponseBodySize
        ) { option in
            nghttp2_option_set_peer_max_concurrent_streams(option, UInt32(settings.assumedPeerMaxConcurrentStreams))
            nghttp2_option_set_max_settings(option, 32)
            nghttp2_option_set_max_outbound_ack(option, 1000)
            nghttp2_option_set_max_continuations(option, 8)
        }
        try core.start(
            settings: [
                (NGHTTP2_SETTINGS_ENABLE_PUSH, 0),
                (NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, settings.initialWindowSize),
                (NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, settings.maxHeaderListSize),
            ],
            connectionWindowSize: settings.connectionWindowSize)
    }

    /// Queues a request and returns its stream ID. The body, if any, goes out as DATA frames across as many
    /// flow-control windows as it needs; a `content-length` field is added when `headers` has none.
    ///
    /// Beyond the server's stream limit nghttp2 holds the request back until a stream closes.
    /// Throws `sessionClosed` after a GOAWAY, `invalidArgument` for a field HTTP/2 forbids.
    public func request(
        method: String, path: String, authority: String, scheme: String = "https",
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) throws -> Int32 {
        if let goAway = core.receivedGoAway ?? core.sentGoAway {
            throw HTTP2Error(.sessionClosed, "the connection is going away (\(goAway.errorCode)); open a new one")
        }
        if let fatal = core.fatalError {
            throw HTTP2Error(.sessionClosed, "the session already ended: \(fatal.message)")
        }
        let pseudo: [(name: String, value: String)] = [
            (":method", method), (":scheme", scheme), (":authority", authority), (":path", path),
        ]
        var fields = pseudo + (try validatedFields(headers))
        if !body.isEmpty, !fields.contains(where: { $0.name == "content-length" }) {
            fields.append(("content-length", String(body.count)))
        }
        let streamID: Int32
        let outgoingBody = OutgoingBody(body, ended: true)
        if body.isEmpty {
            streamID = withNameValueArray(fields) { nghttp2_submit_request(core.session, nil, $0, $1, nil, nil) }
        } else {
            var provider = core.provider(for: nil, body: outgoingBody)
            streamID = withNameValueArray(fields) {
                nghttp2_submit_request(core.session, nil, $0, $1, &provider, nil)
            }
        }
        let code: HTTP2Error.Code = streamID == NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE.rawValue ? .sessionClosed : .library
        try core.check(streamID, "could not queue the request", code: code)
        if !body.isEmpty { core.bodies[streamID] = outgoingBody }
        core.streams[streamID] = IncomingStream(streamID: streamID)
        return streamID
    }

    /// Cancels a request: RST_STREAM(CANCEL). Its stream is then reported by `takeFailures`.
    public func cancel(streamID: Int32) {
        guard core.streams[streamID] != nil else { return }
        core.reset(streamID, .cancel)
    }

    /// Feeds bytes read from the server. Cost: proportional to the bytes; serializes nghttp2's replies.
    ///
    /// Throws `protocolError` when the bytes broke HTTP/2 (the session sent GOAWAY, see the error's
    /// `goAwayCode`); write `outgoing()` and close. Throws `sessionClosed` when called after that.
    public func receive(_ bytes: [UInt8]) throws {
        try core.receive(bytes)
    }

    /// The bytes to write to the server now, possibly empty.
    public func outgoing() -> [UInt8] {
        core.outgoing()
    }

    /// Returns the responses completed since the last call, in the order they completed.
    public func takeResponses() -> [HTTP2Response] {
        let ready = core.completed
        core.completed = []
        return ready.map { stream in
            HTTP2Response(
                streamID: stream.streamID, status: stream.pseudoHeaders[":status"].flatMap { Int($0) } ?? 0,
                headers: stream.headers, body: stream.body)
        }
    }

    /// Returns the requests that ended without a response since the last call. `refusedStream` (from a
    /// reset or a GOAWAY) means the server did not process the request, so it is safe to send again.
    public func takeFailures() -> [HTTP2StreamFailure] {
        let failed = core.failures
        core.failures = []
        return failed
    }

    /// Closes the connection from this side: GOAWAY(NO_ERROR); requests in flight still finish.
    public func goAway() {
        core.goAway()
    }

    /// True once no new request may be sent on this connection (GOAWAY sent or received, or an error).
    public var isClosingOrClosed: Bool {
        core.receivedGoAway != nil || core.sentGoAway != nil || core.fatalError != nil
    }

    /// True while the session expects more bytes from the server (requests in flight, or no GOAWAY yet).
    public var wantsRead: Bool { core.wantsRead }

    /// True while the session has bytes to send; call `outgoing`.
    public var wantsWrite: Bool { core.wantsWrite }

    /// True when the session neither reads nor writes any more: close the connection.
    public var isFinished: Bool { !wantsRead && !wantsWrite }

    /// The GOAWAY the server sent, if any.
    public var receivedGoAway: HTTP2GoAway? { core.receivedGoAway }

    /// The GOAWAY this session sent, if any.
    public var sentGoAway: HTTP2GoAway? { core.sentGoAway }

    /// Requests waiting for their response.
    public var openStreamCount: Int { core.streams.count }
}

@available(*, unavailable, message: "confine a session to the thread that runs its connection")
extension HTTP2ClientSession: Sendable {}
