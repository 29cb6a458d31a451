import Crypto
import Foundation
import Model
import Store
import Transport

/// Sync protocol v1 on the federation port (`Protocol/sync.md`): directory, summary, entries and push.
///
/// On every request the peer is looked up by its TLS certificate's key hash in the current directory (TLS
/// session resumption does not present the certificate again); the class found there alone decides what this
/// node may mention to it. Runs on the server's worker pool, so the store's blocking reads are allowed here.
struct SyncRoutes: Sendable {
    let node: LocalNode
    let logger: Logger

    /// A store failure: the peer learns only that the server failed.
    static let serverFailure = SyncProblem.Code("server-failure", status: 500)

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        do {
            return try respond(request)
        } catch {
            let peer = request.connection.peerIdentity?.code ?? "?"
            logger.info("sync request refused", ["peer.code": peer, "sync.problem": error.code.rawValue])
            var response = HTTPResponse(status: HTTPStatus(code: error.code.status), body: error.json)
            response.headers.replaceOrAdd(name: "Content-Type", value: SyncProblem.mediaType)
            return response
        }
    }

    private func respond(_ request: HTTPRequest) throws(SyncProblem) -> HTTPResponse {
        var held = node.heldDirectory
        if let header = request.headers[SyncPath.directoryHeader], let client = UInt64(header), client > held.number {
            // The client is ahead: versions written to the folder since the last look may catch this node up.
            // TODO(#4): fetch the directory from a client that is ahead, as Protocol/sync.md asks.
            if (try? node.liveDirectory.refresh()) == true { held = node.heldDirectory }
        }
        guard let directory = held.current, let hash = request.connection.peerCertificate?.publicKeyHash else {
            throw SyncProblem(.unknownPeer, "this node holds no directory version yet")
        }
        // TODO(#4): close the live connections of a peer the directory stops listing at once; today each of its
        // requests is refused from the moment this node holds that version.
        let peer = try SyncEntitlement.peer(tlsKeyHash: hash, in: directory.version)
        let parsed = try SyncRequest.parse(method: request.method, path: request.target)
        try parsed.checkDirectory(
            clientHeader: request.headers[SyncPath.directoryHeader], serverVersion: directory.version.number)
        switch parsed {
        case .directory(let after):
            return Self.binary(held.bundle(after: after).encoded())
        case .summary:
            _ = try SyncSummary.decode(request.body)
            return Self.binary(try summary(for: peer).encoded())
        case .entries(let range):
            return Self.binary(try entries(range, for: peer).encoded())
        case .push:
            return Self.binary(try push(request.body, from: peer).encoded())
        }
    }

    /// What the peer may read: members streams only when both this node and the peer may hold them.
    func scope(for peer: DirectoryNode) -> ReadScope {
        SyncEntitlement.permits(.members, sender: node.configuration.nodeClass, peer: peer.nodeClass)
            ? .members : .publicOnly
    }

    /// This node's summary, filtered for the peer's class.
    func summary(for peer: DirectoryNode) throws(SyncProblem) -> SyncSummary {
        let held = try Self.store { () throws(StoreError) in try node.store.syncSummary(scope: scope(for: peer)) }
        let summary = SyncSummary(rows: held.compactMap(SummaryRow.init(held:)))
        return SyncEntitlement.filter(summary, sender: node.configuration.nodeClass, peer: peer.nodeClass)
    }

    private func entries(_ range: RangeRequest, for peer: DirectoryNode) throws(SyncProblem) -> RangeResponse {
        try SyncEntitlement.check(range, sender: node.configuration.nodeClass, peer: peer.nodeClass)
        let scope = scope(for: peer)
        let heads = try Self.store { () throws(StoreError) in try node.store.streamHeads(scope: scope) }
        let head = heads.first { $0.origin == range.key.origin && $0.stream == range.key.stream }
        let contiguous = head?.contiguous ?? 0
        try range.check(contiguous: contiguous)
        let count = min(RangeResponse.readCount(for: range), Store.maximumRangeCount)
        let stored = try Self.store { () throws(StoreError) in
            try node.store.entries(
                origin: range.key.origin, stream: range.key.stream, sequences: range.from...contiguous, limit: count,
                byteLimit: SyncLimits.maximumRangeBytes, scope: scope)
        }
        let held = stored.map {
            HeldEntry(sequence: $0.sequence, hash: $0.hash, previousHash: $0.previousHash, bytes: $0.bytes)
        }
        return RangeResponse.assemble(range, from: held)
    }

    private func push(_ body: [UInt8], from peer: DirectoryNode) throws(SyncProblem) -> PushReceipt {
        let message = try PushMessage.decode(body)
        try message.check(pusher: peer, server: node.configuration.nodeClass)
        let report = try Self.store { () throws(StoreError) in try node.store.apply(message.entries.map(\.bytes)) }
        if !report.refusals.isEmpty {
            logger.info(
                "pushed entries refused",
                [
                    "peer.code": peer.code.code, "sync.refused": "\(report.refusals.count)",
                    "sync.reason": report.refusals[0].reason.rawValue,
                ])
        }
        return PushReceipt(
            applied: UInt32(report.applied), duplicates: UInt32(report.duplicates),
            refused: UInt32(report.refusals.count))
    }

    private static func store<T>(_ body: () throws(StoreError) -> T) throws(SyncProblem) -> T {
        do { return try body() } catch {
            throw SyncProblem(serverFailure, "the server could not read or write its store")
        }
    }

    private static func binary(_ bytes: [UInt8]) -> HTTPResponse {
        var response = HTTPResponse(status: .ok, body: bytes)
        response.headers.replaceOrAdd(name: "Content-Type", value: SyncPath.mediaType)
        return response
    }
}

extension SummaryRow {
    /// The row for what a store holds of one stream; nil when the store's state contradicts itself.
    init?(held: StreamSummary) {
        self.init(
            key: StreamKey(held.origin, held.stream), contiguous: held.contiguous, headHash: held.headHash,
            highest: held.highest, gaps: held.gaps)
    }
}
