import TranscriptModel

/// Splits utterance text into words on UTF-8 bytes, folding each (`Rákosi` → `rakosi`).
///
/// A word is a run of letters and digits of any script. An apostrophe (`'` or `’`), a hyphen or a middle dot
/// (`·`) between two letters or digits joins (`don't`, `l'article`, `co-operatives`, `col·laborar`), as do `,`
/// and `.` between two digits (`9,500,000`, `1.5`). A joined word is indexed as written and by its parts, all
/// at one position: `you're` as `you're`, `you`, `re`; `Péter's` as `peter's`, `peter`, `s`; `O'Brien's` as
/// `o'brien's`, `o`, `brien`, `s` and without its possessive, `o'brien`. A word joined by
/// hyphens or middle dots is also indexed joined (`cooperatives`, `collaborar`), unless a hyphen stands
/// between two digits (`8-10,000` is `8-10,000`, `8`, `10,000`, never `810,000`). A query word is looked up
/// as written, so `it's` finds `it's` and nothing else, while `it` finds `it's` too. A word of three
/// letters or more that ends in digits is also indexed by its letters, at its position: `Senate22` (a
/// footnote number glued to its word) is found by `senate`, `Apollo13` by `apollo`.
public enum Tokenizer {
    /// Changes whenever the words the index reads from a text change (the rules above, folding, the
    /// flags a posting keeps): a stored index made by another version is read anew.
    public static let version = 6

    /// One word of a text.
    public struct Word {
        /// 0-based position among the text's words.
        public var position: Int
        /// UTF-8 byte range in the text.
        public var range: Range<Int>
        /// Whether it starts with an upper-case letter (or is an acronym): `mentions:` counts only these.
        public var capitalised: Bool

        /// The bytes a position covers once this word is read at it too: a correction's word shares the
        /// position of the word it replaces (`a [: to]`), and a match there covers both.
        func widening(_ covered: Range<Int>) -> Range<Int> {
            Swift.min(covered.lowerBound, range.lowerBound)..<Swift.max(covered.upperBound, range.upperBound)
        }
    }

    /// The same, reading `marks`: words that start inside an annotation code (CHAT's `[x 2]`, `@o`, which
    /// are not words) are left out, and the words after them close up, so that a phrase reads across a
    /// code; a correction's replacement words stand at the positions of the words they replace, so that
    /// what was said and what it was corrected to are both found (`like a [: to] swing` is
    /// `"like a swing"` and `"like to swing"`). Positions come in order: a position's forms are the
    /// replaced word's first, then the replacement's. The index, the highlighter and word counts all read
    /// an utterance's words this way.
    public static func scan(_ text: UnsafeBufferPointer<UInt8>, marks: WordMarks,
                            _ body: (UnsafeBufferPointer<UInt8>, Word) -> Void) {
        withoutActuallyEscaping(body) { body in
            var sink = ClosureSink(body: body)
            scan(text, marks: marks, into: &sink)
        }
    }

    /// The same, each form given to `sink` (see `FormSink`).
    @inline(__always)
    public static func scan<Sink: FormSink>(_ text: UnsafeBufferPointer<UInt8>, marks: WordMarks, into sink: inout Sink) {
        // Most utterances have no marks: the plain scan is compiled into the caller, the rest called.
        if marks.isEmpty { scan(text, into: &sink) } else { scanMarked(text, marks: marks, into: &sink) }
    }

    /// `scan(_:marks:into:)` for an utterance with marks.
    private static func scanMarked<Sink: FormSink>(_ text: UnsafeBufferPointer<UInt8>, marks: WordMarks, into sink: inout Sink) {
        let codes = marks.codes
        let corrections = marks.corrections
        var code = 0
        var skipped = 0
        var lastSkipped = -1
        var correction = 0
        // The forms of the correction being read, with their positions among the text's words as closed.
        var held: [(form: [UInt8], word: Word, replacing: Bool)] = []
        func release() {
            defer { held.removeAll(keepingCapacity: true) }
            let replaced = held.filter { !$0.replacing }.map(\.word.position)
            let replacing = held.filter(\.replacing).map(\.word.position)
            guard let first = replaced.min(), let from = replacing.min() else {
                for h in held { h.form.withUnsafeBufferPointer { sink.take($0, h.word) } }
                return
            }
            // Each replacement word moves back to a replaced word's position; the words after close up
            // by the positions the two share.
            let shift = from - first
            var placed = held.map { h in
                var word = h.word
                if h.replacing { word.position -= shift }
                return (form: h.form, word: word)
            }
            placed = placed.enumerated().sorted { ($0.element.word.position, $0.offset) < ($1.element.word.position, $1.offset) }.map(\.element)
            var emitted: [(form: [UInt8], position: Int)] = []
            for p in placed where !emitted.contains(where: { $0.position == p.word.position && $0.form == p.form }) {
                emitted.append((p.form, p.word.position))
                p.form.withUnsafeBufferPointer { sink.take($0, p.word) }
            }
            skipped += min(Set(replaced).count, Set(replacing).count)
        }
        // A word read whole (`op(en)`): its bytes without the parentheses are read as one word, at the
        // position of the first word the parentheses split it into; the others are passed over, and the
        // words after it close up.
        let joins = marks.joins
        var join = 0
        var whole: (first: Int, last: Int)?
        func endWhole() {
            guard let read = whole else { return }
            skipped += read.last - read.first
            whole = nil
        }
        func readWhole(_ form: UnsafeBufferPointer<UInt8>, _ word: Word) {
            while join < joins.count, joins[join].upperBound <= word.range.lowerBound {
                endWhole()
                join += 1
            }
            guard join < joins.count, joins[join].contains(word.range.lowerBound) else {
                endWhole()
                return readMarked(form, word)
            }
            if whole != nil {
                whole?.last = word.position
                return
            }
            whole = (word.position, word.position)
            let range = joins[join]
            let bytes = text[range].filter { $0 != 0x28 && $0 != 0x29 }
            bytes.withUnsafeBufferPointer { bytes in
                scan(bytes) { form, read in
                    var at = word
                    at.range = range
                    at.capitalised = read.capitalised
                    readMarked(form, at)
                }
            }
        }
        func readMarked(_ form: UnsafeBufferPointer<UInt8>, _ word: Word) {
            while code < codes.count, codes[code].upperBound <= word.range.lowerBound { code += 1 }
            if code < codes.count, codes[code].contains(word.range.lowerBound) {
                // A word has several forms at one position: it is one position left out.
                if word.position != lastSkipped {
                    skipped += 1
                    lastSkipped = word.position
                }
                return
            }
            while correction < corrections.count, corrections[correction].whole.upperBound <= word.range.lowerBound {
                if !held.isEmpty { release() }
                correction += 1
            }
            var closed = word
            closed.position -= skipped
            if correction < corrections.count, corrections[correction].whole.contains(word.range.lowerBound) {
                held.append((Array(form), closed, word.range.lowerBound >= corrections[correction].replaced.upperBound))
                return
            }
            sink.take(form, closed)
        }
        scan(text) { form, word in readWhole(form, word) }
        endWhole()
        if !held.isEmpty { release() }
    }

    /// Calls `body` with each form of each word: the folded bytes (valid only during the call) and the word.
    /// The first form of a word is the word as written; its parts and joined form follow.
    /// - Complexity: O(n) in the text's length.
    public static func scan(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Word) -> Void) {
        scan(text, marks: .none, body)
    }

    /// What takes the forms a `scan` finds, as its closure would: the index's counting pass, which reads
    /// every word of a corpus, has its work compiled into the scan's loop instead of called through a
    /// closure (passing each form on through closures took a fourteenth of a load's instructions).
    public protocol FormSink {
        /// One form: its folded bytes, valid only during the call, and its word.
        mutating func take(_ form: UnsafeBufferPointer<UInt8>, _ word: Word)
    }

    private struct ClosureSink: FormSink {
        let body: (UnsafeBufferPointer<UInt8>, Word) -> Void
        func take(_ form: UnsafeBufferPointer<UInt8>, _ word: Word) { body(form, word) }
    }

    /// The same, each form given to `sink` (see `FormSink`).
    @inline(__always)
    public static func scan<Sink: FormSink>(_ text: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        // The index reads every word of a corpus here: the folded bytes go into a plain buffer, where
        // an array would check its room and its sharing on every byte appended.
        var folded = ByteBuffer(capacity: 256)
        // Made when a word has a joined form (few have).
        var joined: ByteBuffer?
        defer { folded.free(); joined?.free() }
        var cuts: [Int] = []  // offsets in `folded` where a joiner between parts stands
        var joinedAway: [Int] = []  // offsets of the joiners a joined form leaves out (hyphens, middle dots)
        var position = 0
        var i = 0
        let n = text.count
        guard let base = text.baseAddress else { return }  // no bytes, no words
        let fold = asciiFolding
        while i < n {
            // Skip to the start of a word; ASCII separators without decoding.
            let byte = text[i]
            if byte < 0x80, fold[Int(byte)] == 0 { i += 1; continue }
            let (scalar, width) = decode(text, i)
            guard isWord(scalar) else { i += width; continue }
            let start = i
            folded.removeAll()
            if standsAlone(scalar) {
                // A Chinese character or a kana is a word of its own (see `standsAlone`).
                i += width
                Folding.withFolded(scalar) { folded.append($0) }
                sink.take(folded.bytes, Word(position: position, range: start..<i, capitalised: true))
                position += 1
                continue
            }
            if !cuts.isEmpty { cuts.removeAll(keepingCapacity: true) }
            if !joinedAway.isEmpty { joinedAway.removeAll(keepingCapacity: true) }
            var digitsAcrossHyphen = false
            let capitalised = Folding.isUppercase(scalar) || scalar.value >= 0x0590 && isCaseless(scalar)
            var lastWasDigit = false
            while i < n {
                if fold[Int(text[i])] != 0 {
                    // A run of ASCII letters and digits, found and folded eight bytes at a time (most runs
                    // are a whole word), the last few bytes one at a time.
                    var end = i
                    var open = true
                    while open, end + 8 <= n {
                        let word = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: end, as: UInt64.self))
                        let upper = ByteSearch.between(word, 0x41, 0x5A)
                        let length = ByteSearch.leadingRun(ByteSearch.digits(word) | upper | ByteSearch.between(word, 0x61, 0x7A))
                        // A capital's 0x80 mark, moved to its 0x20 bit, makes it lower case.
                        folded.append(word | upper >> 2, count: length)
                        end += length
                        open = length == 8
                    }
                    if open {
                        let rest = end
                        while end < n, fold[Int(text[end])] != 0 { end += 1 }
                        folded.append(UnsafeBufferPointer(rebasing: text[rest..<end]), through: fold)
                    }
                    lastWasDigit = text[end - 1] <= 0x39
                    i = end
                    // Most words end at an ASCII space or mark that cannot join (all but `'`, `-`, `,`, `.`).
                    if i < n, text[i] < 0x80, !Self.mayJoin(text[i]) { break }
                    continue
                }
                let (s, w) = decode(text, i)
                if isWord(s) {
                    if standsAlone(s) { break }
                    Folding.withFolded(s) { folded.append($0) }
                    lastWasDigit = s.isASCII && (0x30...0x39).contains(s.value)
                    i += w
                    continue
                }
                // A joiner counts only between two word characters.
                guard i + w < n else { break }
                let (next, _) = decode(text, i + w)
                guard isWord(next), !standsAlone(next) else { break }
                let nextIsDigit = next.isASCII && (0x30...0x39).contains(next.value)
                if s == "'" || s == "\u{2019}" {
                    cuts.append(folded.count)
                    folded.append(0x27)
                } else if s == "-" || s == "\u{2010}" || s == "\u{2011}" {
                    if lastWasDigit && nextIsDigit { digitsAcrossHyphen = true }
                    cuts.append(folded.count)
                    joinedAway.append(folded.count)
                    folded.append(0x2D)
                } else if s == "\u{00B7}" || s == "\u{2027}" {
                    cuts.append(folded.count)
                    joinedAway.append(folded.count)
                    folded.append(0xC2)
                    folded.append(0xB7)
                } else if (s == "," || s == ".") && lastWasDigit && nextIsDigit {
                    folded.append(UInt8(s.value))
                } else {
                    break
                }
                lastWasDigit = false
                i += w
            }
            let word = Word(position: position, range: start..<i, capitalised: capitalised)
            let all = folded.bytes
            sink.take(all, word)
            if cuts.isEmpty, let letters = lettersBeforeDigits(all) {
                sink.take(UnsafeBufferPointer(rebasing: all[..<letters]), word)
            }
            if !cuts.isEmpty {
                // Each part, the last ending with the word (no array of the cuts and the end made for it).
                var partStart = 0
                for k in 0...cuts.count {
                    let cut = k < cuts.count ? cuts[k] : all.count
                    if cut > partStart { sink.take(UnsafeBufferPointer(rebasing: all[partStart..<cut]), word) }
                    partStart = cut + (cut < all.count && all[cut] == 0xC2 ? 2 : 1)
                }
                // `O'Brien's` is `o'brien` too, as `Péter's` is `peter`: the name without its possessive.
                if cuts.count >= 2, let last = cuts.last, last == all.count - 2, all[last] == 0x27, all[last + 1] == 0x73 {
                    sink.take(UnsafeBufferPointer(rebasing: all[..<last]), word)
                }
                if !joinedAway.isEmpty, !digitsAcrossHyphen {
                    var form = joined ?? ByteBuffer(capacity: 256)
                    form.removeAll()
                    var from = 0
                    for cut in joinedAway {
                        form.append(UnsafeBufferPointer(rebasing: all[from..<cut]))
                        from = cut + (all[cut] == 0xC2 ? 2 : 1)
                    }
                    form.append(UnsafeBufferPointer(rebasing: all[from...]))
                    sink.take(form.bytes, word)
                    joined = form
                }
            }
            position += 1
        }
    }

    /// How many bytes of letters stand before the digits that end `form`: three letters or more, then
    /// digits and nothing else (`senate22`, a footnote number glued to its word; `apollo13`). Nil for any
    /// other form (`h2o`, `mp3`, `1953`).
    @inline(__always)
    static func lettersBeforeDigits(_ form: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let last = form.last, last >= 0x30 && last <= 0x39 else { return nil }
        var end = form.count
        while end > 0, form[end - 1] >= 0x30 && form[end - 1] <= 0x39 { end -= 1 }
        guard end >= 3 else { return nil }
        for b in form[..<end] where b < 0x80 && !((b >= 0x61 && b <= 0x7A)) { return nil }
        return end
    }

    /// Bytes in memory of their own that grows as needed, without an array's checks on each byte; `free()`
    /// gives the memory back.
    private struct ByteBuffer {
        private var base: UnsafeMutablePointer<UInt8>
        private(set) var count = 0
        private var capacity: Int

        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        func free() { base.deallocate() }

        /// The bytes so far, valid until the next change.
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

        mutating func removeAll() { count = 0 }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            if count == capacity { grow(to: capacity * 2) }
            base[count] = byte
            count += 1
        }

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            if count + bytes.count > capacity { grow(to: max(capacity * 2, count + bytes.count)) }
            if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
            count += bytes.count
        }

        /// Appends each of `bytes` as `table` maps it.
        @inline(__always)
        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, through table: UnsafeBufferPointer<UInt8>) {
            if count + bytes.count > capacity { grow(to: max(capacity * 2, count + bytes.count)) }
            for b in bytes {
                base[count] = table[Int(b)]
                count += 1
            }
        }

        /// Appends the first `count` (at most eight) bytes of `word`, stored in little-endian order.
        @inline(__always)
        mutating func append(_ word: UInt64, count length: Int) {
            if count + 8 > capacity { grow(to: max(capacity * 2, count + 8)) }
            UnsafeMutableRawPointer(base + count).storeBytes(of: word.littleEndian, as: UInt64.self)
            count += length
        }

        private mutating func grow(to size: Int) {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
            larger.update(from: base, count: count)
            base.deallocate()
            base = larger
            capacity = size
        }
    }

    /// Whether `s` is a Chinese character (Han, as Japanese and Korean write them too) or a Japanese kana:
    /// a word of its own, since the text runs on without spaces between words, and a word of several
    /// (`我们`) is the phrase of its characters. So `我们` finds `我们需要更多的合作。`, as a search engine's
    /// unigrams of such text find it, where a run of characters taken for one word found nothing.
    @inline(__always)
    static func standsAlone(_ s: Unicode.Scalar) -> Bool {
        // Most letters are below kana: the range test stays out of the tokenizer's loop.
        s.value >= 0x3040 && isHanOrKana(s.value)
    }

    @inline(never)
    private static func isHanOrKana(_ v: UInt32) -> Bool {
        switch v {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF66...0xFF9F, 0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// Whether `s` is a letter of a script without case (Hebrew, Arabic, Thai, Chinese ...): a word that
    /// opens with one counts as capitalised, since `mentions:` takes only capitalised words for names and
    /// such a script cannot write a name otherwise (`mentions:王丽` found none of the 王丽 said).
    @inline(never)
    static func isCaseless(_ s: Unicode.Scalar) -> Bool {
        let p = s.properties
        return p.isAlphabetic && !p.isUppercase && !p.isLowercase && !p.changesWhenCaseMapped
    }

    /// Whether `text` holds a letter of a script written without spaces between words whose letters are
    /// not words of their own (Thai, Lao, Khmer, Myanmar): there a run of letters is one word to the
    /// tokenizer, a clause or a sentence, so a word asked for is found only where it stands alone as a run.
    public static func holdsScriptWithoutSpaces(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF: return true
            default: return false
            }
        }
    }

    /// The folded forms of a query word, first the main form; several words give several entries.
    public static func words(_ text: String) -> [[String]] {
        var result: [[String]] = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            scan(UnsafeBufferPointer(buffer)) { form, word in
                let s = String(decoding: form, as: UTF8.self)
                if result.count == word.position { result.append([s]) } else { result[word.position].append(s) }
            }
        }
        return result
    }

    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let b = text[i]
        if b < 0x80 { return (Unicode.Scalar(b), 1) }
        var length = 1
        var value: UInt32
        if b & 0xE0 == 0xC0 { length = 2; value = UInt32(b & 0x1F) }
        else if b & 0xF0 == 0xE0 { length = 3; value = UInt32(b & 0x0F) }
        else if b & 0xF8 == 0xF0 { length = 4; value = UInt32(b & 0x07) }
        else { return ("\u{FFFD}", 1) }
        guard i + length <= text.count else { return ("\u{FFFD}", 1) }
        for k in 1..<length { value = value << 6 | UInt32(text[i + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Each byte's folded form when it is an ASCII letter or digit (`A`-`Z` lowered), else 0: the
    /// tokenizer's one look-up per byte of a word. Made once and never written after, so shared safely.
    nonisolated(unsafe) private static let asciiFolding: UnsafeBufferPointer<UInt8> = {
        let table = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        for b in 0...255 {
            let byte = UInt8(b)
            table[b] = isASCIIWord(byte) ? (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) : 0
        }
        return UnsafeBufferPointer(table)
    }()

    /// Whether an ASCII byte that is not a word's may join two words' characters (see the rules above).
    @inline(__always)
    static func mayJoin(_ b: UInt8) -> Bool { b == 0x27 || b == 0x2D || b == 0x2C || b == 0x2E }

    @inline(__always)
    static func isASCIIWord(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    @inline(__always)
    static func isWord(_ s: Unicode.Scalar) -> Bool { Folding.isWord(s) }

}

/// Whose a word of an utterance is, as the index reads it: the speaker's, the editor's (an insertion,
/// `[agricultural]`), or part of an editor's note (`[inaudible]`, `[Laughter.]`, `[sic]`), which a query
/// finds but which is no one's words: word counts, rates and `words` leave it out.
public enum WordSource: Sendable, Equatable {
    case spoken, inserted, note

    /// Whether it counts among an utterance's words (`CorpusIndex.wordCount(_:editorial: true)`).
    public var isWord: Bool { self != .note }
    /// Whether it counts among the words spoken (`.editorial off`): the speaker's alone.
    public var isSpoken: Bool { self == .spoken }

    /// Whether it counts among the words with the editor's insertions (`editorial`) or without them.
    public func counts(editorial: Bool) -> Bool { editorial ? isWord : isSpoken }

    /// Whose the words of one utterance are, asked in the order the words start: one pass over its spans.
    struct Cursor {
        private let spans: [(range: Range<Int>, source: WordSource)]
        private var next = 0

        init(_ editorial: [EditorialSpan]) { spans = WordSource.spans(editorial) }

        var isEmpty: Bool { spans.isEmpty }

        /// Whose the word that starts at byte `offset` is; offsets come in order.
        @inline(__always)
        mutating func source(at offset: Int) -> WordSource {
            while next < spans.count, spans[next].range.upperBound <= offset { next += 1 }
            return next < spans.count && spans[next].range.contains(offset) ? spans[next].source : .spoken
        }
    }

    /// The spans of `editorial` that make their words not the speaker's, in order.
    static func spans(_ editorial: [EditorialSpan]) -> [(range: Range<Int>, source: WordSource)] {
        editorial.compactMap { span in
            switch span.kind {
            case .insertion: (span.range, .inserted)
            case .note: (span.range, .note)
            default: nil
            }
        }
    }
}

/// What an utterance's text holds besides words, as the tokenizer reads it (see
/// `Tokenizer.scan(_:marks:_:)`): annotation codes and corrections, as byte ranges in the text.
public struct WordMarks: Equatable, Sendable {
    /// A correction: the words it replaces, and the replacement after them (to the span's end).
    public struct Correction: Equatable, Sendable {
        public var replaced: Range<Int>
        public var whole: Range<Int>
    }

    /// Annotation codes, in order.
    public let codes: [Range<Int>]
    /// Corrections that replace words with words, in order, none overlapping the one before.
    public let corrections: [Correction]
    /// Words written with the part not said in parentheses (CHAT's `op(en)`, `(th)at`), in order: each is
    /// read as one word, the whole of it (`open`, `that`).
    public let joins: [Range<Int>]

    public static let none = WordMarks(codes: [], editorial: [])

    /// The marks of an utterance from its annotation codes' ranges (in any order), its editorial spans,
    /// and its words read whole (in any order).
    public init(codes: [Range<Int>], editorial: [EditorialSpan], joins: [Range<Int>] = []) {
        self.codes = codes.count > 1 ? codes.sorted { $0.lowerBound < $1.lowerBound } : codes
        self.joins = joins.count > 1 ? joins.sorted { $0.lowerBound < $1.lowerBound } : joins
        var corrections: [Correction] = []
        for span in editorial where span.kind == .correction && !span.content.isEmpty {
            guard let replaced = span.replaced, !replaced.isEmpty else { continue }
            let end = span.range.lowerBound + replaced.utf8.count
            guard end < span.range.upperBound,
                  corrections.last.map({ $0.whole.upperBound <= span.range.lowerBound }) ?? true else { continue }
            corrections.append(Correction(replaced: span.range.lowerBound..<end, whole: span.range))
        }
        self.corrections = corrections
    }

    public var isEmpty: Bool { codes.isEmpty && corrections.isEmpty && joins.isEmpty }

    /// The marks of a document's utterance `u`, with its `editorial` spans, from the document's
    /// `annotations` (which come in utterance order) starting at `cursor`, which is left at the next
    /// utterance's first: reading the utterances in order passes over the annotations once.
    public init(utterance u: Int, editorial: [EditorialSpan], annotations: [Annotation], cursor: inout Int) {
        var codes: [Range<Int>] = []
        var joins: [Range<Int>] = []
        while cursor < annotations.count, annotations[cursor].utterance <= u {
            let annotation = annotations[cursor]
            if annotation.utterance == u {
                if annotation.code == Annotation.partlySaid { joins.append(annotation.range) } else { codes.append(annotation.range) }
            }
            cursor += 1
        }
        self.init(codes: codes, editorial: editorial, joins: joins)
    }
}
