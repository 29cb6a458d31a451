import Crypto
import Model
import Testing

/// Every limit and rule of sync v1 breached once, each answered with its own problem code.
@Suite struct SyncLimitTests {
    private func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? SyncProblem)?.code.rawValue ?? "\(error)"
        }
    }

    @Test func aMillionOriginsAreRefusedFromTheCountHeader() {
        // Nine bytes: if the decoder read rows before weighing the count it would find the body truncated
        // (malformed-summary); refusing with too-many-streams shows it refused from the header alone.
        let claim = summaryHeader(count: 1_000_000)
        #expect(claim.count == 9)
        #expect(code { _ = try SyncSummary.decode(claim) } == "too-many-streams")
        #expect(code { _ = try SyncSummary.decode(summaryHeader(count: 10_001)) } == "too-many-streams")
        // Within the limit but more rows than the bytes can hold: refused before any row is read.
        let short = summaryHeader(count: 10_000, body: [UInt8](repeating: 0, count: 100))
        #expect(throws: SyncProblem(.malformedSummary, "the summary is shorter than the 10000 rows it announces")) {
            try SyncSummary.decode(short)
        }
    }

    @Test func summaryBreachesHaveTheirOwnCodes() {
        #expect(code { _ = try SyncSummary.decode([UInt8](repeating: 0, count: (2 << 20) + 1)) } == "body-too-large")
        #expect(code { _ = try SyncSummary.decode(Array("GCSX".utf8) + [1, 0, 0, 0, 0]) } == "malformed-summary")
        let one = SyncSummary(rows: [row("KEN", contiguous: 1, highest: 3, gaps: [2...2])]).encoded()
        var manyGaps = one
        manyGaps[manyGaps.count - 18] = 65  // the gap count's high byte: 16,641 gaps
        #expect(code { _ = try SyncSummary.decode(manyGaps) } == "too-many-gaps")
        var contradicting = one
        contradicting[contradicting.count - 1] = 9  // the gap now ends after `highest`
        #expect(code { _ = try SyncSummary.decode(contradicting) } == "malformed-summary")
        let twice = summaryHeader(count: 2, body: Array(one.dropFirst(9)) + Array(one.dropFirst(9)))
        #expect(code { _ = try SyncSummary.decode(twice) } == "malformed-summary")
        #expect(code { _ = try SyncSummary.decode(one + [0]) } == "malformed-summary")
    }

    @Test func rangeRequestBreachesHaveTheirOwnCodes() {
        func parse(_ query: String) -> String? { code { _ = try RangeRequest.parse(query: query) } }
        #expect(parse("origin=KEN&stream=public&from=1&limit=0") == "limit-out-of-range")
        #expect(parse("origin=KEN&stream=public&from=1&limit=2001") == "limit-out-of-range")
        #expect(parse("origin=KEN&stream=public&from=1&limit=ten") == "limit-out-of-range")
        #expect(parse("origin=KEN&stream=public&from=1") == "limit-out-of-range")
        #expect(parse("origin=KEN&stream=public&from=0&limit=5") == "malformed-request")
        #expect(parse("origin=KEN&stream=public&from=01&limit=5") == "malformed-request")
        #expect(parse("origin=ken&stream=public&from=1&limit=5") == "malformed-request")
        #expect(parse("origin=KEN&stream=secret&from=1&limit=5") == "malformed-request")
        #expect(parse("origin=KEN&origin=TZA&stream=public&from=1&limit=5") == "malformed-request")
        #expect(parse("origin=KEN&stream=public&from=1&limit=5&extra=1") == "malformed-request")
        #expect(parse("origin=KEN&stream=public&from=1&limit=5") == nil)
        let request = RangeRequest(key: StreamKey(OriginID("KEN")!, .public), from: 101, limit: 5)!
        #expect(code { try request.check(contiguous: 100) } == "range-beyond-head")
        #expect(code { try request.check(contiguous: 101) } == nil)
    }

    @Test func routesAndTheDirectoryGateHaveTheirOwnCodes() {
        #expect(code { _ = try SyncRequest.parse(method: "GET", path: "/sync/v2/summary") } == "not-found")
        #expect(code { _ = try SyncRequest.parse(method: "GET", path: "/sync/v1/summary") } == "malformed-request")
        #expect(
            code { _ = try SyncRequest.parse(method: "GET", path: "/sync/v1/directory?after=-1") }
                == "malformed-request")
        #expect(code { _ = try SyncRequest.parse(method: "GET", path: "/sync/v1/directory") } == "malformed-request")
        let summary = SyncRequest.summary
        #expect(code { try summary.checkDirectory(clientHeader: "4", serverVersion: 5) } == "directory-outdated")
        #expect(code { try summary.checkDirectory(clientHeader: nil, serverVersion: 5) } == "malformed-request")
        #expect(code { try summary.checkDirectory(clientHeader: "6", serverVersion: 5) } == nil)
        #expect(code { try SyncRequest.directory(after: 0).checkDirectory(clientHeader: "0", serverVersion: 5) } == nil)
        #expect(SyncProblem.Code.directoryOutdated.status == 409 && SyncProblem.Code.notEntitled.status == 403)
    }

    @Test func rangeResponseBreachesHaveTheirOwnCodes() throws {
        var header = Array("GCSR".utf8) + [1, 3] + Array("KEN".utf8) + [0] + [0, 0, 0, 0, 0, 0, 0, 1]
        #expect(code { _ = try RangeResponse.decode(header + [0, 0, 0x0F, 0xA1]) } == "range-too-large")
        #expect(code { _ = try RangeResponse.decode([UInt8](repeating: 0, count: (8 << 20) + 1)) } == "range-too-large")
        header += [0, 0, 0, 1]
        #expect(code { _ = try RangeResponse.decode(header + [2]) } == "malformed-range")

        var stream = try StreamBuilder(origin: "KEN")
        for number in 0..<2001 {
            try stream.append(record: recordID(UInt8(number % 200)), version: UInt64(number + 1), visibility: .public)
        }
        let all = stream.entries[.public]!
        #expect(code { _ = try RangeResponse.decode(response(all).encoded()) } == "range-too-large")
        #expect(code { _ = try RangeResponse.decode(response(Array(all.prefix(2000))).encoded()) } == nil)
        #expect(code { _ = try RangeResponse.decode(response([all[1]], from: 1).encoded()) } == "malformed-range")
        let otherStream = RangeResponse(
            key: StreamKey(OriginID("KEN")!, .members), from: 1, items: [.entry(all[0].bytes)])
        #expect(code { _ = try RangeResponse.decode(otherStream.encoded()) } == "malformed-range")
    }

    @Test func pushBreachesHaveTheirOwnCodes() throws {
        let tooMany = Array("GCSP".utf8) + [1, 0x01, 0x01]
        #expect(code { _ = try PushMessage.decode(tooMany) } == "push-too-large")
        #expect(code { _ = try PushMessage.decode([UInt8](repeating: 0, count: (8 << 20) + 1)) } == "body-too-large")
        #expect(code { _ = try PushMessage.decode(Array("GCSP".utf8) + [1, 0, 0]) } == "malformed-push")
        #expect(code { _ = try PushMessage.decode(Array("GCSP".utf8) + [1, 0, 1, 0, 0, 0, 1, 0]) } == "malformed-push")

        var stream = try StreamBuilder(origin: "KEN")
        try stream.append(record: recordID(1), version: 1, visibility: .members)
        let push = PushMessage(entries: stream.entries[.members]!)
        let ken = DirectoryFederation.node(2, .member, "KEN")
        let au = DirectoryFederation.node(3, .regional, "AU")
        #expect(code { try push.check(pusher: ken, server: .custodian) } == nil)
        #expect(code { try push.check(pusher: ken, server: .regional) } == "not-entitled")
        #expect(code { try push.check(pusher: au, server: .custodian) } == "not-entitled")
    }

    @Test func directoryBundleBreachesHaveTheirOwnCodes() {
        let nine = Array("GCSV".utf8) + [1, 9]
        #expect(code { _ = try DirectoryBundle.decode(nine) } == "malformed-directory")
        let manyVersions = Array("GCSV".utf8) + [1, 0, 0, 65]
        #expect(code { _ = try DirectoryBundle.decode(manyVersions) } == "malformed-directory")
        #expect(
            code { _ = try DirectoryBundle.decode([UInt8](repeating: 0, count: (8 << 20) + 1)) } == "body-too-large")
    }
}
