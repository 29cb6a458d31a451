import Crypto
import Foundation
import Model
import Testing

/// Checks `Protocol/vectors/entries.json`, the vectors another implementation checks itself against.
///
/// The vectors are deterministic (a fixed seed, fixed ids and clocks, Ed25519 signatures are deterministic), so
/// this test rebuilds them and compares, then checks each committed entry independently: decoding, hash,
/// signature, and every merge case. `GCSCP_WRITE_VECTORS=1 swift test --filter ProtocolVectorTests` rewrites them.
@Suite struct ProtocolVectorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/entries.json")

    @Test func theCommittedVectorsAreWhatTheCodeProduces() throws {
        let fresh = try VectorSet.build()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = try encoder.encode(fresh) + Array("\n".utf8)
        if ProcessInfo.processInfo.environment["GCSCP_WRITE_VECTORS"] == "1" {
            try Data(bytes).write(to: Self.file)
        }
        let committed = try JSONDecoder().decode(VectorSet.self, from: Data(contentsOf: Self.file))
        #expect(committed == fresh)
    }

    @Test func everyCommittedEntryVerifies() throws {
        let vectors = try JSONDecoder().decode(VectorSet.self, from: Data(contentsOf: Self.file))
        let key = try VerifyingKey(rawRepresentation: Hex.decode(vectors.key.publicKey)!)
        #expect(Hex.encode(KeyID(of: key).bytes) == vectors.key.keyID)
        for vector in vectors.entries {
            let entry = try SignedEntry.decode(Hex.decode(vector.hex)!)
            #expect(Hex.encode(entry.hash) == vector.hash, "\(vector.name)")
            #expect(Hex.encode(entry.signature) == vector.signature, "\(vector.name)")
            #expect(Hex.encode(entry.signingInput) == vector.signingInput, "\(vector.name)")
            #expect(entry.hasValidSignature(by: key), "\(vector.name)")
            #expect(EntryFields(entry.envelope) == vector.fields, "\(vector.name)")
        }
        for vector in vectors.invalid {
            let trusted = TrustedKey(origin: OriginID("KEN")!, key: key)
            let refusal: Refusal
            do {
                let entry = try SignedEntry.decode(Hex.decode(vector.hex)!)
                refusal = try #require(ChainVerifier.verifyAlone(entry) { $0 == KeyID(of: key) ? trusted : nil })
            } catch let error as EntryError {
                refusal = Refusal(malformed: error)
            }
            #expect(refusal.reason.rawValue == vector.reason, "\(vector.name)")
        }
        let byName = Dictionary(uniqueKeysWithValues: vectors.entries.map { ($0.name, $0) })
        for merge in vectors.merge {
            var tables: [StreamName: RecordTable] = [.public: RecordTable(), .members: RecordTable()]
            for name in merge.apply {
                let entry = try SignedEntry.decode(Hex.decode(byName[name]!.hex)!)
                tables[entry.envelope.stream]!.apply(entry.envelope)
            }
            #expect(MergeRow.rows(of: tables[.public]!) == merge.public, "\(merge.name)")
            #expect(MergeRow.rows(of: tables[.members]!) == merge.members, "\(merge.name)")
        }
    }
}
