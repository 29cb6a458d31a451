import Foundation

/// A conference, workshop or meeting in the portal's calendar (issue #6).
public struct CalendarEvent: Hashable, Sendable, Codable {
    /// The record's id; with the node code it makes the iCalendar UID, so it must not change.
    public var id: String
    /// The title as the organiser gives it, in its own language.
    public var title: String
    /// Who runs the event.
    public var organiser: String
    /// When it takes place.
    public var schedule: EventSchedule
    /// Where it takes place; nil when not yet known.
    public var venue: EventVenue?
    /// In person, online or both; nil when the source does not say.
    public var format: EventFormat?
    /// Free text about the event.
    public var description: String?
    /// Capacity-building theme ids from the taxonomy (`gfce-gaccb/A`).
    public var themes: [String]
    /// Languages of the event as BCP 47 tags (`en`, `fr`, `ar`).
    public var languages: [String]
    /// The event's own page.
    public var url: URL?
    /// Where to register.
    public var registrationURL: URL?
    /// The last day to register, in the venue's calendar.
    public var registrationDeadline: CalendarDate?
    /// Whom participants contact.
    public var nodalContact: NodalContact?

    /// Makes an event; everything past the schedule is optional.
    public init(
        id: String, title: String, organiser: String, schedule: EventSchedule, venue: EventVenue? = nil,
        format: EventFormat? = nil, description: String? = nil, themes: [String] = [], languages: [String] = [],
        url: URL? = nil, registrationURL: URL? = nil, registrationDeadline: CalendarDate? = nil,
        nodalContact: NodalContact? = nil
    ) {
        self.id = id
        self.title = title
        self.organiser = organiser
        self.schedule = schedule
        self.venue = venue
        self.format = format
        self.description = description
        self.themes = themes
        self.languages = languages
        self.url = url
        self.registrationURL = registrationURL
        self.registrationDeadline = registrationDeadline
        self.nodalContact = nodalContact
    }
}

/// When an event takes place.
public enum EventSchedule: Hashable, Sendable, Codable {
    /// Whole days, `first` to `last` inclusive ("9-11 March"), in the venue's zone when it is known.
    case allDay(first: CalendarDate, last: CalendarDate, zone: EventTimeZone?)
    /// From `start` to `end` on the wall clock of `zone`.
    case timed(start: LocalDateTime, end: LocalDateTime, zone: EventTimeZone)
    /// Announced but without dates yet ("will commence its work in March 2026"); no feed can carry it.
    case toBeAnnounced

    /// The zone the event's times are given in, if any.
    public var zone: EventTimeZone? {
        switch self {
        case .allDay(_, _, let zone): zone
        case .timed(_, _, let zone): zone
        case .toBeAnnounced: nil
        }
    }
}

/// Where an event takes place.
public enum EventVenue: Hashable, Sendable, Codable {
    /// A city in a country (ISO 3166-1 alpha-3); a hybrid event has a place too.
    case place(city: String, country: String)
    /// Online only.
    case online
}

/// How people take part.
public enum EventFormat: String, Hashable, Sendable, Codable, CaseIterable {
    /// Everyone in the room.
    case inPerson = "in-person"
    /// Everyone online.
    case online
    /// Both.
    case hybrid
}

/// The person or desk participants contact about an event.
public enum NodalContact: Hashable, Sendable, Codable {
    /// An entry of the points-of-contact directory, by record id.
    case directoryEntry(id: String)
    /// Someone not in the directory.
    case person(name: String, email: String?, phone: String?)
}
