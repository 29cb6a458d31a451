import Foundation
import Transport

/// A running node: its portal port (and, once it holds a certificate, its federation port) on one event-loop
/// group, with handlers on a worker pool so SQLite never blocks a loop.
public final class NodeServer: Sendable {
    /// Where the node listens once started.
    public struct Addresses: Sendable {
        /// The portal port.
        public let portal: SocketAddress
        /// The federation port; nil until the node holds a certificate.
        public let federation: SocketAddress?
    }

    private let node: LocalNode
    private let logger: Logger
    private let group: EventLoopGroup
    private let workers: WorkerPool
    private let portal: HTTPServer
    private let federation: HTTPServer?

    /// Prepares the servers of `node`; nothing listens until `start()`.
    /// - Throws: `NodeError` `.configuration` when the portal would listen in the clear on a non-loopback
    ///   address, or the address is not numeric.
    public init(node: LocalNode, logger: Logger) throws(NodeError) {
        let configuration = node.configuration
        guard let portalAddress = Self.socketAddress(configuration.portalListen)
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
        let credentials = node.directory.hasCertificate ? try node.directory.loadTLSCredentials() : nil
        if configuration.portalTLS && credentials == nil {
            throw NodeError(
                .configuration,
                "\(node.directory.certificatePath) is missing, and portal.tls = true needs it: make a request with "
                    + "'gcscp csr', have the custodian sign it, run 'gcscp certificate install' (or serve the portal "
                    + "in the clear on loopback behind a proxy with portal.tls = false)")
        }
        var portalConfiguration = HTTPServerConfiguration.plainLoopback(address: portalAddress)
        var federationConfiguration: HTTPServerConfiguration?
        if let credentials {
            guard let federationAddress = Self.socketAddress(configuration.federationListen) else {
                throw NodeError(
                    .configuration,
                    "\(node.directory.configurationPath): federation.listen must be a numeric IP address and "
                        + "port, not \(configuration.federationListen)")
            }
            federationConfiguration = .federation(
                address: federationAddress, certificateChain: credentials.chain, privateKey: credentials.key,
                trustAnchors: [credentials.root])
            if configuration.portalTLS {
                portalConfiguration = .portal(
                    address: portalAddress, certificateChain: credentials.chain, privateKey: credentials.key,
                    trustAnchors: [credentials.root])
            }
        }
        do {
            group = try EventLoopGroup(count: 2, name: "loop")
            workers = try WorkerPool(threads: 4, name: "handler")
        } catch {
            throw NodeError(.configuration, "could not start the node's threads: \(error)")
        }
        self.node = node
        self.logger = logger
        portal = HTTPServer(
            configuration: portalConfiguration, group: group, workers: workers,
            logger: logger.with("port", "portal"), handler: PortalRoutes(node: node, logger: logger))
        if let federationConfiguration {
            federation = HTTPServer(
                configuration: federationConfiguration, group: group, workers: workers,
                logger: logger.with("port", "federation"), handler: FederationRoutes(node: node, logger: logger))
        } else {
            federation = nil
        }
    }

    /// Starts the loops and binds the ports.
    /// - Throws: `NodeError` when a port cannot be bound (in use, not allowed).
    public func start() throws(NodeError) -> Addresses {
        do {
            try group.start()
        } catch {
            throw NodeError(.configuration, "could not start the event loops: \(error)")
        }
        let portalAddress: SocketAddress
        do { portalAddress = try portal.start() } catch {
            throw NodeError(.configuration, "could not listen on \(node.configuration.portalListen): \(error)")
        }
        do {
            return Addresses(portal: portalAddress, federation: try federation?.start())
        } catch {
            throw NodeError(.configuration, "could not listen on \(node.configuration.federationListen): \(error)")
        }
    }

    /// Stops accepting, lets requests in flight finish (up to `timeout`), then stops the threads. Blocks the
    /// caller until all of that is done; call it from a thread of your own (the main thread of `gcscp serve`).
    public func shutdown(timeout: Duration) {
        let stopped = DispatchSemaphore(value: 0)
        let servers = [portal] + (federation.map { [$0] } ?? [])
        for server in servers { server.shutdown(timeout: timeout) { stopped.signal() } }
        for _ in servers { stopped.wait() }
        workers.shutdown()
        group.stop()
        logger.notice("node stopped", ["node.code": node.configuration.code.code])
    }

    private static func socketAddress(_ endpoint: Endpoint) -> SocketAddress? {
        let host = endpoint.host == "localhost" ? "127.0.0.1" : endpoint.host
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET, host, &ipv4) == 1 || inet_pton(AF_INET6, host, &ipv6) == 1 else { return nil }
        return SocketAddress(host: host, port: Int(endpoint.port))
    }
}
