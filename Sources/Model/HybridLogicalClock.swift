/// A hybrid logical clock reading: 48 bits of milliseconds since the Unix epoch and a 16-bit counter.
///
/// It orders nothing that matters for merge (record versions do); it dates entries for display and feeds.
public struct HLCTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The packed value: milliseconds in the high 48 bits, the counter in the low 16.
    public let rawValue: UInt64

    /// Wraps a packed value.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Packs milliseconds and a counter.
    public init(milliseconds: UInt64, counter: UInt16) {
        self.rawValue = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | UInt64(counter)
    }

    /// Milliseconds since the Unix epoch.
    public var milliseconds: UInt64 { rawValue >> 16 }
    /// The logical counter within one millisecond.
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    public var description: String { "\(milliseconds).\(counter)" }
    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A hybrid logical clock (Kulkarni et al., 2014) that a remote clock may move at most five minutes ahead of
/// the local wall clock.
///
/// A value type: the owner keeps it confined (the store's writer owns the node's clock).
public struct HybridLogicalClock: Sendable {
    /// How far ahead of wall time a remote reading may move this clock.
    public static let maximumForwardDrift: UInt64 = 5 * 60 * 1000

    /// The last reading this clock gave or observed.
    public private(set) var last: HLCTimestamp

    /// What observing a remote reading did.
    public struct Observation: Sendable, Equatable {
        /// How far the remote reading was ahead of local wall time, in milliseconds (negative when behind).
        public let skewMilliseconds: Int64
        /// Whether the remote reading was further ahead than allowed, so the clock stopped at the limit.
        public let wasClamped: Bool
    }

    /// Starts a clock at `last` (zero for a new node; the stored head's clock for a node that restarts).
    public init(last: HLCTimestamp = HLCTimestamp(rawValue: 0)) { self.last = last }

    /// Returns a reading for a local event at wall time `wallMilliseconds`, later than every reading before.
    public mutating func tick(wallMilliseconds: UInt64) -> HLCTimestamp {
        if wallMilliseconds > last.milliseconds {
            last = HLCTimestamp(milliseconds: wallMilliseconds, counter: 0)
        } else {
            last = advance(last)
        }
        return last
    }

    /// Takes a remote reading into account, moving the clock forward at most to wall time plus five minutes.
    public mutating func observe(_ remote: HLCTimestamp, wallMilliseconds: UInt64) -> Observation {
        let skew = Int64(clamping: remote.milliseconds) - Int64(clamping: wallMilliseconds)
        let limit = HLCTimestamp(milliseconds: wallMilliseconds + Self.maximumForwardDrift, counter: UInt16.max)
        let clamped = remote > limit
        let candidate = min(remote, limit)
        if candidate > last { last = candidate }
        return Observation(skewMilliseconds: skew, wasClamped: clamped)
    }

    private func advance(_ reading: HLCTimestamp) -> HLCTimestamp {
        reading.counter == UInt16.max
            ? HLCTimestamp(milliseconds: reading.milliseconds + 1, counter: 0)
            : HLCTimestamp(rawValue: reading.rawValue + 1)
    }
}
