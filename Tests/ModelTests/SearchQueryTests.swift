import Foundation
import Model
import Testing

@Suite struct SearchQueryTests {
    @Test(arguments: [
        ("cyber security", "\"cyber\" AND \"security\""),
        ("\"Confidence-building measures\"", "\"confidence building measures\""),
        ("confidence-building measures", "\"confidence building\" AND \"measures\""),
        ("cyber OR ICT norms", "(\"cyber\" OR \"ict\") AND \"norms\""),
        ("cyber or ICT", "\"cyber\" AND \"or\" AND \"ict\""),
        ("cyber AND norms", "\"cyber\" AND \"norms\""),
        ("norms -draft", "\"norms\" NOT \"draft\""),
        ("a b -c", "(\"a\" AND \"b\") NOT \"c\""),
        (
            "\"confidence-building measures\" cyber OR ICT -draft",
            "(\"confidence building measures\" AND (\"cyber\" OR \"ict\")) NOT \"draft\""
        ),
        ("norms NOT draft -\"pre-draft\"", "\"norms\" NOT (\"draft\" OR \"pre draft\")"),
        ("a OR -b", "\"a\" NOT \"b\""),
        ("\"critical infrastructure\" OR ICT", "(\"critical infrastructure\" OR \"ict\")"),
        ("OR a OR", "\"a\""),
        ("a OR OR b", "(\"a\" OR \"b\")"),
        ("“mesures de confiance” «sécurité»", "\"mesures de confiance\" AND \"securite\""),
        ("\"unbalanced phrase here", "\"unbalanced phrase here\""),
        ("Tromsø TROMSØ tromso", "\"tromso\""),
        ("网络安全", "\"网络 络安 安全\""),
        ("الأَمْنُ السِّيبْرَانِيُّ", "\"الامن\" AND \"السيبراني\""),
        ("A/RES/70/237", "\"a res 70 237\""),
    ])
    func queriesBecomeQuotedMatchExpressions(input: String, expected: String) {
        #expect(SearchQuery.parse(input).ftsMatchExpression() == expected)
    }

    @Test(
        arguments: [
            ("NOT", nil), ("OR", nil), ("AND", nil), ("-", nil), ("*", nil), (":", nil), ("^", nil),
            ("art. 51", "\"art\" AND \"51\""), ("NEAR(", "\"near\""),
            ("NEAR(a b, 5)", "\"near a\" AND \"b\" AND \"5\""),
            ("col:value", "\"col value\""), ("title:cyber", "\"title cyber\""), ("cyber*", "\"cyber\""),
            ("^cyber", "\"cyber\""), ("confidence-building", "\"confidence building\""),
            ("!!! ,.; ()[] -- **", nil), ("", nil), ("   \t\n ", nil), ("-draft", nil), ("-a -\"b c\"", nil),
            ("NOT draft", nil), ("\"\"", nil), ("\"", nil), ("\u{0}cyber\u{7}\u{1B}[31m", "\"cyber\" AND \"31m\""),
            ("a\u{0}b", "\"a\" AND \"b\""), ("\"a\" + \"b\"", "\"a\" AND \"b\""), ("x AND OR NOT", "\"x\""),
        ] as [(String, String?)])
    func awkwardInputsAreSafe(input: String, expected: String?) {
        let expression = SearchQuery.parse(input).ftsMatchExpression()
        #expect(expression == expected)
        if let expression { #expect(isSafeMatchExpression(expression)) }
    }

    @Test func longInputsAreCappedInTermsAndTokens() throws {
        let words = (0..<2_000).map { "w\($0)" }.joined(separator: " ")
        try #require(words.count > 10_000)
        let query = SearchQuery.parse(words)
        #expect(query.positiveTerms.count == SearchQuery.maximumTerms)
        #expect(query.positiveTerms.first?.tokens == ["w0"])
        #expect(isSafeMatchExpression(try #require(query.ftsMatchExpression())))

        let han = SearchQuery.parse(String(repeating: "网络安全", count: 2_500))
        #expect(han.positiveTerms.count == 1)
        #expect(han.positiveTerms[0].tokens.count == SearchQuery.maximumTokensPerTerm)

        let oneWord = SearchQuery.parse(String(repeating: "a", count: 10_000))
        #expect(oneWord.positiveTerms[0].tokens[0].count <= 2_048)
    }

    @Test func positiveTermsAreTheOnesToHighlight() {
        let query = SearchQuery.parse("cyber OR ICT \"critical infrastructure\" -draft")
        #expect(query.positiveTerms.map(\.tokens) == [["cyber"], ["ict"], ["critical", "infrastructure"]])
        #expect(query.excluded.map(\.tokens) == [["draft"]])
        #expect(query.required.count == 2)
    }

    @Test func theValidatorRejectsWhatIsNotSafe() {
        #expect(isSafeMatchExpression("(\"a b\" OR \"c\") AND \"d\" NOT \"e\""))
        for unsafe in [
            "a", "\"a\" NEAR \"b\"", "\"a\" *", "title:\"a\"", "\"a\" AND", "(\"a\"", "\"a-b\"", "\"a  b\"", "\"\"",
            "^\"a\"", "\"a\" + \"b\"", "OR \"a\"", "\"A\"",
        ] {
            #expect(!isSafeMatchExpression(unsafe), "\(unsafe)")
        }
    }

    @Test func randomInputsNeverProduceAnythingButSafeExpressions() {
        let seed = Environment.seed ?? UInt64.random(in: 0...UInt64.max)
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<2_000 {
            let input = randomQuery(using: &generator)
            let query = SearchQuery.parse(input)
            guard let expression = query.ftsMatchExpression() else {
                #expect(query.required.isEmpty, "seed \(seed): \(input.debugDescription)")
                continue
            }
            #expect(isSafeMatchExpression(expression), "seed \(seed): \(input.debugDescription) → \(expression)")
            #expect(!query.positiveTerms.isEmpty, "seed \(seed): \(input.debugDescription)")
        }
    }

    /// A query assembled from operators, quotes, FTS5 syntax, marks, controls, and letters of several scripts.
    private func randomQuery(using generator: inout SeededGenerator) -> String {
        let pieces = [
            "OR", "AND", "NOT", "NEAR(", ")", "(", "\"", "-", "*", "^", ":", "+", "col:", " ", " ", " ", "\t", "\n",
            "“", "»", "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{200B}", "\u{200D}", "\u{200F}", "\u{FEFF}",
            "\u{301}", "\u{64E}", "\u{640}", "\u{AD}", "\u{E000}", "\u{378}", "\u{FFFF}", "\u{1F600}", "\u{1F1FA}",
            "cyber", "Tromsø", "ẞ", "ﬁ", "Ａ", "½", "①", "أمن", "٧", "网络", "安", "サイバー", "ｶﾞ", "한국", "Ёж", "й",
            "a", "b", "1", "'", ",", ".", "/", "\\", "%", "_", "{", "}", "[", "]", "|", "~", "`", "@", "#", "$",
        ]
        let count = Int.random(in: 0...24, using: &generator)
        var query = ""
        for _ in 0..<count {
            if Int.random(in: 0..<5, using: &generator) == 0 {
                query.unicodeScalars.append(randomScalar(using: &generator))
            } else {
                query += pieces.randomElement(using: &generator)!
            }
        }
        return query
    }

    private func randomScalar(using generator: inout SeededGenerator) -> Unicode.Scalar {
        while true {
            let value = UInt32.random(in: 0...0x2_FFFF, using: &generator)
            if let scalar = Unicode.Scalar(value) { return scalar }
        }
    }

    private enum Environment {
        /// Set `SEARCH_FUZZ_SEED` to replay a failing run.
        static var seed: UInt64? {
            ProcessInfo.processInfo.environment["SEARCH_FUZZ_SEED"].flatMap { UInt64($0) }
        }
    }
}
