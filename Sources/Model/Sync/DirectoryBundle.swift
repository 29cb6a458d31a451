import Crypto

/// The answer to `GET /sync/v1/directory?after=N`: the versions after N, in order, and the certificates that
/// certify their directory keys (each directory key certificate and the issuing CAs between it and the root).
public struct DirectoryBundle: Sendable {
    /// The certificates, DER.
    public let certificates: [[UInt8]]
    /// The versions' exact bytes, numbers ascending and consecutive.
    public let versions: [[UInt8]]

    /// The four bytes a bundle starts with: "GCSV".
    public static let magic: [UInt8] = Array("GCSV".utf8)

    /// Makes a bundle.
    public init(certificates: [[UInt8]], versions: [[UInt8]]) {
        self.certificates = certificates
        self.versions = versions
    }

    /// The versions a server sends after `after`, from those it holds in order: at most
    /// `SyncLimits.maximumDirectoryVersions` and the byte limit (always at least one, when there is one).
    public static func versions(after: UInt64, from held: [SignedDirectoryVersion]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var bytes = 16
        for version in held where version.version.number > after {
            guard result.count < SyncLimits.maximumDirectoryVersions else { break }
            guard bytes + version.bytes.count + 4 <= SyncLimits.maximumDirectoryBytes / 2 || result.isEmpty else {
                break
            }
            result.append(version.bytes)
            bytes += version.bytes.count + 4
        }
        return result
    }

    /// The bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 16 + versions.reduce(0) { $0 + $1.count + 4 } + certificates.count * 600)
        writer.append(Self.magic)
        writer.append(UInt8(1))
        writer.append(UInt8(clamping: certificates.count))
        for certificate in certificates {
            writer.append(UInt16(clamping: certificate.count))
            writer.append(certificate)
        }
        writer.append(UInt16(clamping: versions.count))
        for version in versions {
            writer.append(UInt32(version.count))
            writer.append(version)
        }
        return writer.bytes
    }

    /// Reads a bundle; the versions are checked one by one by `DirectoryChain`.
    /// - Throws: `SyncProblem` `.malformedDirectory` for a breach of the layout or its limits.
    public static func decode(_ bytes: [UInt8]) throws(SyncProblem) -> DirectoryBundle {
        guard bytes.count <= SyncLimits.maximumDirectoryBytes else {
            throw SyncProblem(
                .bodyTooLarge, "a directory response is at most \(SyncLimits.maximumDirectoryBytes) bytes")
        }
        var reader = FieldReader(bytes) { SyncProblem(.malformedDirectory, "the directory response is \($0)") }
        guard try reader.bytes(4) == magic, try reader.uint8() == 1 else { throw reader.failure("not GCSV 01") }
        let certificateCount = Int(try reader.uint8())
        guard certificateCount <= SyncLimits.maximumDirectoryCertificates else {
            throw reader.failure("carrying over \(SyncLimits.maximumDirectoryCertificates) certificates")
        }
        var certificates: [[UInt8]] = []
        for _ in 0..<certificateCount {
            let length = Int(try reader.uint16())
            guard length <= SyncLimits.maximumCertificateBytes else {
                throw reader.failure("carrying an oversized certificate")
            }
            certificates.append(try reader.bytes(length))
        }
        let versionCount = Int(try reader.uint16())
        guard versionCount <= SyncLimits.maximumDirectoryVersions, versionCount * 4 <= reader.remaining else {
            throw reader.failure(
                "announcing over \(SyncLimits.maximumDirectoryVersions) versions or more than it holds")
        }
        var versions: [[UInt8]] = []
        for _ in 0..<versionCount {
            let length = Int(try reader.uint32())
            guard length <= DirectoryVersion.maximumSize else { throw reader.failure("carrying an oversized version") }
            versions.append(try reader.bytes(length))
        }
        try reader.expectEnd()
        return DirectoryBundle(certificates: certificates, versions: versions)
    }

    /// The certificates, parsed. - Throws: `CryptoError` when one is not DER X.509.
    public func parsedCertificates() throws -> [Certificate] {
        try certificates.map { try Certificate(derRepresentation: $0) }
    }
}
