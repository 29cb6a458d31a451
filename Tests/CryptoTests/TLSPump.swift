import Crypto

/// Two connections wired back to back in memory, as two nodes would be over a socket.
struct TLSPair {
    let client: TLSConnection
    let server: TLSConnection

    init(client: TLSConfiguration, server: TLSConfiguration) throws {
        self.client = try TLSConnection(context: try TLSContext(configuration: client))
        self.server = try TLSConnection(context: try TLSContext(configuration: server))
    }

    /// Drives both handshakes until each side has completed or failed, moving bytes between them.
    /// Bounded: a TLS 1.3 handshake needs two round trips.
    func handshake() -> (client: TLSHandshakeProgress, server: TLSHandshakeProgress) {
        var progress: (client: TLSHandshakeProgress, server: TLSHandshakeProgress) = (.needsMoreInput, .needsMoreInput)
        for _ in 0..<10 {
            progress.client = client.handshake()
            server.feed(client.drainOutgoing())
            progress.server = server.handshake()
            client.feed(server.drainOutgoing())
            if progress.client != .needsMoreInput, progress.server != .needsMoreInput, !client.hasOutgoing {
                break
            }
        }
        return progress
    }

    /// Writes `bytes` on one side and returns what the other side reads.
    func send(_ bytes: [UInt8], from sender: TLSConnection, to receiver: TLSConnection) throws -> [UInt8] {
        try sender.write(bytes)
        var received: [UInt8] = []
        // Feed in socket-sized pieces, as the event loop would.
        let records = sender.drainOutgoing()
        var offset = 0
        while offset < records.count {
            let end = min(offset + 65_536, records.count)
            receiver.feed(records[offset..<end])
            received += try receiver.read()
            offset = end
        }
        return received
    }
}

extension TLSHandshakeProgress {
    /// The failure, when the handshake failed.
    var failure: TLSFailure? {
        if case .failed(let failure) = self { return failure }
        return nil
    }
}
