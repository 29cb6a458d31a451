import Crypto
import Testing

@Suite struct KeyPEMTests {
    @Test func signingKeyRoundTripsThroughPKCS8() throws {
        let key = try SigningKey()
        let pem = key.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let loaded = try SigningKey(pemRepresentation: pem)
        #expect(loaded.seed == key.seed)
        #expect(loaded.publicKey == key.publicKey)
    }

    @Test func verifyingKeyRoundTripsThroughSubjectPublicKeyInfo() throws {
        let key = try SigningKey()
        let pem = key.publicKey.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        let loaded = try VerifyingKey(pemRepresentation: pem)
        #expect(loaded == key.publicKey)
        let message = Array("entry".utf8)
        #expect(loaded.isValidSignature(try key.signature(for: message), for: message))
    }

    @Test func textThatIsNotPEMIsRefusedAsSuch() {
        let error = #expect(throws: CryptoError.self) { try SigningKey(pemRepresentation: "seed=1234") }
        #expect(error?.code == .encoding)
        #expect(error?.message.contains("not PEM") == true)
        let publicError = #expect(throws: CryptoError.self) { try VerifyingKey(pemRepresentation: "") }
        #expect(publicError?.message.contains("not PEM") == true)
    }

    @Test func aP256KeyIsRefusedWhereEd25519IsExpected() throws {
        let tlsKey = try TLSPrivateKey()
        let error = #expect(throws: CryptoError.self) {
            try SigningKey(pemRepresentation: tlsKey.pemRepresentation)
        }
        #expect(error?.code == .invalidKey)
        #expect(error?.message == "expected an Ed25519 private key, found EC (prime256v1)")
        let publicError = #expect(throws: CryptoError.self) {
            try VerifyingKey(pemRepresentation: tlsKey.publicKeyPEM)
        }
        #expect(publicError?.message == "expected an Ed25519 public key, found EC (prime256v1)")
    }

    @Test func anEd25519KeyIsRefusedWhereP256IsExpected() throws {
        let signingKey = try SigningKey()
        let error = #expect(throws: CryptoError.self) {
            try TLSPrivateKey(pemRepresentation: signingKey.pemRepresentation)
        }
        #expect(error?.code == .invalidKey)
        #expect(error?.message == "expected an ECDSA P-256 private key, found ED25519")
    }

    @Test func aPublicKeyIsNotAPrivateKey() throws {
        let key = try SigningKey()
        let error = #expect(throws: CryptoError.self) {
            try SigningKey(pemRepresentation: key.publicKey.pemRepresentation)
        }
        #expect(error?.code == .encoding)
        #expect(error?.openSSLErrors.isEmpty == false)
    }

    @Test func tlsKeyRoundTripsAndKeepsItsHash() throws {
        let key = try TLSPrivateKey()
        let loaded = try TLSPrivateKey(pemRepresentation: key.pemRepresentation)
        #expect(loaded.publicKeyHash == key.publicKeyHash)
        #expect(loaded.publicKeyHash.count == 32)
        #expect(try TLSPrivateKey().publicKeyHash != key.publicKeyHash)
    }
}
