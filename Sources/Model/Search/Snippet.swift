/// A piece of a snippet, taken from the original text: plain text, or a stretch that matched a query term.
/// The portal HTML-escapes each part and wraps matches in `<mark>`.
public enum SnippetPart: Hashable, Sendable {
    /// Text around the matches; it starts or ends with "…" where the original was cut.
    case text(String)
    /// Original text that matched a query term, in its original spelling (`Tromsø` for the query `tromso`).
    case match(String)
}

// TODO(#5): the window counts a Han character as one; counting it as two would keep Chinese snippets to about
// two lines as well.
// TODO(#5): a snippet tokenizes the whole text (about 0.25 s per MB in an optimized build); for long bodies the
// portal should pass a bounded part of the text or cache the snippet with the result page.
/// Makes the short excerpt shown under a search result.
public enum Snippet {
    /// The ellipsis that marks where the original was cut.
    public static let ellipsis = "…"

    /// The window of about `maxCharacters` characters of `text` that holds the most distinct positive terms of
    /// `query` (alternatives joined by `OR` count as one; then the most matches, then the earliest), cut at word
    /// boundaries, with its matches marked.
    /// Matches are found through the folded form, so accents, case and Arabic spelling variants do not matter.
    /// Runs of white space, line breaks included, become one space. Without any match it is the start of the
    /// text. Costs a pass over the whole text.
    public static func make(text: String, query: SearchQuery, maxCharacters: Int = 200) -> [SnippetPart] {
        let characters = Array(text)
        guard !characters.isEmpty else { return [] }
        let occurrences = SnippetOccurrences.find(query.required, in: SearchText.tokenize(text))
        let window = SnippetWindow.choose(occurrences, in: characters, maxCharacters: max(1, maxCharacters))
        return parts(of: characters, window: window, matches: merged(occurrences, inside: window))
    }

    /// The matches that lie wholly inside the window, overlapping or touching ones merged.
    private static func merged(_ occurrences: [SnippetOccurrences.Occurrence], inside window: Range<Int>)
        -> [Range<Int>]
    {
        var ranges: [Range<Int>] = []
        for occurrence in occurrences where window.contains(occurrence.range.lowerBound) {
            guard occurrence.range.upperBound <= window.upperBound else { continue }
            if let last = ranges.last, occurrence.range.lowerBound <= last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, occurrence.range.upperBound)
            } else {
                ranges.append(occurrence.range)
            }
        }
        return ranges
    }

    private static func parts(of characters: [Character], window: Range<Int>, matches: [Range<Int>])
        -> [SnippetPart]
    {
        var parts: [SnippetPart] = []
        var pending = window.lowerBound > 0 ? ellipsis : ""
        var position = window.lowerBound
        for match in matches {
            pending += collapsed(characters[position..<match.lowerBound])
            if !pending.isEmpty { parts.append(.text(pending)) }
            parts.append(.match(collapsed(characters[match])))
            pending = ""
            position = match.upperBound
        }
        pending += collapsed(characters[position..<window.upperBound])
        if window.upperBound < characters.count { pending += ellipsis }
        if !pending.isEmpty { parts.append(.text(pending)) }
        return parts
    }

    /// The characters with each run of white space turned into one space.
    private static func collapsed(_ characters: ArraySlice<Character>) -> String {
        var result = ""
        var inSpace = false
        for character in characters {
            if character.isWhitespace {
                if !inSpace { result.append(" ") }
                inSpace = true
            } else {
                result.append(character)
                inSpace = false
            }
        }
        return result
    }
}
