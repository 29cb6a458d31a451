/// How far a catch-up has come, for the progress line: entries done and in all, the recent rate, time left.
public struct ProgressEstimate: Hashable, Sendable, CustomStringConvertible {
    /// Entries received so far.
    public let done: UInt64
    /// Entries to receive in all.
    public let total: UInt64
    /// Entries a second over the recent window; nil until two readings are apart in time.
    public let entriesPerSecond: Double?
    /// Seconds left at that rate; nil when the rate is unknown or zero.
    public let secondsLeft: Double?

    /// The progress line, such as `catching up: 12000 of 50000 entries (24%), 3100/s, about 13 s left`.
    public var description: String {
        let percent = total == 0 ? 100 : Int(done * 100 / total)
        var line = "catching up: \(done) of \(total) entries (\(percent)%)"
        if let rate = entriesPerSecond { line += ", \(Int(rate.rounded()))/s" }
        if let left = secondsLeft { line += ", about \(Int(left.rounded(.up))) s left" }
        return line
    }
}

/// Turns readings of entries done into estimates, with the rate over a sliding window so it follows changes
/// (a fast peer joining, a slow disk) rather than the average since the start.
public struct ProgressMeter: Sendable {
    /// The window the rate is measured over, in seconds.
    public let windowSeconds: Double
    private var readings: [(seconds: Double, done: UInt64)] = []

    /// Makes a meter with a window of `windowSeconds` (10 by default).
    public init(windowSeconds: Double = 10) { self.windowSeconds = windowSeconds }

    /// Records that `done` entries were done at `seconds` (a monotonic clock) and estimates against `total`.
    public mutating func record(done: UInt64, total: UInt64, atSeconds seconds: Double) -> ProgressEstimate {
        readings.append((seconds, done))
        // Keep the newest reading at or before the window's start, so the window is always fully spanned.
        while readings.count > 2 && readings[1].seconds <= seconds - windowSeconds { readings.removeFirst() }
        var rate: Double?
        if let first = readings.first, seconds > first.seconds, done >= first.done {
            rate = Double(done - first.done) / (seconds - first.seconds)
        }
        let left = rate.flatMap { $0 > 0 ? Double(total > done ? total - done : 0) / $0 : nil }
        return ProgressEstimate(done: done, total: total, entriesPerSecond: rate, secondsLeft: left)
    }
}
