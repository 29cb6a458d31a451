import Crypto
import Model

/// The shape of `Protocol/vectors/entries.json`; `Protocol/entry.md` explains each field.
struct VectorSet: Codable, Equatable {
    struct Key: Codable, Equatable {
        var seed: String
        var publicKey: String
        var keyID: String
    }

    struct Entry: Codable, Equatable {
        var name: String
        var hex: String
        var hash: String
        var signature: String
        var signingInput: String
        var fields: EntryFields
    }

    struct Invalid: Codable, Equatable {
        var name: String
        var hex: String
        var reason: String
    }

    struct Merge: Codable, Equatable {
        var name: String
        var apply: [String]
        var `public`: [MergeRow]
        var members: [MergeRow]
    }

    var format: String
    var signingDomain: String
    var key: Key
    var entries: [Entry]
    var invalid: [Invalid]
    var merge: [Merge]

    /// Builds the vectors from a fixed seed: a record's life (create, update, narrow, widen, delete) in KEN's
    /// two streams.
    static func build() throws -> VectorSet {
        let seed = (0..<32).map { UInt8($0) }
        let key = try SigningKey(seed: seed)
        var builder = try StreamBuilder(origin: "KEN", key: key)
        let first = recordID(1)
        let second = recordID(2)
        let named: [(String, SignedEntry)] = [
            (
                "create-public",
                try builder.append(record: first, version: 1, visibility: .public, payload: Array("v1".utf8))
            ),
            (
                "update-public",
                try builder.append(record: first, version: 2, visibility: .public, payload: Array("v2".utf8))
            ),
            ("narrow-tombstone", try builder.append(record: first, version: 3, visibility: .public, tombstone: true)),
            (
                "narrow-members",
                try builder.append(record: first, version: 3, visibility: .members, payload: Array("v3".utf8))
            ),
            (
                "create-sealed",
                try builder.append(record: second, version: 1, visibility: .sealed, payload: [0xde, 0xad])
            ),
            ("widen-tombstone", try builder.append(record: first, version: 4, visibility: .members, tombstone: true)),
            (
                "widen-public",
                try builder.append(record: first, version: 4, visibility: .public, payload: Array("v4".utf8))
            ),
            ("delete-sealed", try builder.append(record: second, version: 2, visibility: .members, tombstone: true)),
        ]
        let entries = named.map { name, entry in
            Entry(
                name: name, hex: Hex.encode(entry.bytes), hash: Hex.encode(entry.hash),
                signature: Hex.encode(entry.signature), signingInput: Hex.encode(entry.signingInput),
                fields: EntryFields(entry.envelope))
        }
        return VectorSet(
            format: "GCSE 1", signingDomain: Hex.encode(Envelope.signingDomain),
            key: Key(
                seed: Hex.encode(seed), publicKey: Hex.encode(key.publicKey.rawRepresentation),
                keyID: Hex.encode(KeyID(of: key.publicKey).bytes)),
            entries: entries, invalid: try invalidVectors(named[1].1), merge: mergeCases(entries))
    }

    private static func invalidVectors(_ entry: SignedEntry) throws -> [Invalid] {
        func flipped(at index: Int) -> String {
            var bytes = entry.bytes
            bytes[index] ^= 0x01
            return Hex.encode(bytes)
        }
        let stranger = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        var foreign = entry.envelope
        foreign.keyID = KeyID(of: stranger.publicKey)
        return [
            Invalid(name: "flipped-payload-byte", hex: flipped(at: entry.bytes.count - 65), reason: "bad-signature"),
            Invalid(name: "flipped-signature-byte", hex: flipped(at: entry.bytes.count - 1), reason: "bad-signature"),
            Invalid(name: "flipped-magic", hex: flipped(at: 0), reason: "malformed"),
            Invalid(name: "truncated", hex: Hex.encode(entry.bytes.dropLast()), reason: "malformed"),
            Invalid(
                name: "unknown-key", hex: Hex.encode(try SignedEntry.sign(foreign, with: stranger).bytes),
                reason: "unknown-key"),
        ]
    }

    private static func mergeCases(_ entries: [Entry]) -> [Merge] {
        let all = entries.map(\.name)
        let table = try! buildTables(all, entries)
        return [
            Merge(name: "in-order", apply: all, public: table.0, members: table.1),
            Merge(name: "reversed", apply: all.reversed(), public: table.0, members: table.1),
            Merge(name: "each-twice", apply: all + all, public: table.0, members: table.1),
            Merge(
                name: "narrowed-only", apply: Array(all.prefix(4)),
                public: try! buildTables(Array(all.prefix(4)), entries).0,
                members: try! buildTables(Array(all.prefix(4)), entries).1),
        ]
    }

    private static func buildTables(_ names: [String], _ entries: [Entry]) throws -> ([MergeRow], [MergeRow]) {
        var tables: [StreamName: RecordTable] = [.public: RecordTable(), .members: RecordTable()]
        for name in names {
            let entry = try SignedEntry.decode(Hex.decode(entries.first { $0.name == name }!.hex)!)
            tables[entry.envelope.stream]!.apply(entry.envelope)
        }
        return (MergeRow.rows(of: tables[.public]!), MergeRow.rows(of: tables[.members]!))
    }
}

/// An envelope's fields as the vectors spell them.
struct EntryFields: Codable, Equatable {
    var recordType: String
    var recordID: String
    var origin: String
    var stream: String
    var sequence: UInt64
    var recordVersion: UInt64
    var visibility: String
    var tombstone: Bool
    var previousHash: String
    var clock: UInt64
    var keyID: String
    var payload: String

    init(_ envelope: Envelope) {
        recordType = envelope.recordType.description
        recordID = envelope.recordID.description
        origin = envelope.origin.code
        stream = envelope.stream.description
        sequence = envelope.sequence
        recordVersion = envelope.recordVersion
        visibility = envelope.visibility.description
        tombstone = envelope.isTombstone
        previousHash = Hex.encode(envelope.previousHash)
        clock = envelope.clock.rawValue
        keyID = envelope.keyID.description
        payload = Hex.encode(envelope.payload)
    }
}

/// One row of a stream's record table after a merge case, as the vectors spell it.
struct MergeRow: Codable, Equatable {
    var recordID: String
    var version: UInt64
    var tombstone: Bool
    var visibility: String
    var payload: String

    static func rows(of table: RecordTable) -> [MergeRow] {
        table.rows.sorted { $0.key < $1.key }.map { id, row in
            MergeRow(
                recordID: id.description, version: row.head.version, tombstone: row.head.isTombstone,
                visibility: row.visibility.description, payload: Hex.encode(row.payload))
        }
    }
}
