import Foundation

/// Removes the ASCII armour of an OpenPGP block (RFC 9580 section 6): the BEGIN and END lines, armour headers,
/// blank lines, CRLF or LF line ends; checks the CRC-24 line when there is one; decodes the base64.
enum OpenPGPArmor {
    /// The label after `-----BEGIN PGP ` and the bytes of the block.
    struct Block {
        let label: String
        let bytes: [UInt8]
    }

    static let publicKeyLabel = "PUBLIC KEY BLOCK"

    /// Reads the first armoured block in `text`.
    ///
    /// - Throws: `FieldProblem` for `field` when there is no block, the block is cut short or damaged, or its
    ///   checksum does not match.
    static func decode(_ text: String, field: String) throws(FieldProblem) -> Block {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\r", with: "") }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN PGP ") && $0.hasSuffix("-----") }) else {
            throw FieldProblem(
                field: field, .wrongKind,
                "Paste the whole public key, from -----BEGIN PGP PUBLIC KEY BLOCK----- to "
                    + "-----END PGP PUBLIC KEY BLOCK-----")
        }
        let label = String(lines[begin].dropFirst("-----BEGIN PGP ".count).dropLast(5))
        guard label == publicKeyLabel else { throw OpenPGPKinds.problem(label: label, field: field) }
        guard let end = lines[begin...].firstIndex(of: "-----END PGP \(label)-----") else {
            throw FieldProblem(
                field: field, .wrongFormat,
                "The key is cut short: copy it down to and including the -----END PGP PUBLIC KEY BLOCK----- line")
        }
        var body = ""
        var checksum: String?
        for line in lines[(begin + 1)..<end] where !line.isEmpty && !isHeader(line) {
            if line.hasPrefix("=") && line.count == 5 {
                checksum = String(line.dropFirst())
            } else {
                body += line
            }
        }
        let damaged = FieldProblem(
            field: field, .wrongFormat, "The key block is damaged: copy it again from its source, without changes")
        guard let bytes = Data(base64Encoded: body).map(Array.init), !bytes.isEmpty else { throw damaged }
        if let checksum {
            guard let expected = Data(base64Encoded: checksum).map(Array.init), expected.count == 3 else {
                throw damaged
            }
            let sum = crc24(bytes)
            guard expected == [UInt8(sum >> 16 & 0xFF), UInt8(sum >> 8 & 0xFF), UInt8(sum & 0xFF)] else {
                throw FieldProblem(
                    field: field, .wrongFormat,
                    "The key block's checksum does not match, so it changed while being copied: copy it again")
            }
        }
        return Block(label: label, bytes: bytes)
    }

    /// An armour header line, `Version: GnuPG v2` or `Comment: ...`; base64 has no colon, so this cannot be data.
    private static func isHeader(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        return line[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    /// The CRC-24 of RFC 9580 section 6.1.1.
    static func crc24(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xB7_04CE
        for byte in bytes {
            crc ^= UInt32(byte) << 16
            for _ in 0..<8 {
                crc <<= 1
                if crc & 0x100_0000 != 0 { crc ^= 0x186_4CFB }
            }
        }
        return crc & 0xFF_FFFF
    }
}

/// What a pasted OpenPGP block is when it is not a public key, in words that say what to paste instead.
enum OpenPGPKinds {
    static let instead = "paste the block that starts with -----BEGIN PGP PUBLIC KEY BLOCK-----"

    /// The problem for an armour label other than a public key block.
    static func problem(label: String, field: String) -> FieldProblem {
        switch label {
        case "SIGNATURE":
            FieldProblem(field: field, .wrongKind, "This is a signature, not a public key: \(instead)")
        case "PRIVATE KEY BLOCK", "SECRET KEY BLOCK":
            FieldProblem(
                field: field, .wrongKind,
                "This is a private key, which must stay secret: \(instead) (gpg --armor --export)")
        case "MESSAGE", "SIGNED MESSAGE":
            FieldProblem(field: field, .wrongKind, "This is a message, not a public key: \(instead)")
        default:
            FieldProblem(field: field, .wrongKind, "This is not a public key: \(instead)")
        }
    }

    /// The problem for a block whose first packet has tag `tag` instead of a public key (6).
    static func problem(firstPacket tag: UInt8, field: String) -> FieldProblem {
        switch tag {
        case 2: problem(label: "SIGNATURE", field: field)
        case 5: problem(label: "PRIVATE KEY BLOCK", field: field)
        case 1, 3, 4, 8, 11, 18, 20: problem(label: "MESSAGE", field: field)
        default: problem(label: "", field: field)
        }
    }
}
