import Crypto
import Model
import Testing

@Suite struct ChainVerifierTests {
    private func stream(_ count: Int) throws -> StreamBuilder {
        var builder = try StreamBuilder(origin: "EST")
        for index in 0..<count {
            try builder.append(record: recordID(UInt8(index)), version: 1, visibility: .public)
        }
        return builder
    }

    @Test func anIntactRunNeedsOneSignatureCheck() throws {
        let builder = try stream(50)
        let run = builder.entries[.public]!
        let verdict = ChainVerifier.verify(run, anchor: [UInt8](repeating: 0, count: 32), keys: builder.keys)
        #expect(verdict.acceptedCount == 50)
        #expect(verdict.refusal == nil)
        #expect(verdict.signatureChecks == 1)
    }

    @Test func aTamperedEntryInsideTheRunIsNamed() throws {
        let builder = try stream(10)
        var run = builder.entries[.public]!
        var bytes = run[4].bytes
        bytes[bytes.count - 70] ^= 0x80  // inside the payload
        run[4] = try SignedEntry.decode(bytes)
        let verdict = ChainVerifier.verify(run, anchor: nil, keys: builder.keys)
        #expect(verdict.acceptedCount == 4)
        #expect(verdict.refusal?.reason == .badSignature)
        #expect(verdict.refusal?.sequence == 5)
    }

    @Test func aSignedEntryThatDoesNotChainIsABrokenChain() throws {
        var builder = try stream(3)
        let run = builder.entries[.public]!
        // A validly signed fourth entry whose previous hash names something else.
        let honest = try builder.append(record: recordID(99), version: 1, visibility: .public)
        var forged = honest.envelope
        forged.previousHash = SHA256.hash([1, 2, 3])
        let fork = try SignedEntry.sign(forged, with: builder.key)
        let verdict = ChainVerifier.verify(run + [fork], anchor: nil, keys: builder.keys)
        #expect(verdict.acceptedCount == 3)
        #expect(verdict.refusal?.reason == .brokenChain)
    }

    @Test func unknownKeysMismatchedOriginsAndRevokedKeysAreRefused() throws {
        let builder = try stream(3)
        let run = builder.entries[.public]!
        let stranger = ChainVerifier.verify(run, anchor: nil) { _ in nil }
        #expect(stranger.acceptedCount == 0)
        #expect(stranger.refusal?.reason == .unknownKey)

        let elsewhere = TrustedKey(origin: OriginID("KEN")!, key: builder.key.publicKey)
        #expect(ChainVerifier.verify(run, anchor: nil) { _ in elsewhere }.refusal?.reason == .keyOriginMismatch)

        let revoked = TrustedKey(origin: builder.origin, key: builder.key.publicKey, revokedAfter: [.public: 2])
        let verdict = ChainVerifier.verify(run, anchor: nil) { _ in revoked }
        #expect(verdict.acceptedCount == 2)
        #expect(verdict.refusal?.reason == .revokedKey)
    }

    @Test func theAnchorIsChecked() throws {
        let builder = try stream(4)
        let run = Array(builder.entries[.public]![2...])
        let good = ChainVerifier.verify(run, anchor: builder.entries[.public]![1].hash, keys: builder.keys)
        #expect(good.acceptedCount == 2)
        let wrong = ChainVerifier.verify(run, anchor: builder.entries[.public]![0].hash, keys: builder.keys)
        #expect(wrong.acceptedCount == 0)
        #expect(wrong.refusal?.reason == .brokenChain)
    }
}
