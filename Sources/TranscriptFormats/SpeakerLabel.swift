import TranscriptModel

/// A speaker label found by its shape at the start of a line: optional honorifics or titles, a name of a
/// few capitalised or upper-case words, an optional addressee, and a colon (`Cde. Beria:`,
/// `PRIME MINISTER SUGA:`, `Dr. Kissinger (to General Haig):`, `CDR:`), or the `Q` of a press transcript.
///
/// Labels are recognised by shape, never from a list of names; only honorifics and titles are listed.
struct SpeakerLabel: Equatable {
    /// The label as written, without its colon: `Cde. Beria`.
    var written: String
    /// Honorifics and titles before the name, as written: `Cde.`, `PRIME MINISTER`.
    var titles: String?
    /// The canonical name: `Beria`; upper-case names in title case (`LIMAN` is `Liman`).
    var name: String
    var addressee: String?
    /// UTF-8 length of the label, its colon and the spaces after it: where the speech starts.
    var length: Int

    /// The key under which two labels name the same speaker: the name folded for case and diacritics.
    var key: String

    init(written: String, titles: String?, name: String, addressee: String?, length: Int) {
        self.written = written
        self.titles = titles
        self.name = name
        self.addressee = addressee
        self.length = length
        key = Folding.key(name)
    }

    /// A label with a title is sure by its shape; one without is accepted only when confirmed.
    var isStrong: Bool { titles != nil }

    /// Reads a label at the start of `line` (a line's UTF-8 bytes, leading spaces included). A document
    /// repeats few labels many times, so `cache` keeps each analysed label text.
    static func parse(_ line: ArraySlice<UInt8>, cache: LabelCache? = nil) -> SpeakerLabel? {
        var start = line.startIndex
        while start < line.endIndex, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        guard start < line.endIndex else { return nil }
        if let q = questionLabel(line[start...]) { return q }
        // A label is short: its colon comes within the first 80 bytes, followed by a space or the end.
        let limit = min(line.endIndex, start + 80)
        var colon: Int?
        var i = start
        while i < limit {
            let b = line[i]
            if b == 0x3A {
                let next = i + 1
                if next == line.endIndex || line[next] == 0x20 || line[next] == 0x09 || isNBSP(line, next) { colon = i }
                break
            }
            if b == 0x28 || b == 0x22 || b == 0x5B { if i == start { return nil } }
            i += 1
        }
        guard let colon, colon > start else { return nil }
        let written = String(decoding: line[start..<colon], as: UTF8.self)
        let analysed: SpeakerLabel?
        if let cache, let known = cache.labels[written] {
            analysed = known
        } else {
            analysed = analyse(written)
            cache?.labels[written] = .some(analysed)
        }
        guard var label = analysed else { return nil }
        var end = colon + 1
        while end < line.endIndex {
            if line[end] == 0x20 || line[end] == 0x09 { end += 1 } else if isNBSP(line, end) { end += 2 } else { break }
        }
        label.length = end - line.startIndex
        return label
    }

    /// `Q` or `A` followed by two or more spaces (non-breaking ones included), a colon or a full stop.
    private static func questionLabel(_ line: ArraySlice<UInt8>) -> SpeakerLabel? {
        guard let first = line.first, first == 0x51 || first == 0x41 else { return nil }
        var i = line.startIndex + 1
        guard i < line.endIndex else { return nil }
        if line[i] == 0x3A || line[i] == 0x2E {
            i += 1
        } else {
            var spaces = 0
            while i < line.endIndex {
                if line[i] == 0x20 || line[i] == 0x09 { i += 1 } else if isNBSP(line, i) { i += 2 } else { break }
                spaces += 1
            }
            guard spaces >= 2 else { return nil }
        }
        while i < line.endIndex {
            if line[i] == 0x20 || line[i] == 0x09 { i += 1 } else if isNBSP(line, i) { i += 2 } else { break }
        }
        let letter = first == 0x51 ? "Q" : "A"
        return SpeakerLabel(written: letter, titles: nil, name: letter, addressee: nil, length: i - line.startIndex)
    }

    private static func isNBSP(_ line: ArraySlice<UInt8>, _ i: Int) -> Bool {
        i + 1 < line.endIndex && line[i] == 0xC2 && line[i + 1] == 0xA0
    }

    /// Splits the text before the colon into titles, name and addressee, or rejects it.
    static func analyse(_ written: String) -> SpeakerLabel? {
        var main = Substring(written)
        var addressee: String?
        if let open = main.firstIndex(of: "(") {
            guard main.last == ")" else { return nil }
            let inner = main[main.index(after: open)..<main.index(before: main.endIndex)]
            guard inner.hasPrefix("to ") else { return nil }
            addressee = String(inner.dropFirst(3)).trimmingSpaces
            main = main[..<open]
        }
        let words = main.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" || $0 == "\t" })
        guard !words.isEmpty, words.count <= 6 else { return nil }
        let titleCount = Titles.prefixLength(words)
        let nameWords = Array(words[titleCount...])
        let titles = titleCount > 0 ? words[..<titleCount].joined(separator: " ") : nil
        if nameWords.isEmpty {
            // The whole label is a title: `THE PRESIDENT`, `The Chairman`.
            guard let titles else { return nil }
            return SpeakerLabel(written: written.trimmingSpaces, titles: titles, name: Names.canonical(words),
                                addressee: addressee, length: 0)
        }
        guard nameWords.count <= 4, Names.isName(nameWords) else { return nil }
        return SpeakerLabel(written: written.trimmingSpaces, titles: titles, name: Names.canonical(nameWords),
                            addressee: addressee, length: 0)
    }
}

/// Labels already analysed while reading one document, by their text.
final class LabelCache {
    var labels: [String: SpeakerLabel?] = [:]
}

/// Honorifics and titles that may stand before a name in a label; they are kept apart from the name.
enum Titles {
    /// Each title as lower-case words; longer titles are tried first.
    static let all: [[String]] = [
        "cde.", "comrade", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "dr.", "dr", "prof.", "professor",
        "sir", "dame", "lord", "lady", "hon.", "rev.", "senator", "sen.", "rep.", "representative",
        "congressman", "congresswoman", "chairman", "chairwoman", "chair", "ambassador", "general", "gen.",
        "colonel", "col.", "lt.", "lieutenant", "major", "maj.", "captain", "capt.", "admiral", "adm.",
        "marshal", "sergeant", "sgt.", "president", "vice president", "prime minister", "minister",
        "foreign minister", "secretary", "secretary of state", "deputy", "chancellor", "premier", "governor",
        "gov.", "mayor", "judge", "justice", "commissioner", "councilmember", "council member", "councilor",
        "councillor", "director", "king", "queen", "prince", "princess", "madam", "madame", "monsieur", "herr",
        "frau", "señor", "sr.", "sra.", "chief", "the president", "the vice president", "the chairman",
        "the speaker", "the witness", "the court", "the clerk", "the secretary", "the interpreter", "mme.",
        "m.", "comrades",
    ].map { $0.split(separator: " ").map(String.init) }.sorted { $0.count > $1.count }

    /// The titles by their first word, longer ones first.
    static let byFirstWord: [String: [[String]]] = Dictionary(grouping: all) { $0[0] }

    /// How many of `words` at the start form honorifics and titles (`Mr.`, `PRIME MINISTER`, `Dr. Prof.`).
    static func prefixLength(_ words: [Substring]) -> Int {
        let lower = words.map { $0.lowercased() }
        var n = 0
        outer: while n < words.count {
            for title in byFirstWord[lower[n]] ?? [] where n + title.count <= words.count {
                if title.elementsEqual(lower[n..<(n + title.count)]) {
                    n += title.count
                    continue outer
                }
            }
            break
        }
        return n
    }
}

/// The shape of a person's name, and its canonical spelling.
enum Names {
    /// Lower-case particles that may stand inside a name: `de Gaulle`, `van der Berg`.
    static let particles: Set<String> = ["de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "del",
                                         "bin", "ibn", "al", "y", "dos", "das", "ter", "zu"]

    /// Each word capitalised or upper case (role codes such as `S-1` included), particles allowed inside.
    static func isName(_ words: [Substring]) -> Bool {
        for (n, word) in words.enumerated() {
            if particles.contains(String(word)) && n > 0 && n < words.count - 1 { continue }
            guard let first = word.unicodeScalars.first, first.properties.isUppercase else { return false }
            guard word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil
                || $0 == "." || $0 == "'" || $0 == "’" || $0 == "-" }) else { return false }
        }
        return true
    }

    /// Joins the words, showing upper-case names in title case; role codes without vowels stay (`CDR`).
    static func canonical(_ words: [Substring]) -> String {
        words.map { word -> String in
            let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }
            guard letters.count >= 2, letters.allSatisfy({ $0.properties.isUppercase }),
                  letters.contains(where: { "AEIOUYÁÉÍÓÖŐÚÜŰÀÈÌÒÙÂÊÎÔÛÄËÏ".unicodeScalars.contains($0) }) else { return String(word) }
            var result = ""
            var startOfPart = true
            for ch in word {
                result += startOfPart ? String(ch) : ch.lowercased()
                startOfPart = ch == "-" || ch == "'" || ch == "’" || ch == "."
            }
            return result
        }.joined(separator: " ")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and non-breaking spaces.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
