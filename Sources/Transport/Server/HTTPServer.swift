import Crypto
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP server on an event loop group: one listening socket, connections spread across the loops,
/// handlers run on a worker pool.
///
/// `start()` binds and begins accepting; `shutdown(timeout:)` stops accepting, lets requests in flight
/// finish, closes idle connections, and returns once every connection is closed (or the timeout forced it).
public final class HTTPServer: Sendable {
    private let configuration: HTTPServerConfiguration
    private let handler: any HTTPHandler
    private let workers: WorkerPool
    private let logger: Logger
    private let group: EventLoopGroup
    private let listenerLoop: EventLoop
    private let running = Mutex<Running?>(nil)

    /// Makes a server; nothing is bound and no TLS context is made until `start()`.
    ///
    /// - Parameters:
    ///   - group: the loops that accept and serve connections; they must be started.
    ///   - workers: the pool that runs `handler`.
    ///   - logger: receives one line per refused request, refused TLS handshake, timeout, and failed connection.
    public init(
        configuration: HTTPServerConfiguration, group: EventLoopGroup, workers: WorkerPool,
        logger: Logger = Logger(label: "transport"), handler: any HTTPHandler
    ) {
        self.configuration = configuration
        self.handler = handler
        self.workers = workers
        self.logger = logger
        self.group = group
        listenerLoop = group.next()
    }

    /// Makes the TLS context, binds the configured address and starts accepting.
    ///
    /// - Returns: the bound address, with the actual port when the configuration asked for port 0.
    /// - Throws: `TransportError` when the address cannot be bound (in use, not local, not allowed); with code
    ///   `invalidAddress` for plain HTTP on an address other than loopback; with code `tls` when the TLS
    ///   configuration is incomplete or its key does not match its certificate.
    @discardableResult
    public func start() throws(TransportError) -> SocketAddress {
        guard configuration.tls != nil || configuration.address.isLoopback else {
            throw TransportError(
                .invalidAddress,
                "plain HTTP is served only on a loopback address (behind a reverse proxy); \(configuration.address) "
                    + "is not one: configure TLS or bind 127.0.0.1 or ::1")
        }
        let tls: TLSContext?
        do {
            tls = try configuration.tls.map { try TLSContext(configuration: $0) }
        } catch {
            throw TransportError(.tls, "the TLS configuration cannot be used: \(error)")
        }
        let context = ServerContext(
            configuration: configuration, handler: handler, workers: workers, logger: logger, loops: group.loops,
            tls: tls)
        let bound = try TCPListener(address: configuration.address, backlog: configuration.backlog)
        let box = ListenerBox(bound)
        try running.withLock { (current: inout Running?) throws(TransportError) in
            guard current == nil else { throw TransportError(.state, "the server was already started") }
            current = Running(listener: box, context: context)
        }
        let group = self.group
        let loop = listenerLoop
        loop.execute {
            do {
                try box.listener.register(
                    on: loop,
                    onAccept: { descriptor in
                        let target = group.next()
                        target.execute { context.adopt(descriptor, on: target) }
                    },
                    onError: { error in context.logger.warning("accept failed", ["error": "\(error)"]) })
            } catch {
                context.logger.error("listening socket not registered", ["error": "\(error)"])
            }
        }
        logger.info(
            "listening",
            ["server.address": "\(bound.localAddress)", "server.tls": configuration.tls == nil ? "off" : "on"])
        return bound.localAddress
    }

    /// The bound address once started.
    public var localAddress: SocketAddress? {
        running.withLock { $0?.listener.listener.localAddress }
    }

    /// Shuts down gracefully and calls `completion` (on a loop thread) once every connection is closed.
    ///
    /// Stops accepting at once; requests in flight get their responses (with `Connection: close`); idle
    /// connections close; after `timeout` any connection still open is closed regardless.
    public func shutdown(timeout: Duration, completion: @escaping @Sendable () -> Void) {
        guard let running = running.withLock({ $0 }) else {
            completion()
            return
        }
        let registries = running.context.allConnections
        let remainingBox = CounterBox(remaining: registries.count)
        let logger = self.logger
        listenerLoop.execute {
            running.listener.listener.close()
            for registry in registries {
                registry.loop.execute {
                    registry.beginShutdown(timeout: timeout) {
                        if remainingBox.finishOne() {
                            logger.info("server stopped")
                            completion()
                        }
                    }
                }
            }
        }
    }

    /// Shuts down gracefully; returns once every connection is closed. See `shutdown(timeout:completion:)`.
    public func shutdown(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            shutdown(timeout: timeout) { continuation.resume() }
        }
    }
}

/// What a started server holds.
private struct Running: Sendable {
    let listener: ListenerBox
    let context: ServerContext
}

/// Holds the listener so the Sendable server can refer to it.
private final class ListenerBox: @unchecked Sendable {
    // @unchecked: `listener` is used only on the listener loop after `start()` hands it over there.
    let listener: TCPListener
    init(_ listener: TCPListener) { self.listener = listener }
}

/// Counts loops still shutting down.
private final class CounterBox: Sendable {
    private let remaining: Atomic<Int>
    init(remaining: Int) { self.remaining = Atomic(remaining) }
    /// Returns true for the call that brings the count to zero.
    func finishOne() -> Bool { remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 }
}
