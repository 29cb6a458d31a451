/// When to try a peer again after a failure: capped exponential backoff with jitter, reset by any successful
/// contact. Jitter spreads the retries of many nodes that lost the same peer at the same moment.
///
/// "Equal jitter": the delay after the n-th failure in a row is uniform in [c/2, c], c = min(cap, base * 2^(n-1)),
/// so it never collapses to zero and hammers a peer that is down.
public struct Backoff: Sendable, Equatable {
    /// The delay ceiling after the first failure, in milliseconds.
    public let baseMilliseconds: UInt64
    /// The largest ceiling, in milliseconds.
    public let capMilliseconds: UInt64
    /// Failures since the last success.
    public private(set) var failures: Int = 0

    /// Makes a backoff: 1 s after the first failure, doubling to at most 5 minutes by default.
    public init(baseMilliseconds: UInt64 = 1_000, capMilliseconds: UInt64 = 300_000) {
        self.baseMilliseconds = max(1, baseMilliseconds)
        self.capMilliseconds = max(self.baseMilliseconds, capMilliseconds)
    }

    /// The current ceiling: base doubled per failure after the first, at most the cap.
    public var ceilingMilliseconds: UInt64 {
        let doublings = max(0, failures - 1)
        guard doublings < 63, baseMilliseconds <= capMilliseconds >> UInt64(doublings) else { return capMilliseconds }
        return baseMilliseconds << UInt64(doublings)
    }

    /// Records a failure and returns how long to wait before the next attempt.
    public mutating func failed(using random: inout some RandomNumberGenerator) -> UInt64 {
        failures += 1
        let ceiling = ceilingMilliseconds
        return Self.uniform(in: (ceiling / 2)...ceiling, using: &random)
    }

    /// Records a successful contact: the next failure starts again from the base.
    public mutating func succeeded() { failures = 0 }

    /// A timer interval with ±`fraction` jitter, for the regular pull timer, so nodes started together drift
    /// apart instead of pulling in step.
    public static func jittered(
        _ intervalMilliseconds: UInt64, fraction: Double = 0.2, using random: inout some RandomNumberGenerator
    ) -> UInt64 {
        let spread = UInt64(Double(intervalMilliseconds) * min(max(fraction, 0), 1))
        return uniform(in: (intervalMilliseconds - spread)...(intervalMilliseconds + spread), using: &random)
    }

    /// A value in `range` from one draw: the high half of draw × width, so any draw maps into the range (the
    /// standard library's rejection loop could spin on a generator stuck at one value) and the bias, under
    /// width / 2^64, does not matter for timers.
    private static func uniform(in range: ClosedRange<UInt64>, using random: inout some RandomNumberGenerator) -> UInt64
    {
        let width = range.upperBound - range.lowerBound + 1
        return range.lowerBound + random.next().multipliedFullWidth(by: width).high
    }
}
