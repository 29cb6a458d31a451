import Foundation
import Model
import Testing

/// The checks of a points-of-contact form: one message per field and failure, in the portal's wording.
@Suite struct ContactValidationTests {
    @Test(arguments: [
        ("", FieldProblem(field: "email", .missing, "Enter the e-mail address")),
        (
            "cert ministry@example.org",
            FieldProblem(field: "email", .wrongFormat, "The e-mail address must not contain spaces")
        ),
        (
            "cert.ministry.example",
            FieldProblem(
                field: "email", .wrongFormat, "The e-mail address must contain an @, like cert@ministry.example")
        ),
        (
            "cert@",
            FieldProblem(
                field: "email", .wrongFormat,
                "Enter the domain after the @ in the e-mail address, like cert@ministry.example")
        ),
        (
            "cert@localhost",
            FieldProblem(
                field: "email", .wrongFormat,
                "The domain after the @ must be a full domain with a dot, like cert@ministry.example")
        ),
        (
            "cert@ministry..example",
            FieldProblem(
                field: "email", .wrongFormat,
                "The domain after the @ must be a full domain with a dot, like cert@ministry.example")
        ),
        (
            "@ministry.example",
            FieldProblem(
                field: "email", .wrongFormat,
                "Enter the part of the e-mail address before the @, like cert@ministry.example")
        ),
        (
            "a@b@ministry.example",
            FieldProblem(field: "email", .wrongFormat, "The e-mail address must contain only one @")
        ),
    ])
    func emailFailures(_ typed: String, _ expected: FieldProblem) {
        #expect(throws: expected) { try EmailAddress(typed) }
    }

    @Test func aGoodEmailIsKeptTrimmed() throws {
        #expect(try EmailAddress("  soc@cert.gov.example ").address == "soc@cert.gov.example")
        #expect(try EmailAddress("مركز@وزارة.مثال").address == "مركز@وزارة.مثال")
    }

    @Test(
        arguments: [
            ("+41 22 917 12 34", nil, "+41229171234"),
            ("+44 (0)20 7946 0000", nil, "+442079460000"),
            ("+1 (212) 555-0100", nil, "+12125550100"),
            ("+49.30.1234.5678", nil, "+493012345678"),
            ("0049 30 12345678", "DEU", "+493012345678"),
            ("011 41 22 917 12 34", "USA", "+41229171234"),
            ("06 6988 1234", "ITA", "+390669881234"),
            ("030 1234 5678", "DEU", "+493012345678"),
            ("020 7946 0000", "GBR", "+442079460000"),
            ("01 23 45 67 89", "FRA", "+33123456789"),
            ("0722 123 456", "KEN", "+254722123456"),
            ("011 2345 6789", "IND", "+911123456789"),
            ("8 (495) 123-45-67", "RUS", "+74951234567"),
            ("(212) 555-0100", "USA", "+12125550100"),
            ("1-613-555-0100", "CAN", "+16135550100"),
            ("06 1 234 5678", "HUN", "+3612345678"),
            ("912 345 678", "ESP", "+34912345678"),
        ] as [(String, String?, String)])
    func phoneNumbersBecomeE164(_ typed: String, _ state: String?, _ expected: String) throws {
        #expect(try PhoneNumber(typed, state: state).e164 == expected)
    }

    @Test(
        arguments: [
            ("", "DEU", FieldProblem(field: "phone", .missing, "Enter the phone number")),
            (
                "+41 22 917 12 34 ext 5", nil,
                FieldProblem(
                    field: "phone", .wrongFormat,
                    "The phone number must contain only digits, spaces, dashes, dots and brackets, after an optional +")
            ),
            (
                "+41 22", nil,
                FieldProblem(
                    field: "phone", .outOfRange,
                    "The phone number must have 8 to 15 digits after the +, starting with the country code, "
                        + "like +41 22 917 12 34"
                )
            ),
            (
                "+41 2291 7123 4567 8901", nil,
                FieldProblem(
                    field: "phone", .outOfRange,
                    "The phone number must have 8 to 15 digits after the +, starting with the country code, "
                        + "like +41 22 917 12 34"
                )
            ),
            (
                "022 917 12 34", nil,
                FieldProblem(
                    field: "phone", .wrongFormat,
                    "Enter the phone number in international form, starting with + and the country code, "
                        + "like +41 22 917 12 34"
                )
            ),
            (
                "11 2345 6789", "BRA",
                FieldProblem(
                    field: "phone", .wrongFormat,
                    "Enter the phone number in international form, starting with + and the country code, "
                        + "like +41 22 917 12 34"
                )
            ),
            (
                "30 1234 5678", "DEU",
                FieldProblem(
                    field: "phone", .wrongFormat,
                    "Start the phone number with 0 and the area code, or write it in international form "
                        + "starting with +49"
                )
            ),
            (
                "555-0100", "USA",
                FieldProblem(
                    field: "phone", .outOfRange,
                    "The phone number must have 10 digits with the area code, or be in international form "
                        + "starting with +1"
                )
            ),
            (
                "0 12", "KEN",
                FieldProblem(
                    field: "phone", .outOfRange,
                    "The phone number is too short or too long; write it in international form starting with +254")
            ),
        ] as [(String, String?, FieldProblem)])
    func phoneFailuresSayHowToWriteTheNumber(_ typed: String, _ state: String?, _ expected: FieldProblem) {
        #expect(throws: expected) { try PhoneNumber(typed, state: state) }
    }

    @Test func theDialingTableHoldsTheStatesThatDiffer() {
        #expect(DialingPlan.of(state: "ITA") == DialingPlan(callingCode: "39", trunk: .none, nationalLength: nil))
        #expect(DialingPlan.of(state: "DEU")?.trunk == .dropped("0"))
        #expect(DialingPlan.of(state: "RUS")?.trunk == .dropped("8"))
        #expect(DialingPlan.of(state: "USA")?.trunk == .dropped("1"))
        #expect(DialingPlan.of(state: "BRA") == nil)
    }

    @Test func businessHoursAreRead() throws {
        let hours = try BusinessHours("Mon-Fri 08:00-17:00")
        #expect(hours.spans == [BusinessHours.Span(firstDay: 1, lastDay: 5, opens: 480, closes: 1020)])
        #expect(
            try BusinessHours("sun-thu 07:30-15:30; Fri 08:00-12:00").description
                == "Sun-Thu 07:30-15:30; Fri 08:00-12:00")
        #expect(try BusinessHours("Monday-Friday 09:00-24:00").description == "Mon-Fri 09:00-24:00")
        #expect(try BusinessHours("24/7").isAlwaysOpen)
    }

    @Test(arguments: [
        ("", FieldProblem(field: "business_hours", .missing, "Enter the business hours, like Mon-Fri 08:00-17:00")),
        (
            "Mon-Fri",
            FieldProblem(
                field: "business_hours", .wrongFormat,
                "Write the business hours as days then times, like Mon-Fri 08:00-17:00")
        ),
        (
            "Lun-Ven 08:00-17:00",
            FieldProblem(
                field: "business_hours", .wrongFormat, "Write the days as English short names, like Mon-Fri or Sun-Thu")
        ),
        (
            "Mon-Fri 8am-5pm",
            FieldProblem(
                field: "business_hours", .wrongFormat, "Write the times in 24-hour form with a colon, like 08:00-17:00")
        ),
        (
            "Mon-Fri 08:00-25:00",
            FieldProblem(
                field: "business_hours", .wrongFormat, "Write the times in 24-hour form with a colon, like 08:00-17:00")
        ),
        (
            "Mon-Fri 17:00-08:00",
            FieldProblem(field: "business_hours", .outOfRange, "The closing time must be later than the opening time")
        ),
    ])
    func businessHoursFailures(_ typed: String, _ expected: FieldProblem) {
        #expect(throws: expected) { try BusinessHours(typed) }
    }

    @Test func aContactTimeZoneIsCheckedLikeAnEventOne() {
        #expect(
            throws: FieldProblem(
                field: "time_zone", .unknown,
                "Enter the time zone as a region and city from the IANA list, like Africa/Nairobi or Europe/Berlin")
        ) {
            try EventTimeZone(identifier: "Nairobi")
        }
    }

    @Test func noMessageSaysInvalid() {
        let attempts: [() throws -> Void] = [
            { _ = try EmailAddress("x") }, { _ = try PhoneNumber("12", state: nil) },
            { _ = try BusinessHours("x") }, { _ = try EventTimeZone(identifier: "x") },
            { _ = try OpenPGPPublicKey(armored: "x") },
        ]
        for attempt in attempts {
            do {
                try attempt()
                Issue.record("accepted a bad value")
            } catch let error as FieldProblem {
                #expect(!error.message.lowercased().contains("invalid"))
                #expect(!error.message.lowercased().contains("please"))
            } catch {
                Issue.record("not a field problem: \(error)")
            }
        }
    }
}
