import TranscriptModel

/// What the `words` stage counts: words as spoken, not the markup and codes a transcript carries with them,
/// and not the stop words of the document's language.
///
/// Not words: the name of source markup `[name:value]` (its value is spoken: `[glossary:PGNCS]` counts
/// `PGNCS`), HTML-like tags (`<sub>`, `</center>`), CHAT codes in brackets (`[+ RES]`, `[= laughs]`, `[/]`,
/// `[: word]`), CHAT fillers and sounds written `&-uh`, `&=laughs`, `&+fr`, form markers after `@`
/// (`quack@o` counts `quack`), the unintelligible-speech markers `xxx`, `yyy`, `www`, and an editor's notes
/// (`[inaudible]`, `[Laughter.]`, `[sic]`: see `WordSource`). A contraction or
/// possessive counts as its first word (`that's` as `that`, a stop word; `Péter's` as `péter`) and an elided
/// article as the word it is joined to (`l'article` as `article`, `l'any` as `any`); a word written with a
/// part not said in parentheses is the whole word (CHAT's `wan(t)` is `want`), as the index reads it.
public enum SpokenWords {
    /// The markers of unintelligible or untranscribed speech.
    static let markers: Set<String> = ["xxx", "yyy", "www", "xx", "yy"]

    /// The most frequent words of `utterances`, each shown as most often written in lower case, the stop
    /// words of `stopWords` left out: each document's own language's list, or one list for every document.
    /// `distinct` is how many different words there were, of which `limit` are given.
    public static func frequencies(_ utterances: [Int], index: CorpusIndex, stopWords: StopWordChoice,
                                   lists: StopLists = .standard, editorial: Bool = true, limit: Int,
                                   shouldStop: () -> Bool = { false }) -> (words: [(word: String, count: Int)], distinct: Int, tied: Int) {
        var listOfDocument: [Int: Set<String>] = [:]
        var counts: [String: Int] = [:]
        var shown: [String: String] = [:]
        for u in utterances {
            if shouldStop() { break }
            let document = index.address(u).document
            let stop: Set<String>
            switch stopWords {
            case .single(let list):
                stop = list
            case .perLanguage:
                if let known = listOfDocument[document] {
                    stop = known
                } else {
                    stop = lists.lists[lists.language(of: index.documents[document]).code] ?? lists.lists["en"] ?? []
                    listOfDocument[document] = stop
                }
            }
            var lastPosition = -1
            let utterance = index.utterance(u)
            // An editor's note (`[inaudible]`) is no one's words; under `.editorial off`, nor are the words the
            // editor inserted, as in matching.
            let unsaid = WordSource.spans(utterance.editorial).filter { !$0.source.counts(editorial: editorial) }.map(\.range)
            utterance.withTextUTF8 { bytes in
                let unspoken = unsaid.isEmpty ? unspokenRanges(bytes) : (unspokenRanges(bytes) + unsaid).sorted { $0.lowerBound < $1.lowerBound }
                var next = 0
                // Read as the index reads them: a word partly said (CHAT's `wan(t)`) is the whole word.
                Tokenizer.scan(bytes, marks: index.marks(ofUtterance: u)) { form, word in
                    // A joined word's other forms (joined, parts) are not more words.
                    guard word.position != lastPosition else { return }
                    lastPosition = word.position
                    while next < unspoken.count, unspoken[next].upperBound <= word.range.lowerBound { next += 1 }
                    if next < unspoken.count, unspoken[next].overlaps(word.range) { return }
                    var key = String(decoding: form, as: UTF8.self)
                    var written = word.range
                    if key.contains("'") { (key, written) = base(of: key, written: written, in: bytes) }
                    guard key.count > 1, !stop.contains(key), !markers.contains(key),
                          !key.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2C || $0 == 0x2E }) else { return }
                    counts[key, default: 0] += 1
                    if shown[key] == nil {
                        // As written, unless it is written with a part not said in parentheses.
                        let asWritten = bytes[written]
                        shown[key] = asWritten.contains(0x28) ? key : String(decoding: asWritten, as: UTF8.self).lowercased()
                    }
                }
            }
        }
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let words = sorted.prefix(limit).map { (word: shown[$0.key] ?? $0.key, count: $0.value) }
        // Words left out that are as frequent as the last one shown: ties are in alphabetical order.
        let tied = words.last.map { last in sorted.dropFirst(limit).prefix { $0.value == last.count }.count } ?? 0
        return (words, counts.count, tied)
    }

    /// Elided articles, pronouns and prepositions (French, Catalan, Italian): `l'`, `d'`, `qu'`, `dell'`.
    /// Another short word before an apostrophe is no article: `O'Connell` stays whole.
    static let elisions: Set<String> = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "un", "dell", "all", "nell", "dall", "sull",
                                        "coll", "quell", "quest", "bell", "puisqu", "lorsqu", "jusqu", "quelqu", "presqu"]

    /// The word a frequency list counts for a word with one apostrophe (folded, `'` for both apostrophes):
    /// a contraction or possessive counts as its first part (`that's` → `that`, `we're` → `we`, `Péter's` →
    /// `péter`), an elided article or pronoun gives way to the word after it (`l'article` → `article`,
    /// `dell'arte` → `arte`); with the bytes of `written` that show it.
    static func base(of key: String, written: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> (String, Range<Int>) {
        let parts = key.split(separator: "'", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return (key, written) }
        // Where the apostrophe (`'`, or the three bytes of `’`) is in the text.
        var cut = written.lowerBound
        while cut < written.upperBound, bytes[cut] != 0x27, !(bytes[cut] == 0xE2 && cut + 2 < written.upperBound && bytes[cut + 1] == 0x80 && bytes[cut + 2] == 0x99) { cut += 1 }
        let width = cut < written.upperBound && bytes[cut] == 0x27 ? 1 : 3
        // The article first: `l'any` is `any`, though `any` is as short as the `'re` of `we're`.
        if elisions.contains(String(parts[0])) {
            return (String(parts[1]), min(cut + width, written.upperBound)..<written.upperBound)
        }
        if parts[1].count <= 3 { return (String(parts[0]), written.lowerBound..<cut) }
        return (key, written)
    }

    /// The byte ranges of a text that are not speech, in order and not overlapping.
    /// - Complexity: O(n) in the text's length (a bracket or tag is looked at up to 200 bytes ahead).
    static func unspokenRanges(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        let n = text.count
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        func isWordByte(_ b: UInt8) -> Bool { isLetter(b) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b >= 0x80 }
        /// The offset of `close` after `from`, within 200 bytes and before any `open`.
        func find(_ close: UInt8, from: Int, notAfter open: UInt8) -> Int? {
            var j = from
            while j < n, j - from < 200 {
                if text[j] == close { return j }
                if text[j] == open { return nil }
                j += 1
            }
            return nil
        }
        var i = 0
        while i < n {
            let b = text[i]
            switch b {
            case UInt8(ascii: "["):
                guard let close = find(UInt8(ascii: "]"), from: i + 1, notAfter: UInt8(ascii: "[")) else { break }
                var j = i + 1
                while j < close, text[j] == 0x20 { j += 1 }
                guard j < close else { break }
                let first = text[j]
                if "+=*/!?%^:<>-".utf8.contains(first) {
                    // A CHAT code: `[+ RES]`, `[= laughs]`, `[/]`, `[: word]`.
                    ranges.append(i..<close + 1)
                    i = close + 1
                    continue
                }
                // Source markup `[name:value]`: the name and the brackets are not spoken, the value is.
                var k = j
                while k < close, isLetter(text[k]) || text[k] == 0x5F || text[k] == 0x2D { k += 1 }
                if k > j, k < close, text[k] == UInt8(ascii: ":"), k + 1 < close, text[k + 1] != 0x20 {
                    ranges.append(i..<k + 1)
                    ranges.append(close..<close + 1)
                    i = close + 1
                    continue
                }
            case UInt8(ascii: "<"):
                // An HTML-like tag: `<sub>`, `</sub>`, `<img src=...>`, `<!--more-->`.
                guard i + 1 < n, isLetter(text[i + 1]) || text[i + 1] == UInt8(ascii: "/") || text[i + 1] == UInt8(ascii: "!"),
                      let close = find(UInt8(ascii: ">"), from: i + 1, notAfter: UInt8(ascii: "<")) else { break }
                ranges.append(i..<close + 1)
                i = close + 1
                continue
            case UInt8(ascii: "&"):
                // CHAT fillers and sounds: `&-uh`, `&=laughs`, `&+fr`, `&~`, `&*`.
                guard i + 1 < n, "-=+~*".utf8.contains(text[i + 1]) else { break }
                var j = i + 2
                while j < n, isWordByte(text[j]) || text[j] == 0x3A { j += 1 }
                ranges.append(i..<j)
                i = j
                continue
            case UInt8(ascii: "@"):
                // A CHAT form marker right after a word: `quack@o`, `gonna@c`.
                guard i > 0, isWordByte(text[i - 1]), i + 1 < n, isLetter(text[i + 1]) else { break }
                var j = i + 1
                while j < n, isLetter(text[j]) || text[j] == 0x3A { j += 1 }
                ranges.append(i..<j)
                i = j
                continue
            default:
                break
            }
            i += 1
        }
        return ranges
    }
}
