import Foundation
import Model
import Store
import Transport

/// The portal port's routes so far: the home page, the health check and the public status API.
///
/// Every answer here is built for an anonymous reader: it reads with `ReadScope.publicOnly` and never opens
/// member-only content. Pages carry the portal's security headers (UI.md: no script, nothing from another host).
struct PortalRoutes: HTTPHandler {
    let node: LocalNode
    let logger: Logger

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = problem(.methodNotAllowed, "method-not-allowed", "This address answers GET and HEAD only.")
            response.headers.replaceOrAdd(name: "Allow", value: "GET, HEAD")
            return response
        }
        let path = request.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        let response: HTTPResponse
        switch path {
        case "/": response = homePage()
        case "/healthz": response = json(["status": "ok"])
        case "/api/v1/status": response = statusDocument()
        default: response = problem(.notFound, "not-found", "There is no page at this address.")
        }
        var answer =
            request.method == "HEAD" ? HTTPResponse(status: response.status, headers: response.headers) : response
        if request.connection.isSecure {
            answer.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        return answer
    }

    private func homePage() -> HTTPResponse {
        let configuration = node.configuration
        let counts = (try? node.store.recordCounts(scope: .publicOnly)) ?? []
        let rows = counts.sorted { $0.recordType.description < $1.recordType.description }.map {
            "<tr><th scope=\"row\">\(escape($0.recordType.name))</th><td>\($0.count)</td></tr>"
        }.joined(separator: "\n")
        let name = escape(configuration.displayName)
        let html = """
            <!doctype html>
            <html lang="en" dir="ltr">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Home – GCSCP – node of \(name)</title></head>
            <body>
            <a href="#main">Skip to main content</a>
            <header><p>Node of \(name), \(configuration.nodeClass.rawValue) of the GCSCP federation</p></header>
            <main id="main">
            <h1>Global Cyber Security Cooperation Portal</h1>
            <table><caption>Public records held by this node</caption>
            <thead><tr><th scope="col">Module</th><th scope="col">Records</th></tr></thead>
            <tbody>
            \(rows.isEmpty ? "<tr><td colspan=\"2\">No public records yet.</td></tr>" : rows)
            </tbody></table>
            </main>
            <footer><p>Node \(escape(configuration.code.code)), \(configuration.nodeClass.rawValue)</p></footer>
            </body></html>
            """
        var response = HTTPResponse(status: .ok, body: Array(html.utf8))
        response.headers.replaceOrAdd(name: "Content-Type", value: "text/html; charset=utf-8")
        addPageHeaders(&response)
        return response
    }

    private func statusDocument() -> HTTPResponse {
        let configuration = node.configuration
        guard let summaries = try? node.store.syncSummary(scope: .publicOnly) else {
            logger.error("status read failed", ["node.code": configuration.code.code])
            return problem(.serviceUnavailable, "store-unavailable", "The node's store cannot be read right now.")
        }
        let streams: [[String: Any]] = summaries.map {
            [
                "origin": $0.origin.code, "stream": $0.stream.description, "contiguous": $0.contiguous,
                "highest": $0.highest,
            ]
        }
        return json([
            "node": [
                "class": configuration.nodeClass.rawValue, "code": configuration.code.code,
                "name": configuration.displayName,
            ],
            "streams": streams,
        ])
    }

    private func json(_ object: [String: Any]) -> HTTPResponse {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        var response = HTTPResponse(status: .ok, body: Array(data))
        response.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-cache")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    /// An RFC 9457 problem document; it never carries restricted content or internal detail.
    private func problem(_ status: HTTPStatus, _ type: String, _ detail: String) -> HTTPResponse {
        let object: [String: Any] = [
            "type": "/problems/\(type)", "title": status.reason, "status": status.code,
            "detail": detail,
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        var response = HTTPResponse(status: status, body: Array(data))
        response.headers.replaceOrAdd(name: "Content-Type", value: "application/problem+json")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    private func addPageHeaders(_ response: inout HTTPResponse) {
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; script-src 'none'")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-cache")
    }
}

/// Escapes text for HTML element content and attribute values.
func escape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.count)
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&#39;"
        default: escaped.append(character)
        }
    }
    return escaped
}
