import Crypto
import Testing

@Suite struct PasswordHashTests {
    @Test func aHashDescribesItselfAndVerifiesOnlyItsPassword() throws {
        let stored = try PasswordHash.make(password: "correct horse battery staple")
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        #expect(parts.count == 6)
        #expect(Array(parts.prefix(4)) == ["scrypt", "32768", "8", "1"])
        #expect(parts[4].count == 24)  // 16 bytes of salt
        #expect(parts[5].count == 44)  // 32 bytes of hash
        #expect(PasswordHash.verify(password: "correct horse battery staple", against: stored))
        #expect(!PasswordHash.verify(password: "correct horse battery stapler", against: stored))
        #expect(!PasswordHash.verify(password: "", against: stored))
    }

    @Test func theSamePasswordHashesDifferentlyEachTime() throws {
        let first = try PasswordHash.make(password: "mot de passe")
        let second = try PasswordHash.make(password: "mot de passe")
        #expect(first != second)
        #expect(PasswordHash.verify(password: "mot de passe", against: second))
    }

    /// RFC 7914, section 12, third vector (N = 16384, r = 8, p = 1), truncated to its first 32 bytes.
    @Test func rfc7914VectorVerifies() {
        let stored = "scrypt$16384$8$1$U29kaXVtQ2hsb3JpZGU=$cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofI="
        #expect(PasswordHash.verify(password: "pleaseletmein", against: stored))
        #expect(!PasswordHash.verify(password: "pleaseletmeout", against: stored))
    }

    @Test func malformedOrExcessiveHashesNeverMatch() {
        let salt = "U29kaXVtQ2hsb3JpZGU="
        let hash = "cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofI="
        for stored in [
            "", "scrypt", "bcrypt$16384$8$1$\(salt)$\(hash)", "scrypt$16383$8$1$\(salt)$\(hash)",
            "scrypt$1073741824$8$1$\(salt)$\(hash)", "scrypt$16384$8$1$not base64!$\(hash)",
            "scrypt$16384$8$1$\(salt)$", "scrypt$16384$8$1$\(salt)$\(hash)$extra",
        ] {
            #expect(!PasswordHash.verify(password: "pleaseletmein", against: stored), "\(stored)")
        }
    }
}
