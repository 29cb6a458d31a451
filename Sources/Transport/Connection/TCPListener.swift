#if canImport(Glibc)
    import Glibc
#endif

/// A listening socket registered with an event loop; hands each accepted descriptor to `onAccept`.
///
/// Made on any thread by `bind`, then `register`ed on its loop; confined to that loop afterwards.
final class TCPListener: EventLoopIOHandler {
    private let socket: Socket
    private var loop: EventLoop?
    private var onAccept: ((Int32) -> Void)?
    private var onError: ((TransportError) -> Void)?

    /// The bound address, with the port the system chose when asked for port 0.
    let localAddress: SocketAddress

    /// Binds and listens: SO_REUSEADDR, and IPV6_V6ONLY on IPv6 so `::` and `0.0.0.0` can both be bound.
    ///
    /// - Throws: `TransportError` when the address is invalid, in use, or not allowed.
    init(address: SocketAddress, backlog: Int32) throws(TransportError) {
        ignoreSIGPIPE()
        socket = try Socket(family: address.family)
        try socket.setOption(level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
        if address.family == .ipv6 {
            try socket.setOption(level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 1)
        }
        try socket.bind(to: address)
        try socket.listen(backlog: backlog)
        guard let bound = socket.localAddress() else {
            throw TransportError.system(.socket, "getsockname()")
        }
        localAddress = bound
    }

    /// Starts accepting on `loop`; call on `loop`.
    func register(
        on loop: EventLoop, onAccept: @escaping (Int32) -> Void, onError: @escaping (TransportError) -> Void
    ) throws(TransportError) {
        self.loop = loop
        self.onAccept = onAccept
        self.onError = onError
        try loop.register(socket.descriptor, reading: true, writing: false, handler: self)
    }

    /// Stops accepting and closes the socket; call on its loop (or before registering).
    func close() {
        loop?.unregister(socket.descriptor)
        socket.close()
        onAccept = nil
        onError = nil
    }

    func handleReadable() {
        for _ in 0..<64 {
            guard socket.isOpen else { return }
            do {
                guard let descriptor = try socket.accept() else { return }
                onAccept?(descriptor)
            } catch {
                onError?(error)  // EMFILE and the like: the next turn tries again
                return
            }
        }
    }

    func handleWritable() {}

    func handleLoopStop() {
        close()
    }
}
