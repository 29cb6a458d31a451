/// How a state's numbers are written at home and abroad: its country calling code (ITU-T E.164) and its national
/// trunk prefix, the digits dialled before an area code at home and dropped in international form.
public struct DialingPlan: Hashable, Sendable {
    /// How the national form turns into the international one.
    public enum Trunk: Hashable, Sendable {
        /// The national form starts with these digits, which the international form drops (0 in Germany, 8 in
        /// Russia, 1 in North America, 06 in Hungary).
        case dropped(String)
        /// There is no trunk prefix: every national digit stays (Italy keeps its leading 0: +39 06 ...; Spain).
        case none
    }

    /// The country calling code, without the +.
    public let callingCode: String
    /// The trunk prefix rule.
    public let trunk: Trunk
    /// How many digits the national number has after any trunk prefix, when every number has the same length
    /// (10 in North America); nil where lengths vary.
    public let nationalLength: Int?

    /// Makes a plan.
    public init(callingCode: String, trunk: Trunk, nationalLength: Int?) {
        self.callingCode = callingCode
        self.trunk = trunk
        self.nationalLength = nationalLength
    }

    /// The plan of the state with ISO 3166-1 alpha-3 code `state`, when the table has it.
    public static func of(state: String) -> DialingPlan? { DialingPlans.byState[state] }
}

/// The table, keyed by ISO alpha-3.
///
/// TODO(#6): this covers 131 of the 193 UN member states, written from general knowledge of their numbering and not
/// yet checked entry by entry against the ITU's national numbering plans (ITU-T E.164 Annex to the Operational
/// Bulletin); the others (Brazil and Argentina with carrier codes, states whose plans changed recently, the rest
/// not yet written) accept only the international form, with a message saying so.
enum DialingPlans {
    static let byState: [String: DialingPlan] = {
        var table: [String: DialingPlan] = [:]
        for (code, states) in trunkZero {
            for state in states {
                table[state] = DialingPlan(callingCode: code, trunk: .dropped("0"), nationalLength: nil)
            }
        }
        for (code, states) in noTrunk {
            for state in states { table[state] = DialingPlan(callingCode: code, trunk: .none, nationalLength: nil) }
        }
        for state in northAmerica {
            table[state] = DialingPlan(callingCode: "1", trunk: .dropped("1"), nationalLength: 10)
        }
        table["RUS"] = DialingPlan(callingCode: "7", trunk: .dropped("8"), nationalLength: 10)
        table["KAZ"] = DialingPlan(callingCode: "7", trunk: .dropped("8"), nationalLength: 10)
        table["HUN"] = DialingPlan(callingCode: "36", trunk: .dropped("06"), nationalLength: nil)
        return table
    }()

    /// Calling code to the states that dial 0 before an area code at home and drop it abroad.
    static let trunkZero: [String: [String]] = [
        "20": ["EGY"], "212": ["MAR"], "213": ["DZA"], "218": ["LBY"], "233": ["GHA"],
        "234": ["NGA"], "249": ["SDN"], "250": ["RWA"], "251": ["ETH"], "254": ["KEN"], "255": ["TZA"],
        "256": ["UGA"], "260": ["ZMB"], "263": ["ZWE"], "264": ["NAM"], "27": ["ZAF"], "31": ["NLD"],
        "32": ["BEL"], "33": ["FRA"], "353": ["IRL"], "355": ["ALB"], "358": ["FIN"], "359": ["BGR"],
        "374": ["ARM"], "380": ["UKR"], "381": ["SRB"], "382": ["MNE"], "385": ["HRV"], "386": ["SVN"],
        "387": ["BIH"], "389": ["MKD"], "40": ["ROU"], "41": ["CHE"], "421": ["SVK"], "43": ["AUT"],
        "44": ["GBR"], "46": ["SWE"], "49": ["DEU"], "51": ["PER"], "60": ["MYS"], "61": ["AUS"], "62": ["IDN"],
        "63": ["PHL"], "64": ["NZL"], "66": ["THA"], "81": ["JPN"], "82": ["KOR"], "84": ["VNM"], "855": ["KHM"],
        "856": ["LAO"], "86": ["CHN"], "880": ["BGD"], "90": ["TUR"], "91": ["IND"], "92": ["PAK"], "93": ["AFG"],
        "94": ["LKA"], "95": ["MMR"], "961": ["LBN"], "962": ["JOR"], "963": ["SYR"], "964": ["IRQ"],
        "966": ["SAU"], "971": ["ARE"], "972": ["ISR"], "977": ["NPL"], "98": ["IRN"], "995": ["GEO"],
    ]

    /// Calling code to the states without a trunk prefix, whose national digits all stay.
    static let noTrunk: [String: [String]] = [
        "216": ["TUN"], "221": ["SEN"], "223": ["MLI"], "225": ["CIV"], "226": ["BFA"], "227": ["NER"], "228": ["TGO"],
        "229": ["BEN"], "230": ["MUS"], "237": ["CMR"], "238": ["CPV"], "248": ["SYC"], "258": ["MOZ"],
        "267": ["BWA"], "30": ["GRC"], "34": ["ESP"], "351": ["PRT"], "352": ["LUX"], "354": ["ISL"],
        "356": ["MLT"], "357": ["CYP"], "371": ["LVA"], "372": ["EST"], "376": ["AND"], "377": ["MCO"],
        "378": ["SMR"], "39": ["ITA"], "420": ["CZE"], "423": ["LIE"], "45": ["DNK"], "47": ["NOR"],
        "48": ["POL"], "501": ["BLZ"], "502": ["GTM"], "503": ["SLV"], "504": ["HND"], "505": ["NIC"],
        "506": ["CRI"], "507": ["PAN"], "52": ["MEX"], "65": ["SGP"], "673": ["BRN"], "679": ["FJI"],
        "965": ["KWT"], "968": ["OMN"], "973": ["BHR"], "974": ["QAT"],
    ]

    /// States of the North American Numbering Plan: +1, ten national digits, 1 as the trunk prefix.
    static let northAmerica = [
        "USA", "CAN", "ATG", "BHS", "BRB", "DMA", "DOM", "GRD", "JAM", "KNA", "LCA", "VCT", "TTO",
    ]
}
