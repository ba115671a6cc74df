/// The one display width of Parley: how many columns of a terminal text takes, for aligned tables, kwic lines,
/// wrapping and the line editor. A Character is not a column: `王` takes two, the accent of a decomposed `é`
/// none, so tables and kwic lines aligned by counting Characters put a Chinese name's row two columns off.
///
/// A Character takes the widest of its scalars: wide and fullwidth East Asian characters and emoji shown as
/// pictures take two; combining marks, format characters (zero-width space and joiner, the byte-order mark)
/// and control characters take none, as a terminal advances no column for them; everything else takes one.
/// East Asian characters of ambiguous width (`–`, `…`, Cyrillic, Greek) take one, as terminals outside a CJK
/// locale show them.
public enum DisplayWidth {
    /// Columns `text` takes.
    /// - Complexity: O(n) in the text's UTF-8 bytes; ASCII text is counted without breaking it into
    ///   Characters.
    public static func of(_ text: some StringProtocol) -> Int {
        var ascii = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return text.reduce(0) { $0 + of($1) } }
            if byte >= 0x20, byte != 0x7F { ascii += 1 }
        }
        return ascii
    }

    /// Columns one Character takes: the widest of its scalars, so a base and its combining marks take the
    /// base's, and an emoji sequence joined by zero-width joiners takes two.
    public static func of(_ character: Character) -> Int {
        var widest = 0
        for scalar in character.unicodeScalars {
            widest = max(widest, of(scalar))
            if widest == 2 { break }
        }
        return widest
    }

    /// Columns one scalar takes on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        // Hangul vowels and final consonants join the initial before them into one syllable.
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Whether scalar `v` is East Asian Wide or Fullwidth (Unicode's EastAsianWidth.txt, W and F) outside
    /// the emoji that `isEmojiPresentation` answers for.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F,  // Hangul initial consonants
             0x2329...0x232A,  // angle brackets
             0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
             0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
             0x3400...0x4DBF,  // CJK extension A
             0x4E00...0x9FFF,  // CJK unified ideographs
             0xA000...0xA4CF,  // Yi
             0xA960...0xA97F,  // Hangul Jamo extended A
             0xAC00...0xD7A3,  // Hangul syllables
             0xF900...0xFAFF,  // CJK compatibility ideographs
             0xFE10...0xFE19,  // vertical forms
             0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
             0xFF00...0xFF60,  // fullwidth forms
             0xFFE0...0xFFE6,  // fullwidth signs
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1AFF0...0x1B2FF,  // Tangut, Khitan, Kana supplements
             0x1F200...0x1F2FF,  // enclosed ideographic supplement
             0x20000...0x2FFFD, 0x30000...0x3FFFD:  // CJK extensions B onwards
            return true
        default:
            return false
        }
    }

    /// The longest start of `text` that fits in `columns`: a wide character that would stand half outside is
    /// left out, so the result may be one column short.
    public static func prefix(of text: some StringProtocol, fitting columns: Int) -> Substring {
        let whole = Substring(text)
        var used = 0
        var end = whole.startIndex
        for character in whole {
            used += of(character)
            if used > columns { break }
            end = whole.index(after: end)
        }
        return whole[..<end]
    }

    /// The longest end of `text` that fits in `columns`, leaving out a wide character that would stand half
    /// outside.
    public static func suffix(of text: some StringProtocol, fitting columns: Int) -> Substring {
        let whole = Substring(text)
        var used = 0
        var start = whole.endIndex
        while start > whole.startIndex {
            let before = whole.index(before: start)
            used += of(whole[before])
            if used > columns { break }
            start = before
        }
        return whole[start...]
    }
}

extension StringProtocol {
    /// Columns the text takes on a terminal (`DisplayWidth`).
    public var displayWidth: Int { DisplayWidth.of(self) }
}
