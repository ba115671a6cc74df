import Testing
@testable import TranscriptFormats

/// Which parenthesis pairs a paragraph's interjections and directions are looked for in.
@Suite struct ParentheticalsTests {
    /// The pairs as UTF-8 offsets of their parentheses.
    private func pairs(_ text: String, open: UInt8 = 0x28, close: UInt8 = 0x29) -> [[Int]] {
        Parentheticals.outermostPairs(text, open: open, close: close).map {
            [text.utf8.distance(from: text.utf8.startIndex, to: $0.0), text.utf8.distance(from: text.utf8.startIndex, to: $0.1)]
        }
    }

    @Test func outermostPairsOnly() {
        // An outer pair replaces the pairs inside it; an unclosed `(` hides none of the pairs after it.
        #expect(pairs("a (b (c) d) e (f)") == [[2, 10], [14, 16]])
        #expect(pairs("a ( b (c) d (e)") == [[6, 8], [12, 14]])
        #expect(pairs("no parentheses") == [])
        #expect(pairs(") stray (x)") == [[8, 10]])
        #expect(pairs("x [Hon. Members: Hear, hear!] y", open: 0x5B, close: 0x5D) == [[2, 28]])
    }

    /// A pair holds at most 4,000 characters, counted as Unicode scalars and not as bytes: 3,000 `é`s
    /// (6,000 bytes) are one pair, 4,001 letters are none.
    @Test func longestPairIsFourThousandCharacters() {
        let accented = "(" + String(repeating: "é", count: 3_000) + ")"
        #expect(pairs(accented) == [[0, 6_001]])
        let atLimit = "(" + String(repeating: "a", count: 3_999) + ")"
        #expect(pairs(atLimit) == [[0, 4_000]])
        let tooLong = "(" + String(repeating: "a", count: 4_000) + ") (b)"
        #expect(pairs(tooLong) == [[4_003, 4_005]])
        let tooLongAccented = "(" + String(repeating: "é", count: 4_000) + ")"
        #expect(pairs(tooLongAccented) == [])
    }
}
