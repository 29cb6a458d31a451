import Foundation

/// Writes points-of-contact entries as vCard 4.0 (RFC 6350), one card or a list of cards (one state's entries).
///
/// Escaping and folding follow the same rules as iCalendar (`ContentLines`): CRLF, 75-octet lines cut only between
/// characters, so names in any script stay intact.
public enum VCardWriter {
    /// The cards of `entries`, one after another.
    public static func cards(_ entries: [PointOfContact]) -> String { entries.map(card).joined() }

    /// The cards of one state's entries (ISO alpha-3), sorted by the name shown, as a state's directory page
    /// offers them for download.
    public static func cards(of state: String, from entries: [PointOfContact]) -> String {
        cards(
            entries.filter { $0.state == state }.sorted {
                $0.displayName.localizedStandardCompare($1.displayName) == .orderedAscending
            })
    }

    /// One card.
    public static func card(_ entry: PointOfContact) -> String {
        var lines = ContentLines()
        lines.append("BEGIN", "VCARD")
        lines.append("VERSION", "4.0")
        if RecordID(entry.id) != nil {
            lines.append("UID", "urn:uuid:\(entry.id.lowercased())")
        } else {
            lines.append("UID", [("VALUE", "text")], ContentLines.escape(entry.id))
        }
        lines.appendText("FN", entry.displayName)
        if let person = entry.person {
            let parts = [person.family, person.given, "", "", ""].map(ContentLines.escape)
            lines.append("N", parts.joined(separator: ";"))
            lines.append("KIND", entry.functionTitle == nil ? "individual" : "org")
        } else {
            lines.append("KIND", "org")
        }
        lines.append("ORG", ContentLines.escape(entry.organisation))
        if let title = entry.title { lines.appendText("TITLE", title) }
        if let role = entry.role { lines.appendText("ROLE", role) }
        for (index, email) in entry.emails.enumerated() {
            lines.append("EMAIL", preference(index, [("TYPE", "work")]), ContentLines.escape(email.address))
        }
        for (index, phone) in entry.phones.enumerated() {
            lines.append("TEL", preference(index, [("VALUE", "uri"), ("TYPE", phone.kind.rawValue)]), phone.number.uri)
        }
        for (index, language) in entry.languages.enumerated() {
            lines.append("LANG", preference(index, []), language)
        }
        if let zone = entry.timeZone { lines.append("TZ", [("VALUE", "text")], ContentLines.escape(zone.identifier)) }
        if let key = entry.openPGPKey {
            lines.append("KEY", "data:application/pgp-keys;base64,\(Data(key.packets).base64EncodedString())")
        }
        if let note = note(for: entry) { lines.appendText("NOTE", note) }
        lines.append("REV", ICalendarWriter.utc(entry.revised))
        lines.append("END", "VCARD")
        return lines.text
    }

    /// PREF=1 on the first of several values, as RFC 6350 marks the preferred one.
    private static func preference(_ index: Int, _ parameters: [(String, String)]) -> [(String, String)] {
        index == 0 ? parameters + [("PREF", "1")] : parameters
    }

    /// NOTE: the entry's note, its business hours, and which numbers are answered around the clock.
    static func note(for entry: PointOfContact) -> String? {
        var parts: [String] = []
        if let note = entry.note { parts.append(note) }
        if let hours = entry.businessHours {
            let zone = entry.timeZone.map { " (\($0.identifier))" } ?? ""
            parts.append("Business hours: \(hours)\(zone)")
        }
        for phone in entry.phones where phone.isStaffedAroundTheClock {
            parts.append("\(phone.number.e164) is answered 24/7 for emergencies.")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\n")
    }
}
