import Crypto
import Foundation

/// The directory a node holds and the rule for taking the next version: it must be numbered N + 1, chain onto
/// version N by hash, be signed by a directory key the federation root certifies for the listed custodian, and
/// change only what a directory may change.
///
/// A value type; the node keeps one, confined to whoever applies directory versions.
public struct DirectoryChain: Sendable {
    /// The federation roots the node was given: the only trust anchors for directory key certificates.
    public let roots: [Certificate]
    /// The version held, if any.
    public private(set) var current: SignedDirectoryVersion?

    /// How far ahead of the local clock a version's issue time may be (clocks disagree).
    public static let maximumFutureSkewMilliseconds: UInt64 = 5 * 60 * 1000

    /// Starts from `current`, a version this node accepted before (or nil for a node that holds none).
    public init(roots: [Certificate], current: SignedDirectoryVersion? = nil) {
        self.roots = roots
        self.current = current
    }

    /// Checks `bytes` as the next version, with the certificates that came with it (the directory key's
    /// certificate and any issuing CA between it and the root), and takes it when every rule holds.
    /// - Returns: nil when taken, else why not; nothing changes on a refusal.
    public mutating func accept(
        _ bytes: [UInt8], certificates: [Certificate], nowMilliseconds: UInt64
    ) -> DirectoryRefusal? {
        switch check(bytes, certificates: certificates, nowMilliseconds: nowMilliseconds) {
        case .success(let version):
            current = version
            return nil
        case .failure(let refusal):
            return refusal
        }
    }

    /// Checks `bytes` as the next version without taking it; see `accept(_:certificates:nowMilliseconds:)`.
    /// The order: layout, certification, then `checkLink`.
    public func check(
        _ bytes: [UInt8], certificates: [Certificate], nowMilliseconds: UInt64
    ) -> Result<SignedDirectoryVersion, DirectoryRefusal> {
        let signed: SignedDirectoryVersion
        do {
            signed = try SignedDirectoryVersion.decode(bytes)
        } catch {
            return .failure(error)
        }
        switch certifiedKey(for: signed.version, certificates: certificates) {
        case .success(let key):
            if let refusal = Self.checkLink(signed, after: current, key: key, nowMilliseconds: nowMilliseconds) {
                return .failure(refusal)
            }
            return .success(signed)
        case .failure(let refusal):
            return .failure(refusal)
        }
    }

    /// The rules between two versions, given the directory key already found certified: the number is one more,
    /// the previous hash is the held version's, the issue time does not go back nor run over 5 minutes ahead,
    /// the signature verifies, and nothing listed is undone. Also what `Protocol/vectors/directory.json` is
    /// checked with, where no certificate can be fixed.
    public static func checkLink(
        _ signed: SignedDirectoryVersion, after previous: SignedDirectoryVersion?, key: VerifyingKey,
        nowMilliseconds: UInt64
    ) -> DirectoryRefusal? {
        let version = signed.version
        func refuse(_ reason: DirectoryRefusal.Reason, _ detail: String) -> DirectoryRefusal {
            DirectoryRefusal(reason, number: version.number, detail)
        }
        let expected = (previous?.version.number ?? 0) + 1
        guard version.number == expected else { return refuse(.wrongNumber, "expected version \(expected)") }
        guard version.previousHash == (previous?.hash ?? [UInt8](repeating: 0, count: 32)) else {
            return refuse(.notChained, "its previous hash is not the hash of version \(expected - 1)")
        }
        guard version.issuedAtMilliseconds >= previous?.version.issuedAtMilliseconds ?? 0,
            version.issuedAtMilliseconds <= nowMilliseconds + maximumFutureSkewMilliseconds
        else {
            return refuse(.badTime, "it was issued before the version held or over 5 minutes in the future")
        }
        guard signed.hasValidSignature(by: key) else {
            return refuse(.badSignature, "the signature does not verify under the certified directory key")
        }
        if let previous, let problem = DirectoryTransition.problem(from: previous.version, to: version) {
            return refuse(.illegalChange, problem)
        }
        return nil
    }

    /// The directory key that signs `version`: from the certificate it names by fingerprint, for the custodian
    /// it lists, chained to a root and valid when the version was issued.
    private func certifiedKey(
        for version: DirectoryVersion, certificates: [Certificate]
    ) -> Result<VerifyingKey, DirectoryRefusal> {
        func refuse(_ detail: String) -> Result<VerifyingKey, DirectoryRefusal> {
            .failure(DirectoryRefusal(.keyNotCertified, number: version.number, detail))
        }
        guard let leaf = certificates.first(where: { $0.fingerprint == version.certificateFingerprint }) else {
            return refuse("no certificate came with the fingerprint the version names")
        }
        // Decoding refuses a version without exactly one custodian.
        let custodian = version.nodes.first { $0.nodeClass == .custodian }!
        guard leaf.directoryCode == custodian.code.code else {
            return refuse("the certificate is not a directory key certificate for \(custodian.code)")
        }
        guard let key = leaf.ed25519PublicKey else { return refuse("the certified key is not Ed25519") }
        let issued = Date(timeIntervalSince1970: TimeInterval(version.issuedAtMilliseconds) / 1000)
        let intermediates = certificates.filter { $0 !== leaf }
        let verdict = leaf.verify(chain: intermediates, anchors: roots, at: issued)
        guard verdict.isTrusted else {
            return refuse("the federation root does not certify the directory key: \(verdict.failure ?? "")")
        }
        return .success(key)
    }
}
