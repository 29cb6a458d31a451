/// Splits what a person typed into words, quoted phrases and the operators the query language knows. Nothing
/// here is FTS5 syntax: a word is whatever lies between spaces and quotes, and folding later keeps only its
/// letters and numbers.
enum QueryLexer {
    /// One piece of the input.
    enum Item: Equatable {
        /// A word or quoted phrase, folded; `excluded` when written with a leading `-`.
        case term(tokens: [String], excluded: Bool)
        /// `OR` in capitals.
        case or
        /// `AND` in capitals: the default, so it only ends a pending `OR`.
        case and
        /// `NOT` in capitals: excludes the next term, like `-`.
        case not
    }

    /// The input is cut at this many characters so that a pasted page costs no more than a long query.
    static let maximumInputCharacters = 2_048

    /// The items of `input`, in order. Words that fold to nothing (punctuation, `*`, `^`) leave no item.
    static func items(_ input: String) -> [Item] {
        let characters = Array(input.prefix(maximumInputCharacters))
        var items: [Item] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if isSpace(character) {
                index += 1
                continue
            }
            var excluded = false
            if character == "-" {
                index += 1
                guard index < characters.count, !isSpace(characters[index]) else { continue }
                excluded = true
            }
            if isQuote(characters[index]) {
                let end = characters[(index + 1)...].firstIndex(where: isQuote) ?? characters.count
                appendTerm(String(characters[(index + 1)..<end]), excluded: excluded, to: &items)
                index = end + 1
                continue
            }
            let end = characters[index...].firstIndex { isSpace($0) || isQuote($0) } ?? characters.count
            let word = String(characters[index..<end])
            index = end
            switch (word, excluded) {
            case ("OR", false): items.append(.or)
            case ("AND", false): items.append(.and)
            case ("NOT", false): items.append(.not)
            default: appendTerm(word, excluded: excluded, to: &items)
            }
        }
        return items
    }

    private static func appendTerm(_ text: String, excluded: Bool, to items: inout [Item]) {
        let tokens = SearchText.tokens(text)
        if !tokens.isEmpty { items.append(.term(tokens: tokens, excluded: excluded)) }
    }

    /// Spaces and control characters end a word; a control character is never part of a query.
    static func isSpace(_ character: Character) -> Bool {
        character.isWhitespace || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
    }

    /// Straight quotes, and the typographic quotes phones and French keyboards produce.
    static func isQuote(_ character: Character) -> Bool {
        switch character {
        case "\"", "\u{201C}", "\u{201D}", "\u{201E}", "\u{00AB}", "\u{00BB}", "\u{FF02}": return true
        default: return false
        }
    }
}
