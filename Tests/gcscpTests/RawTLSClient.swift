import Crypto
import Foundation

/// A TLS client over a blocking socket that sends whatever bytes a test wants, valid or not: the tool for
/// hostile clients (garbage after the handshake, a stream flood) that curl and nghttp refuse to be.
final class RawTLSClient {
    private let descriptor: Int32
    private let connection: TLSConnection

    /// Connects to `127.0.0.1:port` and completes a TLS 1.3 handshake offering `alpn`, trusting `root`.
    init(port: Int, root: Certificate, alpn: [String]) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw TestFailure("could not connect to port \(port)") }
        let configuration = TLSConfiguration(
            role: .client, certificateChain: [], privateKey: nil, trustAnchors: [root], alpnProtocols: alpn)
        connection = try TLSConnection(context: try TLSContext(configuration: configuration))
        for _ in 0..<50 {
            switch connection.handshake() {
            case .complete:
                flush()
                return
            case .failed(let failure):
                throw TestFailure("handshake failed: \(failure.reason)")
            case .needsMoreInput:
                flush()
                guard receive() else { throw TestFailure("the server closed during the handshake") }
            }
        }
        throw TestFailure("the handshake did not finish")
    }

    deinit { close(descriptor) }

    /// The protocol the server chose.
    var alpnProtocol: String? { connection.alpnProtocol }

    /// Encrypts and sends `bytes`.
    func send(_ bytes: [UInt8]) throws {
        try connection.write(bytes)
        flush()
    }

    /// Reads what the server sends until it closes the connection or `timeout` seconds pass; returns the
    /// plaintext and whether the server closed.
    func readUntilClosed(timeout: TimeInterval) -> (bytes: [UInt8], closed: Bool) {
        var plaintext: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard receive() else { return (plaintext, true) }
            do {
                plaintext += try connection.read()
            } catch {
                return (plaintext, true)
            }
            if connection.isClosedByPeer { return (plaintext, true) }
        }
        return (plaintext, false)
    }

    private func flush() {
        let bytes = connection.drainOutgoing()
        guard !bytes.isEmpty else { return }
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads once from the socket into TLS; false when the peer closed or the read timed out.
    private func receive() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        connection.feed(buffer[..<count])
        return true
    }
}
