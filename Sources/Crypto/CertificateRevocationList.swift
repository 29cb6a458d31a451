import COpenSSL
import Foundation

/// A certificate revocation list (X.509 v2 CRL, RFC 5280 section 5), read-only once made or loaded.
///
/// Made by `CertificateAuthority.makeRevocationList`; loaded from DER or PEM to read or check one.
/// Owns its OpenSSL `X509_CRL` and frees it when released.
// @unchecked Sendable: the X509_CRL is never mutated after creation or loading, and the read accessors used here
// do not change it.
public final class CertificateRevocationList: @unchecked Sendable {
    let crl: OpaquePointer

    /// Takes ownership of `crl` (one reference).
    init(owning crl: OpaquePointer) { self.crl = crl }

    deinit { X509_CRL_free(crl) }

    /// Loads a CRL from its DER encoding, as served with `Content-Type: application/pkix-crl`.
    /// - Throws: `CryptoError` `.encoding` when the bytes are not exactly one DER CRL.
    public convenience init(derRepresentation: [UInt8]) throws {
        let loaded = derRepresentation.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            let crl = d2i_X509_CRL(nil, &cursor, buffer.count)
            // Bytes after the CRL mean the input is something else that merely starts like a CRL.
            guard let crl, cursor == buffer.baseAddress.map({ $0 + buffer.count }) else {
                X509_CRL_free(crl)
                return nil
            }
            return crl
        }
        guard let loaded else {
            throw CryptoError.fromQueue(.encoding, "the bytes are not a DER certificate revocation list")
        }
        self.init(owning: loaded)
    }

    /// Loads the first CRL in a PEM text (`-----BEGIN X509 CRL-----`).
    /// - Throws: `CryptoError` `.encoding` when the text is not PEM or holds no CRL.
    public convenience init(pemRepresentation: String) throws {
        guard looksLikePEM(pemRepresentation) else {
            throw CryptoError(.encoding, "the text is not PEM (no -----BEGIN line)")
        }
        let bio = try MemoryBIO(Array(pemRepresentation.utf8))
        guard let crl = PEM_read_bio_X509_CRL(bio.bio, nil, refusePassphrase, nil) else {
            throw CryptoError.fromQueue(.encoding, "the PEM text holds no certificate revocation list")
        }
        self.init(owning: crl)
    }

    /// The DER encoding.
    public var derRepresentation: [UInt8] { derBytes { i2d_X509_CRL(crl, $0) } ?? [] }

    /// The CRL as PEM.
    public var pemRepresentation: String {
        // Writing a valid CRL into memory fails only when memory runs out.
        try! writePEM { PEM_write_bio_X509_CRL($0, crl) }
    }

    /// The issuer in RFC 2253 form; it equals the subject of the CA that signed the CRL.
    public var issuer: String { distinguishedName(X509_CRL_get_issuer(crl)) }

    /// When this CRL was issued.
    public var thisUpdate: Date { date(of: X509_CRL_get0_lastUpdate(crl)) }

    /// When the next CRL will be issued at the latest; nil when the CRL does not say (ours always do).
    public var nextUpdate: Date? { X509_CRL_get0_nextUpdate(crl).map { date(of: $0) } }

    /// The CRL number, which grows with every CRL the CA issues; nil when the extension is absent or too large.
    public var number: UInt64? {
        guard let raw = X509_CRL_get_ext_d2i(crl, NID_crl_number, nil, nil) else { return nil }
        let integer = raw.assumingMemoryBound(to: ASN1_INTEGER.self)
        defer { ASN1_INTEGER_free(integer) }
        var value: UInt64 = 0
        guard ASN1_INTEGER_get_uint64(&value, integer) == 1 else {
            _ = drainOpenSSLErrorQueue()
            return nil
        }
        return value
    }

    /// The authority key identifier: the signing CA's subject key identifier; nil when absent.
    public var authorityKeyIdentifier: [UInt8]? {
        guard let raw = X509_CRL_get_ext_d2i(crl, NID_authority_key_identifier, nil, nil) else { return nil }
        let identifier = raw.assumingMemoryBound(to: AUTHORITY_KEYID.self)
        defer { AUTHORITY_KEYID_free(identifier) }
        return identifier.pointee.keyid.map { bytes(of: $0) }
    }

    /// The revoked certificates, in the order the CRL lists them (sorted by serial number when we made it).
    ///
    /// An entry whose reason this module does not offer (such as `certificateHold`) is listed as `unspecified`.
    public var revokedCertificates: [RevokedCertificate] {
        guard let stack = X509_CRL_get_REVOKED(crl) else { return [] }
        return (0..<OPENSSL_sk_num(stack)).compactMap { index in
            let entry = OpaquePointer(OPENSSL_sk_value(stack, index))
            guard let serial = serialNumber(of: X509_REVOKED_get0_serialNumber(entry)) else { return nil }
            return RevokedCertificate(
                normalisedSerialNumber: serial, revocationDate: date(of: X509_REVOKED_get0_revocationDate(entry)),
                reason: reason(of: entry))
        }
    }

    /// The entry for `certificate`, or nil when the CRL does not list its serial number.
    ///
    /// Only meaningful once `isIssued(by:)` holds for the certificate's issuer.
    public func entry(for certificate: Certificate) -> RevokedCertificate? {
        revokedCertificates.first { $0.serialNumber == certificate.serialNumber }
    }

    /// Whether `issuer` made this CRL: its name is the CRL's issuer, its key identifier is the CRL's authority
    /// key identifier, its key usage allows CRL signing, and its public key verifies the CRL's signature.
    public func isIssued(by issuer: Certificate) -> Bool {
        defer { _ = drainOpenSSLErrorQueue() }
        guard X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer.x509)) == 0,
            X509_get_key_usage(issuer.x509) & UInt32(KU_CRL_SIGN) != 0,
            let keyIdentifier = X509_get0_subject_key_id(issuer.x509),
            authorityKeyIdentifier == bytes(of: keyIdentifier),
            let key = X509_get0_pubkey(issuer.x509)
        else { return false }
        return X509_CRL_verify(crl, key) == 1
    }

    private func reason(of entry: OpaquePointer?) -> RevocationReason {
        guard let raw = X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nil, nil) else { return .unspecified }
        let code = raw.assumingMemoryBound(to: ASN1_ENUMERATED.self)
        defer { ASN1_ENUMERATED_free(code) }
        return RevocationReason(rawValue: ASN1_ENUMERATED_get(code)) ?? .unspecified
    }
}

/// An ASN.1 integer's value in upper-case hexadecimal, as `Certificate.serialNumber` writes it.
func serialNumber(of integer: UnsafePointer<ASN1_INTEGER>?) -> String? {
    guard let integer, let number = ASN1_INTEGER_to_BN(integer, nil) else { return nil }
    defer { BN_free(number) }
    return hexadecimal(number)
}
