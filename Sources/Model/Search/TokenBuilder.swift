/// Groups folded scalars into tokens: a run of letters and numbers is one token, a run of Han characters or kana
/// becomes overlapping bigrams, and a separator or a change between the two kinds ends a run.
struct TokenBuilder {
    /// The original characters a folded scalar came from.
    struct Source {
        let range: Range<String.Index>
        let offsets: Range<Int>
    }

    private var tokens: [SearchText.Token] = []
    private var word: [UInt8] = []  // UTF-8, cheaper to grow than a String
    private var wordStart: Source?
    private var wordEnd: Source?
    private var ideographs: [(scalar: Unicode.Scalar, source: Source)] = []

    /// Adds one folded scalar (a token scalar or the separator) that came from `source`.
    mutating func add(_ scalar: Unicode.Scalar, from source: Source) {
        if scalar == ScalarFolder.separator {
            flushWord()
            flushIdeographs()
        } else if TokenBuilder.isBigramScript(scalar) {
            flushWord()
            ideographs.append((scalar, source))
        } else {
            flushIdeographs()
            if wordStart == nil { wordStart = source }
            wordEnd = source
            if scalar.isASCII {
                word.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { word.append($0) }
            }
        }
    }

    /// Ends the last run and returns all tokens in order.
    mutating func finish() -> [SearchText.Token] {
        flushWord()
        flushIdeographs()
        return tokens
    }

    private mutating func flushWord() {
        guard let start = wordStart, let end = wordEnd else { return }
        tokens.append(TokenBuilder.token(String(decoding: word, as: UTF8.self), from: start, to: end))
        word.removeAll(keepingCapacity: true)
        wordStart = nil
        wordEnd = nil
    }

    private mutating func flushIdeographs() {
        if ideographs.count == 1 {
            let only = ideographs[0]
            tokens.append(TokenBuilder.token(String(Character(only.scalar)), from: only.source, to: only.source))
        } else if ideographs.count > 1 {
            for (first, second) in zip(ideographs, ideographs.dropFirst()) {
                var bigram = String.UnicodeScalarView()
                bigram.append(first.scalar)
                bigram.append(second.scalar)
                tokens.append(TokenBuilder.token(String(bigram), from: first.source, to: second.source))
            }
        }
        ideographs.removeAll(keepingCapacity: true)
    }

    private static func token(_ folded: String, from start: Source, to end: Source) -> SearchText.Token {
        SearchText.Token(
            folded: folded, range: start.range.lowerBound..<end.range.upperBound,
            characterOffsets: start.offsets.lowerBound..<end.offsets.upperBound)
    }

    /// Han ideographs (all CJK blocks, iteration and numeral marks) and Japanese kana: scripts written without
    /// spaces, where unicode61 would make a whole clause one token.
    static func isBigramScript(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B: return true
        case 0x3040...0x30FF, 0x31F0...0x31FF: return true
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x323AF: return true
        default: return false
        }
    }
}
