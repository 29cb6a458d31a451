/// Chooses which stretch of a text a snippet shows.
enum SnippetWindow {
    /// How far a cut may move to reach a word boundary the other way; a longer "word" (a URL, a hash) is cut.
    static let maximumWordStretch = 30

    /// The range of characters to show: about `maxCharacters` long, holding the most distinct terms, cut at
    /// word boundaries. Occurrences must be ordered by start.
    static func choose(
        _ occurrences: [SnippetOccurrences.Occurrence], in characters: [Character], maxCharacters: Int
    ) -> Range<Int> {
        guard let best = densest(occurrences, maxCharacters: maxCharacters) else {
            return 0..<endOfWords(characters, near: min(characters.count, maxCharacters), notBefore: 0)
        }
        let slack = max(0, maxCharacters - best.count)
        var end = min(characters.count, best.upperBound + slack - slack / 2)
        let start = max(0, min(best.lowerBound, end - maxCharacters, best.lowerBound - slack / 2))
        end = max(best.upperBound, min(characters.count, start + maxCharacters))
        let cutStart = startOfWords(characters, near: start, notAfter: best.lowerBound)
        let cutEnd = endOfWords(characters, near: end, notBefore: best.upperBound)
        return cutStart..<cutEnd
    }

    /// The span of the run of occurrences that fits in `maxCharacters` and has the most distinct groups, then the
    /// most occurrences; the earliest such run wins a tie. A single occurrence longer than the window is a run
    /// of its own. Nil when there are no occurrences.
    private static func densest(_ occurrences: [SnippetOccurrences.Occurrence], maxCharacters: Int) -> Range<Int>? {
        guard !occurrences.isEmpty else { return nil }
        var counts: [Int: Int] = [:]
        var left = 0
        var best: (distinct: Int, total: Int, span: Range<Int>)?
        for right in occurrences.indices {
            counts[occurrences[right].group, default: 0] += 1
            let end = occurrences[right].range.upperBound
            while left < right, end - occurrences[left].range.lowerBound > maxCharacters {
                counts[occurrences[left].group]! -= 1
                if counts[occurrences[left].group] == 0 { counts[occurrences[left].group] = nil }
                left += 1
            }
            if let current = best, (current.distinct, current.total) >= (counts.count, right - left + 1) {
                continue
            }
            // Occurrences start in order but a long phrase may end after a later one.
            let farthest = occurrences[left...right].map(\.range.upperBound).max()!
            best = (counts.count, right - left + 1, occurrences[left].range.lowerBound..<farthest)
        }
        return best?.span
    }

    /// Moves a start that falls inside a word forward to the next word, then past white space, without passing
    /// `limit`; if the word runs up to `limit`, the start moves back to the word's beginning instead.
    private static func startOfWords(_ characters: [Character], near start: Int, notAfter limit: Int) -> Int {
        var position = start
        if position > 0, isWordCharacter(characters[position - 1]) {
            while position < limit, isWordCharacter(characters[position]) { position += 1 }
            if position == limit, limit > start {
                position = start
                let floor = max(0, start - maximumWordStretch)
                while position > floor, isWordCharacter(characters[position - 1]) { position -= 1 }
                return position
            }
        }
        while position < limit, characters[position].isWhitespace { position += 1 }
        return position
    }

    /// Moves an end that falls inside a word back to the end of the previous word, then before white space,
    /// without going before `limit`; if the word starts at `limit`, the end moves on to the word's end instead.
    private static func endOfWords(_ characters: [Character], near end: Int, notBefore limit: Int) -> Int {
        var position = end
        if position < characters.count, isWordCharacter(characters[position]) {
            while position > limit, isWordCharacter(characters[position - 1]) { position -= 1 }
            if position == limit, limit < end {
                position = end
                let ceiling = min(characters.count, end + maximumWordStretch)
                while position < ceiling, isWordCharacter(characters[position]) { position += 1 }
                return position
            }
        }
        while position > limit, characters[position - 1].isWhitespace { position -= 1 }
        return position
    }

    /// Letters and digits of scripts written with spaces; a cut between two Han characters is a word boundary.
    private static func isWordCharacter(_ character: Character) -> Bool {
        guard character.isLetter || character.isNumber else { return false }
        return !character.unicodeScalars.contains(where: TokenBuilder.isBigramScript)
    }
}
