import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `gcscp serve` nodes as separate processes replicating over mutual TLS on loopback.
@Suite(.serialized) struct ReplicationTests {
    @Test func membersConvergeAndAMirrorGetsPublicRecordsOnly() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let estonia = try federation.addNode("member", "EST")
        let custodianPort = try federation.fixFederationPort(federation.custodian)
        let endpoint = "127.0.0.1:\(custodianPort)"
        let listed = try ProgramRunner.run(
            ["directory", "endpoint", "--dir", federation.custodian, "--code", "UNODA", "--endpoint", endpoint])
        #expect(listed.status == 0, "\(listed.errors)")
        for node in [kenya, estonia] {
            try federation.list(node, endpoint: "127.0.0.1:\(try federation.fixFederationPort(node))")
        }
        try federation.shareDirectory(with: [kenya, estonia])
        let members = [federation.custodian, kenya, estonia]
        for node in members {
            try federation.put(node, visibility: "public", text: "public from \(node)")
            try federation.put(node, visibility: "members", text: "members from \(node)")
        }

        let servers = try members.map { try ServingNode($0) }
        let everyStream = Set(["UNODA", "KEN", "EST"].flatMap { ["\($0)/public", "\($0)/members"] })
        for node in members {
            let streams = try waitForStreams(node, toBe: everyStream)
            #expect(streams == everyStream, "\(node): \(streams)")
        }
        #expect(servers[1].waitForLog("pull finished", "peer.code=UNODA"), "\(servers[1].log)")

        // A regional mirror joins: it learns public records only, and holds no member-only database.
        let mirror = try federation.addNode("regional", "AU")
        try federation.list(mirror, endpoint: "127.0.0.1:\(try federation.fixFederationPort(mirror))")
        try federation.shareDirectory(with: [mirror])
        let mirrorServer = try ServingNode(mirror)
        let publicStreams = Set(["UNODA", "KEN", "EST"].map { "\($0)/public" })
        let mirrored = try waitForStreams(mirror, toBe: publicStreams)
        #expect(mirrored == publicStreams)
        #expect(!FileManager.default.fileExists(atPath: "\(mirror)/data/members.sqlite"))
        #expect(!mirrorServer.log.contains("members"), "\(mirrorServer.log)")
        // The members learn the version that lists the mirror from their peers, directory first.
        #expect(try waitForDirectory(kenya, version: 5) == 5)
        #expect(servers[1].waitForLog("pull finished", "peer.code=AU"), "\(servers[1].log)")
        #expect(mirrorServer.stop() == 0)
        for server in servers { #expect(server.stop() == 0) }
    }

    @Test func aRevokedMemberIsDroppedByItsPeersAndRefusedByTheCustodian() throws {
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let estonia = try federation.addNode("member", "EST")
        let custodianPort = try federation.fixFederationPort(federation.custodian)
        let listed = try ProgramRunner.run(
            [
                "directory", "endpoint", "--dir", federation.custodian, "--code", "UNODA", "--endpoint",
                "127.0.0.1:\(custodianPort)",
            ])
        #expect(listed.status == 0, "\(listed.errors)")
        for node in [kenya, estonia] {
            try federation.list(node, endpoint: "127.0.0.1:\(try federation.fixFederationPort(node))")
        }
        try federation.shareDirectory(with: [kenya, estonia])
        let servers = try [federation.custodian, kenya, estonia].map { try ServingNode($0) }
        #expect(servers[1].waitForLog("pull finished", "peer.code=EST"), "\(servers[1].log)")

        let revoked = try ProgramRunner.run(["directory", "revoke", "--dir", federation.custodian, "--code", "EST"])
        #expect(revoked.status == 0, "\(revoked.errors)")
        // Kenya fetches the new version from the custodian and stops pulling from Estonia.
        #expect(try waitForDirectory(kenya, version: 5) == 5)
        #expect(servers[1].waitForLog("peer revoked", "peer.code=EST", timeout: 30), "\(servers[1].log)")
        // Estonia's own requests are refused as those of an unknown peer.
        #expect(
            servers[0].waitForLog("sync request refused", "peer.code=EST", "unknown-peer", timeout: 30),
            "\(servers[0].log)")
        for server in servers { #expect(server.stop() == 0) }
    }

    /// Polls `gcscp directory show --json` (at most 30 s) until the node holds `version`; returns the last seen.
    private func waitForDirectory(_ node: String, version: Int) throws -> Int {
        let deadline = Date().addingTimeInterval(30)
        var held = 0
        repeat {
            let shown = try ProgramRunner.run(["directory", "show", "--dir", node, "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any]
            held = object?["version"] as? Int ?? 0
            if held >= version { return held }
            usleep(200_000)
        } while Date() < deadline
        return held
    }

    /// Polls `gcscp status --json` (at most 60 s) until the node holds entry 1 of exactly `expected` streams
    /// (as "ORIGIN/stream") contiguously; returns the streams it holds last.
    private func waitForStreams(_ node: String, toBe expected: Set<String>) throws -> Set<String> {
        let deadline = Date().addingTimeInterval(60)
        var held: Set<String> = []
        repeat {
            let status = try ProgramRunner.run(["status", "--dir", node, "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any]
            let streams = object?["streams"] as? [[String: Any]] ?? []
            held = Set(
                streams.compactMap { stream -> String? in
                    guard (stream["contiguous"] as? Int ?? 0) >= 1 else { return nil }
                    return "\(stream["origin"] as? String ?? "?")/\(stream["stream"] as? String ?? "?")"
                })
            if held == expected { return held }
            usleep(200_000)
        } while Date() < deadline
        return held
    }
}

extension TestFederation {
    /// Gives the node a fixed federation port (a free one, found now) and a 200 ms pull interval; returns the
    /// port, which the directory then lists.
    func fixFederationPort(_ node: String) throws -> UInt16 {
        let port = try Self.freePort()
        let path = "\(node)/gcscp.conf"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        guard let section = text.range(of: "[federation]"),
            let listen = text.range(of: "listen = \"127.0.0.1:0\"", range: section.upperBound..<text.endIndex),
            let interval = text.range(of: "sync_interval_ms = 1000")
        else { throw TestFailure("\(path) has no federation listen line or pull interval") }
        text.replaceSubrange(interval, with: "sync_interval_ms = 200")
        text.replaceSubrange(listen, with: "listen = \"127.0.0.1:\(port)\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return port
    }

    /// Exports the custodian's directory and installs it on each node.
    func shareDirectory(with nodes: [String]) throws {
        let bundle = folder.file("directory-\(UUID().uuidString).bin")
        let exported = try ProgramRunner.run(["directory", "export", "--dir", custodian, "--out", bundle])
        guard exported.status == 0 else { throw TestFailure("directory export: \(exported.errors)") }
        for node in nodes {
            let installed = try ProgramRunner.run(["directory", "install", "--dir", node, bundle])
            guard installed.status == 0 else { throw TestFailure("directory install: \(installed.errors)") }
        }
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    static func freePort() throws -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("no socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw TestFailure("could not bind a free port") }
        return UInt16(bigEndian: address.sin_port)
    }
}
