import Foundation

/// Reads one event object of the events file field by field, collecting a `FieldProblem` per bad field.
struct EventFieldReader {
    private let object: [String: Any]
    private(set) var problems: [FieldProblem] = []

    init(_ object: [String: Any]) { self.object = object }

    /// The event, or nil when a required field is missing or bad (the problems say which).
    mutating func event() -> CalendarEvent? {
        let id = required("id", "Enter the event's id")
        let title = required("title", "Enter the event's title")
        let organiser = required("organiser", "Enter who organises the event")
        let schedule = self.schedule()
        let venue = self.venue()
        let format = self.format()
        let url = self.url("url")
        guard let id, let title, let organiser, let schedule, problems.isEmpty else { return nil }
        return CalendarEvent(
            id: id, title: title, organiser: organiser, schedule: schedule, venue: venue, format: format,
            description: string("notes"), url: url)
    }

    /// The text of `field`, nil when absent, null, blank or not text.
    func string(_ field: String) -> String? {
        guard let text = object[field] as? String else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private func isPresent(_ field: String) -> Bool { object[field] != nil && !(object[field] is NSNull) }

    private mutating func required(_ field: String, _ message: String) -> String? {
        if let text = string(field) { return text }
        problems.append(FieldProblem(field: field, .missing, message))
        return nil
    }

    private mutating func date(_ field: String, _ label: String) -> CalendarDate? {
        guard isPresent(field) else { return nil }
        if let text = object[field] as? String, let date = CalendarDate(iso: text) { return date }
        problems.append(FieldProblem(field: field, .wrongFormat, "The \(label) must be a real date as YYYY-MM-DD"))
        return nil
    }

    private mutating func schedule() -> EventSchedule? {
        let count = problems.count
        let first = date("start_date", "start date")
        let last = date("end_date", "end date")
        var zone: EventTimeZone?
        if isPresent("timezone") {
            do { zone = try EventTimeZone(identifier: object["timezone"] as? String ?? "", field: "timezone") } catch {
                problems.append(error)
            }
        }
        guard problems.count == count else { return nil }
        switch (first, last) {
        case (nil, nil):
            return .toBeAnnounced
        case (let first?, nil):
            return .allDay(first: first, last: first, zone: zone)
        case (nil, _?):
            problems.append(
                FieldProblem(field: "start_date", .missing, "Enter the start date, as the end date is given"))
            return nil
        case (let first?, let last?):
            guard first <= last else {
                problems.append(
                    FieldProblem(field: "end_date", .outOfRange, "The end date must be on or after the start date"))
                return nil
            }
            return .allDay(first: first, last: last, zone: zone)
        }
    }

    private mutating func venue() -> EventVenue? {
        let city = string("city")
        let country = string("country")
        if let country, !CountryCode.isWellFormed(country) {
            problems.append(
                FieldProblem(field: "country", .wrongFormat, "The country must be a 3-letter ISO code, like KEN or FRA")
            )
            return nil
        }
        switch (city, country) {
        case (let city?, let country?): return .place(city: city, country: country)
        case (_?, nil):
            problems.append(FieldProblem(field: "country", .missing, "Enter the country the city is in"))
            return nil
        case (nil, _?):
            problems.append(FieldProblem(field: "city", .missing, "Enter the city, as the country is given"))
            return nil
        case (nil, nil): return string("format") == EventFormat.online.rawValue ? .online : nil
        }
    }

    private mutating func format() -> EventFormat? {
        guard isPresent("format") else { return nil }
        if let text = object["format"] as? String, let format = EventFormat(rawValue: text) { return format }
        problems.append(FieldProblem(field: "format", .wrongFormat, "The format must be in-person, online or hybrid"))
        return nil
    }

    private mutating func url(_ field: String) -> URL? {
        guard isPresent(field) else { return nil }
        if let text = object[field] as? String, let url = URL(string: text), ["http", "https"].contains(url.scheme) {
            return url
        }
        problems.append(FieldProblem(field: field, .wrongFormat, "The web address must start with https:// or http://"))
        return nil
    }
}

/// ISO 3166-1 alpha-3 codes as the model checks them without a list: three capital letters A-Z.
enum CountryCode {
    static func isWellFormed(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }
}
