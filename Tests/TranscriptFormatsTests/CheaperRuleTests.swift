import TestSupport
import Testing
import TranscriptModel

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

/// Pieces of paragraph text for the tests of byte-level rules below: ASCII words and marks, letters with
/// accents precomposed and combining, a prepended mark, joiners, spaces of several kinds, digits, the bytes
/// that open what a paragraph's rules take out or mark, and a line end after a carriage return.
private let paragraphPieces = [" ", "a", "Q", "é", "e\u{0301}", "\u{0301}", "\u{0600}", "\u{200D}", "\u{A0}", "7", "540,000",
                               "1952", "%", "per cent", "million", "(", ")", "[", "]", "<", "{", "~", "\r\n", "ő", "漢", "👍🏽", ":"]

private func randomParagraph(_ random: inout SplitMix64) -> String {
    (0..<Int.random(in: 0...10, using: &random)).map { _ in paragraphPieces[Int.random(in: 0..<paragraphPieces.count, using: &random)] }.joined()
}

/// Whether a figure's ends are Character boundaries, told from the bytes where they can tell, is what the
/// string says at every offset of random text.
@Test func aBoundaryToldOnTheBytesIsTheStringsBoundary() {
    var random = SplitMix64(seed: 37)
    for _ in 0..<5_000 {
        let text = randomParagraph(&random)
        let bytes = Array(text.utf8)
        for offset in 0...bytes.count {
            guard let told = EditorialScanner.isBoundaryOnBytes(offset, in: bytes) else { continue }
            #expect(told == EditorialScanner.isOnCharacterBoundaries(offset..<offset, in: text), "\(offset) in \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}

/// The figures of a text's bytes are the figures of the text as a string.
@Test func figuresOfTheBytesAreFiguresOfTheString() {
    var random = SplitMix64(seed: 41)
    for _ in 0..<10_000 {
        let text = randomParagraph(&random)
        #expect(FigureScanner.scan(Array(text.utf8)) == FigureScanner.scan(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }
}

/// A whole last sequence: every cut of valid text, against the standard library's validation of it.
@Test func aTextEndsWholeWhereItsBytesAreValid() {
    var random = SplitMix64(seed: 43)
    for _ in 0..<3_000 {
        let bytes = Array(randomParagraph(&random).utf8)
        for end in 0...bytes.count {
            let cut = Array(bytes[..<end])
            let valid = String(validating: cut, as: UTF8.self) != nil
            // A valid text ends whole; a cut one (every cut of valid text is valid but for its end) does not.
            #expect(cut.withUnsafeBufferPointer(DecodedText.endsWholeSequence) == valid, "\(cut)")
        }
    }
}

/// A paragraph the builder makes an utterance from its bytes (`Text.isPlain`) is one its rules would keep
/// whole: nothing in it is an interjection or a direction (`Parentheticals.extract` takes nothing out,
/// whoever the speakers are), it is no note of its own nor markup, and a string made of it is its bytes.
@Test func aPlainParagraphIsOneTheBuilderKeepsWhole() {
    var random = SplitMix64(seed: 47)
    let pieces = paragraphPieces + ["[sic]", "(Laughter)", "[Cde. Molotov: No.]", "(Mr. Nagy: Yes.)", "<all>", "{% x %}", "~~no~~", "Q:",
                                    "\\[", "\\(", "\\~", "  ", "\t"]
    var plain = 0
    var plainWithMarks = 0
    for _ in 0..<20_000 {
        let raw = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
        let bytes = Text.cleaned(Array(raw.utf8), markdown: false).bytes
        // What the raw paragraph holds, found as it is cleaned, is what the cleaned one holds, in Markdown too.
        for markdown in [false, true] {
            let (cleaned, holds) = Text.cleaned(Array(raw.utf8), markdown: markdown)
            #expect(Text.isPlain(cleaned, holds: holds) == isPlain(cleaned), "\(raw)")
            let marks = cleaned.contains(0x5B) || cleaned.contains(0x7E)
            #expect(holds.isDisjoint(with: [.bracket, .tilde]) == !marks, "\(raw)")
        }
        guard isPlain(bytes) else { continue }
        plain += 1
        if bytes.contains(0x5B) || bytes.contains(0x7E) { plainWithMarks += 1 }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(Array(text.utf8) == bytes, "\(bytes)")
        let (kept, parts) = Parentheticals.extract(text, isKnownSpeaker: { _ in true })
        #expect(kept == text && parts.isEmpty, "\(text)")
        #expect(text != "<all>" && !DocumentBuilder.isMarkupOnly(text) && !text.hasPrefix("["), "\(text)")
    }
    // Plain paragraphs were met, with editor's marks among them, and others were not plain.
    #expect(plain > 2_000 && plain < 18_000 && plainWithMarks > 200)
    // A cut sequence at either end is never plain: a string made of it would repair it.
    #expect(!isPlain([0xA9, 0x61]) && !isPlain([0x61, 0xC3]) && isPlain(Array("é a".utf8)))
}

/// Whether text already clean is plain, told what it holds as cleaning it again finds (it stays the same).
private func isPlain(_ bytes: [UInt8]) -> Bool {
    let (again, holds) = Text.cleaned(bytes, markdown: false)
    return again == bytes && Text.isPlain(bytes, holds: holds)
}

/// Whether a word opens a title, looked up as a number for a short ASCII word, is what looking up its
/// lowercased string says, for words in either case, with accents, NUL bytes and lengths about eight.
@Test func aTitleLookedUpAsANumberIsTheTitleLookedUpAsAString() {
    let letters = ["m", "R", ".", "s", "D", "r", "c", "E", "\u{0}", "é", "o", "n", "t", "h", "P", "I", "a", "u", "l", "z"]
    var random = SplitMix64(seed: 53)
    var words = Titles.byFirstWord.keys.map { $0 } + Titles.byFirstWord.keys.map { $0.uppercased() }
    for _ in 0..<20_000 {
        words.append((0..<Int.random(in: 1...10, using: &random)).map { _ in letters[Int.random(in: 0..<letters.count, using: &random)] }.joined())
    }
    for word in words {
        let expected = Titles.byFirstWord[word.lowercased()] != nil
        #expect(Titles.opensTitle(ArraySlice(word.utf8)) == expected, "\(word.unicodeScalars.map { String($0.value, radix: 16) })")
    }
    // A NUL byte would pack as a shorter word: such a word is not packed.
    #expect(Text.packedLowercase(ArraySlice([0x4D, 0x52, 0x00])) == nil && Text.packedLowercase(ArraySlice("MR".utf8)) == Text.packedLowercase(ArraySlice("mr".utf8)))
}

/// A line passed over as bytes for the lists of participants (`LineScan.mayOpenList` false) is one whose
/// text, trimmed and lowered before its first colon, is no list key: checked on random lines of letters,
/// accents, non-breaking and other spaces, a Kelvin sign (which lowers to `k`) and keys in either case.
@Test func aLinePassedOverForListsOpensNone() {
    let pieces = ["Present", "PARTICIPANTS", "Cast", "spea", "\u{212A}", "ers", "Cde. ", "Novotn", "ý", " ", "\u{A0}", "\t",
                  "\u{2003}", "é", "e\u{0301}", "a", "S", ":", "also present", "x"]
    var random = SplitMix64(seed: 61)
    var opened = 0
    for _ in 0..<20_000 {
        let line = (0..<Int.random(in: 1...6, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
        let text = line.trimmingSpaces
        let opens = text.firstIndex(of: ":").map { LineScan.listKeys.contains(text[..<$0].trimmingSpaces.lowercased()) } ?? false
        if opens { opened += 1 }
        if !LineScan.mayOpenList(ArraySlice(line.utf8)) {
            #expect(!opens, "\(line.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
    #expect(opened > 50)
}

/// The dash form's search for where its label ends, eight bytes at a time, finds what a walk of the bytes
/// one at a time finds: the first full stop or space before a dash, unless a colon comes first.
@Test func theDashFormsSearchIsTheWalkByBytes() {
    func walked(_ head: ArraySlice<UInt8>) -> Int? {
        var i = head.startIndex
        while i + 1 < head.endIndex {
            if (head[i] == 0x2E || head[i] == 0x20) && head[i + 1] == 0x2D { return i }
            if head[i] == 0x3A { return nil }
            i += 1
        }
        return nil
    }
    let pieces = ["Mr", ".", " ", "-", ":", "Smith", "é", "\t", "--", "x", "\r", "漢"]
    var random = SplitMix64(seed: 41)
    for _ in 0..<20_000 {
        let line = Array((0..<Int.random(in: 0...14, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined().utf8)
        // A slice that does not start at 0, as a line of a document is.
        let offset = Int.random(in: 0...3, using: &random)
        let head = (Array(repeating: UInt8(0x41), count: offset) + line)[offset...]
        #expect(SpeakerLabel.dashAfterName(head) == walked(head), "\(String(decoding: line, as: UTF8.self))")
    }
}

/// A label's fields are shared by its copies until one is changed, and setting a field to what it holds
/// changes nothing: copies stay apart, a label from a document's cache takes each line's own length and
/// place, and changing what is written works out its capitals anew.
@Test func labelFieldsSetToWhatTheyHoldStaySharedAndCopiesStayApart() throws {
    let label = try #require(SpeakerLabel.parse(ArraySlice("Mr. SMITH: Thank you.".utf8)))
    var same = label
    same.length = label.length
    same.alone = label.alone
    #expect(same == label)
    var other = label
    other.length = label.length + 3
    #expect(label.length != other.length && other.length == label.length + 3)

    // One document's cache: the same label placed on lines with one space and with three after its colon.
    let cache = LabelCache()
    let near = try #require(SpeakerLabel.parse(ArraySlice("Mr. SMITH: Yes.".utf8), cache: cache))
    let far = try #require(SpeakerLabel.parse(ArraySlice("Mr. SMITH:   Yes.".utf8), cache: cache))
    let again = try #require(SpeakerLabel.parse(ArraySlice("Mr. SMITH: No.".utf8), cache: cache))
    #expect((near.length, far.length, again.length) == (11, 13, 11))
    let alone = try #require(SpeakerLabel.parse(ArraySlice("Mr. SMITH:".utf8), cache: cache))
    #expect(alone.alone && !near.alone)

    #expect(label.writtenInCapitals)
    var renamed = label
    renamed.written = "Mr. Smith"
    #expect(!renamed.writtenInCapitals && label.writtenInCapitals)
}
