import Foundation

/// The one folding of Parley: what makes `rakosi` find `Rákosi`, `nguyen` find `Nguyễn`, `σοφος` find `ΣΟΦΟΣ`,
/// `strasse` find `Straße` and `елка` find `ёлка`. The index, query words, speaker names and labels,
/// completion, did-you-mean, `.speakers`, `doc:` ids and regular expressions all fold through it.
///
/// A scalar folds in four steps, computed once into a table:
///
/// 1. compatibility decomposition (NFKD): `ﬁ` → `fi`, `Ｆ` → `F`, `²` → `2`, `ǅ` → `Dž`, `Ế` → `E` + marks;
///    a scalar whose decomposition holds anything but letters, digits and marks keeps its canonical
///    decomposition only (`½` stays `½`, not `1⁄2`);
/// 2. every nonspacing or enclosing mark removed, in every script (`ễ` → `e`, `ά` → `α`, `ё` → `е`, `й` → `и`),
///    except in the scripts of South and South-East Asia (U+0900 to U+109F, U+1780 to U+17FF), whose vowel
///    signs and viramas are parts of letters, not accents;
/// 3. full case folding (upper case, then lower case): `ß` → `ss`, `ς` → `σ`, `İ` → `i`;
/// 4. letters with a stroke or bar read as their base letter (`ø ł đ ħ ı ŧ ƀ ɨ ƶ ǥ` → `o l d h i t b i z g`), then
///    canonical composition (NFC) of what is left, so that a Hangul syllable stays one syllable.
///
/// ASCII takes a fast path (`A`-`Z` to `a`-`z`) and never reaches the table.
public enum Folding {
    /// Scalars below this fold by table; above it they fold by computing (rare in transcripts), except
    /// the large ideographic and syllabic blocks, which never fold.
    @usableFromInline static let tableLimit: UInt32 = 0x3400

    /// The folded UTF-8 of every scalar from U+0080 below `tableLimit`, one after another: built in
    /// (`EmbeddedFoldTable`), since computing it took about 25 ms at every start, half of the time the
    /// reference document's first answer takes. A test checks that it is the table `computed()` gives.
    @usableFromInline static let table: FoldTable = FoldTable(encoded: EmbeddedFoldTable.encoded) ?? FoldTable.computed()

    /// Folded forms as one byte arena: scalar `v` folds to `bytes[starts[v - 0x80] ..< starts[v - 0x7F]]`.
    @usableFromInline struct FoldTable: Sendable, Equatable {
        @usableFromInline let bytes: [UInt8]
        @usableFromInline let starts: [Int32]
        /// Whether each scalar is a word character (letter, digit or mark).
        @usableFromInline let isWord: [Bool]
        /// Whether each scalar is an upper-case letter.
        @usableFromInline let isUppercase: [Bool]

        static let count = Int(Folding.tableLimit) - 0x80

        private init(bytes: [UInt8], starts: [Int32], isWord: [Bool], isUppercase: [Bool]) {
            self.bytes = bytes
            self.starts = starts
            self.isWord = isWord
            self.isUppercase = isUppercase
        }

        /// The table by the four steps of `Folding`'s comment, from the Unicode data of the standard
        /// library and Foundation.
        static func computed() -> FoldTable {
            var bytes: [UInt8] = []
            var starts: [Int32] = [0]
            var isWord: [Bool] = []
            var isUppercase: [Bool] = []
            bytes.reserveCapacity(count * 2)
            starts.reserveCapacity(count + 1)
            isWord.reserveCapacity(count)
            for value in UInt32(0x80)..<Folding.tableLimit {
                let scalar = Unicode.Scalar(value)
                let word = scalar.map(Folding.computeIsWord) ?? false
                isWord.append(word)
                isUppercase.append(scalar?.properties.isUppercase ?? false)
                if let scalar, word { bytes.append(contentsOf: Folding.compute(scalar).utf8) }
                starts.append(Int32(bytes.count))
            }
            return FoldTable(bytes: bytes, starts: starts, isWord: isWord, isUppercase: isUppercase)
        }

        /// The table as `EmbeddedFoldTable` keeps it, in base64: for each scalar from U+0080 in order, one
        /// byte (bit 0: a word character; bit 1: upper case; the rest: the folded form's length) and then
        /// the folded form's bytes. Nil when it does not decode to a table of every scalar.
        init?(encoded: String) {
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else { return nil }
            let encoded = [UInt8](data)
            var bytes: [UInt8] = []
            var starts: [Int32] = [0]
            var isWord: [Bool] = []
            var isUppercase: [Bool] = []
            bytes.reserveCapacity(encoded.count)
            starts.reserveCapacity(Self.count + 1)
            isWord.reserveCapacity(Self.count)
            isUppercase.reserveCapacity(Self.count)
            var i = 0
            while i < encoded.count {
                let head = encoded[i]
                let end = i + 1 + Int(head >> 2)
                guard end <= encoded.count else { return nil }
                isWord.append(head & 1 != 0)
                isUppercase.append(head & 2 != 0)
                bytes.append(contentsOf: encoded[(i + 1)..<end])
                starts.append(Int32(bytes.count))
                i = end
            }
            guard isWord.count == Self.count else { return nil }
            self.init(bytes: bytes, starts: starts, isWord: isWord, isUppercase: isUppercase)
        }

        /// The table in the form `init(encoded:)` reads, in lines of 76 characters; nil when a folded
        /// form is longer than the 63 bytes its length can say.
        var encoded: String? {
            var out: [UInt8] = []
            for i in 0..<Self.count {
                let form = bytes[Int(starts[i])..<Int(starts[i + 1])]
                guard form.count < 64 else { return nil }
                out.append(UInt8(form.count) << 2 | (isUppercase[i] ? 2 : 0) | (isWord[i] ? 1 : 0))
                out.append(contentsOf: form)
            }
            return Data(out).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        }
    }

    // MARK: Words

    /// Whether a scalar belongs to a word: a letter or digit of any script, or a combining mark (which
    /// folds away). Apostrophes, hyphens and separators between digits are joiners, decided by the tokenizer.
    @inlinable @inline(__always)
    public static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        if v < tableLimit { return table.isWord[Int(v) - 0x80] }
        return computeIsWord(scalar)
    }

    /// Whether a scalar is an upper-case letter (`Unicode.Scalar.Properties.isUppercase`), by table below
    /// `tableLimit`: the tokenizer asks it of every word's first letter.
    @inlinable @inline(__always)
    public static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v >= 0x41 && v <= 0x5A }
        if v < tableLimit { return table.isUppercase[Int(v) - 0x80] }
        return scalar.properties.isUppercase
    }

    @usableFromInline static func computeIsWord(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        return p.isAlphabetic || p.numericType != nil
            || p.generalCategory == .nonspacingMark || p.generalCategory == .enclosingMark
            || p.generalCategory == .spacingMark
    }

    /// Appends the folded UTF-8 of a word scalar to `out` (nothing for a mark that folds away).
    @inlinable @inline(__always)
    public static func appendFolded(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        withFolded(scalar) { out.append(contentsOf: $0) }
    }

    /// Calls `body` with the folded UTF-8 of a word scalar (empty for a mark that folds away), read in place
    /// from the table where it lies there.
    @inlinable @inline(__always)
    public static func withFolded(_ scalar: Unicode.Scalar, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let v = scalar.value
        if v < 0x80 {
            var b = UInt8(v)
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            withUnsafePointer(to: b) { body(UnsafeBufferPointer(start: $0, count: 1)) }
        } else if v < tableLimit {
            let i = Int(v) - 0x80
            let range = Int(table.starts[i])..<Int(table.starts[i + 1])
            table.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
        } else {
            var folded = neverFolds(v) ? String(scalar) : compute(scalar)
            folded.withUTF8(body)
        }
    }

    /// The big blocks of ideographs and syllables, which have neither case nor marks to fold.
    @inlinable @inline(__always)
    static func neverFolds(_ v: UInt32) -> Bool {
        (v >= 0x3400 && v <= 0x9FFF) || (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0x20000 && v <= 0x3FFFF)
    }

    /// Scripts whose combining signs are vowels and viramas, parts of the letter: folding keeps them.
    @inline(__always)
    static func keepsMarks(_ v: UInt32) -> Bool {
        (v >= 0x0900 && v <= 0x109F) || (v >= 0x1780 && v <= 0x17FF)
    }

    /// The folding of one word scalar, by the four steps of the type's comment.
    @usableFromInline static func compute(_ scalar: Unicode.Scalar) -> String {
        var folded = computeOnce(scalar)
        // A folding may give a letter that folds again (`ẞ` → `ß` → `ss`); go on until nothing changes.
        for _ in 0..<3 {
            let again = folded.unicodeScalars.map { computeIsWord($0) && !$0.isASCII ? computeOnce($0) : String($0).lowercased() }.joined()
            if again == folded { break }
            folded = again
        }
        return folded
    }

    static func computeOnce(_ scalar: Unicode.Scalar) -> String {
        let one = String(scalar)
        var decomposed = one.decomposedStringWithCompatibilityMapping
        if decomposed.unicodeScalars.contains(where: { !computeIsWord($0) }) {
            decomposed = one.decomposedStringWithCanonicalMapping
        }
        let keep = keepsMarks(scalar.value)
        func stripped(_ s: String) -> String {
            var view = String.UnicodeScalarView()
            for c in s.unicodeScalars {
                let category = c.properties.generalCategory
                if !keep, category == .nonspacingMark || category == .enclosingMark { continue }
                view.append(c)
            }
            return String(view)
        }
        let cased = stripped(decomposed).uppercased().lowercased()
        var view = String.UnicodeScalarView()
        for c in stripped(cased.decomposedStringWithCanonicalMapping).unicodeScalars {
            view.append(barred[c] ?? c)
        }
        return String(view).precomposedStringWithCanonicalMapping
    }

    /// Letters with a stroke or bar, which have no decomposition but are read as accented letters.
    static let barred: [Unicode.Scalar: Unicode.Scalar] = [
        "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ƀ": "b", "ɨ": "i", "ƶ": "z", "ǥ": "g",
    ]

    // MARK: Strings

    /// A whole string folded: word scalars fold, the typographic apostrophe `’` is `'` (the joiner the
    /// tokenizer writes for both: `we’re*` finds `we're`), everything else stays as written (ASCII
    /// lower-cased). For query terms, names, labels, ids and stop words.
    public static func fold(_ text: some StringProtocol) -> String {
        if let ascii = foldedASCII(text) { return ascii }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar == "\u{2019}" {
                out.append(0x27)
            } else if scalar.isASCII || isWord(scalar) {
                appendFolded(scalar, to: &out)
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `fold` of text that is all ASCII (its capitals lower-cased), made in one pass over its bytes; nil
    /// for other text. Names and labels are folded at every start, for every speaker of every document.
    private static func foldedASCII(_ text: some StringProtocol) -> String? {
        let count = text.utf8.count
        return text.utf8.withContiguousStorageIfAvailable { (bytes: UnsafeBufferPointer<UInt8>) -> String? in
            guard !ByteSearch.contains(bytes, ByteSearch.nonASCII) else { return nil }
            return String(unsafeUninitializedCapacity: count) { out in
                for (i, b) in bytes.enumerated() { out[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
                return count
            }
        } ?? nil
    }

    /// The text folded, white space collapsed to single spaces: `Cde. RÁKOSI` gives `cde. rakosi`. Names
    /// that give the same key are one speaker.
    public static func key(_ text: some StringProtocol) -> String {
        fold(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: One scalar at a time

    /// What `scalar(_:)` returns for a scalar that folding removes (a mark).
    public static let removed: UInt32 = 0xFFFF_FFFE

    /// The folding of one scalar to one scalar, for regular expressions, which match a character at a time:
    /// the word folding when it is one scalar (`Ễ` → `e`, `Σ` and `ς` → `σ`, `Ｆ` → `f`), `removed` for a mark
    /// that folds away, and otherwise the lower-case letter (`ß` stays `ß`, `ﬁ` stays `ﬁ`: foldings that
    /// change the number of letters apply to words only).
    public static func scalar(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return (value >= 0x41 && value <= 0x5A) ? value + 0x20 : value }
        guard let scalar = Unicode.Scalar(value) else { return value }
        guard isWord(scalar) else { return value }
        if value < tableLimit || !neverFolds(value) {
            var bytes: [UInt8] = []
            appendFolded(scalar, to: &bytes)
            let folded = String(decoding: bytes, as: UTF8.self).unicodeScalars
            if folded.isEmpty { return removed }
            if folded.count == 1, let first = folded.first { return first.value }
        }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        if lower.count == 1, let first = lower.first { return first.value }
        return value
    }
}
