import Foundation

/// Writes a VTIMEZONE component (RFC 5545 section 3.6.5) for a zone over a span of years.
///
/// Rather than guessing RRULEs from a zone's current rules (which change: Morocco, Egypt and Kazakhstan changed
/// theirs in recent years), each transition Foundation reports in the span becomes its own STANDARD or DAYLIGHT
/// observance with a one-off DTSTART, plus one observance for the offset in force when the span begins. Exact for
/// the events' years, and readable by any RFC 5545 parser.
enum TimeZoneComponent {
    /// Appends the component for `zone`, covering 1 January of `firstYear` to the end of `lastYear`.
    static func append(_ zone: EventTimeZone, years: ClosedRange<Int>, to lines: inout ContentLines) {
        let spanStart = Date(timeIntervalSince1970: Double(startOfYear(years.lowerBound)))
        let spanEnd = Date(timeIntervalSince1970: Double(startOfYear(years.upperBound + 1)))
        lines.append("BEGIN", "VTIMEZONE")
        lines.append("TZID", zone.identifier)
        let initial = zone.offset(at: spanStart)
        appendObservance(
            daylight: zone.timeZone.isDaylightSavingTime(for: spanStart), onset: zone.localTime(at: spanStart),
            from: initial, to: initial, to: &lines)
        var cursor = spanStart
        // Zones change offset at most a few times a year; the bound only guards against a broken tz database.
        for _ in 0..<(8 * years.count) {
            guard let transition = zone.timeZone.nextDaylightSavingTimeTransition(after: cursor), transition < spanEnd
            else { break }
            let before = zone.offset(at: transition.addingTimeInterval(-1))
            let after = zone.offset(at: transition)
            let onset = LocalDateTime(secondsSinceEpoch: Int(transition.timeIntervalSince1970) + before)
            appendObservance(
                daylight: zone.timeZone.isDaylightSavingTime(for: transition), onset: onset, from: before, to: after,
                to: &lines)
            cursor = transition
        }
        lines.append("END", "VTIMEZONE")
    }

    private static func appendObservance(
        daylight: Bool, onset: LocalDateTime, from: Int, to: Int, to lines: inout ContentLines
    ) {
        let kind = daylight ? "DAYLIGHT" : "STANDARD"
        lines.append("BEGIN", kind)
        lines.append("DTSTART", onset.basicFormat)
        lines.append("TZOFFSETFROM", utcOffset(from))
        lines.append("TZOFFSETTO", utcOffset(to))
        lines.append("END", kind)
    }

    /// An offset as RFC 5545 writes it: `+0100`, `-0330`, `+053328` when there are seconds.
    static func utcOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let text = sign + pad(magnitude / 3600, 2) + pad(magnitude % 3600 / 60, 2)
        return magnitude % 60 == 0 ? text : text + pad(magnitude % 60, 2)
    }

    private static func startOfYear(_ year: Int) -> Int {
        // One day early, so a zone ahead of UTC is already covered at local midnight on 1 January.
        (CalendarDate(year: year, month: 1, day: 1)!.daysSinceEpoch - 1) * 86_400
    }
}
