import Foundation

/// A command of the `gcscp` program: its options, its subcommands, and what it runs.
struct Command: Sendable {
    /// An option, `--name VALUE` or a flag `--name`.
    struct Option: Sendable {
        let name: String
        let valueName: String?
        let help: String
        var isRequired = false
        var isRepeatable = false
    }

    let name: String
    let abstract: String
    var discussion: String = ""
    var options: [Option] = []
    var arguments: [(name: String, help: String)] = []
    var subcommands: [Command] = []
    var run: (@Sendable (ParsedArguments) throws -> Int32)?
}

/// The options and positional arguments given to one command.
struct ParsedArguments {
    let commandPath: String
    private(set) var values: [String: [String]] = [:]
    private(set) var positional: [String] = []

    init(commandPath: String) { self.commandPath = commandPath }

    mutating func add(_ name: String, _ value: String) { values[name, default: []].append(value) }
    mutating func addPositional(_ value: String) { positional.append(value) }

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { values[name] != nil }

    func required(_ name: String) throws -> String {
        guard let value = value(name) else { throw UsageError("\(commandPath): \(name) is required") }
        return value
    }
}

/// A mistake in how the program was called; exits 64 with the message and a pointer to `--help`.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Exit codes: 0 success, 1 failure, 64 usage error (sysexits EX_USAGE).
enum ExitCode {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 64
}

extension Command {
    /// Parses `arguments` (without the program name) against this command and runs the command they select.
    func dispatch(_ arguments: [String], path: String? = nil) -> Int32 {
        let path = path ?? name
        if let first = arguments.first, let sub = subcommands.first(where: { $0.name == first }) {
            return sub.dispatch(Array(arguments.dropFirst()), path: "\(path) \(sub.name)")
        }
        if arguments.first == "help", arguments.count > 1, let sub = subcommands.first(where: { $0.name == arguments[1] }) {
            return sub.dispatch(["--help"], path: "\(path) \(sub.name)")
        }
        if arguments.contains("--help") || arguments.contains("-h") || arguments.first == "help" {
            print(help(path: path), terminator: "")
            return ExitCode.success
        }
        do {
            guard let run else {
                let given = arguments.first.map { "unknown command '\($0)'" } ?? "a command is needed"
                throw UsageError("\(path): \(given)")
            }
            return try run(try parse(arguments, path: path))
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("error: \(error)\nSee '\(path) --help'.\n".utf8))
            return ExitCode.usage
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return ExitCode.failure
        }
    }

    private func parse(_ arguments: [String], path: String) throws -> ParsedArguments {
        var parsed = ParsedArguments(commandPath: path)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else {
                guard parsed.positional.count < self.arguments.count else {
                    throw UsageError("\(path): unexpected argument '\(argument)'")
                }
                parsed.addPositional(argument)
                continue
            }
            var name = argument
            var inline: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError("\(path): unknown option \(name)")
            }
            if option.valueName == nil {
                guard inline == nil else { throw UsageError("\(path): \(name) takes no value") }
                parsed.add(name, "")
                continue
            }
            guard let value = inline ?? (index < arguments.count ? arguments[index] : nil) else {
                throw UsageError("\(path): \(name) needs a value (\(option.valueName!))")
            }
            if inline == nil { index += 1 }
            guard option.isRepeatable || parsed.value(name) == nil else {
                throw UsageError("\(path): \(name) is given twice")
            }
            parsed.add(name, value)
        }
        for option in options where option.isRequired && parsed.value(option.name) == nil {
            throw UsageError("\(path): \(option.name) \(option.valueName ?? "") is required")
        }
        guard parsed.positional.count == self.arguments.count else {
            throw UsageError("\(path): \(self.arguments[parsed.positional.count].name) is required")
        }
        return parsed
    }

    /// The text `--help` prints.
    func help(path: String) -> String {
        var text = "OVERVIEW: \(abstract)\n"
        if !discussion.isEmpty { text += "\n\(discussion)\n" }
        let optionWords = options.map { option -> String in
            let word = option.valueName.map { "\(option.name) <\($0)>" } ?? option.name
            return option.isRequired ? word : "[\(word)]"
        }
        let usageWords = subcommands.isEmpty ? optionWords + arguments.map { "<\($0.name)>" } : ["<command>"]
        text += "\nUSAGE: \(path) \(usageWords.joined(separator: " "))\n"
        if !arguments.isEmpty {
            text += "\nARGUMENTS:\n"
            for argument in arguments { text += Self.row("<\(argument.name)>", argument.help) }
        }
        if !options.isEmpty || subcommands.isEmpty {
            text += "\nOPTIONS:\n"
            for option in options {
                text += Self.row(option.valueName.map { "\(option.name) <\($0)>" } ?? option.name, option.help)
            }
            text += Self.row("-h, --help", "Show help information.")
        }
        if !subcommands.isEmpty {
            text += "\nSUBCOMMANDS:\n"
            for command in subcommands { text += Self.row(command.name, command.abstract) }
            text += "\n  See '\(path) help <command>' or '\(path) <command> --help' for detailed help.\n"
        }
        return text
    }

    private static func row(_ left: String, _ right: String) -> String {
        let padded = left.count < 26 ? left.padding(toLength: 26, withPad: " ", startingAt: 0) : left + "\n" + String(repeating: " ", count: 28)
        return "  \(padded)\(right)\n"
    }
}
