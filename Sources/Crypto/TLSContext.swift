import COpenSSL

/// The shared, read-only TLS settings from which connections are made: owns one OpenSSL `SSL_CTX`.
///
/// TLS 1.3 only. Session tickets and the session cache are off: a resumed session does not present the
/// peer's certificate again, and the connections between nodes are long-lived, so resumption would save
/// little and would leave a peer's identity resting on an old handshake. (Authorisation is re-checked per
/// request against the directory in any case.)
// @unchecked Sendable: the SSL_CTX is fully configured in init and never changed afterwards; OpenSSL allows
// creating connections from one SSL_CTX on several threads.
public final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer
    /// The role the context was made for.
    public let role: TLSConfiguration.Role
    /// The index under which each `SSL` keeps its owning `TLSConnection`, for callbacks.
    static let connectionIndex = CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL, 0, nil, nil, nil, nil)
    /// The ALPN protocols as bytes, in preference order.
    let alpnProtocols: [[UInt8]]

    /// Makes a context from `configuration`.
    /// - Throws: `CryptoError` `.tls` when the configuration is incomplete (a server without certificate, a
    ///   verifying side without trust anchors, an ALPN name of 0 or more than 255 bytes), when the key does
    ///   not match the certificate, or when OpenSSL fails.
    public init(configuration: TLSConfiguration) throws {
        let protocols = configuration.alpnProtocols.map { Array($0.utf8) }
        guard protocols.allSatisfy({ (1...255).contains($0.count) }) else {
            throw CryptoError(.tls, "an ALPN protocol name must be 1 to 255 bytes")
        }
        context = try TLSContext.makeContext(configuration, protocols: protocols)
        role = configuration.role
        alpnProtocols = protocols
        if role == .server, !protocols.isEmpty {
            // The context owns the SSL_CTX, so it outlives every call of the callback.
            SSL_CTX_set_alpn_select_cb(context, selectALPNProtocol, Unmanaged.passUnretained(self).toOpaque())
        }
    }

    deinit { SSL_CTX_free(context) }

    /// The first of our protocols, in our order, that the client offered; returns its offset and length
    /// within `offered` (the ALPN wire format: length-prefixed names).
    func choose(from offered: UnsafeBufferPointer<UInt8>) -> (offset: Int, length: Int)? {
        var entries: [(offset: Int, length: Int)] = []
        var index = 0
        while index < offered.count {
            let length = Int(offered[index])
            guard length > 0, index + 1 + length <= offered.count else { return nil }
            entries.append((index + 1, length))
            index += 1 + length
        }
        for wanted in alpnProtocols {
            if let match = entries.first(where: {
                $0.length == wanted.count && offered[$0.offset..<$0.offset + $0.length].elementsEqual(wanted)
            }) {
                return match
            }
        }
        return nil
    }

    private static func makeContext(_ configuration: TLSConfiguration, protocols: [[UInt8]]) throws -> OpaquePointer {
        guard let context = SSL_CTX_new(TLS_method()) else {
            throw CryptoError.fromQueue(.tls, "could not create a TLS context")
        }
        do {
            try configure(context, configuration, protocols: protocols)
            return context
        } catch {
            SSL_CTX_free(context)
            throw error
        }
    }

    private static func configure(
        _ context: OpaquePointer, _ configuration: TLSConfiguration, protocols: [[UInt8]]
    ) throws {
        guard copenssl_ssl_ctx_set_min_proto_version(context, TLS1_3_VERSION) == 1,
            copenssl_ssl_ctx_set_max_proto_version(context, TLS1_3_VERSION) == 1
        else {
            throw CryptoError.fromQueue(.tls, "could not restrict the context to TLS 1.3")
        }
        _ = copenssl_ssl_ctx_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
        guard SSL_CTX_set_num_tickets(context, 0) == 1 else {
            throw CryptoError.fromQueue(.tls, "could not turn session tickets off")
        }
        try useCertificateChain(context, configuration)
        let verifies = configuration.role == .client || configuration.clientCertificates != .notRequested
        if verifies {
            guard !configuration.trustAnchors.isEmpty else {
                throw CryptoError(.tls, "verifying the peer needs trust anchors (the federation root)")
            }
            let store = SSL_CTX_get_cert_store(context)
            for anchor in configuration.trustAnchors where X509_STORE_add_cert(store, anchor.x509) != 1 {
                throw CryptoError.fromQueue(.tls, "could not add a trust anchor")
            }
            var mode = SSL_VERIFY_PEER
            if configuration.role == .server, configuration.clientCertificates == .required {
                mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT
            }
            SSL_CTX_set_verify(context, mode, nil)
            // The federation's chains are leaf, issuing CA, root: one intermediate at most.
            SSL_CTX_set_verify_depth(context, 2)
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }
        if configuration.role == .server, configuration.requiresALPN {
            SSL_CTX_set_client_hello_cb(context, refuseClientHelloWithoutALPN, nil)
        }
        if configuration.role == .client, !protocols.isEmpty {
            let wire = protocols.flatMap { [UInt8($0.count)] + $0 }
            // Unlike most of OpenSSL, this call returns 0 on success.
            guard SSL_CTX_set_alpn_protos(context, wire, UInt32(wire.count)) == 0 else {
                throw CryptoError.fromQueue(.tls, "could not set the ALPN protocols")
            }
        }
    }

    private static func useCertificateChain(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws {
        guard let leaf = configuration.certificateChain.first, let key = configuration.privateKey else {
            guard configuration.role == .client else {
                throw CryptoError(.tls, "a TLS server needs a certificate chain and its private key")
            }
            return
        }
        guard SSL_CTX_use_certificate(context, leaf.x509) == 1 else {
            throw CryptoError.fromQueue(.tls, "could not use the certificate")
        }
        for intermediate in configuration.certificateChain.dropFirst()
        where copenssl_ssl_ctx_add1_chain_cert(context, intermediate.x509) != 1 {
            throw CryptoError.fromQueue(.tls, "could not add an intermediate certificate to the chain")
        }
        guard SSL_CTX_use_PrivateKey(context, key.key) == 1, SSL_CTX_check_private_key(context) == 1 else {
            throw CryptoError.fromQueue(.tls, "the private key does not belong to the certificate")
        }
    }
}

/// OpenSSL's ALPN selection callback for servers: picks by the server's preference, and ends the handshake
/// with a no_application_protocol alert when nothing matches (RFC 7301, section 3.2).
private func selectALPNProtocol(
    _ ssl: OpaquePointer?, _ selected: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    _ selectedLength: UnsafeMutablePointer<UInt8>?, _ offered: UnsafePointer<UInt8>?, _ offeredLength: UInt32,
    _ owner: UnsafeMutableRawPointer?
) -> Int32 {
    guard let owner, let offered, let selected, let selectedLength else { return SSL_TLSEXT_ERR_ALERT_FATAL }
    let context = Unmanaged<TLSContext>.fromOpaque(owner).takeUnretainedValue()
    guard let choice = context.choose(from: UnsafeBufferPointer(start: offered, count: Int(offeredLength))) else {
        return SSL_TLSEXT_ERR_ALERT_FATAL
    }
    // The selection points into the client's list, which OpenSSL keeps until it copies the choice.
    selected.pointee = offered + choice.offset
    selectedLength.pointee = UInt8(choice.length)
    return SSL_TLSEXT_ERR_OK
}

/// OpenSSL's ClientHello callback for servers that require ALPN: a hello without the ALPN extension is
/// answered with a no_application_protocol alert, and the owning connection remembers why.
private func refuseClientHelloWithoutALPN(
    _ ssl: OpaquePointer?, _ alert: UnsafeMutablePointer<Int32>?, _ unused: UnsafeMutableRawPointer?
) -> Int32 {
    var extensionData: UnsafePointer<UInt8>?
    var extensionLength = 0
    let type = UInt32(TLSEXT_TYPE_application_layer_protocol_negotiation)
    if SSL_client_hello_get0_ext(ssl, type, &extensionData, &extensionLength) == 1 {
        return SSL_CLIENT_HELLO_SUCCESS
    }
    if let owner = SSL_get_ex_data(ssl, TLSContext.connectionIndex) {
        Unmanaged<TLSConnection>.fromOpaque(owner).takeUnretainedValue().clientOfferedNoALPN = true
    }
    alert?.pointee = SSL_AD_NO_APPLICATION_PROTOCOL
    return SSL_CLIENT_HELLO_ERROR
}
