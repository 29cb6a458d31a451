import Foundation

/// When a point of contact answers, in its own time zone: `Mon-Fri 08:00-17:00`, `Mon-Thu 08:00-17:00;
/// Fri 08:00-13:00`, or `24/7`.
public struct BusinessHours: Hashable, Sendable, Codable, CustomStringConvertible {
    /// One run of days with the same hours.
    public struct Span: Hashable, Sendable, Codable {
        /// First and last weekday, 1 (Monday) to 7 (Sunday), inclusive; `first` may be after `last` for spans that
        /// wrap the week (`Sun-Thu`).
        public let firstDay: Int
        /// The last weekday of the run.
        public let lastDay: Int
        /// Opening, in minutes after midnight.
        public let opens: Int
        /// Closing, in minutes after midnight; later than `opens` (24:00 is 1440).
        public let closes: Int

        /// Makes a span; `closes` must be later than `opens`.
        public init(firstDay: Int, lastDay: Int, opens: Int, closes: Int) {
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.opens = opens
            self.closes = closes
        }
    }

    /// The runs, in the order given; empty when the contact answers at all hours.
    public let spans: [Span]

    /// Whether the contact answers at all hours, every day.
    public var isAlwaysOpen: Bool { spans.isEmpty }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let fullDayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Reads the typed hours; runs are separated by `;` or `,`, days by `-`, days and hours by a space.
    ///
    /// - Throws: `FieldProblem` for `field`, naming the part to fix.
    public init(_ text: String, field: String = "business_hours") throws(FieldProblem) {
        let typed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !typed.isEmpty else {
            throw FieldProblem(field: field, .missing, "Enter the business hours, like Mon-Fri 08:00-17:00")
        }
        if ["24/7", "24x7"].contains(typed.lowercased()) {
            self.spans = []
            return
        }
        var spans: [Span] = []
        for run in typed.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            spans.append(try Self.span(run.trimmingCharacters(in: .whitespaces), field: field))
        }
        self.spans = spans
    }

    private static func span(_ run: String, field: String) throws(FieldProblem) -> Span {
        let parts = run.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else {
            throw FieldProblem(
                field: field, .wrongFormat, "Write the business hours as days then times, like Mon-Fri 08:00-17:00")
        }
        let days = parts[0].split(separator: "-", omittingEmptySubsequences: false).map { $0.lowercased() }
        guard (1...2).contains(days.count), let first = weekday(days[0]), let last = weekday(days[days.count - 1])
        else {
            throw FieldProblem(
                field: field, .wrongFormat, "Write the days as English short names, like Mon-Fri or Sun-Thu")
        }
        let times = parts[1].split(separator: "-", omittingEmptySubsequences: false)
        guard times.count == 2, let opens = minutes(times[0]), let closes = minutes(times[1]) else {
            throw FieldProblem(
                field: field, .wrongFormat, "Write the times in 24-hour form with a colon, like 08:00-17:00")
        }
        guard opens < closes else {
            throw FieldProblem(field: field, .outOfRange, "The closing time must be later than the opening time")
        }
        return Span(firstDay: first + 1, lastDay: last + 1, opens: opens, closes: closes)
    }

    /// 0 for Monday to 6 for Sunday, from a short or full English name.
    private static func weekday(_ name: String) -> Int? {
        dayNames.firstIndex(of: name) ?? fullDayNames.firstIndex(of: name)
    }

    /// Minutes after midnight of `HH:MM` (24:00 allowed as the end of the day).
    private static func minutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0...59).contains(minute),
            hour < 24 || minute == 0
        else { return nil }
        return hour * 60 + minute
    }

    /// The canonical text, `Mon-Fri 08:00-17:00`, or `24/7`.
    public var description: String {
        guard !spans.isEmpty else { return "24/7" }
        return spans.map { span in
            let name = { (day: Int) in Self.dayNames[day - 1].capitalized }
            let days =
                span.firstDay == span.lastDay ? name(span.firstDay) : "\(name(span.firstDay))-\(name(span.lastDay))"
            return "\(days) \(pad(span.opens / 60, 2)):\(pad(span.opens % 60, 2))-\(pad(span.closes / 60, 2)):"
                + pad(span.closes % 60, 2)
        }.joined(separator: "; ")
    }
}
