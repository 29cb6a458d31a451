import HTTP2

/// The loop side of an `HTTP2Client`: an HTTP/2 client session over a TLS stream; confined to its loop.
final class HTTP2ClientConnection: ByteStreamHandler, @unchecked Sendable {
    // @unchecked: all state is confined to the stream's loop; `HTTP2Client` only carries `self` to the loop
    // through `execute`.
    typealias Completion = @Sendable (Result<HTTPResponse, TransportError>) -> Void

    private let stream: ByteStream
    private let session: HTTP2ClientSession
    private let authority: String
    private let logger: Logger
    private var pending: [Int32: Completion] = [:]
    private var closed = false
    private var onClose: (() -> Void)?

    /// Takes over `stream` (TLS, ALPN `h2`) and sends the connection preface.
    ///
    /// - Throws: `HTTP2Error` when the session cannot be made.
    init(
        stream: ByteStream, authority: String, settings: HTTP2ClientSettings, logger: Logger,
        onClose: @escaping () -> Void
    )
        throws
    {
        self.stream = stream
        self.authority = authority
        self.logger = logger
        self.onClose = onClose
        session = try HTTP2ClientSession(settings: settings)
        stream.handler = self
        flush()
    }

    /// Whether new requests may still be sent.
    var isUsable: Bool { !closed && !session.isClosingOrClosed }

    func send(
        method: String, path: String, headers: HTTPHeaders, body: [UInt8], completion: @escaping Completion
    ) {
        guard isUsable else {
            completion(.failure(TransportError(.state, "the connection to the peer is closed or going away")))
            return
        }
        let fields = headers.compactMap { field -> (name: String, value: String)? in
            let name = field.name.lowercased()
            return name == "host" || name == "connection" || name == "content-length" ? nil : (name, field.value)
        }
        do {
            let streamID = try session.request(
                method: method, path: path, authority: authority, headers: fields, body: body)
            pending[streamID] = completion
        } catch {
            completion(.failure(TransportError(.io, "the request could not be sent: \(error)")))
            return
        }
        flush()
    }

    /// Sends GOAWAY; requests in flight finish, then the connection closes.
    func close() {
        guard !closed else { return }
        session.goAway()
        flush()
    }

    func streamDidReceive(_ bytes: UnsafeRawBufferPointer) {
        do {
            try session.receive(Array(bytes))
        } catch {
            logger.info("HTTP/2 session with the peer failed", ["http2.error": "\(error)"])
            flush()
            stream.closeAfterFlush()
            return
        }
        deliver()
        flush()
    }

    func streamDidReachEnd() {
        stream.close(error: TransportError(.io, "the peer closed the connection"))
    }

    func streamDidDrain() {
        flush()
    }

    func streamDidClose(error: TransportError?) {
        closed = true
        let failed = pending
        pending = [:]
        let reason = error ?? TransportError(.io, "the connection closed before the response arrived")
        for completion in failed.values { completion(.failure(reason)) }
        let done = onClose
        onClose = nil
        done?()
    }

    private func deliver() {
        for response in session.takeResponses() {
            guard let completion = pending.removeValue(forKey: response.streamID) else { continue }
            completion(
                .success(
                    HTTPResponse(
                        status: HTTPStatus(code: response.status),
                        headers: HTTPHeaders(response.headers.map { ($0.name, $0.value) }), body: response.body)))
        }
        for failure in session.takeFailures() {
            guard let completion = pending.removeValue(forKey: failure.streamID) else { continue }
            completion(.failure(TransportError(.io, "the peer reset the request's stream (\(failure.errorCode))")))
        }
    }

    /// Sends what the session has queued while the socket accepts it; the stream's drain resumes it.
    private func flush() {
        while !stream.hasPendingWrites {
            let bytes = session.outgoing()
            if bytes.isEmpty { break }
            stream.write(bytes)
        }
        if session.isFinished && !closed { stream.closeAfterFlush() }
    }
}
