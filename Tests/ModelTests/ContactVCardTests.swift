import Foundation
import Model
import Testing

/// The vCard writer, checked by its own lines and by the `vobject` Python package.
@Suite struct ContactVCardTests {
    static let revised = Date(timeIntervalSince1970: 1_780_000_000)

    /// What `Tests/python/check_vcard.py` must find, stated from the entry's fields.
    struct Expectation: Encodable {
        struct Card: Encodable {
            var uid: String
            var fn: String
            var n: [String]?
            var org: String
            var title: String?
            var role: String?
            var emails: [[Field]]
            var tels: [[Field]]
            var langs: [String]
            var tz: String?
            var key: String?
            var note: String?
            var rev: String
        }

        /// A string or a list of strings, as the checker compares `[value, [types]]` pairs.
        enum Field: Encodable {
            case text(String)
            case list([String])

            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .text(let text): try container.encode(text)
                case .list(let list): try container.encode(list)
                }
            }
        }

        var cards: [Card]
    }

    static func entries() throws -> [PointOfContact] {
        let berlin = try EventTimeZone(identifier: "Europe/Berlin")
        let desk = PointOfContact(
            id: "0190f5a2-7c1e-7b3d-8e4f-123456789abc", state: "DEU",
            functionTitle: "Nationales IT-Lagezentrum; Bereitschaft",
            organisation: "Bundesamt für Sicherheit in der Informationstechnik", role: "technical",
            emails: [try EmailAddress("lagezentrum@bsi.example"), try EmailAddress("cert@bsi.example")],
            phones: [
                ContactPhone(number: try PhoneNumber("0228 99 9582 0", state: "DEU"), isStaffedAroundTheClock: true),
                ContactPhone(number: try PhoneNumber("+49 228 99 9582 5400", state: nil), kind: .fax),
            ],
            languages: ["de", "en"], timeZone: berlin, businessHours: try BusinessHours("Mon-Fri 08:00-17:00"),
            note: "Reports in German or English, please mark them TLP:AMBER, or lower.", revised: revised)
        let arabic = PointOfContact(
            id: "ar-1", state: "SAU", person: PersonName(given: "عبد الله", family: "الشمري"),
            organisation: "الهيئة الوطنية للأمن السيبراني", title: "مدير التعاون الدولي", role: "diplomatic",
            emails: [try EmailAddress("intl@nca.example")], languages: ["ar"],
            timeZone: try EventTimeZone(identifier: "Asia/Riyadh"), revised: revised)
        let chinese = PointOfContact(
            id: "zh-1", state: "CHN", person: PersonName(given: "明", family: "王", written: "王明"),
            organisation: "国家计算机网络应急技术处理协调中心", title: "国际合作部主任",
            phones: [ContactPhone(number: try PhoneNumber("010 8299 1000", state: "CHN"))], languages: ["zh", "en"],
            revised: revised)
        return [desk, arabic, chinese]
    }

    static func expectation(_ entry: PointOfContact, key: String? = nil, note: String? = nil) -> Expectation.Card {
        let uid = RecordID(entry.id) != nil ? "urn:uuid:\(entry.id)" : entry.id
        return Expectation.Card(
            uid: uid, fn: entry.functionTitle ?? entry.person?.displayName ?? entry.organisation,
            n: entry.person.map { [$0.family, $0.given] }, org: entry.organisation, title: entry.title,
            role: entry.role,
            emails: entry.emails.enumerated().map { [.text($1.address), .list($0 == 0 ? ["work"] : ["work"])] },
            tels: entry.phones.map { [.text("tel:" + $0.number.e164), .list([$0.kind.rawValue])] },
            langs: entry.languages, tz: entry.timeZone?.identifier, key: key, note: note, rev: "20260528T202640Z")
    }

    @Test func cardsParseInVObjectWithTheirNamesIntact() throws {
        let entries = try Self.entries()
        let cards = VCardWriter.cards(entries)
        let expected = Expectation(cards: [
            Self.expectation(
                entries[0],
                note: "Reports in German or English, please mark them TLP:AMBER, or lower.\n"
                    + "Business hours: Mon-Fri 08:00-17:00 (Europe/Berlin)\n"
                    + "+492289995820 is answered 24/7 for emergencies."
            ),
            Self.expectation(entries[1]), Self.expectation(entries[2]),
        ])
        let folder = try CalendarTemporaryFolder()
        try Data(cards.utf8).write(to: folder.file("cards.vcf"))
        try CalendarTestSupport.writeJSON(expected, to: folder.file("expected.json"))
        let (status, output) = try CalendarTestSupport.runChecker(
            "check_vcard.py", folder.file("cards.vcf"), folder.file("expected.json"))
        #expect(status == 0, "check_vcard.py: \(output)")
        #expect(CalendarTestSupport.physicalLines(cards).allSatisfy { $0.octets <= 75 && $0.isUTF8 })
        #expect(cards.contains("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0190f5a2-7c1e-7b3d-8e4f-123456789abc\r\n"))
        #expect(cards.contains("FN:Nationales IT-Lagezentrum\\; Bereitschaft\r\n"))
        #expect(cards.contains("TEL;VALUE=uri;TYPE=voice;PREF=1:tel:+492289995820\r\n"))
        #expect(cards.contains("TEL;VALUE=uri;TYPE=fax:tel:+492289995825400\r\n"))
        #expect(cards.contains("EMAIL;TYPE=work;PREF=1:lagezentrum@bsi.example\r\n"))
        #expect(cards.contains("N:الشمري;عبد الله;;;\r\n"))
        #expect(cards.contains("FN:王明\r\nN:王;明;;;\r\nKIND:individual\r\n"))
        #expect(cards.contains("TZ;VALUE=text:Asia/Riyadh\r\n"))
        #expect(cards.contains("REV:20260528T202640Z\r\nEND:VCARD\r\n"))
    }

    @Test(.enabled(if: ContactGPG.isInstalled, "gpg is not installed"))
    func theOpenPGPKeyTravelsAsADataURI() throws {
        let gpg = try ContactGPG()
        let fingerprint = try gpg.makeKey(userID: "Desk <desk@cert.example>")
        let key = try OpenPGPPublicKey(armored: try gpg.gpg(["--armor", "--export", fingerprint]))
        var entry = try Self.entries()[2]
        entry.openPGPKey = key
        let card = VCardWriter.card(entry)
        let uri = "data:application/pgp-keys;base64,\(Data(key.packets).base64EncodedString())"
        let folder = try CalendarTemporaryFolder()
        try Data(card.utf8).write(to: folder.file("card.vcf"))
        try CalendarTestSupport.writeJSON(
            Expectation(cards: [Self.expectation(entry, key: uri)]), to: folder.file("expected.json"))
        let (status, output) = try CalendarTestSupport.runChecker(
            "check_vcard.py", folder.file("card.vcf"), folder.file("expected.json"))
        #expect(status == 0, "check_vcard.py: \(output)")
        let unfolded = card.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("KEY:\(uri)\r\n"))
        #expect(
            try OpenPGPPublicKey(packets: Array(Data(base64Encoded: String(uri.dropFirst(33)))!)).fingerprintHex
                == fingerprint)
    }

    @Test func aStateListHoldsOnlyThatStatesEntriesByName() throws {
        var entries = try Self.entries()
        var second = entries[0]
        second.id = "deu-2"
        second.functionTitle = "Auswärtiges Amt, Cyber-Außenpolitik"
        entries.append(second)
        let cards = VCardWriter.cards(of: "DEU", from: entries)
        let names = cards.components(separatedBy: "\r\n").filter { $0.hasPrefix("FN:") }
        #expect(names == ["FN:Auswärtiges Amt\\, Cyber-Außenpolitik", "FN:Nationales IT-Lagezentrum\\; Bereitschaft"])
    }

    @Test func theVCardCheckerReportsAFieldThatDiffers() throws {
        let entry = try Self.entries()[1]
        var wrong = Self.expectation(entry)
        wrong.fn = "Abdullah"
        let folder = try CalendarTemporaryFolder()
        try Data(VCardWriter.card(entry).utf8).write(to: folder.file("card.vcf"))
        try CalendarTestSupport.writeJSON(Expectation(cards: [wrong]), to: folder.file("expected.json"))
        let (status, output) = try CalendarTestSupport.runChecker(
            "check_vcard.py", folder.file("card.vcf"), folder.file("expected.json"))
        #expect(status == 1)
        #expect(output.contains("fn 'عبد الله الشمري' != 'Abdullah'"))
    }
}
