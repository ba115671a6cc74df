import QueryEngine
import TranscriptModel

/// One generated query, written for Parley and for FTS5, with the words it uses.
public struct GeneratedQuery: Sendable {
    /// What kind of query it is (`word`, `rare`, `diacritic`, `apostrophe`, `prefix`, `phrase`, `near2`,
    /// `near3`, `speaker`, `and`, `or`, `not`, `parentheses`).
    public var kind: String
    public var parley: String
    public var fts5: String
    /// The words as typed.
    public var words: [String]

    public init(kind: String, parley: String, fts5: String, words: [String]) {
        self.kind = kind
        self.parley = parley
        self.fts5 = fts5
        self.words = words
    }
}

/// Seeded queries sampled from the corpus's own text: single words frequent and rare, with diacritics and
/// apostrophes, phrases, prefixes, proximity of two and three words, `speaker:` with a word, and AND, OR, NOT
/// and parentheses over them.
struct QueryGenerator {
    private var random: SplitMix
    /// Each utterance's words as FTS5 would cut them (runs of letters and digits), as written.
    private let tokens: [[Substring]]
    private let rare: [String]
    private let accented: [String]
    private let apostrophed: [String]
    private let speakerWords: [String]

    init(index: CorpusIndex, seed: UInt64) {
        random = SplitMix(seed: seed)
        var tokens: [[Substring]] = []
        var frequency: [String: Int] = [:]
        var apostrophed: Set<String> = []
        for u in 0..<index.utteranceCount {
            let text = index.utterance(u).text
            let words = text.split { !($0.isLetter || $0.isNumber) }
            tokens.append(words)
            for w in Set(words.map { $0.lowercased() }) { frequency[w, default: 0] += 1 }
            // Words with an apostrophe between letters, as written.
            var current = ""
            for c in text + " " {
                if c.isLetter || c.isNumber || ((c == "'" || c == "’") && current.last?.isLetter == true) {
                    current.append(c)
                } else {
                    if let a = current.firstIndex(where: { $0 == "'" || $0 == "’" }), current.index(after: a) < current.endIndex,
                       current.last?.isLetter == true {
                        apostrophed.insert(current)
                    }
                    current = ""
                }
            }
        }
        self.tokens = tokens
        rare = frequency.filter { $0.value <= 3 && $0.key.count > 2 }.map(\.key).sorted()
        accented = frequency.keys.filter { w in w.unicodeScalars.contains { !$0.isASCII } }.sorted()
        self.apostrophed = apostrophed.sorted()
        var names: Set<String> = []
        for document in index.documents {
            for speaker in document.speakers {
                for form in [speaker.name] + speaker.labels {
                    for w in form.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where w.count > 1 { names.insert(String(w)) }
                }
            }
        }
        speakerWords = names.sorted()
    }

    /// Operators are upper case in both languages: a sampled `AND` is searched as `and`.
    private static func plain(_ word: Substring) -> String {
        ["AND", "OR", "NOT", "NEAR"].contains(String(word)) ? word.lowercased() : String(word)
    }

    private mutating func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[Int(random.next() % UInt64(items.count))]
    }

    /// A random utterance with at least `count` words.
    private mutating func utteranceWords(atLeast count: Int) -> [Substring]? {
        for _ in 0..<50 {
            let u = Int(random.next() % UInt64(max(1, tokens.count)))
            if tokens.indices.contains(u), tokens[u].count >= count { return tokens[u] }
        }
        return nil
    }

    private static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A query of one term; on the FTS5 side, a term other than `speaker:` is limited to the text column.
    mutating func atom() -> GeneratedQuery? {
        guard var atom = term() else { return nil }
        if atom.kind != "speaker" { atom.fts5 = "text : " + atom.fts5 }
        return atom
    }

    private mutating func term() -> GeneratedQuery? {
        switch random.next() % 11 {
        case 0, 1:
            guard let words = utteranceWords(atLeast: 1), let w = pick(words) else { return nil }
            let word = Self.plain(w)
            return GeneratedQuery(kind: "word", parley: word, fts5: Self.quoted(word), words: [word])
        case 2:
            guard let w = pick(rare) else { return nil }
            return GeneratedQuery(kind: "rare", parley: w, fts5: Self.quoted(w), words: [w])
        case 3:
            guard let w = pick(accented) else { return nil }
            return GeneratedQuery(kind: "diacritic", parley: w, fts5: Self.quoted(w), words: [w])
        case 4:
            guard let w = pick(apostrophed) else { return nil }
            return GeneratedQuery(kind: "apostrophe", parley: w, fts5: Self.quoted(w), words: [w])
        case 5:
            guard let words = utteranceWords(atLeast: 1), let w = pick(words.filter { $0.count >= 4 && $0.allSatisfy(\.isLetter) }) else { return nil }
            let prefix = String(w.prefix(3 + Int(random.next() % 3))).lowercased()
            return GeneratedQuery(kind: "prefix", parley: prefix + "*", fts5: Self.quoted(prefix) + "*", words: [prefix])
        case 6:
            let length = 2 + Int(random.next() % 2)
            guard let words = utteranceWords(atLeast: length) else { return nil }
            let start = Int(random.next() % UInt64(words.count - length + 1))
            let phrase = words[start..<start + length].map(Self.plain)
            let text = phrase.joined(separator: " ")
            return GeneratedQuery(kind: "phrase", parley: "\"" + text + "\"", fts5: Self.quoted(text), words: phrase)
        case 7, 8:
            let count = random.next() % 2 == 0 ? 2 : 3
            guard let words = utteranceWords(atLeast: count + 2) else { return nil }
            let start = Int(random.next() % UInt64(words.count - count - 1))
            // Words from a stretch of the utterance, so the group often occurs, in shuffled order.
            var chosen = Array(words[start..<min(words.count, start + count + 3)]).map(Self.plain)
            chosen.shuffle(using: &random)
            chosen = Array(chosen.prefix(count))
            let distance = 1 + Int(random.next() % 6)
            return GeneratedQuery(kind: "near\(count)", parley: "\"" + chosen.joined(separator: " ") + "\"~\(distance)",
                                  fts5: "NEAR(" + chosen.map(Self.quoted).joined(separator: " ") + ", \(distance))", words: chosen)
        case 9:
            guard let w = pick(speakerWords) else { return nil }
            let word = Self.plain(Substring(w))
            return GeneratedQuery(kind: "speaker", parley: "speaker:" + word, fts5: "speaker : " + Self.quoted(word), words: [word])
        default:
            guard let words = utteranceWords(atLeast: 1), let w = pick(words) else { return nil }
            let word = Self.plain(w)
            return GeneratedQuery(kind: "word", parley: word, fts5: Self.quoted(word), words: [word])
        }
    }

    /// A query: an atom, or AND, OR, NOT or parentheses over atoms.
    mutating func query() -> GeneratedQuery? {
        guard let a = atom() else { return nil }
        switch random.next() % 8 {
        case 0, 1:
            guard let b = atom() else { return nil }
            return GeneratedQuery(kind: "and", parley: a.parley + " " + b.parley, fts5: a.fts5 + " AND " + b.fts5, words: a.words + b.words)
        case 2:
            guard let b = atom() else { return nil }
            return GeneratedQuery(kind: "or", parley: a.parley + " OR " + b.parley, fts5: a.fts5 + " OR " + b.fts5, words: a.words + b.words)
        case 3:
            guard let b = atom() else { return nil }
            return GeneratedQuery(kind: "not", parley: a.parley + " -" + b.parley, fts5: a.fts5 + " NOT " + b.fts5, words: a.words + b.words)
        case 4:
            guard let b = atom(), let c = atom() else { return nil }
            return GeneratedQuery(kind: "parentheses", parley: "(" + a.parley + " OR " + b.parley + ") " + c.parley,
                                  fts5: "(" + a.fts5 + " OR " + b.fts5 + ") AND " + c.fts5, words: a.words + b.words + c.words)
        default:
            return a
        }
    }
}

/// SplitMix64: a small seeded generator, so that a failing query is the same on every run.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
