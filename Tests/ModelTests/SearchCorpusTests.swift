import Foundation
import Model
import Testing

/// Folding against the real UN excerpts in `shared/data`: a phrase query finds exactly the documents whose
/// original text holds the phrase, whatever the case and whether words are joined by a hyphen or a space.
@Suite(.enabled(if: sharedDataFolder() != nil, "skipped: no shared/data folder above the checkout"))
struct SearchCorpusTests {
    @Test(arguments: ["critical infrastructure", "confidence-building measures", "international humanitarian law"])
    func phraseQueriesFindExactlyTheDocumentsHoldingThePhrase(phrase: String) throws {
        let data = try #require(sharedDataFolder())
        let texts = try loadTexts(data.appendingPathComponent("texts"))
        try #require(texts.count >= 10)

        let query = SearchQuery.parse("\"\(phrase)\"")
        let terms = try #require(query.positiveTerms.first?.tokens)
        let words = phrase.split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: "[\\s-]+")
        let pattern = try NSRegularExpression(pattern: words, options: [.caseInsensitive])

        var found: [String] = []
        for (name, text) in texts {
            let folded = SearchText.tokens(SearchText.fold(text))
            let expected = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            #expect(containsSequence(folded, terms) == expected, "\(name): \(phrase)")
            if expected { found.append(name) }
        }
        #expect(!found.isEmpty)
    }

    @Test func theIndexListsTheDocumentsHoldingEachPhrase() throws {
        let data = try #require(sharedDataFolder())
        let texts = try loadTexts(data.appendingPathComponent("texts"))
        func matching(_ query: String) -> [String] {
            let terms = SearchQuery.parse(query).positiveTerms[0].tokens
            return texts.filter { containsSequence(SearchText.tokens($0.text), terms) }.map(\.name)
        }
        #expect(matching("\"critical infrastructure\"") == ["A_65_201", "A_70_174", "A_75_816", "A_77_275"])
        #expect(matching("\"confidence-building measures\"") == ["A_70_174", "A_76_136", "A_RES_73_266"])
        #expect(matching("\"international humanitarian law\"") == ["OEWG_2019-2021_revised-pre-draft_2020-05-27"])
    }

    @Test func symbolsAndTitlesOfTheDocumentListAreFoundByTheirWords() throws {
        let data = try #require(sharedDataFolder())
        let json = try Data(contentsOf: data.appendingPathComponent("un-ict-documents.json"))
        let list = try JSONDecoder().decode(DocumentList.self, from: json)
        let symbols = list.documents.compactMap(\.symbol)
        try #require(symbols.contains("A/RES/70/237"))

        let symbol = SearchQuery.parse("a/res/70/237").positiveTerms[0].tokens
        #expect(symbol == ["a", "res", "70", "237"])
        #expect(symbols.filter { containsSequence(SearchText.tokens($0), symbol) } == ["A/RES/70/237"])

        let culture = SearchQuery.parse("\"GLOBAL CULTURE OF CYBERSECURITY\"").positiveTerms[0].tokens
        let titles = list.documents.compactMap(\.title).filter { containsSequence(SearchText.tokens($0), culture) }
        #expect(titles.count == 3)
    }

    private struct DocumentList: Decodable {
        struct Document: Decodable {
            let symbol: String?
            let title: String?
        }
        let documents: [Document]
    }

    private func loadTexts(_ folder: URL) throws -> [(name: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
        return try names.sorted().map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return (String(name.dropLast(4)), text)
        }
    }
}
