import Crypto
import Foundation
import Model
import Node
import Testing

/// Sync protocol v1 served by `gcscp serve`, asked over mutual TLS and HTTP/2 by the Transport's client.
@Suite(.serialized) struct SyncServeTests {
    @Test func theServerAnswersEachPeerAsItsDirectoryClassEntitles() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let union = try federation.addNode("regional", "AU")
        let outsider = try federation.addNode("member", "FRA")
        try federation.list(kenya)
        try federation.list(union)
        try federation.put(federation.custodian, visibility: "public", text: "open to all")
        try federation.put(federation.custodian, visibility: "members", text: "for states")
        let server = try ServingNode(federation.custodian)
        let address = try #require(server.federationAddress)
        let member = try SyncClient(from: kenya, to: address)
        let regional = try SyncClient(from: union, to: address)

        // Directory first: a client behind is sent to fetch it, and gets every version after its own.
        let outdated = try member.send("POST", SyncPath.summary, directory: 0, body: SyncSummary(rows: []).encoded())
        #expect(outdated.status == 409)
        #expect(SyncClient.problem(outdated.body) == "directory-outdated")
        let directory = try member.send("GET", "\(SyncPath.directory)?after=1", directory: 1)
        #expect(directory.status == 200)
        let bundle = try DirectoryBundle.decode(directory.body)
        #expect(bundle.versions.count == 2)
        #expect(bundle.certificates.count == 1)

        // A member sees both streams of the custodian; a regional mirror is never told of the members one.
        let memberRows = try summary(member)
        #expect(memberRows.map(\.key.description) == ["UNODA/public", "UNODA/members"])
        #expect(memberRows.map(\.contiguous) == [1, 1])
        let regionalRows = try summary(regional)
        #expect(regionalRows.map(\.key.description) == ["UNODA/public"])

        let range = try member.send("GET", entries("UNODA", "members", from: 1, limit: 10), directory: 3)
        #expect(range.status == 200)
        let response = try RangeResponse.decode(range.body)
        #expect(response.items.count == 1)
        #expect(try #require(response.entries.first ?? nil).envelope.origin == OriginID("UNODA"))
        let refused = try regional.send("GET", entries("UNODA", "members", from: 1, limit: 10), directory: 3)
        #expect(refused.status == 403)
        #expect(SyncClient.problem(refused.body) == "not-entitled")
        #expect(!String(decoding: refused.body, as: UTF8.self).contains("UNODA"))

        // Limits and malformed requests are problems with their own codes; the server keeps serving.
        let beyond = try member.send("GET", entries("UNODA", "public", from: 2, limit: 10), directory: 3)
        #expect(beyond.status == 400)
        #expect(SyncClient.problem(beyond.body) == "range-beyond-head")
        let absurd = try member.send("GET", entries("UNODA", "public", from: 1, limit: 2001), directory: 3)
        #expect(SyncClient.problem(absurd.body) == "limit-out-of-range")
        let million = [UInt8]("GCSS".utf8) + [1, 0x00, 0x0f, 0x42, 0x40]
        let flood = try member.send("POST", SyncPath.summary, directory: 3, body: million)
        #expect(SyncClient.problem(flood.body) == "too-many-streams")
        #expect(SyncClient.problem(try member.send("GET", "/sync/v1/nothing", directory: 3).body) == "not-found")
        let headerless = try member.send(
            "POST", SyncPath.summary, directory: nil, body: SyncSummary(rows: []).encoded())
        #expect(SyncClient.problem(headerless.body) == "malformed-request")

        // A certificate of this federation whose key the directory does not list is an unknown peer.
        let stranger = try SyncClient(from: outsider, to: address)
        let unknown = try stranger.send("GET", "\(SyncPath.directory)?after=0", directory: 0)
        #expect(unknown.status == 403)
        #expect(SyncClient.problem(unknown.body) == "unknown-peer")
        #expect(try summary(member).count == 2)
        #expect(server.stop() == 0)
    }

    @Test func aMemberPushesItsOwnEntriesAndNoOneElses() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let estonia = try federation.addNode("member", "EST")
        try federation.list(kenya)
        try federation.list(estonia)
        let written = try federation.writeEntries(kenya)
        let server = try ServingNode(federation.custodian)
        let address = try #require(server.federationAddress)

        let kenyan = try SyncClient(from: kenya, to: address)
        let push = PushMessage(entries: written)
        let receipt = try kenyan.send("POST", SyncPath.push, directory: 3, body: push.encoded())
        #expect(receipt.status == 200)
        #expect(try PushReceipt.decode(receipt.body) == PushReceipt(applied: 2, duplicates: 0, refused: 0))
        let again = try kenyan.send("POST", SyncPath.push, directory: 3, body: push.encoded())
        #expect(try PushReceipt.decode(again.body) == PushReceipt(applied: 0, duplicates: 2, refused: 0))
        let rows = try summary(kenyan).filter { $0.key.origin == OriginID("KEN") }
        #expect(rows.map(\.contiguous) == [1, 1])

        let estonian = try SyncClient(from: estonia, to: address)
        let relayed = try estonian.send("POST", SyncPath.push, directory: 3, body: push.encoded())
        #expect(relayed.status == 403)
        #expect(SyncClient.problem(relayed.body) == "not-entitled")
        #expect(server.stop() == 0)
    }

    private func summary(_ client: SyncClient) throws -> [SummaryRow] {
        let answer = try client.send("POST", SyncPath.summary, directory: 3, body: SyncSummary(rows: []).encoded())
        guard answer.status == 200 else {
            throw TestFailure("summary: \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
        }
        return try SyncSummary.decode(answer.body).rows
    }

    private func entries(_ origin: String, _ stream: String, from: Int, limit: Int) -> String {
        "\(SyncPath.entries)?origin=\(origin)&stream=\(stream)&from=\(from)&limit=\(limit)"
    }
}

extension TestFederation {
    /// Lists a node in the custodian's directory with its certificate and signing key.
    func list(_ node: String, endpoint: String? = nil) throws {
        let code = URL(fileURLWithPath: node).lastPathComponent
        let publicKey = folder.file("\(code).pub")
        let key = try ProgramRunner.run(["key", "show", "--dir", node])
        try key.output.write(toFile: publicKey, atomically: true, encoding: .utf8)
        let added = try ProgramRunner.run(
            ["directory", "add", "--dir", custodian, "--cert", folder.file("\(code).pem"), "--signing-key", publicKey]
                + (endpoint.map { ["--endpoint", $0] } ?? []))
        guard added.status == 0 else { throw TestFailure("directory add \(code): \(added.errors)") }
    }

    /// Writes a record with `gcscp record put`.
    func put(_ node: String, visibility: String, text: String) throws {
        let result = try ProgramRunner.run(
            ["record", "put", "--dir", node, "--type", "note/1", "--visibility", visibility], input: text)
        guard result.status == 0 else { throw TestFailure("record put: \(result.errors)") }
    }

    /// Writes a public and a members record in `node`'s own store (not served) and returns their entries.
    func writeEntries(_ node: String) throws -> [SignedEntry] {
        let local = try LocalNode(directory: NodeDirectory(path: node))
        var entries: [SignedEntry] = []
        for visibility in [Visibility.public, .members] {
            let result = try local.store.write(
                type: RecordType("note/1")!, id: RecordID.generate(milliseconds: DirectoryClock.now()),
                visibility: visibility, payload: Array("x".utf8))
            entries += try result.entries.map { try SignedEntry.decode($0.bytes!) }
        }
        return entries
    }
}
