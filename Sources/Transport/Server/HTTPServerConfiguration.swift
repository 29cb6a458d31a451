/// How an HTTP server listens and what it tolerates from clients.
public struct HTTPServerConfiguration: Sendable {
    /// The address to listen on; port 0 picks an ephemeral port (see `HTTPServer.localAddress`).
    public var address: SocketAddress
    /// Bounds on each HTTP/1.1 request.
    public var limits: HTTP1Limits
    /// How long a connection may sit with no request in progress (and no byte arriving) before it is closed.
    public var idleTimeout: Duration
    /// How long a client has to send a whole request head once its first byte arrives; later bytes do not
    /// extend it, so a client sending one byte a second is cut off.
    public var headerReadTimeout: Duration
    /// The most open connections from one IP address; further ones get 503 (plain) or are closed (TLS).
    public var maxConnectionsPerAddress: Int
    /// The most requests of one connection being handled at once; reading pauses beyond it.
    public var maxPipelinedRequests: Int
    /// The listen backlog.
    public var backlog: Int32

    /// Makes a configuration; the defaults suit a node's portal port.
    public init(
        address: SocketAddress, limits: HTTP1Limits = HTTP1Limits(), idleTimeout: Duration = .seconds(60),
        headerReadTimeout: Duration = .seconds(10), maxConnectionsPerAddress: Int = 64,
        maxPipelinedRequests: Int = 16, backlog: Int32 = 511
    ) {
        self.address = address
        self.limits = limits
        self.idleTimeout = idleTimeout
        self.headerReadTimeout = headerReadTimeout
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.maxPipelinedRequests = maxPipelinedRequests
        self.backlog = backlog
    }
}
