import CNGHTTP2

/// The one owner of an `nghttp2_session`, shared by the server and client sessions.
///
/// It turns nghttp2's callbacks into per-stream state and keeps what is ready for the public session to
/// hand out. Confined to one thread, like the sessions that own it.
final class SessionCore {
    let isServer: Bool
    let maxHeaderListSize: Int
    let maxBodySize: Int
    /// Set once in `init`; nil only while `init` runs.
    private(set) var session: OpaquePointer?
    var streams: [Int32: IncomingStream] = [:]
    var bodies: [Int32: OutgoingBody] = [:]
    var completed: [IncomingStream] = []
    var failures: [HTTP2StreamFailure] = []
    var sentGoAway: HTTP2GoAway?
    var receivedGoAway: HTTP2GoAway?
    /// The error that ended the session; once set, nghttp2 is neither fed nor drained again.
    private(set) var fatalError: HTTP2Error?
    /// Bytes serialized during `receive` (control frames, GOAWAY) and not yet taken by `outgoing`.
    private var pendingOutput: [UInt8] = []

    /// Creates the nghttp2 session; `configure` sets options before it exists.
    init(
        isServer: Bool, maxHeaderListSize: Int, maxBodySize: Int, configure: (OpaquePointer) -> Void
    ) throws {
        self.isServer = isServer
        self.maxHeaderListSize = maxHeaderListSize
        self.maxBodySize = maxBodySize
        var option: OpaquePointer?
        guard nghttp2_option_new(&option) == 0, let option else {
            throw HTTP2Error(.library, "could not allocate nghttp2 options")
        }
        defer { nghttp2_option_del(option) }
        configure(option)
        let callbacks = try makeSessionCallbacks()
        defer { nghttp2_session_callbacks_del(callbacks) }
        let userData = Unmanaged.passUnretained(self).toOpaque()
        var created: OpaquePointer?
        let result =
            isServer
            ? nghttp2_session_server_new2(&created, callbacks, userData, option)
            : nghttp2_session_client_new2(&created, callbacks, userData, option)
        guard result == 0, let created else {
            throw HTTP2Error(.library, "could not create an nghttp2 session", libraryCode: Int(result))
        }
        session = created
    }

    deinit {
        nghttp2_session_del(session)
    }

    /// Sends SETTINGS and widens the connection window; called once right after `init`.
    func start(settings: [(id: nghttp2_settings_id, value: Int)], connectionWindowSize: Int) throws {
        let entries = settings.map {
            nghttp2_settings_entry(settings_id: Int32($0.id.rawValue), value: UInt32($0.value))
        }
        try check(
            nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), entries, entries.count),
            "could not queue SETTINGS")
        try check(
            nghttp2_session_set_local_window_size(
                session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, Int32(connectionWindowSize)),
            "could not set the connection window")
    }

    /// Throws a `library` error for a negative nghttp2 result.
    func check(_ result: Int32, _ message: String, code: HTTP2Error.Code = .library) throws {
        if result < 0 { throw HTTP2Error(code, message, libraryCode: Int(result)) }
    }

    /// Feeds bytes from the peer; throws `protocolError` when they made this side send an error GOAWAY.
    func receive(_ bytes: [UInt8]) throws {
        if let fatalError { throw HTTP2Error(.sessionClosed, "the session already ended: \(fatalError.message)") }
        let goAwayBefore = sentGoAway
        let result = bytes.withUnsafeBufferPointer { nghttp2_session_mem_recv(session, $0.baseAddress, $0.count) }
        if result < 0 {
            // nghttp2 will read no more; tell the peer why before the transport closes the connection.
            let code: HTTP2ErrorCode = result == Int(NGHTTP2_ERR_FLOODED.rawValue) ? .enhanceYourCalm : .protocolError
            if sentGoAway == nil { nghttp2_session_terminate_session(session, code.rawValue) }
            drain(into: &pendingOutput)
            let error = HTTP2Error(
                .protocolError, "the peer sent bytes that are not valid HTTP/2", libraryCode: result,
                goAwayCode: sentGoAway?.errorCode ?? code)
            fatalError = error
            throw error
        }

        // Control frames nghttp2 queued in reply (ACKs, WINDOW_UPDATE, RST_STREAM, GOAWAY) go out now,
        // so a GOAWAY for a misbehaving peer is known before this call returns.
        drain(into: &pendingOutput)
        if let goAway = sentGoAway, goAway != goAwayBefore, goAway.errorCode != .noError {
            let error = HTTP2Error(.protocolError, "the peer broke HTTP/2 or its limits", goAwayCode: goAway.errorCode)
            fatalError = error
            throw error
        }
    }

    /// Everything nghttp2 wants to send now, including bytes serialized during `receive`.
    func outgoing() -> [UInt8] {
        var bytes = pendingOutput
        pendingOutput = []
        drain(into: &bytes)
        return bytes
    }

    private func drain(into bytes: inout [UInt8]) {
        guard fatalError == nil else { return }
        while true {
            var chunk: UnsafePointer<UInt8>?
            let count = nghttp2_session_mem_send(session, &chunk)
            if count < 0 {
                fatalError = HTTP2Error(.library, "nghttp2 could not serialize frames", libraryCode: count)
                return
            }
            guard count > 0, let chunk else { return }
            bytes.append(contentsOf: UnsafeBufferPointer(start: chunk, count: count))
        }
    }

    var wantsRead: Bool { fatalError == nil && nghttp2_session_want_read(session) != 0 }

    var wantsWrite: Bool {
        !pendingOutput.isEmpty || (fatalError == nil && nghttp2_session_want_write(session) != 0)
    }

    /// Sends GOAWAY(NO_ERROR) naming the last stream this side processed; those streams may finish.
    func goAway() {
        guard fatalError == nil, sentGoAway == nil else { return }
        let lastStream = nghttp2_session_get_last_proc_stream_id(session)
        nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), lastStream, 0, nil, 0)
        // Serialize it now: nghttp2 refuses new streams only once the GOAWAY counts as sent, and a
        // stream accepted in between would be answered although the peer was told it was refused.
        drain(into: &pendingOutput)
    }

    /// The error code for a failed submit on a stream: the stream's state, or nghttp2 itself.
    func streamErrorCode(_ result: Int32) -> HTTP2Error.Code {
        let streamStates = [NGHTTP2_ERR_INVALID_ARGUMENT, NGHTTP2_ERR_DATA_EXIST, NGHTTP2_ERR_STREAM_CLOSED]
        return streamStates.contains { $0.rawValue == result } ? .invalidStream : .library
    }

    /// Submits a stream reset; used for limits this wrapper enforces.
    func reset(_ streamID: Int32, _ code: HTTP2ErrorCode) {
        nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, code.rawValue)
    }

    /// Queues a body for a stream and returns the provider that reads it.
    func provider(for streamID: Int32?, body: OutgoingBody) -> nghttp2_data_provider {
        if let streamID { bodies[streamID] = body }
        return body.dataProvider()
    }

    /// Appends to a stream's body and wakes the stream if nghttp2 had deferred it for lack of data.
    func appendBody(_ streamID: Int32, _ bytes: [UInt8], end: Bool) throws {
        guard let body = bodies[streamID], !body.ended else {
            throw HTTP2Error(.invalidStream, "stream \(streamID) has no open body to append to")
        }
        body.append(bytes, end: end)
        let result = nghttp2_session_resume_data(session, streamID)
        if result != 0 && result != NGHTTP2_ERR_INVALID_ARGUMENT.rawValue {
            try check(result, "could not resume stream \(streamID)")
        }
    }
}
