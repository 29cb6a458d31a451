import Crypto

/// An IPv4 or IPv6 address with a port, as text and number; no C type shows through.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable, Hashable {
        case ipv4
        case ipv6
    }

    /// The numeric host (`127.0.0.1`, `::1`).
    public var host: String
    /// The port; 0 asks the system for an ephemeral port when binding.
    public var port: Int
    /// The family, which follows from the host's form.
    public var family: Family

    /// Makes an address from a numeric host; a host with a colon is IPv6.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.family = host.contains(":") ? .ipv6 : .ipv4
    }

    /// Whether the host is a loopback address (127.0.0.0/8 or ::1).
    public var isLoopback: Bool {
        switch family {
        case .ipv4: host.hasPrefix("127.")
        case .ipv6: host == "::1" || host.hasPrefix("::ffff:127.")
        }
    }

    /// `host:port`, with the host in brackets for IPv6 (`[::1]:8443`).
    public var description: String {
        family == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

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
