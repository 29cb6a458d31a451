/// A structured logger: a fixed message per event, with the data in dotted key=value metadata.
///
/// Lines below the logger's level are dropped before any formatting. By default lines go to stderr in
/// logfmt; tests inject a sink to collect records. A logger is a value: `with(_:_:)` makes a copy that
/// carries more metadata (a connection's peer address, say). Never put a secret or restricted content
/// in a message or in metadata.
public struct Logger: Sendable {
    /// How severe an event is, from `trace` (most verbose) to `critical`.
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace, debug, info, notice, warning, error, critical

        public static func < (left: Level, right: Level) -> Bool { left.rawValue < right.rawValue }

        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }
    }

    /// One logged event.
    public struct Record: Sendable {
        /// The logger's label: the part of the program that logged (`transport`, `replication`).
        public var label: String
        /// The severity.
        public var level: Level
        /// The fixed phrase that names the event.
        public var message: String
        /// The event's data, keyed by dotted names (`peer.address`).
        public var metadata: [String: String]
        /// When the event happened, in milliseconds since the Unix epoch.
        public var millisecondsSince1970: Int64
    }

    /// The part of the program that logs.
    public var label: String
    /// The least severe level that is logged.
    public var level: Level
    /// Metadata added to every record of this logger.
    public var metadata: [String: String]
    private let sink: LogSink

    /// Makes a logger writing to `sink`, logfmt on stderr by default.
    public init(label: String, level: Level = .info, metadata: [String: String] = [:], sink: LogSink = .standardError) {
        self.label = label
        self.level = level
        self.metadata = metadata
        self.sink = sink
    }

    /// A copy of this logger that adds one metadata entry to every record.
    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.metadata[key] = value
        return copy
    }

    /// Logs an event if `level` is at or above the logger's level; the metadata is built only then.
    public func log(_ level: Level, _ message: String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        guard level >= self.level else { return }
        sink.write(
            Record(
                label: label, level: level, message: message,
                metadata: self.metadata.merging(metadata()) { _, new in new },
                millisecondsSince1970: currentMilliseconds()))
    }

    /// Logs at `trace`: detail for following one connection or message.
    public func trace(_ message: String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.trace, message, metadata())
    }

    /// Logs at `debug`: detail for diagnosing a problem.
    public func debug(_ message: String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.debug, message, metadata())
    }

    /// Logs at `info`: a normal event worth keeping.
    public func info(_ message: String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.info, message, metadata())
    }

    /// Logs at `notice`: a normal but significant event.
    public func notice(_ message: String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.notice, message, metadata())
    }

    /// Logs at `warning`: something went wrong and was handled.
    public func warning(_ message: String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.warning, message, metadata())
    }

    /// Logs at `error`: an operation failed.
    public func error(_ message: String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.error, message, metadata())
    }

    /// Logs at `critical`: the program cannot go on as it should.
    public func critical(_ message: String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.critical, message, metadata())
    }
}
