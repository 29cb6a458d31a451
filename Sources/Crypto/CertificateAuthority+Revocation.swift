import COpenSSL
import Foundation

extension CertificateAuthority {
    /// How long a CRL stays current by default: a week, renewed well before that.
    public static let revocationListLifetime: TimeInterval = 7 * 24 * 3600

    /// Makes a CRL signed by this authority listing `revoked`.
    ///
    /// X.509 v2 CRL with thisUpdate `thisUpdate`, nextUpdate `thisUpdate + lifetime`, the CRL number `number`
    /// (which must grow with every CRL this authority issues), the authority key identifier, and each entry's
    /// serial number, revocation date and reason code, sorted by serial number. Signed with ECDSA-SHA256.
    /// Unlike a certificate's start, thisUpdate is not set back for slow clocks: it must not precede the
    /// revocations the CRL lists.
    /// - Throws: `CryptoError` `.certificate` when the lifetime is not positive, two entries share a serial
    ///   number, or OpenSSL fails.
    public func makeRevocationList(
        number: UInt64, revoked: [RevokedCertificate], thisUpdate: Date = Date(),
        lifetime: TimeInterval = revocationListLifetime
    ) throws -> CertificateRevocationList {
        guard Set(revoked.map(\.serialNumber)).count == revoked.count else {
            throw CryptoError(.certificate, "a revocation list cannot list one serial number twice")
        }
        let builder = try RevocationListBuilder()
        try builder.setIssuer(certificate)
        try builder.setUpdates(this: thisUpdate, next: thisUpdate.addingTimeInterval(lifetime))
        for entry in revoked { try builder.add(entry) }
        try builder.addExtensions(number: number, issuer: certificate)
        return try builder.sign(with: key)
    }

    /// Whether this authority issued `certificate`: the names and key identifiers chain, and this authority's
    /// key verifies the certificate's signature.
    public func hasIssued(_ certificate: Certificate) -> Bool {
        defer { _ = drainOpenSSLErrorQueue() }
        guard X509_check_issued(self.certificate.x509, certificate.x509) == X509_V_OK,
            let publicKey = X509_get0_pubkey(self.certificate.x509)
        else { return false }
        return X509_verify(certificate.x509, publicKey) == 1
    }

    /// Checks a CRL distribution point URL: http or https, a host, no user name or password, no fragment, and
    /// only characters a URL may hold unescaped (a comma, a space or a quote is refused).
    /// - Throws: `CryptoError` `.certificate` saying what is wrong.
    public static func checkDistributionPoint(_ url: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?[]@!$&'()*+;=%".utf8)
        let example = "such as https://portal.example.org/ca/crl"
        guard (1...1024).contains(url.utf8.count), url.utf8.allSatisfy(allowed.contains),
            let components = URLComponents(string: url)
        else {
            throw CryptoError(.certificate, "'\(url)' is not a URL (\(example)); escape any comma or space")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw CryptoError(.certificate, "the CRL URL '\(url)' must start with http:// or https:// (\(example))")
        }
        guard let host = components.host, !host.isEmpty else {
            throw CryptoError(.certificate, "the CRL URL '\(url)' names no host (\(example))")
        }
        guard components.user == nil, components.password == nil, components.fragment == nil else {
            throw CryptoError(.certificate, "the CRL URL '\(url)' must not carry a user name, password or fragment")
        }
    }
}

extension Certificate {
    /// The URI names of the CRL distribution points extension (full names only), in order.
    public var crlDistributionPoints: [String] {
        guard let raw = X509_get_ext_d2i(x509, NID_crl_distribution_points, nil, nil) else { return [] }
        let points = OpaquePointer(raw)
        defer { CRL_DIST_POINTS_free(points) }
        var uris: [String] = []
        for index in 0..<OPENSSL_sk_num(points) {
            let point = OPENSSL_sk_value(points, index).assumingMemoryBound(to: DIST_POINT.self)
            // Type 0 is a full name (GENERAL_NAMES); type 1, a name relative to the issuer, holds no URI.
            guard let name = point.pointee.distpoint, name.pointee.type == 0,
                let names = name.pointee.name.fullname
            else { continue }
            for nameIndex in 0..<OPENSSL_sk_num(names) {
                let general = OPENSSL_sk_value(names, nameIndex).assumingMemoryBound(to: GENERAL_NAME.self)
                guard general.pointee.type == GEN_URI, let value = general.pointee.d.ia5 else { continue }
                uris.append(String(decoding: bytes(of: value), as: UTF8.self))
            }
        }
        return uris
    }
}
