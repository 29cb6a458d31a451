import Crypto

/// The code of a node that originates records: an ISO 3166-1 alpha-3 code for a member state ("KEN"), or an
/// organisation code ("UNODA", "AU"). Two to sixteen characters of A-Z and 0-9, as in node certificates.
public struct OriginID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code as text.
    public let code: String

    /// Makes an origin from its code, or nil when the code is not of the allowed form.
    public init?(_ code: String) {
        let bytes = Array(code.utf8)
        guard (2...16).contains(bytes.count), bytes.allSatisfy(OriginID.isAllowed) else { return nil }
        self.code = code
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    public var description: String { code }
    public static func < (lhs: OriginID, rhs: OriginID) -> Bool { lhs.code < rhs.code }
}

/// The type of a record and the version of its schema, written `document/1`.
public struct RecordType: Hashable, Sendable, CustomStringConvertible {
    /// The type's name: 1 to 32 characters of a-z, 0-9 and "-", starting with a letter.
    public let name: String
    /// The schema version, from 1.
    public let version: UInt16

    /// Makes a record type, or nil when the name is not of the allowed form or the version is 0.
    public init?(name: String, version: UInt16) {
        let bytes = Array(name.utf8)
        guard (1...32).contains(bytes.count), version > 0, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]),
            bytes.allSatisfy(RecordType.isAllowed)
        else { return nil }
        self.name = name
        self.version = version
    }

    /// Parses `name/version`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let version = UInt16(parts[1]) else { return nil }
        self.init(name: String(parts[0]), version: version)
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }

    public var description: String { "\(name)/\(version)" }
}

/// A record's identifier: a UUIDv7 (RFC 9562), so identifiers sort by creation time.
public struct RecordID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 16 bytes of the UUID.
    public let bytes: [UInt8]

    /// Wraps 16 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Makes a new identifier for the given time, with 74 random bits from the system's secure generator.
    public static func generate(milliseconds: UInt64) -> RecordID {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return RecordID(bytes: bytes)!
    }

    /// Parses the canonical text form (8-4-4-4-12 hexadecimal digits, either case).
    public init?(_ text: String) {
        let digits = text.filter { $0 != "-" }
        guard text.count == 36, digits.count == 32, let bytes = Hex.decode(digits) else { return nil }
        self.bytes = bytes
    }

    /// The canonical text form, lower case.
    public var description: String {
        let hex = Hex.encode(bytes)
        let cuts = [8, 12, 16, 20]
        var text = ""
        for (index, character) in hex.enumerated() {
            if cuts.contains(index) { text.append("-") }
            text.append(character)
        }
        return text
    }

    public static func < (lhs: RecordID, rhs: RecordID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

/// Names a record-signing key: the first 8 bytes of the SHA-256 of its raw Ed25519 public key.
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
    /// The 8 bytes.
    public let bytes: [UInt8]

    /// Wraps 8 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 8 else { return nil }
        self.bytes = bytes
    }

    /// The identifier of `key`.
    public init(of key: VerifyingKey) {
        self.bytes = Array(SHA256.hash(key.rawRepresentation).prefix(8))
    }

    public var description: String { Hex.encode(bytes) }
}

/// Lower-case hexadecimal text for bytes, as used in vectors, logs and identifiers.
public enum Hex {
    /// Encodes bytes as lower-case hexadecimal.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes hexadecimal text (either case); nil when it is not hexadecimal or has an odd length.
    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = value(characters[index]), let low = value(characters[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
