import CNGHTTP2

/// The server side of one HTTP/2 connection, fed from and drained into memory buffers.
///
/// The transport owns the socket and TLS: it passes decrypted bytes from the client to `receive`, writes
/// what `outgoing` returns, and closes the connection once `isFinished`. Complete requests come out of
/// `takeRequests`; answer each with `respond`.
///
/// Limits: at most `maxConcurrentStreams` open streams (excess streams get RST_STREAM(REFUSED_STREAM)
/// while the announced limit is unacknowledged, GOAWAY(PROTOCOL_ERROR) after); header lists over
/// `maxHeaderListSize` get 431; a Content-Length over `maxRequestBodySize` gets 413 before the body is
/// read, and a body that grows past it RST_STREAM(CANCEL). nghttp2's flood guards are on: at most 32
/// entries per SETTINGS frame, 1000 queued SETTINGS/PING acknowledgements, 8 CONTINUATION frames per
/// header block, and a token bucket on incoming RST_STREAM (rapid reset) that ends in GOAWAY.
///
/// Not thread-safe and not `Sendable`: create, feed and drain a session on one thread (its event loop).
public final class HTTP2ServerSession {
    private let core: SessionCore

    /// Creates a session and queues the server's SETTINGS; call `outgoing` to send them.
    ///
    /// Throws `invalidArgument` for a setting out of HTTP/2's range, `library` if nghttp2 cannot allocate.
    public init(settings: HTTP2ServerSettings = HTTP2ServerSettings()) throws {
        let windowRange = 1...Int(Int32.max)
        guard windowRange.contains(settings.initialWindowSize), windowRange.contains(settings.connectionWindowSize),
            (0...Int(UInt32.max)).contains(settings.maxConcurrentStreams),
            (1...Int(UInt32.max)).contains(settings.maxHeaderListSize), settings.maxRequestBodySize >= 0,
            settings.streamResetBurst > 0, settings.streamResetRatePerSecond > 0
        else {
            throw HTTP2Error(.invalidArgument, "an HTTP/2 server setting is out of range")
        }
        core = try SessionCore(
            isServer: true, maxHeaderListSize: settings.maxHeaderListSize, maxBodySize: settings.maxRequestBodySize
        ) { option in
            nghttp2_option_set_max_settings(option, 32)
            nghttp2_option_set_max_outbound_ack(option, 1000)
            nghttp2_option_set_max_continuations(option, 8)
            nghttp2_option_set_stream_reset_rate_limit(
                option, UInt64(settings.streamResetBurst), UInt64(settings.streamResetRatePerSecond))
        }
        try core.start(
            settings: [
                (NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, settings.maxConcurrentStreams),
                (NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, settings.initialWindowSize),
                (NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, settings.maxHeaderListSize),
            ],
            connectionWindowSize: settings.connectionWindowSize)
    }

    /// Feeds bytes read from the client. Cost: proportional to the bytes; serializes nghttp2's replies.
    ///
    /// Throws `protocolError` when the bytes broke HTTP/2 or a flood limit: the session then queued a GOAWAY
    /// (its code is in the error's `goAwayCode` and in `sentGoAway`); write `outgoing()` and close.
    /// Throws `sessionClosed` when called after such an error.
    public func receive(_ bytes: [UInt8]) throws {
        try core.receive(bytes)
    }

    /// The bytes to write to the client now, possibly empty. Includes response DATA as flow control allows.
    public func outgoing() -> [UInt8] {
        core.outgoing()
    }

    /// Returns the requests completed since the last call, in the order they completed.
    public func takeRequests() -> [HTTP2Request] {
        let ready = core.completed
        core.completed = []
        return ready.map { stream in
            HTTP2Request(
                streamID: stream.streamID, method: stream.pseudoHeaders[":method"] ?? "",
                path: stream.pseudoHeaders[":path"] ?? "", scheme: stream.pseudoHeaders[":scheme"] ?? "",
                authority: stream.pseudoHeaders[":authority"] ?? "", headers: stream.headers, body: stream.body)
        }
    }

    /// Queues the response to a request: status, header fields, and body bytes sent as DATA frames across
    /// as many flow-control windows as they need.
    ///
    /// With `endStream: false` the body stays open for `sendBody`. A `content-length` field is added for a
    /// complete body when `headers` has none (except for 204 and 304; for HEAD, pass the GET length).
    /// Throws `invalidStream` for an unknown, answered or reset stream, `invalidArgument` for a status
    /// outside 200...999 or a field HTTP/2 forbids.
    public func respond(
        streamID: Int32, status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        endStream: Bool = true
    ) throws {
        guard let stream = core.streams[streamID], !stream.answered else {
            throw HTTP2Error(.invalidStream, "stream \(streamID) is not waiting for a response")
        }
        guard (200...999).contains(status) else {
            throw HTTP2Error(.invalidArgument, "status \(status) is not a final three-digit HTTP status")
        }
        var fields = [(name: ":status", value: String(status))] + (try validatedFields(headers))
        // 204 and 304 carry no content-length of their own (RFC 9110 8.6).
        let bodyless = status == 204 || status == 304
        if endStream, !bodyless, !fields.contains(where: { $0.name == "content-length" }) {
            fields.append(("content-length", String(body.count)))
        }
        let result: Int32
        if endStream && body.isEmpty {
            result = withNameValueArray(fields) { nghttp2_submit_response(core.session, streamID, $0, $1, nil) }
        } else {
            var provider = core.provider(for: streamID, body: OutgoingBody(body, ended: endStream))
            result = withNameValueArray(fields) { nghttp2_submit_response(core.session, streamID, $0, $1, &provider) }
        }
        try core.check(result, "could not queue the response on stream \(streamID)", code: core.streamErrorCode(result))
        stream.answered = true
    }

    /// Appends bytes to a response body opened with `endStream: false`; `endStream: true` finishes it.
    ///
    /// Throws `invalidStream` when the stream has no open body (never opened, already ended, or reset).
    public func sendBody(streamID: Int32, _ bytes: [UInt8], endStream: Bool) throws {
        try core.appendBody(streamID, bytes, end: endStream)
    }

    /// Starts a graceful shutdown: GOAWAY(NO_ERROR) naming the last stream processed. Streams up to it
    /// finish normally; newer ones are refused. The session is finished once they are done.
    public func goAway() {
        core.goAway()
    }

    /// True while the session expects more bytes from the client.
    public var wantsRead: Bool { core.wantsRead }

    /// True while the session has bytes to send; call `outgoing`.
    public var wantsWrite: Bool { core.wantsWrite }

    /// True when the session neither reads nor writes any more: close the connection.
    public var isFinished: Bool { !wantsRead && !wantsWrite }

    /// The GOAWAY this session sent, if any; an error code other than `noError` means the client misbehaved.
    public var sentGoAway: HTTP2GoAway? { core.sentGoAway }

    /// The GOAWAY the client sent, if any.
    public var receivedGoAway: HTTP2GoAway? { core.receivedGoAway }

    /// Streams the session is tracking (open or waiting for the response to finish); for tests and metrics.
    public var openStreamCount: Int { core.streams.count }
}

@available(*, unavailable, message: "confine a session to the thread that runs its connection")
extension HTTP2ServerSession: Sendable {}
