/// Finds where the query's terms occur among a text's folded tokens.
enum SnippetOccurrences {
    /// One occurrence of a term, in characters of the original text.
    struct Occurrence {
        /// The index of the term's group in the query's required groups: alternatives joined by `OR` count as one
        /// term when a snippet looks for the window with the most terms.
        let group: Int
        /// The original characters, from the first token's first to the last token's last.
        let range: Range<Int>
    }

    /// A text with more occurrences than this is long and full of matches; the first ones are enough.
    static let maximumOccurrences = 10_000

    /// The occurrences of the terms of `groups` in `tokens`, ordered by where they start.
    static func find(_ groups: [[SearchQuery.Term]], in tokens: [SearchText.Token]) -> [Occurrence] {
        let terms = groups.enumerated().flatMap { group, terms in terms.map { (group: group, term: $0) } }
        guard !terms.isEmpty else { return [] }
        let firstTokens = Set(terms.map { $0.term.tokens[0] })
        var occurrences: [Occurrence] = []
        for start in tokens.indices where firstTokens.contains(tokens[start].folded) {
            for (group, term) in terms where matches(term, in: tokens, at: start) {
                let last = tokens[start + term.tokens.count - 1]
                let range = tokens[start].characterOffsets.lowerBound..<last.characterOffsets.upperBound
                occurrences.append(Occurrence(group: group, range: range))
            }
            if occurrences.count >= maximumOccurrences { break }
        }
        return occurrences
    }

    private static func matches(_ term: SearchQuery.Term, in tokens: [SearchText.Token], at start: Int) -> Bool {
        guard start + term.tokens.count <= tokens.count else { return false }
        return zip(term.tokens, tokens[start...]).allSatisfy { $0 == $1.folded }
    }
}
