import COpenSSL
import Foundation

/// A certificate authority of the federation: the offline root, or the issuing CA it certifies.
///
/// The root signs only issuing CAs (path length 0 below them); issuing CAs sign node certificates from CSRs.
// @unchecked Sendable: the key and certificate are immutable; signing creates per-call OpenSSL state.
public final class CertificateAuthority: @unchecked Sendable {
    /// The authority's signing key.
    public let key: TLSPrivateKey
    /// The authority's own certificate.
    public let certificate: Certificate

    /// Seconds in a (365-day) year, the unit of certificate lifetimes.
    public static let year: TimeInterval = 365 * 24 * 3600
    /// How far back a new certificate's validity starts by default, so peers with a slightly slow clock accept it.
    public static let clockSkewAllowance: TimeInterval = 300

    /// Pairs an existing authority's key and certificate, as loaded from its files.
    /// - Throws: `CryptoError` `.certificate` when the key is not the certificate's, or it is not a CA.
    public init(certificate: Certificate, key: TLSPrivateKey) throws {
        guard X509_check_private_key(certificate.x509, key.key) == 1 else {
            throw CryptoError.fromQueue(.certificate, "the private key does not belong to the CA certificate")
        }
        guard certificate.isCertificateAuthority else {
            throw CryptoError(.certificate, "the certificate is not a certificate authority")
        }
        self.certificate = certificate
        self.key = key
    }

    private init(trusted certificate: Certificate, key: TLSPrivateKey) {
        self.certificate = certificate
        self.key = key
    }

    /// Makes a new self-signed federation root with a fresh P-256 key.
    ///
    /// CA:TRUE (critical), keyCertSign and cRLSign, valid for `lifetime` (10 years by default).
    /// - Throws: `CryptoError` when OpenSSL fails or the name is not 1 to 64 bytes.
    public static func makeRoot(
        commonName: String, validFrom: Date = Date() - clockSkewAllowance, lifetime: TimeInterval = 10 * year
    ) throws -> CertificateAuthority {
        let key = try TLSPrivateKey()
        let builder = try startCertificate(commonName: commonName, organisationalUnit: nil, key: key.key)
        try builder.setIssuer(nil)
        try builder.setValidity(from: validFrom, lifetime: lifetime)
        try builder.addExtensions(authorityExtensions(pathLength: nil), issuer: nil)
        return CertificateAuthority(trusted: try builder.sign(with: key), key: key)
    }

    /// Makes an issuing CA signed by this one, with a fresh P-256 key: path length 0, 2 years by default.
    /// - Throws: `CryptoError` when OpenSSL fails or the name is not 1 to 64 bytes.
    public func makeIssuingAuthority(
        commonName: String, validFrom: Date = Date() - clockSkewAllowance, lifetime: TimeInterval = 2 * year
    ) throws -> CertificateAuthority {
        let key = try TLSPrivateKey()
        let builder = try CertificateAuthority.startCertificate(
            commonName: commonName, organisationalUnit: nil, key: key.key)
        try builder.setIssuer(certificate)
        try builder.setValidity(from: validFrom, lifetime: lifetime)
        try builder.addExtensions(CertificateAuthority.authorityExtensions(pathLength: 0), issuer: certificate)
        return CertificateAuthority(trusted: try builder.sign(with: self.key), key: key)
    }

    /// Issues a node certificate for the key and identity in `request`.
    ///
    /// Subject `O=GCSCP, OU=<class>, CN=<code>`; URI name `urn:gcscp:node:<class>:<code>`; the given DNS
    /// names and IP addresses (such as `localhost`, `127.0.0.1`, `::1`, so curl can check a portal on
    /// loopback); CA:FALSE, digitalSignature, serverAuth and clientAuth; a 128-bit random serial; SKI and AKI;
    /// and, given a `crlDistributionPoint`, the URL where the federation's CRL is published (TLS scanners rate a
    /// certificate without one as a high-severity finding).
    /// A `validFrom` and `lifetime` in the past make an already-expired certificate, for tests.
    /// - Throws: `CryptoError` `.certificate` when a DNS name, IP address or the CRL URL is malformed (see
    ///   `checkDistributionPoint`) or OpenSSL fails.
    public func issue(
        for request: CertificateRequest, dnsNames: [String] = [], ipAddresses: [String] = [],
        crlDistributionPoint: String? = nil, validFrom: Date = Date() - clockSkewAllowance,
        lifetime: TimeInterval = year
    ) throws -> Certificate {
        if let crlDistributionPoint { try CertificateAuthority.checkDistributionPoint(crlDistributionPoint) }
        let identity = request.identity
        var alternativeNames = ["URI:\(identity.uri)"]
        for name in dnsNames {
            guard CertificateAuthority.isValidDNSName(name) else {
                throw CryptoError(.certificate, "'\(name)' is not a DNS name")
            }
            alternativeNames.append("DNS:\(name)")
        }
        for address in ipAddresses {
            guard CertificateAuthority.isValidIPAddress(address) else {
                throw CryptoError(.certificate, "'\(address)' is not an IPv4 or IPv6 address")
            }
            alternativeNames.append("IP:\(address)")
        }
        guard let publicKey = X509_REQ_get0_pubkey(request.request) else {
            throw CryptoError.fromQueue(.certificate, "the request has no public key")
        }
        let builder = try CertificateAuthority.startCertificate(
            commonName: identity.code, organisationalUnit: identity.nodeClass.rawValue, key: publicKey)
        try builder.setIssuer(certificate)
        try builder.setValidity(from: validFrom, lifetime: lifetime)
        try builder.addExtensions(
            [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                (NID_ext_key_usage, "serverAuth,clientAuth"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
                (NID_subject_alt_name, alternativeNames.joined(separator: ",")),
            ] + (crlDistributionPoint.map { [(NID_crl_distribution_points, "URI:\($0)")] } ?? []),
            issuer: certificate)
        return try builder.sign(with: key)
    }

    private static func startCertificate(
        commonName: String, organisationalUnit: String?, key: OpaquePointer
    ) throws -> CertificateBuilder {
        let builder = try CertificateBuilder()
        try builder.setRandomSerial()
        let name = try makeName(
            [("O", "GCSCP")] + (organisationalUnit.map { [("OU", $0)] } ?? []) + [("CN", commonName)])
        defer { X509_NAME_free(name) }
        try builder.setSubject(name)
        try builder.setPublicKey(key)
        return builder
    }

    private static func authorityExtensions(pathLength: Int?) -> [(nid: Int32, value: String)] {
        [
            (NID_basic_constraints, "critical,CA:TRUE" + (pathLength.map { ",pathlen:\($0)" } ?? "")),
            (NID_key_usage, "critical,keyCertSign,cRLSign"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
    }

    static func isValidDNSName(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return name.utf8.count <= 253 && !labels.isEmpty
            && labels.allSatisfy { label in
                (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                    && label.utf8.allSatisfy { $0 == 45 || (48...57).contains($0) || (97...122).contains($0 | 0x20) }
            }
    }

    static func isValidIPAddress(_ address: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, address, &buffer) == 1 || inet_pton(AF_INET6, address, &buffer) == 1
    }
}
