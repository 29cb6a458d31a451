/// The merge rule: per record, the highest record version wins.
///
/// Only a record's origin writes it, so two different entries never carry one version of one record within a
/// stream, and merge needs no tie-break there. Across the two streams a visibility change writes one version
/// twice: a tombstone in the stream the record leaves and the content in the stream it enters.
public enum MergeRule {
    /// Whether an incoming version replaces the version a stream's record table holds (nil: none yet).
    /// Applying the same entry twice replaces nothing.
    public static func replaces(incomingVersion: UInt64, current: UInt64?) -> Bool {
        guard let current else { return true }
        return incomingVersion > current
    }

    /// Of a record's heads in the public and the members table, the one a member principal sees: the higher
    /// version, and at equal versions the live content rather than the tombstone the move left behind.
    public static func visibleHead(public publicHead: RecordHead?, members membersHead: RecordHead?) -> RecordHead? {
        guard let publicHead else { return membersHead }
        guard let membersHead else { return publicHead }
        if publicHead.version != membersHead.version {
            return publicHead.version > membersHead.version ? publicHead : membersHead
        }
        return publicHead.isTombstone ? membersHead : publicHead
    }
}

/// The merge-relevant facts of a record's current version in one stream's table.
public struct RecordHead: Hashable, Sendable {
    /// The record's version.
    public let version: UInt64
    /// Whether this version removed the record from the stream.
    public let isTombstone: Bool

    /// Makes a head.
    public init(version: UInt64, isTombstone: Bool) {
        self.version = version
        self.isTombstone = isTombstone
    }
}

/// An in-memory record table of one stream, merged with `MergeRule`: the reference the store is checked
/// against and what `Protocol/vectors/merge.json` is computed with.
public struct RecordTable: Equatable, Sendable {
    /// One record's current version.
    public struct Row: Equatable, Sendable {
        /// The record's origin.
        public let origin: OriginID
        /// The record's type.
        public let recordType: RecordType
        /// Its version and whether it is a tombstone.
        public let head: RecordHead
        /// The version's visibility.
        public let visibility: Visibility
        /// The content; empty for a tombstone.
        public let payload: [UInt8]
    }

    /// The current row of each record.
    public private(set) var rows: [RecordID: Row] = [:]

    /// Makes an empty table.
    public init() {}

    /// Applies an authentic entry; returns whether the table changed.
    @discardableResult
    public mutating func apply(_ envelope: Envelope) -> Bool {
        guard
            MergeRule.replaces(incomingVersion: envelope.recordVersion, current: rows[envelope.recordID]?.head.version)
        else { return false }
        rows[envelope.recordID] = Row(
            origin: envelope.origin, recordType: envelope.recordType,
            head: RecordHead(version: envelope.recordVersion, isTombstone: envelope.isTombstone),
            visibility: envelope.visibility, payload: envelope.payload)
        return true
    }
}
