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
    private let context: ServerContext
    private let group: EventLoopGroup
    private let listenerLoop: EventLoop
    private let listener = Mutex<ListenerBox?>(nil)

    /// Makes a server; nothing is bound until `start()`.
    ///
    /// - Throws: `CryptoError` when the TLS configuration is incomplete or its key does not match.
    /// - Parameters:
    ///   - group: the loops that accept and serve connections; they must be started.
    ///   - workers: the pool that runs `handler`.
    ///   - logger: receives one line per refused request, timeout, and failed connection.
    public init(
        configuration: HTTPServerConfiguration, group: EventLoopGroup, workers: WorkerPool,
        logger: Logger = Logger(label: "transport"), handler: any HTTPHandler
    ) throws {
        self.group = group
        listenerLoop = group.next()
        let tls = try configuration.tls.map { try TLSContext(configuration: $0) }
        context = ServerContext(
            configuration: configuration, handler: handler, workers: workers, logger: logger, loops: group.loops,
            tls: tls)
    }

    /// Binds the configured address and starts accepting.
    ///
    /// - Returns: the bound address, with the actual port when the configuration asked for port 0.
    /// - Throws: `TransportError` when the address cannot be bound (in use, not local, not allowed), or
    ///   with code `invalidAddress` for plain HTTP on an address other than loopback.
    @discardableResult
    public func start() throws(TransportError) -> SocketAddress {
        let configuration = context.configuration
        guard configuration.tls != nil || configuration.address.isLoopback else {
            throw TransportError(
                .invalidAddress,
                "plain HTTP is served only on a loopback address (behind a reverse proxy); \(configuration.address) "
                    + "is not one: configure TLS or bind 127.0.0.1 or ::1")
        }
        let bound = try TCPListener(address: configuration.address, backlog: configuration.backlog)
        let box = ListenerBox(bound)
        try listener.withLock { (current: inout ListenerBox?) throws(TransportError) in
            guard current == nil else { throw TransportError(.state, "the server was already started") }
            current = box
        }
        let context = self.context
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
        context.logger.info(
            "listening",
            ["server.address": "\(bound.localAddress)", "server.tls": configuration.tls == nil ? "off" : "on"])
        return bound.localAddress
    }

    /// The bound address once started.
    public var localAddress: SocketAddress? {
        listener.withLock { $0?.listener.localAddress }
    }

    /// Shuts down gracefully and calls `completion` (on a loop thread) once every connection is closed.
    ///
    /// Stops accepting at once; requests in flight get their responses (with `Connection: close`); idle
    /// connections close; after `timeout` any connection still open is closed regardless.
    public func shutdown(timeout: Duration, completion: @escaping @Sendable () -> Void) {
        guard let box = listener.withLock({ $0 }) else {
            completion()
            return
        }
        let registries = context.allConnections
        let remainingBox = CounterBox(remaining: registries.count)
        let logger = context.logger
        listenerLoop.execute {
            box.listener.close()
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
