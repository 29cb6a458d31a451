/// The fields of one stream entry, before it is signed. `Protocol/entry.md` defines its bytes.
public struct Envelope: Hashable, Sendable {
    /// The record's type and schema version.
    public var recordType: RecordType
    /// The record this entry is a version of.
    public var recordID: RecordID
    /// The node that wrote the record and this entry; the only writer the record ever has.
    public var origin: OriginID
    /// The stream the entry belongs to; always `visibility.stream`.
    public var stream: StreamName
    /// The entry's place in its stream, from 1, without gaps.
    public var sequence: UInt64
    /// The record's version, from 1; the highest version of a record wins.
    public var recordVersion: UInt64
    /// Who may see this version.
    public var visibility: Visibility
    /// Whether this version removes the record from this stream (deletion, or a visibility change away from it).
    public var isTombstone: Bool
    /// SHA-256 of the previous entry's bytes in this stream; 32 zero bytes for sequence 1.
    public var previousHash: [UInt8]
    /// When the origin wrote the entry; for display and feeds only.
    public var clock: HLCTimestamp
    /// The origin's record-signing key that signs the entry.
    public var keyID: KeyID
    /// The record's content (empty for a tombstone), opaque to replication.
    public var payload: [UInt8]

    /// Makes an envelope; `stream` follows from `visibility`.
    public init(
        recordType: RecordType, recordID: RecordID, origin: OriginID, sequence: UInt64, recordVersion: UInt64,
        visibility: Visibility, isTombstone: Bool, previousHash: [UInt8], clock: HLCTimestamp, keyID: KeyID,
        payload: [UInt8]
    ) {
        self.recordType = recordType
        self.recordID = recordID
        self.origin = origin
        self.stream = visibility.stream
        self.sequence = sequence
        self.recordVersion = recordVersion
        self.visibility = visibility
        self.isTombstone = isTombstone
        self.previousHash = previousHash
        self.clock = clock
        self.keyID = keyID
        self.payload = payload
    }

    /// The format version that `Protocol/entry.md` describes.
    public static let formatVersion: UInt8 = 1
    /// The four bytes every entry starts with: "GCSE".
    public static let magic: [UInt8] = Array("GCSE".utf8)
    /// Prefixed to the entry's bytes to make the signing input, so no other signed message can pass for an entry.
    public static let signingDomain: [UInt8] = Array("GCSCP-entry-v1".utf8) + [0]
    /// The largest payload an entry may carry; larger content travels as attached blobs.
    public static let maximumPayloadSize = 1 << 20
    /// The length of an Ed25519 signature.
    public static let signatureLength = 64

    /// The entry's bytes without the signature: the part the signature covers (after the domain tag).
    public func encodedWithoutSignature() -> [UInt8] {
        var writer = ByteWriter(capacity: 128 + payload.count)
        writer.append(Self.magic)
        writer.append(Self.formatVersion)
        writer.appendShortText(recordType.name)
        writer.append(recordType.version)
        writer.append(recordID.bytes)
        writer.appendShortText(origin.code)
        writer.append(stream.rawValue)
        writer.append(sequence)
        writer.append(recordVersion)
        writer.append(visibility.rawValue)
        writer.append(isTombstone ? UInt8(1) : 0)
        writer.append(previousHash)
        writer.append(clock.rawValue)
        writer.append(keyID.bytes)
        writer.append(UInt32(payload.count))
        writer.append(payload)
        return writer.bytes
    }
}

/// Appends big-endian integers and length-prefixed fields to a byte array.
struct ByteWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ value: UInt8) { bytes.append(value) }
    mutating func append(_ value: UInt16) { appendBigEndian(UInt64(value), width: 2) }
    mutating func append(_ value: UInt32) { appendBigEndian(UInt64(value), width: 4) }
    mutating func append(_ value: UInt64) { appendBigEndian(value, width: 8) }
    mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }

    /// A field of at most 255 bytes of ASCII text, after a one-byte length.
    mutating func appendShortText(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes.append(UInt8(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    private mutating func appendBigEndian(_ value: UInt64, width: Int) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
