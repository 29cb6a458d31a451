/// Serves HTTP/1.1 on one byte stream: parses requests, runs the handler on the worker pool, and writes
/// the responses back in request order (pipelining), with keep-alive, limits and timeouts.
final class HTTP1ServerConnection: ByteStreamHandler, ServerConnection, @unchecked Sendable {
    // @unchecked: all state is confined to the stream's loop; a worker thread only carries `self` back
    // to the loop through `execute` to deliver a response.

    /// A request being handled, in arrival order; its response waits here until all earlier ones are sent.
    private struct Slot {
        var id: UInt64
        var version: HTTPVersion
        var keepAlive: Bool
        var isHead: Bool
        var response: HTTPResponse?
    }

    private let stream: ByteStream
    private let context: ServerContext
    private let logger: Logger
    private var parser: HTTP1RequestParser
    private var slots: [Slot] = []
    private var nextSlotID: UInt64 = 0
    private var acceptingRequests = true
    /// Set once the server began shutting down; a request still arriving then is the last one taken.
    private var shuttingDown = false
    private var closing = false
    private var idleTimer: TimerHandle?
    private var headerTimer: TimerHandle?
    private var dates = HTTPDateCache()
    private var onClose: (() -> Void)?

    /// Takes over `stream`; call on the stream's loop. `onClose` runs once when the connection closes.
    init(stream: ByteStream, context: ServerContext, logger: Logger, onClose: @escaping () -> Void) {
        self.stream = stream
        self.context = context
        self.logger = logger
        self.onClose = onClose
        parser = HTTP1RequestParser(limits: context.configuration.limits)
        stream.handler = self
        armTimers()
    }

    func streamDidReceive(_ bytes: UnsafeRawBufferPointer) {
        parser.feed(bytes)
        readRequests()
    }

    func streamDidReachEnd() {
        acceptingRequests = false
        if slots.isEmpty { closeAfterFlush() }
    }

    func streamDidDrain() {
        readRequests()  // a client that reads its responses again may send more
    }

    func streamDidClose(error: TransportError?) {
        if let idleTimer { stream.loop.cancel(idleTimer) }
        if let headerTimer { stream.loop.cancel(headerTimer) }
        idleTimer = nil
        headerTimer = nil
        slots = []
        if let error { logger.debug("connection failed", ["error": "\(error)"]) }
        let done = onClose
        onClose = nil
        done?()
    }

    func beginShutdown() {
        shuttingDown = true
        // A request whose head or body is still arriving is in flight too: it is taken when complete (within the
        // shutdown's timeout), answered with `Connection: close`, and nothing after it.
        if parser.phase == .head || parser.phase == .body { return }
        acceptingRequests = false
        if slots.isEmpty && !stream.hasPendingWrites {
            stream.close(error: nil)  // nothing in flight: no response could be lost by closing at once
        } else if slots.isEmpty {
            closeAfterFlush()
        }
    }

    func forceClose() {
        stream.close(error: TransportError(.state, "the server shut down before the connection finished"))
    }

    /// Takes every complete request the parser holds, up to the pipelining bound, and only while the
    /// client reads its responses: a client that sends without reading is held back, not buffered for.
    private func readRequests() {
        guard !closing else { return }
        let maxInFlight = context.configuration.maxPipelinedRequests
        while acceptingRequests && slots.count < maxInFlight && !stream.hasPendingWrites {
            let request: HTTPRequest?
            do {
                request = try parser.next()
            } catch {
                refuse(error)
                return
            }
            guard let request else {
                if parser.takeContinueExpectation() && slots.isEmpty {
                    stream.write(HTTP1ResponseSerializer.continueResponse)
                }
                break
            }
            dispatch(request)
        }
        stream.setReading(acceptingRequests && slots.count < maxInFlight && !stream.hasPendingWrites)
        armTimers()
    }

    private func dispatch(_ incoming: HTTPRequest) {
        var withConnection = incoming
        withConnection.connection = stream.info
        let request = withConnection
        let id = nextSlotID
        nextSlotID += 1
        slots.append(
            Slot(id: id, version: request.version, keepAlive: request.keepAlive, isHead: request.method == "HEAD"))
        if !request.keepAlive || shuttingDown { acceptingRequests = false }
        let context = self.context
        let loop = stream.loop
        let queued = context.workers.submit {
            let response = context.respond(to: request)
            loop.execute { self.complete(id, with: response) }
        }
        if !queued {
            complete(id, with: HTTPResponse(status: .serviceUnavailable, text: "The server is shutting down.\n"))
        }
    }

    /// Answers a request the parser refused, then closes: the stream's framing is lost.
    private func refuse(_ error: HTTPParseError) {
        logger.info(
            "request refused", ["http.status": "\(error.status.code)", "http.error": error.code.rawValue])
        acceptingRequests = false
        slots.append(Slot(id: nextSlotID, version: .http1_1, keepAlive: false, isHead: false))
        nextSlotID += 1
        complete(nextSlotID - 1, with: HTTPResponse(status: error.status, text: "\(error.status.reason)\n"))
    }

    private func complete(_ id: UInt64, with response: HTTPResponse) {
        guard !closing, let index = slots.firstIndex(where: { $0.id == id }) else { return }
        slots[index].response = response
        writeReadyResponses()
        readRequests()
    }

    /// Writes the responses at the front of the queue whose handlers have finished.
    private func writeReadyResponses() {
        while let first = slots.first, let response = first.response {
            slots.removeFirst()
            // Once no request can follow, the last response says so.
            let keepAlive = first.keepAlive && (acceptingRequests || !slots.isEmpty)
            stream.write(
                HTTP1ResponseSerializer.serialize(
                    response, requestVersion: first.version, keepAlive: keepAlive, headRequest: first.isHead,
                    date: dates.current()))
            if !keepAlive {
                closeAfterFlush()
                return
            }
        }
    }

    private func closeAfterFlush() {
        guard !closing else { return }
        closing = true
        stream.closeAfterFlush()
    }
}

extension HTTP1ServerConnection {
    /// Arms the header-read timeout when a request head starts, and the idle timeout while nothing is in
    /// flight or a body is arriving; each received byte pushes the idle timeout back, never the head's.
    private func armTimers() {
        guard !closing else { return }
        let loop = stream.loop
        let phase = parser.phase
        if phase == .head {
            if headerTimer == nil {
                headerTimer = loop.schedule(after: context.configuration.headerReadTimeout) { [weak self] in
                    self?.headerReadTimedOut()
                }
            }
        } else if let headerTimer {
            loop.cancel(headerTimer)
            self.headerTimer = nil
        }
        if let idleTimer { loop.cancel(idleTimer) }
        idleTimer = nil
        if phase == .body || phase == .idle && slots.isEmpty {
            idleTimer = loop.schedule(after: context.configuration.idleTimeout) { [weak self] in
                self?.idleTimedOut()
            }
        }
    }

    private func headerReadTimedOut() {
        headerTimer = nil
        logger.info("request head timed out", ["timeout.ms": "\(context.configuration.headerReadTimeout.milliseconds)"])
        acceptingRequests = false
        if slots.isEmpty {
            stream.write(
                HTTP1ResponseSerializer.serialize(
                    HTTPResponse(status: .requestTimeout, text: "Request Timeout\n"), keepAlive: false,
                    date: dates.current()))
            closeAfterFlush()
        } else {
            stream.close(error: TransportError(.timeout, "the request head did not arrive in time"))
        }
    }

    private func idleTimedOut() {
        idleTimer = nil
        logger.debug("idle connection closed", ["timeout.ms": "\(context.configuration.idleTimeout.milliseconds)"])
        stream.close(error: nil)
    }
}

extension Duration {
    /// The duration in whole milliseconds, for logs.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
