import COpenSSL
import Foundation

/// Assembles one X.509 v3 certificate; used by `CertificateAuthority` only.
final class CertificateBuilder {
    private let x509: OpaquePointer
    private var handedOut = false

    init() throws {
        guard let x509 = X509_new() else {
            throw CryptoError.fromQueue(.certificate, "could not allocate a certificate")
        }
        self.x509 = x509
        guard X509_set_version(x509, 2) == 1 else {
            throw CryptoError.fromQueue(.certificate, "could not set the certificate version")
        }
    }

    deinit { if !handedOut { X509_free(x509) } }

    /// Sets a random positive 128-bit serial number, as the CA/Browser baseline asks (at least 64 bits).
    func setRandomSerial() throws {
        var random = try SecureRandom.bytes(16)
        random[0] &= 0x7f
        guard let number = BN_bin2bn(random, Int32(random.count), nil) else {
            throw CryptoError.fromQueue(.certificate, "could not make a serial number")
        }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(x509)) != nil else {
            throw CryptoError.fromQueue(.certificate, "could not set the serial number")
        }
    }

    func setValidity(from start: Date, lifetime: TimeInterval) throws {
        guard lifetime > 0 else { throw CryptoError(.certificate, "a certificate's lifetime must be positive") }
        let end = start.addingTimeInterval(lifetime)
        guard ASN1_TIME_set(X509_getm_notBefore(x509), time_t(start.timeIntervalSince1970)) != nil,
            ASN1_TIME_set(X509_getm_notAfter(x509), time_t(end.timeIntervalSince1970)) != nil
        else {
            throw CryptoError.fromQueue(.certificate, "could not set the validity period")
        }
    }

    func setSubject(_ name: OpaquePointer) throws {
        guard X509_set_subject_name(x509, name) == 1 else {
            throw CryptoError.fromQueue(.certificate, "could not set the subject name")
        }
    }

    /// Sets the issuer name: the subject of the issuing certificate, or of this one when self-signed.
    func setIssuer(_ issuer: Certificate?) throws {
        let name = issuer.map { X509_get_subject_name($0.x509) } ?? X509_get_subject_name(x509)
        guard X509_set_issuer_name(x509, name) == 1 else {
            throw CryptoError.fromQueue(.certificate, "could not set the issuer name")
        }
    }

    func setPublicKey(_ key: OpaquePointer) throws {
        guard X509_set_pubkey(x509, key) == 1 else {
            throw CryptoError.fromQueue(.certificate, "could not set the public key")
        }
    }

    /// Adds extensions in OpenSSL's configuration syntax, in order (SKI must come before AKI).
    ///
    /// `issuer` nil means self-signed. Values are built by this module from checked inputs only.
    func addExtensions(_ extensions: [(nid: Int32, value: String)], issuer: Certificate?) throws {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer?.x509 ?? x509, x509, nil, nil, 0)
        for (nid, value) in extensions {
            guard let `extension` = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                let name = OBJ_nid2sn(nid).map { String(cString: $0) } ?? "\(nid)"
                throw CryptoError.fromQueue(.certificate, "could not make the \(name) extension")
            }
            defer { X509_EXTENSION_free(`extension`) }
            guard X509_add_ext(x509, `extension`, -1) == 1 else {
                throw CryptoError.fromQueue(.certificate, "could not add an extension")
            }
        }
    }

    /// Signs with ECDSA-SHA256 and hands the finished certificate out.
    func sign(with key: TLSPrivateKey) throws -> Certificate {
        guard X509_sign(x509, key.key, EVP_sha256()) > 0 else {
            throw CryptoError.fromQueue(.certificate, "could not sign the certificate")
        }
        handedOut = true
        return Certificate(owning: x509)
    }
}

/// Builds a name from (field, value) pairs such as ("O", "GCSCP"), ("CN", "KEN"). The caller frees it.
func makeName(_ entries: [(String, String)]) throws -> OpaquePointer {
    guard let name = X509_NAME_new() else {
        throw CryptoError.fromQueue(.certificate, "could not allocate a name")
    }
    for (field, value) in entries {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= 64,
            X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1
        else {
            X509_NAME_free(name)
            throw CryptoError.fromQueue(.certificate, "a name's \(field) must be 1 to 64 bytes of UTF-8")
        }
    }
    return name
}
