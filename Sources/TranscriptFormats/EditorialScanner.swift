import TranscriptModel

/// Finds editorial spans in an utterance's text and takes strike-through markup out of it.
///
/// Works on the UTF-8 bytes of the text: every piece of markup it looks for (`[`, `]`, `<s>`, `~~` ...) is
/// ASCII, so a byte can never be mistaken for part of a longer scalar. Nothing here can fail: a bracket or
/// tag that does not close in time is left as text.
public enum EditorialScanner {
    /// The longest bracket pair, brackets included, that can still be an editorial span or source markup.
    static let maximumBracketLength = 200
    /// The longest strike-through passage, tags included, that is read as strike-through markup.
    static let maximumStrikeLength = 1000

    /// Finds editorial spans in `text` and removes strike-through markup and formatting tags from it.
    ///
    /// `text` is an utterance's text (Markdown backslash escapes such as `\[` already removed by the caller,
    /// whitespace runs already collapsed to single spaces). Returns the text with strike-through markup
    /// (`<s>...</s>`, `<del>...</del>`, `~~...~~`) removed but the struck words kept, formatting tag pairs
    /// (`<sub>`, `<sup>`, `<i>`, `<b>`, `<em>`, `<strong>`, `<u>`) removed but their words kept, and the spans, in order
    /// of their start, with UTF-8 byte ranges into the returned text.
    ///
    /// - Complexity: O(*n*) in the length of `text` (each bracket or tag looks ahead a bounded distance).
    public static func scan(_ text: String) -> (text: String, spans: [EditorialSpan]) {
        let (scanned, spans, _) = scanWithMarkup(text)
        return (scanned, spans)
    }

    /// `scan`, and the names of the text's source markup as `sourceMarkupNames` gives them, read in the same
    /// pass.
    static func scanWithMarkup(_ text: String) -> (text: String, spans: [EditorialSpan], markup: [(code: String, text: String, range: Range<Int>)]) {
        // Most paragraphs have none of the three bytes that can start a mark: no copy is made of them.
        var text = text
        guard text.withUTF8(mayOpenMark) else { return (text, [], []) }
        let (bytes, spans, markup) = scanWithMarkup(utf8: Array(text.utf8), text: text)
        return (bytes.count == text.utf8.count ? text : String(decoding: bytes, as: UTF8.self), spans, markup)
    }

    /// The same on the text's valid UTF-8 bytes, giving the scanned text's bytes; `text`, when given, is
    /// the same text as a string.
    static func scanWithMarkup(utf8 input: [UInt8], text: String? = nil)
        -> (bytes: [UInt8], spans: [EditorialSpan], markup: [(code: String, text: String, range: Range<Int>)]) {
        guard input.withUnsafeBufferPointer(mayOpenMark) else { return (input, [], []) }
        let (bytes, struck) = removeStrikeThrough(input)
        let markup = bytes.contains(Byte.openBracket) ? sourceMarkupNames(in: bytes) : []
        let brackets = bracketSpans(in: bytes)

        var spans: [EditorialSpan] = []
        spans.reserveCapacity(brackets.count + struck.count)
        var bracketAtOffset: [Int: Int] = [:]
        for (index, span) in brackets.enumerated() where span.kind == .insertion {
            bracketAtOffset[span.range.lowerBound] = index
        }
        var usedAsReplacement = Set<Int>()
        for passage in struck {
            let words = trimmed(passage, in: bytes)
            guard !words.isEmpty else { continue }
            let replaced = String(decoding: bytes[words], as: UTF8.self)
            var next = passage.upperBound
            while let space = spaceLength(at: next, in: bytes) { next += space }
            if let index = bracketAtOffset[next], !usedAsReplacement.contains(index) {
                usedAsReplacement.insert(index)
                let replacement = brackets[index]
                spans.append(EditorialSpan(kind: .correction, range: words.lowerBound..<replacement.range.upperBound,
                                           content: replacement.content, replaced: replaced))
            } else {
                spans.append(EditorialSpan(kind: .correction, range: words, content: "", replaced: replaced))
            }
        }
        for (index, span) in brackets.enumerated() where !usedAsReplacement.contains(index) {
            spans.append(span)
        }
        spans.sort {
            ($0.range.lowerBound, $0.range.upperBound, $0.kind.rawValue)
                < ($1.range.lowerBound, $1.range.upperBound, $1.kind.rawValue)
        }
        keepOnCharacterBoundaries(&spans, \.range, in: bytes, text: bytes.count == input.count ? text : nil)
        return (bytes, spans, markup)
    }

    /// Leaves out of `items` those whose range (`range`) of valid UTF-8 `bytes` does not start and end on
    /// Character boundaries. The bytes tell most ends (`isBoundaryOnBytes`); a string of them is made,
    /// if at all, for the others: `text` when given.
    static func keepOnCharacterBoundaries<Item>(_ items: inout [Item], _ range: (Item) -> Range<Int>, in bytes: [UInt8], text: String? = nil) {
        guard !items.isEmpty, mayEndInsideCharacters(bytes) else { return }
        var whole = text
        items.removeAll { item in
            let range = range(item)
            if isBoundaryOnBytes(range.lowerBound, in: bytes) == true, isBoundaryOnBytes(range.upperBound, in: bytes) == true { return false }
            let string = whole ?? String(decoding: bytes, as: UTF8.self)
            whole = string
            return !isOnCharacterBoundaries(range, in: string)
        }
    }

    // MARK: - Strike-through

    /// The strike-through markup pairs, opening and closing, matched without regard to ASCII case.
    private static let strikeTags: [(open: [UInt8], close: [UInt8])] = [
        (Array("<s>".utf8), Array("</s>".utf8)),
        (Array("<del>".utf8), Array("</del>".utf8)),
        (Array("<strike>".utf8), Array("</strike>".utf8)),
    ]

    /// Inline formatting tags that are taken out of the text, their words kept, when they open and close
    /// within `maximumStrikeLength` bytes: `O<sub>2</sub>` is the word `O2`, not `O`, `sub`, `2`, `sub`.
    private static let formattingTags: [(open: [UInt8], close: [UInt8])] = ["sub", "sup", "i", "b", "em", "strong", "u"].map {
        (Array("<\($0)>".utf8), Array("</\($0)>".utf8))
    }

    /// The pair of `tags` opening at `start`, if one closes within `maximumStrikeLength` bytes: the range
    /// of what it holds and the offset just past its closing tag. A second opening tag before the first
    /// closes makes the outer one text (the inner may still be a pair).
    private static func tagPair(_ tags: [(open: [UInt8], close: [UInt8])], in bytes: [UInt8], at start: Int) -> (content: Range<Int>, end: Int)? {
        let limit = min(bytes.count, start + maximumStrikeLength)
        for tag in tags where hasPrefix(tag.open, in: bytes, at: start) {
            let open = start + tag.open.count
            var j = open
            while j + tag.close.count <= limit {
                if bytes[j] == Byte.less {
                    if hasPrefix(tag.close, in: bytes, at: j) { return (open..<j, j + tag.close.count) }
                    if hasPrefix(tag.open, in: bytes, at: j) { return nil }
                }
                j += 1
            }
            return nil
        }
        return nil
    }

    /// Copies `input` without its strike-through markup and formatting tags; returns the copy and where the
    /// struck passages are in it.
    private static func removeStrikeThrough(_ input: [UInt8]) -> (bytes: [UInt8], struck: [Range<Int>]) {
        // Only a `<` or a `~` opens markup; most paragraphs that come here have a bracket and neither, and
        // are given back as they are instead of copied a byte at a time.
        guard input.withUnsafeBufferPointer({ ByteSearch.contains($0) { ByteSearch.equal($0, Byte.less) | ByteSearch.equal($0, Byte.tilde) } }) else {
            return (input, [])
        }
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var struck: [Range<Int>] = []
        // The closing formatting tags still to take out, by where they start: their ends.
        var closing: [Int: Int] = [:]
        var i = 0
        while i < input.count {
            let byte = input[i]
            if byte == Byte.less, !closing.isEmpty, let end = closing.removeValue(forKey: i) {
                i = end
                continue
            }
            if byte == Byte.less, let tag = tagPair(formattingTags, in: input, at: i) {
                closing[tag.content.upperBound] = tag.end
                i = tag.content.lowerBound
                continue
            }
            if byte == Byte.less || byte == Byte.tilde, let markup = strikeMarkup(in: input, at: i) {
                let start = output.count
                output.append(contentsOf: removeStrikeThrough(Array(input[markup.content])).bytes)
                struck.append(start..<output.count)
                i = markup.end
                continue
            }
            output.append(byte)
            i += 1
        }
        return (output, struck)
    }

    /// The strike-through passage opening at `start`, if there is one: the range of its words and the offset
    /// just past its closing markup.
    private static func strikeMarkup(in bytes: [UInt8], at start: Int) -> (content: Range<Int>, end: Int)? {
        let limit = min(bytes.count, start + maximumStrikeLength)
        if bytes[start] == Byte.tilde {
            // Markdown: `~~words~~`, the words neither starting nor ending with a space.
            let open = start + 2
            guard open < limit, bytes[open - 1] == Byte.tilde,
                  bytes[open] != Byte.space, bytes[open] != Byte.tilde else { return nil }
            var j = open + 1
            while j + 1 < limit {
                if bytes[j] == Byte.tilde, bytes[j + 1] == Byte.tilde {
                    guard bytes[j - 1] != Byte.space else { return nil }
                    return (open..<j, j + 2)
                }
                j += 1
            }
            return nil
        }
        return tagPair(strikeTags, in: bytes, at: start)
    }

    /// Whether `prefix` (lower-case ASCII) occurs in `bytes` at `offset`, ignoring ASCII case.
    private static func hasPrefix(_ prefix: [UInt8], in bytes: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + prefix.count <= bytes.count else { return false }
        for (k, expected) in prefix.enumerated() {
            let actual = bytes[offset + k]
            let folded = (actual >= 0x41 && actual <= 0x5A) ? actual + 0x20 : actual
            if folded != expected { return false }
        }
        return true
    }

    // MARK: - Brackets

    /// The editorial spans made by square brackets, in order; source markup, Markdown links and footnote
    /// references are passed over.
    private static func bracketSpans(in bytes: [UInt8]) -> [EditorialSpan] {
        var spans: [EditorialSpan] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == Byte.openBracket else {
                i += 1
                continue
            }
            guard let close = closingBracket(in: bytes, from: i) else {
                i += 1
                continue
            }
            defer { i = close + 1 }
            if isSourceMarkupName(in: bytes, at: i) { continue }
            // `[text](url)` is a Markdown link and `[^1]` a footnote reference, not an editor's words.
            if close + 1 < bytes.count, bytes[close + 1] == Byte.openParen { continue }
            if bytes[i + 1] == Byte.caret { continue }
            let inner = trimmed((i + 1)..<close, in: bytes)
            guard !inner.isEmpty else { continue }
            let (kind, content) = classify(bytes[inner])
            spans.append(EditorialSpan(kind: kind, range: i..<(close + 1), content: content))
        }
        return spans
    }

    /// The offset of the `]` closing the `[` at `open`, if it comes within `maximumBracketLength` bytes and
    /// before any other `[`.
    static func closingBracket(in bytes: [UInt8], from open: Int) -> Int? {
        let limit = min(bytes.count, open + maximumBracketLength)
        var j = open + 1
        while j < limit {
            switch bytes[j] {
            case Byte.closeBracket: return j
            case Byte.openBracket: return nil
            default: j += 1
            }
        }
        return nil
    }

    /// Whether the `[` at `open` starts `name:` with a name of lower-case ASCII letters.
    private static func isSourceMarkupName(in bytes: [UInt8], at open: Int) -> Bool {
        var j = open + 1
        while j < bytes.count, bytes[j] >= 0x61, bytes[j] <= 0x7A { j += 1 }
        return j > open + 1 && j < bytes.count && bytes[j] == Byte.colon
    }

    /// The openings of the source markup in `bytes`, up to the colon (`[glossary:` of `[glossary:P11]`),
    /// with the name as a code.
    static func sourceMarkupNames(in bytes: [UInt8]) -> [(code: String, text: String, range: Range<Int>)] {
        var names: [(code: String, text: String, range: Range<Int>)] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == Byte.openBracket, let end = sourceMarkupEnd(in: bytes, at: i), let colon = bytes[i..<end].firstIndex(of: Byte.colon) {
                names.append((String(decoding: bytes[(i + 1)..<colon], as: UTF8.self), String(decoding: bytes[i...colon], as: UTF8.self), i..<(colon + 1)))
                i = end
            } else {
                i += 1
            }
        }
        return names
    }

    /// The offset just past source markup `[name:value]` opening at `open` (`[glossary:P11]`,
    /// `[time:00:00:08:38|8 plus 38]`), if there is such markup there. Such markup is text, never a span,
    /// and the digits inside it are not figures.
    static func sourceMarkupEnd(in bytes: [UInt8], at open: Int) -> Int? {
        guard open < bytes.count, bytes[open] == Byte.openBracket, isSourceMarkupName(in: bytes, at: open),
              let close = closingBracket(in: bytes, from: open) else { return nil }
        return close + 1
    }

    /// Remarks that are notes whatever their case or closing punctuation (`[sic!]`, `[Inaudible.]`).
    /// Transcription services' tags too (`[ph]`, `[overlapping]`, `[no audible response]`): what the
    /// transcriber heard or did, never words of the speaker's.
    private static let noteWords: Set<String> = Parentheticals.sounds.union([
        "sic", "illegible", "unclear", "cross-talk", "cross talk", "indistinct", "sic transit",
        "ph", "sp", "phonetic", "phonetically", "overlapping", "overlapping voices", "overtalk", "redacted",
        "chuckles", "chuckling", "clears throat", "background noise", "background voices", "long pause",
        "no audible response", "nonverbal response", "non-verbal response", "audio cuts out", "audio cut out",
        "end of tape", "tape ends", "recording ends", "recording paused", "foreign language", "static",
        "technical difficulties", "break in recording", "gap in recording", "recording interrupted", "overlap",
        "nods", "nods head", "shakes head", "name redacted",
    ])

    /// Openings of a transcriber's tag that goes on in words of its own (`[speaking Spanish]`).
    private static let noteOpenings = ["speaking "]

    /// Openings that mark the bracket as the editor's remark (`[Note: ...]`, `[Translator's note: ...]`).
    private static let notePrefixes: [[UInt8]] = [
        "note:", "editor's note", "editor\u{2019}s note", "translator's note", "translator\u{2019}s note", "n.b.",
    ].map { Array($0.utf8) }

    /// The kind of a bracket's (trimmed, non-empty) inner text and the content to record for it.
    private static func classify(_ inner: ArraySlice<UInt8>) -> (EditorialKind, String) {
        let text = String(decoding: inner, as: UTF8.self)
        // Elision: only dots, ellipses and spaces.
        if isElision(inner) { return (.elision, "\u{2026}") }
        // Punctuation-only remarks: `[?]`, `[!]`, `[?!]`.
        if inner.allSatisfy({ $0 == Byte.question || $0 == Byte.exclamation }) { return (.note, text) }
        // A known remark, ignoring case and closing punctuation; `[inaudible 00:03:12]` too.
        var lowered = inner.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 0x20 : $0 }
        while let last = lowered.last, closingPunctuation.contains(last) { lowered.removeLast() }
        if noteWords.contains(String(decoding: lowered, as: UTF8.self)) { return (.note, text) }
        if let space = lowered.firstIndex(of: Byte.space),
           noteWords.contains(String(decoding: lowered[..<space], as: UTF8.self)),
           !lowered[space...].contains(where: isASCIILetterOrNonASCII) {
            return (.note, text)
        }
        let loweredArray = Array(lowered)
        if notePrefixes.contains(where: { loweredArray.starts(with: $0) }) { return (.note, text) }
        if noteOpenings.contains(where: { loweredArray.starts(with: $0.utf8) }) { return (.note, text) }
        // A time alone (`[00:00:20]`, `[01:30]`, as Descript and Rev mark a paragraph): when, never words.
        // A ratio or a verse (`[5:4]`, `[3:16]`, `[16:9]`) has a part of one digit.
        if isTimeAlone(inner) { return (.note, text) }
        // A question about the text (`[forints?]`), or a sentence of more than one word.
        guard let last = inner.last else { return (.insertion, text) }
        if last == Byte.question { return (.note, text) }
        if last == Byte.period || last == Byte.exclamation, inner.contains(Byte.space) { return (.note, text) }
        return (.insertion, text)
    }

    /// `00:00:20`, `1:02:03.25`, `01:30`: hours, minutes and seconds, or minutes and seconds of two digits
    /// each, with an optional fraction.
    private static func isTimeAlone(_ inner: ArraySlice<UInt8>) -> Bool {
        let clock = inner.split(separator: Byte.period, maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = clock.split(separator: Byte.colon, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { (0x30...0x39).contains($0) } }),
              inner.allSatisfy({ (0x30...0x39).contains($0) || $0 == Byte.colon || $0 == Byte.period }) else { return false }
        return parts.count == 3 || parts.allSatisfy { $0.count == 2 }
    }

    /// Whether the bytes are only full stops, ellipses (`…`) and spaces, with at least one of the first two.
    private static func isElision(_ inner: ArraySlice<UInt8>) -> Bool {
        var sawDot = false
        var i = inner.startIndex
        while i < inner.endIndex {
            let byte = inner[i]
            if byte == Byte.period {
                sawDot = true
                i += 1
            } else if byte == Byte.space {
                i += 1
            } else if byte == 0xE2, i + 2 < inner.endIndex, inner[i + 1] == 0x80, inner[i + 2] == 0xA6 {
                sawDot = true
                i += 3
            } else {
                return false
            }
        }
        return sawDot
    }

    /// Punctuation that closes a remark without changing it (`[sic!]`, `[Laughter.]`).
    private static let closingPunctuation: Set<UInt8> = [Byte.period, Byte.exclamation, Byte.question,
                                                         Byte.comma, Byte.semicolon, Byte.colon]

    /// Whether `byte` is an ASCII letter or part of a non-ASCII scalar (which may be a letter).
    private static func isASCIILetterOrNonASCII(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
    }

    /// `range` without the spaces at either end.
    private static func trimmed(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, let space = spaceLength(at: lower, in: bytes), lower + space <= upper { lower += space }
        while upper > lower, let space = spaceLength(before: upper, in: bytes), upper - space >= lower {
            upper -= space
        }
        return lower..<upper
    }

    /// The length of the space at `offset`, if there is one: a space or tab, or a no-break, narrow no-break
    /// or thin space (U+00A0, U+202F, U+2009), which web transcripts put where a space was typed
    /// (`<s>JOPCA</s>\u{A0}[JCPOA]`).
    static func spaceLength(at offset: Int, in bytes: [UInt8]) -> Int? {
        guard offset >= 0, offset < bytes.count else { return nil }
        switch bytes[offset] {
        case Byte.space, Byte.tab:
            return 1
        case 0xC2:
            return offset + 1 < bytes.count && bytes[offset + 1] == 0xA0 ? 2 : nil
        case 0xE2:
            guard offset + 2 < bytes.count, bytes[offset + 1] == 0x80 else { return nil }
            return bytes[offset + 2] == 0xAF || bytes[offset + 2] == 0x89 ? 3 : nil
        default:
            return nil
        }
    }

    /// The length of the space that ends just before `offset`, if there is one (see `spaceLength(at:in:)`).
    static func spaceLength(before offset: Int, in bytes: [UInt8]) -> Int? {
        guard offset > 0, offset <= bytes.count else { return nil }
        for length in [1, 2, 3] where offset - length >= 0 {
            if spaceLength(at: offset - length, in: bytes) == length { return length }
        }
        return nil
    }

    /// Whether `bytes` hold a byte that can open a mark `scanWithMarkup` finds: a bracket (an editor's mark,
    /// source markup), `<` (`<del>`) or `~` (`~~struck~~`).
    static func mayOpenMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteSearch.contains(bytes) { ByteSearch.equal($0, Byte.openBracket) | ByteSearch.equal($0, Byte.less) | ByteSearch.equal($0, Byte.tilde) }
    }

    /// Whether offset `i` of valid UTF-8 `bytes` is a Character boundary, told from the bytes alone where
    /// they can tell: at either end, or between two ASCII bytes other than a carriage return and a line
    /// feed, it is (every scalar that joins the one before or after it into one Character, a Prepend, an
    /// Extend, a joiner, a SpacingMark, a regional indicator, lies outside ASCII). Nil elsewhere, for
    /// `isOnCharacterBoundaries` to answer.
    static func isBoundaryOnBytes(_ i: Int, in bytes: [UInt8]) -> Bool? {
        if i == 0 || i == bytes.count { return true }
        guard i > 0, i < bytes.count else { return false }
        let (before, after) = (bytes[i - 1], bytes[i])
        return before < 0x80 && after < 0x80 && !(before == Byte.carriageReturn && after == 0x0A) ? true : nil
    }

    /// Whether a byte range of `bytes` may end inside a Character, so that `isOnCharacterBoundaries` must be
    /// asked: only where a byte is outside ASCII or a carriage return (one Character with the line feed
    /// after it) can it.
    static func mayEndInsideCharacters(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { ByteSearch.contains($0) { ByteSearch.nonASCII($0) | ByteSearch.equal($0, Byte.carriageReturn) } }
    }

    /// Whether both ends of a UTF-8 byte range of `text` fall on Character boundaries, so that a caller can
    /// slice and highlight it. Pathological input (a bracket followed by a combining mark) can put a
    /// scanned range's end inside a character; such a span or figure is dropped rather than returned broken.
    static func isOnCharacterBoundaries(_ range: Range<Int>, in text: String) -> Bool {
        let utf8 = text.utf8
        guard range.lowerBound >= 0, range.upperBound <= utf8.count else { return false }
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        return lower.samePosition(in: text) != nil && upper.samePosition(in: text) != nil
    }
}

extension EditorialScanner {
    /// ASCII bytes the scanners look for.
    enum Byte {
        static let tab = UInt8(ascii: "\t")
        static let carriageReturn = UInt8(ascii: "\r")
        static let space = UInt8(ascii: " ")
        static let exclamation = UInt8(ascii: "!")
        static let percent = UInt8(ascii: "%")
        static let apostrophe = UInt8(ascii: "'")
        static let openParen = UInt8(ascii: "(")
        static let closeParen = UInt8(ascii: ")")
        static let comma = UInt8(ascii: ",")
        static let hyphen = UInt8(ascii: "-")
        static let period = UInt8(ascii: ".")
        static let slash = UInt8(ascii: "/")
        static let zero = UInt8(ascii: "0")
        static let nine = UInt8(ascii: "9")
        static let colon = UInt8(ascii: ":")
        static let semicolon = UInt8(ascii: ";")
        static let less = UInt8(ascii: "<")
        static let question = UInt8(ascii: "?")
        static let openBracket = UInt8(ascii: "[")
        static let closeBracket = UInt8(ascii: "]")
        static let caret = UInt8(ascii: "^")
        static let underscore = UInt8(ascii: "_")
        static let tilde = UInt8(ascii: "~")
    }
}
