import COpenSSL

/// An ECDSA P-256 private key for TLS and for the federation's certificate authorities.
///
/// A different key from the record-signing `SigningKey`: the roles are never mixed. P-256 is chosen because
/// every TLS peer (curl, nginx, browsers, testssl) accepts it.
// @unchecked Sendable: the EVP_PKEY is never mutated after creation; OpenSSL allows concurrent use of a
// read-only key by several signing operations.
public final class TLSPrivateKey: @unchecked Sendable {
    let key: OpaquePointer

    init(owning key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    /// Generates a new P-256 key.
    /// - Throws: `CryptoError` `.keyGeneration` when OpenSSL fails.
    public convenience init() throws {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else {
            throw CryptoError.fromQueue(.keyGeneration, "could not create an EC key context")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
            EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) == 1,
            EVP_PKEY_keygen(context, &key) == 1, let key
        else {
            throw CryptoError.fromQueue(.keyGeneration, "could not generate a P-256 key")
        }
        self.init(owning: key)
    }

    /// Loads an unencrypted PKCS#8 (or SEC 1 "EC PRIVATE KEY") P-256 key from PEM.
    /// - Throws: `CryptoError` `.encoding` when the text is not PEM or holds no private key, `.invalidKey` when
    ///   the key is not ECDSA P-256.
    public convenience init(pemRepresentation: String) throws {
        let key = try readPrivateKey(pem: pemRepresentation, expecting: "EC", description: "an ECDSA P-256")
        var group = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(key, &group, group.count, &length) == 1,
            string(fromNulTerminated: group) == "prime256v1"
        else {
            let found = keyTypeName(key)
            EVP_PKEY_free(key)
            throw CryptoError(.invalidKey, "expected an ECDSA P-256 private key, found \(found)")
        }
        self.init(owning: key)
    }

    /// The key as unencrypted PKCS#8 PEM. Protecting the file is the caller's business.
    public var pemRepresentation: String {
        // Writing a valid key into memory fails only when memory runs out.
        try! writePEM { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
    }

    /// The public key as SubjectPublicKeyInfo PEM.
    public var publicKeyPEM: String {
        try! writePEM { PEM_write_bio_PUBKEY($0, key) }
    }

    /// SHA-256 of the DER SubjectPublicKeyInfo: the "TLS key hash" the directory stores for a node.
    public var publicKeyHash: [UInt8] {
        SHA256.hash(derBytes { i2d_PUBKEY(key, $0) } ?? [])
    }
}
