import Crypto
import Model
import Testing

/// Range assembly at the sender and range checks at the receiver, stubs included.
@Suite struct SyncRangeTests {
    private let zero = [UInt8](repeating: 0, count: 32)

    /// Five entries of KEN's public stream; the ones at `redacted` are held as stubs.
    private func held(redacted: Set<UInt64>) throws -> (StreamBuilder, [HeldEntry]) {
        var stream = try StreamBuilder(origin: "KEN")
        for number in 1...5 { try stream.append(record: recordID(UInt8(number)), version: 1, visibility: .public) }
        let entries = stream.entries[.public]!.map { entry in
            HeldEntry(
                sequence: entry.envelope.sequence, hash: entry.hash, previousHash: entry.envelope.previousHash,
                bytes: redacted.contains(entry.envelope.sequence) ? nil : entry.bytes)
        }
        return (stream, entries)
    }

    private func request(from: UInt64, limit: Int) -> RangeRequest {
        RangeRequest(key: StreamKey(OriginID("KEN")!, .public), from: from, limit: limit)!
    }

    @Test func stubsTravelAndAreProvedByTheEntryAfterThem() throws {
        let (stream, entries) = try held(redacted: [2, 3])
        let response = RangeResponse.assemble(request(from: 1, limit: 5), from: entries)
        #expect(response.items.map(\.isEntry) == [true, false, false, true, true])
        let received = try RangeResponse.decode(response.encoded())
        let verdict = RangeVerifier.verify(received, anchor: zero, keys: stream.keys)
        #expect(verdict == RangeVerdict(acceptedCount: 5, refusal: nil, refusedStub: nil, signatureChecks: 2))
    }

    @Test func stubsDoNotCountAgainstTheLimitAndNeverEndAResponse() throws {
        let (_, entries) = try held(redacted: [2, 3])
        // One full entry asked for: the stubs after it wait for the next request, which starts with them.
        let first = RangeResponse.assemble(request(from: 1, limit: 1), from: entries)
        #expect(first.items.count == 1)
        let second = RangeResponse.assemble(request(from: 2, limit: 1), from: Array(entries.dropFirst()))
        #expect(second.items.map(\.isEntry) == [false, false, true])
        // Entries past a gap in what the server read are not sent.
        let gapped = RangeResponse.assemble(request(from: 1, limit: 5), from: [entries[0], entries[2]])
        #expect(gapped.items.count == 1)
    }

    @Test func trailingStubsWaitForProof() throws {
        let (stream, entries) = try held(redacted: [4])
        let response = RangeResponse(
            key: StreamKey(OriginID("KEN")!, .public), from: 1,
            items: entries.prefix(4).map {
                $0.bytes.map(RangeItem.entry) ?? .stub(hash: $0.hash, previousHash: $0.previousHash)
            })
        let waiting = RangeVerifier.verify(response, anchor: zero, keys: stream.keys)
        #expect(waiting.acceptedCount == 3 && waiting.refusal == nil && waiting.refusedStub == nil)
        let proved = RangeVerifier.verify(response, anchor: zero, successor: entries[4].previousHash, keys: stream.keys)
        #expect(proved.acceptedCount == 4)
        let contradicted = RangeVerifier.verify(response, anchor: zero, successor: zero, keys: stream.keys)
        #expect(contradicted.acceptedCount == 3 && contradicted.refusedStub == 4)
    }

    @Test func aStubWithAForgedHashIsRefusedAndProvesNothing() throws {
        let (stream, entries) = try held(redacted: [])
        let entryItems = entries.map { RangeItem.entry($0.bytes!) }
        let forgedHash = RangeResponse(
            key: StreamKey(OriginID("KEN")!, .public), from: 1,
            items: [entryItems[0], .stub(hash: SHA256.hash([9]), previousHash: entries[0].hash), entryItems[2]])
        let verdict = RangeVerifier.verify(forgedHash, anchor: zero, keys: stream.keys)
        #expect(verdict.acceptedCount == 1)
        #expect(verdict.refusedStub == 2)
        let badLink = RangeResponse(
            key: StreamKey(OriginID("KEN")!, .public), from: 1,
            items: [entryItems[0], .stub(hash: entries[1].hash, previousHash: zero.map { $0 | 1 }), entryItems[2]])
        let linkVerdict = RangeVerifier.verify(badLink, anchor: zero, keys: stream.keys)
        #expect(linkVerdict.acceptedCount == 1 && linkVerdict.refusedStub == 2)
    }

    @Test func aForgedEntryAfterStubsLeavesTheStubsUnproved() throws {
        let (stream, entries) = try held(redacted: [2])
        var forged = entries[2].bytes!
        forged[forged.count - 1] ^= 1
        let response = RangeResponse(
            key: StreamKey(OriginID("KEN")!, .public), from: 1,
            items: [
                .entry(entries[0].bytes!), .stub(hash: entries[1].hash, previousHash: entries[1].previousHash),
                .entry(forged),
            ])
        let verdict = RangeVerifier.verify(response, anchor: zero, keys: stream.keys)
        #expect(verdict.acceptedCount == 1)
        #expect(verdict.refusal?.reason == .badSignature)
        #expect(verdict.refusal?.sequence == 3)
    }

    @Test func aRunOfEntriesIsProvedWithOneSignature() throws {
        let (stream, entries) = try held(redacted: [])
        let response = RangeResponse.assemble(request(from: 2, limit: 4), from: Array(entries.dropFirst()))
        let verdict = RangeVerifier.verify(response, anchor: entries[0].hash, keys: stream.keys)
        #expect(verdict == RangeVerdict(acceptedCount: 4, refusal: nil, refusedStub: nil, signatureChecks: 1))
        let unanchored = RangeVerifier.verify(response, anchor: zero, keys: stream.keys)
        #expect(unanchored.acceptedCount == 0 && unanchored.refusal?.reason == .brokenChain)
    }
}
