import COpenSSL

/// How far a handshake has come after the bytes fed so far.
public enum TLSHandshakeProgress: Hashable, Sendable {
    /// The handshake waits for the peer's next bytes (send `drainOutgoing()` first).
    case needsMoreInput
    /// The handshake is done; application data can flow.
    case complete
    /// The handshake failed; `drainOutgoing()` may still hold the alert to send before closing.
    case failed(TLSFailure)
}

/// One TLS connection over two memory buffers; it never touches a socket.
///
/// The owner feeds bytes received from the network with `feed`, drives `handshake()`, then `read()`s
/// decrypted data and `write()`s plaintext, and after each step sends what `drainOutgoing()` returns.
/// Owns one OpenSSL `SSL` and, through it, its two memory BIOs.
///
/// Not thread-safe: confine a connection to one thread (its event loop).
public final class TLSConnection {
    private let ssl: OpaquePointer
    private let incoming: OpaquePointer
    private let outgoing: OpaquePointer
    /// Keeps the SSL_CTX (and the ALPN callback's owner) alive as long as the connection.
    public let context: TLSContext
    /// The failure that ended the connection, if one did.
    public private(set) var failure: TLSFailure?
    /// Whether the handshake has completed.
    public private(set) var isHandshakeComplete = false
    /// Whether the peer has closed its side cleanly (sent close_notify).
    public private(set) var isClosedByPeer = false
    /// Set by the ClientHello callback when a server that requires ALPN got a hello without it.
    var clientOfferedNoALPN = false
    private var readBuffer = [UInt8](repeating: 0, count: 16_384)

    /// Makes a connection in the context's role. A client may name the server (SNI) for a reverse proxy;
    /// the name is not checked against the certificate: the caller checks `peerIdentity`.
    /// - Throws: `CryptoError` `.tls` when OpenSSL cannot allocate the connection.
    public init(context: TLSContext, serverName: String? = nil) throws {
        guard let ssl = SSL_new(context.context) else {
            throw CryptoError.fromQueue(.tls, "could not create a TLS connection")
        }
        guard let incoming = BIO_new(BIO_s_mem()), let outgoing = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw CryptoError.fromQueue(.tls, "could not allocate the connection's buffers")
        }
        // An empty incoming buffer means "wait for more", not end of file.
        _ = copenssl_bio_set_mem_eof_return(incoming, -1)
        _ = copenssl_bio_set_mem_eof_return(outgoing, -1)
        SSL_set_bio(ssl, incoming, outgoing)
        self.ssl = ssl
        self.incoming = incoming
        self.outgoing = outgoing
        self.context = context
        // The SSL is freed with this object, so the unretained pointer is valid whenever a callback runs.
        SSL_set_ex_data(ssl, TLSContext.connectionIndex, Unmanaged.passUnretained(self).toOpaque())
        switch context.role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client:
            SSL_set_connect_state(ssl)
            if let serverName, copenssl_ssl_set_tlsext_host_name(ssl, serverName) != 1 {
                throw CryptoError.fromQueue(.tls, "could not set the server name")
            }
        }
    }

    /// Frees the SSL, which frees both buffers it owns.
    deinit { SSL_free(ssl) }

    /// Hands bytes received from the peer to TLS. They are buffered until `handshake()` or `read()`.
    public func feed(_ bytes: some Collection<UInt8>) {
        guard !bytes.isEmpty else { return }
        let written: Int32? = bytes.withContiguousStorageIfAvailable { buffer in
            BIO_write(incoming, buffer.baseAddress, Int32(buffer.count))
        }
        if written == nil {
            let copy = Array(bytes)
            _ = BIO_write(incoming, copy, Int32(copy.count))
        }
    }

    /// Whether there are bytes waiting to be sent to the peer.
    public var hasOutgoing: Bool { copenssl_bio_pending(outgoing) > 0 }

    /// Takes every byte waiting to be sent to the peer.
    public func drainOutgoing() -> [UInt8] {
        let pending = Int(copenssl_bio_pending(outgoing))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = BIO_read(outgoing, &bytes, Int32(pending))
        return read == Int32(pending) ? bytes : Array(bytes.prefix(max(0, Int(read))))
    }

    /// Advances the handshake with the bytes fed so far. Call again after feeding more.
    public func handshake() -> TLSHandshakeProgress {
        if let failure { return .failed(failure) }
        if isHandshakeComplete { return .complete }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            isHandshakeComplete = true
            return .complete
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needsMoreInput
        default:
            let failure =
                clientOfferedNoALPN
                ? TLSFailure(
                    .noCommonProtocol, "no ALPN protocol in common (the client offered none)",
                    openSSLErrors: drainOpenSSLErrorQueue())
                : TLSFailure.diagnose(ssl)
            self.failure = failure
            return .failed(failure)
        }
    }

    /// Returns all decrypted application data available now (empty when none).
    /// - Throws: `TLSFailure` when the peer aborted (for example it rejected our certificate after a TLS 1.3
    ///   handshake that had completed on our side) or sent something that is not TLS.
    public func read() throws(TLSFailure) -> [UInt8] {
        if let failure { throw failure }
        guard isHandshakeComplete, !isClosedByPeer else { return [] }
        var plaintext: [UInt8] = []
        while true {
            ERR_clear_error()
            var count = 0
            let result = SSL_read_ex(ssl, &readBuffer, readBuffer.count, &count)
            if result == 1 {
                plaintext.append(contentsOf: readBuffer[0..<count])
                continue
            }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return plaintext
            case SSL_ERROR_ZERO_RETURN:
                isClosedByPeer = true
                return plaintext
            default:
                let failure = TLSFailure.diagnose(ssl)
                self.failure = failure
                throw failure
            }
        }
    }

    /// Encrypts `plaintext`; the records are then waiting in `drainOutgoing()`.
    /// - Throws: `TLSFailure` `.misuse` before the handshake completes, or the failure that ended the connection.
    public func write(_ plaintext: some Collection<UInt8>) throws(TLSFailure) {
        if let failure { throw failure }
        guard isHandshakeComplete else {
            throw TLSFailure(.misuse, "application data written before the handshake completed")
        }
        let bytes = Array(plaintext)
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            var written = 0
            let result = bytes.withUnsafeBytes { buffer in
                SSL_write_ex(ssl, buffer.baseAddress! + offset, buffer.count - offset, &written)
            }
            guard result == 1 else {
                let failure = TLSFailure.diagnose(ssl)
                self.failure = failure
                throw failure
            }
            offset += written
        }
    }

    /// Sends close_notify (drain the outgoing bytes afterwards). The connection cannot be used for writing after.
    public func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        _ = drainOpenSSLErrorQueue()
    }

    /// The ALPN protocol agreed in the handshake, or nil when none was (the client offered none).
    public var alpnProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The peer's verified leaf certificate after the handshake, or nil when it sent none (a portal client).
    public var peerCertificate: Certificate? {
        guard isHandshakeComplete, SSL_get_verify_result(ssl) == Int(X509_V_OK),
            let x509 = SSL_get1_peer_certificate(ssl)
        else { return nil }
        return Certificate(owning: x509)
    }

    /// The peer's node identity from its certificate's `urn:gcscp:node:` URI name, or nil.
    public var peerIdentity: NodeIdentity? { peerCertificate?.nodeIdentity }
}

/// A connection belongs to one event-loop thread; it is deliberately not `Sendable`.
@available(*, unavailable)
extension TLSConnection: Sendable {}
