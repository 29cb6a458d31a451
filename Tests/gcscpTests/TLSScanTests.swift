import Foundation
import Testing

/// testssl.sh (Debian's package, written by others) scans both ports of a serving node and must find nothing
/// rated medium or higher. Each scan takes about two minutes; both run at once.
@Suite struct TLSScanTests {
    @Test(.timeLimit(.minutes(15))) func testsslFindsNothingMediumOrHigherOnEitherPort() throws {
        let program = "/usr/bin/testssl"
        try #require(FileManager.default.isExecutableFile(atPath: program), "install testssl.sh: make deps")
        let federation = try TestFederation()
        let kenya = try federation.addNode("member", "KEN")
        let server = try ServingNode(kenya)
        let portal = String(server.portalURL.dropFirst("https://".count).dropLast())
        let federationPort = try #require(server.federationAddress)

        let scans = try [("portal", portal), ("federation", federationPort)].map { name, target in
            let report = federation.folder.file("\(name).json")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = [
                "--quiet", "--color", "0", "--warnings", "off", "--add-ca", federation.rootPath, "--jsonfile",
                report, target,
            ]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            return (name, process, report)
        }
        for (name, process, report) in scans {
            process.waitUntilExit()
            let data = try Data(contentsOf: URL(fileURLWithPath: report))
            let findings = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            #expect(findings.count > 20, "\(name): testssl reported almost nothing: \(findings)")
            let serious = findings.filter { ["MEDIUM", "HIGH", "CRITICAL"].contains($0["severity"] as? String) }
            let lines = serious.map { "\($0["severity"]!) \($0["id"]!): \($0["finding"]!)" }
            #expect(serious.isEmpty, "\(name) port: \(lines.joined(separator: "; "))")
            let protocols = findings.filter { ($0["id"] as? String)?.hasPrefix("TLS1") == true }
                .map { "\($0["id"]!)=\($0["finding"]!)" }
            #expect(protocols.contains("TLS1_3=offered with final"), "\(name): \(protocols)")
        }
        #expect(server.stop() == 0)
    }
}
