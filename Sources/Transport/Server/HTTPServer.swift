import CLinux
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
    /// - Parameters:
    ///   - group: the loops that accept and serve connections; they must be started.
    ///   - workers: the pool that runs `handler`.
    ///   - logger: receives one line per refused request, timeout, and failed connection.
    public init(
        configuration: HTTPServerConfiguration, group: EventLoopGroup, workers: WorkerPool,
        logger: Logger = Logger(label: "transport"), handler: any HTTPHandler
    ) {
        self.group = group
        listenerLoop = group.next()
        context = ServerContext(
            configuration: configuration, handler: handler, workers: workers, logger: logger, loops: group.loops)
    }

    /// Binds the configured address and starts accepting.
    ///
    /// - Returns: the bound address, with the actual port when the configuration asked for port 0.
    /// - Throws: `TransportError` when the address cannot be bound (in use, not local, not allowed).
    @discardableResult
    public func start() throws(TransportError) -> SocketAddress {
        let configuration = context.configuration
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
        context.logger.info("listening", ["server.address": "\(bound.localAddress)"])
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

extension ServerContext {
    /// Takes an accepted descriptor on `loop`: applies the per-address limit and starts serving it.
    func adopt(_ descriptor: Int32, on loop: EventLoop) {
        let socket = Socket(adopting: descriptor)
        let registry = connections(on: loop)
        guard !registry.shuttingDown else { return }
        try? socket.setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        let host = socket.peerAddress()?.host ?? "unknown"
        let stream: TCPStream
        do {
            stream = try TCPStream(socket: socket, loop: loop)
        } catch {
            logger.warning("connection not registered", ["error": "\(error)"])
            return
        }
        let connectionLogger = logger.with("peer.address", stream.info.peerAddress.map { "\($0)" } ?? "unknown")
        guard limiter.acquire(host) else {
            connectionLogger.info("connection refused", ["reason": "too many connections from this address"])
            RefusedConnection.refuse(stream, status: .serviceUnavailable)
            return
        }
        var connection: HTTP1ServerConnection?
        connection = HTTP1ServerConnection(stream: stream, context: self, logger: connectionLogger) { [limiter] in
            limiter.release(host)
            if let connection { registry.remove(connection) }
            connection = nil
        }
        registry.add(connection!)
    }
}
