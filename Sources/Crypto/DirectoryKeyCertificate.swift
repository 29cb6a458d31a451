import COpenSSL
import Foundation

// The custodian's directory key (Ed25519) is a third key role. Its trust comes from the federation root: the
// root, or an issuing CA below it, certifies the key in an X.509 certificate with the URI name
// `urn:gcscp:directory:<code>`. OpenSSL signs such a certificate with the CA's P-256 key like any other.

extension CertificateAuthority {
    /// Certifies `key` as the directory key of the custodian `code`.
    ///
    /// Subject `O=GCSCP, OU=directory, CN=<code>`; URI name `urn:gcscp:directory:<code>`; CA:FALSE,
    /// digitalSignature only; a 128-bit random serial; SKI and AKI. Two years by default.
    /// - Throws: `CryptoError` `.certificate` when the code is not 2 to 16 upper-case letters or digits, or
    ///   OpenSSL fails.
    public func certifyDirectoryKey(
        _ key: VerifyingKey, code: String, validFrom: Date = Date() - clockSkewAllowance,
        lifetime: TimeInterval = 2 * year
    ) throws -> Certificate {
        guard NodeIdentity.isValidCode(code) else {
            throw CryptoError(.certificate, "a custodian code must be 2 to 16 upper-case letters or digits")
        }
        let builder = try CertificateBuilder()
        try builder.setRandomSerial()
        let name = try makeName([("O", "GCSCP"), ("OU", "directory"), ("CN", code)])
        defer { X509_NAME_free(name) }
        try builder.setSubject(name)
        try builder.setPublicKey(key.key)
        try builder.setIssuer(certificate)
        try builder.setValidity(from: validFrom, lifetime: lifetime)
        try builder.addExtensions(
            [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
                (NID_subject_alt_name, "URI:\(Certificate.directoryURIPrefix)\(code)"),
            ], issuer: certificate)
        return try builder.sign(with: self.key)
    }
}

/// What checking a certificate chain found.
public struct CertificateVerdict: Sendable, Equatable {
    /// OpenSSL's verification result code (`X509_V_OK`, 0, when trusted).
    public let code: Int32
    /// Why the chain is not trusted, in OpenSSL's words (such as "certificate has expired"); nil when trusted.
    public let failure: String?

    /// Whether the certificate chains to one of the anchors and is valid at the time asked.
    public var isTrusted: Bool { failure == nil }
}

extension Certificate {
    /// The URI name prefix of a directory key certificate, followed by the custodian's code.
    public static let directoryURIPrefix = "urn:gcscp:directory:"

    /// The custodian code from the first `urn:gcscp:directory:` URI name, or nil when there is none.
    public var directoryCode: String? {
        uriNames.lazy.compactMap { uri -> String? in
            guard uri.hasPrefix(Certificate.directoryURIPrefix) else { return nil }
            let code = String(uri.dropFirst(Certificate.directoryURIPrefix.count))
            return NodeIdentity.isValidCode(code) ? code : nil
        }.first
    }

    /// The subject's key when it is Ed25519 (a directory key certificate), else nil.
    public var ed25519PublicKey: VerifyingKey? {
        guard let key = X509_get0_pubkey(x509), EVP_PKEY_is_a(key, "ED25519") == 1 else { return nil }
        var length = 32
        var raw = [UInt8](repeating: 0, count: 32)
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == 32 else {
            _ = drainOpenSSLErrorQueue()
            return nil
        }
        return try? VerifyingKey(rawRepresentation: raw)
    }

    /// Checks that this certificate chains through `chain` (intermediates, in any order) to one of `anchors`
    /// and that every certificate on the path is valid at `time` (OpenSSL's `X509_verify_cert`).
    ///
    /// A rejection is a result, not an error: the verdict names OpenSSL's reason.
    public func verify(chain: [Certificate], anchors: [Certificate], at time: Date) -> CertificateVerdict {
        guard let store = X509_STORE_new(), let context = X509_STORE_CTX_new(),
            let untrusted = OPENSSL_sk_new_null()
        else {
            return CertificateVerdict(code: -1, failure: "out of memory: \(drainOpenSSLErrorQueue())")
        }
        defer {
            X509_STORE_CTX_free(context)
            OPENSSL_sk_free(untrusted)
            X509_STORE_free(store)
        }
        for anchor in anchors { _ = X509_STORE_add_cert(store, anchor.x509) }
        // The stack borrows the certificates; `chain` keeps them alive until the context is freed.
        for certificate in chain { _ = OPENSSL_sk_push(untrusted, UnsafeRawPointer(certificate.x509)) }
        guard X509_STORE_CTX_init(context, store, x509, untrusted) == 1 else {
            return CertificateVerdict(code: -1, failure: "could not start verification: \(drainOpenSSLErrorQueue())")
        }
        X509_STORE_CTX_set_time(context, 0, time_t(time.timeIntervalSince1970))
        let trusted = withExtendedLifetime(chain) { X509_verify_cert(context) == 1 }
        _ = drainOpenSSLErrorQueue()
        guard !trusted else { return CertificateVerdict(code: 0, failure: nil) }
        let code = X509_STORE_CTX_get_error(context)
        let reason = X509_verify_cert_error_string(Int(code)).map { String(cString: $0) } ?? "error \(code)"
        return CertificateVerdict(code: code, failure: reason)
    }
}

extension Certificate {
    /// Loads a certificate from DER, as the directory exchange carries it.
    /// - Throws: `CryptoError` `.encoding` when the bytes are not exactly one DER certificate.
    public convenience init(derRepresentation der: [UInt8]) throws {
        var consumed = 0
        let x509 = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let result = d2i_X509(nil, &cursor, buffer.count)
            if let start = buffer.baseAddress, let cursor { consumed = cursor - start }
            return result
        }
        guard let x509 else { throw CryptoError.fromQueue(.encoding, "the bytes are not a DER certificate") }
        guard consumed == der.count else {
            X509_free(x509)
            throw CryptoError(.encoding, "bytes follow the DER certificate")
        }
        self.init(owning: x509)
    }
}
