import Model
import Testing

/// A deterministic random source (SplitMix64), so the jitter is tested by value.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Always the lowest or always the highest value in range.
struct ExtremeRandom: RandomNumberGenerator {
    let high: Bool
    mutating func next() -> UInt64 { high ? UInt64.max : 0 }
}

@Suite struct SyncBackoffTests {
    @Test func theDelayDoublesUpToTheCapWithinItsJitter() {
        var backoff = Backoff(baseMilliseconds: 1_000, capMilliseconds: 30_000)
        var random = SeededRandom(state: 7)
        var ceilings: [UInt64] = []
        for _ in 0..<8 {
            let delay = backoff.failed(using: &random)
            let ceiling = backoff.ceilingMilliseconds
            #expect(delay >= ceiling / 2 && delay <= ceiling)
            ceilings.append(ceiling)
        }
        #expect(ceilings == [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000])
        #expect(backoff.failures == 8)
    }

    @Test func theJitterSpansHalfToTheWholeCeiling() {
        var low = ExtremeRandom(high: false)
        var high = ExtremeRandom(high: true)
        var backoff = Backoff(baseMilliseconds: 1_000, capMilliseconds: 30_000)
        #expect(backoff.failed(using: &low) == 500)
        #expect(backoff.failed(using: &high) == 2_000)
        var seeded = SeededRandom(state: 1)
        var other = SeededRandom(state: 2)
        var first = Backoff()
        var second = Backoff()
        let delays = (0..<5).map { _ in (first.failed(using: &seeded), second.failed(using: &other)) }
        #expect(delays.contains { $0.0 != $0.1 })
    }

    @Test func anySuccessResetsTheBackoff() {
        var backoff = Backoff()
        var random = SeededRandom(state: 3)
        for _ in 0..<5 { _ = backoff.failed(using: &random) }
        #expect(backoff.ceilingMilliseconds == 16_000)
        backoff.succeeded()
        #expect(backoff.failures == 0)
        let delay = backoff.failed(using: &random)
        #expect(delay >= 500 && delay <= 1_000)
    }

    @Test func aHugeFailureCountStaysAtTheCap() {
        var backoff = Backoff(baseMilliseconds: 3, capMilliseconds: 300_000)
        var random = ExtremeRandom(high: true)
        for _ in 0..<200 { _ = backoff.failed(using: &random) }
        #expect(backoff.ceilingMilliseconds == 300_000)
        #expect(backoff.failed(using: &random) == 300_000)
    }

    @Test func theTimerIsJitteredWithinItsFraction() {
        var low = ExtremeRandom(high: false)
        var high = ExtremeRandom(high: true)
        #expect(Backoff.jittered(10_000, using: &low) == 8_000)
        #expect(Backoff.jittered(10_000, using: &high) == 12_000)
    }

    @Test func progressFollowsTheRecentRate() {
        var meter = ProgressMeter(windowSeconds: 10)
        let start = meter.record(done: 0, total: 10_000, atSeconds: 100)
        #expect(start.entriesPerSecond == nil && start.secondsLeft == nil)
        #expect(start.description == "catching up: 0 of 10000 entries (0%)")
        _ = meter.record(done: 1_000, total: 10_000, atSeconds: 105)
        let estimate = meter.record(done: 2_000, total: 10_000, atSeconds: 110)
        #expect(estimate.entriesPerSecond == 200)
        #expect(estimate.secondsLeft == 40)
        #expect(estimate.description == "catching up: 2000 of 10000 entries (20%), 200/s, about 40 s left")
        // The rate now comes from the last ten seconds only: 3,000 entries in 10 s.
        _ = meter.record(done: 3_000, total: 10_000, atSeconds: 115)
        let faster = meter.record(done: 5_000, total: 10_000, atSeconds: 120)
        #expect(faster.entriesPerSecond == 300)
        let done = meter.record(done: 10_000, total: 10_000, atSeconds: 125)
        #expect(done.secondsLeft == 0)
        #expect(done.description.hasPrefix("catching up: 10000 of 10000 entries (100%)"))
    }
}
