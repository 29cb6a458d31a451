import Crypto
import Model

/// The shape of `Protocol/vectors/sync.json`; `Protocol/sync.md` explains each message.
struct SyncVectorSet: Codable, Equatable {
    struct Message: Codable, Equatable {
        var name: String
        var kind: String
        var hex: String
        /// The message read back, in words: one line per row or item.
        var reads: [String]
    }

    struct Request: Codable, Equatable {
        var method: String
        var path: String
        /// The problem code when the request is refused, else nil.
        var problem: String?
    }

    struct Invalid: Codable, Equatable {
        var name: String
        var kind: String
        var hex: String
        var problem: String
    }

    var version: String
    var messages: [Message]
    var requests: [Request]
    var invalid: [Invalid]
    var problemExample: String

    static func build() throws -> SyncVectorSet {
        var stream = try StreamBuilder(origin: "KEN", key: try SigningKey(seed: (0..<32).map { UInt8($0) }))
        for number in 1...3 { try stream.append(record: recordID(UInt8(number)), version: 1, visibility: .public) }
        let entries = stream.entries[.public]!
        let summary = SyncSummary(
            rows: [
                row("KEN", contiguous: 3, highest: 3),
                row("KEN", .members, contiguous: 4, highest: 9, gaps: [5...6], hash: 0xAB),
                row("AU", contiguous: 0),
            ].map(Self.realHash(entries)))
        let range = RangeResponse(
            key: StreamKey(OriginID("KEN")!, .public), from: 1,
            items: [
                .entry(entries[0].bytes), .stub(hash: entries[1].hash, previousHash: entries[0].hash),
                .entry(entries[2].bytes),
            ])
        let push = PushMessage(entries: [entries[2]])
        let receipt = PushReceipt(applied: 1, duplicates: 0, refused: 0)
        let directory = try DirectoryVectorSet.build().versions[0]
        let bundle = DirectoryBundle(certificates: [], versions: [Hex.decode(directory.hex)!])
        let messages = [
            Message(name: "summary", kind: "summary", hex: Hex.encode(summary.encoded()), reads: []),
            Message(name: "range-with-stub", kind: "range", hex: Hex.encode(range.encoded()), reads: []),
            Message(name: "push", kind: "push", hex: Hex.encode(push.encoded()), reads: []),
            Message(name: "push-receipt", kind: "receipt", hex: Hex.encode(receipt.encoded()), reads: []),
            Message(name: "directory-version-1", kind: "directory", hex: Hex.encode(bundle.encoded()), reads: []),
        ].map { message in
            var read = message
            read.reads = (try? Self.read(kind: message.kind, Hex.decode(message.hex)!)) ?? ["unreadable"]
            return read
        }
        let requests = [
            ("GET", "/sync/v1/directory?after=0"), ("POST", "/sync/v1/summary"),
            ("GET", "/sync/v1/entries?origin=KEN&stream=public&from=101&limit=2000"), ("POST", "/sync/v1/push"),
            ("GET", "/sync/v1/entries?origin=KEN&stream=public&from=101&limit=2001"),
            ("GET", "/sync/v1/entries?origin=KEN&stream=public&from=0&limit=10"), ("GET", "/sync/v1/summary"),
            ("GET", "/sync/v2/entries"),
        ].map { method, path in
            Request(
                method: method, path: path,
                problem: Self.problem { _ = try SyncRequest.parse(method: method, path: path) })
        }
        let rowBytes = Array(summary.encoded().dropFirst(9))
        let auRow = Array(SyncSummary(rows: [row("AU", contiguous: 0)]).encoded().dropFirst(9))
        let kenRow = Array(SyncSummary(rows: [row("KEN", contiguous: 1)]).encoded().dropFirst(9))
        let invalid: [(String, String, [UInt8])] = [
            ("a-million-origins", "summary", summaryHeader(count: 1_000_000)),
            ("rows-past-the-end", "summary", summaryHeader(count: 4, body: rowBytes)),
            ("rows-out-of-order", "summary", summaryHeader(count: 2, body: kenRow + auRow)),
            ("range-over-4000-items", "range", Array(range.encoded().prefix(18)) + [0, 0, 0x0F, 0xA1]),
            (
                "range-entry-out-of-place", "range",
                RangeResponse(
                    key: range.key, from: 2, items: [.entry(entries[0].bytes)]
                ).encoded()
            ),
            ("push-over-256-entries", "push", Array("GCSP".utf8) + [1, 1, 1]),
            ("directory-over-64-versions", "directory", Array("GCSV".utf8) + [1, 0, 0, 65]),
        ]
        return SyncVectorSet(
            version: "sync protocol v1", messages: messages, requests: requests,
            invalid: invalid.map { name, kind, bytes in
                Invalid(
                    name: name, kind: kind, hex: Hex.encode(bytes),
                    problem: Self.problem { _ = try read(kind: kind, bytes) } ?? "none")
            },
            problemExample: String(
                decoding: SyncProblem(.rangeBeyondHead, "KEN/public is held up to 100; the request starts at 101").json,
                as: UTF8.self))
    }

    /// Reads a message of `kind` and describes it line by line.
    static func read(kind: String, _ bytes: [UInt8]) throws -> [String] {
        switch kind {
        case "summary":
            return try SyncSummary.decode(bytes).rows.map { row in
                "\(row.key) contiguous=\(row.contiguous) head=\(Hex.encode(row.headHash.prefix(4)))..."
                    + " highest=\(row.highest) gaps=\(row.gaps.map { "\($0.lowerBound)-\($0.upperBound)" })"
            }
        case "range":
            let response = try RangeResponse.decode(bytes)
            return zip(response.items.indices, response.items).map { index, item in
                let sequence = response.from + UInt64(index)
                switch item {
                case .entry(let raw): return "\(response.key) #\(sequence) entry of \(raw.count) bytes"
                case .stub(let hash, _):
                    return "\(response.key) #\(sequence) stub hash=\(Hex.encode(hash.prefix(4)))..."
                }
            }
        case "push":
            return try PushMessage.decode(bytes).entries.map {
                "\($0.envelope.origin)/\($0.envelope.stream) #\($0.envelope.sequence)"
            }
        case "receipt":
            let receipt = try PushReceipt.decode(bytes)
            return ["applied=\(receipt.applied) duplicates=\(receipt.duplicates) refused=\(receipt.refused)"]
        default:
            let bundle = try DirectoryBundle.decode(bytes)
            return try ["certificates=\(bundle.certificates.count)"]
                + bundle.versions.map { "version \(try SignedDirectoryVersion.decode($0).version.number)" }
        }
    }

    static func problem(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? SyncProblem)?.code.rawValue ?? "\(error)"
        }
    }

    /// Gives the public row the real head hash of entry 3, so the summary matches the range.
    private static func realHash(_ entries: [SignedEntry]) -> (SummaryRow) -> SummaryRow {
        { row in
            guard row.key.stream == .public, row.contiguous == 3 else { return row }
            return SummaryRow(key: row.key, contiguous: 3, headHash: entries[2].hash, highest: 3)!
        }
    }
}

/// The fenced blocks of `language` in a Markdown text, each with its lines joined.
func markdownBlocks(_ language: String, in text: String) -> [String] {
    var blocks: [String] = []
    var current: [String]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line == "```\(language)" {
            current = []
        } else if let lines = current, line == "```" {
            blocks.append(lines.joined())
            current = nil
        } else {
            current?.append(String(line))
        }
    }
    return blocks
}
