#if canImport(Glibc)
    import Glibc
#endif

/// Where a logger's records go.
public struct LogSink: Sendable {
    private let body: @Sendable (Logger.Record) -> Void

    /// Makes a sink that hands each record to `body`; it may be called from any thread.
    public init(_ body: @escaping @Sendable (Logger.Record) -> Void) {
        self.body = body
    }

    func write(_ record: Logger.Record) {
        body(record)
    }

    /// Writes each record as one logfmt line to stderr, with a single `write` so lines never interleave.
    public static let standardError = LogSink { record in
        let line = Array((LogFormat.logfmt(record) + "\n").utf8)
        line.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// Drops every record.
    public static let discard = LogSink { _ in }
}

/// Renders log records as text.
public enum LogFormat {
    /// One logfmt line: `time=... level=info label=transport msg="..." key=value ...`, metadata keys sorted.
    public static func logfmt(_ record: Logger.Record) -> String {
        var line = "time=\(iso8601(millisecondsSince1970: record.millisecondsSince1970)) level=\(record.level)"
        line += " label=\(quoted(record.label)) msg=\(quoted(record.message))"
        for key in record.metadata.keys.sorted() {
            line += " \(key)=\(quoted(record.metadata[key]!))"
        }
        return line
    }

    /// A value as logfmt writes it: bare when it is a plain word, else in double quotes with escapes.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "=" && $0 != "\"" }
        if plain { return value }
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                result += scalar.value < 0x20 ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }
        }
        return result + "\""
    }

    /// `2026-12-03T14:00:00.123Z`.
    static func iso8601(millisecondsSince1970 milliseconds: Int64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
            + ".\(pad(Int32(milliseconds % 1000), 3))Z"
    }
}

/// Wall-clock time in milliseconds since the Unix epoch.
func currentMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
