import Foundation
import Model
import Testing

/// The iCalendar writer, checked by its own lines and by the `icalendar` Python package.
@Suite struct CalendarFeedTests {
    static let node = OriginID("UNODA")!
    static let stamp = Date(timeIntervalSince1970: 1_780_000_000)

    /// Writes `events` as a feed and their expectation, runs check_ical.py, and returns the feed.
    @discardableResult
    static func checkWithICalendar(
        _ events: [CalendarEvent], _ expectation: ICalExpectation? = nil,
        countryNames: [String: String] = [:]
    ) throws -> String {
        let folder = try CalendarTemporaryFolder()
        let writer = ICalendarWriter(nodeCode: node, countryNames: countryNames)
        let feed = writer.feed(events, stamp: stamp)
        try Data(feed.utf8).write(to: folder.file("feed.ics"))
        let expected = expectation ?? ICalExpectation(events, node: node.code, countryNames: countryNames)
        try CalendarTestSupport.writeJSON(expected, to: folder.file("expected.json"))
        let (status, output) = try CalendarTestSupport.runChecker(
            "check_ical.py", folder.file("feed.ics"),
            folder.file("expected.json"))
        #expect(status == 0, "check_ical.py: \(output)")
        for line in CalendarTestSupport.physicalLines(feed) {
            #expect(line.octets <= 75 && line.isUTF8)
        }
        return feed
    }

    static func event(_ id: String, _ title: String, _ schedule: EventSchedule) -> CalendarEvent {
        CalendarEvent(
            id: id, title: title, organiser: "UNODA", schedule: schedule, venue: .place(city: "Geneva", country: "CHE"),
            format: .inPerson)
    }

    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    static func local(_ text: String) -> LocalDateTime { LocalDateTime(iso: text)! }

    @Test func theRealEventsMakeAFeedThatICalendarReadsFieldByField() throws {
        let events = try EventsFile.decode(CalendarTestSupport.data("events.json"))
        let names = try CalendarTestSupport.countryNames()
        let feed = try Self.checkWithICalendar(events, countryNames: names)
        #expect(feed.components(separatedBy: "BEGIN:VEVENT\r\n").count - 1 == 39)
        #expect(!feed.contains("global-mechanism-2026@"))
        #expect(feed.hasPrefix("BEGIN:VCALENDAR\r\nPRODID:-//GCSCP//Calendar of conferences//EN\r\nVERSION:2.0\r\n"))
        #expect(feed.contains("CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"))
        #expect(feed.contains("UID:oewg1-s1@unoda.gcscp\r\nDTSTAMP:20260528T202640Z\r\n"))
        #expect(feed.contains("DTSTART;VALUE=DATE:20190909\r\nDTEND;VALUE=DATE:20190914\r\n"))
        #expect(feed.contains("LOCATION:New York\\, United States\r\n"))
        #expect(feed.contains("LOCATION:Online\r\n"))
        #expect(!feed.contains("BEGIN:VTIMEZONE"), "all-day events need no zone")
    }

    @Test func aThreeDayEventEndsOnTheDayAfterItsLastDay() throws {
        let event = Self.event(
            "three-days", "Workshop", .allDay(first: Self.date("2026-03-09"), last: Self.date("2026-03-11"), zone: nil))
        let feed = try Self.checkWithICalendar([event])
        #expect(feed.contains("DTSTART;VALUE=DATE:20260309\r\nDTEND;VALUE=DATE:20260312\r\n"))
    }

    @Test func aOneDayEventEndsTheNextDay() throws {
        let zone = try EventTimeZone(identifier: "Africa/Nairobi")
        let event = Self.event(
            "one-day", "Briefing", .allDay(first: Self.date("2026-12-31"), last: Self.date("2026-12-31"), zone: zone))
        let feed = try Self.checkWithICalendar([event])
        #expect(feed.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"))
    }

    @Test func berlinSpringForwardNightIsWrittenAtTimesThatOccur() throws {
        let berlin = try EventTimeZone(identifier: "Europe/Berlin")
        // 01:30 exists (CET, before the 02:00 jump); 02:30 does not and means 03:30 CEST (RFC 5545 section 3.3.5).
        let before = Self.event(
            "before-gap", "Night shift handover",
            .timed(start: Self.local("2026-03-29T01:30"), end: Self.local("2026-03-29T02:30"), zone: berlin))
        let inside = Self.event(
            "in-gap", "Exercise start",
            .timed(start: Self.local("2026-03-29T02:30"), end: Self.local("2026-03-29T04:00"), zone: berlin))
        // 02:30 on 25 October occurs twice; RFC 5545 means the first, CEST.
        let repeated = Self.event(
            "in-fold", "Exercise end",
            .timed(start: Self.local("2026-10-25T02:30"), end: Self.local("2026-10-25T03:30"), zone: berlin))
        #expect(berlin.resolve(Self.local("2026-03-29T01:30")) == .exact(Date(timeIntervalSince1970: 1_774_744_200)))
        #expect(
            berlin.resolve(Self.local("2026-03-29T02:30"))
                == .skipped(Date(timeIntervalSince1970: 1_774_747_800), occurring: Self.local("2026-03-29T03:30")))
        #expect(berlin.resolve(Self.local("2026-10-25T02:30")) == .repeated(Date(timeIntervalSince1970: 1_792_888_200)))
        typealias Time = ICalExpectation.Time
        var expectation = ICalExpectation([before, inside, repeated], node: Self.node.code)
        expectation.events[0].start = Time(
            local: "2026-03-29T01:30:00", tzid: "Europe/Berlin", utc: "2026-03-29T00:30:00Z")
        expectation.events[0].end = Time(
            local: "2026-03-29T03:30:00", tzid: "Europe/Berlin", utc: "2026-03-29T01:30:00Z")
        expectation.events[1].start = Time(
            local: "2026-03-29T03:30:00", tzid: "Europe/Berlin", utc: "2026-03-29T01:30:00Z")
        expectation.events[1].end = Time(
            local: "2026-03-29T04:00:00", tzid: "Europe/Berlin", utc: "2026-03-29T02:00:00Z")
        expectation.events[2].start = Time(
            local: "2026-10-25T02:30:00", tzid: "Europe/Berlin", utc: "2026-10-25T00:30:00Z")
        expectation.events[2].end = Time(
            local: "2026-10-25T03:30:00", tzid: "Europe/Berlin", utc: "2026-10-25T02:30:00Z")
        let feed = try Self.checkWithICalendar([before, inside, repeated], expectation)
        #expect(
            feed.contains("DTSTART;TZID=Europe/Berlin:20260329T013000\r\nDTEND;TZID=Europe/Berlin:20260329T033000\r\n"))
        #expect(
            feed.contains("DTSTART;TZID=Europe/Berlin:20260329T033000\r\nDTEND;TZID=Europe/Berlin:20260329T040000\r\n"))
        #expect(
            feed.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"))
        #expect(
            feed.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"))
    }

    @Test func aZoneWithIrregularChangesGetsOneObservancePerChange() throws {
        // Morocco leaves +01 for +00 during Ramadan (15 February to 22 March 2026): no RRULE describes that.
        let casablanca = try EventTimeZone(identifier: "Africa/Casablanca")
        let event = Self.event(
            "ramadan", "Regional CERT meeting",
            .timed(start: Self.local("2026-03-01T10:00"), end: Self.local("2026-04-01T10:00"), zone: casablanca))
        var expectation = ICalExpectation([event], node: Self.node.code)
        expectation.events[0].start.utc = "2026-03-01T10:00:00Z"
        expectation.events[0].end.utc = "2026-04-01T09:00:00Z"
        let feed = try Self.checkWithICalendar([event], expectation)
        #expect(feed.contains("DTSTART:20260215T030000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n"))
        #expect(feed.contains("DTSTART:20260322T020000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\n"))
    }

    @Test func aUTCEventIsWrittenWithZAndNoTimeZone() throws {
        let event = Self.event(
            "utc", "FIRST session",
            .timed(start: Self.local("2020-11-16T13:00"), end: Self.local("2020-11-16T17:00"), zone: .utc))
        let feed = try Self.checkWithICalendar([event])
        #expect(feed.contains("DTSTART:20201116T130000Z\r\nDTEND:20201116T170000Z\r\n"))
        #expect(!feed.contains("VTIMEZONE"))
    }

    @Test func asiaCalcuttaIsAcceptedAndWrittenAsAsiaKolkata() throws {
        let zone = try EventTimeZone(identifier: "Asia/Calcutta")
        #expect(zone.identifier == "Asia/Kolkata")
        #expect(zone.offset(at: Self.stamp) == 19_800)
        let event = Self.event(
            "delhi", "GCCS side event",
            .timed(start: Self.local("2017-11-23T09:30"), end: Self.local("2017-11-23T12:00"), zone: zone))
        let feed = try Self.checkWithICalendar([event])
        #expect(feed.contains("DTSTART;TZID=Asia/Kolkata:20171123T093000\r\n"))
        #expect(
            feed.contains("TZID:Asia/Kolkata\r\nBEGIN:STANDARD\r\nDTSTART:20161231T053000\r\nTZOFFSETFROM:+0530\r\n"))
    }

    @Test func textWithCommasSemicolonsBackslashesAndLineBreaksIsEscaped() throws {
        var event = Self.event(
            "escape", "Norms, CBMs; and C:\\ drives, reviewed",
            .allDay(first: Self.date("2026-05-04"), last: Self.date("2026-05-05"), zone: nil))
        event.description = "Line one\nLine two, with \"quotes\"\r\nLine three; done"
        event.themes = ["gfce-gaccb/A", "capacity, building"]
        let feed = try Self.checkWithICalendar([event])
        #expect(feed.contains("SUMMARY:Norms\\, CBMs\\; and C:\\\\ drives\\, reviewed\r\n"))
        let unfolded = feed.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("Line one\\nLine two\\, with \"quotes\"\\nLine three\\; done\r\n"))
        #expect(feed.contains("CATEGORIES:gfce-gaccb/A,capacity\\, building\r\n"))
    }

    @Test(arguments: ["مؤتمر الأمن السيبراني للدول الأعضاء في الأمم المتحدة، ", "联合国会员国网络安全合作会议；"])
    func longTitlesFoldBetweenCharacters(_ phrase: String) throws {
        let title = String(String(repeating: phrase, count: 20).prefix(200))
        #expect(title.count == 200)
        let event = Self.event(
            "long", title, .allDay(first: Self.date("2026-06-01"), last: Self.date("2026-06-03"), zone: nil))
        let feed = try Self.checkWithICalendar([event])
        let lines = CalendarTestSupport.physicalLines(feed)
        #expect(lines.allSatisfy { $0.octets <= 75 && $0.isUTF8 })
        #expect(lines.filter { $0.octets > 70 }.count >= 4, "a 200-character title spans several full lines")
    }
}

/// The checker itself: a wrong expectation must fail, or the feed tests above could not fail either.
@Suite struct CalendarCheckerTests {
    @Test func theICalendarCheckerReportsAFieldThatDiffers() throws {
        let folder = try CalendarTemporaryFolder()
        let zone = try EventTimeZone(identifier: "Europe/Berlin")
        let event = CalendarFeedTests.event(
            "x", "Right title",
            .timed(
                start: CalendarFeedTests.local("2026-07-01T10:00"), end: CalendarFeedTests.local("2026-07-01T11:00"),
                zone: zone))
        let feed = ICalendarWriter(nodeCode: CalendarFeedTests.node).feed([event], stamp: CalendarFeedTests.stamp)
        try Data(feed.utf8).write(to: folder.file("feed.ics"))
        var expectation = ICalExpectation([event], node: "UNODA")
        expectation.events[0].summary = "Wrong title"
        expectation.events[0].start.utc = "2026-07-01T10:00:00Z"
        try CalendarTestSupport.writeJSON(expectation, to: folder.file("expected.json"))
        let (status, output) = try CalendarTestSupport.runChecker(
            "check_ical.py", folder.file("feed.ics"), folder.file("expected.json"))
        #expect(status == 1)
        #expect(output.contains("summary 'Right title' != 'Wrong title'"))
        #expect(output.contains("instant 2026-07-01T08:00:00Z != 2026-07-01T10:00:00Z"))
    }
}
