import Foundation

/// An IANA time zone by its canonical name ("Asia/Kolkata"), as events and contacts carry it.
///
/// Foundation on Linux accepts the old names (`Asia/Calcutta`) but keeps them as given, and its list of known
/// names holds the old spelling rather than the new; so old names are mapped here through a small alias table
/// (`TimeZoneAliases`) and the canonical name is what TZID, TZ and the record carry. Only area/location names
/// and UTC are accepted: abbreviations such as "CET" or "EST" and fixed offsets ("GMT+2") say nothing about
/// daylight saving time, so they are refused with a message naming the fix.
public struct EventTimeZone: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The canonical IANA name, or "UTC".
    public let identifier: String
    /// Foundation's zone, for offsets and transitions (reads the system's tz data).
    public let timeZone: TimeZone

    /// Coordinated Universal Time.
    public static let utc = EventTimeZone(trusted: "UTC", TimeZone(secondsFromGMT: 0)!)

    private init(trusted identifier: String, _ timeZone: TimeZone) {
        self.identifier = identifier
        self.timeZone = timeZone
    }

    /// Looks up a zone by IANA name, old or new.
    ///
    /// - Throws: `FieldProblem` for `field`: `.missing` when empty, `.unknown` when not an IANA zone name.
    public init(identifier text: String, field: String = "time_zone") throws(FieldProblem) {
        let typed = text.trimmingCharacters(in: .whitespaces)
        let name = TimeZoneAliases.byLowercasedName[typed.lowercased()] ?? typed
        guard !name.isEmpty else {
            throw FieldProblem(field: field, .missing, "Enter the time zone, like Europe/Berlin")
        }
        if TimeZoneAliases.utcNames.contains(name) || typed.uppercased() == "UTC" {
            self = .utc
            return
        }
        let canonical = TimeZoneAliases.canonical[name] ?? name
        let zone = TimeZone(identifier: canonical) ?? TimeZone(identifier: name)
        guard name.contains("/"), !name.hasPrefix("Etc/"), let zone else {
            throw FieldProblem(
                field: field, .unknown,
                "Enter the time zone as a region and city from the IANA list, like Africa/Nairobi or Europe/Berlin")
        }
        self.init(trusted: TimeZone(identifier: canonical) == nil ? name : canonical, zone)
    }

    /// Whether this is UTC, which iCalendar writes with a `Z` rather than a TZID.
    public var isUTC: Bool { identifier == "UTC" }

    /// The offset from UTC in seconds at `instant`.
    public func offset(at instant: Date) -> Int { timeZone.secondsFromGMT(for: instant) }

    /// The wall-clock time in this zone at `instant`.
    public func localTime(at instant: Date) -> LocalDateTime {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        return LocalDateTime(secondsSinceEpoch: seconds + offset(at: instant))
    }

    /// The instant a wall-clock time in this zone names, following RFC 5545 section 3.3.5.
    ///
    /// A time that occurs twice (clocks go back) means the first occurrence. A time that does not occur (clocks go
    /// forward, 02:30 in Berlin on 29 March 2026) is read with the offset before the gap, so it lands as far after
    /// the gap as it was into it (03:30 CEST): `.skipped` says so and gives the wall-clock time that really occurs.
    public func resolve(_ local: LocalDateTime) -> ResolvedTime {
        let wall = local.secondsSinceEpoch
        // Transitions are far more than a day apart, so the offsets a day either side are the only candidates.
        let before = offset(at: Date(timeIntervalSince1970: Double(wall - 86_400)))
        let after = offset(at: Date(timeIntervalSince1970: Double(wall + 86_400)))
        let matches = Set([before, after]).compactMap { candidate -> Int? in
            let instant = wall - candidate
            return offset(at: Date(timeIntervalSince1970: Double(instant))) == candidate ? instant : nil
        }
        if let first = matches.min() {
            return matches.count > 1
                ? .repeated(Date(timeIntervalSince1970: Double(first)))
                : .exact(Date(timeIntervalSince1970: Double(first)))
        }
        let instant = Date(timeIntervalSince1970: Double(wall - before))
        return .skipped(instant, occurring: localTime(at: instant))
    }

    public var description: String { identifier }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(identifier: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }

    public static func == (lhs: EventTimeZone, rhs: EventTimeZone) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
}

/// How a wall-clock time maps onto the time line in a zone.
public enum ResolvedTime: Hashable, Sendable {
    /// The time occurs once.
    case exact(Date)
    /// The time occurs twice; this is the first occurrence, as RFC 5545 reads it.
    case repeated(Date)
    /// The time falls in a gap; the instant is read with the offset before the gap, and `occurring` is the wall
    /// clock at that instant (after the gap).
    case skipped(Date, occurring: LocalDateTime)

    /// The instant, in every case.
    public var instant: Date {
        switch self {
        case .exact(let date), .repeated(let date), .skipped(let date, _): date
        }
    }
}
