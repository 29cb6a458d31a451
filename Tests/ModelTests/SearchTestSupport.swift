import Foundation
import Model

/// Whether `needle` occurs as a contiguous run of `haystack`: how FTS5 matches a phrase against a column.
func containsSequence(_ haystack: [String], _ needle: [String]) -> Bool {
    guard !needle.isEmpty, needle.count <= haystack.count else { return false }
    return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<$0 + needle.count]) == needle }
}

/// Checks that a MATCH expression holds nothing but double-quoted strings of folded tokens (letters and numbers
/// separated by single spaces), the operators AND, OR, NOT, and balanced parentheses, and that every operator
/// sits between two operands. It reads scalars, as FTS5 reads bytes: a quote must not hide inside a grapheme.
func isSafeMatchExpression(_ expression: String) -> Bool {
    var depth = 0
    var expectOperand = true
    var rest = Array(expression.unicodeScalars)[...]
    func starts(with word: String) -> Bool { rest.starts(with: word.unicodeScalars) }
    while let first = rest.first {
        if first == " " {
            rest = rest.dropFirst()
        } else if first == "(" {
            guard expectOperand else { return false }
            depth += 1
            rest = rest.dropFirst()
        } else if first == ")" {
            guard !expectOperand, depth > 0 else { return false }
            depth -= 1
            rest = rest.dropFirst()
        } else if first == "\"" {
            guard expectOperand, let close = rest.dropFirst().firstIndex(of: "\"") else { return false }
            let inside = String(String.UnicodeScalarView(rest[(rest.startIndex + 1)..<close]))
            let tokens = inside.unicodeScalars.split(separator: " ", omittingEmptySubsequences: false)
                .map { String(String.UnicodeScalarView($0)) }
            guard !tokens.isEmpty, tokens.allSatisfy(isFoldedToken) else { return false }
            expectOperand = false
            rest = rest[(close + 1)...]
        } else if let word = ["AND ", "OR ", "NOT "].first(where: starts) {
            guard !expectOperand else { return false }
            expectOperand = true
            rest = rest.dropFirst(word.unicodeScalars.count)
        } else {
            return false
        }
    }
    return depth == 0 && !expectOperand
}

private let tokenCategories: Set<Unicode.GeneralCategory> = [
    .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
    .letterNumber, .otherNumber, .privateUse,
]

private func isFoldedToken(_ token: String) -> Bool {
    !token.isEmpty && SearchText.tokens(token) == [token]
        && token.unicodeScalars.allSatisfy { tokenCategories.contains($0.properties.generalCategory) }
}

/// A small seeded generator (SplitMix64), so a failing random input can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The shared test data folder (`shared/data`), found by walking up from this file; nil when the checkout does
/// not sit next to `shared/`.
func sharedDataFolder(from file: String = #filePath) -> URL? {
    var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    for _ in 0..<8 {
        let candidate = folder.appendingPathComponent("shared/data")
        if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("texts").path) {
            return candidate
        }
        folder = folder.deletingLastPathComponent()
    }
    return nil
}
