import Foundation

/// Old IANA zone names and the names that replaced them (the tz database's `backward` file, the ones still met in
/// forms and spreadsheets). Foundation accepts most old names but does not canonicalise them.
enum TimeZoneAliases {
    /// Every name Foundation knows, and every alias, keyed by its lower-case form: people type `europe/berlin`,
    /// and Foundation's lookup is case-sensitive.
    static let byLowercasedName: [String: String] = {
        var names: [String: String] = [:]
        for name in TimeZone.knownTimeZoneIdentifiers + Array(canonical.keys) + Array(canonical.values) {
            names[name.lowercased()] = name
        }
        return names
    }()

    /// Names that mean UTC.
    static let utcNames: Set<String> = [
        "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu", "GMT", "Etc/GMT",
        "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "GMT0", "Etc/Greenwich", "Greenwich",
    ]

    /// Old name to canonical name.
    static let canonical: [String: String] = [
        "Africa/Asmera": "Africa/Asmara",
        "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
        "America/Catamarca": "America/Argentina/Catamarca",
        "America/Cordoba": "America/Argentina/Cordoba",
        "America/Godthab": "America/Nuuk",
        "America/Indianapolis": "America/Indiana/Indianapolis",
        "America/Louisville": "America/Kentucky/Louisville",
        "America/Mendoza": "America/Argentina/Mendoza",
        "America/Montreal": "America/Toronto",
        "Asia/Calcutta": "Asia/Kolkata",
        "Asia/Chongqing": "Asia/Shanghai",
        "Asia/Dacca": "Asia/Dhaka",
        "Asia/Harbin": "Asia/Shanghai",
        "Asia/Katmandu": "Asia/Kathmandu",
        "Asia/Rangoon": "Asia/Yangon",
        "Asia/Saigon": "Asia/Ho_Chi_Minh",
        "Asia/Thimbu": "Asia/Thimphu",
        "Asia/Ujung_Pandang": "Asia/Makassar",
        "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
        "Atlantic/Faeroe": "Atlantic/Faroe",
        "Australia/ACT": "Australia/Sydney",
        "Australia/NSW": "Australia/Sydney",
        "Europe/Kiev": "Europe/Kyiv",
        "Europe/Uzhgorod": "Europe/Kyiv",
        "Europe/Zaporozhye": "Europe/Kyiv",
        "Pacific/Enderbury": "Pacific/Kanton",
        "Pacific/Ponape": "Pacific/Pohnpei",
        "Pacific/Truk": "Pacific/Chuuk",
        "US/Central": "America/Chicago",
        "US/Eastern": "America/New_York",
        "US/Mountain": "America/Denver",
        "US/Pacific": "America/Los_Angeles",
    ]
}
