import Crypto
import Foundation

/// An OpenPGP public key as a point of contact publishes it, read from a pasted armoured block.
///
/// Reads the primary key (version 4), its fingerprint, creation time, algorithm, user IDs and the expiry its
/// newest self-signature states. It does not verify the self-signatures: the portal shows the fingerprint for
/// people to compare out of band, and the user IDs and expiry are what the key claims.
/// TODO(#6): verify the self-signatures (Ed25519 and RSA over the RFC 9580 hash) before trusting the expiry.
public struct OpenPGPPublicKey: Hashable, Sendable, Codable {
    /// The v4 fingerprint: SHA-1 over 0x99, the two-octet body length and the public-key packet body.
    public let fingerprint: [UInt8]
    /// When the key was made.
    public let createdAt: Date
    /// The public-key algorithm, as RFC 9580 numbers it (1 RSA, 17 DSA, 19 ECDSA, 22 EdDSA, 27 Ed25519, ...).
    public let algorithm: UInt8
    /// The algorithm with its size or curve, for people: "RSA 3072", "EdDSA Ed25519".
    public let algorithmDescription: String
    /// The user IDs, usually `Name (comment) <e-mail>`, in the order the key lists them.
    public let userIDs: [String]
    /// When the key stops being valid, from the newest self-signature; nil when it does not expire.
    public let expiresAt: Date?
    /// Whether the key carries its own revocation signature (type 0x20): its holder has withdrawn it.
    public let isRevoked: Bool
    /// The whole key as transferred (binary packets), for the vCard KEY property.
    public let packets: [UInt8]

    /// The fingerprint as 40 upper-case hexadecimal digits, as gpg prints it.
    public var fingerprintHex: String { Hex.encode(fingerprint).uppercased() }

    /// The key id: the last 8 octets of the fingerprint.
    public var keyID: [UInt8] { Array(fingerprint.suffix(8)) }

    /// Whether the key has passed its expiry at `instant`.
    public func isExpired(at instant: Date) -> Bool { expiresAt.map { $0 <= instant } ?? false }

    /// Reads a pasted block.
    ///
    /// - Throws: `FieldProblem` for `field`: `.wrongKind` when the block is a signature, a private key, a message or
    ///   no OpenPGP block at all; `.wrongFormat` when it is damaged or its checksum does not match;
    ///   `.notSupported` for key versions other than 4.
    public init(armored text: String, field: String = "openpgp_key") throws(FieldProblem) {
        let block = try OpenPGPArmor.decode(text, field: field)
        try self.init(packets: block.bytes, field: field)
    }

    /// Reads binary key packets (what `gpg --export` writes without `--armor`).
    ///
    /// - Throws: `FieldProblem` as `init(armored:)` does.
    public init(packets bytes: [UInt8], field: String = "openpgp_key") throws(FieldProblem) {
        let damaged = FieldProblem(
            field: field, .wrongFormat, "The key block is damaged: copy it again from its source, without changes")
        guard let packets = OpenPGPPackets.split(bytes), let primary = packets.first else { throw damaged }
        guard primary.tag == 6 else { throw OpenPGPKinds.problem(firstPacket: primary.tag, field: field) }
        let body = Array(primary.body)
        guard let version = body.first else { throw damaged }
        guard version == 4 else {
            throw FieldProblem(
                field: field, .notSupported,
                "This is an OpenPGP version \(version) key, which the portal cannot read yet: export a version 4 key")
        }
        guard body.count > 6, body.count <= 0xFFFF else { throw damaged }
        let fingerprint = SHA1.hash([0x99, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body)
        self.fingerprint = fingerprint
        let created = OpenPGPPackets.bigEndian(body[1..<5])
        self.createdAt = Date(timeIntervalSince1970: Double(created))
        self.algorithm = body[5]
        self.algorithmDescription = OpenPGPAlgorithms.describe(algorithm: body[5], material: body[6...])
        var userIDs: [String] = []
        var newest: (created: Int, expiry: Int?)?
        var isRevoked = false
        let keyID = Array(fingerprint.suffix(8))
        // Only the signatures before the first subkey belong to the primary key and its user IDs.
        for packet in packets.dropFirst().prefix(while: { $0.tag != 14 }) {
            if packet.tag == 13 {
                userIDs.append(String(decoding: packet.body, as: UTF8.self))
            } else if packet.tag == 2, let signature = OpenPGPSignature(packet.body),
                signature.issuer.map({ $0 == keyID || $0 == fingerprint }) ?? true
            {
                if signature.type == 0x20 { isRevoked = true }
                if signature.isSelfCertification, newest.map({ signature.created >= $0.created }) ?? true {
                    newest = (signature.created, signature.keyExpirySeconds)
                }
            }
        }
        self.userIDs = userIDs
        self.isRevoked = isRevoked
        self.expiresAt = newest?.expiry.flatMap { $0 == 0 ? nil : Date(timeIntervalSince1970: Double(created + $0)) }
        self.packets = bytes
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let bytes = Data(base64Encoded: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not base64"))
        }
        do { try self.init(packets: Array(bytes)) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// Encodes the binary packets as base64 text; decoding reads them again.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(packets).base64EncodedString())
    }
}
