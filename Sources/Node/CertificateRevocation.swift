import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The federation's certificate revocation list, kept on the custodian.
///
/// ```
/// DIR/ca/crl-url    the URL node certificates name as their CRL distribution point
/// DIR/ca/revoked    append-only: one "SERIAL DATE REASON" line per revoked certificate
/// DIR/ca/crl.der    the current CRL signed by the issuing CA, replaced atomically
/// ```
///
/// The federation's own revocation runs through the custodian's signed directory; the CRL is what TLS clients
/// and scanners outside the federation look for. Every change to `revoked` or `crl.der` happens while holding
/// an exclusive `flock` on `revoked`, so `gcscp ca revoke` and a portal renewing the CRL never lose an entry.
// TODO(#3): only the issuing CA publishes a CRL; revoking an issuing CA needs a CRL signed by the offline root
// (and a distribution point in the issuing CA's certificate), which no command makes yet.
extension NodeDirectory {
    /// The URL recorded by `gcscp ca init` for the CRL distribution point.
    public var crlURLPath: String { "\(path)/ca/crl-url" }
    /// The append-only list of revoked serial numbers.
    public var revokedListPath: String { "\(path)/ca/revoked" }
    /// The current CRL, DER.
    public var revocationListPath: String { "\(path)/ca/crl.der" }

    /// The CRL URL recorded in `ca/crl-url`, or, when none is recorded, the default derived from the portal
    /// settings (`https://<portal.listen>/ca/crl`).
    /// - Throws: `NodeError` `.configuration` when the recorded URL is malformed or no default can be derived.
    public func crlDistributionPoint() throws(NodeError) -> String {
        guard let data = FileManager.default.contents(atPath: crlURLPath) else {
            return try defaultCRLDistributionPoint(try loadConfiguration())
        }
        let url = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do { try CertificateAuthority.checkDistributionPoint(url) } catch {
            throw NodeError(.configuration, "\(crlURLPath): \(error); write one URL there")
        }
        return url
    }

    /// The CRL URL a new CA records unless told otherwise: the custodian's portal, path `/ca/crl`.
    /// - Throws: `NodeError` `.configuration` when the portal's address is not one others can reach.
    func defaultCRLDistributionPoint(_ configuration: NodeConfiguration) throws(NodeError) -> String {
        let listen = configuration.portalListen
        let hint =
            "give the public URL of the custodian's portal with --crl-url, such as https://portal.example.org/ca/crl"
        guard configuration.portalTLS else {
            throw NodeError(.configuration, "the portal sits behind a reverse proxy (portal.tls = false); \(hint)")
        }
        // Port 0 (a free port picked at start) is for tests: the URL is recorded as is and `gcscp ca init` warns.
        guard !["0.0.0.0", "::", "*"].contains(listen.host) else {
            throw NodeError(.configuration, "portal.listen \(listen) is no address others can reach; \(hint)")
        }
        return "https://\(listen)/ca/crl"
    }

    /// The certificates revoked so far, oldest first, as `ca/revoked` lists them.
    /// - Throws: `NodeError` `.nodeDirectory` when the file cannot be read or a line is malformed.
    public func revokedCertificates() throws(NodeError) -> [RevokedCertificate] {
        try RevocationLedger(path: revokedListPath).withLock { ledger throws(NodeError) in try ledger.entries() }
    }

    /// Revokes a certificate the issuing CA issued: appends it to `ca/revoked` and rewrites `ca/crl.der`.
    /// - Throws: `NodeError` `.input` when the text is not a PEM certificate, the issuing CA did not issue it,
    ///   or it is revoked already (nothing is changed); `.nodeDirectory` or `.keyFile` when the CA's files fail.
    public func revokeCertificate(
        certificatePEM: String, reason: RevocationReason, at date: Date = Date()
    ) throws(NodeError) -> (revoked: RevokedCertificate, list: CertificateRevocationList) {
        let authority = try loadIssuingAuthority()
        let certificate: Certificate
        do { certificate = try Certificate(pemRepresentation: certificatePEM) } catch {
            throw NodeError(.input, "the file is not a PEM certificate (\(error)); nothing was changed")
        }
        guard authority.hasIssued(certificate) else {
            throw NodeError(
                .input,
                "the certificate \(certificate.subject) (issuer \(certificate.issuer)) was not issued by this "
                    + "federation's issuing CA (\(authority.certificate.subject)); nothing was changed")
        }
        return try RevocationLedger(path: revokedListPath).withLock { ledger throws(NodeError) in
            let entries = try ledger.entries()
            if let earlier = entries.first(where: { $0.serialNumber == certificate.serialNumber }) {
                throw NodeError(
                    .input,
                    "the certificate with serial \(earlier.serialNumber) was revoked already on "
                        + "\(earlier.revocationDate.formatted(.iso8601)); nothing was changed")
            }
            let entry: RevokedCertificate
            do {
                entry = try RevokedCertificate(
                    serialNumber: certificate.serialNumber, revocationDate: date, reason: reason)
            } catch { throw NodeError(.input, "the certificate cannot be revoked: \(error)") }
            // The new CRL is made before anything is written, so a failure leaves both files as they were.
            let list = try makeRevocationList(authority, entries + [entry])
            try ledger.append(entry)
            try writeRevocationList(list)
            return (entry, list)
        }
    }

    /// Issues a fresh CRL (new thisUpdate and nextUpdate, next CRL number) and stores it in `ca/crl.der`.
    /// - Throws: `NodeError` when the issuing CA or the revoked list cannot be read, or the file not written.
    public func renewRevocationList() throws(NodeError) -> CertificateRevocationList {
        let authority = try loadIssuingAuthority()
        return try RevocationLedger(path: revokedListPath).withLock { ledger throws(NodeError) in
            let list = try makeRevocationList(authority, try ledger.entries())
            try writeRevocationList(list)
            return list
        }
    }

    /// The DER bytes of the current CRL for the custodian's portal to serve at `/ca/crl`, or nil on a node that
    /// runs no CA. A CRL past half its lifetime (or missing) is renewed first, so clients always get one that
    /// stays current for days. Costs a file read and a CRL parse; renewing also signs.
    /// - Throws: `NodeError` when the CRL needs renewing and the issuing CA's files cannot be used.
    public func currentCRL(now: Date = Date()) throws(NodeError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: issuingCertificatePath),
            try loadConfiguration().nodeClass == .custodian
        else { return nil }
        if let bytes = freshRevocationList(now: now) { return bytes }
        return try RevocationLedger(path: revokedListPath).withLock { ledger throws(NodeError) in
            // Another thread or process may have renewed it while this one waited for the lock.
            if let bytes = freshRevocationList(now: now) { return bytes }
            let list = try makeRevocationList(try loadIssuingAuthority(), try ledger.entries())
            try writeRevocationList(list)
            return list.derRepresentation
        }
    }

    private func freshRevocationList(now: Date) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: revocationListPath),
            let list = try? CertificateRevocationList(derRepresentation: Array(data)), let next = list.nextUpdate
        else { return nil }
        let halfway = list.thisUpdate.addingTimeInterval(next.timeIntervalSince(list.thisUpdate) / 2)
        return now < halfway ? Array(data) : nil
    }

    /// Signs a CRL whose number exceeds the stored CRL's and is at least the Unix time, so numbers keep growing
    /// even if `crl.der` is lost.
    private func makeRevocationList(
        _ authority: CertificateAuthority, _ entries: [RevokedCertificate]
    ) throws(NodeError) -> CertificateRevocationList {
        let previous = FileManager.default.contents(atPath: revocationListPath).flatMap {
            try? CertificateRevocationList(derRepresentation: Array($0))
        }
        let number = max((previous?.number ?? 0) + 1, UInt64(max(0, Date().timeIntervalSince1970)))
        do { return try authority.makeRevocationList(number: number, revoked: entries) } catch {
            throw NodeError(.keyFile, "could not sign the certificate revocation list: \(error)")
        }
    }

    private func writeRevocationList(_ list: CertificateRevocationList) throws(NodeError) {
        try AtomicFile.replace(revocationListPath, with: list.derRepresentation)
    }
}

/// `ca/revoked`, held open under an exclusive `flock` for one read-and-change; closing it releases the lock.
struct RevocationLedger {
    let path: String
    private var descriptor: Int32 = -1

    init(path: String) { self.path = path }

    /// Opens (creating it empty if need be) and locks the file, runs `body`, then closes it.
    func withLock<T>(_ body: (RevocationLedger) throws(NodeError) -> T) throws(NodeError) -> T {
        let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("could not open the list of revoked certificates") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw failure("could not lock the list of revoked certificates") }
        var locked = self
        locked.descriptor = descriptor
        return try body(locked)
    }

    /// Every entry, oldest first.
    func entries() throws(NodeError) -> [RevokedCertificate] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = pread(descriptor, &chunk, chunk.count, off_t(bytes.count))
            guard count >= 0 else { throw failure("could not read the list of revoked certificates") }
            if count == 0 { break }
            bytes += chunk.prefix(count)
            // A federation revokes a few certificates a year; megabytes here mean the wrong file.
            guard bytes.count <= 16 << 20 else {
                throw NodeError(.nodeDirectory, "\(path): the list of revoked certificates exceeds 16 MiB")
            }
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var entries: [RevokedCertificate] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            guard let entry = RevocationLedger.parse(line) else {
                throw NodeError(
                    .nodeDirectory, "\(path), line \(index + 1): expected 'SERIAL DATE REASON', found '\(line)'")
            }
            entries.append(entry)
        }
        return entries
    }

    /// Appends one line and flushes it to disk.
    func append(_ entry: RevokedCertificate) throws(NodeError) {
        let line = Array(
            "\(entry.serialNumber) \(entry.revocationDate.formatted(.iso8601)) \(entry.reason.name)\n".utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw failure("could not append to the list of revoked certificates")
        }
    }

    private static func parse(_ line: Substring) -> RevokedCertificate? {
        let fields = line.split(separator: " ")
        guard fields.count == 3, let date = try? Date(String(fields[1]), strategy: .iso8601),
            let reason = RevocationReason(name: String(fields[2]))
        else { return nil }
        return try? RevokedCertificate(serialNumber: String(fields[0]), revocationDate: date, reason: reason)
    }

    private func failure(_ what: String) -> NodeError {
        NodeError(.nodeDirectory, "\(path): \(what) (\(String(cString: strerror(errno))))")
    }
}

/// Replaces a public file all at once: readers see the old bytes or the new, never a mix or nothing.
enum AtomicFile {
    static func replace(_ path: String, with bytes: [UInt8]) throws(NodeError) {
        let temporary = "\(path).new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path, "could not create \(temporary)") }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = written == bytes.count && fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let error = failure(path, "could not write the file")
            unlink(temporary)
            throw error
        }
        // The rename itself must reach the disk, or a crash could bring back the old file.
        let folder = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    private static func failure(_ path: String, _ what: String) -> NodeError {
        NodeError(.nodeDirectory, "\(path): \(what) (\(String(cString: strerror(errno))))")
    }
}
