import Crypto
import Foundation
import Model
import Testing

/// Checks `Protocol/vectors/directory.json`: rebuilt and compared, then each version checked on its own.
/// `GCSCP_WRITE_VECTORS=1 swift test --filter DirectoryVectorTests` rewrites it.
@Suite struct DirectoryVectorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/directory.json")

    @Test func theCommittedVectorsAreWhatTheCodeProduces() throws {
        let fresh = try DirectoryVectorSet.build()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = try encoder.encode(fresh) + Array("\n".utf8)
        if ProcessInfo.processInfo.environment["GCSCP_WRITE_VECTORS"] == "1" {
            try Data(bytes).write(to: Self.file)
        }
        let committed = try JSONDecoder().decode(DirectoryVectorSet.self, from: Data(contentsOf: Self.file))
        #expect(committed == fresh)
        let page = try String(
            contentsOf: Self.file.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("directory.md"), encoding: .utf8)
        #expect(markdownBlocks("hex", in: page) == [fresh.versions[0].hex])
    }

    @Test func everyCommittedVersionChainsAndEveryInvalidOneIsRefused() throws {
        let vectors = try JSONDecoder().decode(DirectoryVectorSet.self, from: Data(contentsOf: Self.file))
        let key = try VerifyingKey(rawRepresentation: Hex.decode(vectors.directoryKey.publicKey)!)
        var held: [SignedDirectoryVersion] = []
        for vector in vectors.versions {
            let version = try SignedDirectoryVersion.decode(Hex.decode(vector.hex)!)
            #expect(Hex.encode(version.hash) == vector.hash, "\(vector.name)")
            #expect(Hex.encode(version.signature) == vector.signature, "\(vector.name)")
            #expect(DirectoryVectorSet.VersionFields(version.version) == vector.fields, "\(vector.name)")
            #expect(
                DirectoryChain.checkLink(
                    version, after: held.last, key: key, nowMilliseconds: vectors.checkedAtMilliseconds)
                    == nil, "\(vector.name)")
            held.append(version)
        }
        for vector in vectors.invalid {
            let refusal: DirectoryRefusal?
            do {
                let version = try SignedDirectoryVersion.decode(Hex.decode(vector.hex)!)
                refusal = DirectoryChain.checkLink(
                    version, after: vector.held == 0 ? nil : held[vector.held - 1], key: key,
                    nowMilliseconds: vectors.checkedAtMilliseconds)
            } catch {
                refusal = error
            }
            #expect(refusal?.reason.rawValue == vector.reason, "\(vector.name)")
        }
    }
}
