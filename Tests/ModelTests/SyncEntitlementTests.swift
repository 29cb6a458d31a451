import Crypto
import Model
import Testing

@Suite struct SyncEntitlementTests {
    private let summary = SyncSummary(rows: [
        row("KEN", contiguous: 5), row("KEN", .members, contiguous: 3), row("TZA", .members, contiguous: 9),
    ])

    @Test func membersStreamsAreDroppedForARegionalPeer() {
        let filtered = SyncEntitlement.filter(summary, sender: .member, peer: .regional)
        #expect(filtered.rows.map(\.key.description) == ["KEN/public"])
        let request = RangeRequest(key: StreamKey(OriginID("KEN")!, .members), from: 1, limit: 3)!
        #expect(throws: SyncProblem(.notEntitled, "a regional node may not read members streams")) {
            try SyncEntitlement.check(request, sender: .member, peer: .regional)
        }
    }

    @Test func membersStreamsPassBetweenMembersAndTheCustodian() throws {
        for (sender, peer) in [
            (NodeIdentity.NodeClass.member, NodeIdentity.NodeClass.custodian), (.custodian, .member),
            (.member, .member),
        ] {
            #expect(SyncEntitlement.filter(summary, sender: sender, peer: peer) == summary)
        }
        let request = RangeRequest(key: StreamKey(OriginID("KEN")!, .members), from: 1, limit: 3)!
        try SyncEntitlement.check(request, sender: .custodian, peer: .member)
    }

    @Test func aRegionalMirrorNeverMentionsMembersStreams() {
        #expect(SyncEntitlement.filter(summary, sender: .regional, peer: .custodian).rows.count == 1)
        #expect(!SyncEntitlement.holdsMembers(.regional))
        let table = StreamName.allCases.map { stream in
            NodeIdentity.NodeClass.allCases.map { peer in
                SyncEntitlement.permits(stream, sender: .member, peer: peer)
            }
        }
        #expect(table == [[true, true, true], [true, true, false]])
    }
}
