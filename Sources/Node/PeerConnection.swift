import Crypto
import Dispatch
import Foundation
import Model
import Store
import Synchronization
import Transport

/// One peer the replicator pulls from: a long-lived HTTP/2 connection, reopened after a failure.
///
/// Used only from the peer's own puller thread, so its state needs no lock; the HTTP/2 client it holds runs
/// on an event loop and hands answers back through `Answer`.
final class PeerConnection {
    /// The peer as the directory lists it when the connection was made.
    let peer: DirectoryNode
    private let node: LocalNode
    private let tls: TLSConfiguration
    private let loop: EventLoop
    private let logger: Logger
    private var client: HTTP2Client?

    init(peer: DirectoryNode, node: LocalNode, tls: TLSConfiguration, loop: EventLoop, logger: Logger) {
        self.peer = peer
        self.node = node
        self.tls = tls
        self.loop = loop
        self.logger = logger
    }

    /// Drops the connection, so the next request opens a new one.
    func reset() {
        client?.close()
        client = nil
    }

    /// Sends a sync request naming the directory version held; blocks until the answer comes (at most 30 s).
    /// - Throws: `TransportError` when the peer cannot be reached; `SyncProblem` for a problem answer.
    func send(_ method: String, _ path: String, body: [UInt8] = []) throws -> [UInt8] {
        let client = try connection()
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: SyncPath.directoryHeader, value: "\(node.heldDirectory.number)")
        let answer = Answer<HTTPResponse>()
        client.send(method: method, path: path, headers: headers, body: body, completion: answer.deliver)
        let response = try answer.wait()
        guard response.status.code == 200 else {
            throw SyncProblem(json: response.body)
                ?? SyncProblem(.init("http-\(response.status.code)", status: response.status.code), "no problem body")
        }
        return response.body
    }

    private func connection() throws -> HTTP2Client {
        if let client { return client }
        // TODO(#4): try the peer's other endpoints when the first cannot be reached.
        guard let endpoint = peer.endpoints.first else {
            throw TransportError(.connect, "the directory lists no endpoint for \(peer.code)")
        }
        let answer = Answer<HTTP2Client>()
        HTTP2Client.connect(
            to: SocketAddress(host: endpoint.host, port: Int(endpoint.port)), authority: endpoint.description,
            tls: tls, expectedPeer: peer.identity, on: loop, logger: logger, completion: answer.deliver)
        let opened = try answer.wait()
        // The certificate names the node; its key must also be the one the directory lists for it.
        guard let hash = opened.peerCertificate?.publicKeyHash, peer.tlsKeyHashes.contains(hash) else {
            opened.close()
            throw SyncProblem(.unknownPeer, "\(peer.code) presented a TLS key its directory entry does not list")
        }
        client = opened
        return opened
    }
}

/// A result delivered on an event loop, waited for by a puller thread (bounded).
final class Answer<Value: Sendable>: Sendable {
    private let value = Mutex<Result<Value, TransportError>?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    func deliver(_ result: Result<Value, TransportError>) {
        value.withLock { $0 = result }
        ready.signal()
    }

    func wait(seconds: Int = 30) throws(TransportError) -> Value {
        guard ready.wait(timeout: .now() + .seconds(seconds)) == .success else {
            throw TransportError(.timeout, "no answer from the peer within \(seconds) s")
        }
        return try value.withLock { $0! }.get()
    }
}
