import Crypto
import Foundation
import Synchronization
import Testing

@testable import Transport

/// Holds the result a completion delivers on a loop thread, for a test thread waiting on a semaphore.
///
/// The waits block the test's thread instead of awaiting: other suites may hold every thread of the
/// concurrency pool for a long time, and an await would then resume late enough for idle timers to fire.
final class Outcome<Value: Sendable>: Sendable {
    private let value = Mutex<Result<Value, TransportError>?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    func deliver(_ result: Result<Value, TransportError>) {
        value.withLock { $0 = result }
        ready.signal()
    }

    /// The delivered result; a timeout error when none came within `timeout`.
    func wait(timeout: Duration = .seconds(20)) throws(TransportError) -> Value {
        guard ready.wait(timeout: .now() + Double(timeout.components.seconds)) == .success else {
            throw TransportError(.timeout, "no result within \(timeout)")
        }
        return try value.withLock { $0! }.get()
    }
}

/// A loop for clients, and blocking helpers around the client's completion-based calls.
final class TestClientLoop {
    let group: EventLoopGroup
    let logger = Logger(label: "test-client", sink: .discard)

    init() throws {
        group = try EventLoopGroup(count: 1, name: "test-client")
        try group.start()
    }

    func stop() {
        group.stop()
    }

    func connect(
        to address: SocketAddress, tls: TLSConfiguration, expectedPeer: NodeIdentity? = nil
    ) throws(TransportError) -> HTTP2Client {
        let outcome = Outcome<HTTP2Client>()
        HTTP2Client.connect(
            to: address, authority: "127.0.0.1:\(address.port)", tls: tls, expectedPeer: expectedPeer,
            on: group.loops[0], logger: logger, completion: outcome.deliver)
        return try outcome.wait()
    }
}

extension HTTP2Client {
    /// Starts a request; wait on the returned outcome for its response.
    func start(method: String, path: String, body: [UInt8] = []) -> Outcome<HTTPResponse> {
        let outcome = Outcome<HTTPResponse>()
        send(method: method, path: path, body: body, completion: outcome.deliver)
        return outcome
    }

    /// Sends a request and waits for its response.
    func sendAndWait(method: String, path: String, body: [UInt8] = []) throws(TransportError) -> HTTPResponse {
        try start(method: method, path: path, body: body).wait()
    }

    /// Whether the loop says new requests may still be sent.
    var isUsableNow: Bool {
        let outcome = Outcome<Bool>()
        checkUsable { outcome.deliver(.success($0)) }
        return (try? outcome.wait()) ?? false
    }
}
