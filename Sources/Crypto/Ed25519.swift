import COpenSSL

/// An Ed25519 private key, used to sign stream entries. Never logged, never part of an error message.
///
/// The key owns its OpenSSL `EVP_PKEY` and frees it when released.
// @unchecked Sendable: the EVP_PKEY is never mutated after creation, and OpenSSL allows concurrent signing with
// per-call digest contexts.
public final class SigningKey: @unchecked Sendable {
    let key: OpaquePointer

    init(owning key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    /// Generates a new key from OpenSSL's random generator.
    public convenience init() throws {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else {
            throw CryptoError.fromQueue(.keyGeneration, "could not create an Ed25519 key context")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &key) == 1, let key else {
            throw CryptoError.fromQueue(.keyGeneration, "could not generate an Ed25519 key")
        }
        self.init(owning: key)
    }

    /// Makes a key from its 32-byte seed (RFC 8032 private key), as test vectors give it.
    public convenience init(seed: [UInt8]) throws {
        guard seed.count == 32,
            let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count)
        else {
            throw CryptoError.fromQueue(.invalidKey, "an Ed25519 seed must be 32 bytes")
        }
        self.init(owning: key)
    }

    /// The 32-byte seed; for test vectors and key export only.
    public var seed: [UInt8] {
        var length = 32
        var bytes = [UInt8](repeating: 0, count: 32)
        _ = EVP_PKEY_get_raw_private_key(key, &bytes, &length)
        return bytes
    }

    /// The matching public key.
    public var publicKey: VerifyingKey {
        var length = 32
        var bytes = [UInt8](repeating: 0, count: 32)
        _ = EVP_PKEY_get_raw_public_key(key, &bytes, &length)
        // A raw public key read back from a valid private key is always valid.
        return try! VerifyingKey(rawRepresentation: bytes)
    }

    /// Signs `message` with Ed25519 (pure, no pre-hash) and returns the 64-byte signature.
    public func signature(for message: some Collection<UInt8>) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else {
            throw CryptoError.fromQueue(.signing, "could not create a signing context")
        }
        defer { EVP_MD_CTX_free(context) }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        let message = Array(message)
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1,
            EVP_DigestSign(context, &signature, &length, message, message.count) == 1
        else {
            throw CryptoError.fromQueue(.signing, "Ed25519 signing failed")
        }
        return signature
    }
}

/// An Ed25519 public key, used to verify stream entries.
// @unchecked Sendable: the EVP_PKEY is never mutated after creation; verification uses per-call contexts.
public final class VerifyingKey: @unchecked Sendable, Hashable {
    let key: OpaquePointer
    /// The 32 raw bytes of the key (RFC 8032 encoding).
    public let rawRepresentation: [UInt8]

    init(owning key: OpaquePointer, raw: [UInt8]) {
        self.key = key
        self.rawRepresentation = raw
    }

    deinit { EVP_PKEY_free(key) }

    /// Makes a key from its 32 raw bytes.
    /// - Throws: `CryptoError` `.invalidKey` when the bytes are not a key.
    public convenience init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == 32,
            let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, rawRepresentation, 32)
        else {
            throw CryptoError.fromQueue(.invalidKey, "an Ed25519 public key must be 32 bytes")
        }
        self.init(owning: key, raw: rawRepresentation)
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key. Costs about 150 µs here.
    public func isValidSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
        guard signature.count == 64, let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let signature = Array(signature)
        let message = Array(message)
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else {
            _ = drainOpenSSLErrorQueue()
            return false
        }
        let valid = EVP_DigestVerify(context, signature, 64, message, message.count) == 1
        if !valid { _ = drainOpenSSLErrorQueue() }
        return valid
    }

    public static func == (lhs: VerifyingKey, rhs: VerifyingKey) -> Bool {
        lhs.rawRepresentation == rhs.rawRepresentation
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawRepresentation) }
}
