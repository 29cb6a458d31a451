import Foundation
import Model
import Testing

/// The events file loader: the 40 real events, and one clear problem per bad field.
@Suite struct CalendarEventLoaderTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func theFortyRealEventsLoad() throws {
        let events = try EventsFile.decode(CalendarTestSupport.data("events.json"))
        #expect(events.count == 40)
        let byID = Dictionary(uniqueKeysWithValues: events.map { ($0.id, $0) })
        let first = try #require(byID["oewg1-s1"])
        let newYork = try EventTimeZone(identifier: "America/New_York")
        #expect(first.schedule == .allDay(first: Self.date("2019-09-09"), last: Self.date("2019-09-13"), zone: newYork))
        #expect(first.venue == .place(city: "New York", country: "USA"))
        #expect(first.format == .inPerson)
        #expect(
            first.url?.absoluteString
                == "https://dig.watch/event/open-ended-working-group-oewg-first-substantive-session")
        #expect(first.description == nil)
        #expect(byID["gccs-2017"]?.schedule.zone?.identifier == "Asia/Kolkata")
        #expect(byID["global-mechanism-2026"]?.schedule == .toBeAnnounced)
        #expect(byID["igf-2020"]?.venue == .online)
        #expect(byID["igf-2020"]?.schedule.zone == nil)
        #expect(byID["gfce-am-2024"]?.format == nil)
        #expect(byID["igf-2023"]?.format == .hybrid)
        #expect(byID["first-2020"]?.schedule.zone == .utc)
        #expect(byID["igf-2025"]?.venue == .place(city: "Lillestrøm", country: "NOR"))
    }

    /// Decodes one event built from a good one with `changes` applied; returns the problems.
    static func problems(_ changes: [String: Any?]) -> [FieldProblem] {
        var event: [String: Any] = [
            "id": "x-1", "title": "Workshop", "organiser": "UNODA", "start_date": "2026-03-09",
            "end_date": "2026-03-11", "city": "Nairobi", "country": "KEN", "timezone": "Africa/Nairobi",
            "format": "in-person", "url": "https://example.org/w", "notes": NSNull(),
        ]
        for (key, value) in changes { event[key] = value ?? NSNull() }
        let data = try! JSONSerialization.data(withJSONObject: ["events": [event]])
        do {
            _ = try EventsFile.decode(data)
            return []
        } catch {
            #expect(error.problems.allSatisfy { $0.eventID == (event["id"] as? String) && $0.index == 0 })
            return error.problems.map(\.problem)
        }
    }

    @Test func aGoodEventHasNoProblems() {
        #expect(Self.problems([:]).isEmpty)
    }

    @Test func eachBadFieldGetsItsOwnMessage() {
        let cases: [([String: Any?], FieldProblem)] = [
            (["title": nil], FieldProblem(field: "title", .missing, "Enter the event's title")),
            (["organiser": "  "], FieldProblem(field: "organiser", .missing, "Enter who organises the event")),
            (
                ["start_date": "2026-02-30"],
                FieldProblem(field: "start_date", .wrongFormat, "The start date must be a real date as YYYY-MM-DD")
            ),
            (
                ["end_date": "11/03/2026"],
                FieldProblem(field: "end_date", .wrongFormat, "The end date must be a real date as YYYY-MM-DD")
            ),
            (
                ["end_date": "2026-03-08"],
                FieldProblem(field: "end_date", .outOfRange, "The end date must be on or after the start date")
            ),
            (
                ["start_date": nil],
                FieldProblem(field: "start_date", .missing, "Enter the start date, as the end date is given")
            ),
            (
                ["timezone": "CET"],
                FieldProblem(
                    field: "timezone", .unknown,
                    "Enter the time zone as a region and city from the IANA list, like Africa/Nairobi or Europe/Berlin")
            ),
            (
                ["country": "Kenya"],
                FieldProblem(field: "country", .wrongFormat, "The country must be a 3-letter ISO code, like KEN or FRA")
            ),
            (["city": nil], FieldProblem(field: "city", .missing, "Enter the city, as the country is given")),
            (
                ["format": "virtual"],
                FieldProblem(field: "format", .wrongFormat, "The format must be in-person, online or hybrid")
            ),
            (
                ["url": "www.example.org"],
                FieldProblem(field: "url", .wrongFormat, "The web address must start with https:// or http://")
            ),
        ]
        for (change, expected) in cases {
            #expect(Self.problems(change) == [expected], "\(change)")
        }
    }

    @Test func everyBadFieldOfAnEventIsReportedAtOnce() {
        let found = Self.problems(["title": nil, "format": "virtual", "timezone": "Mars/Olympus"])
        #expect(found.map(\.field) == ["title", "timezone", "format"])
        #expect(found.allSatisfy { !$0.message.lowercased().contains("invalid") })
    }

    @Test func aFileWithoutAnEventsListIsRefused() {
        #expect(throws: EventsFileError.self) { try EventsFile.decode(Data("[1, 2]".utf8)) }
    }

    @Test func onlyAllDayDatesWithoutZoneOrVenueStillLoad() {
        #expect(Self.problems(["timezone": nil, "city": nil, "country": nil, "format": nil]).isEmpty)
    }
}
