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
