import Foundation
import QueryEngine
import QueryLanguage
import TranscriptModel

/// Runs generated queries on Parley and on SQLite FTS5 over the same utterances and explains every
/// difference by one of Parley's documented rules (Grammar/README.md, "Differences from FTS5").
///
/// Two answers agree when they have the same count and, for at most 100 utterances, the same utterances.
/// A query whose answers differ is explained when every utterance found by one and not the other holds a
/// word of the query in a form one of the rules is about; otherwise it is unexplained.
public struct Differential {
    /// The rules that explain differences, as Grammar/README.md names them.
    public enum Rule: String, CaseIterable, Sendable {
        /// A number with `,` or `.` between digits is one word: `500` does not find `1,500,000`.
        case numberIsOneWord = "number-is-one-word"
        /// A hyphenated word (or one joined by `·`) is also found joined and keeps one position.
        case joinedWord = "joined-word"
        /// A word with an apostrophe keeps one position, and a query word with one matches only as written.
        case apostropheWord = "apostrophe-word"
        /// Parley folds more than FTS5: every script's marks, full case folding, `ß`/`ss`, compatibility forms.
        case folding = "folding"
        /// `speaker:` matches names, labels and their words, never a parenthetical part or a particle alone.
        case speakerWords = "speaker-words"
        /// A correction's words share the positions of the words they replace: `"like to swing"` finds
        /// `like a [: to] swing`.
        case correction = "correction"
        /// A word of three letters or more that ends in digits is also its letters: `senate` finds `Senate22`.
        case lettersThenDigits = "letters-then-digits"
        /// A transcription code or marker (CHAT's `[x 2]`, `xxx`, `&=laughs`) or the name of source markup
        /// (`[glossary:P11]`) is no word, and a phrase reads across it; a word partly said (`op(en)`) is the
        /// whole word.
        case code = "code"
    }

    /// One query's answers.
    public struct Outcome: Sendable {
        public var query: GeneratedQuery
        public var parley: Int
        public var fts5: Int
        public var agrees: Bool
        /// The rules the differing utterances were explained by; empty when it agrees or is unexplained.
        public var rules: Set<String>
        /// A differing utterance no rule explains, with which side found it.
        public var unexplained: (utterance: Int, foundBy: String)?
    }

    /// The outcome of a run.
    public struct Report: Sendable {
        public var outcomes: [Outcome]
        public var agreements: Int { outcomes.filter(\.agrees).count }
        public var unexplained: [Outcome] { outcomes.filter { $0.unexplained != nil } }
        public var rate: Double { outcomes.isEmpty ? 1 : Double(agreements) / Double(outcomes.count) }

        /// Agreement rate, differences by rule, and each unexplained query with an example utterance.
        public func summary(index: CorpusIndex) -> String {
            var lines = ["FTS5 differential (SQLite \(FTS5Table.version)): \(outcomes.count) queries, \(agreements) agree ("
                         + String(format: "%.1f%%", rate * 100) + "), \(outcomes.count - agreements - unexplained.count) differ by a rule, "
                         + "\(unexplained.count) unexplained"]
            var byRule: [String: Int] = [:]
            for outcome in outcomes { for rule in outcome.rules { byRule[rule, default: 0] += 1 } }
            for (rule, count) in byRule.sorted(by: { $0.key < $1.key }) { lines.append("  \(rule): \(count) queries") }
            for outcome in unexplained.prefix(20) {
                guard let (u, side) = outcome.unexplained else { continue }
                lines.append("  unexplained: \(outcome.query.parley)  [FTS5: \(outcome.query.fts5)]  Parley \(outcome.parley), FTS5 \(outcome.fts5); only \(side) finds: \(index.utterance(u).text.prefix(160))")
            }
            return lines.joined(separator: "\n")
        }
    }

    let index: CorpusIndex
    private let table: FTS5Table

    public init(index: CorpusIndex) throws(FTS5Error) {
        self.index = index
        table = try FTS5Table(index: index)
    }

    /// Generates `count` queries from `seed` and compares the answers.
    public func run(count: Int, seed: UInt64) throws(FTS5Error) -> Report {
        var generator = QueryGenerator(index: index, seed: seed)
        var outcomes: [Outcome] = []
        var attempts = 0
        while outcomes.count < count, attempts < count * 10 {
            attempts += 1
            guard let query = generator.query() else { continue }
            if let outcome = try compare(query) { outcomes.append(outcome) }
        }
        return Report(outcomes: outcomes)
    }

    /// Both answers to one query and, when they differ, the explanation; nil when Parley refuses the query.
    public func compare(_ query: GeneratedQuery) throws(FTS5Error) -> Outcome? {
        let parsed = parseQuery(query.parley)
        guard !parsed.hasErrors else { return nil }
        let evaluator = Evaluator(index: index, settings: MatchSettings(), named: NamedQueries(), source: parsed.source)
        guard let bits = try? evaluator.evaluate(parsed.expression) else { return nil }
        let parley = Set(bits.members.map { Int($0) })
        let fts5 = try table.utterances(matching: query.fts5)
        var outcome = Outcome(query: query, parley: parley.count, fts5: fts5.count,
                              agrees: parley.count == fts5.count && (parley.count > 100 || parley == fts5), rules: [])
        guard parley != fts5 else { return outcome }
        for (side, utterances) in [("Parley", parley.subtracting(fts5)), ("FTS5", fts5.subtracting(parley))] {
            for u in utterances.sorted() {
                guard let rule = explain(u, query, foundBy: side) else {
                    outcome.unexplained = (u, side)
                    outcome.rules = []
                    return outcome
                }
                outcome.rules.insert(rule.rawValue)
            }
        }
        return outcome
    }

    /// The rule that makes utterance `u` an answer of one side and not the other, or nil.
    func explain(_ u: Int, _ query: GeneratedQuery, foundBy: String) -> Rule? {
        let utterance = index.utterance(u)
        if query.parley.contains("speaker:"), let s = utterance.speaker {
            // Parley's speakers are one across documents by folded name: every document's labels count.
            let key = Folding.fold(index.documents[index.address(u).document].speakers[s].name)
            let forms = index.documents.flatMap(\.speakers).filter { Folding.fold($0.name) == key }
                .flatMap { [$0.name] + $0.labels }.map { Folding.fold($0) }
            for w in query.words.map({ Folding.fold($0) }) {
                let inForms = forms.contains { Self.ftsTokens($0).contains(w) }
                let asParleyWord = forms.contains { SpeakerNames.words($0).contains(w) }
                // FTS5 finds a particle or a word in parentheses; Parley finds a whole name or label.
                if foundBy == "FTS5", inForms, !asParleyWord, SpeakerNames.particles.contains(w) || forms.contains(where: { $0.contains("(") }) {
                    return .speakerWords
                }
                if foundBy == "Parley", asParleyWord || forms.contains(w) { return .speakerWords }
            }
        }
        let wanted = Set(query.words.flatMap { Self.ftsTokens($0) }.map(Self.ftsFold))
        let wantedFolded = Set(query.words.flatMap { Self.ftsTokens($0) }.map { Folding.fold($0) })
        let apostropheQuery = query.words.contains { $0.contains("'") || $0.contains("’") }
        var found: Rule? = nil
        // Each word as Parley's tokenizer cuts it (joiners included), and the FTS5 tokens inside it.
        var words: [Range<Int>] = []
        utterance.withTextUTF8 { text in
            Tokenizer.scan(text) { _, word in if words.last != word.range { words.append(word.range) } }
        }
        let bytes = Array(utterance.text.utf8)
        for range in words {
            let written = String(decoding: bytes[range], as: UTF8.self)
            let letters = String(written.reversed().drop { $0.isNumber }.reversed())
            if letters.count >= 3, letters.count < written.count, letters.allSatisfy(\.isLetter),
               wantedFolded.contains(Folding.fold(letters)) {
                return .lettersThenDigits
            }
            let parts = Self.ftsTokens(written)
            let hit = parts.contains { wanted.contains(Self.ftsFold($0)) || wantedFolded.contains(Folding.fold($0)) }
                || wanted.contains(where: { w in parts.contains { Self.ftsFold($0).hasPrefix(w) } }) && query.parley.contains("*")
                || wantedFolded.contains(Folding.fold(written).replacingOccurrences(of: "-", with: ""))
                || query.parley.contains("*") && wanted.contains(where: { Folding.fold(written).filter { $0 != "-" && $0 != "·" }.hasPrefix($0) })
            guard hit else { continue }
            let digitsJoined = written.contains { $0 == "," || $0 == "." }
            if digitsJoined { return .numberIsOneWord }
            if written.contains(where: { "-‐‑·‧".contains($0) }) { found = .joinedWord; continue }
            if written.contains(where: { $0 == "'" || $0 == "’" }) { found = found ?? .apostropheWord; continue }
            if parts.contains(where: { p in wanted.contains(where: { Self.ftsFold(p) != $0 && Folding.fold(p) == Folding.fold($0) })
                || wantedFolded.contains(Folding.fold(p)) && !wanted.contains(Self.ftsFold(p)) }) {
                found = found ?? .folding
            }
        }
        if found == nil, apostropheQuery { return .apostropheWord }
        let marks = index.marks(ofUtterance: u)
        if found == nil, !marks.codes.isEmpty || !marks.joins.isEmpty {
            // A query word in a code or a word partly said, or a phrase that may read across a code.
            let prefix = query.parley.contains("*")
            func isWanted(_ token: String) -> Bool {
                wanted.contains(Self.ftsFold(token)) || wantedFolded.contains(Folding.fold(token))
                    || prefix && (wanted.contains { Self.ftsFold(token).hasPrefix($0) } || wantedFolded.contains { Folding.fold(token).hasPrefix($0) })
            }
            let coded = (marks.codes + marks.joins).flatMap { range in Self.ftsTokens(String(decoding: bytes[range.clamped(to: 0..<bytes.count)], as: UTF8.self)) }
            let wholes = marks.joins.map { range in String(decoding: bytes[range.clamped(to: 0..<bytes.count)].filter { $0 != 0x28 && $0 != 0x29 }, as: UTF8.self) }
            if query.parley.contains("\"") || coded.contains(where: isWanted) || wholes.contains(where: isWanted) {
                return .code
            }
        }
        if found == nil, query.parley.contains("\""), !index.marks(ofUtterance: u).corrections.isEmpty { return .correction }
        if found == nil, query.parley.contains("\"") {
            // In a phrase or proximity, a joined word anywhere between the words counts as one position.
            for range in words {
                let written = String(decoding: bytes[range], as: UTF8.self)
                if written.contains(where: { "-‐‑·‧".contains($0) }) { return .joinedWord }
                if written.contains(where: { $0 == "'" || $0 == "’" }) { return .apostropheWord }
                if written.contains(where: { $0 == "," || $0 == "." }) { return .numberIsOneWord }
            }
        }
        return found
    }

    /// A text cut as FTS5's unicode61 tokenizer cuts it: runs of letters and digits.
    static func ftsTokens(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// A token folded as `unicode61 remove_diacritics 2` folds it: lower case, and the marks of Latin letters
    /// removed (other scripts keep theirs).
    static func ftsFold(_ token: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in token.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark, let last = out.last, last.value < 0x250 || (0x1E00...0x1EFF).contains(last.value) {
                continue
            }
            out.append(scalar)
        }
        return String(out).precomposedStringWithCanonicalMapping
    }
}
