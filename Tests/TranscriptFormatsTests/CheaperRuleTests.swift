import TestSupport
import Testing

@testable import TranscriptFormats

/// Small rules of reading made cheaper, each against what it stands in for.

/// A figure's number adds up its digits when it is a whole number of up to 15 digits, and is read by
/// `Double` otherwise: the value is the one `Double` reads from the digits, whichever way it is found.
@Test func aFiguresValueIsWhatDoubleReadsFromItsDigits() {
    var random = SplitMix64(seed: 23)
    for _ in 0..<5_000 {
        let count = Int.random(in: 1...FigureScanner.maximumDigits, using: &random)
        var digits = (0..<count).map { _ in UInt8.random(in: 0x30...0x39, using: &random) }
        let hasDecimals = count > 1 && Bool.random(using: &random)
        if hasDecimals { digits.insert(0x2E, at: Int.random(in: 1..<count, using: &random)) }
        let expected = Double(String(decoding: digits, as: UTF8.self))
        #expect(FigureScanner.value(digits, hasDecimals: hasDecimals) == expected, "\(String(decoding: digits, as: UTF8.self))")
    }
    // The largest whole numbers added up, and the first read by `Double`.
    #expect(FigureScanner.value(Array("999999999999999".utf8), hasDecimals: false) == 999_999_999_999_999)
    #expect(FigureScanner.value(Array("9007199254740993".utf8), hasDecimals: false) == Double("9007199254740993"))
}

/// Trimming spaces on the bytes gives what trimming Characters gives, beside combining marks (which join
/// a space into a Character that is no space), prepended marks, non-breaking spaces, tabs and line ends.
@Test func trimmingSpacesOnBytesIsTrimmingCharacters() {
    let pieces = [" ", "\t", "\u{A0}", "a", "Z", "é", "e\u{0301}", "\u{0301}", "\u{0600}", "\r", "\n", "ý", "漢", ":", "\u{200D}"]
    var random = SplitMix64(seed: 31)
    func byCharacters(_ text: Substring) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }
    for _ in 0..<20_000 {
        let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
        #expect(text.trimmingSpaces == byCharacters(text[...]), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        // A substring's bytes are a part of its string's.
        let inner = ("x" + text + "x").dropFirst().dropLast()
        #expect(inner.trimmingSpaces == byCharacters(inner), "substring: \(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }
}

/// A label shares its fields with its copies until one is changed: a change to a copy, or to a label
/// kept in a shared table, leaves the others as they were, and labels compare by what they hold.
@Test func aLabelIsAValueThoughItsCopiesShareTheirFields() throws {
    let original = try #require(SpeakerLabel.parse(ArraySlice("Cde. Rákosi (to Beria): Yes.".utf8)))
    var copy = original
    #expect(copy == original)
    copy.length += 1
    copy.qualifiers.append("Budapest")
    copy.separator = .dash
    #expect(copy != original)
    #expect(original.length == "Cde. Rákosi (to Beria): ".utf8.count && !original.qualifiers.contains("Budapest") && original.separator == .colon)
    // Made apart, the same: equal.
    let again = try #require(SpeakerLabel.parse(ArraySlice("Cde. Rákosi (to Beria): Yes.".utf8)))
    #expect(again == original)
    var changedBack = copy
    changedBack.length -= 1
    changedBack.qualifiers.removeLast()
    changedBack.separator = .colon
    #expect(changedBack == original && copy != original)
}
