/// A connected non-blocking TCP socket on an event loop; confined to that loop.
///
/// Reads go through the loop's shared buffer straight to the handler; writes queue and drain as the socket
/// accepts them, with EPOLLOUT wanted only while something is queued. A reset or broken pipe closes the
/// stream with an error; it never raises a signal (SIGPIPE is ignored and sends use MSG_NOSIGNAL).
final class TCPStream: ByteStream, EventLoopIOHandler {
    private enum Phase {
        case open
        /// Closing once the queue is sent.
        case draining
        /// Output shut down; reading and discarding until the peer closes, so that closing with unread
        /// input does not reset the connection and destroy the last response before the peer reads it.
        case lingering
        case closed
    }

    /// How long a closing connection keeps discarding input before it closes regardless.
    static let lingerTime = Duration.seconds(2)

    let loop: EventLoop
    let info: ConnectionInfo
    var handler: ByteStreamHandler?
    private let socket: Socket
    private var queued: [[UInt8]] = []
    private var queuedOffset = 0
    private var reading = true
    private var phase = Phase.open
    private var lingerTimer: TimerHandle?

    /// Wraps an open socket and registers it with `loop`; call on `loop`.
    init(socket: Socket, loop: EventLoop, isSecure: Bool = false) throws(TransportError) {
        self.socket = socket
        self.loop = loop
        info = ConnectionInfo(
            peerAddress: socket.peerAddress(), localAddress: socket.localAddress(), isSecure: isSecure)
        try loop.register(socket.descriptor, reading: true, writing: false, handler: self)
    }

    var hasPendingWrites: Bool { !queued.isEmpty }

    func write(_ bytes: [UInt8]) {
        guard phase == .open, !bytes.isEmpty else { return }
        queued.append(bytes)
        if queued.count == 1 { flush(reportDrain: false) }
    }

    func closeAfterFlush() {
        guard phase == .open else { return }
        phase = .draining
        if queued.isEmpty { startLingering() } else { updateInterest() }
    }

    func close(error: TransportError?) {
        guard phase != .closed else { return }
        phase = .closed
        queued = []
        if let lingerTimer { loop.cancel(lingerTimer) }
        loop.unregister(socket.descriptor)
        socket.close()
        let handler = self.handler
        self.handler = nil
        handler?.streamDidClose(error: error)
    }

    func setReading(_ enabled: Bool) {
        guard reading != enabled else { return }
        reading = enabled
        updateInterest()
    }

    func handleReadable() {
        for _ in 0..<4 {
            guard phase == .open && reading || phase == .lingering else { return }
            switch socket.read(into: loop.readBuffer) {
            case .bytes(let count):
                if phase == .open {
                    handler?.streamDidReceive(UnsafeRawBufferPointer(rebasing: loop.readBuffer[..<count]))
                }
            case .wouldBlock:
                return
            case .endOfStream:
                reachedEnd()
                return
            case .failed(let error):
                close(error: phase == .lingering ? nil : error)
                return
            }
        }
    }

    func handleWritable() {
        flush(reportDrain: true)
    }

    func handleLoopStop() {
        close(error: TransportError(.state, "the event loop stopped"))
    }

    private func reachedEnd() {
        if phase == .lingering {
            close(error: nil)
            return
        }
        reading = false  // level-triggered epoll would report the end of stream on every turn
        updateInterest()
        handler?.streamDidReachEnd()
    }

    /// Writes what the socket accepts. `reportDrain` tells the handler when a queue that had backed up is
    /// empty again; a write that goes out at once reports nothing, so a handler is never re-entered.
    private func flush(reportDrain: Bool) {
        while phase == .open || phase == .draining, let first = queued.first {
            let result = first.withUnsafeBytes { bytes in
                socket.write(UnsafeRawBufferPointer(rebasing: bytes[queuedOffset...]))
            }
            switch result {
            case .wrote(let count):
                queuedOffset += count
                if queuedOffset == first.count {
                    queued.removeFirst()
                    queuedOffset = 0
                }
            case .wouldBlock:
                updateInterest()
                return
            case .failed(let error):
                close(error: error)
                return
            }
        }
        switch phase {
        case .open:
            updateInterest()
            if reportDrain { handler?.streamDidDrain() }
        case .draining:
            startLingering()
        case .lingering, .closed:
            break
        }
    }

    private func startLingering() {
        phase = .lingering
        socket.shutdownOutput()
        updateInterest()
        lingerTimer = loop.schedule(after: TCPStream.lingerTime) { [weak self] in self?.close(error: nil) }
    }

    private func updateInterest() {
        guard phase != .closed else { return }
        let wantsInput = phase == .open && reading || phase == .lingering
        loop.update(socket.descriptor, reading: wantsInput, writing: !queued.isEmpty)
    }
}
