import Commands
import Dispatch
import Foundation
import Node
import Transport

/// `gcscp serve`: runs the node until SIGTERM or SIGINT, then shuts down gracefully.
enum ServeCommand {
    static let command = Command(
        name: "serve",
        abstract: "Run the node: its portal and federation ports, until SIGTERM or Ctrl-C.",
        discussion: """
            Logs one line per event on stderr (logfmt). On SIGTERM or SIGINT the node stops accepting, finishes
            the requests in flight (up to 10 seconds), and exits 0.
            """,
        options: [.init(name: "--dir", valueName: "DIR", help: "The node folder.", isRequired: true)],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let node = try LocalNode(directory: NodeDirectory(path: try arguments.required("--dir")))
        let level = Logger.Level.allCases.first { "\($0)" == node.configuration.logLevel } ?? .info
        let logger = Logger(label: "gcscp", level: level, metadata: ["node": node.configuration.code.code])
        let server = try NodeServer(node: node, logger: logger)

        let stop = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }

        let addresses = try server.start()
        let scheme = node.configuration.portalTLS ? "https" : "http"
        logger.notice("node serving", ["portal.url": "\(scheme)://\(addresses.portal)/"])
        var lines = "portal \(scheme)://\(addresses.portal)/\n"
        if let federation = addresses.federation {
            logger.notice("federation port open", ["federation.address": "\(federation)"])
            lines += "federation \(federation)\n"
        } else {
            logger.warning("federation port closed: no certificate installed", [:])
        }
        // Pull from the directory's peers once the federation port is open (a node without a certificate has
        // no peers to talk to).
        let replicator = addresses.federation == nil ? nil : try Replicator(node: node, logger: logger)
        replicator?.start()
        FileHandle.standardOutput.write(Data(lines.utf8))
        stop.wait()
        logger.notice("shutting down", [:])
        replicator?.stop()
        server.shutdown(timeout: .seconds(10))
        sources.forEach { $0.cancel() }
        return ExitCode.success
    }
}
