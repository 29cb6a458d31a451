import Crypto
import Foundation

/// A federation made during a test: a root, an issuing CA, and node certificates on demand.
struct TestFederation {
    let root: CertificateAuthority
    let issuing: CertificateAuthority

    init(name: String = "GCSCP test federation") throws {
        root = try CertificateAuthority.makeRoot(commonName: "\(name) root")
        issuing = try root.makeIssuingAuthority(commonName: "\(name) issuing CA")
    }

    /// A node's key and chain (leaf, then issuing CA).
    struct Node {
        let key: TLSPrivateKey
        let chain: [Certificate]
        var certificate: Certificate { chain[0] }
    }

    func node(
        _ nodeClass: NodeIdentity.NodeClass, _ code: String, validFrom: Date = Date() - 300,
        lifetime: TimeInterval = CertificateAuthority.year
    ) throws -> Node {
        let key = try TLSPrivateKey()
        let request = try CertificateRequest(key: key, identity: try NodeIdentity(nodeClass, code: code))
        let certificate = try issuing.issue(
            for: request, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"], validFrom: validFrom,
            lifetime: lifetime)
        return Node(key: key, chain: [certificate, issuing.certificate])
    }
}
