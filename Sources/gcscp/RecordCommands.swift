import Commands
import Foundation
import Model
import Node
import Store

/// `gcscp record`: write, read and delete this node's records by hand or from scripts.
enum RecordCommands {
    static let command = Command(
        name: "record",
        abstract: "Write, read and delete records of this node.",
        subcommands: [
            Command(
                name: "put",
                abstract: "Write a record: a new one, or a new version of one of this node's records.",
                discussion: """
                    The payload is read from --file, or from standard input. With --lines, every line of standard
                    input is the payload of a new record, and one line 'ok <id> <stream> <sequence>' is printed as
                    soon as that record has committed.
                    """,
                options: [
                    .init(name: "--dir", valueName: "DIR", help: "The node folder.", isRequired: true),
                    .init(
                        name: "--type", valueName: "TYPE", help: "The record type and version, e.g. note/1.",
                        isRequired: true),
                    .init(name: "--visibility", valueName: "WHO", help: "public, members or sealed.", isRequired: true),
                    .init(name: "--id", valueName: "ID", help: "The record to update (default: a new record)."),
                    .init(name: "--file", valueName: "FILE", help: "Read the payload from this file."),
                    .init(name: "--lines", valueName: nil, help: "One new record per line of standard input."),
                ],
                run: put),
            Command(
                name: "get",
                abstract: "Print a record's current version as JSON (payload as text when it is UTF-8).",
                options: [
                    .init(name: "--dir", valueName: "DIR", help: "The node folder.", isRequired: true),
                    .init(name: "--public-only", valueName: nil, help: "Read as an anonymous visitor would."),
                ],
                arguments: [("ID", "The record's id.")],
                run: get),
            Command(
                name: "delete",
                abstract: "Delete one of this node's records (a tombstone in each stream where it is live).",
                options: [.init(name: "--dir", valueName: "DIR", help: "The node folder.", isRequired: true)],
                arguments: [("ID", "The record's id.")],
                run: delete),
        ])

    static func put(_ arguments: ParsedArguments) throws -> Int32 {
        let typeText = try arguments.required("--type")
        guard let type = RecordType(typeText) else {
            throw UsageError("gcscp record put: --type must be name/version such as note/1, not '\(typeText)'")
        }
        let visibilityText = try arguments.required("--visibility")
        guard let visibility = Visibility(visibilityText) else {
            throw UsageError(
                "gcscp record put: --visibility must be public, members or sealed, not '\(visibilityText)'")
        }
        let givenID = try arguments.value("--id").map { text in
            guard let id = RecordID(text) else { throw UsageError("gcscp record put: --id is not a UUID: '\(text)'") }
            return id
        }
        let node = try LocalNode(directory: NodeDirectory(path: try arguments.required("--dir")))
        if arguments.flag("--lines") {
            while let line = readLine(strippingNewline: true) {
                let id = RecordID.generate(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000))
                try report(
                    id, try node.store.write(type: type, id: id, visibility: visibility, payload: Array(line.utf8)))
            }
            return ExitCode.success
        }
        let payload: [UInt8]
        if let file = arguments.value("--file") {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw NodeError(.input, "\(file): the payload file is missing or unreadable")
            }
            payload = Array(data)
        } else {
            payload = Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        let id = givenID ?? RecordID.generate(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000))
        let result = try node.store.write(type: type, id: id, visibility: visibility, payload: payload)
        if result.isUnchanged {
            print("unchanged \(id) version \(result.recordVersion)")
        } else {
            try report(id, result)
        }
        return ExitCode.success
    }

    private static func report(_ id: RecordID, _ result: WriteResult) throws {
        // Written straight to the file descriptor, unbuffered: a line printed is a write acknowledged.
        for entry in result.entries {
            FileHandle.standardOutput.write(Data("ok \(id) \(entry.stream) \(entry.sequence)\n".utf8))
        }
    }

    static func get(_ arguments: ParsedArguments) throws -> Int32 {
        let directory = NodeDirectory(path: try arguments.required("--dir"))
        let configuration = try directory.loadConfiguration()
        let holdsMembers = configuration.nodeClass.holdsMemberContent
        // Read-only, so it works beside a serving node.
        let store = try Store.openForReading(directory: directory.dataPath, holdsMembers: holdsMembers)
        let id = try recordID(arguments.arguments[0])
        let scope: ReadScope = arguments.flag("--public-only") || !holdsMembers ? .publicOnly : .members
        guard let record = try store.record(id: id, scope: scope), !record.isTombstone else {
            throw NodeError(.input, "no record \(id) on this node")
        }
        let text = String(validating: record.payload, as: UTF8.self)
        let object: [String: Any] = [
            "id": record.id.description, "origin": record.origin.code, "type": record.recordType.description,
            "version": record.version, "visibility": record.visibility.description,
            "payload": text ?? Hex.encode(record.payload), "payloadEncoding": text == nil ? "hex" : "utf-8",
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        return ExitCode.success
    }

    static func delete(_ arguments: ParsedArguments) throws -> Int32 {
        let node = try LocalNode(directory: NodeDirectory(path: try arguments.required("--dir")))
        let id = try recordID(arguments.arguments[0])
        let result = try node.store.delete(id: id)
        if result.isUnchanged { print("already deleted \(id)") } else { try report(id, result) }
        return ExitCode.success
    }

    private static func recordID(_ text: String) throws -> RecordID {
        guard let id = RecordID(text) else { throw UsageError("the record id is not a UUID: '\(text)'") }
        return id
    }
}
