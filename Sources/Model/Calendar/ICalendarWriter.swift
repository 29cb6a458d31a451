import Foundation

/// Writes events as an iCalendar feed (RFC 5545) that calendar programs can subscribe to.
///
/// Timed events carry `TZID=` and a VTIMEZONE per zone (UTC ones a `Z`); all-day events carry `VALUE=DATE` with
/// the exclusive end RFC 5545 asks for (9-11 March ends on 12 March). A timed event whose wall-clock time falls in
/// a daylight-saving gap is written at the time that really occurs (02:30 on Berlin's spring-forward night becomes
/// 03:30): RFC 5545 reads the gap time that way too, and writing it out spares clients that get the rule wrong.
/// Events still to be announced have no date and are left out (a VEVENT in a published feed needs DTSTART).
public struct ICalendarWriter: Sendable {
    /// The node whose records these are; it makes the UIDs (`<id>@<code>.gcscp`).
    public var nodeCode: OriginID
    /// Country names by ISO alpha-3 code, for LOCATION; a missing name leaves the code.
    public var countryNames: [String: String]
    /// The PRODID value.
    public var productID = "-//GCSCP//Calendar of conferences//EN"

    /// Makes a writer for `nodeCode`'s feeds.
    public init(nodeCode: OriginID, countryNames: [String: String] = [:]) {
        self.nodeCode = nodeCode
        self.countryNames = countryNames
    }

    /// The UID of an event in this node's feeds; stable for the life of the record.
    public func uid(of event: CalendarEvent) -> String { "\(event.id)@\(nodeCode.code.lowercased()).gcscp" }

    /// The whole feed, CRLF line ends, every line at most 75 octets. `stamp` becomes each DTSTAMP.
    public func feed(_ events: [CalendarEvent], stamp: Date) -> String {
        var lines = ContentLines()
        lines.append("BEGIN", "VCALENDAR")
        lines.append("PRODID", productID)
        lines.append("VERSION", "2.0")
        lines.append("CALSCALE", "GREGORIAN")
        lines.append("METHOD", "PUBLISH")
        for (zone, years) in zonesUsed(by: events) {
            TimeZoneComponent.append(zone, years: years, to: &lines)
        }
        for event in events {
            appendEvent(event, stamp: stamp, to: &lines)
        }
        lines.append("END", "VCALENDAR")
        return lines.text
    }

    /// Zones of timed events, except UTC, with the years their events span; sorted by name for stable output.
    private func zonesUsed(by events: [CalendarEvent]) -> [(EventTimeZone, ClosedRange<Int>)] {
        var years: [EventTimeZone: ClosedRange<Int>] = [:]
        for event in events {
            guard case .timed(let start, let end, let zone) = event.schedule, !zone.isUTC else { continue }
            let span = start.date.year...max(start.date.year, end.date.year)
            let known = years[zone] ?? span
            years[zone] = min(known.lowerBound, span.lowerBound)...max(known.upperBound, span.upperBound)
        }
        return years.sorted { $0.key.identifier < $1.key.identifier }.map { ($0.key, $0.value) }
    }

    private func appendEvent(_ event: CalendarEvent, stamp: Date, to lines: inout ContentLines) {
        switch event.schedule {
        case .toBeAnnounced:
            return
        case .allDay(let first, let last, _):
            lines.append("BEGIN", "VEVENT")
            lines.append("UID", uid(of: event))
            lines.append("DTSTAMP", Self.utc(stamp))
            lines.append("DTSTART", [("VALUE", "DATE")], first.basicFormat)
            lines.append("DTEND", [("VALUE", "DATE")], last.adding(days: 1).basicFormat)
        case .timed(let start, let end, let zone):
            lines.append("BEGIN", "VEVENT")
            lines.append("UID", uid(of: event))
            lines.append("DTSTAMP", Self.utc(stamp))
            appendTime("DTSTART", start, zone, to: &lines)
            appendTime("DTEND", end, zone, to: &lines)
        }
        lines.appendText("SUMMARY", event.title)
        lines.appendText("DESCRIPTION", Self.description(of: event))
        if let location = location(of: event) { lines.appendText("LOCATION", location) }
        if let url = event.url ?? event.registrationURL { lines.append("URL", url.absoluteString) }
        if !event.themes.isEmpty {
            lines.append("CATEGORIES", event.themes.map(ContentLines.escape).joined(separator: ","))
        }
        if case .person(let name, let email, let phone)? = event.nodalContact {
            lines.appendText("CONTACT", [name, email, phone].compactMap { $0 }.joined(separator: ", "))
        }
        lines.append("END", "VEVENT")
    }

    private func appendTime(_ name: String, _ local: LocalDateTime, _ zone: EventTimeZone, to lines: inout ContentLines)
    {
        let resolved = zone.resolve(local)
        if zone.isUTC {
            lines.append(name, Self.utc(resolved.instant))
        } else if case .skipped(_, let occurring) = resolved {
            lines.append(name, [("TZID", zone.identifier)], occurring.basicFormat)
        } else {
            lines.append(name, [("TZID", zone.identifier)], local.basicFormat)
        }
    }

    /// The text of DESCRIPTION: organiser, the description, then registration details.
    static func description(of event: CalendarEvent) -> String {
        var parts = ["Organiser: \(event.organiser)"]
        if let description = event.description { parts.append(description) }
        if let registration = event.registrationURL { parts.append("Registration: \(registration.absoluteString)") }
        if let deadline = event.registrationDeadline { parts.append("Registration closes: \(deadline)") }
        return parts.joined(separator: "\n\n")
    }

    /// The text of LOCATION: "City, Country", "Online", with "and online" for hybrid events.
    func location(of event: CalendarEvent) -> String? {
        switch event.venue {
        case .place(let city, let country)?:
            let place = "\(city), \(countryNames[country] ?? country)"
            return event.format == .hybrid ? "\(place), and online" : place
        case .online?: return "Online"
        case nil: return nil
        }
    }

    /// A UTC date-time in the basic form with `Z`: `20260329T003000Z`.
    static func utc(_ instant: Date) -> String {
        LocalDateTime(secondsSinceEpoch: Int(instant.timeIntervalSince1970.rounded(.down))).basicFormat + "Z"
    }
}
