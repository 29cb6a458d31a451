import COpenSSL
import Foundation

/// An X.509 certificate, read-only once made.
///
/// Owns its OpenSSL `X509` and frees it when released.
// @unchecked Sendable: the X509 is never mutated after creation, and OpenSSL's read accessors used here are
// safe to call from several threads.
public final class Certificate: @unchecked Sendable {
    let x509: OpaquePointer

    /// Takes ownership of `x509` (one reference).
    init(owning x509: OpaquePointer) { self.x509 = x509 }

    deinit { X509_free(x509) }

    /// Loads the first certificate in a PEM text.
    /// - Throws: `CryptoError` `.encoding` when the text is not PEM or holds no certificate.
    public convenience init(pemRepresentation: String) throws {
        guard let first = try Certificate.chain(pemRepresentation: pemRepresentation).first else {
            throw CryptoError(.encoding, "the PEM text holds no certificate")
        }
        X509_up_ref(first.x509)
        self.init(owning: first.x509)
    }

    /// Loads every certificate of a PEM bundle, in order (leaf first, as a chain is written).
    /// - Throws: `CryptoError` `.encoding` when the text is not PEM or holds no certificate.
    public static func chain(pemRepresentation: String) throws -> [Certificate] {
        guard looksLikePEM(pemRepresentation) else {
            throw CryptoError(.encoding, "the text is not PEM (no -----BEGIN line)")
        }
        let bio = try MemoryBIO(Array(pemRepresentation.utf8))
        var certificates: [Certificate] = []
        while let x509 = PEM_read_bio_X509(bio.bio, nil, refusePassphrase, nil) {
            certificates.append(Certificate(owning: x509))
        }
        // The loop ends with "no start line" at the end of the text; other errors mean a damaged certificate.
        let errors = drainOpenSSLErrors()
        let endOfText = errors.allSatisfy {
            ERR_GET_LIB($0.code) == ERR_LIB_PEM && ERR_GET_REASON($0.code) == PEM_R_NO_START_LINE
        }
        guard !certificates.isEmpty, endOfText else {
            throw CryptoError(
                .encoding, "the PEM text holds no readable certificate", openSSLErrors: errors.map(\.line))
        }
        return certificates
    }

    /// The certificate as PEM.
    public var pemRepresentation: String {
        // Writing a valid certificate into memory fails only when memory runs out.
        try! writePEM { PEM_write_bio_X509($0, x509) }
    }

    /// A chain written as one PEM bundle, in the given order.
    public static func pemRepresentation(of chain: [Certificate]) -> String {
        chain.map(\.pemRepresentation).joined()
    }

    /// The DER encoding.
    public var derRepresentation: [UInt8] { derBytes { i2d_X509(x509, $0) } ?? [] }

    /// The subject in RFC 2253 form, such as `CN=KEN,OU=member,O=GCSCP`.
    public var subject: String { distinguishedName(X509_get_subject_name(x509)) }

    /// The issuer in RFC 2253 form.
    public var issuer: String { distinguishedName(X509_get_issuer_name(x509)) }

    /// The subject's common name, if it has one.
    public var subjectCommonName: String? { nameEntry(X509_get_subject_name(x509), NID_commonName) }

    /// The start of the validity period.
    public var notBefore: Date { date(of: X509_get0_notBefore(x509)) }

    /// The end of the validity period.
    public var notAfter: Date { date(of: X509_get0_notAfter(x509)) }

    /// The serial number in upper-case hexadecimal.
    public var serialNumber: String {
        guard let number = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x509), nil) else { return "" }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { return "" }
        defer { copenssl_openssl_free(hex) }
        return String(cString: hex)
    }

    /// Whether the certificate's basic constraints make it a certificate authority.
    public var isCertificateAuthority: Bool { X509_check_ca(x509) != 0 }

    /// SHA-256 of the DER certificate: its fingerprint.
    public var fingerprint: [UInt8] { SHA256.hash(derRepresentation) }

    /// SHA-256 of the DER SubjectPublicKeyInfo: the "TLS key hash" the directory stores. It stays the same when
    /// a certificate is renewed for the same key.
    public var publicKeyHash: [UInt8] {
        SHA256.hash(derBytes { i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509), $0) } ?? [])
    }

    /// The URI subject alternative names.
    public var uriNames: [String] { alternativeNames(ofType: GEN_URI) }

    /// The DNS subject alternative names.
    public var dnsNames: [String] { alternativeNames(ofType: GEN_DNS) }

    /// The IP address subject alternative names, in text form (`127.0.0.1`, `::1`).
    public var ipAddresses: [String] {
        alternativeNameStrings(ofType: GEN_IPADD).compactMap { bytes in
            var text = [CChar](repeating: 0, count: 64)
            let family = bytes.count == 4 ? AF_INET : bytes.count == 16 ? AF_INET6 : -1
            guard family != -1, inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil else { return nil }
            return string(fromNulTerminated: text)
        }
    }

    /// The node identity from the first `urn:gcscp:node:` URI name, or nil when there is none.
    public var nodeIdentity: NodeIdentity? { uriNames.lazy.compactMap(NodeIdentity.init(uri:)).first }

    private func alternativeNames(ofType type: Int32) -> [String] {
        alternativeNameStrings(ofType: type).map { String(decoding: $0, as: UTF8.self) }
    }

    private func alternativeNameStrings(ofType type: Int32) -> [[UInt8]] {
        guard let raw = X509_get_ext_d2i(x509, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var result: [[UInt8]] = []
        for index in 0..<OPENSSL_sk_num(names) {
            let name = OPENSSL_sk_value(names, index).assumingMemoryBound(to: GENERAL_NAME.self)
            // The union member is an ASN1_STRING for the URI, DNS and IP types alike.
            guard name.pointee.type == type, let value = name.pointee.d.ia5 else { continue }
            result.append(bytes(of: value))
        }
        return result
    }
}

/// The bytes of an ASN.1 string.
func bytes(of string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
    let length = Int(ASN1_STRING_length(string))
    guard length > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: length))
}

/// A name in RFC 2253 form.
func distinguishedName(_ name: OpaquePointer?) -> String {
    guard let bio = try? MemoryBIO() else { return "" }
    guard X509_NAME_print_ex(bio.bio, name, 0, copenssl_xn_flag_rfc2253()) >= 0 else { return "" }
    return bio.readString()
}

/// The first entry of `nid` in a name, as UTF-8.
func nameEntry(_ name: OpaquePointer?, _ nid: Int32) -> String? {
    let index = X509_NAME_get_index_by_NID(name, nid, -1)
    guard index >= 0, let entry = X509_NAME_get_entry(name, index),
        let data = X509_NAME_ENTRY_get_data(entry)
    else { return nil }
    return String(decoding: bytes(of: data), as: UTF8.self)
}

/// Converts an ASN.1 time to a `Date`.
func date(of time: UnsafePointer<ASN1_TIME>?) -> Date {
    var parts = tm()
    guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return Date(timeIntervalSince1970: 0) }
    return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
}
