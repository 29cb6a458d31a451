import Crypto

/// The body of `POST /sync/v1/push`: entries the client just wrote, sent at once rather than waiting for the
/// server's next pull. Only the pushing node's own entries, in the streams the server may hold.
public struct PushMessage: Sendable {
    /// The entries, exactly as signed.
    public let entries: [SignedEntry]

    /// The four bytes a push starts with: "GCSP".
    public static let magic: [UInt8] = Array("GCSP".utf8)

    /// Makes a push.
    public init(entries: [SignedEntry]) { self.entries = entries }

    /// The bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 8 + entries.reduce(0) { $0 + $1.bytes.count + 4 })
        writer.append(Self.magic)
        writer.append(UInt8(1))
        writer.append(UInt16(clamping: entries.count))
        for entry in entries {
            writer.append(UInt32(entry.bytes.count))
            writer.append(entry.bytes)
        }
        return writer.bytes
    }

    /// Reads a push and decodes its entries; signatures are checked when the store applies them.
    /// - Throws: `SyncProblem` `.bodyTooLarge`, `.pushTooLarge` (from the count header), `.malformedPush`.
    public static func decode(_ bytes: [UInt8]) throws(SyncProblem) -> PushMessage {
        guard bytes.count <= SyncLimits.maximumPushBytes else {
            throw SyncProblem(.bodyTooLarge, "a push is at most \(SyncLimits.maximumPushBytes) bytes")
        }
        var reader = FieldReader(bytes) { SyncProblem(.malformedPush, "the push is \($0)") }
        guard try reader.bytes(4) == magic, try reader.uint8() == 1 else {
            throw reader.failure("not a sync v1 push (no GCSP 01)")
        }
        let count = Int(try reader.uint16())
        guard count <= SyncLimits.maximumPushEntries else {
            throw SyncProblem(
                .pushTooLarge, "the push holds \(count) entries; at most \(SyncLimits.maximumPushEntries)")
        }
        guard count >= 1, count * 4 <= reader.remaining else { throw reader.failure("empty or shorter than announced") }
        var entries: [SignedEntry] = []
        for _ in 0..<count {
            let length = Int(try reader.uint32())
            guard length <= SyncLimits.maximumEntryBytes else { throw reader.failure("holding an oversized entry") }
            guard let entry = try? SignedEntry.decode(try reader.bytes(length)) else {
                throw reader.failure("holding a malformed entry")
            }
            entries.append(entry)
        }
        try reader.expectEnd()
        return PushMessage(entries: entries)
    }

    /// Checks what the server may take from this pusher: only its own origin's entries, and members entries
    /// only between member and custodian nodes.
    /// - Throws: `SyncProblem` `.notEntitled`.
    public func check(pusher: DirectoryNode, server: NodeIdentity.NodeClass) throws(SyncProblem) {
        for entry in entries {
            guard entry.envelope.origin == pusher.code else {
                throw SyncProblem(.notEntitled, "a node pushes only its own entries; others' are pulled")
            }
            guard SyncEntitlement.permits(entry.envelope.stream, sender: pusher.nodeClass, peer: server) else {
                throw SyncProblem(.notEntitled, "members entries pass only between member and custodian nodes")
            }
        }
    }
}

/// The answer to a push: what the server did with the entries (refused ones are in its log, with reasons).
public struct PushReceipt: Hashable, Sendable {
    /// Entries stored for the first time.
    public let applied: UInt32
    /// Entries the server already held.
    public let duplicates: UInt32
    /// Entries refused.
    public let refused: UInt32

    /// Makes a receipt.
    public init(applied: UInt32, duplicates: UInt32, refused: UInt32) {
        self.applied = applied
        self.duplicates = duplicates
        self.refused = refused
    }

    /// The four bytes a receipt starts with: "GCSA".
    public static let magic: [UInt8] = Array("GCSA".utf8)

    /// The 17 bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 17)
        writer.append(Self.magic)
        writer.append(UInt8(1))
        writer.append(applied)
        writer.append(duplicates)
        writer.append(refused)
        return writer.bytes
    }

    /// Reads a receipt. - Throws: `SyncProblem` `.malformedPush`.
    public static func decode(_ bytes: [UInt8]) throws(SyncProblem) -> PushReceipt {
        var reader = FieldReader(bytes) { SyncProblem(.malformedPush, "the push receipt is \($0)") }
        guard try reader.bytes(4) == magic, try reader.uint8() == 1 else { throw reader.failure("not GCSA 01") }
        let receipt = PushReceipt(
            applied: try reader.uint32(), duplicates: try reader.uint32(), refused: try reader.uint32())
        try reader.expectEnd()
        return receipt
    }
}
