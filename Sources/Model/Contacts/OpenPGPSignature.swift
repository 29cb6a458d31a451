/// The parts of a version 4 signature packet (RFC 9580 section 5.2.3) a key's self-signature states about it.
struct OpenPGPSignature {
    /// The signature type: 0x10-0x13 certify a user ID, 0x1F is a direct-key signature.
    let type: UInt8
    /// The signature creation time (subpacket 2), seconds since 1970.
    let created: Int
    /// The key expiration time (subpacket 9): seconds after the key's creation; 0 means never.
    let keyExpirySeconds: Int?
    /// The issuer's key id (subpacket 16) or fingerprint without its version octet (subpacket 33).
    let issuer: [UInt8]?

    /// Whether the type is one a key uses to state its own properties.
    var isSelfCertification: Bool { (0x10...0x13).contains(type) || type == 0x1F }

    /// Reads a signature body; nil for other versions or a truncated body.
    init?(_ body: ArraySlice<UInt8>) {
        let bytes = Array(body)
        guard bytes.count >= 6, bytes[0] == 4 else { return nil }
        self.type = bytes[1]
        let hashedLength = OpenPGPPackets.bigEndian(bytes[4..<6])
        let hashedEnd = 6 + hashedLength
        guard hashedEnd + 2 <= bytes.count else { return nil }
        let unhashedLength = OpenPGPPackets.bigEndian(bytes[hashedEnd..<(hashedEnd + 2)])
        guard hashedEnd + 2 + unhashedLength <= bytes.count,
            let hashed = Self.subpackets(bytes[6..<hashedEnd]),
            let unhashed = Self.subpackets(bytes[(hashedEnd + 2)..<(hashedEnd + 2 + unhashedLength)])
        else { return nil }
        // Creation and expiry count only from the hashed area, which the signature covers.
        self.created =
            hashed.first { $0.type == 2 && $0.data.count == 4 }.map { OpenPGPPackets.bigEndian($0.data) } ?? 0
        self.keyExpirySeconds = hashed.first { $0.type == 9 && $0.data.count == 4 }.map {
            OpenPGPPackets.bigEndian($0.data)
        }
        let all = hashed + unhashed
        if let fingerprint = all.first(where: { $0.type == 33 && $0.data.count == 21 }) {
            self.issuer = Array(fingerprint.data.dropFirst())
        } else {
            self.issuer = all.first { $0.type == 16 && $0.data.count == 8 }.map { Array($0.data) }
        }
    }

    /// The subpackets of an area, or nil when a length runs past its end.
    private static func subpackets(_ area: ArraySlice<UInt8>) -> [(type: UInt8, data: ArraySlice<UInt8>)]? {
        var found: [(type: UInt8, data: ArraySlice<UInt8>)] = []
        var index = area.startIndex
        while index < area.endIndex {
            let first = Int(area[index])
            var length: Int
            switch first {
            case 0..<192:
                length = first
                index += 1
            case 192..<255:
                guard index + 1 < area.endIndex else { return nil }
                length = (first - 192) << 8 + Int(area[index + 1]) + 192
                index += 2
            default:
                guard index + 5 <= area.endIndex else { return nil }
                length = OpenPGPPackets.bigEndian(area[(index + 1)..<(index + 5)])
                index += 5
            }
            guard length >= 1, index + length <= area.endIndex else { return nil }
            found.append((area[index] & 0x7F, area[(index + 1)..<(index + length)]))
            index += length
        }
        return found
    }
}
