import Crypto
import Foundation
import Testing

@testable import Transport

/// A federation made for one test: root, issuing CA, a server and a client node, and their PEM files in a
/// fresh temporary directory (removed by `remove()`), for curl and nghttp.
struct TLSFixture {
    let root: CertificateAuthority
    let serverKey: TLSPrivateKey
    let serverChain: [Certificate]
    let clientKey: TLSPrivateKey
    let clientChain: [Certificate]
    let directory: URL

    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    var clientCertificateFile: String { directory.appendingPathComponent("client.pem").path }
    var clientKeyFile: String { directory.appendingPathComponent("client-key.pem").path }

    init() throws {
        root = try CertificateAuthority.makeRoot(commonName: "transport test root")
        let issuing = try root.makeIssuingAuthority(commonName: "transport test issuing CA")
        func node(_ nodeClass: NodeIdentity.NodeClass, _ code: String) throws -> (TLSPrivateKey, [Certificate]) {
            let key = try TLSPrivateKey()
            let request = try CertificateRequest(key: key, identity: try NodeIdentity(nodeClass, code: code))
            let leaf = try issuing.issue(for: request, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"])
            return (key, [leaf, issuing.certificate])
        }
        (serverKey, serverChain) = try node(.custodian, "UNODA")
        (clientKey, clientChain) = try node(.member, "KEN")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("transport-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try root.certificate.pemRepresentation.write(toFile: caFile, atomically: true, encoding: .utf8)
        try Certificate.pemRepresentation(of: clientChain).write(
            toFile: clientCertificateFile, atomically: true, encoding: .utf8)
        try clientKey.pemRepresentation.write(toFile: clientKeyFile, atomically: true, encoding: .utf8)
    }

    /// The client side of the federation: the member node KEN's certificate, offering `h2`.
    func federationClient() -> TLSConfiguration {
        .federationClient(certificateChain: clientChain, privateKey: clientKey, trustAnchors: [root.certificate])
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    func federation() -> HTTPServerConfiguration {
        .federation(
            address: SocketAddress(host: "127.0.0.1", port: 0), certificateChain: serverChain,
            privateKey: serverKey, trustAnchors: [root.certificate])
    }

    func portal() -> HTTPServerConfiguration {
        .portal(
            address: SocketAddress(host: "127.0.0.1", port: 0), certificateChain: serverChain,
            privateKey: serverKey, trustAnchors: [root.certificate])
    }

    /// Runs curl against `url`; returns its exit status and what it printed: the body, then a line with the
    /// HTTP version and status.
    func curl(_ url: String, http2: Bool, clientCertificate: Bool) throws -> ToolResult {
        var arguments = ["-sS", "--max-time", "10", "--cacert", caFile, http2 ? "--http2" : "--http1.1"]
        if clientCertificate { arguments += ["--cert", clientCertificateFile, "--key", clientKeyFile] }
        arguments += ["-o", "-", "-w", "\n%{http_version} %{http_code}", url]
        return try runTool("/usr/bin/curl", arguments)
    }
}

/// What an external program did.
struct ToolResult {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs a program with a bounded time; kills it when the time is up.
func runTool(_ path: String, _ arguments: [String], timeout: Duration = .seconds(20)) throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    let seconds = Double(timeout.components.seconds)
    if exited.wait(timeout: .now() + seconds) == .timedOut {
        process.terminate()
        exited.wait()
    }
    return ToolResult(
        status: process.terminationStatus,
        output: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
        errors: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
}

/// Answers with what the server knows about the connection, so tests see ALPN and the client's identity.
@Sendable func connectionReportHandler(_ request: HTTPRequest) -> HTTPResponse {
    let info = request.connection
    let identity = info.peerIdentity?.uri ?? "none"
    let text =
        "\(request.method) \(request.target) \(request.version) secure=\(info.isSecure) "
        + "alpn=\(info.applicationProtocol ?? "none") identity=\(identity) body=\(request.body.count)"
    return HTTPResponse(status: .ok, text: text)
}
