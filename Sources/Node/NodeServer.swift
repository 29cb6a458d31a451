import Foundation
import Transport

/// A running node: its portal port (and, once it holds a certificate, its federation port) on one event-loop
/// group, with handlers on a worker pool so SQLite never blocks a loop.
public final class NodeServer: Sendable {
    /// Where the node listens once started.
    public struct Addresses: Sendable {
        /// The portal port.
        public let portal: SocketAddress
    }

    private let node: LocalNode
    private let logger: Logger
    private let group: EventLoopGroup
    private let workers: WorkerPool
    private let portal: HTTPServer

    /// Prepares the servers of `node`; nothing listens until `start()`.
    /// - Throws: `NodeError` `.configuration` when the portal would listen in the clear on a non-loopback
    ///   address, or the address is not numeric.
    public init(node: LocalNode, logger: Logger) throws(NodeError) {
        let configuration = node.configuration
        guard let portalAddress = Self.socketAddress(configuration.portalListen, setting: "portal.listen", in: node)
        else {
            throw NodeError(
                .configuration,
                "\(node.directory.configurationPath): portal.listen must be a numeric IP address and port, "
                    + "not \(configuration.portalListen)")
        }
        if !configuration.portalTLS && !portalAddress.isLoopback {
            throw NodeError(
                .configuration,
                "\(node.directory.configurationPath): portal.tls = false serves pages in the clear, so "
                    + "portal.listen must be a loopback address (behind a reverse proxy), not \(portalAddress)")
        }
        // TODO(#3): serve the portal over TLS (h2 and http/1.1) and open the federation port (mutual TLS, h2).
        do {
            group = try EventLoopGroup(count: 2, name: "loop")
            workers = try WorkerPool(threads: 4, name: "handler")
        } catch {
            throw NodeError(.configuration, "could not start the node's threads: \(error)")
        }
        self.node = node
        self.logger = logger
        portal = HTTPServer(
            configuration: HTTPServerConfiguration(address: portalAddress), group: group, workers: workers,
            logger: logger.with("port", "portal"), handler: PortalRoutes(node: node, logger: logger))
    }

    /// Starts the loops and binds the ports.
    /// - Throws: `NodeError` when a port cannot be bound (in use, not allowed).
    public func start() throws(NodeError) -> Addresses {
        do {
            try group.start()
            return Addresses(portal: try portal.start())
        } catch {
            throw NodeError(.configuration, "could not listen on \(node.configuration.portalListen): \(error)")
        }
    }

    /// Stops accepting, lets requests in flight finish (up to `timeout`), then stops the threads. Blocks the
    /// caller until all of that is done; call it from a thread of your own (the main thread of `gcscp serve`).
    public func shutdown(timeout: Duration) {
        let stopped = DispatchSemaphore(value: 0)
        portal.shutdown(timeout: timeout) { stopped.signal() }
        stopped.wait()
        workers.shutdown()
        group.stop()
        logger.notice("node stopped", ["node.code": node.configuration.code.code])
    }

    private static func socketAddress(_ endpoint: Endpoint, setting: String, in node: LocalNode) -> SocketAddress? {
        let host = endpoint.host == "localhost" ? "127.0.0.1" : endpoint.host
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET, host, &ipv4) == 1 || inet_pton(AF_INET6, host, &ipv6) == 1 else { return nil }
        return SocketAddress(host: host, port: Int(endpoint.port))
    }
}
