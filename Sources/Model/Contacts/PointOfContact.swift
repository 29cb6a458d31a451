import Foundation

/// One entry of the points-of-contact directory (issue #6): a desk or a person a state names for ICT-security
/// communication, diplomatic or technical.
public struct PointOfContact: Hashable, Sendable, Codable {
    /// The record's id; a UUID becomes `urn:uuid:` in vCards.
    public var id: String
    /// The nominating state, ISO 3166-1 alpha-3.
    public var state: String
    /// The function, when the entry is a desk rather than a person ("National CERT duty officer").
    public var functionTitle: String?
    /// The person, when the entry names one.
    public var person: PersonName?
    /// The institution ("Ministry of Foreign Affairs").
    public var organisation: String
    /// The person's official position.
    public var title: String?
    /// The directory role: `diplomatic` or `technical` in the UN directory.
    public var role: String?
    /// E-mail addresses, the preferred first.
    public var emails: [EmailAddress]
    /// Telephone and fax numbers, the preferred first.
    public var phones: [ContactPhone]
    /// Languages the contact works in, as BCP 47 tags, the preferred first.
    public var languages: [String]
    /// The contact's time zone.
    public var timeZone: EventTimeZone?
    /// When the contact answers, in its time zone.
    public var businessHours: BusinessHours?
    /// The key to encrypt to.
    public var openPGPKey: OpenPGPPublicKey?
    /// Free text.
    public var note: String?
    /// When the entry last changed.
    public var revised: Date

    /// Makes an entry; a desk needs `functionTitle`, a person `person`.
    public init(
        id: String, state: String, functionTitle: String? = nil, person: PersonName? = nil, organisation: String,
        title: String? = nil, role: String? = nil, emails: [EmailAddress] = [], phones: [ContactPhone] = [],
        languages: [String] = [], timeZone: EventTimeZone? = nil, businessHours: BusinessHours? = nil,
        openPGPKey: OpenPGPPublicKey? = nil, note: String? = nil, revised: Date
    ) {
        self.id = id
        self.state = state
        self.functionTitle = functionTitle
        self.person = person
        self.organisation = organisation
        self.title = title
        self.role = role
        self.emails = emails
        self.phones = phones
        self.languages = languages
        self.timeZone = timeZone
        self.businessHours = businessHours
        self.openPGPKey = openPGPKey
        self.note = note
        self.revised = revised
    }

    /// The name shown for the entry: the function for a desk, else the person's name.
    public var displayName: String { functionTitle ?? person?.displayName ?? organisation }
}

/// A person's name, in the parts vCard's N property has and as the person writes it whole.
public struct PersonName: Hashable, Sendable, Codable {
    /// Given names.
    public var given: String
    /// Family names.
    public var family: String
    /// The whole name as the person writes it, when not "given family" (东 明 writes the family name first).
    public var written: String?

    /// Makes a name.
    public init(given: String, family: String, written: String? = nil) {
        self.given = given
        self.family = family
        self.written = written
    }

    /// The whole name.
    public var displayName: String { written ?? [given, family].filter { !$0.isEmpty }.joined(separator: " ") }
}

/// A telephone number of an entry and what it is for.
public struct ContactPhone: Hashable, Sendable, Codable {
    /// Voice or fax.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A telephone.
        case voice
        /// A fax machine.
        case fax
    }

    /// The number.
    public var number: PhoneNumber
    /// Voice or fax.
    public var kind: Kind
    /// Whether the number is answered at all hours, for emergencies.
    public var isStaffedAroundTheClock: Bool

    /// Makes a number entry.
    public init(number: PhoneNumber, kind: Kind = .voice, isStaffedAroundTheClock: Bool = false) {
        self.number = number
        self.kind = kind
        self.isStaffedAroundTheClock = isStaffedAroundTheClock
    }
}
