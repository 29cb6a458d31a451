import Crypto
import Foundation
import Model
import Testing

/// Reading pasted OpenPGP public keys, with keys gpg makes during the test.
@Suite(.enabled(if: ContactGPG.isInstalled, "gpg is not installed"))
struct ContactOpenPGPTests {
    @Test func aGPGKeyGivesItsFingerprintUserIDsCreationAndExpiry() throws {
        let gpg = try ContactGPG()
        let fingerprint = try gpg.makeKey(userID: "National CERT <cert@ministry.example>", expiry: "2y")
        try gpg.gpg(["--quick-add-uid", fingerprint, "Équipe CERT nationale <équipe@ministère.example>"])
        // A subkey with its own, shorter expiry: its binding signature must not be read as the key's.
        try gpg.gpg(["--quick-add-key", fingerprint, "cv25519", "encr", "1y"])
        let armored = try gpg.gpg(["--armor", "--export", fingerprint])
        let key = try OpenPGPPublicKey(armored: armored)
        #expect(key.fingerprintHex == fingerprint)
        #expect(fingerprint.count == 40)
        #expect(key.algorithm == 22)
        #expect(key.algorithmDescription == "EdDSA Ed25519")
        // gpg exports the primary user ID's packets in its own order; the set is what matters.
        #expect(
            Set(key.userIDs) == [
                "National CERT <cert@ministry.example>", "Équipe CERT nationale <équipe@ministère.example>",
            ])
        let listing = try gpg.gpg(["--with-colons", "--list-keys", fingerprint])
        let fields = try #require(listing.split(separator: "\n").first { $0.hasPrefix("pub:") })
            .split(separator: ":", omittingEmptySubsequences: false)
        #expect(key.createdAt == Date(timeIntervalSince1970: Double(fields[5])!))
        #expect(key.expiresAt == Date(timeIntervalSince1970: Double(fields[6])!))
        #expect(Array(key.keyID) == Array(Hex.decode(String(fields[4]).lowercased())!))
    }

    @Test func aRevokedKeyIsMarked() throws {
        let gpg = try ContactGPG()
        let fingerprint = try gpg.makeKey(userID: "Old desk <old@cert.example>")
        let fresh = try OpenPGPPublicKey(armored: try gpg.gpg(["--armor", "--export", fingerprint]))
        #expect(!fresh.isRevoked)
        // gpg stores a revocation certificate with a ":" before its armour lines so it is not imported by mistake.
        let stored = gpg.folder.url.appendingPathComponent("openpgp-revocs.d/\(fingerprint).rev")
        let certificate = try String(contentsOf: stored, encoding: .utf8).replacingOccurrences(
            of: ":-----", with: "-----")
        try Data(certificate.utf8).write(to: gpg.folder.file("revoke.asc"))
        try gpg.gpg(["--import", gpg.folder.file("revoke.asc").path])
        let revoked = try OpenPGPPublicKey(armored: try gpg.gpg(["--armor", "--export", fingerprint]))
        #expect(revoked.isRevoked)
        #expect(revoked.fingerprintHex == fingerprint)
        #expect(revoked.isExpired(at: revoked.expiresAt!))
        #expect(!revoked.isExpired(at: revoked.createdAt))
    }

    @Test func anRSAKeyWithoutExpiryIsRead() throws {
        let gpg = try ContactGPG()
        let fingerprint = try gpg.makeKey(
            userID: "Policy desk <policy@ministry.example>", algorithm: "rsa2048", expiry: "never")
        let key = try OpenPGPPublicKey(armored: try gpg.gpg(["--armor", "--export", fingerprint]))
        #expect(key.fingerprintHex == fingerprint)
        #expect(key.algorithmDescription == "RSA 2048")
        #expect(key.expiresAt == nil)
    }

    @Test func crlfLineEndsHeadersAndBlankLinesAreAccepted() throws {
        let gpg = try ContactGPG()
        let fingerprint = try gpg.makeKey(userID: "Duty officer <duty@cert.example>")
        let armored = try gpg.gpg(["--armor", "--comment", "Exported for the portal", "--export", fingerprint])
        #expect(armored.contains("Comment: Exported for the portal"))
        let crlf = armored.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try OpenPGPPublicKey(armored: crlf).fingerprintHex == fingerprint)
        // A blank line inside the body, as mail programs and chat windows add, and text around the block.
        var lines = armored.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = try #require(lines.firstIndex { !$0.isEmpty && !$0.hasPrefix("-----") && !$0.contains(":") })
        lines.insert("", at: body + 2)
        let pasted = "Here is our key:\n\n" + lines.joined(separator: "\n") + "\nRegards"
        #expect(try OpenPGPPublicKey(armored: pasted).fingerprintHex == fingerprint)
        let decoded = try JSONDecoder().decode(
            OpenPGPPublicKey.self, from: JSONEncoder().encode(try OpenPGPPublicKey(armored: armored)))
        #expect(decoded.fingerprintHex == fingerprint)
    }

    @Test func aSignatureAPrivateKeyAndAMessageAreRefusedByName() throws {
        let gpg = try ContactGPG()
        let fingerprint = try gpg.makeKey(userID: "Signer <signer@cert.example>", usage: "sign")
        try gpg.gpg(["--quick-add-key", fingerprint, "cv25519", "encr", "1y"])
        let input = gpg.folder.file("statement.txt")
        try Data("We confirm this point of contact.\n".utf8).write(to: input)
        let signature = try gpg.gpg(["--armor", "--detach-sign", "--output", "-", input.path])
        let instead = "paste the block that starts with -----BEGIN PGP PUBLIC KEY BLOCK-----"
        #expect(
            throws: FieldProblem(field: "openpgp_key", .wrongKind, "This is a signature, not a public key: \(instead)")
        ) {
            try OpenPGPPublicKey(armored: signature)
        }
        let secret = try gpg.gpg(["--armor", "--export-secret-keys", fingerprint])
        #expect(
            throws: FieldProblem(
                field: "openpgp_key", .wrongKind,
                "This is a private key, which must stay secret: \(instead) (gpg --armor --export)")
        ) {
            try OpenPGPPublicKey(armored: secret)
        }
        let message = try gpg.gpg(["--armor", "--encrypt", "--recipient", fingerprint, "--output", "-", input.path])
        #expect(
            throws: FieldProblem(field: "openpgp_key", .wrongKind, "This is a message, not a public key: \(instead)")
        ) {
            try OpenPGPPublicKey(armored: message)
        }
        // A signature relabelled as a key block is still a signature inside.
        let relabelled = signature.replacingOccurrences(of: "PGP SIGNATURE", with: "PGP PUBLIC KEY BLOCK")
        #expect(
            throws: FieldProblem(field: "openpgp_key", .wrongKind, "This is a signature, not a public key: \(instead)")
        ) {
            try OpenPGPPublicKey(armored: relabelled)
        }
    }

    @Test func aBrokenChecksumAndADamagedBlockAreRefused() throws {
        let gpg = try ContactGPG()
        let fingerprint = try gpg.makeKey(userID: "Checksum <sum@cert.example>")
        let armored = try gpg.gpg(["--armor", "--export", fingerprint])
        var lines = armored.split(separator: "\n").map(String.init)
        let sum = try #require(lines.firstIndex { $0.hasPrefix("=") && $0.count == 5 })
        lines[sum] = lines[sum] == "=AAAA" ? "=BBBB" : "=AAAA"
        #expect(
            throws: FieldProblem(
                field: "openpgp_key", .wrongFormat,
                "The key block's checksum does not match, so it changed while being copied: copy it again")
        ) {
            try OpenPGPPublicKey(armored: lines.joined(separator: "\n"))
        }
        let cut = armored.components(separatedBy: "-----END")[0]
        #expect(
            throws: FieldProblem(
                field: "openpgp_key", .wrongFormat,
                "The key is cut short: copy it down to and including the -----END PGP PUBLIC KEY BLOCK----- line")
        ) {
            try OpenPGPPublicKey(armored: cut)
        }
    }
}

/// Blocks made by hand: no gpg needed.
@Suite struct ContactOpenPGPHandMadeTests {
    /// Armours `bytes` as a public key block without a checksum line (RFC 9580 makes it optional).
    static func armor(_ bytes: [UInt8]) -> String {
        let body = Data(bytes).base64EncodedString()
        return "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n\(body)\n-----END PGP PUBLIC KEY BLOCK-----\n"
    }

    /// A v4 Ed25519 public-key packet (old format header, tag 6) with a fixed creation time and key.
    static let keyBody: [UInt8] =
        [
            4, 0x65, 0x00, 0x00, 0x00, 22, 9, 0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01,
            0x01, 0x07, 0x40,
        ] + Array(repeating: 0x11, count: 32)

    @Test func aHandMadeV4KeyHasTheSHA1Fingerprint() throws {
        let packet: [UInt8] = [0x98, UInt8(Self.keyBody.count)] + Self.keyBody
        let userID = Array("Desk <desk@cert.example>".utf8)
        // New-format user ID packet (tag 13).
        let key = try OpenPGPPublicKey(armored: Self.armor(packet + [0xCD, UInt8(userID.count)] + userID))
        // SHA-1 of 0x99, 0x00 0x33 and the body, computed outside this code (Python's hashlib).
        #expect(key.fingerprintHex == "B0756894E91B84B9F67B87576E0003AD58534F82")
        #expect(key.createdAt == Date(timeIntervalSince1970: 0x6500_0000))
        #expect(key.userIDs == ["Desk <desk@cert.example>"])
        #expect(key.expiresAt == nil)
        #expect(key.algorithmDescription == "EdDSA Ed25519")
    }

    @Test func sha1MatchesTheFIPSVectors() {
        #expect(Hex.encode(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Hex.encode(SHA1.hash([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test(arguments: [5, 6] as [UInt8])
    func newerKeyVersionsAreNotSupported(_ version: UInt8) {
        var body = Self.keyBody
        body[0] = version
        #expect(
            throws: FieldProblem(
                field: "openpgp_key", .notSupported,
                "This is an OpenPGP version \(version) key, which the portal cannot read yet: export a version 4 key")
        ) {
            try OpenPGPPublicKey(armored: Self.armor([0xC6, UInt8(body.count)] + body))
        }
    }

    @Test(arguments: [
        "", "just some text", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!!\n-----END PGP PUBLIC KEY BLOCK-----",
    ])
    func textThatIsNotAKeyBlockIsRefused(_ text: String) {
        #expect(throws: FieldProblem.self) { try OpenPGPPublicKey(armored: text) }
    }
}
