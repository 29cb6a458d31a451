/// Plans what to pull from one peer in a session: from the local summary and the peer's, the missing ranges
/// of every stream, cut into requests of at most `entriesPerRequest`, handed out a few per origin at a time.
///
/// Order: within an origin, its gaps before its tails, each in ascending sequence. A gap holds the contiguous
/// head back: entries above it were checked one signature each, cannot be served to others (peers serve only up
/// to their contiguous head), and their back link waits; one filled gap makes them all contiguous at once.
/// Ascending order then lets each range anchor on the entry just stored, so it is proved with one signature.
/// Origins take turns, at most `requestsPerOrigin` in flight each, so one busy origin cannot starve the rest.
///
/// Never asks beyond the peer's contiguous head (the peer serves only what it holds without gaps), and asks
/// nothing from a peer that is behind. A pure state machine: the session feeds it what came back.
public struct PullPlanner: Sendable {
    /// How much the planner asks for at once.
    public struct Limits: Sendable, Equatable {
        /// The most entries one request asks for.
        public var entriesPerRequest = SyncLimits.maximumRangeEntries
        /// The most requests in flight for one origin.
        public var requestsPerOrigin = 2
        /// The most requests in flight in all.
        public var requestsInFlight = 8

        /// The defaults above.
        public init() {}
    }

    /// The limits the planner works within.
    public let limits: Limits
    /// Streams whose head the peer holds at the same sequence as this node but with another hash: evidence that
    /// the origin signed two histories (or a node is broken). Nothing is pulled for them.
    public let divergent: [StreamKey]
    /// Entries the plan started with.
    public let totalEntries: UInt64
    /// Entries received so far.
    public private(set) var receivedEntries: UInt64 = 0
    /// Ranges dropped because the peer served nothing for them.
    public private(set) var abandoned: [ClosedRange<UInt64>] = []

    private var queues: [OriginID: [(key: StreamKey, range: ClosedRange<UInt64>)]] = [:]
    private var inFlight: [OriginID: Int] = [:]
    private var turn: [OriginID] = []

    /// Plans the pulls for the streams in `streams` (those this node holds and the peer may send it).
    public init(local: SyncSummary, peer: SyncSummary, streams: Set<StreamName>, limits: Limits = Limits()) {
        self.limits = limits
        let localRows = Dictionary(uniqueKeysWithValues: local.rows.map { ($0.key, $0) })
        var divergent: [StreamKey] = []
        var total: UInt64 = 0
        var gapsFirst: [OriginID: [(StreamKey, ClosedRange<UInt64>)]] = [:]
        var tails: [OriginID: [(StreamKey, ClosedRange<UInt64>)]] = [:]
        for row in peer.rows where streams.contains(row.key.stream) && row.contiguous > 0 {
            let head = row.contiguous
            guard let mine = localRows[row.key] else {
                tails[row.key.origin, default: []].append((row.key, 1...head))
                total += head
                continue
            }
            if mine.contiguous == head && mine.headHash != row.headHash { divergent.append(row.key) }
            for gap in mine.gaps where gap.lowerBound <= head {
                let range = gap.lowerBound...min(gap.upperBound, head)
                gapsFirst[row.key.origin, default: []].append((row.key, range))
                total += range.upperBound - range.lowerBound + 1
            }
            if head > mine.highest {
                tails[row.key.origin, default: []].append((row.key, (mine.highest + 1)...head))
                total += head - mine.highest
            }
        }
        self.divergent = divergent
        self.totalEntries = total
        for origin in Set(gapsFirst.keys).union(tails.keys) {
            queues[origin] = (gapsFirst[origin, default: []] + tails[origin, default: []]).map { ($0.0, $0.1) }
        }
        turn = queues.keys.sorted()
    }

    /// Whether nothing is left to ask for and nothing is in flight.
    public var isFinished: Bool { queues.values.allSatisfy(\.isEmpty) && inFlight.values.allSatisfy { $0 == 0 } }

    /// The next requests to send, within the per-origin and total limits, origins taking turns.
    public mutating func nextRequests() -> [RangeRequest] {
        var result: [RangeRequest] = []
        var flying = inFlight.values.reduce(0, +)
        var progressed = true
        while flying < limits.requestsInFlight && progressed {
            progressed = false
            for origin in turn where flying < limits.requestsInFlight {
                guard inFlight[origin, default: 0] < limits.requestsPerOrigin, var queue = queues[origin],
                    let (key, range) = queue.first
                else { continue }
                let count = min(UInt64(limits.entriesPerRequest), range.upperBound - range.lowerBound + 1)
                let request = RangeRequest(key: key, from: range.lowerBound, limit: Int(count))!
                if request.through == range.upperBound {
                    queue.removeFirst()
                } else {
                    queue[0].range = (request.through + 1)...range.upperBound
                }
                queues[origin] = queue
                inFlight[origin, default: 0] += 1
                flying += 1
                result.append(request)
                progressed = true
            }
        }
        return result
    }

    /// Records the answer to `request`: the first `received` entries of it were stored. What is missing goes
    /// back to the front of the origin's queue; a range the peer served nothing of is abandoned with this peer.
    public mutating func completed(_ request: RangeRequest, received: Int) {
        let origin = request.key.origin
        inFlight[origin] = max(0, inFlight[origin, default: 0] - 1)
        let received = min(max(received, 0), request.limit)
        receivedEntries += UInt64(received)
        guard received < request.limit else { return }
        let rest = (request.from + UInt64(received))...request.through
        if received == 0 {
            abandoned.append(rest)
        } else {
            queues[origin, default: []].insert((request.key, rest), at: 0)
        }
    }

    /// Records that `request` failed (a dropped stream, a timeout): it goes back to the front of its queue.
    public mutating func failed(_ request: RangeRequest) {
        inFlight[request.key.origin] = max(0, inFlight[request.key.origin, default: 0] - 1)
        queues[request.key.origin, default: []].insert((request.key, request.from...request.through), at: 0)
    }
}
