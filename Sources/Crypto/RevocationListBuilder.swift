import COpenSSL
import Foundation

/// Assembles one X.509 v2 CRL; used by `CertificateAuthority.makeRevocationList` only.
final class RevocationListBuilder {
    private let crl: OpaquePointer
    private var handedOut = false

    init() throws {
        guard let crl = X509_CRL_new() else {
            throw CryptoError.fromQueue(.certificate, "could not allocate a certificate revocation list")
        }
        self.crl = crl
        // Version 2 (encoded 1) is what allows extensions such as the CRL number.
        guard X509_CRL_set_version(crl, 1) == 1 else {
            throw CryptoError.fromQueue(.certificate, "could not set the revocation list's version")
        }
    }

    deinit { if !handedOut { X509_CRL_free(crl) } }

    func setIssuer(_ issuer: Certificate) throws {
        guard X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer.x509)) == 1 else {
            throw CryptoError.fromQueue(.certificate, "could not set the revocation list's issuer")
        }
    }

    func setUpdates(this thisUpdate: Date, next nextUpdate: Date) throws {
        guard nextUpdate > thisUpdate else {
            throw CryptoError(.certificate, "a revocation list's lifetime must be positive")
        }
        let set = { (date: Date, setter: (OpaquePointer, UnsafePointer<ASN1_TIME>) -> Int32) -> Bool in
            guard let time = ASN1_TIME_set(nil, time_t(date.timeIntervalSince1970)) else { return false }
            defer { ASN1_TIME_free(time) }
            return setter(self.crl, time) == 1
        }
        guard set(thisUpdate, { X509_CRL_set1_lastUpdate($0, $1) }),
            set(nextUpdate, { X509_CRL_set1_nextUpdate($0, $1) })
        else {
            throw CryptoError.fromQueue(.certificate, "could not set the revocation list's update times")
        }
    }

    /// Adds one entry: serial number, revocation date, and a reason code unless the reason is unspecified.
    func add(_ revoked: RevokedCertificate) throws {
        guard let entry = X509_REVOKED_new() else {
            throw CryptoError.fromQueue(.certificate, "could not allocate a revocation entry")
        }
        var owned = true
        defer { if owned { X509_REVOKED_free(entry) } }
        let serial = try integer(hexadecimal: revoked.serialNumber)
        defer { ASN1_INTEGER_free(serial) }
        guard X509_REVOKED_set_serialNumber(entry, serial) == 1,
            let date = ASN1_TIME_set(nil, time_t(revoked.revocationDate.timeIntervalSince1970))
        else {
            throw CryptoError.fromQueue(.certificate, "could not set a revocation entry's serial number or date")
        }
        defer { ASN1_TIME_free(date) }
        guard X509_REVOKED_set_revocationDate(entry, date) == 1 else {
            throw CryptoError.fromQueue(.certificate, "could not set a revocation entry's date")
        }
        // RFC 5280 5.3.1: leave the reason code out rather than write "unspecified".
        if revoked.reason != .unspecified {
            guard let code = ASN1_ENUMERATED_new() else {
                throw CryptoError.fromQueue(.certificate, "could not allocate a reason code")
            }
            defer { ASN1_ENUMERATED_free(code) }
            guard ASN1_ENUMERATED_set(code, revoked.reason.rawValue) == 1,
                X509_REVOKED_add1_ext_i2d(entry, NID_crl_reason, code, 0, 0) == 1
            else {
                throw CryptoError.fromQueue(.certificate, "could not add a revocation entry's reason code")
            }
        }
        guard X509_CRL_add0_revoked(crl, entry) == 1 else {
            throw CryptoError.fromQueue(.certificate, "could not add a revocation entry")
        }
        owned = false
    }

    /// Adds the CRL number and the authority key identifier (keyid of `issuer`), neither critical.
    func addExtensions(number: UInt64, issuer: Certificate) throws {
        guard let integer = ASN1_INTEGER_new() else {
            throw CryptoError.fromQueue(.certificate, "could not allocate the CRL number")
        }
        defer { ASN1_INTEGER_free(integer) }
        guard ASN1_INTEGER_set_uint64(integer, number) == 1,
            X509_CRL_add1_ext_i2d(crl, NID_crl_number, integer, 0, 0) == 1
        else {
            throw CryptoError.fromQueue(.certificate, "could not add the CRL number")
        }
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer.x509, nil, nil, crl, 0)
        guard let `extension` = X509V3_EXT_conf_nid(nil, &context, NID_authority_key_identifier, "keyid:always")
        else {
            throw CryptoError.fromQueue(.certificate, "could not make the authority key identifier")
        }
        defer { X509_EXTENSION_free(`extension`) }
        guard X509_CRL_add_ext(crl, `extension`, -1) == 1 else {
            throw CryptoError.fromQueue(.certificate, "could not add the authority key identifier")
        }
    }

    /// Sorts the entries by serial number, signs with ECDSA-SHA256 and hands the finished CRL out.
    func sign(with key: TLSPrivateKey) throws -> CertificateRevocationList {
        guard X509_CRL_sort(crl) == 1, X509_CRL_sign(crl, key.key, EVP_sha256()) > 0 else {
            throw CryptoError.fromQueue(.certificate, "could not sign the revocation list")
        }
        handedOut = true
        return CertificateRevocationList(owning: crl)
    }

    private func integer(hexadecimal: String) throws -> UnsafeMutablePointer<ASN1_INTEGER> {
        var number: OpaquePointer?
        guard BN_hex2bn(&number, hexadecimal) > 0, let number else {
            throw CryptoError.fromQueue(.certificate, "'\(hexadecimal)' is not a serial number")
        }
        defer { BN_free(number) }
        guard let integer = BN_to_ASN1_INTEGER(number, nil) else {
            throw CryptoError.fromQueue(.certificate, "could not encode a serial number")
        }
        return integer
    }
}
