import Foundation
import Model
import Testing

@Suite struct SearchSnippetTests {
    private let filler = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa", "lambda", "sigma"]

    private func fillerText(words count: Int, from first: Int = 0) -> String {
        (0..<count).map { filler[(first + $0) % filler.count] }.joined(separator: " ")
    }

    private func matches(_ parts: [SnippetPart]) -> [String] {
        parts.compactMap { if case .match(let text) = $0 { text } else { nil } }
    }

    private func plain(_ parts: [SnippetPart]) -> String {
        parts.map { part in
            switch part {
            case .text(let text), .match(let text): text
            }
        }.joined()
    }

    private func collapsingWhiteSpace(_ text: String) -> String {
        var result = ""
        for character in text where !(character.isWhitespace && result.last == " ") {
            result.append(character.isWhitespace ? " " : character)
        }
        return result
    }

    @Test func matchesAreMarkedInTheOriginalSpelling() {
        let text = "The meeting in Tromsø, like the one in Straße 5 and Łódź, discussed the security of ICTs."
        let parts = Snippet.make(text: text, query: SearchQuery.parse("tromso STRASSE lodz"), maxCharacters: 200)
        #expect(matches(parts) == ["Tromsø", "Straße", "Łódź"])
        #expect(plain(parts) == text)
        #expect(parts.first == .text("The meeting in "))
    }

    @Test func arabicAndChineseMatchesKeepTheirOriginalForm() {
        let arabic = "إن الأَمْنُ السِّيبْرَانِيُّ أولوية"
        let arabicParts = Snippet.make(text: arabic, query: SearchQuery.parse("\"الامن السيبراني\""))
        #expect(matches(arabicParts) == ["الأَمْنُ السِّيبْرَانِيُّ"])

        let chinese = "各国关注网络安全问题。"
        #expect(matches(Snippet.make(text: chinese, query: SearchQuery.parse("安全"))) == ["安全"])
        #expect(matches(Snippet.make(text: chinese, query: SearchQuery.parse("网络安全"))) == ["网络安全"])
    }

    @Test func theWindowHoldsTheMostDistinctTerms() {
        let text = [
            "cyber", fillerText(words: 60), "cyber", fillerText(words: 60, from: 3), "cyber norms and capacity",
            fillerText(words: 60, from: 5),
        ].joined(separator: " ")
        let parts = Snippet.make(text: text, query: SearchQuery.parse("cyber norms capacity"), maxCharacters: 120)
        #expect(matches(parts) == ["cyber", "norms", "capacity"])
        #expect(plain(parts).hasPrefix(Snippet.ellipsis) && plain(parts).hasSuffix(Snippet.ellipsis))
    }

    @Test func alternativesJoinedByOrCountAsOneTerm() {
        let text = "cyber and ICT " + fillerText(words: 60) + " ICT norms " + fillerText(words: 60)
        let parts = Snippet.make(text: text, query: SearchQuery.parse("cyber OR ICT norms"), maxCharacters: 100)
        #expect(matches(parts) == ["ICT", "norms"])
    }

    @Test func windowsAreCutAtWordBoundaries() {
        let text = fillerText(words: 40) + " confidence-building measures " + fillerText(words: 40, from: 7)
        for maxCharacters in [40, 57, 80, 123, 200] {
            let parts = Snippet.make(
                text: text, query: SearchQuery.parse("\"confidence building\""), maxCharacters: maxCharacters)
            #expect(matches(parts) == ["confidence-building"])
            let shown = plain(parts).replacingOccurrences(of: Snippet.ellipsis, with: "")
            #expect(shown.count <= maxCharacters + 12, "\(maxCharacters): \(shown)")
            let words = shown.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
            let allowed = Set(filler + ["confidence", "building", "measures"])
            #expect(words.allSatisfy(allowed.contains), "\(maxCharacters): \(shown)")
            #expect(text.contains(shown))
        }
    }

    @Test func withoutAMatchTheSnippetIsTheStartOfTheText() {
        let text = fillerText(words: 100)
        let parts = Snippet.make(text: text, query: SearchQuery.parse("nothing"), maxCharacters: 50)
        guard case .text(let shown) = parts.first, parts.count == 1 else {
            Issue.record("expected one text part, got \(parts)")
            return
        }
        #expect(shown == "alpha beta gamma delta epsilon zeta theta kappa…")
        #expect(Snippet.make(text: "", query: SearchQuery.parse("x")) == [])
    }

    @Test func whiteSpaceRunsAndLineBreaksBecomeOneSpace() {
        let text = "Protection of critical\n   infrastructure\tagainst attacks"
        let parts = Snippet.make(text: text, query: SearchQuery.parse("\"critical infrastructure\""))
        #expect(parts == [.text("Protection of "), .match("critical infrastructure"), .text(" against attacks")])
    }

    @Test func randomTextsGiveSnippetsTakenFromTheText() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = SeededGenerator(seed: seed)
        let pieces = [
            "cyber", "Cyber-security", "Tromsø", "TROMSO", "网络安全", "安全", "الأَمْنُ", "الامن", "й", "½", " ", " ",
            "\n", "\u{301}", "\u{AD}", "\u{640}", "\u{200D}", "\u{1F600}", "\u{1F1FA}\u{1F1F3}", "\r\n", "-", ".",
            "(", "\"", "e", "a", "x",
        ]
        func randomText(_ count: Int) -> String {
            (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        for _ in 0..<500 {
            let text = randomText(Int.random(in: 0...80, using: &generator))
            let query = SearchQuery.parse(randomText(Int.random(in: 0...6, using: &generator)))
            let maxCharacters = Int.random(in: 1...60, using: &generator)
            let parts = Snippet.make(text: text, query: query, maxCharacters: maxCharacters)
            // Compared scalar by scalar: a snippet may start with a lone combining mark, which joins the ellipsis.
            let collapsed = Array(collapsingWhiteSpace(text).unicodeScalars)
            let pieces = Array(plain(parts).unicodeScalars).split(separator: "…").map(Array.init)
            for piece in pieces {
                let shown = String(String.UnicodeScalarView(piece))
                #expect(
                    containsSequence(collapsed.map(String.init), piece.map(String.init)),
                    "seed \(seed): \(shown.debugDescription) in \(text.debugDescription)")
            }
            for match in matches(parts) {
                let folded = SearchText.tokens(match)
                #expect(
                    query.positiveTerms.contains { containsSequence(folded, $0.tokens) },
                    "seed \(seed): \(match.debugDescription) in \(text.debugDescription)")
            }
        }
    }

    @Test(.enabled(if: sharedDataFolder() != nil, "skipped: no shared/data folder above the checkout"))
    func snippetsOfARealExcerptMarkThePhrase() throws {
        let file = try #require(sharedDataFolder()).appendingPathComponent("texts/A_70_174.txt")
        let text = try String(contentsOf: file, encoding: .utf8)
        let query = SearchQuery.parse("confidence-building measures cooperation")
        let parts = Snippet.make(text: text, query: query, maxCharacters: 200)
        let marked = matches(parts).map { SearchText.tokens($0) }
        #expect(marked.contains(["confidence", "building"]))
        #expect(marked.contains(["cooperation"]) || marked.contains(["measures"]))
        #expect(plain(parts).count <= 200 + 2 * Snippet.ellipsis.count + 30)
    }
}
