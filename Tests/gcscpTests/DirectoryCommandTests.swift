import Crypto
import Foundation
import Model
import Node
import Store
import Synchronization
import Testing

/// `gcscp directory` and `gcscp key` on real node folders: versions chain, nodes refuse what does not.
@Suite struct DirectoryCommandTests {
    @Test func theCustodianListsItselfAndAddsShowsAndRevokesNodes() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let custodian = NodeDirectory(path: federation.custodian)
        let keyMode = try FileManager.default.attributesOfItem(atPath: custodian.directoryKeyPath)[.posixPermissions]
        #expect(keyMode as? Int == 0o600)
        #expect(try showJSON(federation.custodian)["version"] as? Int == 1)

        try listNode(federation, kenya, endpoint: "127.0.0.1:7001")
        let listed = try showJSON(federation.custodian)
        #expect(listed["version"] as? Int == 2)
        let nodes = try #require(listed["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["code"] as? String } == ["UNODA", "KEN"])
        #expect(nodes.map { $0["class"] as? String } == ["custodian", "member"])
        #expect(nodes[1]["endpoints"] as? [String] == ["127.0.0.1:7001"])
        let kenyaKey = try NodeDirectory(path: kenya).loadSigningKey().publicKey
        let keys = try #require(nodes[1]["signingKeys"] as? [[String: Any]])
        #expect(keys.first?["keyID"] as? String == KeyID(of: kenyaKey).description)

        let again = try ProgramRunner.run(
            [
                "directory", "add", "--dir", federation.custodian, "--cert", federation.folder.file("KEN.pem"),
                "--signing-key", federation.folder.file("KEN.pub"),
            ])
        #expect(again.status == 1)
        #expect(again.errors.contains("already listed"))

        try succeed(
            [
                "directory", "revoke", "--dir", federation.custodian, "--code", "KEN", "--after-public", "3",
                "--after-members", "5",
            ])
        let revoked = try #require(try showJSON(federation.custodian)["nodes"] as? [[String: Any]])
        #expect(revoked[1]["revoked"] as? Bool == true)
        let watermarks = (revoked[1]["signingKeys"] as? [[String: Any]])?.first?["revokedAfter"] as? [String: Int]
        #expect(watermarks == ["public": 3, "members": 5])
        let text = try succeed(["directory", "show", "--dir", federation.custodian])
        #expect(text.contains("Directory version 3"))
        #expect(text.contains("2 member KEN 127.0.0.1:7001 (revoked)"))
    }

    @Test func aMemberTakesTheChainAndTrustsItsKeysWithWatermarks() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let estonia = try federation.addNode("member", "EST")
        try listNode(federation, kenya, endpoint: nil)
        try listNode(federation, estonia, endpoint: "127.0.0.1:7002")
        try succeed(["directory", "revoke", "--dir", federation.custodian, "--code", "EST", "--after-public", "7"])
        let bundle = federation.folder.file("directory.bin")
        try succeed(["directory", "export", "--dir", federation.custodian, "--out", bundle])

        let taken = try succeed(["directory", "install", "--dir", kenya, bundle])
        #expect(taken.contains("Took 4 directory version(s); this node holds version 4."))
        let twice = try succeed(["directory", "install", "--dir", kenya, bundle])
        #expect(twice.contains("Took 0 directory version(s)"))
        #expect(try showJSON(kenya)["hash"] as? String == (try showJSON(federation.custodian)["hash"] as? String))

        // Opening the node trusts every key the directory lists, the revoked one with its watermarks.
        let node = try LocalNode(directory: NodeDirectory(path: kenya))
        let trusted = try node.store.trustedKeys()
        let estoniaKey = try NodeDirectory(path: estonia).loadSigningKey().publicKey
        let entry = try #require(trusted.first { $0.key == estoniaKey })
        #expect(entry.origin == OriginID("EST"))
        #expect(entry.revokedAfter == [.public: 7, .members: 0])
        #expect(trusted.contains { $0.origin == OriginID("UNODA") && $0.revokedAfter == nil })
        #expect(node.heldDirectory.number == 4)
    }

    @Test func aVersionThatDoesNotChainIsRefusedAndChangesNothing() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        try listNode(federation, kenya, endpoint: nil)
        let bundle = federation.folder.file("directory.bin")
        try succeed(["directory", "export", "--dir", federation.custodian, "--out", bundle])
        try succeed(["directory", "install", "--dir", kenya, bundle])

        // Version 3, signed with the real directory key, but naming another previous hash.
        let custodian = NodeDirectory(path: federation.custodian)
        let held = try custodian.loadDirectory()
        let key = try SigningKey(
            pemRepresentation: try String(contentsOfFile: custodian.directoryKeyPath, encoding: .utf8))
        var forged = try #require(held.current).successor(issuedAtMilliseconds: DirectoryClock.now())
        forged.previousHash = [UInt8](repeating: 7, count: 32)
        let signed = try SignedDirectoryVersion.sign(forged, with: key)
        let forgedPath = federation.folder.file("forged.bin")
        let forgedBundle = DirectoryBundle(
            certificates: held.certificates.map(\.derRepresentation), versions: [signed.bytes])
        FileManager.default.createFile(atPath: forgedPath, contents: Data(forgedBundle.encoded()))

        let refused = try ProgramRunner.run(["directory", "install", "--dir", kenya, forgedPath])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("directory-not-chained"), "\(refused.errors)")
        #expect(try showJSON(kenya)["version"] as? Int == 2)

        // A directory from another federation's custodian is not certified by this root.
        let stranger = try TestFederation()
        let strangerBundle = stranger.folder.file("directory.bin")
        try succeed(["directory", "export", "--dir", stranger.custodian, "--out", strangerBundle])
        let fresh = try federation.addNode("member", "EST")
        let foreign = try ProgramRunner.run(["directory", "install", "--dir", fresh, strangerBundle])
        #expect(foreign.status == 1)
        #expect(foreign.errors.contains("directory-key-not-certified"), "\(foreign.errors)")
        #expect(try showJSON(fresh)["version"] as? Int == 0)
    }

    @Test func twoEditsRacingForOneNumberLeaveOneChain() throws {
        let federation = try TestFederation()
        let custodian = NodeDirectory(path: federation.custodian)
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let port = UInt16(7000 + index)
            do {
                try custodian.publishDirectory { (version) throws(DirectoryEditError) in
                    try version.updateEndpoints(ofNode: 1, to: [Model.Endpoint(host: "127.0.0.1", port: port)!])
                }
                outcomes.add(true)
            } catch {
                outcomes.add(false)
            }
        }
        let published = outcomes.values.filter { $0 }.count
        #expect(published >= 1)
        // Whatever raced, the folder holds one chain that every node accepts.
        let held = try custodian.loadDirectory()
        #expect(held.number == UInt64(1 + published))
    }

    private func listNode(_ federation: TestFederation, _ node: String, endpoint: String?) throws {
        let code = URL(fileURLWithPath: node).lastPathComponent
        let publicKey = federation.folder.file("\(code).pub")
        try succeed(["key", "show", "--dir", node]).write(toFile: publicKey, atomically: true, encoding: .utf8)
        try succeed(
            [
                "directory", "add", "--dir", federation.custodian, "--cert", federation.folder.file("\(code).pem"),
                "--signing-key", publicKey,
            ] + (endpoint.map { ["--endpoint", $0] } ?? []))
    }

    @discardableResult
    private func succeed(_ arguments: [String]) throws -> String {
        let result = try ProgramRunner.run(arguments)
        guard result.status == 0 else {
            throw TestFailure("gcscp \(arguments.prefix(2).joined(separator: " ")) failed: \(result.errors)")
        }
        return result.output
    }

    private func showJSON(_ node: String) throws -> [String: Any] {
        let text = try succeed(["directory", "show", "--dir", node, "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}

/// Results gathered from concurrent work.
final class Outcomes: Sendable {
    private let storage = Mutex<[Bool]>([])
    func add(_ value: Bool) { storage.withLock { $0.append(value) } }
    var values: [Bool] { storage.withLock { $0 } }
}
