import Foundation
import Model
import Testing

/// Time zone names, dates and local times.
@Suite struct CalendarTimeZoneTests {
    @Test(arguments: [
        ("Asia/Calcutta", "Asia/Kolkata"), ("Europe/Kiev", "Europe/Kyiv"), ("Asia/Saigon", "Asia/Ho_Chi_Minh"),
        ("US/Eastern", "America/New_York"), ("Etc/UTC", "UTC"), ("UTC", "UTC"), ("Europe/Zurich", "Europe/Zurich"),
        (" Africa/Nairobi ", "Africa/Nairobi"),
        ("europe/berlin", "Europe/Berlin"), ("ASIA/CALCUTTA", "Asia/Kolkata"), ("utc", "UTC"),
    ])
    func oldAndNewNamesAreAcceptedAndMadeCanonical(_ name: String, _ canonical: String) throws {
        #expect(try EventTimeZone(identifier: name).identifier == canonical)
    }

    @Test(arguments: ["CET", "EST", "GMT+2", "Etc/GMT-3", "+02:00", "Mars/Olympus", "Europe/Genev"])
    func abbreviationsOffsetsAndUnknownNamesAreRefused(_ name: String) {
        #expect(
            throws: FieldProblem(
                field: "time_zone", .unknown,
                "Enter the time zone as a region and city from the IANA list, like Africa/Nairobi or Europe/Berlin")
        ) {
            try EventTimeZone(identifier: name)
        }
    }

    @Test func anEmptyZoneAsksForOne() {
        #expect(throws: FieldProblem(field: "time_zone", .missing, "Enter the time zone, like Europe/Berlin")) {
            try EventTimeZone(identifier: "")
        }
    }

    @Test func datesCountDaysAcrossMonthsYearsAndLeapDays() {
        #expect(CalendarDate(iso: "2024-02-28")!.adding(days: 1).description == "2024-02-29")
        #expect(CalendarDate(iso: "2026-12-31")!.adding(days: 1).description == "2027-01-01")
        #expect(CalendarDate(iso: "1970-01-01")!.daysSinceEpoch == 0)
        #expect(CalendarDate(iso: "2000-03-01")!.daysSinceEpoch == 11_017)
        #expect(CalendarDate(iso: "2025-02-29") == nil)
        #expect(CalendarDate(iso: "2026-3-9") == nil)
        #expect(LocalDateTime(iso: "2026-03-29T24:00") == nil)
        #expect(LocalDateTime(iso: "2026-03-29T01:30")?.basicFormat == "20260329T013000")
    }

    @Test func eventsRoundTripThroughJSON() throws {
        let event = CalendarEvent(
            id: "e1", title: "Briefing", organiser: "UNODA",
            schedule: .timed(
                start: LocalDateTime(iso: "2026-03-29T01:30")!, end: LocalDateTime(iso: "2026-03-29T04:00")!,
                zone: try EventTimeZone(identifier: "Asia/Calcutta")),
            venue: .online, format: .online, themes: ["gfce-gaccb/B"], languages: ["en", "fr"],
            registrationDeadline: CalendarDate(iso: "2026-03-01"),
            nodalContact: .person(name: "Duty desk", email: "desk@example.org", phone: nil))
        let decoded = try JSONDecoder().decode(CalendarEvent.self, from: JSONEncoder().encode(event))
        #expect(decoded == event)
        #expect(decoded.schedule.zone?.identifier == "Asia/Kolkata")
    }
}

/// Schedules a form would refuse.
@Suite struct CalendarScheduleTests {
    static func local(_ text: String) -> LocalDateTime { LocalDateTime(iso: text)! }

    @Test func anEndBeforeTheStartIsRefused() throws {
        let berlin = try EventTimeZone(identifier: "Europe/Berlin")
        let late = FieldProblem(field: "end_time", .outOfRange, "The end time must be later than the start time")
        #expect(
            EventSchedule.timed(
                start: Self.local("2026-05-04T10:00"), end: Self.local("2026-05-04T09:00"), zone: berlin
            )
            .problems == [late])
        // 02:30 does not occur that night and means 03:30, after 03:15.
        #expect(
            EventSchedule.timed(
                start: Self.local("2026-03-29T02:30"), end: Self.local("2026-03-29T03:15"), zone: berlin
            )
            .problems == [late])
        #expect(
            EventSchedule.timed(
                start: Self.local("2026-03-29T01:30"), end: Self.local("2026-03-29T03:15"), zone: berlin
            )
            .problems.isEmpty)
        let days = EventSchedule.allDay(
            first: CalendarDate(iso: "2026-03-11")!, last: CalendarDate(iso: "2026-03-09")!, zone: nil)
        #expect(days.problems.map(\.failure) == [.outOfRange])
    }
}
