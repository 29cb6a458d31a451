import Commands
import Crypto
import Foundation
import Transport

/// `gcscp-bench http`: the node's portal port against nginx, both serving the same 1 KiB over TLS 1.3 and
/// HTTP/2 with the same certificate, driven by h2load in the same run.
enum HTTPBenchmark {
    static let command = Command(
        name: "http",
        abstract: "Compare the portal port with nginx under h2load: 1 x 1, 4 x 10 and 4 x 100 streams.",
        discussion: """
            Needs Debian's nginx and nghttp2-client (make bench-deps). The portal port runs as the node runs it:
            two event-loop threads, handlers on a worker pool; nginx gets two worker processes. The last line is:
            http req/s=A nginx req/s=N ratio=A/N (at 4 x 100).
            """,
        options: [.init(name: "--seconds", valueName: "N", help: "How long each h2load run lasts (default 10).")],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let seconds = try positiveNumber(arguments, "--seconds", default: 10)
        let folder = NSTemporaryDirectory() + "gcscp-bench-http-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let body = Array((0..<1024).map { UInt8(ascii: "a") + UInt8($0 % 26) })
        let credentials = try makeCredentials(folder: folder)
        let nodeServer = try startPortal(credentials, body: body)
        defer { nodeServer.stop() }
        let nginxPort = try freePort()
        let nginx = try NginxServer(
            folder: "\(folder)/nginx", port: nginxPort, certificatePath: "\(folder)/chain.pem",
            keyPath: "\(folder)/key.pem", body: body, workers: 2)
        defer { nginx.stop() }
        try waitUntilListening(port: nginxPort)

        let generator = LoadGenerator(duration: seconds)
        var last: (node: Double, nginx: Double) = (0, 0)
        for shape in LoadGenerator.shapes {
            let node = try generator.requestsPerSecond("https://127.0.0.1:\(nodeServer.port)/bench", shape: shape)
            let reference = try generator.requestsPerSecond("https://127.0.0.1:\(nginxPort)/bench", shape: shape)
            log(
                String(
                    format: "%@: node %.0f req/s, nginx %.0f req/s, ratio %.2f", "\(shape)", node, reference,
                    node / reference))
            last = (node, reference)
        }
        print(
            String(format: "http req/s=%.0f nginx req/s=%.0f ratio=%.2f", last.node, last.nginx, last.node / last.nginx)
        )
        return ExitCode.success
    }

    private struct Credentials {
        let chain: [Certificate]
        let key: TLSPrivateKey
        let root: Certificate
    }

    /// A federation root, an issuing CA and a node certificate for 127.0.0.1, as `gcscp ca` would make them.
    private static func makeCredentials(folder: String) throws -> Credentials {
        let root = try CertificateAuthority.makeRoot(commonName: "bench root")
        let issuing = try root.makeIssuingAuthority(commonName: "bench issuing CA")
        let key = try TLSPrivateKey()
        let request = try CertificateRequest(key: key, identity: try NodeIdentity(.member, code: "KEN"))
        let leaf = try issuing.issue(for: request, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        let chain = [leaf, issuing.certificate]
        try Certificate.pemRepresentation(of: chain).write(
            toFile: "\(folder)/chain.pem", atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(toFile: "\(folder)/key.pem", atomically: true, encoding: .utf8)
        return Credentials(chain: chain, key: key, root: root.certificate)
    }

    /// The portal port, configured as `gcscp serve` configures it, answering `/bench` with `body`.
    private final class PortalUnderTest {
        let port: Int
        private let group: EventLoopGroup
        private let workers: WorkerPool
        private let server: HTTPServer

        init(group: EventLoopGroup, workers: WorkerPool, server: HTTPServer, port: Int) {
            self.group = group
            self.workers = workers
            self.server = server
            self.port = port
        }

        func stop() {
            let done = DispatchSemaphore(value: 0)
            server.shutdown(timeout: .seconds(5)) { done.signal() }
            done.wait()
            workers.shutdown()
            group.stop()
        }
    }

    private static func startPortal(_ credentials: Credentials, body: [UInt8]) throws -> PortalUnderTest {
        let group = try EventLoopGroup(count: 2, name: "loop")
        let workers = try WorkerPool(threads: 4, name: "handler")
        try group.start()
        let configuration = HTTPServerConfiguration.portal(
            address: SocketAddress(host: "127.0.0.1", port: 0), certificateChain: credentials.chain,
            privateKey: credentials.key, trustAnchors: [credentials.root])
        let server = HTTPServer(
            configuration: configuration, group: group, workers: workers,
            logger: Logger(label: "bench", level: .warning),
            handler: HTTPHandlerFunction { _ in
                var response = HTTPResponse(status: .ok, body: body)
                response.headers.replaceOrAdd(name: "Content-Type", value: "application/octet-stream")
                return response
            })
        let address = try server.start()
        return PortalUnderTest(group: group, workers: workers, server: server, port: address.port)
    }

    /// An ephemeral port the system just handed out and released.
    private static func freePort() throws -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchmarkError("no socket for a port probe") }
        defer { close(descriptor) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw BenchmarkError("could not find a free port") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Waits (at most 10 s) until something accepts connections on `port`.
    private static func waitUntilListening(port: UInt16) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = loopback(port: port)
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(descriptor)
            if connected { return }
            usleep(50_000)
        }
        throw BenchmarkError("nginx did not start listening on port \(port)")
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
