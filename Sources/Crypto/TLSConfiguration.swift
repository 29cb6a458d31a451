/// What a `TLSContext` is made from: role, certificate chain and key, trust anchors and ALPN.
///
/// Every context speaks TLS 1.3 only. The presets give the federation and portal ports their settings.
public struct TLSConfiguration: Sendable {
    /// Which end of the handshake this side plays.
    public enum Role: Sendable {
        case server
        case client
    }

    /// Whether a server asks for and insists on a client certificate.
    public enum ClientCertificatePolicy: Sendable {
        /// No certificate is requested (a public portal reached by browsers).
        case notRequested
        /// A certificate is requested and, when sent, must verify; clients without one are let in.
        case optional
        /// A verified certificate is required (the federation port).
        case required
    }

    /// Server or client.
    public var role: Role
    /// This side's certificate followed by the intermediates to send (leaf first). Empty for a client
    /// that presents no certificate.
    public var certificateChain: [Certificate]
    /// The key of the leaf certificate.
    public var privateKey: TLSPrivateKey?
    /// The certificates trusted to verify the peer: the federation root.
    public var trustAnchors: [Certificate]
    /// For a server: whether to ask for a client certificate.
    public var clientCertificates: ClientCertificatePolicy
    /// ALPN protocols, most preferred first. A server chooses by its own order and refuses a client that
    /// offers none of them; a client offers them.
    public var alpnProtocols: [String]
    /// For a server: whether a client that offers no ALPN at all is refused too (otherwise it gets no
    /// protocol, and the caller decides).
    public var requiresALPN: Bool

    /// Makes a configuration; the presets below are usually what is wanted.
    public init(
        role: Role, certificateChain: [Certificate], privateKey: TLSPrivateKey?, trustAnchors: [Certificate],
        clientCertificates: ClientCertificatePolicy = .notRequested, alpnProtocols: [String],
        requiresALPN: Bool = false
    ) {
        self.role = role
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.trustAnchors = trustAnchors
        self.clientCertificates = clientCertificates
        self.alpnProtocols = alpnProtocols
        self.requiresALPN = requiresALPN
    }

    /// The federation port: client certificate from the federation required, `h2` only. A client offering other
    /// protocols only is refused; one offering no ALPN at all must speak HTTP/2 from its first byte (prior
    /// knowledge), which lets TLS scanners that send no ALPN examine the port.
    public static func federationServer(
        certificateChain: [Certificate], privateKey: TLSPrivateKey, trustAnchors: [Certificate]
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .server, certificateChain: certificateChain, privateKey: privateKey, trustAnchors: trustAnchors,
            clientCertificates: .required, alpnProtocols: ["h2"], requiresALPN: false)
    }

    /// A node connecting to a peer's federation port: presents its certificate, offers `h2` only.
    public static func federationClient(
        certificateChain: [Certificate], privateKey: TLSPrivateKey, trustAnchors: [Certificate]
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .client, certificateChain: certificateChain, privateKey: privateKey, trustAnchors: trustAnchors,
            alpnProtocols: ["h2"])
    }

    /// The portal port: `h2` preferred, then `http/1.1`; a client certificate is optional (a peer's
    /// certificate identifies it, a browser sends none).
    public static func portalServer(
        certificateChain: [Certificate], privateKey: TLSPrivateKey, trustAnchors: [Certificate]
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .server, certificateChain: certificateChain, privateKey: privateKey, trustAnchors: trustAnchors,
            clientCertificates: .optional, alpnProtocols: ["h2", "http/1.1"])
    }
}
