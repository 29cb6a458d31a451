import Foundation
import Testing

@Suite struct NodeFolderTests {
    private func makeNode(_ folder: TemporaryFolder, nodeClass: String = "member", code: String = "KEN") throws
        -> String
    {
        let path = folder.file("node")
        let result = try ProgramRunner.run(["init", "--class", nodeClass, "--code", code, "--dir", path])
        #expect(result.status == 0, "\(result.errors)")
        return path
    }

    @Test func initCreatesAPrivateKeyAndRefusesToOverwrite() throws {
        let folder = try TemporaryFolder()
        let node = try makeNode(folder)
        let attributes = try FileManager.default.attributesOfItem(atPath: "\(node)/keys/signing-key.pem")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let keysAttributes = try FileManager.default.attributesOfItem(atPath: "\(node)/keys")
        #expect((keysAttributes[.posixPermissions] as? Int) == 0o700)
        let key = try String(contentsOfFile: "\(node)/keys/signing-key.pem", encoding: .utf8)

        let again = try ProgramRunner.run(["init", "--class", "member", "--code", "KEN", "--dir", node])
        #expect(again.status == 1)
        #expect(again.errors.contains("already a node folder"))
        #expect(try String(contentsOfFile: "\(node)/keys/signing-key.pem", encoding: .utf8) == key)
    }

    @Test func aKeyFileReadableByOthersIsRefused() throws {
        let folder = try TemporaryFolder()
        let node = try makeNode(folder)
        let keyPath = "\(node)/keys/signing-key.pem"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyPath)
        let result = try ProgramRunner.run(["status", "--dir", node])
        #expect(result.status == 1)
        #expect(result.errors.contains(keyPath))
        #expect(result.errors.contains("readable by other users (mode 644)"))
        #expect(!result.errors.contains("PRIVATE KEY"))
    }

    @Test func aMissingKeyFileIsNamed() throws {
        let folder = try TemporaryFolder()
        let node = try makeNode(folder)
        try FileManager.default.removeItem(atPath: "\(node)/keys/signing-key.pem")
        let result = try ProgramRunner.run(["status", "--dir", node])
        #expect(result.status == 1)
        #expect(result.errors.contains("signing-key.pem: the record-signing key is missing"))
    }

    @Test(arguments: [
        ("colour = \"blue\"\n", "line 1: unknown setting colour"),
        ("[portal]\nport = 8443\n", "line 5: unknown setting portal.port"),
        ("[log]\nlevel = 3\n", "line 5: log.level must be a quoted string, not an integer"),
        ("[portal]\ntls = \"yes\"\n", "portal.tls must be true or false, not a quoted string"),
        ("[federation]\nlisten = \"nowhere\"\n", "federation.listen must be host:port"),
        ("[log]\nlevel = \"loud\"\n", "log.level must be one of trace"),
        ("[log]\nlevel = \"info\"\nlevel = \"debug\"\n", "line 6: log.level is set twice"),
        ("this is not toml\n", "expected key = value"),
        ("[node]\nname = \"unterminated\n", "the value of node.name is not a quoted string"),
    ])
    func aBadConfigurationIsNamedAndLeftAsItIs(extra: String, expected: String) throws {
        let folder = try TemporaryFolder()
        let node = try makeNode(folder)
        let path = "\(node)/gcscp.conf"
        let valid = "[node]\nclass = \"member\"\ncode = \"KEN\"\n"
        let text = extra.hasPrefix("colour") ? extra + valid : valid + extra
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try ProgramRunner.run(["status", "--dir", node])
        #expect(result.status == 1)
        #expect(result.errors.contains("\(path), "), "\(result.errors)")
        #expect(result.errors.contains(expected), "\(result.errors)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func aMissingRequiredSettingIsNamed() throws {
        let folder = try TemporaryFolder()
        let node = try makeNode(folder)
        try "[node]\nclass = \"member\"\n".write(toFile: "\(node)/gcscp.conf", atomically: true, encoding: .utf8)
        let result = try ProgramRunner.run(["status", "--dir", node])
        #expect(result.status == 1)
        #expect(result.errors.contains("the setting node.code is missing"))
    }
}

@Suite struct NodeIdentityTests {
    private func node(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("node")
        let created = try ProgramRunner.run(["init", "--class", "member", "--code", "KEN", "--dir", path])
        #expect(created.status == 0)
        #expect(
            try ProgramRunner.run(
                ["record", "put", "--dir", path, "--type", "note/1", "--visibility", "members"], input: "x"
            ).status == 0)
        return path
    }

    @Test(arguments: ["members.sqlite", "public.sqlite"])
    func aLostDatabaseIsNotRecreated(file: String) throws {
        let folder = try TemporaryFolder()
        let path = try node(folder)
        let database = "\(path)/data/\(file)"
        for damage in ["missing", "empty"] {
            try? FileManager.default.removeItem(atPath: database)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            if damage == "empty" { FileManager.default.createFile(atPath: database, contents: Data()) }
            let write = try ProgramRunner.run(
                ["record", "put", "--dir", path, "--type", "note/1", "--visibility", "members"], input: "y")
            #expect(write.status == 1, "\(damage) \(file)")
            #expect(write.errors.contains(database) && write.errors.contains("restore it from a backup"))
            #expect(try ProgramRunner.run(["check", "--dir", path]).status == 1, "\(damage) \(file)")
            #expect(try ProgramRunner.run(["status", "--dir", path]).status == 1, "\(damage) \(file)")
            let size = (try? FileManager.default.attributesOfItem(atPath: database)[.size] as? Int) ?? nil
            #expect(damage == "missing" ? size == nil : size == 0, "the store recreated \(file)")
        }
    }

    @Test func aChangedCodeOrSigningKeyIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = try node(folder)
        let configuration = "\(path)/gcscp.conf"
        let original = try String(contentsOfFile: configuration, encoding: .utf8)
        try original.replacingOccurrences(of: "code = \"KEN\"", with: "code = \"UGA\"")
            .write(toFile: configuration, atomically: true, encoding: .utf8)
        let renamed = try ProgramRunner.run(["status", "--dir", path])
        #expect(renamed.status == 1)
        #expect(renamed.errors.contains("this node's data belongs to KEN"))
        try original.write(toFile: configuration, atomically: true, encoding: .utf8)

        let other = folder.file("other")
        _ = try ProgramRunner.run(["init", "--class", "member", "--code", "KEN", "--dir", other])
        let keyPath = "\(path)/keys/signing-key.pem"
        try FileManager.default.removeItem(atPath: keyPath)
        try FileManager.default.copyItem(atPath: "\(other)/keys/signing-key.pem", toPath: keyPath)
        let swapped = try ProgramRunner.run(
            ["record", "put", "--dir", path, "--type", "note/1", "--visibility", "public"], input: "z")
        #expect(swapped.status == 1)
        #expect(swapped.errors.contains("is not the key this node's streams were signed with"))
    }

    @Test func aNameWithQuotesAndBackslashesSurvivesTheConfiguration() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("node")
        let name = "Côte d\\Ivoire \"CI-CERT\""
        let created = try ProgramRunner.run([
            "init", "--class", "member", "--code", "CIV", "--name", name, "--dir", path,
        ])
        #expect(created.status == 0, "\(created.errors)")
        let status = try ProgramRunner.run(["status", "--dir", path, "--json"])
        #expect(status.output.contains("Côte d\\\\Ivoire \\\"CI-CERT\\\""), "\(status.output)")
        let control = try ProgramRunner.run(
            ["init", "--class", "member", "--code", "CIV", "--name", "a\nb", "--dir", folder.file("x")])
        #expect(control.status == 64)
    }
}
