import Crypto
import Dispatch
import Foundation
import Model
import Node
import Synchronization
import Transport

/// A test's federation client: one HTTP/2 connection with a node folder's certificate, blocking calls.
final class SyncClient {
    let group: EventLoopGroup
    let client: HTTP2Client

    init(from node: String, to address: String) throws {
        let credentials = try NodeDirectory(path: node).loadTLSCredentials()
        let tls = TLSConfiguration.federationClient(
            certificateChain: credentials.chain, privateKey: credentials.key, trustAnchors: [credentials.root])
        let parts = address.split(separator: ":")
        let socket = SocketAddress(host: String(parts[0]), port: Int(parts[1])!)
        group = try EventLoopGroup(count: 1, name: "sync-test")
        try group.start()
        let outcome = Waiter<HTTP2Client>()
        HTTP2Client.connect(
            to: socket, authority: address, tls: tls, on: group.loops[0],
            logger: Logger(label: "sync-test", sink: .discard), completion: outcome.deliver)
        client = try outcome.wait()
    }

    deinit {
        client.close()
        group.stop()
    }

    /// Sends a sync request naming directory version `directory`; returns the status and body.
    func send(
        _ method: String, _ path: String, directory: UInt64?, body: [UInt8] = []
    ) throws -> (status: Int, body: [UInt8]) {
        var headers = HTTPHeaders()
        if let directory { headers.replaceOrAdd(name: SyncPath.directoryHeader, value: "\(directory)") }
        let outcome = Waiter<HTTPResponse>()
        client.send(method: method, path: path, headers: headers, body: body, completion: outcome.deliver)
        let response = try outcome.wait()
        return (response.status.code, response.body)
    }

    /// The problem code of an error response, or nil.
    static func problem(_ body: [UInt8]) -> String? { SyncProblem(json: body)?.code.rawValue }
}

/// A result delivered on a loop thread, awaited by a blocked test thread (bounded).
final class Waiter<Value: Sendable>: Sendable {
    private let value = Mutex<Result<Value, TransportError>?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    func deliver(_ result: Result<Value, TransportError>) {
        value.withLock { $0 = result }
        ready.signal()
    }

    func wait() throws -> Value {
        guard ready.wait(timeout: .now() + 20) == .success else { throw TestFailure("no answer within 20 s") }
        return try value.withLock { $0! }.get()
    }
}
