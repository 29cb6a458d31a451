import Foundation
import Model

/// What `Tests/python/check_ical.py` must find in a feed, stated from the events' fields by the test, not by the
/// writer: the writer's own text is what is being checked.
struct ICalExpectation: Encodable {
    struct Time: Encodable {
        var date: String?
        var local: String?
        var tzid: String?
        var utc: String?
    }

    struct Event: Encodable {
        var uid: String
        var summary: String
        var description: String?
        var location: String?
        var url: String?
        var categories: [String]
        var start: Time
        var end: Time
    }

    var prodid = "-//GCSCP//Calendar of conferences//EN"
    var method = "PUBLISH"
    var timezones: [String]
    var events: [Event]

    /// The expectation for `events` written by node `node`, LOCATION using `countryNames`.
    init(_ events: [CalendarEvent], node: String, countryNames: [String: String] = [:]) {
        self.events = events.compactMap { Self.event($0, node: node, countryNames: countryNames) }
        self.timezones = Array(
            Set(
                events.compactMap { event -> String? in
                    guard case .timed(_, _, let zone) = event.schedule, !zone.isUTC else { return nil }
                    return zone.identifier
                }))
    }

    private static func event(_ event: CalendarEvent, node: String, countryNames: [String: String]) -> Event? {
        let start: Time
        let end: Time
        switch event.schedule {
        case .toBeAnnounced:
            return nil
        case .allDay(let first, let last, _):
            start = Time(date: first.description)
            end = Time(date: last.adding(days: 1).description)
        case .timed(let first, let last, let zone):
            start = time(first, zone)
            end = time(last, zone)
        }
        var description = "Organiser: \(event.organiser)"
        // Line breaks of any kind become one LF (`\n` in the file).
        if let text = event.description { description += "\n\n" + text.replacingOccurrences(of: "\r\n", with: "\n") }
        var location: String?
        switch event.venue {
        case .place(let city, let country)?:
            location = "\(city), \(countryNames[country] ?? country)" + (event.format == .hybrid ? ", and online" : "")
        case .online?: location = "Online"
        case nil: location = nil
        }
        return Event(
            uid: "\(event.id)@\(node.lowercased()).gcscp", summary: event.title, description: description,
            location: location, url: event.url?.absoluteString, categories: event.themes, start: start, end: end)
    }

    /// The local time that occurs (after a gap), the zone, and the instant in UTC.
    static func time(_ local: LocalDateTime, _ zone: EventTimeZone) -> Time {
        let resolved = zone.resolve(local)
        var occurring = local
        if case .skipped(_, let after) = resolved { occurring = after }
        return Time(local: occurring.description, tzid: zone.isUTC ? nil : zone.identifier, utc: utc(resolved.instant))
    }

    static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
