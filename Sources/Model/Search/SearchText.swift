/// The normal form that documents and queries both go through before SQLite FTS5 sees them, for the six UN
/// languages.
///
/// What folding does, in order, to each scalar of the text:
/// - compatibility decomposition (NFKD), lowercasing, and removal of combining marks: é è ñ ç become e e n c,
///   ﬁ becomes fi, full-width Ａ becomes a, Russian ё becomes е; Russian й is kept as its own letter;
/// - letters without a decomposition: ø→o, ł→l, ß→ss, æ→ae, œ→oe, đ→d, ð→d, þ→th, ı→i;
/// - Arabic: harakat and Quranic marks (U+064B-U+065F, U+0670, U+06D6-U+06ED) and tatweel are removed, أ إ آ ٱ
///   become ا, ى ئ ی become ي, ة becomes ه, ؤ becomes و, ک becomes ك;
/// - decimal digits of every script (Arabic-Indic included) become ASCII digits;
/// - everything that is not a letter or a number separates tokens: "confidence-building" is two tokens;
/// - runs of Han characters (and Japanese kana) become overlapping bigrams, "网络安全" → "网络 络安 安全", and a
///   lone Han character stays itself, so a two-character word is found anywhere inside a longer run.
///
/// The folded text is the tokens joined by single spaces. FTS5's `unicode61` tokenizer (`remove_diacritics 2`,
/// no `tokenchars`) splits it back into exactly these tokens, and folding it again changes nothing.
public enum SearchText {
    /// One token of a text: its folded form and where it came from in the original.
    public struct Token: Hashable, Sendable {
        /// The folded token, as FTS5 indexes it.
        public let folded: String
        /// The whole characters of the original text the token was folded from.
        public let range: Range<String.Index>
        /// The same range counted in characters from the start of the original text.
        let characterOffsets: Range<Int>
    }

    /// Folds `text` into its search form: the folded tokens separated by single spaces. Costs one pass over the
    /// text; each distinct non-ASCII scalar is decomposed once.
    public static func fold(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }

    /// The folded tokens of `text`, in order, as FTS5's `unicode61` tokenizer splits the folded text.
    public static func tokens(_ text: String) -> [String] {
        tokenize(text).map(\.folded)
    }

    /// The folded tokens of `text` with the range of the original each one came from, for snippets and
    /// highlighting. A bigram's range covers both of its characters.
    public static func tokenize(_ text: String) -> [Token] {
        var folder = ScalarFolder()
        var builder = TokenBuilder()
        let bytes = text.utf8
        var index = text.startIndex
        var offset = 0
        while index < text.endIndex {
            // An ASCII scalar followed by ASCII is a whole character (CR LF aside): no grapheme breaking needed.
            let byte = bytes[index]
            let afterByte = bytes.index(after: index)
            if byte < 0x80, byte != 0x0D, afterByte == bytes.endIndex || bytes[afterByte] < 0x80 {
                let source = TokenBuilder.Source(range: index..<afterByte, offsets: offset..<offset + 1)
                builder.add(ScalarFolder.foldASCII(Unicode.Scalar(byte)), from: source)
                index = afterByte
                offset += 1
                continue
            }
            let next = text.index(after: index)
            let source = TokenBuilder.Source(range: index..<next, offsets: offset..<offset + 1)
            for folded in folder.fold(text[index]) {
                builder.add(folded, from: source)
            }
            index = next
            offset += 1
        }
        return builder.finish()
    }
}
