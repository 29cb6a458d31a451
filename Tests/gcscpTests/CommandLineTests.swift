import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func helpOnEveryLevel() throws {
        let top = try ProgramRunner.run(["--help"])
        #expect(top.status == 0)
        #expect(top.output.contains("USAGE: gcscp <command>"))
        #expect(top.output.contains("init "))
        for command in ["init", "status", "check", "serve", "csr"] {
            let help = try ProgramRunner.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.output.contains("USAGE: gcscp \(command) "))
            #expect(help.output.contains("--dir <DIR>"))
            #expect(try ProgramRunner.run(["help", command]).output == help.output)
        }
        for (group, commands) in [
            ("record", ["put", "get", "delete"]), ("ca", ["init", "sign", "revoke", "crl"]),
            ("certificate", ["install"]),
        ] {
            let listing = try ProgramRunner.run([group, "--help"])
            #expect(listing.status == 0)
            #expect(listing.output.contains("USAGE: gcscp \(group) <command>"))
            for command in commands {
                #expect(listing.output.contains("  \(command) "), "gcscp \(group) --help lacks \(command)")
                let help = try ProgramRunner.run([group, command, "--help"])
                #expect(help.status == 0)
                #expect(help.output.contains("USAGE: gcscp \(group) \(command) "))
                #expect(try ProgramRunner.run([group, "help", command]).output == help.output)
                #expect(try ProgramRunner.run(["help", group, command]).output == help.output)
            }
        }
    }

    @Test func usageErrorsExit64AndSayWhatIsWrong() throws {
        let unknown = try ProgramRunner.run(["frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.errors.contains("unknown command 'frobnicate'"))
        let option = try ProgramRunner.run(["init", "--klass", "member"])
        #expect(option.status == 64)
        #expect(option.errors.contains("unknown option --klass"))
        let folder = try TemporaryFolder()
        let badClass = try ProgramRunner.run(["init", "--class", "state", "--code", "KEN", "--dir", folder.file("n")])
        #expect(badClass.status == 64)
        #expect(badClass.errors.contains("--class must be custodian, member or regional, not 'state'"))
        let badCode = try ProgramRunner.run(["init", "--class", "member", "--code", "ke n", "--dir", folder.file("n")])
        #expect(badCode.status == 64)
        #expect(!FileManager.default.fileExists(atPath: folder.file("n")))
    }
}
