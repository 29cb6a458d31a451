#if canImport(Glibc)
    import Glibc
#endif

/// A non-blocking stream socket; owns its file descriptor and closes it in `deinit` if still open.
///
/// Confined to one thread (an event loop), except that a freshly accepted descriptor is handed
/// to another loop as a plain number before any `Socket` owns it.
final class Socket {
    /// The result of one non-blocking read.
    enum ReadResult {
        case bytes(Int)
        case wouldBlock
        case endOfStream
        case failed(TransportError)
    }

    /// The result of one non-blocking write.
    enum WriteResult {
        case wrote(Int)
        case wouldBlock
        case failed(TransportError)
    }

    private(set) var descriptor: Int32

    /// Makes a new non-blocking stream socket of the family.
    init(family: SocketAddress.Family) throws(TransportError) {
        let domain = family == .ipv4 ? AF_INET : AF_INET6
        let fd = Glibc.socket(domain, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TransportError.system(.socket, "socket()") }
        descriptor = fd
    }

    /// Takes ownership of an open descriptor (from `accept`).
    init(adopting descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close()
    }

    var isOpen: Bool { descriptor >= 0 }

    /// Closes the descriptor; later calls do nothing.
    func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    func setOption(level: Int32, name: Int32, value: Int32) throws(TransportError) {
        var value = value
        guard setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw TransportError.system(.socket, "setsockopt(\(name))")
        }
    }

    func bind(to address: SocketAddress) throws(TransportError) {
        do {
            try address.withSystemAddress { pointer, length in
                guard Glibc.bind(descriptor, pointer, length) == 0 else {
                    throw TransportError.system(.socket, "bind(\(address))")
                }
            }
        } catch let error as TransportError {
            throw error
        } catch {
            throw TransportError(.socket, "bind(\(address)) failed: \(error)")
        }
    }

    func listen(backlog: Int32) throws(TransportError) {
        guard Glibc.listen(descriptor, backlog) == 0 else { throw TransportError.system(.socket, "listen()") }
    }

    /// Accepts one pending connection as a non-blocking descriptor, or nil when none is waiting.
    func accept() throws(TransportError) -> Int32? {
        let fd = Glibc.accept(descriptor, nil, nil)
        guard fd >= 0 else {
            switch errno {
            case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO: return nil
            default: throw TransportError.system(.socket, "accept()")
            }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// Starts a non-blocking connect; true when it completed at once, false while it is in progress.
    func connect(to address: SocketAddress) throws -> Bool {
        try address.withSystemAddress { pointer, length in
            if Glibc.connect(descriptor, pointer, length) == 0 { return true }
            guard errno == EINPROGRESS else { throw TransportError.system(.connect, "connect(\(address))") }
            return false
        }
    }

    /// The pending error of a non-blocking connect, or nil when it succeeded.
    func pendingError() -> TransportError? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else {
            return TransportError.system(.connect, "getsockopt(SO_ERROR)")
        }
        return value == 0 ? nil : TransportError.system(.connect, "connect()", errno: value)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
        if count > 0 { return .bytes(count) }
        if count == 0 { return .endOfStream }
        switch errno {
        case EAGAIN, EWOULDBLOCK, EINTR: return .wouldBlock
        default: return .failed(TransportError.system(.io, "read()"))
        }
    }

    /// Writes with MSG_NOSIGNAL, so a peer that has gone away gives EPIPE here instead of a SIGPIPE.
    func write(_ bytes: UnsafeRawBufferPointer) -> WriteResult {
        let count = send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if count >= 0 { return .wrote(count) }
        switch errno {
        case EAGAIN, EWOULDBLOCK, EINTR: return .wouldBlock
        default: return .failed(TransportError.system(.io, "send()"))
        }
    }

    /// Stops sending; the peer reads end of stream once what was written has arrived.
    func shutdownOutput() {
        _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }

    func localAddress() -> SocketAddress? {
        address(using: getsockname)
    }

    func peerAddress() -> SocketAddress? {
        address(using: getpeername)
    }

    private func address(
        using call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(descriptor, $0, &length) }
        }
        return result == 0 ? SocketAddress(systemAddress: storage) : nil
    }
}
