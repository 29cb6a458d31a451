import CLinux

#if canImport(Glibc)
    import Glibc
#endif

extension ServerContext {
    /// Takes an accepted descriptor on `loop`: applies the per-address limit, runs TLS if configured, and
    /// starts the protocol that ALPN chose (HTTP/1.1 when there is no TLS or no ALPN).
    func adopt(_ descriptor: Int32, on loop: EventLoop) {
        let socket = Socket(adopting: descriptor)
        let registry = connections(on: loop)
        guard !registry.shuttingDown else { return }
        try? socket.setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
        let tcp: TCPStream
        do {
            tcp = try TCPStream(socket: socket, loop: loop)
        } catch {
            logger.warning("connection not registered", ["error": "\(error)"])
            return
        }
        let host = tcp.info.peerAddress?.host ?? "unknown"
        let connectionLogger = logger.with("peer.address", tcp.info.peerAddress.map { "\($0)" } ?? "unknown")
        guard limiter.acquire(host) else {
            connectionLogger.info("connection refused", ["reason": "too many connections from this address"])
            if tls == nil {
                RefusedConnection.refuse(tcp, status: .serviceUnavailable)
            } else {
                tcp.close(error: nil)  // no status can be sent before a handshake
            }
            return
        }
        guard let tls else {
            serve(tcp, protocol: nil, registry: registry, host: host, logger: connectionLogger)
            return
        }
        do {
            _ = try TLSStream(
                serverOver: tcp, context: tls, handshakeTimeout: configuration.headerReadTimeout,
                logger: connectionLogger, onAbandon: { [limiter] in limiter.release(host) }
            ) { [self] secured in
                serve(
                    secured, protocol: secured.info.applicationProtocol, registry: registry, host: host,
                    logger: connectionLogger)
            }
        } catch {
            connectionLogger.warning("TLS connection not made", ["error": "\(error)"])
            limiter.release(host)
            tcp.close(error: nil)
        }
    }

    /// Starts HTTP/2 for ALPN `h2`, HTTP/1.1 otherwise, and tracks the connection until it closes.
    private func serve(
        _ stream: ByteStream, protocol alpn: String?, registry: LoopConnections, host: String, logger: Logger
    ) {
        let release: () -> Void = { [limiter] in limiter.release(host) }
        guard !registry.shuttingDown else {
            release()
            stream.close(error: nil)  // the handshake finished after shutdown began
            return
        }
        var connection: ServerConnection?
        let onClose: () -> Void = {
            release()
            if let connection { registry.remove(connection) }
            connection = nil
        }
        // A listener that speaks only h2 (the federation port) takes a client that offered no ALPN as HTTP/2
        // with prior knowledge: it must send the HTTP/2 preface or be closed. It never falls back to HTTP/1.1.
        let onlyHTTP2 = configuration.tls?.alpnProtocols == ["h2"]
        if alpn == "h2" || (alpn == nil && onlyHTTP2) {
            do {
                connection = try HTTP2ServerConnection(stream: stream, context: self, logger: logger, onClose: onClose)
            } catch {
                logger.warning("HTTP/2 session not made", ["error": "\(error)"])
                stream.close(error: nil)
                return
            }
        } else {
            connection = HTTP1ServerConnection(stream: stream, context: self, logger: logger, onClose: onClose)
        }
        registry.add(connection!)
    }
}
