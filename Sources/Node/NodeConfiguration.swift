import Crypto
import Foundation
import Model

/// The class of a node in the federation (custodian, member or regional), as its certificate names it.
public typealias NodeClass = NodeIdentity.NodeClass

extension NodeClass {
    /// Whether nodes of this class hold member-only content (and so have a members database).
    public var holdsMemberContent: Bool { self != .regional }
}

/// A host and port to listen on or connect to.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// A host name or an IP address (IPv6 without brackets).
    public let host: String
    /// The port; 0 asks the system for a free one.
    public let port: UInt16

    /// Parses `host:port` or `[v6]:port`.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Whether the host is this machine only: `localhost`, 127.0.0.0/8 or `::1`.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || (host.hasPrefix("127.") && host.split(separator: ".").count == 4)
    }
}

/// A node's configuration file, `gcscp.conf` in the node folder. `Nodes/` has commented examples.
public struct NodeConfiguration: Sendable, Equatable {
    /// The node's class.
    public var nodeClass: NodeClass
    /// The node's member or organisation code, which is also its origin in every stream.
    public var code: OriginID
    /// The name shown on the portal ("Kenya").
    public var displayName: String
    /// Where the portal (pages and API) listens.
    public var portalListen: Endpoint
    /// Whether the portal speaks TLS; without it the portal must listen on loopback behind a reverse proxy.
    public var portalTLS: Bool
    /// Where the federation port listens (mutual TLS, HTTP/2).
    public var federationListen: Endpoint
    /// How often the node pulls from each peer, in milliseconds (±20 % jitter).
    public var syncIntervalMilliseconds: Int
    /// The allowed pull intervals: from a tenth of a second to an hour.
    public static let syncIntervals = 100...3_600_000
    /// The least severe log level written: trace, debug, info, notice, warning, error or critical.
    public var logLevel: String

    /// The log levels, least severe first.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Makes a configuration with the defaults for a new node.
    public init(nodeClass: NodeClass, code: OriginID, displayName: String? = nil) {
        self.nodeClass = nodeClass
        self.code = code
        self.displayName = displayName ?? code.code
        self.portalListen = Endpoint("127.0.0.1:8443")!
        self.portalTLS = true
        self.federationListen = Endpoint("127.0.0.1:7443")!
        self.syncIntervalMilliseconds = 1000
        self.logLevel = "info"
    }

    /// Reads and checks the configuration file at `path`.
    /// - Throws: `NodeError` `.configuration` naming the file, the line and the setting: a missing file, an
    ///   unknown setting, a value of the wrong type or out of range, a missing required setting.
    public static func load(from path: String) throws(NodeError) -> NodeConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NodeError(.configuration, "\(path): the configuration file is missing or unreadable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NodeError(.configuration, "\(path): the configuration file is not UTF-8 text")
        }
        var reader = SettingsReader(file: try ConfigurationFile(text: text, path: path))
        let nodeClass = try reader.word("node.class", of: NodeClass.self)
        let code = try reader.required("node.code") { OriginID($0) }
        var configuration = NodeConfiguration(nodeClass: nodeClass, code: code)
        configuration.displayName = try reader.string("node.name") ?? code.code
        configuration.portalListen = try reader.endpoint("portal.listen") ?? configuration.portalListen
        configuration.portalTLS = try reader.boolean("portal.tls") ?? true
        configuration.federationListen = try reader.endpoint("federation.listen") ?? configuration.federationListen
        configuration.syncIntervalMilliseconds =
            try reader.integer("federation.sync_interval_ms", in: syncIntervals) ?? 1000
        configuration.logLevel = try reader.string("log.level") ?? "info"
        guard logLevels.contains(configuration.logLevel) else {
            throw reader.problem("log.level", "must be one of \(logLevels.joined(separator: ", "))")
        }
        try reader.rejectUnknown()
        return configuration
    }

    /// A string as the configuration file writes it: quoted, with backslash, quote and line breaks escaped.
    static func quoted(_ text: String) -> String {
        var escaped = "\""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    /// The file's text, with a comment on every setting.
    public func rendered() -> String {
        """
        # GCSCP node configuration. Every setting is explained above it; unknown settings are refused.

        [node]
        # The node's class: custodian (UNODA's anchor), member (a state or its CERT) or regional (a mirror).
        class = "\(nodeClass.rawValue)"
        # ISO 3166-1 alpha-3 code for a state (KEN), or the organisation's code (UNODA, AU). It is the node's
        # origin in every stream and must match the certificate the custodian issues.
        code = "\(code.code)"
        # The name shown on every portal page.
        name = \(Self.quoted(displayName))

        [portal]
        # Where the portal (pages and JSON API) listens: host:port, [v6]:port; port 0 picks a free port.
        listen = "\(portalListen)"
        # HTTPS with the node's certificate. Set false only behind a reverse proxy: the node then refuses to
        # listen on anything but loopback.
        tls = \(portalTLS)

        [federation]
        # Where other nodes reach this one: mutual TLS 1.3, HTTP/2 only.
        listen = "\(federationListen)"
        # How often to pull from each peer, in milliseconds (100 to 3600000), with 20 % jitter; after a failed
        # contact the node backs off, up to 5 minutes.
        sync_interval_ms = \(syncIntervalMilliseconds)

        [log]
        # The least severe level written to stderr: trace, debug, info, notice, warning, error, critical.
        level = "\(logLevel)"

        """
    }
}
