import COpenSSL

/// Password hashing with scrypt, through OpenSSL's scrypt key derivation.
///
/// A hash is one self-describing string, `scrypt$N$r$p$salt$hash` with the salt and hash in base64, so the
/// cost can be raised later while old hashes still verify. Costs about 100 ms and 32 MiB per call here, which
/// is the point: it slows down guessing.
public enum PasswordHash {
    /// The CPU/memory cost: 2^15, as RFC 7914 suggests for interactive logins.
    public static let defaultCost = 1 << 15
    /// The block size.
    public static let defaultBlockSize = 8
    /// The parallelism.
    public static let defaultParallelism = 1
    static let saltLength = 16
    static let hashLength = 32
    /// Parameters above these are refused when verifying, so a planted hash cannot exhaust memory.
    static let maximumCost = 1 << 20
    static let maximumMemory: UInt64 = 256 << 20

    /// Hashes `password` with a fresh random salt.
    /// - Throws: `CryptoError` `.keyDerivation` when OpenSSL fails, `.randomness` when no salt can be drawn.
    public static func make(password: String) throws -> String {
        let salt = try SecureRandom.bytes(saltLength)
        let (cost, blockSize, parallelism) = (defaultCost, defaultBlockSize, defaultParallelism)
        let hash = try derive(
            password: password, salt: salt, cost: cost, blockSize: blockSize, parallelism: parallelism)
        return ["scrypt", "\(cost)", "\(blockSize)", "\(parallelism)", Base64.encode(salt), Base64.encode(hash)]
            .joined(separator: "$")
    }

    /// Whether `password` matches `stored`, compared in constant time.
    ///
    /// A malformed stored string, or one with parameters beyond the limits, never matches.
    public static func verify(password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt",
            let cost = Int(parts[1]), let blockSize = Int(parts[2]), let parallelism = Int(parts[3]),
            cost > 1, cost <= maximumCost, cost & (cost - 1) == 0,
            (1...32).contains(blockSize), (1...16).contains(parallelism),
            let salt = Base64.decode(String(parts[4])), let expected = Base64.decode(String(parts[5])),
            !salt.isEmpty, (16...64).contains(expected.count),
            let actual = try? derive(
                password: password, salt: salt, cost: cost, blockSize: blockSize, parallelism: parallelism,
                length: expected.count)
        else { return false }
        return CRYPTO_memcmp(actual, expected, expected.count) == 0
    }

    static func derive(
        password: String, salt: [UInt8], cost: Int, blockSize: Int, parallelism: Int, length: Int = hashLength
    ) throws -> [UInt8] {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_SCRYPT, nil) else {
            throw CryptoError.fromQueue(.keyDerivation, "could not create a scrypt context")
        }
        defer { EVP_PKEY_CTX_free(context) }
        let passwordBytes = Array(password.utf8)
        var output = [UInt8](repeating: 0, count: length)
        var outputLength = length
        guard EVP_PKEY_derive_init(context) == 1,
            EVP_PKEY_CTX_set1_pbe_pass(context, passwordBytes, Int32(passwordBytes.count)) == 1,
            EVP_PKEY_CTX_set1_scrypt_salt(context, salt, Int32(salt.count)) == 1,
            EVP_PKEY_CTX_set_scrypt_N(context, UInt64(cost)) == 1,
            EVP_PKEY_CTX_set_scrypt_r(context, UInt64(blockSize)) == 1,
            EVP_PKEY_CTX_set_scrypt_p(context, UInt64(parallelism)) == 1,
            EVP_PKEY_CTX_set_scrypt_maxmem_bytes(context, maximumMemory) == 1,
            EVP_PKEY_derive(context, &output, &outputLength) == 1, outputLength == length
        else {
            throw CryptoError.fromQueue(.keyDerivation, "scrypt key derivation failed")
        }
        return output
    }
}
