import Foundation

/// Folds one Unicode scalar at a time into the scalars of the search form: token scalars (letters, numbers,
/// private use) and U+0020 for a separator; an empty result means the scalar is dropped without splitting a word
/// (combining marks, harakat, tatweel, format characters such as the soft hyphen or a directional mark).
///
/// Folding character by character, and within a character scalar by scalar, is what lets every folded token point
/// back at the original text. It is exact for the steps used here: compatibility decomposition and lowercasing
/// never look past a neighbour within the character, and the only reordering NFKD does (of combining marks) does
/// not matter because marks are dropped.
struct ScalarFolder {
    /// Distinct scalars in one text are few, so a per-text cache makes the Foundation decomposition cheap.
    private var cache: [Unicode.Scalar: [Unicode.Scalar]] = [:]

    static let separator: Unicode.Scalar = " "

    /// The folded scalars for a character of several scalars. It is composed (NFC) first, so that a decomposed
    /// й or が is kept like the precomposed letter; other marks are dropped either way.
    mutating func fold(_ character: Character) -> [Unicode.Scalar] {
        let scalars = character.unicodeScalars
        guard scalars.count > 1 else { return scalars.first.map { fold($0) } ?? [] }
        var folded: [Unicode.Scalar] = []
        for scalar in String(character).precomposedStringWithCanonicalMapping.unicodeScalars {
            folded += fold(scalar)
        }
        return folded
    }

    /// The folded scalars for `scalar`.
    mutating func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if scalar.isASCII { return [ScalarFolder.foldASCII(scalar)] }
        if let known = cache[scalar] { return known }
        let folded = ScalarFolder.foldNonASCII(scalar)
        cache[scalar] = folded
        return folded
    }

    /// The folded form of an ASCII scalar: always exactly one scalar, so the common case allocates nothing.
    static func foldASCII(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x41...0x5A: return Unicode.Scalar(UInt8(scalar.value + 0x20))
        case 0x61...0x7A, 0x30...0x39: return scalar
        default: return separator
        }
    }

    private static func foldNonASCII(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if let kept = keptWhole(scalar) { return [kept] }
        var folded: [Unicode.Scalar] = []
        for decomposed in String(Character(scalar)).decomposedStringWithCompatibilityMapping.unicodeScalars {
            for lower in decomposed.properties.lowercaseMapping.unicodeScalars {
                appendFinal(lower, to: &folded)
            }
        }
        return folded
    }

    /// Scalars that NFKD would split but that are letters of their own: Russian й (и with a breve would merge
    /// "мой" and "мои"), kana with voicing marks (バ is not ハ), and Hangul syllables, which decompose into jamo
    /// that carry no diacritic. Half-width kana still decompose, and lose their voicing mark.
    private static func keptWhole(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x0419, 0x0439: return "\u{0439}"
        case 0x3041...0x3096, 0x30A1...0x30FA: return scalar
        case 0xAC00...0xD7A3: return scalar
        default: return nil
        }
    }

    /// Classifies a decomposed, lowercased scalar: maps it through the letter table, drops marks and format
    /// characters, turns decimal digits of every script into ASCII digits, and anything else into a separator.
    private static func appendFinal(_ scalar: Unicode.Scalar, to folded: inout [Unicode.Scalar]) {
        if scalar.isASCII {
            folded.append(foldASCII(scalar))
            return
        }
        if let mapped = LetterTable.map(scalar) {
            folded += mapped
            return
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format:
            return
        case .decimalNumber:
            if let value = scalar.properties.numericValue, (0...9).contains(value) {
                folded.append(Unicode.Scalar(UInt8(0x30 + Int(value))))
            } else {
                folded.append(separator)
            }
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .letterNumber, .otherNumber, .privateUse:
            folded.append(scalar)
        default:
            folded.append(separator)
        }
    }
}
