import Foundation

/// A command of a program: its options, its subcommands, and what it runs.
public struct Command: Sendable {
    /// An option, `--name VALUE` or a flag `--name`.
    public struct Option: Sendable {
        public let name: String
        public let valueName: String?
        public let help: String
        public var isRequired = false
        public var isRepeatable = false

        /// Makes an option; a nil `valueName` makes a flag.
        public init(
            name: String, valueName: String?, help: String, isRequired: Bool = false, isRepeatable: Bool = false
        ) {
            self.name = name
            self.valueName = valueName
            self.help = help
            self.isRequired = isRequired
            self.isRepeatable = isRepeatable
        }
    }

    public let name: String
    public let abstract: String
    public var discussion: String
    public var options: [Option]
    public var arguments: [(name: String, help: String)]
    public var subcommands: [Command]
    public var run: (@Sendable (ParsedArguments) throws -> Int32)?

    /// Makes a command; one with subcommands and no `run` only dispatches.
    public init(
        name: String, abstract: String, discussion: String = "", options: [Option] = [],
        arguments: [(name: String, help: String)] = [], subcommands: [Command] = [],
        run: (@Sendable (ParsedArguments) throws -> Int32)? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.arguments = arguments
        self.subcommands = subcommands
        self.run = run
    }
}

/// The options and positional arguments given to one command.
public struct ParsedArguments {
    /// The command as typed, for messages ("gcscp init").
    public let commandPath: String
    private(set) var values: [String: [String]] = [:]
    private(set) var positional: [String] = []

    init(commandPath: String) { self.commandPath = commandPath }

    mutating func add(_ name: String, _ value: String) { values[name, default: []].append(value) }
    mutating func addPositional(_ value: String) { positional.append(value) }

    /// The positional arguments, in order.
    public var arguments: [String] { positional }
    /// The last value given for an option.
    public func value(_ name: String) -> String? { values[name]?.last }
    /// Every value given for a repeatable option.
    public func all(_ name: String) -> [String] { values[name] ?? [] }
    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { values[name] != nil }

    /// The value of an option that must be given.
    /// - Throws: `UsageError` naming the option.
    public func required(_ name: String) throws -> String {
        guard let value = value(name) else { throw UsageError("\(commandPath): \(name) is required") }
        return value
    }
}

/// A mistake in how the program was called; exits 64 with the message and a pointer to `--help`.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Exit codes: 0 success, 1 failure, 64 usage error (sysexits EX_USAGE).
public enum ExitCode {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 64
}

extension Command {
    /// Parses `arguments` (without the program name) against this command and runs the command they select.
    public func dispatch(_ arguments: [String], path: String? = nil) -> Int32 {
        let path = path ?? name
        if let first = arguments.first, let sub = subcommands.first(where: { $0.name == first }) {
            return sub.dispatch(Array(arguments.dropFirst()), path: "\(path) \(sub.name)")
        }
        if arguments.first == "help", arguments.count > 1,
            let sub = subcommands.first(where: { $0.name == arguments[1] })
        {
            // `help ca sign` is `ca sign --help`, at any depth.
            return sub.dispatch(Array(arguments.dropFirst(2)) + ["--help"], path: "\(path) \(sub.name)")
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
    public func help(path: String) -> String {
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
        let padded =
            left.count < 26
            ? left.padding(toLength: 26, withPad: " ", startingAt: 0) : left + "\n" + String(repeating: " ", count: 28)
        return "  \(padded)\(right)\n"
    }
}
