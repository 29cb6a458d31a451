import Crypto

/// A signing key a node trusts, as the directory lists it.
public struct TrustedKey: Sendable {
    /// The origin the key signs for.
    public let origin: OriginID
    /// The Ed25519 public key.
    public let key: VerifyingKey
    /// Per stream, the last sequence the key may sign; nil while the key is not revoked.
    public let revokedAfter: [StreamName: UInt64]?

    /// Makes a trusted key; `revokedAfter` is the revocation watermark per stream, if revoked.
    public init(origin: OriginID, key: VerifyingKey, revokedAfter: [StreamName: UInt64]? = nil) {
        self.origin = origin
        self.key = key
        self.revokedAfter = revokedAfter
    }

    /// Whether the key may sign the entry at `sequence` of `stream`.
    public func permits(_ stream: StreamName, sequence: UInt64) -> Bool {
        guard let revokedAfter else { return true }
        return sequence <= revokedAfter[stream, default: 0]
    }
}

/// What checking a run of entries found.
public struct ChainVerdict: Sendable {
    /// How many entries from the start of the run are authentic and may be applied.
    public let acceptedCount: Int
    /// Why the entry at `acceptedCount` was refused, if one was.
    public let refusal: Refusal?
    /// How many Ed25519 verifications the check took.
    public let signatureChecks: Int
}

/// Checks a contiguous run of one origin's stream with one signature per key and a hash per entry.
///
/// Every entry names the SHA-256 of its predecessor's exact bytes, and the signature covers that hash. So when
/// the last entry of a run verifies and every link matches, each earlier entry is exactly what the origin wrote:
/// forging one would need a SHA-256 second preimage. `Docs/replication.md` gives the argument in full.
public enum ChainVerifier {
    /// Checks `run`, entries of one origin and stream with consecutive sequences, in order.
    ///
    /// - Parameters:
    ///   - anchor: the hash of the entry just before the run when the node holds it, 32 zero bytes when the run
    ///     starts at sequence 1, nil when the predecessor is missing (the link is checked when the gap fills).
    ///   - keys: looks up a key the directory lists.
    /// - Returns: the length of the authentic prefix and why the next entry was refused. On any failure the
    ///   entries are checked one by one, so the refusal names the first bad entry and its own reason.
    public static func verify(
        _ run: [SignedEntry], anchor: [UInt8]?, keys: (KeyID) -> TrustedKey?
    ) -> ChainVerdict {
        var checks = 0
        var limit = run.count
        var limitRefusal: Refusal?
        var previousHash = anchor
        for (index, entry) in run.enumerated() {
            let envelope = entry.envelope
            if let refusal = keyRefusal(envelope, keys: keys) ?? orderRefusal(run, index) {
                (limit, limitRefusal) = (index, refusal)
                break
            }
            if let expected = previousHash, envelope.previousHash != expected {
                checks += 1
                let signed = keys(envelope.keyID).map { entry.hasValidSignature(by: $0.key) } ?? false
                let refusal =
                    signed
                    ? Refusal(
                        .brokenChain, entry: envelope, detail: "the previous hash does not match the entry before")
                    : Refusal(.badSignature, entry: envelope, detail: "the signature does not verify")
                (limit, limitRefusal) = (index, refusal)
                break
            }
            previousHash = entry.hash
        }

        var start = 0
        while start < limit {
            var end = start
            while end + 1 < limit && run[end + 1].envelope.keyID == run[start].envelope.keyID { end += 1 }
            let key = keys(run[start].envelope.keyID)!.key
            checks += 1
            if !run[end].hasValidSignature(by: key) {
                for index in start...end {
                    checks += 1
                    if !run[index].hasValidSignature(by: key) {
                        let refusal = Refusal(
                            .badSignature, entry: run[index].envelope, detail: "the signature does not verify")
                        return ChainVerdict(acceptedCount: index, refusal: refusal, signatureChecks: checks)
                    }
                }
            }
            start = end + 1
        }
        return ChainVerdict(acceptedCount: limit, refusal: limitRefusal, signatureChecks: checks)
    }

    /// Checks one entry alone: its key and its own signature. Used for entries that arrive past a gap alone and
    /// to judge a second entry for a sequence the node already holds.
    public static func verifyAlone(_ entry: SignedEntry, keys: (KeyID) -> TrustedKey?) -> Refusal? {
        if let refusal = keyRefusal(entry.envelope, keys: keys) { return refusal }
        guard entry.hasValidSignature(by: keys(entry.envelope.keyID)!.key) else {
            return Refusal(.badSignature, entry: entry.envelope, detail: "the signature does not verify")
        }
        return nil
    }

    private static func keyRefusal(_ envelope: Envelope, keys: (KeyID) -> TrustedKey?) -> Refusal? {
        guard let trusted = keys(envelope.keyID) else {
            return Refusal(.unknownKey, entry: envelope, detail: "key \(envelope.keyID) is not in the directory")
        }
        guard trusted.origin == envelope.origin else {
            return Refusal(
                .keyOriginMismatch, entry: envelope, detail: "key \(envelope.keyID) signs for \(trusted.origin)")
        }
        guard trusted.permits(envelope.stream, sequence: envelope.sequence) else {
            return Refusal(.revokedKey, entry: envelope, detail: "key \(envelope.keyID) was revoked before this entry")
        }
        return nil
    }

    private static func orderRefusal(_ run: [SignedEntry], _ index: Int) -> Refusal? {
        guard index > 0 else { return nil }
        let (previous, entry) = (run[index - 1].envelope, run[index].envelope)
        guard entry.origin == previous.origin, entry.stream == previous.stream,
            entry.sequence == previous.sequence + 1
        else {
            return Refusal(.malformed, entry: entry, detail: "the run is not one stream's consecutive entries")
        }
        return nil
    }
}
