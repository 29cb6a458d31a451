import Crypto
import Synchronization

/// A connection a server keeps track of, for graceful shutdown; confined to its loop.
protocol ServerConnection: AnyObject {
    /// Stops taking new requests, finishes those in flight, then closes.
    func beginShutdown()
    /// Closes at once.
    func forceClose()
}

/// What every connection of one server shares. Immutable apart from its Sendable parts.
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let handler: any HTTPHandler
    let workers: WorkerPool
    let logger: Logger
    let limiter: AddressLimiter
    /// The TLS context made from the configuration, or nil for plain HTTP.
    let tls: TLSContext?
    private let registries: [ObjectIdentifier: LoopConnections]

    init(
        configuration: HTTPServerConfiguration, handler: any HTTPHandler, workers: WorkerPool, logger: Logger,
        loops: [EventLoop], tls: TLSContext?
    ) {
        self.tls = tls
        self.configuration = configuration
        self.handler = handler
        self.workers = workers
        self.logger = logger
        limiter = AddressLimiter(limit: configuration.maxConnectionsPerAddress)
        registries = Dictionary(uniqueKeysWithValues: loops.map { (ObjectIdentifier($0), LoopConnections(loop: $0)) })
    }

    /// The connections of this server on `loop`.
    func connections(on loop: EventLoop) -> LoopConnections {
        registries[ObjectIdentifier(loop)]!
    }

    var allConnections: [LoopConnections] { Array(registries.values) }
}

/// Counts open connections per client IP address, across all loops.
final class AddressLimiter: Sendable {
    private let limit: Int
    private let counts = Mutex<[String: Int]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts one more connection from `host`, unless it already has `limit`; returns whether it did.
    func acquire(_ host: String) -> Bool {
        counts.withLock { counts in
            let current = counts[host, default: 0]
            guard current < limit else { return false }
            counts[host] = current + 1
            return true
        }
    }

    func release(_ host: String) {
        counts.withLock { counts in
            let remaining = counts[host, default: 1] - 1
            counts[host] = remaining > 0 ? remaining : nil
        }
    }
}

/// One server's connections on one loop; confined to that loop.
final class LoopConnections: @unchecked Sendable {
    // @unchecked: every member is used only on `loop`'s thread; other threads only pass the object along.
    let loop: EventLoop
    private var connections: [ObjectIdentifier: ServerConnection] = [:]
    private(set) var shuttingDown = false
    private var onEmpty: (() -> Void)?
    private var forceTimer: TimerHandle?

    init(loop: EventLoop) {
        self.loop = loop
    }

    func add(_ connection: ServerConnection) {
        connections[ObjectIdentifier(connection)] = connection
    }

    func remove(_ connection: ServerConnection) {
        connections[ObjectIdentifier(connection)] = nil
        if shuttingDown && connections.isEmpty { finish() }
    }

    /// Asks every connection to finish; calls `onEmpty` once none is left, force-closing after `timeout`.
    func beginShutdown(timeout: Duration, onEmpty: @escaping () -> Void) {
        shuttingDown = true
        self.onEmpty = onEmpty
        forceTimer = loop.schedule(after: timeout) { [self] in
            for connection in Array(connections.values) { connection.forceClose() }
        }
        for connection in Array(connections.values) { connection.beginShutdown() }
        if connections.isEmpty { finish() }
    }

    private func finish() {
        if let forceTimer { loop.cancel(forceTimer) }
        forceTimer = nil
        let done = onEmpty
        onEmpty = nil
        done?()
    }
}

extension ServerContext {
    /// Runs the handler for `request` (on a worker thread) and logs one line at debug level: method, path
    /// (never the query, which may carry tokens), status and time taken.
    func respond(to request: HTTPRequest) -> HTTPResponse {
        let started = ContinuousClock.now
        let response = handler.handle(request)
        logger.debug(
            "request served",
            [
                "http.method": request.method, "http.path": String(request.path),
                "http.status": "\(response.status.code)", "http.version": "\(request.version)",
                "duration.ms": "\((ContinuousClock.now - started).milliseconds)",
            ])
        return response
    }
}
