import Crypto
import Dispatch
import Foundation
import Model
import Store
import Synchronization
import Transport

/// Pulls from every peer the directory lists: one thread and one long-lived HTTP/2 connection per peer, a
/// pull every `sync_interval_ms` with ±20 % jitter, capped exponential backoff after a failed contact (reset by
/// any successful one). Entries are applied with `Store.apply` on the puller's thread, never on an event loop
/// or the Swift concurrency pool.
public final class Replicator: Sendable {
    private let node: LocalNode
    private let logger: Logger
    private let tls: TLSConfiguration
    private let group: EventLoopGroup
    private let stopping = Mutex(false)
    private let wake = DispatchSemaphore(value: 0)
    private let running = Mutex(0)
    private let started = Mutex<Set<OriginID>>([])

    /// Prepares a replicator for `node`, whose certificate it presents to peers.
    /// - Throws: `NodeError` when the node has no certificate or its threads cannot start.
    public init(node: LocalNode, logger: Logger) throws(NodeError) {
        let credentials = try node.directory.loadTLSCredentials()
        tls = .federationClient(
            certificateChain: credentials.chain, privateKey: credentials.key, trustAnchors: [credentials.root])
        do {
            group = try EventLoopGroup(count: 1, name: "peer")
            try group.start()
        } catch {
            throw NodeError(.configuration, "could not start the replicator's event loop: \(error)")
        }
        self.node = node
        self.logger = logger.with("component", "replicator")
    }

    /// Starts a puller for each peer the directory lists now; call `refresh()` to pick up peers added later.
    public func start() {
        refresh()
    }

    // TODO(#4): push local writes to connected peers at once (POST /sync/v1/push, per-origin quotas); today
    // they travel at the peers' next pull.
    /// Starts pullers for peers the current directory lists that have none yet.
    public func refresh() {
        guard let directory = node.heldDirectory.current else { return }
        for peer in directory.version.peers(excluding: node.configuration.code) {
            guard started.withLock({ $0.insert(peer.code).inserted }) else { continue }
            let loop = group.next()
            running.withLock { $0 += 1 }
            let thread = Thread { [self] in
                // The connection is made here so that it belongs to this thread alone.
                self.run(
                    PeerConnection(
                        peer: peer, node: node, tls: tls, loop: loop, logger: logger.with("peer.code", peer.code.code)))
                running.withLock { $0 -= 1 }
            }
            thread.name = "pull-\(peer.code)"
            thread.start()
        }
    }

    /// Stops every puller (each finishes the pull in progress) and the event loop.
    public func stop() {
        stopping.withLock { $0 = true }
        let count = running.withLock { $0 }
        for _ in 0..<count { wake.signal() }
        // A puller in a pull ends within the 30-second answer bound; waiting here keeps shutdown orderly.
        let deadline = Date().addingTimeInterval(35)
        while Date() < deadline, running.withLock({ $0 > 0 }) { usleep(10_000) }
        group.stop()
    }

    private func run(_ connection: PeerConnection) {
        var random = SystemRandomNumberGenerator()
        var backoff = Backoff()
        let interval = UInt64(node.configuration.syncIntervalMilliseconds)
        var delay = Backoff.jittered(interval, using: &random)
        let logger = logger.with("peer.code", connection.peer.code.code)
        while !stopping.withLock({ $0 }) {
            _ = wake.wait(timeout: .now() + .milliseconds(Int(delay)))
            if stopping.withLock({ $0 }) { break }
            do {
                try? node.liveDirectory.refresh()
                refresh()
                guard let listed = node.heldDirectory.current?.version.node(code: connection.peer.code),
                    !listed.isRevoked
                else {
                    // A revoked peer is no one's peer: this puller ends and its connection closes.
                    logger.info("peer revoked: stopped pulling and closed the connection", [:])
                    break
                }
                let session = PullSession(node: node, connection: connection)
                let result = try session.run()
                backoff.succeeded()
                delay = Backoff.jittered(interval, using: &random)
                logger.info(
                    "pull finished",
                    [
                        "sync.requests": "\(result.requests)", "sync.received": "\(result.received)",
                        "sync.applied": "\(result.applied)", "sync.refused": "\(result.refused)",
                    ])
            } catch {
                connection.reset()
                delay = backoff.failed(using: &random)
                logger.info("pull failed", ["error": "\(error)", "sync.retry_ms": "\(delay)"])
            }
        }
        connection.reset()
    }
}
