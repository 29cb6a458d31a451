import Crypto
import Foundation

/// The federation's certificates in a node folder.
///
/// ```
/// DIR/keys/tls-key.pem          the node's TLS key (P-256), distinct from its record-signing key
/// DIR/tls/certificate.pem       the node's certificate, then the issuing CA's
/// DIR/tls/federation-root.pem   the federation root every peer is checked against
/// DIR/ca/root.pem, DIR/ca/root-key.pem      on the custodian: the root, whose key belongs offline
/// DIR/ca/issuing.pem, DIR/keys/issuing-ca-key.pem   on the custodian: the CA that signs node certificates
/// DIR/ca/crl-url, DIR/ca/revoked, DIR/ca/crl.der    on the custodian: see CertificateRevocation.swift
/// ```
extension NodeDirectory {
    /// The node's TLS key.
    public var tlsKeyPath: String { "\(keysPath)/tls-key.pem" }
    /// The node's certificate chain.
    public var certificatePath: String { "\(path)/tls/certificate.pem" }
    /// The federation root certificate.
    public var federationRootPath: String { "\(path)/tls/federation-root.pem" }
    /// The root certificate, on the custodian.
    public var rootCertificatePath: String { "\(path)/ca/root.pem" }
    /// The root key, on the custodian until it is moved offline.
    public var rootKeyPath: String { "\(path)/ca/root-key.pem" }
    /// The issuing CA's certificate, on the custodian.
    public var issuingCertificatePath: String { "\(path)/ca/issuing.pem" }
    /// The issuing CA's key, on the custodian.
    public var issuingKeyPath: String { "\(keysPath)/issuing-ca-key.pem" }

    /// Makes the federation's root and issuing CA on the custodian, trusts the new root locally, records
    /// `crlURL` (by default `https://<portal.listen>/ca/crl`) as the CRL distribution point of the certificates
    /// it will issue, writes a first, empty CRL, and makes the directory key and directory version 1.
    /// - Throws: `NodeError` when this is not the custodian's folder, a CA exists already, or the CRL URL is
    ///   malformed or cannot be derived (nothing is changed).
    public func initializeCertificateAuthority(name: String, crlURL: String? = nil) throws(NodeError) -> Certificate {
        let configuration = try loadConfiguration()
        guard configuration.nodeClass == .custodian else {
            throw NodeError(
                .nodeDirectory,
                "\(path) is a \(configuration.nodeClass.rawValue) node; only the custodian runs the federation CA")
        }
        guard !FileManager.default.fileExists(atPath: rootCertificatePath) else {
            throw NodeError(
                .nodeDirectory, "\(rootCertificatePath) exists: this federation has a root already; nothing was changed"
            )
        }
        var distributionPoint = crlURL ?? ""
        if crlURL == nil { distributionPoint = try defaultCRLDistributionPoint(configuration) }
        do { try CertificateAuthority.checkDistributionPoint(distributionPoint) } catch {
            throw NodeError(.input, "\(error); nothing was changed")
        }
        let root: CertificateAuthority
        let issuing: CertificateAuthority
        do {
            root = try CertificateAuthority.makeRoot(commonName: "\(name) root")
            issuing = try root.makeIssuingAuthority(commonName: "\(name) issuing CA \(configuration.code)")
        } catch {
            throw NodeError(.keyFile, "could not make the federation CA: \(error)")
        }
        try createFolder("\(path)/ca")
        try createFolder("\(path)/tls")
        try SecureFile.create(rootKeyPath, text: root.key.pemRepresentation)
        try SecureFile.create(issuingKeyPath, text: issuing.key.pemRepresentation)
        try writePublic(rootCertificatePath, root.certificate.pemRepresentation)
        try writePublic(issuingCertificatePath, issuing.certificate.pemRepresentation)
        try writePublic(federationRootPath, root.certificate.pemRepresentation)
        try writePublic(crlURLPath, distributionPoint + "\n")
        _ = try renewRevocationList()
        try initializeDirectory(root: root)
        return root.certificate
    }

    /// Makes a certificate request for this node's TLS key, naming its class and code.
    public func makeCertificateRequest() throws(NodeError) -> CertificateRequest {
        let configuration = try loadConfiguration()
        let key = try loadTLSKey()
        do {
            let identity = try NodeIdentity(configuration.nodeClass, code: configuration.code.code)
            return try CertificateRequest(key: key, identity: identity)
        } catch {
            throw NodeError(.keyFile, "could not make a certificate request: \(error)")
        }
    }

    /// Issues a node certificate for `requestPEM` with the custodian's issuing CA, naming the recorded CRL URL
    /// (`crlDistributionPoint()`) as its CRL distribution point; returns the chain as PEM.
    /// - Throws: `NodeError` `.input` when the request is not a valid CSR (its signature is checked),
    ///   `.configuration` when the recorded CRL URL is malformed.
    public func issueCertificate(
        requestPEM: String, dnsNames: [String], ipAddresses: [String], days: Int
    ) throws(NodeError) -> String {
        guard (1...825).contains(days) else {
            throw NodeError(.input, "a node certificate lasts 1 to 825 days, not \(days)")
        }
        let configuration = try loadConfiguration()
        guard configuration.nodeClass == .custodian else {
            throw NodeError(
                .nodeDirectory,
                "\(path) is a \(configuration.nodeClass.rawValue) node; only the custodian signs certificates")
        }
        let authority = try loadIssuingAuthority()
        let distributionPoint = try crlDistributionPoint()
        do {
            let request = try CertificateRequest(pemRepresentation: requestPEM)
            let certificate = try authority.issue(
                for: request, dnsNames: dnsNames, ipAddresses: ipAddresses, crlDistributionPoint: distributionPoint,
                lifetime: TimeInterval(days) * 86_400)
            return Certificate.pemRepresentation(of: [certificate, authority.certificate])
        } catch {
            throw NodeError(.input, "the certificate request was refused: \(error)")
        }
    }

    /// Installs a certificate chain issued for this node and the federation root it chains to.
    /// - Throws: `NodeError` when the certificate is not for this node's TLS key or identity.
    public func installCertificate(chainPEM: String, rootPEM: String) throws(NodeError) {
        let configuration = try loadConfiguration()
        let key = try loadTLSKey()
        let chain: [Certificate]
        let root: Certificate
        do {
            chain = try Certificate.chain(pemRepresentation: chainPEM)
            root = try Certificate(pemRepresentation: rootPEM)
        } catch {
            throw NodeError(.input, "the certificate or root is not PEM X.509: \(error)")
        }
        guard root.isCertificateAuthority, root.subject == root.issuer else {
            throw NodeError(.input, "the root given is not a root certificate authority (\(root.subject))")
        }
        guard let leaf = chain.first, leaf.publicKeyHash == key.publicKeyHash else {
            throw NodeError(.input, "the certificate is not for this node's TLS key (\(tlsKeyPath))")
        }
        guard let identity = leaf.nodeIdentity, identity.nodeClass == configuration.nodeClass,
            identity.code == configuration.code.code
        else {
            throw NodeError(
                .input,
                "the certificate names \(leaf.nodeIdentity?.uri ?? "no node"), "
                    + "not this \(configuration.nodeClass.rawValue) node \(configuration.code)"
            )
        }
        // The chain must lead to the root, with the issuing CA included: peers check it against that root.
        let verdict = leaf.verify(chain: Array(chain.dropFirst()), anchors: [root], at: Date())
        guard verdict.isTrusted else {
            throw NodeError(
                .input,
                "the certificate chain does not lead to the root given: \(verdict.failure ?? "unknown reason") "
                    + "(install the chain 'gcscp ca sign' wrote, with the federation's ca/root.pem)")
        }
        try createFolder("\(path)/tls")
        try replacePublic(certificatePath, chainPEM)
        try replacePublic(federationRootPath, rootPEM)
    }

    /// Reads the TLS key, refusing a key file that others can read.
    public func loadTLSKey() throws(NodeError) -> TLSPrivateKey {
        let text = try SecureFile.read(tlsKeyPath, what: "TLS key")
        do { return try TLSPrivateKey(pemRepresentation: text) } catch {
            throw NodeError(.keyFile, "\(tlsKeyPath): not a P-256 private key in PEM (\(error))")
        }
    }

    func loadIssuingAuthority() throws(NodeError) -> CertificateAuthority {
        let keyText = try SecureFile.read(issuingKeyPath, what: "issuing CA key")
        guard let certificateText = try? String(contentsOfFile: issuingCertificatePath, encoding: .utf8) else {
            throw NodeError(
                .nodeDirectory, "\(issuingCertificatePath) is missing; run 'gcscp ca init' on the custodian first")
        }
        do {
            return try CertificateAuthority(
                certificate: try Certificate(pemRepresentation: certificateText),
                key: try TLSPrivateKey(pemRepresentation: keyText))
        } catch {
            throw NodeError(.keyFile, "\(issuingKeyPath): the issuing CA cannot be loaded (\(error))")
        }
    }

    func createFolder(_ folder: String) throws(NodeError) {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw NodeError(.nodeDirectory, "\(folder): could not create the folder (\(error.localizedDescription))")
        }
    }

    private func writePublic(_ file: String, _ text: String) throws(NodeError) {
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) else {
            throw NodeError(.nodeDirectory, "\(file): could not write the file")
        }
    }

    private func replacePublic(_ file: String, _ text: String) throws(NodeError) {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic) } catch {
            throw NodeError(.nodeDirectory, "\(file): could not write the file (\(error.localizedDescription))")
        }
    }
}

/// What a node needs to speak TLS: its certificate chain, its TLS key, and the federation root.
public struct TLSCredentials: Sendable {
    /// The node's certificate first, then the issuing CA's.
    public let chain: [Certificate]
    /// The node's TLS key.
    public let key: TLSPrivateKey
    /// The federation root every peer is checked against.
    public let root: Certificate
}

extension NodeDirectory {
    /// Whether a certificate has been installed (`gcscp certificate install`).
    public var hasCertificate: Bool { FileManager.default.fileExists(atPath: certificatePath) }

    /// Loads the node's certificate chain, TLS key and federation root.
    /// - Throws: `NodeError` naming the missing or unreadable file and how to get it.
    public func loadTLSCredentials() throws(NodeError) -> TLSCredentials {
        let key = try loadTLSKey()
        guard let chainText = try? String(contentsOfFile: certificatePath, encoding: .utf8) else {
            throw NodeError(
                .nodeDirectory,
                "\(certificatePath) is missing: make a request with 'gcscp csr', have the custodian sign it, "
                    + "then run 'gcscp certificate install'")
        }
        guard let rootText = try? String(contentsOfFile: federationRootPath, encoding: .utf8) else {
            throw NodeError(.nodeDirectory, "\(federationRootPath) is missing; run 'gcscp certificate install'")
        }
        do {
            let chain = try Certificate.chain(pemRepresentation: chainText)
            guard chain.first?.publicKeyHash == key.publicKeyHash else {
                throw NodeError(.keyFile, "\(certificatePath) is not for the TLS key \(tlsKeyPath)")
            }
            let configuration = try loadConfiguration()
            let identity = chain.first?.nodeIdentity
            guard identity?.nodeClass == configuration.nodeClass, identity?.code == configuration.code.code else {
                throw NodeError(
                    .configuration,
                    "\(certificatePath) names \(identity?.uri ?? "no node"), but \(configurationPath) says "
                        + "\(configuration.nodeClass.rawValue) \(configuration.code)")
            }
            return TLSCredentials(chain: chain, key: key, root: try Certificate(pemRepresentation: rootText))
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.nodeDirectory, "\(certificatePath) or \(federationRootPath) is not PEM X.509: \(error)")
        }
    }
}
