/// Letters that compatibility decomposition leaves alone but a reader treats as a plain letter, and the Arabic
/// orthographic variants people type interchangeably. Applied after NFKD and lowercasing, so only lowercase,
/// decomposed forms are listed (Ø arrives as ø, أ as ا followed by a hamza mark that is dropped anyway).
enum LetterTable {
    /// The replacement for `scalar` (empty when it is dropped), or nil when the scalar is not in the table.
    static func map(_ scalar: Unicode.Scalar) -> [Unicode.Scalar]? {
        if isRemovedArabicMark(scalar.value) { return [] }
        switch scalar.value {
        // Latin letters without a decomposition.
        case 0x00F8: return ["o"]  // ø
        case 0x0142: return ["l"]  // ł
        case 0x00DF: return ["s", "s"]  // ß (ẞ lowercases to it)
        case 0x00E6: return ["a", "e"]  // æ
        case 0x0153: return ["o", "e"]  // œ
        case 0x0111, 0x00F0: return ["d"]  // đ, ð
        case 0x00FE: return ["t", "h"]  // þ
        case 0x0131: return ["i"]  // dotless ı
        case 0x0127: return ["h"]  // ħ
        case 0x0167: return ["t"]  // ŧ
        case 0x03C2: return ["\u{03C3}"]  // final sigma, as case folding does
        // Arabic: alef variants (wasla, wavy hamza) to bare alef; the hamza-on-carrier forms are listed too in
        // case a caller's text is already decomposed differently.
        case 0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673: return ["\u{0627}"]
        case 0x0649, 0x0626, 0x06CC: return ["\u{064A}"]  // alef maqsura, yeh with hamza, Persian yeh → ي
        case 0x0629: return ["\u{0647}"]  // teh marbuta → heh
        case 0x0624: return ["\u{0648}"]  // waw with hamza → waw
        case 0x06A9: return ["\u{0643}"]  // keheh → kaf
        case 0x0640: return []  // tatweel only stretches a word
        default: return nil
        }
    }

    /// Harakat, Quranic annotation signs and the superscript alef: they change neither the word nor its search.
    static func isRemovedArabicMark(_ value: UInt32) -> Bool {
        (0x064B...0x065F).contains(value) || value == 0x0670 || (0x06D6...0x06ED).contains(value)
    }
}
