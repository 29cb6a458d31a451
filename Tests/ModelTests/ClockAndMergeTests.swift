import Model
import Testing

@Suite struct ClockAndMergeTests {
    @Test func ticksAreStrictlyIncreasingEvenWhenWallTimeStalls() {
        var clock = HybridLogicalClock()
        let first = clock.tick(wallMilliseconds: 1000)
        let second = clock.tick(wallMilliseconds: 1000)
        let third = clock.tick(wallMilliseconds: 999)
        #expect(first < second && second < third)
        #expect(third.milliseconds == 1000 && third.counter == 2)
        #expect(clock.tick(wallMilliseconds: 2000) == HLCTimestamp(milliseconds: 2000, counter: 0))
    }

    @Test func aRemoteClockMovesUsAtMostFiveMinutesAhead() {
        var clock = HybridLogicalClock()
        let wall: UInt64 = 1_000_000
        let near = clock.observe(HLCTimestamp(milliseconds: wall + 60_000, counter: 3), wallMilliseconds: wall)
        #expect(near.skewMilliseconds == 60_000 && !near.wasClamped)
        #expect(clock.last == HLCTimestamp(milliseconds: wall + 60_000, counter: 3))

        let far = clock.observe(HLCTimestamp(milliseconds: wall + 3_600_000, counter: 0), wallMilliseconds: wall)
        #expect(far.wasClamped)
        #expect(far.skewMilliseconds == 3_600_000)
        #expect(clock.last.milliseconds == wall + HybridLogicalClock.maximumForwardDrift)
    }

    @Test func highestVersionWinsAndTwiceIsOnce() throws {
        var builder = try StreamBuilder(origin: "IND")
        let v1 = try builder.append(record: recordID(1), version: 1, visibility: .public, payload: [1])
        let v2 = try builder.append(record: recordID(1), version: 2, visibility: .public, payload: [2])
        var forward = RecordTable()
        var backward = RecordTable()
        let changes = [
            forward.apply(v1.envelope), forward.apply(v2.envelope), forward.apply(v2.envelope),
            backward.apply(v2.envelope), backward.apply(v1.envelope),
        ]
        #expect(changes == [true, true, false, true, false])
        #expect(forward == backward)
        #expect(forward.rows[recordID(1)]?.payload == [2])
    }

    @Test func aMemberSeesTheLiveSideOfAVisibilityChange() {
        let tombstone = RecordHead(version: 2, isTombstone: true)
        let live = RecordHead(version: 2, isTombstone: false)
        #expect(MergeRule.visibleHead(public: tombstone, members: live) == live)
        #expect(MergeRule.visibleHead(public: live, members: tombstone) == live)
        #expect(MergeRule.visibleHead(public: RecordHead(version: 3, isTombstone: false), members: live)?.version == 3)
        #expect(MergeRule.visibleHead(public: nil, members: nil) == nil)
    }
}
