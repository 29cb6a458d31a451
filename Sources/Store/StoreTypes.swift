import Model

/// Who is reading: the store applies the same rule on every read path.
public enum ReadScope: Sendable, Equatable {
    /// Anonymous visitors, regional mirrors, anything that may see public content only.
    case publicOnly
    /// Member-state nodes and the custodian: public and member-only content (sealed payloads stay encrypted).
    case members

    /// Whether this scope may read `stream`.
    public func permits(_ stream: StreamName) -> Bool { stream == .public || self == .members }
}

/// What a local write or delete did.
public struct WriteResult: Sendable, Equatable {
    /// The record's version after the call (unchanged when nothing was written).
    public let recordVersion: UInt64
    /// The entries written, in commit order (members side first); empty when the content was identical.
    public let entries: [StoredEntry]

    /// Whether the call wrote nothing because the record already had this content and visibility.
    public var isUnchanged: Bool { entries.isEmpty }
}

/// What applying remote entries did. Refusals are results, not errors.
public struct ApplyReport: Sendable, Equatable {
    /// Entries stored for the first time.
    public var applied = 0
    /// Entries the store already held with the same bytes (a no-op).
    public var duplicates = 0
    /// Record-table rows that changed (a new record or a higher version).
    public var recordsChanged = 0
    /// Each refused entry with its reason.
    public var refusals: [Refusal] = []
    /// The furthest a remote clock was ahead of local wall time, in milliseconds, when one was.
    public var largestClockSkewMilliseconds: Int64?

    /// Makes an empty report.
    public init() {}
}

/// One stored entry of a stream, as a range read returns it.
public struct StoredEntry: Sendable, Equatable {
    /// The origin that wrote it.
    public let origin: OriginID
    /// Its stream.
    public let stream: StreamName
    /// Its place in the stream.
    public let sequence: UInt64
    /// SHA-256 of its bytes.
    public let hash: [UInt8]
    /// The hash of the entry before it, as the entry names it.
    public let previousHash: [UInt8]
    /// The exact bytes as received and signed; nil once redacted (a later tombstone of the same record erased
    /// the content, and only the hashes that keep the chain checkable are left).
    public let bytes: [UInt8]?
}

/// The replication state of one (origin, stream) the store holds.
public struct StreamSummary: Sendable, Equatable {
    /// The origin.
    public let origin: OriginID
    /// The stream.
    public let stream: StreamName
    /// The highest sequence up to which every entry is held (0 for none).
    public let contiguous: UInt64
    /// The hash of the entry at `contiguous` (32 zero bytes when it is 0).
    public let headHash: [UInt8]
    /// The highest sequence held, at or above `contiguous`.
    public let highest: UInt64
    /// The missing ranges between `contiguous` and `highest`, in order.
    public let gaps: [ClosedRange<UInt64>]
}

/// A record's current version as a reader may see it.
public struct StoredRecord: Sendable, Equatable {
    /// The record's id.
    public let id: RecordID
    /// The node that writes it.
    public let origin: OriginID
    /// Its type and schema version.
    public let recordType: RecordType
    /// The current version.
    public let version: UInt64
    /// Who may see it.
    public let visibility: Visibility
    /// Whether the record was deleted (or moved out of every stream this reader sees).
    public let isTombstone: Bool
    /// When the origin wrote this version.
    public let clock: HLCTimestamp
    /// The content; empty for a tombstone.
    public let payload: [UInt8]
}

/// The number of live records of one type and visibility.
public struct RecordCount: Sendable, Equatable, Hashable {
    /// The record type.
    public let recordType: RecordType
    /// The visibility.
    public let visibility: Visibility
    /// How many live (not deleted) records.
    public let count: Int
}

/// An origin the store takes nothing more from, after it signed two different entries for one place.
public struct Quarantine: Sendable, Equatable {
    /// The origin.
    public let origin: OriginID
    /// The stream where the conflict was found.
    public let stream: StreamName
    /// The sequence both entries claim.
    public let sequence: UInt64
    /// Why, in words (never content).
    public let reason: String
    /// When the store quarantined the origin, in milliseconds since the Unix epoch.
    public let sinceMilliseconds: UInt64
}

extension Refusal.Reason {
    /// The entry belongs to a stream this node does not hold (members content on a regional mirror).
    public static let streamNotHeld = Refusal.Reason("stream-not-held")
    /// The entry's record id already belongs to another origin; only a record's origin may write it.
    public static let foreignRecord = Refusal.Reason("foreign-record")
}
