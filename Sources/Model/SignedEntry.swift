import Crypto

/// A stream entry as it travels and is stored: its exact bytes, the envelope read from them, and its signature.
///
/// Verification always runs over `bytes` as received; nothing is re-encoded before it is checked.
public struct SignedEntry: Sendable {
    /// The entry's exact bytes, signature included.
    public let bytes: [UInt8]
    /// The fields read from `bytes`.
    public let envelope: Envelope
    /// Where the signature starts in `bytes`.
    let signatureOffset: Int
    /// SHA-256 of `bytes`: what the next entry of the stream names as its `previousHash`. Computed once, when
    /// the entry is decoded or signed, since the chain check and the store both need it.
    public let hash: [UInt8]

    init(bytes: [UInt8], envelope: Envelope, signatureOffset: Int) {
        self.bytes = bytes
        self.envelope = envelope
        self.signatureOffset = signatureOffset
        self.hash = SHA256.hash(bytes)
    }

    /// The 64-byte Ed25519 signature.
    public var signature: ArraySlice<UInt8> { bytes[signatureOffset...] }

    /// What the signature covers: the domain tag, then every byte before the signature.
    public var signingInput: [UInt8] { Envelope.signingDomain + bytes[..<signatureOffset] }

    /// Signs `envelope` with `key` and encodes the entry.
    /// - Throws: `CryptoError` when signing fails.
    public static func sign(_ envelope: Envelope, with key: SigningKey) throws -> SignedEntry {
        let unsigned = envelope.encodedWithoutSignature()
        let signature = try key.signature(for: Envelope.signingDomain + unsigned)
        return SignedEntry(bytes: unsigned + signature, envelope: envelope, signatureOffset: unsigned.count)
    }

    /// Reads an entry from its bytes, checking every field's form; the signature is not checked here.
    /// - Throws: `EntryError` naming the first field that is wrong.
    public static func decode(_ bytes: [UInt8]) throws(EntryError) -> SignedEntry {
        var reader = ByteReader(bytes)
        guard try reader.read(count: 4) == Envelope.magic[...] else {
            throw .malformed("the entry does not start with GCSE")
        }
        guard try reader.readUInt8() == Envelope.formatVersion else {
            throw .malformed("the entry's format version is not 1")
        }
        let typeName = try reader.readShortText(field: "record type")
        guard let recordType = RecordType(name: typeName, version: try reader.readUInt16()) else {
            throw .malformed("the record type is not of the form name/version")
        }
        let recordID = RecordID(bytes: Array(try reader.read(count: 16)))!
        guard let origin = OriginID(try reader.readShortText(field: "origin")) else {
            throw .malformed("the origin is not a code of 2 to 16 characters A-Z or 0-9")
        }
        guard let stream = StreamName(rawValue: try reader.readUInt8()) else {
            throw .malformed("the stream is neither public (0) nor members (1)")
        }
        let sequence = try reader.readUInt64()
        let recordVersion = try reader.readUInt64()
        guard sequence > 0, recordVersion > 0 else { throw .malformed("sequence and record version start at 1") }
        guard let visibility = Visibility(rawValue: try reader.readUInt8()) else {
            throw .malformed("the visibility is not public (1), members (2) or sealed (3)")
        }
        guard visibility.stream == stream else { throw .malformed("the visibility does not belong in this stream") }
        let flags = try reader.readUInt8()
        guard flags <= 1 else { throw .malformed("unknown flags are set") }
        let previousHash = Array(try reader.read(count: 32))
        guard (sequence == 1) == previousHash.allSatisfy({ $0 == 0 }) else {
            throw .malformed("only the first entry of a stream has an all-zero previous hash")
        }
        let clock = HLCTimestamp(rawValue: try reader.readUInt64())
        let keyID = KeyID(bytes: Array(try reader.read(count: 8)))!
        let payloadLength = Int(try reader.readUInt32())
        guard payloadLength <= Envelope.maximumPayloadSize else { throw .malformed("the payload is over 1 MiB") }
        guard flags == 0 || payloadLength == 0 else { throw .malformed("a tombstone carries no payload") }
        let payload = Array(try reader.read(count: payloadLength))
        let signatureOffset = reader.offset
        _ = try reader.read(count: Envelope.signatureLength)
        guard reader.isAtEnd else { throw .malformed("bytes follow the signature") }
        let envelope = Envelope(
            recordType: recordType, recordID: recordID, origin: origin, sequence: sequence,
            recordVersion: recordVersion, visibility: visibility, isTombstone: flags == 1,
            previousHash: previousHash, clock: clock, keyID: keyID, payload: payload)
        return SignedEntry(bytes: bytes, envelope: envelope, signatureOffset: signatureOffset)
    }

    /// Whether the signature is `key`'s over this entry. Costs one Ed25519 verification (about 150 µs here).
    public func hasValidSignature(by key: VerifyingKey) -> Bool {
        key.isValidSignature(signature, for: signingInput)
    }
}

/// Why an entry's bytes could not be read.
public struct EntryError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, in words that name the field; never the payload.
    public let message: String

    static func malformed(_ message: String) -> EntryError { EntryError(message: message) }

    public var description: String { message }
}

/// Reads big-endian integers and length-prefixed fields from bytes, failing cleanly at the end.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func read(count: Int) throws(EntryError) -> ArraySlice<UInt8> {
        guard count <= bytes.count - offset else { throw .malformed("the entry is truncated") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func readUInt8() throws(EntryError) -> UInt8 { try read(count: 1).first! }
    mutating func readUInt16() throws(EntryError) -> UInt16 { UInt16(try readBigEndian(width: 2)) }
    mutating func readUInt32() throws(EntryError) -> UInt32 { UInt32(try readBigEndian(width: 4)) }
    mutating func readUInt64() throws(EntryError) -> UInt64 { try readBigEndian(width: 8) }

    mutating func readShortText(field: String) throws(EntryError) -> String {
        let length = Int(try readUInt8())
        guard let text = String(validating: try read(count: length), as: UTF8.self) else {
            throw .malformed("the \(field) is not UTF-8")
        }
        return text
    }

    private mutating func readBigEndian(width: Int) throws(EntryError) -> UInt64 {
        try read(count: width).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
