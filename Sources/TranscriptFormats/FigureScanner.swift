import TranscriptModel

/// Finds figures (numbers written with digits, with scale and unit) in an utterance's text.
///
/// Works on the UTF-8 bytes of the text and decodes a scalar only where a letter test needs one (the
/// characters around a number and the unit word). Nothing here can fail: what does not read as a figure is
/// passed over.
public enum FigureScanner {
    private typealias Byte = EditorialScanner.Byte

    /// More digits than this is not a figure a person wrote (and would overflow to infinity).
    static let maximumDigits = 30

    /// Figures in order, with UTF-8 byte ranges into `text`.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public static func scan(_ text: String) -> [Figure] {
        guard ByteSearch.contains(text, ByteSearch.digits) else { return [] }
        return scan(Array(text.utf8), text: text)
    }

    /// The same from the text's valid UTF-8 bytes; `text`, when given, is the same text as a string.
    static func scan(_ bytes: [UInt8], text: String? = nil) -> [Figure] {
        guard bytes.withUnsafeBufferPointer({ ByteSearch.contains($0, ByteSearch.digits) }) else { return [] }
        var figures: [Figure] = []
        var i = listMarkerEnd(in: bytes)
        // Only a digit starts a figure, and only a bracket starts source markup, whose digits are none.
        let interesting = { (word: UInt64) in ByteSearch.digits(word) | ByteSearch.equal(word, Byte.openBracket) }
        while let at = bytes.withUnsafeBufferPointer({ ByteSearch.first(in: $0, from: i, interesting) }) {
            i = at
            if bytes[i] == Byte.openBracket {
                i = EditorialScanner.sourceMarkupEnd(in: bytes, at: i) ?? i + 1
                continue
            }
            let (figure, next) = figure(at: i, in: bytes)
            if let figure { figures.append(figure) }
            i = max(next, i + 1)
        }
        EditorialScanner.keepOnCharacterBoundaries(&figures, \.range, in: bytes, text: text)
        return figures
    }

    // MARK: - One figure

    /// A number as written: its value and what the figure rules need to know about its shape.
    private struct Number {
        var value: Double
        /// The offset just past the number (its vulgar fraction included).
        var end: Int
        /// How many thousands groups follow a comma or space (`9,500,000` and `9 500 000` have 2).
        var groups: Int
        /// Digits before the decimal point or first comma.
        var leadingDigits: Int
        /// Neither thousands separators, decimals nor a vulgar fraction.
        var isPlain: Bool

        /// A number that could be a year: four plain digits from 1000 to 2099.
        var isYearLike: Bool { isPlain && leadingDigits == 4 && value >= 1000 && value <= 2099 }
    }

    /// The figure whose first digit is at `start`, if the number there is one, and the offset to go on from.
    private static func figure(at start: Int, in bytes: [UInt8]) -> (Figure?, Int) {
        var runEnd = start
        while runEnd < bytes.count, isDigit(bytes[runEnd]) { runEnd += 1 }
        guard startsFreely(at: start, in: bytes), var lower = number(at: start, in: bytes) else {
            return (nil, runEnd)
        }
        var position = lower.end

        // A range `A-B` or `A–B` of two numbers, no spaces; a third part (`2021-04-16`) makes it a code.
        var upper: Number?
        if let dash = dashLength(at: position, in: bytes), position + dash < bytes.count,
           isDigit(bytes[position + dash]) {
            guard let second = number(at: position + dash, in: bytes) else { return (nil, runEnd) }
            if let again = dashLength(at: second.end, in: bytes), second.end + again < bytes.count,
               isDigit(bytes[second.end + again]) {
                return (nil, runEnd)
            }
            upper = second
            position = second.end
        }

        // Scale and unit.
        var scale: String?
        var multiplier = 1.0
        var unit: String?
        if position < bytes.count, bytes[position] == Byte.percent {
            unit = "%"
            position += 1
        } else {
            if let space = EditorialScanner.spaceLength(at: position, in: bytes),
               let found = scaleWord(at: position + space, in: bytes) {
                scale = found.word
                multiplier = found.multiplier
                position = found.end
            }
            if let space = EditorialScanner.spaceLength(at: position, in: bytes),
               let found = unitWord(at: position + space, in: bytes) {
                unit = found.unit
                position = found.end
            }
        }

        // Years: `In 1952, they`, `until 1951`, `in 1949 according to`, `1951-1953`, `1951-53`.
        if scale == nil, unit != "%", lower.isYearLike {
            let readsAsYear = unit == nil || isPrecededByYearCue(start, in: bytes)
            if readsAsYear {
                guard let second = upper else { return (nil, position) }
                if second.isYearLike || (second.isPlain && second.leadingDigits == 2) { return (nil, position) }
            }
        }

        // `8-10,000`: the lower end takes the upper end's thousands.
        if let second = upper, second.groups > 0, lower.groups == 0, lower.value < 1000 {
            var factor = 1.0
            for _ in 0..<second.groups { factor *= 1000 }
            if lower.value * factor <= second.value { lower.value *= factor }
        }
        let figure = Figure(range: start..<position, value: lower.value * multiplier,
                            upper: upper.map { $0.value * multiplier }, scale: scale, unit: unit)
        return (figure, position)
    }

    /// Whether a number may start at `start`: not inside a word (`G7`, `COVID-19`), a clock time or ratio
    /// (`12:05`, `1/3`), a malformed list of digits (`1,2,3`) or a dotted code (`1.2.3`).
    private static func startsFreely(at start: Int, in bytes: [UInt8]) -> Bool {
        guard let (previous, previousStart) = scalar(before: start, in: bytes) else { return true }
        if isWordScalar(previous) { return false }
        switch previous {
        case "0"..."9", ":", "/", "_":
            return false
        case "-", "\u{2013}":
            guard let (beforeDash, _) = scalar(before: previousStart, in: bytes) else { return true }
            return !isWordScalar(beforeDash) && !("0"..."9").contains(beforeDash)
        case ".", ",":
            guard let (beforeMark, _) = scalar(before: previousStart, in: bytes) else { return true }
            return !("0"..."9").contains(beforeMark)
        default:
            return true
        }
    }

    /// The number whose first digit is at `start`, or nil when what follows makes it no figure (`10th`,
    /// `12:05`, `1,2`, `1.2.3`, a run of too many digits).
    private static func number(at start: Int, in bytes: [UInt8]) -> Number? {
        var digits: [UInt8] = []
        var i = start
        while i < bytes.count, isDigit(bytes[i]) {
            digits.append(bytes[i])
            i += 1
        }
        let leadingDigits = i - start
        var groups = 0
        if leadingDigits <= 3 {
            // Thousands groups after commas (`9,500,000`) or, SI style, after spaces (`121 490 miles`), not mixed.
            var separatorIsComma: Bool?
            while i < bytes.count {
                let isComma = bytes[i] == Byte.comma
                guard let separator = isComma ? 1 : EditorialScanner.spaceLength(at: i, in: bytes),
                      separatorIsComma == nil || separatorIsComma == isComma else { break }
                let group = i + separator
                guard group + 2 < bytes.count, isDigit(bytes[group]), isDigit(bytes[group + 1]),
                      isDigit(bytes[group + 2]) else { break }
                let after = group + 3
                if after < bytes.count, isDigit(bytes[after]) { break }
                // `30 400,000` is two numbers: a space group may not run on into a comma group.
                if !isComma, after + 1 < bytes.count, bytes[after] == Byte.comma, isDigit(bytes[after + 1]) { break }
                digits.append(contentsOf: bytes[group..<after])
                separatorIsComma = isComma
                groups += 1
                i = after
            }
        }
        var hasDecimals = false
        if i + 1 < bytes.count, bytes[i] == Byte.period, isDigit(bytes[i + 1]) {
            digits.append(Byte.period)
            i += 1
            while i < bytes.count, isDigit(bytes[i]) {
                digits.append(bytes[i])
                i += 1
            }
            hasDecimals = true
        }
        if i < bytes.count {
            let next = bytes[i]
            if next == Byte.colon || next == Byte.slash { return nil }
            if (next == Byte.comma || next == Byte.period), i + 1 < bytes.count, isDigit(bytes[i + 1]) { return nil }
        }
        guard digits.count - (hasDecimals ? 1 : 0) <= maximumDigits,
              var value = Self.value(digits, hasDecimals: hasDecimals) else { return nil }
        var hasFraction = false
        if !hasDecimals, let fraction = vulgarFraction(at: i, in: bytes) {
            value += fraction.value
            i += fraction.length
            hasFraction = true
        }
        if let (next, _) = scalar(at: i, in: bytes), isWordScalar(next) || next == "_" { return nil }
        return Number(value: value, end: i, groups: groups, leadingDigits: leadingDigits,
                      isPlain: groups == 0 && !hasDecimals && !hasFraction)
    }

    /// The value of a number's digits (a decimal point among them when `hasDecimals`). Most figures are
    /// whole numbers of a few digits: up to 15 digits a whole number is exact in a `Double`, and is added
    /// up here; others are read by `Double`, which rounds as the text says.
    static func value(_ digits: [UInt8], hasDecimals: Bool) -> Double? {
        guard !hasDecimals, digits.count <= 15 else { return Double(String(decoding: digits, as: UTF8.self)) }
        var whole = 0
        for digit in digits { whole = whole * 10 + Int(digit &- 0x30) }
        return Double(whole)
    }

    /// The length of a hyphen or en dash at `offset`, if there is one.
    private static func dashLength(at offset: Int, in bytes: [UInt8]) -> Int? {
        guard offset < bytes.count else { return nil }
        if bytes[offset] == Byte.hyphen { return 1 }
        if bytes[offset] == 0xE2, offset + 2 < bytes.count, bytes[offset + 1] == 0x80, bytes[offset + 2] == 0x93 {
            return 3
        }
        return nil
    }

    /// Vulgar fractions (`½`, `¾`, `⅓` ...) and their values.
    private static let vulgarFractions: [Unicode.Scalar: Double] = [
        "\u{BC}": 1.0 / 4, "\u{BD}": 1.0 / 2, "\u{BE}": 3.0 / 4,
        "\u{2150}": 1.0 / 7, "\u{2151}": 1.0 / 9, "\u{2152}": 1.0 / 10, "\u{2153}": 1.0 / 3, "\u{2154}": 2.0 / 3,
        "\u{2155}": 1.0 / 5, "\u{2156}": 2.0 / 5, "\u{2157}": 3.0 / 5, "\u{2158}": 4.0 / 5, "\u{2159}": 1.0 / 6,
        "\u{215A}": 5.0 / 6, "\u{215B}": 1.0 / 8, "\u{215C}": 3.0 / 8, "\u{215D}": 5.0 / 8, "\u{215E}": 7.0 / 8,
    ]

    /// The vulgar fraction at `offset`, if there is one.
    private static func vulgarFraction(at offset: Int, in bytes: [UInt8]) -> (value: Double, length: Int)? {
        guard offset < bytes.count, bytes[offset] >= 0x80, let (scalar, length) = scalar(at: offset, in: bytes),
              let value = vulgarFractions[scalar] else { return nil }
        return (value, length)
    }

    // MARK: - Scale and unit

    /// Scale words and what they multiply by.
    private static let scales: [(word: [UInt8], multiplier: Double)] = [
        (Array("thousand".utf8), 1e3), (Array("million".utf8), 1e6),
        (Array("billion".utf8), 1e9), (Array("trillion".utf8), 1e12),
    ]

    /// The scale word at `offset` (`million`, `Billion`), as written, and the offset just past it.
    private static func scaleWord(at offset: Int, in bytes: [UInt8]) -> (word: String, multiplier: Double, end: Int)? {
        for scale in scales {
            if let end = word(scale.word, at: offset, in: bytes) {
                return (String(decoding: bytes[offset..<end], as: UTF8.self), scale.multiplier, end)
            }
        }
        return nil
    }

    /// The offset just past `expected` (lower-case ASCII) at `offset`, ignoring case, if it is a whole word
    /// there.
    private static func word(_ expected: [UInt8], at offset: Int, in bytes: [UInt8]) -> Int? {
        guard offset >= 0, offset + expected.count <= bytes.count else { return nil }
        for (k, letter) in expected.enumerated() {
            let actual = bytes[offset + k]
            let folded = (actual >= 0x41 && actual <= 0x5A) ? actual + 0x20 : actual
            if folded != letter { return nil }
        }
        let end = offset + expected.count
        if let (next, _) = scalar(at: end, in: bytes), isWordScalar(next) || ("0"..."9").contains(next) {
            return nil
        }
        return end
    }

    private static let percentWord = Array("percent".utf8)
    private static let perCentWords = Array("per cent".utf8)

    /// The unit that starts at `offset` (just after the number or scale and one space) and the offset just
    /// past it: `%`, `percent` or `per cent` as `%`; otherwise a word of letters, bracketed or not, that is
    /// not a function word and not capitalised unless it is a short abbreviation (`Rub.`).
    private static func unitWord(at offset: Int, in bytes: [UInt8]) -> (unit: String, end: Int)? {
        guard offset < bytes.count else { return nil }
        if bytes[offset] == Byte.percent { return ("%", offset + 1) }
        if let end = word(percentWord, at: offset, in: bytes) ?? word(perCentWords, at: offset, in: bytes) {
            return ("%", end)
        }
        var i = offset
        let bracketed = bytes[i] == Byte.openBracket
        if bracketed { i += 1 }
        let wordStart = i
        guard let (first, firstLength) = scalar(at: i, in: bytes), isLetter(first) else { return nil }
        i += firstLength
        var letters = 1
        while let (next, length) = scalar(at: i, in: bytes) {
            if isWordScalar(next) {
                if isLetter(next) { letters += 1 }
                i += length
                continue
            }
            // `a.m.`, `man-hours`, `o'clock`: a joiner between letters.
            let isJoiner = next == "." || next == "-" || next == "'" || next == "\u{2019}"
            if isJoiner, let (after, afterLength) = scalar(at: i + length, in: bytes), isLetter(after) {
                letters += 1
                i += length + afterLength
                continue
            }
            break
        }
        let wordEnd = i
        let hasClosingStop = i < bytes.count && bytes[i] == Byte.period
        if let (next, _) = scalar(at: hasClosingStop ? i + 1 : i, in: bytes),
           ("0"..."9").contains(next) || next == "_" {
            return nil
        }
        var end = wordEnd
        if bracketed {
            let close = hasClosingStop ? wordEnd + 1 : wordEnd
            guard close < bytes.count, bytes[close] == Byte.closeBracket else { return nil }
            end = close + 1
        }
        // A capital (told from its byte when ASCII: the property table is slow to ask).
        if first.isASCII ? (first >= "A" && first <= "Z") : first.properties.isUppercase || first.properties.generalCategory == .titlecaseLetter {
            guard hasClosingStop, letters <= 4 else { return nil }
        }
        // A short ASCII word is told a function word without a string made of it.
        if let packed = Text.packedLowercase(bytes[wordStart..<wordEnd]) {
            return shortFunctionWords.contains(packed) ? nil : (String(decoding: bytes[wordStart..<wordEnd], as: UTF8.self), end)
        }
        let word = String(decoding: bytes[wordStart..<wordEnd], as: UTF8.self)
        let lowered = withPlainApostrophes(word.lowercased())
        if functionWords.contains(lowered) { return nil }
        return (word, end)
    }

    /// Words that follow a number without being its unit (`13 of them`, `30 to 40`, `9.5 million cannot`).
    /// `functionWords` of up to eight ASCII bytes, as `Text.packedLowercase` gives them.
    private static let shortFunctionWords = Set(functionWords.compactMap { Text.packedLowercase(ArraySlice($0.utf8)) })

    static let functionWords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "but", "nor",
        "as", "than", "that", "this", "these", "those", "is", "was", "were", "are", "am", "be", "been", "being",
        "it", "its", "per", "into", "onto", "over", "under", "after", "before", "since", "until", "till", "about",
        "between", "during", "within", "without", "through", "throughout", "toward", "towards", "against",
        "among", "upon", "via", "up", "down", "out", "off", "so", "if", "then", "when", "where", "while", "which",
        "who", "whom", "whose", "what", "there", "here", "has", "have", "had", "do", "does", "did", "can",
        "cannot", "could", "will", "would", "shall", "should", "may", "might", "must", "not", "no", "yes",
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "they", "them",
        "their", "all", "some", "any", "each", "every", "more", "most", "less", "least", "also", "only", "just",
        "very", "too", "yet", "because", "though", "although", "whether", "both", "either", "neither", "such",
        "other", "another", "again", "ago", "later", "earlier", "now", "roughly", "approximately",
        "thousand", "million", "billion", "trillion", "plus", "minus", "o'clock", "etc", "e.g", "i.e", "vs", "cf",
        "ibid",
        // Titles and reference abbreviations (`13 Cde. Malenkov`, `5 No. 6`), which pass as `Rub.` does.
        "mr", "mrs", "ms", "dr", "cde", "gen", "col", "capt", "lt", "sgt", "prof", "rev", "st", "mt", "sen",
        "rep", "gov", "pres", "amb", "no", "nos", "vol", "pp", "fig", "ch", "art", "sec",
        // Contractions (`13 we're`, `5 it's`), looked up with `’` read as `'`.
        "i'm", "i've", "i'll", "i'd", "we're", "we've", "we'll", "we'd", "you're", "you've", "you'll", "you'd",
        "they're", "they've", "they'll", "they'd", "he's", "he'll", "he'd", "she's", "she'll", "she'd", "it's",
        "it'll", "that's", "that'll", "there's", "there're", "here's", "what's", "who's", "let's", "isn't",
        "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "haven't", "hasn't", "hadn't", "won't",
        "wouldn't", "can't", "couldn't", "shouldn't", "mustn't",
    ]

    /// `word` with each right single quotation mark (`’`) read as an apostrophe (`'`).
    private static func withPlainApostrophes(_ word: String) -> String {
        guard word.unicodeScalars.contains("\u{2019}") else { return word }
        var scalars = String.UnicodeScalarView()
        for scalar in word.unicodeScalars { scalars.append(scalar == "\u{2019}" ? "'" : scalar) }
        return String(scalars)
    }

    /// Words right before a four-digit number that make it a year even when a word follows it
    /// (`in 1949 according to which`). Kept to words that rarely come before a count: `of`, `by`, `after`,
    /// `around` are left out because `a total of 1500 people` and `after 1500 years` are counts.
    static let yearCues: Set<String> = [
        "in", "since", "until", "till", "during", "circa",
        "c.", "ca.", "year", "early", "late", "mid", "spring", "summer", "autumn", "fall", "winter",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.",
        "nov.", "dec.",
    ]

    /// Whether the word before the number at `start` (one space back) is a year cue.
    private static func isPrecededByYearCue(_ start: Int, in bytes: [UInt8]) -> Bool {
        guard let space = EditorialScanner.spaceLength(before: start, in: bytes) else { return false }
        let end = start - space
        var i = end
        while i > 0, i > end - 12 {
            let byte = bytes[i - 1]
            let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            guard isLetter || (byte == Byte.period && i == end) else { break }
            i -= 1
        }
        guard i < end else { return false }
        let word = String(decoding: bytes[i..<end].map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 0x20 : $0 },
                          as: UTF8.self)
        return yearCues.contains(word)
    }

    // MARK: - List markers

    /// The offset just past a list marker (`1. `, `2) `) at the start of the text, or 0 when there is none.
    private static func listMarkerEnd(in bytes: [UInt8]) -> Int {
        var i = 0
        while let space = EditorialScanner.spaceLength(at: i, in: bytes) { i += space }
        let digitsStart = i
        while i < bytes.count, isDigit(bytes[i]), i - digitsStart < 4 { i += 1 }
        let digitCount = i - digitsStart
        guard (1...3).contains(digitCount), i + 1 < bytes.count,
              bytes[i] == Byte.period || bytes[i] == Byte.closeParen, bytes[i + 1] == Byte.space else { return 0 }
        return i + 2
    }

    // MARK: - Bytes and scalars

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= Byte.zero && byte <= Byte.nine }

    /// A letter of any script (Unicode's alphabetic property), ASCII without the property tables: a unit
    /// word is read a letter at a time.
    @inline(__always)
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") : scalar.properties.isAlphabetic
    }

    /// Letters of any script and the marks that attach to them: what makes a number part of a word.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if isLetter(scalar) { return true }
        if scalar.isASCII { return false }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The scalar whose UTF-8 encoding starts at `offset`, and its length; nil at the end or on a broken
    /// sequence.
    private static func scalar(at offset: Int, in bytes: [UInt8]) -> (Unicode.Scalar, Int)? {
        guard offset >= 0, offset < bytes.count else { return nil }
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC0...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF7: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        for k in 1..<length {
            let continuation = bytes[offset + k]
            guard continuation & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// The scalar that ends just before `offset`, and where it starts.
    private static func scalar(before offset: Int, in bytes: [UInt8]) -> (Unicode.Scalar, Int)? {
        guard offset > 0, offset <= bytes.count else { return nil }
        var start = offset - 1
        while start > 0, offset - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        guard let (scalar, length) = scalar(at: start, in: bytes), start + length == offset else { return nil }
        return (scalar, start)
    }
}
