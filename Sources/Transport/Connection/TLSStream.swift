import Crypto

/// TLS over a TCP stream: a byte stream of plaintext for the protocol above, fed by ciphertext from below.
///
/// Runs the handshake as bytes arrive, bounded by `handshakeTimeout`; on success it calls `onHandshake`
/// (which picks HTTP/1.1 or HTTP/2 by ALPN and sets `handler`), on failure it logs why, sends the alert and
/// closes. Confined to the TCP stream's loop.
final class TLSStream: ByteStream, ByteStreamHandler {
    private let lower: ByteStream
    private let connection: TLSConnection
    private let logger: Logger
    private var onHandshake: ((TLSStream) -> Void)?
    private var onAbandon: (() -> Void)?
    private var handshakeTimer: TimerHandle?
    private var ended = false
    /// Why the handshake failed, for the error a client reports.
    private(set) var failureReason: String?
    var handler: ByteStreamHandler?
    private(set) var info: ConnectionInfo

    var loop: EventLoop { lower.loop }

    /// Starts a server-side handshake on `lower`; call on its loop. `onAbandon` runs if the connection
    /// closes before the handshake completes (after it, the handler's `streamDidClose` is told instead).
    ///
    /// - Throws: `CryptoError` when OpenSSL cannot make the connection.
    init(
        serverOver lower: ByteStream, context: TLSContext, handshakeTimeout: Duration, logger: Logger,
        onAbandon: @escaping () -> Void, onHandshake: @escaping (TLSStream) -> Void
    ) throws {
        self.lower = lower
        self.logger = logger
        self.onHandshake = onHandshake
        self.onAbandon = onAbandon
        connection = try TLSConnection(context: context)
        info = lower.info
        info.isSecure = true
        lower.handler = self
        handshakeTimer = lower.loop.schedule(after: handshakeTimeout) { [weak self] in
            self?.handshakeTimedOut()
        }
    }

    /// Starts a client-side handshake on `lower` (sends the ClientHello at once); call on its loop.
    ///
    /// - Throws: `CryptoError` when OpenSSL cannot make the connection.
    init(
        clientOver lower: ByteStream, context: TLSContext, serverName: String?, handshakeTimeout: Duration,
        logger: Logger, onAbandon: @escaping () -> Void, onHandshake: @escaping (TLSStream) -> Void
    ) throws {
        self.lower = lower
        self.logger = logger
        self.onHandshake = onHandshake
        self.onAbandon = onAbandon
        connection = try TLSConnection(context: context, serverName: serverName)
        info = lower.info
        info.isSecure = true
        lower.handler = self
        handshakeTimer = lower.loop.schedule(after: handshakeTimeout) { [weak self] in
            self?.handshakeTimedOut()
        }
        advanceHandshake()
    }

    var hasPendingWrites: Bool { lower.hasPendingWrites }

    func write(_ bytes: [UInt8]) {
        do {
            try connection.write(bytes)
        } catch {
            logger.debug("TLS write failed", ["tls.error": error.reason])
            lower.close(error: TransportError(.tls, error.description))
            return
        }
        sendRecords()
    }

    func closeAfterFlush() {
        if connection.isHandshakeComplete {
            connection.shutdown()
            sendRecords()
        }
        lower.closeAfterFlush()
    }

    func close(error: TransportError?) {
        lower.close(error: error)
    }

    func setReading(_ enabled: Bool) {
        lower.setReading(enabled)
    }

    func streamDidReceive(_ bytes: UnsafeRawBufferPointer) {
        connection.feed(bytes)
        if !connection.isHandshakeComplete {
            advanceHandshake()
        } else {
            readPlaintext()
        }
    }

    func streamDidReachEnd() {
        if connection.isHandshakeComplete {
            readPlaintext()
            if !ended {
                ended = true
                handler?.streamDidReachEnd()
            }
        } else {
            lower.close(error: TransportError(.tls, "the peer closed during the TLS handshake"))
        }
    }

    func streamDidDrain() {
        handler?.streamDidDrain()
    }

    func streamDidClose(error: TransportError?) {
        if let handshakeTimer { loop.cancel(handshakeTimer) }
        handshakeTimer = nil
        onHandshake = nil
        let abandoned = onAbandon
        onAbandon = nil
        abandoned?()
        let handler = self.handler
        self.handler = nil
        handler?.streamDidClose(error: error)
    }

    private func advanceHandshake() {
        let progress = connection.handshake()
        sendRecords()
        switch progress {
        case .needsMoreInput:
            return
        case .complete:
            if let handshakeTimer { loop.cancel(handshakeTimer) }
            handshakeTimer = nil
            info.applicationProtocol = connection.alpnProtocol
            info.peerCertificate = connection.peerCertificate
            let start = onHandshake
            onHandshake = nil
            onAbandon = nil
            start?(self)
            readPlaintext()
        case .failed(let failure):
            logger.info(
                connection.context.role == .server ? "TLS handshake refused" : "TLS handshake failed",
                ["tls.error": failure.reason, "tls.code": failure.code.rawValue])
            failureReason = failure.description
            lower.closeAfterFlush()
        }
    }

    /// Hands decrypted bytes up; a peer's close_notify ends the stream, a TLS failure closes it.
    private func readPlaintext() {
        guard !ended else { return }
        do {
            let plaintext = try connection.read()
            sendRecords()  // a read can produce records too (key updates)
            if !plaintext.isEmpty {
                plaintext.withUnsafeBytes { handler?.streamDidReceive($0) }
            }
            if connection.isClosedByPeer {
                ended = true
                handler?.streamDidReachEnd()
            }
        } catch {
            logger.info("TLS connection failed", ["tls.error": error.reason, "tls.code": error.code.rawValue])
            lower.close(error: TransportError(.tls, error.description))
        }
    }

    private func sendRecords() {
        let records = connection.drainOutgoing()
        if !records.isEmpty { lower.write(records) }
    }

    private func handshakeTimedOut() {
        handshakeTimer = nil
        logger.info("TLS handshake refused", ["tls.error": "the handshake did not finish in time"])
        lower.close(error: TransportError(.timeout, "the TLS handshake did not finish in time"))
    }
}
