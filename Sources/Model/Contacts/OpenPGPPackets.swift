/// Splits OpenPGP binary data into packets (RFC 9580 section 4.2), in both the old and the new header formats.
enum OpenPGPPackets {
    /// One packet: its tag and its body.
    struct Packet {
        let tag: UInt8
        let body: ArraySlice<UInt8>
    }

    /// The packets of `bytes`, or nil when a header or a length runs past the end. Partial body lengths are
    /// refused: keys never use them (they are for streamed data).
    static func split(_ bytes: [UInt8]) -> [Packet]? {
        var packets: [Packet] = []
        var index = 0
        while index < bytes.count {
            let header = bytes[index]
            guard header & 0x80 != 0 else { return nil }
            index += 1
            let tag: UInt8
            let length: Int
            if header & 0x40 != 0 {
                tag = header & 0x3F
                guard let (value, used) = newFormatLength(bytes, at: index) else { return nil }
                length = value
                index += used
            } else {
                tag = header >> 2 & 0x0F
                let sizes = [1, 2, 4, 0]
                let size = sizes[Int(header & 0x03)]
                guard index + size <= bytes.count else { return nil }
                length = size == 0 ? bytes.count - index : bigEndian(bytes[index..<(index + size)])
                index += size
            }
            guard length >= 0, index + length <= bytes.count else { return nil }
            packets.append(Packet(tag: tag, body: bytes[index..<(index + length)]))
            index += length
        }
        return packets
    }

    /// A new-format length and how many octets it took; nil for a partial length or a truncation.
    private static func newFormatLength(_ bytes: [UInt8], at index: Int) -> (Int, Int)? {
        guard index < bytes.count else { return nil }
        let first = Int(bytes[index])
        switch first {
        case 0..<192:
            return (first, 1)
        case 192..<224:
            guard index + 1 < bytes.count else { return nil }
            return ((first - 192) << 8 + Int(bytes[index + 1]) + 192, 2)
        case 255:
            guard index + 5 <= bytes.count else { return nil }
            return (bigEndian(bytes[(index + 1)..<(index + 5)]), 5)
        default:
            return nil
        }
    }

    /// A big-endian unsigned number of up to 4 octets.
    static func bigEndian(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 << 8 | Int($1) }
    }
}
