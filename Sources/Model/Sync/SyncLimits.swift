/// The hard limits of sync protocol v1. A message over any of them is refused with its own `SyncProblem`,
/// decided from the message's count headers before anything is allocated for its rows.
public enum SyncLimits {
    /// The most (origin, stream) rows a summary names.
    public static let maximumSummaryRows = 10_000
    /// The most gaps one summary row lists; a sender with more lists the first ones (see `SummaryRow`).
    public static let maximumGapsPerRow = 64
    /// The largest summary body.
    public static let maximumSummaryBytes = 2 << 20
    /// The most full entries a range response carries, and the largest `limit` a range request names.
    public static let maximumRangeEntries = 2_000
    /// The most items (entries and stubs) a range response carries: stubs may run past the limit to reach the
    /// full entry that proves them.
    public static let maximumRangeItems = 4_000
    /// The largest range response body.
    public static let maximumRangeBytes = 8 << 20
    /// The most entries one push carries.
    public static let maximumPushEntries = 256
    /// The largest push body.
    public static let maximumPushBytes = 8 << 20
    /// The most directory versions one directory response carries.
    public static let maximumDirectoryVersions = 64
    /// The most certificates one directory response carries, and the largest one (DER).
    public static let maximumDirectoryCertificates = 8
    public static let maximumCertificateBytes = 8 << 10
    /// The largest directory response body.
    public static let maximumDirectoryBytes = 8 << 20
    /// The largest entry inside a range or push: a full payload plus the largest header and signature.
    public static let maximumEntryBytes = (1 << 20) + 512
}
