import Crypto
import Model
import Testing

@Suite struct SyncMessageTests {
    @Test func aSummarySurvivesItsBytes() throws {
        let summary = SyncSummary(rows: [
            row("KEN", .members, contiguous: 4, highest: 12, gaps: [5...6, 9...11]),
            row("KEN", contiguous: 0),
            row("AU", contiguous: 3000),
        ])
        #expect(summary.rows.map(\.key.description) == ["AU/public", "KEN/public", "KEN/members"])
        let decoded = try SyncSummary.decode(summary.encoded())
        #expect(decoded == summary)
        let members = decoded.rows[2]
        let sequences: [UInt64] = [4, 5, 7, 8, 10, 12, 13]
        let held: [Bool] = sequences.map { members.holds($0) }
        #expect(held == [true, false, true, true, false, true, false])
    }

    @Test func aRowWithTooManyGapsKeepsTheFirstAndTellsOnlyTheTruth() throws {
        let gaps: [ClosedRange<UInt64>] = (UInt64(0)..<70).map { index in (2 + index * 3)...(3 + index * 3) }
        let long = row("KEN", contiguous: 1, highest: 300, gaps: gaps)
        let summary = SyncSummary(rows: [long])
        #expect(summary.rows[0].gaps.count == 64)
        #expect(summary.rows[0].highest == gaps[64].lowerBound - 1)
        #expect(try SyncSummary.decode(summary.encoded()) == summary)
    }

    @Test func aRangeResponseSurvivesItsBytes() throws {
        var stream = try StreamBuilder(origin: "KEN")
        for number in 1...3 { try stream.append(record: recordID(UInt8(number)), version: 1, visibility: .members) }
        let entries = stream.entries[.members]!
        let original = RangeResponse(
            key: StreamKey(OriginID("KEN")!, .members), from: 1,
            items: [
                .entry(entries[0].bytes), .stub(hash: entries[1].hash, previousHash: entries[0].hash),
                .entry(entries[2].bytes),
            ])
        let decoded = try RangeResponse.decode(original.encoded())
        #expect(decoded.items == original.items)
        #expect(decoded.key == original.key && decoded.from == 1)
        #expect(decoded.entries.map { $0?.envelope.sequence } == [1, nil, 3])
    }

    @Test func aPushAndItsReceiptSurviveTheirBytes() throws {
        var stream = try StreamBuilder(origin: "KEN")
        try stream.append(record: recordID(1), version: 1, visibility: .public)
        try stream.append(record: recordID(1), version: 2, visibility: .public)
        let push = PushMessage(entries: stream.entries[.public]!)
        #expect(try PushMessage.decode(push.encoded()).entries.map(\.bytes) == push.entries.map(\.bytes))
        let receipt = PushReceipt(applied: 2, duplicates: 1, refused: 0)
        #expect(try PushReceipt.decode(receipt.encoded()) == receipt)
        #expect(receipt.encoded().count == 17)
    }

    @Test func aDirectoryBundleSurvivesItsBytes() throws {
        let federation = try DirectoryFederation()
        let first = try federation.first()
        let second = try federation.next(after: first) { try $0.addNode(DirectoryFederation.node(2, .member, "KEN")) }
        let versions = DirectoryBundle.versions(after: 0, from: [first, second])
        #expect(versions == [first.bytes, second.bytes])
        #expect(DirectoryBundle.versions(after: 1, from: [first, second]) == [second.bytes])
        let bundle = DirectoryBundle(certificates: [federation.certificate.derRepresentation], versions: versions)
        let decoded = try DirectoryBundle.decode(bundle.encoded())
        #expect(decoded.versions == versions)
        #expect(try decoded.parsedCertificates().map(\.fingerprint) == [federation.certificate.fingerprint])

        var chain = federation.chain
        for version in decoded.versions {
            #expect(
                chain.accept(version, certificates: try decoded.parsedCertificates(), nowMilliseconds: federation.now)
                    == nil)
        }
        #expect(chain.current?.version.number == 2)
    }

    @Test func requestsParseFromTheirPaths() throws {
        #expect(try SyncRequest.parse(method: "GET", path: "/sync/v1/directory?after=12") == .directory(after: 12))
        #expect(try SyncRequest.parse(method: "POST", path: "/sync/v1/summary") == .summary)
        #expect(try SyncRequest.parse(method: "POST", path: "/sync/v1/push") == .push)
        let range = RangeRequest(key: StreamKey(OriginID("KEN")!, .public), from: 101, limit: 2000)!
        #expect(range.pathAndQuery == "/sync/v1/entries?origin=KEN&stream=public&from=101&limit=2000")
        #expect(try SyncRequest.parse(method: "GET", path: range.pathAndQuery) == .entries(range))
        #expect(
            try SyncRequest.parse(method: "GET", path: "/sync/v1/entries?limit=2000&from=101&stream=public&origin=KEN")
                == .entries(range))
        #expect(range.through == 2100)
    }

    @Test func aProblemIsCanonicalJSONAndReadsBack() throws {
        let problem = SyncProblem(.tooManyStreams, "the summary names 10001 streams; at most 10000")
        let json = String(decoding: problem.json, as: UTF8.self)
        #expect(
            json == #"{"code":"too-many-streams","detail":"the summary names 10001 streams; at most 10000","#
                + #""status":400,"title":"too many streams","type":"urn:gcscp:problem:too-many-streams"}"#)
        #expect(SyncProblem(json: problem.json) == problem)
        #expect(SyncProblem(json: Array("not json".utf8)) == nil)
        let quoted = SyncProblem(.malformedRequest, "a \"quote\" and a \\ and a \n")
        #expect(String(decoding: quoted.json, as: UTF8.self).contains(#""a \"quote\" and a \\ and a \u000a""#))
        #expect(SyncProblem(json: quoted.json) == quoted)
    }
}
