import Crypto

/// What a server knows about the connection a request arrived on.
public struct ConnectionInfo: Sendable {
    /// The client's address.
    public var peerAddress: SocketAddress?
    /// The server's address the client connected to.
    public var localAddress: SocketAddress?
    /// Whether the connection runs over TLS.
    public var isSecure: Bool
    /// The protocol negotiated through ALPN (`h2`, `http/1.1`), or nil.
    public var applicationProtocol: String?
    /// The client's verified certificate, or nil (plain HTTP, or a TLS client that sent none).
    ///
    /// A peer's class comes from this certificate looked up in the custodian's directory, never from a claim.
    public var peerCertificate: Certificate?

    /// Makes a description of a connection; the defaults describe an unknown plain connection.
    public init(
        peerAddress: SocketAddress? = nil, localAddress: SocketAddress? = nil, isSecure: Bool = false,
        applicationProtocol: String? = nil, peerCertificate: Certificate? = nil
    ) {
        self.peerAddress = peerAddress
        self.localAddress = localAddress
        self.isSecure = isSecure
        self.applicationProtocol = applicationProtocol
        self.peerCertificate = peerCertificate
    }

    /// The node identity in the client's verified certificate (`urn:gcscp:node:...`), or nil.
    public var peerIdentity: NodeIdentity? { peerCertificate?.nodeIdentity }
}
