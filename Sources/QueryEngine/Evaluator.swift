import QueryLanguage
import TranscriptModel

/// What a query matches: utterances, or whole turns or documents (`.within`).
public enum Scope: String, Sendable, CaseIterable {
    case utterance, turn, document
}

/// Settings that change what a query matches.
public struct MatchSettings: Sendable {
    public var scope: Scope = .utterance
    /// Whether words the editor inserted (`[agricultural]`) count (`.editorial on`).
    public var editorial = true

    public init(scope: Scope = .utterance, editorial: Bool = true) {
        self.scope = scope
        self.editorial = editorial
    }
}

/// Queries named with `.topic` and `.define`, by folded name, with the text they were defined by.
public struct NamedQueries: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var query: ParsedQuery
        /// `topic:NAME` or `@NAME`, as the entry is used.
        public var reference: String
    }

    public private(set) var topics: [String: Entry] = [:]
    public private(set) var definitions: [String: Entry] = [:]

    public init() {}

    public mutating func setTopic(_ name: String, _ query: ParsedQuery) {
        topics[TextFolding.fold(name)] = Entry(name: name, query: query, reference: "topic:" + name)
    }

    public mutating func define(_ name: String, _ query: ParsedQuery) {
        definitions[TextFolding.fold(name)] = Entry(name: name, query: query, reference: "@" + name)
    }

    public func topic(_ name: String) -> Entry? { topics[TextFolding.fold(name)] }
    public func definition(_ name: String) -> Entry? { definitions[TextFolding.fold(name)] ?? topics[TextFolding.fold(name)] }

    /// The error for `@NAME` when no query has that name, with the nearest name there is.
    public func unknownName(_ name: String) -> String {
        let known = Array(definitions.values.map(\.name)) + topics.values.map(\.name)
        let hint = Suggestions.nearest(to: name, among: known).map { "; did you mean '\($0)'?" }
        return "no query named '@\(name)'" + (hint ?? "; to search for '@\(name)' as written, quote it: '\"@\(name)\"'")
    }

    /// The note for `topic:NAME` when there is no such topic, and the word itself is searched.
    public func unknownTopic(_ name: String) -> String {
        "no topic '\(name)'; searching the word itself" + (Suggestions.nearest(to: name, among: topics.values.map(\.name)).map { "; did you mean '\($0)'?" } ?? "")
    }
}

/// Why a query could not run; its diagnostic points into the query (or into a named query it uses).
public struct EvaluationError: Error, Sendable {
    public var diagnostic: Diagnostic
    /// The text the diagnostic's range points into.
    public var source: Source

    /// An error at a place in `source`; other engines (the ClickHouse compiler) report theirs this way too.
    public init(diagnostic: Diagnostic, source: Source) {
        self.diagnostic = diagnostic
        self.source = source
    }
}

/// Evaluates a query's expression against the index, over the units of the scope.
///
/// Each leaf (term, field) gives the utterances it matches; in turn or document scope those are lifted to
/// their turns or documents before AND, OR and NOT combine them, so `army leadership` within turns finds
/// turns that contain both words anywhere.
public final class Evaluator {
    public let index: CorpusIndex
    public let settings: MatchSettings
    public let named: NamedQueries
    /// Notes for the user (`no speaker 'Berija'; did you mean 'Beria'?`), with the source they point into.
    public private(set) var notes: [(Diagnostic, Source)] = []
    /// Polled during long scans (regular expressions); true stops the query.
    let shouldStop: () -> Bool
    var source: Source
    private var expanding: [String] = []
    private var cache: [Expression: Bitset] = [:]

    public init(index: CorpusIndex, settings: MatchSettings, named: NamedQueries, source: Source,
                shouldStop: @escaping () -> Bool = { false }) {
        self.index = index
        self.settings = settings
        self.named = named
        self.source = source
        self.shouldStop = shouldStop
    }

    /// How many units the scope has.
    public var unitCount: Int {
        switch settings.scope {
        case .utterance: return index.utteranceCount
        case .turn: return index.turnUnitCount
        case .document: return index.documents.count
        }
    }

    /// The units `expression` matches.
    public func evaluate(_ expression: Expression) throws(EvaluationError) -> Bitset {
        if let known = cache[expression] { return known }
        let result: Bitset
        switch expression.kind {
        case .matchAll:
            result = .all(unitCount)
        case .group(let inner):
            result = try evaluate(inner)
        case .sequence(let sequence):
            result = lift(try turns(of: sequence))
        case .near(let window):
            result = lift(try utterances(near: window))
        case .not(let inner):
            result = try evaluate(inner).inverted()
        case .and(let operands, let joins):
            noteNamesCutByASpace(operands, joins: joins)
            noteOperatorsInSmallLetters(operands)
            var set = try evaluate(operands[0])
            for operand in operands.dropFirst() where !set.isEmpty { set.formIntersection(try evaluate(operand)) }
            result = set
        case .or(let operands):
            var set = Bitset(capacity: unitCount)
            for operand in operands { set.formUnion(try evaluate(operand)) }
            result = set
        case .term(let term):
            result = lift(try utterances(term))
        case .field(let field):
            result = try evaluateField(field, range: expression.range)
        case .namedReference(let name):
            guard let entry = named.definition(name) else { throw error("unknown-name", named.unknownName(name), expression.range) }
            result = try expand(entry, at: expression.range)
        case .missing, .error:
            throw error("incomplete-query", "the query is incomplete", expression.range)
        }
        cache[expression] = result
        return result
    }

    /// `after:(Q)~N` and `before:(Q)~N`: every utterance of the N turns after (before) each turn that holds
    /// an utterance matching Q (interjections included), in the same document. Q is matched utterance by
    /// utterance whatever the scope; narrative, which stands in no turn, is never matched.
    func turns(of sequence: TurnSequence) throws(EvaluationError) -> Bitset {
        let (direction, turns) = (sequence.direction, sequence.turns)
        let hits = try utteranceHits(sequence.query)
        var set = Bitset(capacity: index.utteranceCount)
        var done: Set<Int> = []
        for u in hits.members {
            let a = index.address(u)
            let document = index.documents[a.document]
            guard let number = document.utterances[a.index].turn, done.insert(Int(index.turnUnit[u])).inserted else { continue }
            for k in 1...max(1, turns) {
                guard let turn = document.turn(numbered: direction == .after ? number + k : number - k) else { break }
                for v in turn.utterances { set.insert(index.documentStarts[a.document] + v) }
            }
        }
        return set
    }

    /// The utterances `inner` matches, utterance by utterance whatever the scope.
    func utteranceHits(_ inner: Expression) throws(EvaluationError) -> Bitset {
        guard settings.scope != .utterance else { return try evaluate(inner) }
        let utterances = Evaluator(index: index, settings: MatchSettings(scope: .utterance, editorial: settings.editorial),
                                   named: named, source: source, shouldStop: shouldStop)
        defer { notes += utterances.notes }
        return try utterances.evaluate(inner)
    }

    /// `near:(Q)~L,R WORD`: the utterances Q matches (utterance by utterance, whatever the scope) in which
    /// WORD stands within L words before the first word of a match of Q's search words or R after its last,
    /// as `collocates` stands its windows (`NodeFinder`): WORD as a query word finds it, the match's own
    /// words are not in its window, and under `.editorial off` neither a match nor a window word the
    /// editor inserted counts.
    func utterances(near window: WordWindow) throws(EvaluationError) -> Bitset {
        let hits = try utteranceHits(window.query)
        var set = Bitset(capacity: index.utteranceCount)
        let forms = Tokenizer.words(window.word.text)
        guard forms.count == 1 else {
            throw error("invalid-field-value", "'near:' finds one word near the matches, not \(forms.isEmpty ? "none" : "\(forms.count)")", window.word.range)
        }
        guard !hits.isEmpty, let id = forms[0].first.flatMap(index.term) else { return set }
        var candidates = hits
        candidates.formIntersection(try utterances(Term(.word, window.word.text, range: window.word.range)))
        let finder = NodeFinder(Highlighter(window.query, index: index, named: named), editorial: settings.editorial)
        var words = UtteranceWords(index)
        var spans: [(first: Int, last: Int)] = []
        let wanted = Int32(id)
        for u in candidates.members {
            words.read(u)
            finder.spans(u, words, into: &spans)
            let holds = { (q: Int) in (self.settings.editorial || words.source[q] != .inserted) && words.forms(at: q).contains(wanted) }
            let found = spans.contains { span in
                let around = finder.window(around: span, left: window.left, right: window.right, count: words.count)
                return around.before.contains(where: holds) || around.after.contains(where: holds)
            }
            if found { set.insert(u) }
        }
        return set
    }

    /// Evaluates a named query in place, refusing one that refers to itself.
    public func expand(_ entry: NamedQueries.Entry, at range: SourceRange) throws(EvaluationError) -> Bitset {
        try entering(entry, at: range) { () throws(EvaluationError) -> Bitset in
            let outerCache = cache
            cache = [:]
            defer { cache = outerCache }
            return try evaluate(entry.query.expression)
        }
    }

    /// Refuses a named query that refers to itself, directly or through others, as `expand` would when it
    /// is used, but by following its references only: nothing is evaluated on the corpus.
    public func checkReferences(_ entry: NamedQueries.Entry, at range: SourceRange) throws(EvaluationError) {
        try entering(entry, at: range) { () throws(EvaluationError) in try checkReferences(in: entry.query.expression) }
    }

    /// Runs `body` inside named query `entry` (used at `range`): refuses it when it is already being
    /// entered, which is a self-reference, and reads positions in `entry`'s own text meanwhile.
    private func entering<R>(_ entry: NamedQueries.Entry, at range: SourceRange,
                             _ body: () throws(EvaluationError) -> R) throws(EvaluationError) -> R {
        let key = TextFolding.fold(entry.reference)
        if expanding.contains(key) {
            let chain = (expanding + [key]).joined(separator: " → ")
            throw error("self-reference", "'\(entry.reference)' refers to itself: \(chain)", range)
        }
        expanding.append(key)
        defer { expanding.removeLast() }
        let outer = source
        source = entry.query.source
        defer { source = outer }
        return try body()
    }

    private func checkReferences(in expression: Expression) throws(EvaluationError) {
        switch expression.kind {
        case .namedReference(let name):
            if let entry = named.definition(name) { try checkReferences(entry, at: expression.range) }
        case .field(let field):
            if field.field == .topic, case .term(let term) = field.value, let entry = named.topic(term.text) {
                try checkReferences(entry, at: expression.range)
            }
        case .sequence(let sequence): try checkReferences(in: sequence.query)
        case .near(let window): try checkReferences(in: window.query)
        case .not(let operand), .group(let operand): try checkReferences(in: operand)
        case .and(let operands, _), .or(let operands):
            for operand in operands { try checkReferences(in: operand) }
        case .term, .matchAll, .missing, .error: break
        }
    }

    /// Lifts utterances to the scope's units.
    func lift(_ utterances: Bitset) -> Bitset {
        switch settings.scope {
        case .utterance:
            return utterances
        case .turn:
            var set = Bitset(capacity: index.turnUnitCount)
            for u in utterances.members { set.insert(Int(index.turnUnit[u])) }
            return set
        case .document:
            var set = Bitset(capacity: index.documents.count)
            for u in utterances.members { set.insert(index.address(u).document) }
            return set
        }
    }

    /// Utterances matching a search term.
    func utterances(_ term: Term) throws(EvaluationError) -> Bitset {
        let editorial = settings.editorial
        switch term.kind {
        case .word:
            let words = Tokenizer.words(term.text)
            if words.count == 1 {
                let found = wordUtterances(words[0], editorial: editorial)
                noteWordInsideLongerRuns(words[0], found: found, term: term)
                return found
            }
            return index.utterances(ofPhrase: words.map { forms in forms.first.flatMap(index.term) }, within: nil, editorial: editorial)
        case .phrase(let proximity):
            if term.text.contains("*") || term.text.contains("~") {
                note("wildcard-in-phrase", "inside quotes '*' and '~' are not wildcards: the phrase matches its words as written", term.range)
            }
            let words = Tokenizer.words(term.text)
            guard !words.isEmpty else { return Bitset(capacity: index.utteranceCount) }
            let ids = words.map { forms in forms.first.flatMap(index.term) }
            if words.count == 1, proximity == nil { return wordUtterances(words[0], editorial: editorial) }
            return index.utterances(ofPhrase: ids, within: proximity, editorial: editorial)
        case .prefix, .fuzzy:
            return union(expansion(of: term), editorial: editorial)
        case .regex:
            return try regexUtterances(term)
        }
    }

    func wordUtterances(_ forms: [String], editorial: Bool, capitalisedOnly: Bool = false) -> Bitset {
        guard let main = forms.first, let id = index.term(main) else { return Bitset(capacity: index.utteranceCount) }
        return index.utterances(ofTerm: id, editorial: editorial, capitalisedOnly: capitalisedOnly)
    }

    func union(_ ids: [Int], editorial: Bool, capitalisedOnly: Bool = false) -> Bitset {
        var set = Bitset(capacity: index.utteranceCount)
        for id in ids { set.formUnion(index.utterances(ofTerm: id, editorial: editorial, capitalisedOnly: capitalisedOnly)) }
        return set
    }

    /// The corpus's words a prefix (`purg*`) or a fuzzy word (`Rakosy~`) stands for, with a note when there
    /// were more than are taken; none for any other term.
    func expansion(of term: Term) -> [Int] {
        let (ids, cut): ([Int], Bool)
        switch term.kind {
        case .prefix:
            (ids, cut) = index.terms(withPrefix: TextFolding.fold(term.text))
            if cut { note("expansion-cut", Self.prefixCut(term.text), term.range) }
        case .fuzzy(let distance):
            (ids, cut) = index.terms(near: TextFolding.fold(term.text), distance: distance)
            if cut { note("expansion-cut", Self.fuzzyCut(term.text), term.range) }
        default:
            return []
        }
        return ids
    }

    /// A regular expression term's program; a pattern that does not compile is an error at its place.
    func compile(_ term: Term) throws(EvaluationError) -> RegexProgram {
        try Self.regexProgram(term, source: source)
    }

    /// The note for a prefix that stands for more words than are searched.
    public static func prefixCut(_ prefix: String) -> String {
        "'\(prefix)*' stands for more than \(CorpusIndex.expansionLimit) words; only the first \(CorpusIndex.expansionLimit) are searched"
    }

    /// The note for a fuzzy word close to more words than are searched.
    public static func fuzzyCut(_ word: String) -> String {
        "'\(word)~' is close to more than \(CorpusIndex.expansionLimit) words; only the first \(CorpusIndex.expansionLimit) are searched"
    }

    /// A regular expression term's program, or the error at the place in the pattern that is wrong.
    public static func regexProgram(_ term: Term, source: Source) throws(EvaluationError) -> RegexProgram {
        do {
            return try RegexProgram(term.text)
        } catch {
            // The pattern starts one byte after the opening slash.
            let at = term.range.start + 1 + error.offset
            let diagnostic = Diagnostic(id: Diagnostic.ID("invalid-regex"), severity: .error, message: error.message,
                                        range: SourceRange(at, min(at + 1, term.range.end)))
            throw EvaluationError(diagnostic: diagnostic, source: source)
        }
    }

    func regexUtterances(_ term: Term) throws(EvaluationError) -> Bitset {
        let program = try compile(term)
        var set = Bitset(capacity: index.utteranceCount)
        for u in 0..<index.utteranceCount {
            let matched = index.utterance(u).withTextUTF8 { program.matches(utf8: $0, shouldStop: shouldStop) }
            guard let matched else {
                throw error("cancelled", "the query was cancelled", term.range)
            }
            if matched { set.insert(u) }
            if u & 1023 == 0, shouldStop() { throw error("cancelled", "the query was cancelled", term.range) }
        }
        return set
    }

    // MARK: Diagnostics

    func error(_ id: String, _ message: String, _ range: SourceRange) -> EvaluationError {
        EvaluationError(diagnostic: Diagnostic(id: Diagnostic.ID(id), severity: .error, message: message, range: range), source: source)
    }

    /// `speaker:Carme Forcadell` is `speaker:Carme` and the word `Forcadell` said, which finds nothing or a
    /// few of her utterances, and looks like an answer: where the two words together name a speaker (or an
    /// addressee), a note says how to write the name.
    func noteNamesCutByASpace(_ operands: [Expression], joins: [AndJoin]) {
        for i in operands.indices.dropLast() where i < joins.count && joins[i] == .implied {
            guard case .field(let field) = operands[i].kind, let name = field.field, name == .speaker || name == .to,
                  case .term(let first) = field.value, first.kind == .word,
                  case .term(let second) = operands[i + 1].kind, second.kind == .word,
                  operands[i + 1].range.start == operands[i].range.end + 1 else { continue }
            let whole = first.text + " " + second.text
            guard let speakers = try? speakerNumbers(matching: Term(.phrase(proximity: nil), whole, range: first.range)),
                  let speaker = speakers.first else { continue }
            let written = field.name + ":" + whole
            note("name-cut-by-space", "'\(written)' is '\(field.name):\(first.text)' and the word '\(second.text)' said; "
                 + "for \(index.speakerNames[speaker]), write '\(field.name):\"\(whole)\"'",
                 SourceRange(operands[i].range.start, operands[i + 1].range.end))
        }
    }

    /// `Stalin or Farkas` finds the utterances that hold all three words, which is seldom what was meant
    /// and looks like an answer (none, or a few): operators are written in capitals, and a note says so.
    func noteOperatorsInSmallLetters(_ operands: [Expression]) {
        for operand in operands {
            guard case .term(let term) = operand.kind, term.kind == .word else { continue }
            let meaning: String
            switch term.text.lowercased() {
            case "or": meaning = "for either side, write OR"
            case "not": meaning = "to leave out what follows, write NOT"
            case "and": meaning = "words side by side must all be there without it"
            default: continue
            }
            note("operator-in-small-letters", "'\(term.text)' is searched as a word; \(meaning)", operand.range)
        }
    }

    /// `สวัสดี` finds the utterances where it stands as a whole run of Thai letters, none of those where it
    /// opens a sentence written without spaces, and that looks like an answer: where it stands inside
    /// longer runs, a note says in how many more utterances, and how to find them.
    func noteWordInsideLongerRuns(_ forms: [String], found: Bitset, term: Term) {
        guard let main = forms.first, Tokenizer.holdsScriptWithoutSpaces(main) else { return }
        var inside = union(index.terms(holdingInside: Array(main.utf8)), editorial: settings.editorial)
        inside.subtract(found)
        let more = inside.count
        guard more > 0 else { return }
        note("word-inside-longer-run", "'\(term.text)' stands inside longer runs of letters, not split into words, "
             + "in \(more) more utterance\(more == 1 ? "" : "s"); /\(term.text)/ finds it anywhere", term.range)
    }

    func note(_ id: String, _ message: String, _ range: SourceRange) {
        notes.append((Diagnostic(id: Diagnostic.ID(id), severity: .note, message: message, range: range), source))
    }

    func suggestion(_ word: String, _ candidates: [String]) -> String {
        Suggestions.nearest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}
