import TestSupport
import Testing
@testable import TranscriptFormats

/// `Text.clean` gives a paragraph's text: white space runs (tabs, line ends, non-breaking and other Unicode
/// spaces too) as one space, the ends trimmed. Paragraphs already clean take a quicker path; both must
/// give what the rule gives, here checked against the rule written out plainly.
@Suite struct TextCleanTests {
    static let spaces: Set<Unicode.Scalar> = Set([" ", "\t", "\n", "\u{0B}", "\u{0C}", "\u{A0}", "\u{202F}", "\u{3000}"]
        + (0x2000...0x200A).compactMap(Unicode.Scalar.init))

    static func byRule(_ text: String) -> String {
        var words: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if spaces.contains(scalar) {
                if !word.isEmpty { words.append(word); word = "" }
            } else {
                word.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: " ")
    }

    @Test func cleanTextIsTheRule() {
        #expect(Text.clean("Comrade Rákosi said so.") == "Comrade Rákosi said so.")
        #expect(Text.clean("  two  spaces\tand\u{A0}more\u{2009}kinds ") == "two spaces and more kinds")
        #expect(Text.clean("‘quoted’ — and “more” · ok") == "‘quoted’ — and “more” · ok")
        #expect(Text.clean("") == "")
        var random = SplitMix64(seed: 11)
        let pieces = ["a", "Ő", "word", " ", " ", "  ", "\t", "\n", "\u{A0}", "\u{2003}", "\u{202F}", "\u{3000}", "’",
                      "—", "§", "\\", "\r", "\u{1}", "x"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "a" }.joined()
            #expect(Text.clean(text) == Self.byRule(text), "\(Array(text.unicodeScalars.map(\.value)))")
        }
    }
}
