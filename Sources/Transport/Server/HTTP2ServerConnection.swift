import HTTP2

/// Serves HTTP/2 on one (TLS) byte stream through an nghttp2 server session: requests go to the handler on
/// the worker pool, responses come back on the loop and are queued on their streams.
final class HTTP2ServerConnection: ByteStreamHandler, ServerConnection, @unchecked Sendable {
    // @unchecked: all state is confined to the stream's loop; a worker thread only carries `self` back
    // to the loop through `execute` to deliver a response.
    private let stream: ByteStream
    private let context: ServerContext
    private let logger: Logger
    private let session: HTTP2ServerSession
    private var inFlight: Set<Int32> = []
    private var headRequests: Set<Int32> = []
    private var closing = false
    private var idleTimer: TimerHandle?
    private var onClose: (() -> Void)?

    /// Takes over `stream` and sends the server's SETTINGS; call on the stream's loop.
    ///
    /// - Throws: `HTTP2Error` when the session cannot be made.
    init(stream: ByteStream, context: ServerContext, logger: Logger, onClose: @escaping () -> Void) throws {
        self.stream = stream
        self.context = context
        self.logger = logger
        self.onClose = onClose
        session = try HTTP2ServerSession(settings: context.configuration.http2)
        stream.handler = self
        flush()
        armIdleTimer()
    }

    func streamDidReceive(_ bytes: UnsafeRawBufferPointer) {
        do {
            try session.receive(Array(bytes))
        } catch {
            logger.info("HTTP/2 session refused the peer", ["http2.error": "\(error)"])
            flush()
            closeAfterFlush()
            return
        }
        for request in session.takeRequests() { dispatch(request) }
        flush()
        armIdleTimer()
    }

    func streamDidReachEnd() {
        closeAfterFlush()
    }

    func streamDidDrain() {
        flush()
    }

    func streamDidClose(error: TransportError?) {
        if let idleTimer { stream.loop.cancel(idleTimer) }
        idleTimer = nil
        inFlight = []
        if let error { logger.debug("connection failed", ["error": "\(error)"]) }
        let done = onClose
        onClose = nil
        done?()
    }

    func beginShutdown() {
        session.goAway()
        flush()
    }

    func forceClose() {
        stream.close(error: TransportError(.state, "the server shut down before the connection finished"))
    }

    private func dispatch(_ incoming: HTTP2Request) {
        var headers = HTTPHeaders(incoming.headers.map { ($0.name, $0.value) })
        if !incoming.authority.isEmpty && headers["host"] == nil {
            headers.add(name: "host", value: incoming.authority)
        }
        let request = HTTPRequest(
            method: incoming.method, target: incoming.path, version: .http2, headers: headers, body: incoming.body,
            connection: stream.info)
        let streamID = incoming.streamID
        inFlight.insert(streamID)
        if request.method == "HEAD" { headRequests.insert(streamID) }
        let context = self.context
        let loop = stream.loop
        let queued = context.workers.submit {
            let response = context.respond(to: request)
            loop.execute { self.complete(streamID, with: response) }
        }
        if !queued {
            complete(streamID, with: HTTPResponse(status: .serviceUnavailable, text: "The server is shutting down.\n"))
        }
    }

    private func complete(_ streamID: Int32, with response: HTTPResponse) {
        guard !closing, inFlight.remove(streamID) != nil else { return }
        let isHead = headRequests.remove(streamID) != nil
        var fields = response.headers.compactMap { field -> (name: String, value: String)? in
            let name = field.name.lowercased()
            return HTTP2ServerConnection.connectionSpecificFields.contains(name) ? nil : (name, field.value)
        }
        fields.append(("date", HTTPDate.now()))
        if isHead && !response.status.forbidsBody {
            fields.removeAll { $0.name == "content-length" }
            fields.append(("content-length", String(response.body.count)))
        }
        let status = response.status.code >= 200 ? response.status.code : 500
        do {
            try session.respond(streamID: streamID, status: status, headers: fields, body: isHead ? [] : response.body)
        } catch {
            // The client reset the stream meanwhile, or the handler set a field HTTP/2 forbids.
            logger.debug("HTTP/2 response dropped", ["http2.stream": "\(streamID)", "error": "\(error)"])
        }
        flush()
        armIdleTimer()
    }

    /// Fields that belong to one HTTP/1.1 connection and are malformed in HTTP/2 (RFC 9113 section 8.2.2).
    private static let connectionSpecificFields: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "content-length",
    ]

    /// Sends what the session has queued while the socket accepts it, so a client that stops reading holds
    /// its responses back in nghttp2 (which produces DATA only when asked) instead of in memory here; the
    /// stream's drain resumes it. Closes once the session is finished (after GOAWAY or an error).
    private func flush() {
        guard !closing else { return }
        while !stream.hasPendingWrites {
            let bytes = session.outgoing()
            if bytes.isEmpty { break }
            stream.write(bytes)
        }
        if session.isFinished { closeAfterFlush() }
    }

    private func closeAfterFlush() {
        guard !closing else { return }
        closing = true
        stream.closeAfterFlush()
    }

    /// Closes a connection with no request in flight for `idleTimeout`; federation peers reconnect as needed.
    private func armIdleTimer() {
        if let idleTimer { stream.loop.cancel(idleTimer) }
        idleTimer = nil
        guard !closing, inFlight.isEmpty else { return }
        idleTimer = stream.loop.schedule(after: context.configuration.idleTimeout) { [weak self] in
            guard let self else { return }
            self.idleTimer = nil
            self.beginShutdown()
        }
    }
}
