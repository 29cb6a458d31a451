import Model
import Testing

@Suite struct SyncPlannerTests {
    private let both: Set<StreamName> = [.public, .members]

    /// Runs the planner to the end, answering every request in full; returns the requests in the order made.
    private func drain(_ planner: inout PullPlanner) -> [[RangeRequest]] {
        var rounds: [[RangeRequest]] = []
        for _ in 0..<1000 where !planner.isFinished {
            let requests = planner.nextRequests()
            rounds.append(requests)
            for request in requests { planner.completed(request, received: request.limit) }
        }
        return rounds
    }

    @Test func onlyTheMissingRangesAreAskedForGapsFirst() {
        let local = SyncSummary(rows: [row("KEN", contiguous: 10, highest: 20, gaps: [11...12, 15...17])])
        let peer = SyncSummary(rows: [row("KEN", contiguous: 30)])
        var planner = PullPlanner(local: local, peer: peer, streams: both)
        #expect(planner.totalEntries == 2 + 3 + 10)
        let asked = drain(&planner).flatMap { $0 }.map(\.description)
        #expect(asked == ["KEN/public 11...12", "KEN/public 15...17", "KEN/public 21...30"])
        #expect(planner.receivedEntries == 15)
    }

    @Test func requestsAreBoundedPerRequestAndPerOrigin() {
        let peer = SyncSummary(rows: [
            row("KEN", contiguous: 9_000), row("TZA", contiguous: 100), row("AU", contiguous: 50),
        ])
        var planner = PullPlanner(local: SyncSummary(rows: []), peer: peer, streams: both)
        #expect(planner.totalEntries == 9_150)
        let first = planner.nextRequests()
        // Two in flight per origin at most, origins taking turns; TZA and AU have one range each.
        #expect(
            first.map(\.description)
                == ["AU/public 1...50", "KEN/public 1...2000", "TZA/public 1...100", "KEN/public 2001...4000"])
        #expect(planner.nextRequests().isEmpty)
        planner.completed(first[1], received: 2000)
        #expect(planner.nextRequests().map(\.description) == ["KEN/public 4001...6000"])
        for request in [first[0], first[2], first[3]] { planner.completed(request, received: request.limit) }
        let rest = drain(&planner).flatMap { $0 }
        #expect(rest.map(\.description) == ["KEN/public 6001...8000", "KEN/public 8001...9000"])
        #expect(planner.receivedEntries == 9_150 - 2000)
        #expect(!planner.isFinished)
    }

    @Test func aPartialAnswerIsAskedAgainFromWhereItStopped() {
        let peer = SyncSummary(rows: [row("KEN", contiguous: 3000)])
        var planner = PullPlanner(local: SyncSummary(rows: []), peer: peer, streams: both)
        let requests = planner.nextRequests()
        planner.completed(requests[0], received: 700)
        let next = planner.nextRequests().map(\.description)
        #expect(next == ["KEN/public 701...2000"])
        planner.failed(requests[1])
        #expect(planner.nextRequests().map(\.description) == ["KEN/public 2001...3000"])
        #expect(planner.receivedEntries == 700)
    }

    @Test func aPeerThatServesNothingForARangeIsNotAskedForItAgain() {
        var planner = PullPlanner(
            local: SyncSummary(rows: []), peer: SyncSummary(rows: [row("KEN", contiguous: 10)]), streams: both)
        let request = planner.nextRequests()[0]
        planner.completed(request, received: 0)
        #expect(planner.isFinished)
        #expect(planner.abandoned == [1...10])
    }

    @Test func aPeerThatIsBehindGivesNothing() {
        let local = SyncSummary(rows: [row("KEN", contiguous: 500), row("TZA", .members, contiguous: 40)])
        let peer = SyncSummary(rows: [row("KEN", contiguous: 200), row("TZA", .members, contiguous: 40)])
        var planner = PullPlanner(local: local, peer: peer, streams: both)
        #expect(planner.totalEntries == 0)
        #expect(planner.nextRequests().isEmpty)
        #expect(planner.isFinished)
        #expect(planner.divergent.isEmpty)
    }

    @Test func nothingBeyondThePeersContiguousHeadIsAskedFor() {
        let local = SyncSummary(rows: [row("KEN", contiguous: 5, highest: 50, gaps: [6...20, 30...40])])
        // The peer holds up to 25 without a gap, and more above a gap of its own.
        let peer = SyncSummary(rows: [row("KEN", contiguous: 25, highest: 90, gaps: [26...60])])
        var planner = PullPlanner(local: local, peer: peer, streams: both)
        #expect(drain(&planner).flatMap { $0 }.map(\.description) == ["KEN/public 6...20"])
    }

    @Test func streamsTheNodeDoesNotHoldAreNotPlanned() {
        let peer = SyncSummary(rows: [row("KEN", contiguous: 3), row("KEN", .members, contiguous: 3)])
        var planner = PullPlanner(local: SyncSummary(rows: []), peer: peer, streams: [.public])
        #expect(drain(&planner).flatMap { $0 }.map(\.description) == ["KEN/public 1...3"])
    }

    @Test func aHeadWithAnotherHashIsReportedAsDivergent() {
        let local = SyncSummary(rows: [row("KEN", contiguous: 8, hash: 1)])
        let peer = SyncSummary(rows: [row("KEN", contiguous: 8, hash: 2)])
        let planner = PullPlanner(local: local, peer: peer, streams: both)
        #expect(planner.divergent == [StreamKey(OriginID("KEN")!, .public)])
    }
}
