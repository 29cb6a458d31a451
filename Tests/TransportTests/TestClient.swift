import Foundation
import Synchronization
import Testing

@testable import Transport

/// A blocking TCP client for tests, with a receive timeout so that no read waits forever.
final class TestClient {
    /// A response as the client read it.
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private var descriptor: Int32
    private var buffered: [UInt8] = []

    /// Connects to `address`; reads give up after `timeout`.
    init(_ address: SocketAddress, timeout: Duration = .seconds(5)) throws {
        let fd = socket(address.family == .ipv4 ? AF_INET : AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TransportError.system(.socket, "socket()") }
        descriptor = fd
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        try address.withSystemAddress { pointer, length in
            guard connect(fd, pointer, length) == 0 else { throw TransportError.system(.connect, "connect()") }
        }
    }

    deinit {
        close()
    }

    /// Closes the connection, as a client does once the server said `Connection: close`.
    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    func send(_ text: String) {
        send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Shuts the sending side, as a client does that has nothing more to ask.
    func finishSending() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Reads one response framed by Content-Length; nil if the connection closed or timed out first.
    func readResponse() -> Response? {
        guard let headEnd = readUntil(Array("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: buffered[..<headEnd], as: UTF8.self)
        buffered.removeFirst(headEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffered.count < length {
            guard receiveMore() else { return nil }
        }
        let body = Array(buffered.prefix(length))
        buffered.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Waits until the server closes the connection; false if data came instead or the wait timed out.
    func waitForClose() -> Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, 0)
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }

    private func readUntil(_ marker: [UInt8]) -> Int? {
        while true {
            if let index = firstIndex(of: marker) { return index }
            guard receiveMore() else { return nil }
        }
    }

    private func firstIndex(of marker: [UInt8]) -> Int? {
        guard buffered.count >= marker.count else { return nil }
        for start in 0...(buffered.count - marker.count)
        where buffered[start..<(start + marker.count)].elementsEqual(marker) {
            return start
        }
        return nil
    }

    private func receiveMore() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffered.append(contentsOf: chunk[..<count])
        return true
    }
}

/// A started loop group, worker pool and HTTP server on 127.0.0.1 with an ephemeral port, for one test.
final class TestServer {
    let group: EventLoopGroup
    let workers: WorkerPool
    let server: HTTPServer
    let address: SocketAddress
    let logs = LogCollector()
    private var stopped = false

    init(
        base: HTTPServerConfiguration? = nil, configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        host: String = "127.0.0.1", handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse = echoHandler
    ) throws {
        var configuration = base ?? HTTPServerConfiguration(address: SocketAddress(host: host, port: 0))
        configure(&configuration)
        group = try EventLoopGroup(count: 2, name: "test-loop")
        try group.start()
        workers = try WorkerPool(threads: 4, name: "test-worker")
        server = HTTPServer(
            configuration: configuration, group: group, workers: workers,
            logger: Logger(label: "test", level: .debug, sink: logs.sink), handler: HTTPHandlerFunction(handler))
        address = try server.start()
    }

    /// Shuts the server down gracefully, then stops the workers and loops.
    ///
    /// Waits on a semaphore rather than awaiting: the test thread needs no free thread of the concurrency
    /// pool to resume, which other suites running at the same time may be holding.
    func stop() {
        guard !stopped else { return }
        stopped = true
        let done = DispatchSemaphore(value: 0)
        server.shutdown(timeout: .seconds(5)) { done.signal() }
        #expect(done.wait(timeout: .now() + 10) == .success)
        workers.shutdown()
        group.stop()
    }

    func client() throws -> TestClient {
        try TestClient(address)
    }
}

/// Answers with the method, target and body of the request.
@Sendable func echoHandler(_ request: HTTPRequest) -> HTTPResponse {
    HTTPResponse(
        status: .ok, headers: HTTPHeaders([("X-Target", request.target)]),
        body: Array("\(request.method) \(request.target) ".utf8) + request.body)
}

/// Collects log records from any thread.
final class LogCollector: Sendable {
    private let records = Mutex<[Logger.Record]>([])

    var sink: LogSink {
        LogSink { record in self.records.withLock { $0.append(record) } }
    }

    var all: [Logger.Record] { records.withLock { $0 } }

    func contains(_ message: String) -> Bool {
        all.contains { $0.message == message }
    }
}
