import Crypto
import HTTP2

/// A client connection to a peer's federation port: TLS 1.3 with this node's certificate, ALPN `h2`,
/// HTTP/2 through nghttp2. Meant to stay open and carry many concurrent requests (a mutual handshake costs
/// milliseconds of CPU); open a new one when `isUsable` turns false.
///
/// Callable from any thread. The connection lives on one event loop; completions run on that loop's
/// thread and must not block it (hand work to a `WorkerPool`).
public final class HTTP2Client: Sendable {
    private let loop: EventLoop
    private let connection: HTTP2ClientConnection
    /// The peer's verified certificate.
    public let peerCertificate: Certificate?
    /// The address connected to.
    public let peerAddress: SocketAddress

    private init(loop: EventLoop, connection: HTTP2ClientConnection, info: ConnectionInfo, address: SocketAddress) {
        self.loop = loop
        self.connection = connection
        peerCertificate = info.peerCertificate
        peerAddress = address
    }

    /// Closes the connection gracefully when the last reference goes.
    deinit {
        close()
    }

    /// The node identity in the peer's certificate (`urn:gcscp:node:...`), or nil.
    public var peerIdentity: NodeIdentity? { peerCertificate?.nodeIdentity }

    /// Connects, runs the TLS handshake and opens the HTTP/2 session; `completion` runs once on `loop`.
    ///
    /// - Parameters:
    ///   - tls: a client configuration, normally `TLSConfiguration.federationClient(...)`; it must offer `h2`.
    ///   - authority: the `:authority` of every request (`host:port` of the peer).
    ///   - expectedPeer: when set, a peer whose certificate names another node is refused.
    ///   - timeout: bounds the TCP connect and, separately, the TLS handshake.
    /// Fails with `TransportError` codes `connect`, `timeout`, `tls` (handshake failed, no `h2`, wrong peer).
    public static func connect(
        to address: SocketAddress, authority: String, tls: TLSConfiguration, expectedPeer: NodeIdentity? = nil,
        settings: HTTP2ClientSettings = HTTP2ClientSettings(), on loop: EventLoop, logger: Logger,
        timeout: Duration = .seconds(10), completion: @escaping @Sendable (Result<HTTP2Client, TransportError>) -> Void
    ) {
        let context: TLSContext
        do {
            context = try TLSContext(configuration: tls)
        } catch {
            completion(.failure(TransportError(.tls, "the TLS configuration cannot be used: \(error)")))
            return
        }
        let peerLogger = logger.with("peer.address", "\(address)")
        loop.execute {
            TCPConnector.connect(to: address, on: loop, timeout: timeout) { result in
                switch result {
                case .failure(let error):
                    peerLogger.info("connection to peer failed", ["error": "\(error)"])
                    completion(.failure(error))
                case .success(let socket):
                    let opening = ClientOpening(
                        address: address, authority: authority, expectedPeer: expectedPeer, settings: settings,
                        logger: peerLogger, completion: completion)
                    opening.start(socket: socket, loop: loop, context: context, timeout: timeout)
                }
            }
        }
    }

    /// Connects as `connect(to:...completion:)` does, suspending the caller instead of blocking it.
    public static func connect(
        to address: SocketAddress, authority: String, tls: TLSConfiguration, expectedPeer: NodeIdentity? = nil,
        settings: HTTP2ClientSettings = HTTP2ClientSettings(), on loop: EventLoop, logger: Logger,
        timeout: Duration = .seconds(10)
    ) async throws(TransportError) -> HTTP2Client {
        let result = await withCheckedContinuation { continuation in
            connect(
                to: address, authority: authority, tls: tls, expectedPeer: expectedPeer, settings: settings, on: loop,
                logger: logger, timeout: timeout
            ) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Sends a request; `completion` runs once on the connection's loop with the whole response, or with a
    /// `TransportError` when the stream was reset or the connection ended first.
    public func send(
        method: String, path: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        completion: @escaping @Sendable (Result<HTTPResponse, TransportError>) -> Void
    ) {
        loop.execute { [connection] in
            connection.send(method: method, path: path, headers: headers, body: body, completion: completion)
        }
    }

    /// Sends a request as `send(method:...completion:)` does, suspending the caller instead of blocking it.
    public func send(
        method: String, path: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) async throws(TransportError) -> HTTPResponse {
        let result = await withCheckedContinuation { continuation in
            send(method: method, path: path, headers: headers, body: body) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Closes gracefully: GOAWAY, requests in flight finish, then the connection closes.
    public func close() {
        loop.execute { [connection] in connection.close() }
    }

    /// Asks the loop whether new requests may still be sent; `completion` runs on the loop.
    public func checkUsable(_ completion: @escaping @Sendable (Bool) -> Void) {
        loop.execute { [connection] in completion(connection.isUsable) }
    }

    fileprivate static func make(
        loop: EventLoop, connection: HTTP2ClientConnection, info: ConnectionInfo, address: SocketAddress
    ) -> HTTP2Client {
        HTTP2Client(loop: loop, connection: connection, info: info, address: address)
    }
}

/// Carries a client connection from TCP connected to HTTP/2 ready; confined to the loop.
private final class ClientOpening {
    let address: SocketAddress
    let authority: String
    let expectedPeer: NodeIdentity?
    let settings: HTTP2ClientSettings
    let logger: Logger
    private var completion: (@Sendable (Result<HTTP2Client, TransportError>) -> Void)?
    private var tls: TLSStream?

    init(
        address: SocketAddress, authority: String, expectedPeer: NodeIdentity?, settings: HTTP2ClientSettings,
        logger: Logger, completion: @escaping @Sendable (Result<HTTP2Client, TransportError>) -> Void
    ) {
        self.address = address
        self.authority = authority
        self.expectedPeer = expectedPeer
        self.settings = settings
        self.logger = logger
        self.completion = completion
    }

    func start(socket: Socket, loop: EventLoop, context: TLSContext, timeout: Duration) {
        do {
            let tcp = try TCPStream(socket: socket, loop: loop)
            tls = try TLSStream(
                clientOver: tcp, context: context, serverName: nil, handshakeTimeout: timeout, logger: logger,
                onAbandon: { [self] in
                    let reason = tls?.failureReason ?? "the connection closed during the TLS handshake"
                    finish(.failure(TransportError(.tls, "TLS with \(address) failed: \(reason)")))
                },
                onHandshake: { [self] secured in handshakeCompleted(secured, loop: loop) })
        } catch {
            finish(.failure(TransportError(.tls, "TLS with \(address) could not start: \(error)")))
        }
    }

    private func handshakeCompleted(_ secured: TLSStream, loop: EventLoop) {
        let info = secured.info
        guard info.applicationProtocol == "h2" else {
            secured.close(error: nil)
            finish(.failure(TransportError(.tls, "\(address) did not agree to HTTP/2 (ALPN h2)")))
            return
        }
        if let expectedPeer, info.peerIdentity != expectedPeer {
            let found = info.peerIdentity?.uri ?? "no node identity"
            logger.warning("peer is not the expected node", ["peer.expected": expectedPeer.uri, "peer.found": found])
            secured.close(error: nil)
            finish(.failure(TransportError(.tls, "\(address) presented \(found), not \(expectedPeer.uri)")))
            return
        }
        do {
            let connection = try HTTP2ClientConnection(
                stream: secured, authority: authority, settings: settings, logger: logger, onClose: {})
            finish(.success(HTTP2Client.make(loop: loop, connection: connection, info: info, address: address)))
        } catch {
            secured.close(error: nil)
            finish(.failure(TransportError(.io, "the HTTP/2 session could not start: \(error)")))
        }
    }

    private func finish(_ result: Result<HTTP2Client, TransportError>) {
        tls = nil
        let done = completion
        completion = nil
        done?(result)
    }
}
