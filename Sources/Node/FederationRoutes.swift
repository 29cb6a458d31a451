import Foundation
import Transport

/// The federation port's routes. Every request arrives over mutual TLS with a certificate from the federation
/// root; who the peer is comes from that certificate only.
struct FederationRoutes: HTTPHandler {
    let node: LocalNode
    let logger: Logger

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard let peer = request.connection.peerIdentity else {
            // The TLS layer requires a certificate; a request without one means a misconfigured listener.
            logger.error("federation request without a peer certificate", [:])
            return text(HTTPStatus(code: 421), "This port serves federation peers only.")
        }
        let path = request.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        if path.hasPrefix("/sync/") { return SyncRoutes(node: node, logger: logger).handle(request) }
        switch (request.method, path) {
        case ("GET", "/federation/v1/hello"):
            // TODO(#4): look the peer's TLS key up in the custodian's directory before it may sync.
            let configuration = node.configuration
            let me = "\(configuration.nodeClass.rawValue):\(configuration.code)"
            return text(.ok, "node=\(me) peer=\(peer.nodeClass.rawValue):\(peer.code)")
        default:
            return text(.notFound, "There is no federation resource at this address.")
        }
    }

    private func text(_ status: HTTPStatus, _ body: String) -> HTTPResponse {
        var response = HTTPResponse(status: status, text: body)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        return response
    }
}
