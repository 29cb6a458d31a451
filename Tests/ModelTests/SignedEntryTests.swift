import Crypto
import Model
import Testing

@Suite struct SignedEntryTests {
    @Test func decodeGivesBackWhatWasSigned() throws {
        var builder = try StreamBuilder(origin: "KEN")
        let entry = try builder.append(record: recordID(1), version: 1, visibility: .members, payload: [1, 2, 3])
        let decoded = try SignedEntry.decode(entry.bytes)
        #expect(decoded.envelope == entry.envelope)
        #expect(decoded.envelope.stream == .members)
        #expect(decoded.envelope.sequence == 1)
        #expect(decoded.hasValidSignature(by: builder.key.publicKey))
        #expect(decoded.hash == SHA256.hash(entry.bytes))
        #expect(Array(decoded.signature).count == 64)
    }

    @Test func everyTruncationIsMalformed() throws {
        var builder = try StreamBuilder(origin: "KEN")
        let entry = try builder.append(record: recordID(1), version: 1, visibility: .public)
        for length in 0..<entry.bytes.count {
            #expect(throws: EntryError.self, "length \(length)") {
                try SignedEntry.decode(Array(entry.bytes.prefix(length)))
            }
        }
        #expect(throws: EntryError.self) { try SignedEntry.decode(entry.bytes + [0]) }
    }

    @Test func aFlippedByteAnywhereIsRefused() throws {
        var builder = try StreamBuilder(origin: "KEN")
        let entry = try builder.append(record: recordID(1), version: 1, visibility: .public)
        for index in entry.bytes.indices {
            var bytes = entry.bytes
            bytes[index] ^= 0x01
            guard let decoded = try? SignedEntry.decode(bytes) else { continue }
            let refusal = ChainVerifier.verifyAlone(decoded, keys: builder.keys)
            #expect(refusal != nil, "byte \(index) flipped was accepted")
        }
    }

    @Test func streamMustMatchVisibilityAndTombstonesAreEmpty() throws {
        var builder = try StreamBuilder(origin: "KEN")
        let entry = try builder.append(record: recordID(1), version: 1, visibility: .public)
        let visibilityOffset = entry.bytes.count - 64 - 4 - entry.envelope.payload.count - 8 - 8 - 32 - 2
        var bytes = entry.bytes
        #expect(bytes[visibilityOffset] == Visibility.public.rawValue)
        bytes[visibilityOffset] = Visibility.members.rawValue
        #expect(throws: EntryError.self) { try SignedEntry.decode(bytes) }
    }

    @Test func textFormsRoundTrip() throws {
        let id = RecordID.generate(milliseconds: 1_767_225_600_000)
        #expect(RecordID(id.description) == id)
        #expect(id.description.count == 36)
        #expect(id.bytes[6] >> 4 == 7)
        #expect(RecordType("incident/2")?.version == 2)
        #expect(RecordType("Incident/2") == nil)
        #expect(OriginID("kenya") == nil)
        #expect(OriginID("UNODA")?.code == "UNODA")
        #expect(Visibility("") == nil)
        #expect(Visibility("secret") == nil)
        #expect(RecordID.generate(milliseconds: 1) < RecordID.generate(milliseconds: 2))
    }
}
