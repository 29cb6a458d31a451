import COpenSSL

/// A certificate signing request (PKCS#10) for a node's TLS key, naming the node's class and code.
///
/// The subject is `O=GCSCP, OU=<class>, CN=<code>`. A request is only ever held after its self-signature
/// has been checked, so it proves possession of the key.
// @unchecked Sendable: the X509_REQ is never mutated after creation or loading.
public final class CertificateRequest: @unchecked Sendable {
    let request: OpaquePointer
    /// The node the request names.
    public let identity: NodeIdentity

    private init(owning request: OpaquePointer, identity: NodeIdentity) {
        self.request = request
        self.identity = identity
    }

    deinit { X509_REQ_free(request) }

    /// Makes and signs a request for `key` naming `identity`.
    /// - Throws: `CryptoError` `.certificate` when OpenSSL fails.
    public convenience init(key: TLSPrivateKey, identity: NodeIdentity) throws {
        guard let request = X509_REQ_new() else {
            throw CryptoError.fromQueue(.certificate, "could not allocate a certificate request")
        }
        let name: OpaquePointer
        do {
            name = try makeName([("O", "GCSCP"), ("OU", identity.nodeClass.rawValue), ("CN", identity.code)])
        } catch {
            X509_REQ_free(request)
            throw error
        }
        defer { X509_NAME_free(name) }
        guard X509_REQ_set_version(request, 0) == 1, X509_REQ_set_subject_name(request, name) == 1,
            X509_REQ_set_pubkey(request, key.key) == 1, X509_REQ_sign(request, key.key, EVP_sha256()) > 0
        else {
            X509_REQ_free(request)
            throw CryptoError.fromQueue(.certificate, "could not sign the certificate request")
        }
        self.init(owning: request, identity: identity)
    }

    /// Loads a request from PEM and checks its self-signature, its key type and the identity it names.
    /// - Throws: `CryptoError` `.encoding` when the text is not a PEM request, `.certificate` when the
    ///   signature does not verify, the key is not ECDSA P-256 or the subject names no valid node.
    public convenience init(pemRepresentation: String) throws {
        guard looksLikePEM(pemRepresentation) else {
            throw CryptoError(.encoding, "the text is not PEM (no -----BEGIN line)")
        }
        let bio = try MemoryBIO(Array(pemRepresentation.utf8))
        guard let request = PEM_read_bio_X509_REQ(bio.bio, nil, refusePassphrase, nil) else {
            throw CryptoError.fromQueue(.encoding, "the PEM text holds no certificate request")
        }
        do {
            guard let key = X509_REQ_get0_pubkey(request) else {
                throw CryptoError.fromQueue(.certificate, "the certificate request has no public key")
            }
            guard X509_REQ_verify(request, key) == 1 else {
                throw CryptoError.fromQueue(.certificate, "the certificate request's signature does not verify")
            }
            guard EVP_PKEY_is_a(key, "EC") == 1, EVP_PKEY_get_bits(key) == 256 else {
                throw CryptoError(.certificate, "a node's TLS key must be ECDSA P-256, found \(keyTypeName(key))")
            }
            let subject = X509_REQ_get_subject_name(request)
            // One name of each kind: a second CN or OU would make what the CA reads differ from what others read.
            guard X509_NAME_entry_count(subject) <= 3,
                [NID_commonName, NID_organizationalUnitName, NID_organizationName].allSatisfy({ nid in
                    X509_NAME_get_index_by_NID(subject, nid, X509_NAME_get_index_by_NID(subject, nid, -1)) == -1
                })
            else {
                throw CryptoError(
                    .certificate, "the request's subject must name one O, one OU (the class) and one CN (the code)")
            }
            guard let nodeClass = nameEntry(subject, NID_organizationalUnitName).flatMap(NodeIdentity.NodeClass.init),
                let code = nameEntry(subject, NID_commonName), let identity = try? NodeIdentity(nodeClass, code: code)
            else {
                throw CryptoError(.certificate, "the request's subject names no node (expected OU=<class>, CN=<code>)")
            }
            self.init(owning: request, identity: identity)
        } catch {
            X509_REQ_free(request)
            throw error
        }
    }

    /// The request as PEM (`-----BEGIN CERTIFICATE REQUEST-----`).
    public var pemRepresentation: String {
        // Writing a valid request into memory fails only when memory runs out.
        try! writePEM { PEM_write_bio_X509_REQ($0, request) }
    }

    /// SHA-256 of the requested key's SubjectPublicKeyInfo, to compare with the directory's TLS key hash.
    public var publicKeyHash: [UInt8] {
        SHA256.hash(derBytes { i2d_PUBKEY(X509_REQ_get0_pubkey(request), $0) } ?? [])
    }
}
