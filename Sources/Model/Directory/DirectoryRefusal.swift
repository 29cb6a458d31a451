/// Why a node refused a directory version. An expected outcome, so a value rather than a thrown error.
public struct DirectoryRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of refusal; new reasons may be added without breaking callers.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        /// The reason's stable name, as logs and `Protocol/directory.md` spell it.
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The bytes break a rule of the layout or of the directory's consistency (one custodian, unique keys).
        public static let malformed = Reason("directory-malformed")
        /// The number is not one more than the version held (or not 1 for a node that holds none).
        public static let wrongNumber = Reason("directory-wrong-number")
        /// The previous hash is not the hash of the version held.
        public static let notChained = Reason("directory-not-chained")
        /// Issued before the version held, or further in the future than clocks may disagree.
        public static let badTime = Reason("directory-bad-time")
        /// No certificate the federation root certifies names the directory key of the listed custodian.
        public static let keyNotCertified = Reason("directory-key-not-certified")
        /// The signature does not verify under the certified directory key (a flipped byte anywhere).
        public static let badSignature = Reason("directory-bad-signature")
        /// The version undoes what a directory may only add: it drops a node or key, changes a node's class or
        /// code, lifts a revocation or moves a watermark.
        public static let illegalChange = Reason("directory-illegal-change")
    }

    /// The kind of refusal.
    public let reason: Reason
    /// The number the version claimed, when it could be read.
    public let number: UInt64?
    /// What was wrong, in a sentence.
    public let detail: String

    /// Makes a refusal.
    public init(_ reason: Reason, number: UInt64? = nil, _ detail: String) {
        self.reason = reason
        self.number = number
        self.detail = detail
    }

    public var description: String {
        "directory version \(number.map(String.init) ?? "?") refused (\(reason)): \(detail)"
    }
}
