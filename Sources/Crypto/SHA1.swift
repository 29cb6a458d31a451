import COpenSSL

/// SHA-1 through OpenSSL's EVP interface, for formats that fix it as their identifier hash.
///
/// OpenPGP v4 key fingerprints (RFC 9580 section 5.5.4.2) are SHA-1 by definition; that is the one use. Never use it
/// to protect integrity: SHA-1 collisions are practical.
public enum SHA1 {
    /// The length of a digest in bytes.
    public static let digestLength = 20

    /// Hashes `bytes` in one call.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else {
            // Allocation of a digest context fails only when the process is out of memory.
            fatalError("OpenSSL could not create a SHA-1 context: \(drainOpenSSLErrorQueue())")
        }
        defer { EVP_MD_CTX_free(context) }
        let input = Array(bytes)
        var digest = [UInt8](repeating: 0, count: digestLength)
        var length: UInt32 = 0
        let done =
            EVP_DigestInit_ex(context, EVP_sha1(), nil) == 1
            && input.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) } == 1
            && EVP_DigestFinal_ex(context, &digest, &length) == 1
        guard done, length == UInt32(digestLength) else {
            // The default provider always offers SHA-1; a failure here means a broken OpenSSL installation.
            fatalError("OpenSSL could not compute SHA-1: \(drainOpenSSLErrorQueue())")
        }
        return digest
    }
}
