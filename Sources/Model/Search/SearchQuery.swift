// TODO(#5): a one-character Han query finds that character only where it stands alone, since runs are indexed
// as bigrams; finding it inside a run needs a prefix query on the bigrams and a unigram for each run's end.
// TODO(#5): no stemming or Arabic clitic stripping (ال و ب ل); both would have to be done in SearchText.fold so
// that documents and queries stay folded alike.
/// A search as a person typed it, parsed into folded terms.
///
/// The language: words (all must match), `"quoted phrases"`, `-word` or `-"phrase"` (or `NOT word`) to exclude,
/// and `OR` in capitals between two words or phrases (`cyber OR ICT`); lowercase `or` is an ordinary word and
/// `AND` changes nothing. A word that folds into several tokens (`confidence-building`, `A/RES/70/237`,
/// `col:value`) is searched as a phrase. An unbalanced quote makes the rest of the input a phrase. Punctuation,
/// `*`, `^`, `:` and `(` are never operators: they only separate tokens.
///
/// Terms are matched as folded tokens, without stemming: `norm` does not find `norms`, and an Arabic word does
/// not find the same word with a clitic attached (`امن` does not find `الامن`).
public struct SearchQuery: Hashable, Sendable {
    /// A word or a phrase: folded tokens that must appear next to each other, in this order.
    public struct Term: Hashable, Sendable {
        /// The folded tokens, never empty.
        public let tokens: [String]
    }

    /// Groups that must all match; a group matches when any one of its terms does (terms joined by `OR`).
    public let required: [[Term]]
    /// Terms no result may contain.
    public let excluded: [Term]

    /// At most this many terms are kept, in the order typed; the rest of a longer query is ignored.
    public static let maximumTerms = 32
    /// A phrase keeps at most this many tokens (a pasted paragraph searches for its start).
    public static let maximumTokensPerTerm = 32

    /// Parses `input`. Never fails: whatever cannot be searched for is left out, and a query with nothing
    /// positive left has no match expression.
    public static func parse(_ input: String) -> SearchQuery {
        var groups: [[Term]] = []
        var excluded: [Term] = []
        var orPending = false
        var notPending = false
        var lastWasRequired = false
        var termCount = 0
        for item in QueryLexer.items(input) {
            switch item {
            case .or:
                orPending = lastWasRequired
            case .and:
                orPending = false
            case .not:
                notPending = true
            case .term(let tokens, let isExcluded):
                guard termCount < maximumTerms else { break }
                termCount += 1
                let term = Term(tokens: Array(tokens.prefix(maximumTokensPerTerm)))
                if isExcluded || notPending {
                    if !excluded.contains(term) { excluded.append(term) }
                    lastWasRequired = false
                } else if orPending, let last = groups.indices.last {
                    if !groups[last].contains(term) { groups[last].append(term) }
                    lastWasRequired = true
                } else {
                    if !groups.contains([term]) { groups.append([term]) }
                    lastWasRequired = true
                }
                orPending = false
                notPending = false
            }
        }
        return SearchQuery(required: groups, excluded: excluded)
    }

    /// The terms to highlight in results: every required term, including each alternative of an `OR`.
    public var positiveTerms: [Term] {
        required.flatMap { $0 }
    }

    /// The FTS5 `MATCH` expression for this query, or nil when nothing positive is left to search for (an empty
    /// query, only punctuation, only exclusions): the caller then returns no results, not an error.
    ///
    /// Every term is one double-quoted string of folded tokens, so nothing from the input is read as FTS5 syntax;
    /// the only operators are `AND`, `OR`, `NOT` and parentheses. `"confidence-building measures" cyber OR ICT
    /// -draft` becomes `("confidence building measures" AND ("cyber" OR "ict")) NOT "draft"`.
    ///
    /// Ranking: FTS5's `bm25` is enough. Weight the columns title > symbol > abstract > body; with the columns
    /// in that order, `ORDER BY bm25(docs, 10.0, 8.0, 4.0, 1.0)` (smaller is better). Index each column's
    /// `SearchText.fold` output with `tokenize = "unicode61 remove_diacritics 2"`, the symbol included, so that
    /// `A/RES/70/237` is found as the phrase "a res 70 237".
    public func ftsMatchExpression() -> String? {
        guard !required.isEmpty else { return nil }
        let positive = required.map(SearchQuery.disjunction).joined(separator: " AND ")
        guard !excluded.isEmpty else { return positive }
        let left = required.count > 1 ? "(\(positive))" : positive
        return "\(left) NOT \(SearchQuery.disjunction(excluded))"
    }

    private static func disjunction(_ terms: [Term]) -> String {
        let quoted = terms.map { "\"" + $0.tokens.joined(separator: " ") + "\"" }
        return quoted.count == 1 ? quoted[0] : "(" + quoted.joined(separator: " OR ") + ")"
    }
}
