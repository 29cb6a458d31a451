import Crypto
import HTTP2

/// How an HTTP server listens and what it tolerates from clients.
///
/// Three kinds of listener are made with the factories: `federation` (TLS 1.3, client certificate required,
/// HTTP/2 only), `portal` (TLS with HTTP/2 or HTTP/1.1 by ALPN) and `plainLoopback` (HTTP/1.1 without TLS,
/// only on a loopback address, behind a reverse proxy).
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
    /// TLS settings, or nil for plain HTTP/1.1 (which `HTTPServer.start()` allows only on loopback).
    /// After the handshake, ALPN `h2` selects HTTP/2; `http/1.1` or no ALPN selects HTTP/1.1.
    public var tls: TLSConfiguration?
    /// Limits of HTTP/2 sessions.
    public var http2: HTTP2ServerSettings

    /// Makes a configuration; the defaults suit a node's portal port.
    public init(
        address: SocketAddress, limits: HTTP1Limits = HTTP1Limits(), idleTimeout: Duration = .seconds(60),
        headerReadTimeout: Duration = .seconds(10), maxConnectionsPerAddress: Int = 64,
        maxPipelinedRequests: Int = 16, backlog: Int32 = 511, tls: TLSConfiguration? = nil,
        http2: HTTP2ServerSettings = HTTP2ServerSettings()
    ) {
        self.address = address
        self.limits = limits
        self.idleTimeout = idleTimeout
        self.headerReadTimeout = headerReadTimeout
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.maxPipelinedRequests = maxPipelinedRequests
        self.backlog = backlog
        self.tls = tls
        self.http2 = http2
    }

    /// The federation port: TLS 1.3 with a client certificate from the federation required, ALPN `h2` only.
    public static func federation(
        address: SocketAddress, certificateChain: [Certificate], privateKey: TLSPrivateKey,
        trustAnchors: [Certificate]
    ) -> HTTPServerConfiguration {
        HTTPServerConfiguration(
            address: address,
            tls: .federationServer(
                certificateChain: certificateChain, privateKey: privateKey, trustAnchors: trustAnchors))
    }

    /// The portal port over TLS: HTTP/2 or HTTP/1.1 by ALPN; a client certificate is optional.
    public static func portal(
        address: SocketAddress, certificateChain: [Certificate], privateKey: TLSPrivateKey,
        trustAnchors: [Certificate]
    ) -> HTTPServerConfiguration {
        HTTPServerConfiguration(
            address: address,
            tls: .portalServer(certificateChain: certificateChain, privateKey: privateKey, trustAnchors: trustAnchors))
    }

    /// The portal port as plain HTTP/1.1 behind a reverse proxy; `address` must be a loopback address.
    public static func plainLoopback(address: SocketAddress) -> HTTPServerConfiguration {
        HTTPServerConfiguration(address: address)
    }
}
