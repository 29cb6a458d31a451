import Foundation
import Model
import Store

/// One pull from one peer: directory first, then summaries, then the ranges `PullPlanner` asks for, applied
/// as they come. Runs on the peer's puller thread and blocks it.
struct PullSession {
    let node: LocalNode
    let connection: PeerConnection

    /// What a pull did, for its log line.
    struct Result {
        var requests = 0
        var received = 0
        var applied = 0
        var refused = 0
    }

    /// The most range requests in one pull, so a peer that keeps answering short cannot hold a puller forever.
    static let maximumRequests = 10_000

    /// Pulls what the peer holds and this node lacks.
    /// - Throws: `SyncProblem` for a problem answer or a malformed response, `TransportError`, `NodeError`.
    func run() throws -> Result {
        let nodeClass = node.configuration.nodeClass
        let peer = connection.peer
        let scope: ReadScope = SyncEntitlement.holdsMembers(nodeClass) ? .members : .publicOnly
        let local = SyncSummary(rows: try node.store.syncSummary(scope: scope).compactMap(SummaryRow.init(held:)))
        let offered = SyncEntitlement.filter(local, sender: nodeClass, peer: peer.nodeClass)
        let answer: [UInt8]
        do {
            answer = try connection.send("POST", SyncPath.summary, body: offered.encoded())
        } catch let problem as SyncProblem where problem.code == .directoryOutdated {
            try fetchDirectory()
            return try run()
        }
        let theirs = try SyncSummary.decode(answer)
        var streams: Set<StreamName> = [.public]
        if SyncEntitlement.permits(.members, sender: peer.nodeClass, peer: nodeClass) { streams.insert(.members) }
        // TODO(#4): report planner.divergent streams and per-peer contact, lag and skew in the health status,
        // and print a catch-up progress line (ProgressMeter) for a long pull.
        var planner = PullPlanner(local: local, peer: theirs, streams: streams)
        var result = Result()
        while !planner.isFinished, result.requests < Self.maximumRequests {
            let requests = planner.nextRequests()
            if requests.isEmpty { break }
            // TODO(#4): send the planner's requests concurrently over the one connection; they go one by one.
            for request in requests {
                result.requests += 1
                let response: RangeResponse
                do {
                    response = try RangeResponse.decode(connection.send("GET", request.pathAndQuery))
                } catch {
                    planner.failed(request)
                    throw error
                }
                guard response.key == request.key, response.from == request.from else {
                    throw SyncProblem(.malformedRange, "the peer answered \(response.key) from \(response.from)")
                }
                // TODO(#4): store stubs (redacted entries) through the store; today they are skipped and the
                // entries after them wait as a gap.
                let raw = response.entries.compactMap { $0?.bytes }
                let report = try node.store.apply(raw)
                result.received += raw.count
                result.applied += report.applied
                result.refused += report.refusals.count
                planner.completed(request, received: response.items.count)
            }
        }
        return result
    }

    /// Fetches and takes the directory versions after the one held (`directory-outdated`).
    private func fetchDirectory() throws {
        let before = node.heldDirectory.number
        let body = try connection.send("GET", "\(SyncPath.directory)?after=\(before)")
        try node.liveDirectory.install(try DirectoryBundle.decode(body))
        guard node.heldDirectory.number > before else {
            throw SyncProblem(.malformedDirectory, "the peer's directory took this node no further")
        }
    }
}
