/// Why a node refused an entry. Expected outcomes of replication, so they are values, not thrown errors.
public struct Refusal: Hashable, Sendable, CustomStringConvertible {
    /// The kind of refusal; new reasons may be added without breaking callers.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        /// The reason's stable name, as logs, health reports and `Protocol/` spell it.
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The bytes are not an entry of the known format (a flipped length, a bad field, a truncation).
        public static let malformed = Reason("malformed")
        /// The signature does not verify with the key the entry names (a flipped byte anywhere else).
        public static let badSignature = Reason("bad-signature")
        /// The entry names a signing key the directory does not list.
        public static let unknownKey = Reason("unknown-key")
        /// The key belongs to another origin than the one the entry claims.
        public static let keyOriginMismatch = Reason("key-origin-mismatch")
        /// The entry is signed but does not chain onto the previous entry of its stream.
        public static let brokenChain = Reason("broken-chain")
        /// Another validly signed entry holds the same (origin, stream, sequence): the origin equivocated.
        public static let conflict = Reason("conflict")
        /// The origin is quarantined after a conflict; nothing more is taken from it until an operator acts.
        public static let quarantined = Reason("quarantined")
        /// The signing key was revoked for entries past this sequence.
        public static let revokedKey = Reason("revoked-key")
    }

    /// The kind of refusal.
    public let reason: Reason
    /// The origin the entry claimed, when it could be read.
    public let origin: OriginID?
    /// The stream the entry claimed, when it could be read.
    public let stream: StreamName?
    /// The sequence the entry claimed, when it could be read.
    public let sequence: UInt64?
    /// A sentence on what was wrong; it never quotes the payload.
    public let detail: String

    /// Makes a refusal for an entry that could be read.
    public init(_ reason: Reason, entry: Envelope, detail: String) {
        self.reason = reason
        self.origin = entry.origin
        self.stream = entry.stream
        self.sequence = entry.sequence
        self.detail = detail
    }

    /// Makes a refusal for bytes that could not be read as an entry.
    public init(malformed error: EntryError) {
        self.reason = .malformed
        self.origin = nil
        self.stream = nil
        self.sequence = nil
        self.detail = error.message
    }

    public var description: String {
        let place = origin.map { "\($0)/\(stream?.description ?? "?")#\(sequence ?? 0)" } ?? "entry"
        return "\(place) refused (\(reason)): \(detail)"
    }
}
