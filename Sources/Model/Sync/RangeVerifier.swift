/// What checking a range response found.
public struct RangeVerdict: Sendable, Equatable {
    /// How many items from the start are proved and may be stored: entries authentic, stubs' hashes committed
    /// to by an authentic entry after them.
    public let acceptedCount: Int
    /// Why the entry at `acceptedCount` was refused, when an entry was.
    public let refusal: Refusal?
    /// The sequence of a stub refused as `broken-chain` (its hash or previous hash contradicts its neighbours).
    public let refusedStub: UInt64?
    /// How many Ed25519 verifications the check took.
    public let signatureChecks: Int

    /// Makes a verdict.
    public init(acceptedCount: Int, refusal: Refusal?, refusedStub: UInt64?, signatureChecks: Int) {
        self.acceptedCount = acceptedCount
        self.refusal = refusal
        self.refusedStub = refusedStub
        self.signatureChecks = signatureChecks
    }
}

/// Checks a range response, entries and stubs alike, against the chain the receiver holds.
///
/// A stub (an entry whose content its sender redacted) is accepted through the chain: its hash is proved when
/// the next entry, authentic by its signature, names it as previous hash; a run of stubs is linked stub to stub
/// by the hashes they name, and the run's first stub must name the hash of the entry before it. Runs of full
/// entries go through `ChainVerifier` (one signature per run), anchored on the stub or entry before them.
/// Trailing stubs with nothing after them to prove them are not accepted now (no refusal): the next request
/// starts with them. `Protocol/sync.md` says what a stub proves and what it does not.
// TODO(#4): `Store.apply` takes full entries only; storing an accepted stub as a redacted entry (hash and
// previous hash, no bytes, counted as held) needs a store method, which the network engine will call.
public enum RangeVerifier {
    /// Checks `response`.
    /// - Parameters:
    ///   - anchor: the hash of the held entry before `response.from` (32 zero bytes at sequence 1), or nil when
    ///     the receiver lacks it (the link is checked when the gap fills).
    ///   - successor: the previous hash named by the held entry right after the response, if the receiver holds
    ///     it: it proves trailing stubs.
    ///   - keys: the directory's signing keys.
    public static func verify(
        _ response: RangeResponse, anchor: [UInt8]?, successor: [UInt8]? = nil, keys: (KeyID) -> TrustedKey?
    ) -> RangeVerdict {
        var previousHash = anchor
        var checks = 0
        var index = 0
        var stubRunStart: Int?
        let items = response.items
        while index < items.count {
            if case .stub(let hash, let stubPrevious) = items[index] {
                if let expected = previousHash, stubPrevious != expected {
                    return RangeVerdict(
                        acceptedCount: stubRunStart ?? index, refusal: nil,
                        refusedStub: response.from + UInt64(index), signatureChecks: checks)
                }
                stubRunStart = stubRunStart ?? index
                previousHash = hash
                index += 1
                continue
            }
            var end = index
            while end < items.count && items[end].isEntry { end += 1 }
            let decoded = response.entries[index..<end]
            guard decoded.allSatisfy({ $0 != nil }) else {
                let bad = index + (decoded.firstIndex { $0 == nil }! - index)
                return RangeVerdict(
                    acceptedCount: stubRunStart ?? bad,
                    refusal: Refusal(malformed: .malformed("the entry does not decode")),
                    refusedStub: nil, signatureChecks: checks)
            }
            let run = decoded.map { $0! }
            let verdict = ChainVerifier.verify(run, anchor: previousHash, keys: keys)
            checks += verdict.signatureChecks
            if verdict.acceptedCount == 0, let runStart = stubRunStart {
                // The stubs before this entry stand unproved; when the entry is authentic but names another hash,
                // it is the stub that lied.
                let stubLied = verdict.refusal?.reason == .brokenChain
                return RangeVerdict(
                    acceptedCount: runStart, refusal: stubLied ? nil : verdict.refusal,
                    refusedStub: stubLied ? response.from + UInt64(index - 1) : nil, signatureChecks: checks)
            }
            if verdict.acceptedCount < run.count {
                return RangeVerdict(
                    acceptedCount: index + verdict.acceptedCount, refusal: verdict.refusal, refusedStub: nil,
                    signatureChecks: checks)
            }
            stubRunStart = nil
            previousHash = run.last!.hash
            index = end
        }
        if let runStart = stubRunStart, successor != previousHash {
            // Unproved for now when nothing held follows; contradicted when the held successor names another hash.
            let lied = successor != nil
            return RangeVerdict(
                acceptedCount: runStart, refusal: nil,
                refusedStub: lied ? response.from + UInt64(items.count - 1) : nil,
                signatureChecks: checks)
        }
        return RangeVerdict(acceptedCount: items.count, refusal: nil, refusedStub: nil, signatureChecks: checks)
    }
}
