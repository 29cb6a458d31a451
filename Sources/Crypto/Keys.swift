import COpenSSL

// PEM encodings of the record-signing key (PKCS#8) and its public key (SubjectPublicKeyInfo).

extension SigningKey {
    /// Loads an unencrypted PKCS#8 Ed25519 private key (`-----BEGIN PRIVATE KEY-----`).
    /// - Throws: `CryptoError` `.encoding` when the text is not PEM or holds no private key, `.invalidKey` when
    ///   the key is not Ed25519 (for example an RSA or P-256 key).
    public convenience init(pemRepresentation: String) throws {
        let key = try readPrivateKey(pem: pemRepresentation, expecting: "ED25519", description: "an Ed25519")
        self.init(owning: key)
    }

    /// The key as unencrypted PKCS#8 PEM. Protecting the file is the caller's business.
    public var pemRepresentation: String {
        // Writing a valid key into memory fails only when memory runs out.
        try! writePEM { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
    }
}

extension VerifyingKey {
    /// Loads an Ed25519 public key from SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
    /// - Throws: `CryptoError` `.encoding` when the text is not PEM or holds no public key, `.invalidKey` when
    ///   the key is not Ed25519.
    public convenience init(pemRepresentation: String) throws {
        guard looksLikePEM(pemRepresentation) else {
            throw CryptoError(.encoding, "the text is not PEM (no -----BEGIN line)")
        }
        let bio = try MemoryBIO(Array(pemRepresentation.utf8))
        guard let key = PEM_read_bio_PUBKEY(bio.bio, nil, refusePassphrase, nil) else {
            throw CryptoError.fromQueue(.encoding, "the PEM text holds no public key")
        }
        guard EVP_PKEY_is_a(key, "ED25519") == 1 else {
            let found = keyTypeName(key)
            EVP_PKEY_free(key)
            throw CryptoError(.invalidKey, "expected an Ed25519 public key, found \(found)")
        }
        var length = 32
        var raw = [UInt8](repeating: 0, count: 32)
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == 32 else {
            EVP_PKEY_free(key)
            throw CryptoError.fromQueue(.invalidKey, "could not read the Ed25519 public key")
        }
        self.init(owning: key, raw: raw)
    }

    /// The key as SubjectPublicKeyInfo PEM.
    public var pemRepresentation: String {
        // Writing a valid key into memory fails only when memory runs out.
        try! writePEM { PEM_write_bio_PUBKEY($0, key) }
    }
}

/// Reads an unencrypted private key from PEM and checks that it is of the `expected` OpenSSL type.
func readPrivateKey(pem: String, expecting expected: String, description: String) throws -> OpaquePointer {
    guard looksLikePEM(pem) else {
        throw CryptoError(.encoding, "the text is not PEM (no -----BEGIN line)")
    }
    let bio = try MemoryBIO(Array(pem.utf8))
    guard let key = PEM_read_bio_PrivateKey(bio.bio, nil, refusePassphrase, nil) else {
        throw CryptoError.fromQueue(
            .encoding, "the PEM text holds no unencrypted private key (encrypted keys are not supported)")
    }
    guard EVP_PKEY_is_a(key, expected) == 1 else {
        let found = keyTypeName(key)
        EVP_PKEY_free(key)
        throw CryptoError(.invalidKey, "expected \(description) private key, found \(found)")
    }
    return key
}

/// A readable name for a key's type, such as "RSA", "EC (prime256v1)" or "ED25519".
func keyTypeName(_ key: OpaquePointer) -> String {
    let type = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "an unknown key type"
    var group = [CChar](repeating: 0, count: 64)
    var length = 0
    if EVP_PKEY_get_group_name(key, &group, group.count, &length) == 1 {
        return "\(type) (\(string(fromNulTerminated: group)))"
    }
    _ = drainOpenSSLErrorQueue()
    return type
}

/// Runs a `PEM_write_bio_*` call into a fresh memory BIO and returns the text.
func writePEM(_ write: (OpaquePointer) -> Int32) throws -> String {
    let bio = try MemoryBIO()
    guard write(bio.bio) == 1 else {
        throw CryptoError.fromQueue(.encoding, "could not encode PEM")
    }
    return bio.readString()
}
