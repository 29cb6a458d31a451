import Crypto
import Model
import SQLite

/// Remote entries: decode, verify against the stored chain, merge, in bounded transactions.
extension Writer {
    /// One decoded entry (which carries its hash, computed once when decoded).
    struct Incoming {
        let entry: SignedEntry
        var hash: [UInt8] { entry.hash }
        var envelope: Envelope { entry.envelope }
        var sequence: UInt64 { entry.envelope.sequence }
    }

    /// Applies entries of any origins and streams, in any order; see `Store.apply(_:)`.
    func apply(_ rawEntries: [[UInt8]]) throws -> ApplyReport {
        var report = ApplyReport()
        var byStream: [StreamName: [Incoming]] = [:]
        for bytes in rawEntries {
            let entry: SignedEntry
            do {
                entry = try SignedEntry.decode(bytes)
            } catch {
                report.refusals.append(Refusal(malformed: error))
                continue
            }
            let envelope = entry.envelope
            guard envelope.sequence <= UInt64(Int64.max), envelope.recordVersion <= UInt64(Int64.max) else {
                report.refusals.append(
                    Refusal(.malformed, entry: envelope, detail: "the sequence or record version is above 2^63 - 1"))
                continue
            }
            guard file(for: envelope.stream) != nil else {
                report.refusals.append(
                    Refusal(.streamNotHeld, entry: envelope, detail: "this node holds no member-only content"))
                continue
            }
            byStream[envelope.stream, default: []].append(Incoming(entry: entry))
        }

        for stream in StreamName.allCases {
            guard let incoming = byStream[stream], let file = file(for: stream) else { continue }
            var start = 0
            while start < incoming.count {
                let chunk = incoming[start..<min(start + batchSize, incoming.count)]
                start += chunk.count
                var newlyQuarantined: Set<OriginID> = []
                var chunkReport = ApplyReport()
                try guarded(file) {
                    try file.connection.transaction {
                        try applyChunk(chunk, to: file, report: &chunkReport, quarantining: &newlyQuarantined)
                    }
                }
                // Only what committed counts, and only a committed conflict quarantines.
                quarantined.formUnion(newlyQuarantined)
                report.applied += chunkReport.applied
                report.duplicates += chunkReport.duplicates
                report.recordsChanged += chunkReport.recordsChanged
                report.refusals += chunkReport.refusals
                if let skew = chunkReport.largestClockSkewMilliseconds {
                    report.largestClockSkewMilliseconds = max(report.largestClockSkewMilliseconds ?? skew, skew)
                }
                try checkpointIfDue()
            }
        }
        return report
    }

    /// Applies one bounded chunk of one stream inside the caller's transaction.
    private func applyChunk(
        _ chunk: ArraySlice<Incoming>, to file: StreamFile, report: inout ApplyReport,
        quarantining newlyQuarantined: inout Set<OriginID>
    ) throws {
        let byOrigin = Dictionary(grouping: chunk, by: \.envelope.origin)
        for origin in byOrigin.keys.sorted() {
            // A stable sort keeps the first of two entries for one sequence first.
            let items = byOrigin[origin]!.enumerated().sorted {
                ($0.element.sequence, $0.offset) < ($1.element.sequence, $1.offset)
            }.map(\.element)
            var isQuarantined = quarantined.contains(origin) || newlyQuarantined.contains(origin)
            let held = try heldHashes(origin, items, in: file)

            // Entries for places already held: duplicates, or evidence that the origin equivocated.
            var fresh: [Incoming] = []
            var repeated: [Incoming] = []
            for item in items {
                if isQuarantined {
                    report.refusals.append(
                        Refusal(
                            .quarantined, entry: item.envelope, detail: "the origin is quarantined after a conflict"))
                    continue
                }
                if let previous = fresh.last, previous.sequence == item.sequence {
                    if previous.hash == item.hash { report.duplicates += 1 } else { repeated.append(item) }
                    continue
                }
                guard let storedHash = try held(item.sequence) else {
                    fresh.append(item)
                    continue
                }
                if storedHash == item.hash {
                    report.duplicates += 1
                } else if let refusal = ChainVerifier.verifyAlone(item.entry, keys: { keys[$0] }) {
                    report.refusals.append(refusal)
                } else {
                    try file.recordConflict(item.entry, hash: item.hash, now: wallClock())
                    newlyQuarantined.insert(origin)
                    isQuarantined = true
                    report.refusals.append(
                        Refusal(.conflict, entry: item.envelope, detail: "another signed entry holds this place"))
                }
            }
            if isQuarantined {
                // Nothing more is taken from an origin once it equivocated, not even this chunk's other entries.
                report.refusals += (fresh + repeated).map {
                    Refusal(.quarantined, entry: $0.envelope, detail: "the origin is quarantined after a conflict")
                }
                continue
            }

            var storedAny = false
            var run: [Incoming] = []
            for item in fresh {
                if let last = run.last, last.sequence + 1 != item.sequence {
                    storedAny = try verifyAndStore(run, in: file, report: &report) || storedAny
                    run = []
                }
                run.append(item)
            }
            if !run.isEmpty { storedAny = try verifyAndStore(run, in: file, report: &report) || storedAny }

            // A second, different entry for a sequence this chunk held twice is judged against the first.
            for item in repeated {
                let stored = try file.storedLink(origin, item.sequence)
                if stored == nil {
                    storedAny = try verifyAndStore([item], in: file, report: &report) || storedAny
                } else if let refusal = ChainVerifier.verifyAlone(item.entry, keys: { keys[$0] }) {
                    report.refusals.append(refusal)
                } else {
                    try file.recordConflict(item.entry, hash: item.hash, now: wallClock())
                    newlyQuarantined.insert(origin)
                    report.refusals.append(
                        Refusal(.conflict, entry: item.envelope, detail: "another signed entry holds this place"))
                }
            }
            if storedAny { try file.advanceSyncState(origin) }
        }
    }

    /// Looks up the hashes stored at the items' sequences: one range query when the items are dense (the
    /// usual case, a range from a peer), else one query per item.
    private func heldHashes(_ origin: OriginID, _ items: [Incoming], in file: StreamFile) throws
        -> (UInt64) throws -> [UInt8]?
    {
        guard let low = items.first?.sequence, let high = items.last?.sequence,
            high - low <= UInt64(4 * items.count + 64)
        else {
            return { try file.storedLink(origin, $0)?.hash }
        }
        let hashes = try file.storedLinks(origin, low...high)
        return { hashes[$0] }
    }

    /// Verifies a run of consecutive new entries against the stored chain and stores the authentic ones.
    ///
    /// After a refusal the rest of the run is checked again as a run of its own, anchored on nothing (its
    /// link backwards is checked when the refused place is filled). Returns whether anything was stored.
    private func verifyAndStore(_ run: [Incoming], in file: StreamFile, report: inout ApplyReport) throws -> Bool {
        var remaining = run[...]
        var storedAny = false
        var anchored = true
        while let first = remaining.first {
            let origin = first.envelope.origin
            var anchor: [UInt8]?
            if anchored {
                anchor =
                    first.sequence == 1 ? StreamFile.zeroHash : try file.storedLink(origin, first.sequence - 1)?.hash
            }
            let verdict = ChainVerifier.verify(remaining.map(\.entry), anchor: anchor, keys: { keys[$0] })
            var accepted = Array(remaining.prefix(verdict.acceptedCount))

            // When the run ends just before an entry already held, that entry must name the run's last one.
            if verdict.acceptedCount == remaining.count, let last = accepted.last,
                let successor = try file.storedLink(origin, last.sequence + 1), successor.previousHash != last.hash
            {
                accepted.removeLast()
                report.refusals.append(
                    Refusal(
                        .brokenChain, entry: last.envelope,
                        detail: "the entry held after it names a different previous hash"))
            }
            for item in accepted {
                try storeVerified(item, in: file, report: &report)
                storedAny = true
            }
            guard let refusal = verdict.refusal else { break }
            report.refusals.append(refusal)
            remaining = remaining.dropFirst(verdict.acceptedCount + 1)
            anchored = false
        }
        return storedAny
    }

    private func storeVerified(_ item: Incoming, in file: StreamFile, report: inout ApplyReport) throws {
        let envelope = item.envelope
        let stored = try file.store(item.entry, hash: item.hash)
        if stored.isForeign {
            report.refusals.append(
                Refusal(
                    .foreignRecord, entry: envelope, detail: "record \(envelope.recordID) belongs to another origin"))
        }
        if stored.recordChanged { report.recordsChanged += 1 }
        report.applied += 1

        // Only authentic entries move the node's clock, and never more than five minutes past wall time.
        let observation = clock.observe(envelope.clock, wallMilliseconds: wallClock())
        if observation.skewMilliseconds > (report.largestClockSkewMilliseconds ?? 0) {
            report.largestClockSkewMilliseconds = observation.skewMilliseconds
        }
    }
}
