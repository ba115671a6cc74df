import QueryEngine
import QueryLanguage
import TranscriptModel

/// Compiles a parsed query to ClickHouse SQL over `parley.utterances`, construct by construct. What it
/// cannot compile yet it refuses, with an error that names the construct and points at it: a query is
/// answered as the in-memory engine answers it, or not at all.
///
/// Each node becomes a condition on a row of `parley.utterances` (columns `doc`, `load`, `u`, `turn`,
/// `speaker`, `kind`). Search terms look up `parley.tokens_local`, which holds every form the index
/// makes at every position, so the shard that holds a document answers for its words; every value the
/// user typed goes in as a literal (`SQL.literal`). What only Parley's own code decides exactly (a
/// regular expression, `after:`, `near:`, `written:`, the fields read from the documents themselves) the
/// server narrows, the in-memory engine decides on the client, and the condition names the utterances
/// it matched.
public final class QueryCompiler {
    public let corpus: ServerCorpus
    public let settings: MatchSettings
    /// The session's `@NAME` definitions and topics, expanded where a query names them.
    public let named: NamedQueries
    /// Notes for the user, as the in-memory engine makes them (`no speaker 'Berija'; did you mean 'Beria'?`).
    public private(set) var notes: [(Diagnostic, Source)] = []
    /// Set when compiling needed the server and it failed (status 69 rather than a query error).
    public private(set) var serverError: ServerError?
    private var source = Source("")

    public init(corpus: ServerCorpus, settings: MatchSettings = MatchSettings(), named: NamedQueries = NamedQueries()) {
        self.corpus = corpus
        self.settings = settings
        self.named = named
    }

    /// The references being expanded, outermost first: a query that names itself is an error.
    private var expanding: [String] = []

    /// What a query asks the server for.
    public enum Output: Sendable, Equatable {
        /// `count`.
        case count
        /// `count by speaker` or `count by doc`.
        case countBy(ResultField)
        /// Under `.within turn|document`: the condition names the utterances of the documents that can hold
        /// a matched unit; those documents are fetched and the query runs on them in memory.
        case units
        /// The matched utterances, whose documents are fetched (`parley.packets`) for the stages to run on
        /// in memory: `show`, `kwic`, `cite`, `words`, `count by` over search words ...
        case utterances
    }

    /// A compiled query: the condition on `parley.utterances` and what to make of the rows.
    public struct Compiled: Sendable {
        /// The same query with another condition (its `keywords vs` query's, say).
        public func with(_ condition: String) -> Compiled {
            var other = self
            other.condition = condition
            return other
        }

        public var condition: String
        public var output: Output
        /// Whether the query is made of the fields decided on the stand-ins (`speaker:`, `doc:`, `date:`,
        /// `kind:`, `turn:` and speakers' attributes) alone, so that `count by speaker|doc` is counted on the
        /// server (with no words, its hits are the utterances).
        public var fieldsOnly: Bool
        /// `keywords vs (QUERY)`'s query: the condition naming its utterances (under `.within`, those of
        /// the documents that can hold its units).
        public var versus: String?
    }

    /// The SQL condition and output of a query; an `EvaluationError` for a query the in-memory engine
    /// would reject and for a construct not compiled yet (id `not-compiled`).
    public func compile(_ query: ParsedQuery) throws(EvaluationError) -> Compiled {
        source = query.source
        if let first = query.diagnostics.first(where: { $0.severity == .error }) {
            throw EvaluationError(diagnostic: first, source: query.source)
        }
        let versus = query.keywordsVersus
        if settings.scope != .utterance {
            let versusCandidates = try versus.map { (e: Expression) throws(EvaluationError) in try candidates(e) ?? "1" }
            return Compiled(condition: try candidates(query.expression) ?? "1", output: .units, fieldsOnly: false, versus: versusCandidates)
        }
        let condition = try self.condition(query.expression)
        let fieldsOnly = Self.fieldsOnly(query.expression)
        let output: Output
        switch query.stages.map(\.kind) {
        case [.count(by: [])]:
            output = .count
        case [.count(by: [.field(.speaker)])] where fieldsOnly:
            output = .countBy(.speaker)
        case [.count(by: [.field(.doc)])] where fieldsOnly:
            output = .countBy(.doc)
        default:
            // Every other stage runs in memory on the fetched documents, told by the server what it divides
            // by over the whole corpus (see `ServerRunner`).
            output = .utterances
        }
        let versusCondition = try versus.map { (e: Expression) throws(EvaluationError) in try self.condition(e) }
        return Compiled(condition: condition, output: output, fieldsOnly: fieldsOnly, versus: versusCondition)
    }

    /// Under `.within turn|document`: the utterances of the documents that can hold a unit the expression
    /// matches (nil: every document). A unit matches a word or field when one of its utterances does, so
    /// each such part names the documents with an utterance it matches; AND keeps the documents of every
    /// part, OR those of any; NOT, `*` and a named query can be anywhere.
    func candidates(_ expression: Expression) throws(EvaluationError) -> String? {
        switch expression.kind {
        case .group(let inner):
            return try candidates(inner)
        case .not, .matchAll, .namedReference, .missing, .error:
            return nil
        case .and(let operands, _):
            var parts: [String] = []
            for operand in operands { if let part = try candidates(operand) { parts.append("(" + part + ")") } }
            return parts.isEmpty ? nil : parts.joined(separator: " AND ")
        case .or(let operands):
            var parts: [String] = []
            for operand in operands {
                guard let part = try candidates(operand) else { return nil }
                parts.append("(" + part + ")")
            }
            return parts.joined(separator: " OR ")
        case .term, .field, .sequence, .near:
            return "doc IN (SELECT doc FROM parley.utterances_local WHERE " + ServerCorpus.visible + " AND (" + (try condition(expression)) + "))"
        }
    }

    // MARK: Expressions

    func condition(_ expression: Expression) throws(EvaluationError) -> String {
        switch expression.kind {
        case .matchAll:
            return "1"
        case .group(let inner):
            return try condition(inner)
        case .not(let inner):
            return "NOT (" + (try condition(inner)) + ")"
        case .and(let operands, _):
            var parts: [String] = []
            for operand in operands { parts.append("(" + (try condition(operand)) + ")") }
            return parts.joined(separator: " AND ")
        case .or(let operands):
            var parts: [String] = []
            for operand in operands { parts.append("(" + (try condition(operand)) + ")") }
            return parts.joined(separator: " OR ")
        case .term(let term):
            return try termCondition(term)
        case .field(let field):
            return try fieldCondition(field, range: expression.range)
        case .namedReference(let name):
            guard let entry = named.definition(name) else { throw error("unknown-name", named.unknownName(name), expression.range) }
            return try expand(entry, at: expression.range)
        case .sequence(let sequence):
            // A sequence stays in the documents of its query's hits.
            return try local(expression, candidates: try condition(sequence.query))
        case .near(let window):
            return try local(expression, candidates: "(" + (try condition(window.query)) + ") AND (" + (try termCondition(window.word)) + ")")
        case .missing, .error:
            throw error("incomplete-query", "the query is incomplete", expression.range)
        }
    }

    /// A construct decided in memory by the in-memory evaluator, on the documents that hold an utterance
    /// meeting `candidates` (every document when nil), fetched whole: what it matches stays within a
    /// document (`after:`, `near:`, `written:`, turns' labels and addressees, speakers' attributes ...),
    /// and an utterance it matches meets `candidates`. The condition names the utterances it matched.
    private func local(_ expression: Expression, candidates: String?) throws(EvaluationError) -> String {
        let construct = "'" + source.text(in: expression.range) + "'"
        let documents: [Int]
        do {
            if let candidates {
                documents = try corpus.documents(holding: candidates)
            } else {
                documents = Array(corpus.index.documents.indices)
            }
            if let tooLarge = try corpus.fetch(documents, into: &fetched) {
                throw refusal(construct + ", which is decided on \(tooLarge.documents) documents (\(tooLarge.bytes >> 20) MB) fetched from the "
                              + "server, more than \(corpus.fetchLimit >> 20) MB,", expression.range,
                              hint: "narrow it with words or speaker:, doc: and date:")
            }
        } catch let error as ServerError {
            serverError = error
            throw self.error("server", error.description, expression.range)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw self.error("server", "\(error)", expression.range)
        }
        var all = corpus.index.documents
        for (d, document) in fetched { all[d] = document }
        let index = CorpusIndex(all, speakers: corpus.index.speakerIdentity)
        let evaluator = Evaluator(index: index, settings: MatchSettings(scope: .utterance, editorial: settings.editorial),
                                  named: named, source: source, shouldStop: corpus.connection.shouldStop)
        let matched: Bitset
        do {
            matched = try evaluator.evaluate(expression)
        } catch {
            if error.diagnostic.id.rawValue == "cancelled" { serverError = .cancelled }
            throw error
        }
        // Notes the compiler made already (on a sequence's query, say) are said once.
        for (note, text) in evaluator.notes where !notes.contains(where: { $0.0.message == note.message && $0.0.range == note.range && $0.1.text == text.text }) {
            notes.append((note, text))
        }
        var pairs: [String] = []
        for d in documents {
            let start = index.documentStarts[d]
            for u in start..<index.documentStarts[d + 1] where matched.contains(u) { pairs.append("(\(corpus.keys[d]), \(u - start))") }
        }
        return pairs.isEmpty ? "0" : "(doc, u) IN (" + pairs.joined(separator: ", ") + ")"
    }

    /// The documents `local` fetched for this query, by number: the stages run on them too.
    var fetched: [Int: Document] = [:]

    /// A named query or topic, compiled where it is named; its diagnostics point into its own text.
    private func expand(_ entry: NamedQueries.Entry, at range: SourceRange) throws(EvaluationError) -> String {
        let key = TextFolding.fold(entry.reference)
        if expanding.contains(key) {
            throw error("self-reference", "'\(entry.reference)' refers to itself: " + (expanding + [key]).joined(separator: " → "), range)
        }
        expanding.append(key)
        let outer = source
        source = entry.query.source
        defer { source = outer; expanding.removeLast() }
        return try condition(entry.query.expression)
    }

    /// Whether the expression is made of the fields decided on the stand-ins (and `*`) alone.
    static func fieldsOnly(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .matchAll: return true
        case .field(let field): return [.speaker, .doc, .date, .kind, .turn, .party, .role, .sex, .age].contains(field.field)
        case .group(let inner), .not(let inner): return fieldsOnly(inner)
        case .and(let operands, _), .or(let operands): return operands.allSatisfy(fieldsOnly)
        default: return false
        }
    }

    /// Words, phrases and prefixes, as `Evaluator.utterances(_:)` reads them.
    func termCondition(_ term: Term) throws(EvaluationError) -> String {
        switch term.kind {
        case .word:
            let words = Tokenizer.words(term.text)
            if words.count == 1 { return tokens("form = " + SQL.literal(words[0][0])) }
            return phrase(words.map { $0[0] }, within: nil)
        case .phrase(let proximity):
            if term.text.contains("*") || term.text.contains("~") {
                note("wildcard-in-phrase", "inside quotes '*' and '~' are not wildcards: the phrase matches its words as written", term.range)
            }
            let words = Tokenizer.words(term.text)
            if words.isEmpty { return "0" }
            if words.count == 1, proximity == nil { return tokens("form = " + SQL.literal(words[0][0])) }
            return phrase(words.map { $0[0] }, within: proximity)
        case .prefix:
            return try prefixCondition(term)
        case .fuzzy(let distance):
            return try fuzzyCondition(term, distance: distance)
        case .regex:
            return try regexCondition(term)
        }
    }

    /// A prefix: the words it stands for. Past the expansion limit the in-memory engine searches the first
    /// `CorpusIndex.expansionLimit` of them in the order of their bytes, and says so; here the same words,
    /// in ClickHouse's order of strings, which is also their bytes'.
    private func prefixCondition(_ term: Term) throws(EvaluationError) -> String {
        let prefix = SQL.literal(Folding.fold(term.text))
        let limit = CorpusIndex.expansionLimit
        let first: [[String]]
        do {
            first = try corpus.connection.rows("SELECT DISTINCT form FROM parley.terms WHERE \(ServerCorpus.visible) AND startsWith(form, \(prefix)) "
                                               + "ORDER BY form LIMIT \(limit + 1)")
        } catch {
            serverError = error
            throw self.error("server", error.description, term.range)
        }
        guard first.count > limit else { return tokens("startsWith(form, " + prefix + ")") }
        note("expansion-cut", Evaluator.prefixCut(term.text), term.range)
        return tokens("form IN " + SQL.list(first.prefix(limit).compactMap(\.first)))
    }

    /// A fuzzy word: the terms within `distance` edits, found on the client among the pushed terms of
    /// about the right length (as `CorpusIndex.terms(near:distance:)` finds them), then looked up as words.
    /// Past the expansion limit, the first of them in the order of their bytes, as in memory, with its note.
    private func fuzzyCondition(_ term: Term, distance: Int) throws(EvaluationError) -> String {
        let target = Array(Folding.fold(term.text).unicodeScalars)
        let candidates: [String]
        do {
            candidates = try corpus.terms(lengths: max(0, target.count - distance)...(target.count + distance))
        } catch {
            serverError = error
            throw self.error("server", error.description, term.range)
        }
        var near = candidates.filter { EditDistance.within(target, Array($0.unicodeScalars), distance) }
        if near.count > CorpusIndex.expansionLimit {
            note("expansion-cut", Evaluator.fuzzyCut(term.text), term.range)
            near = Array(near.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.prefix(CorpusIndex.expansionLimit))
        }
        return near.isEmpty ? "0" : tokens("form IN " + SQL.list(near))
    }

    /// A regular expression: the server finds the utterances whose folded text holds the run of letters
    /// every match holds (`RegexProgram.requiredText`), and the pattern runs here on their text, with the
    /// in-memory engine's own matcher; the condition names the utterances it matched.
    private func regexCondition(_ term: Term) throws(EvaluationError) -> String {
        let program = try Evaluator.regexProgram(term, source: source)
        let found: (rows: [(UInt64, Int, String)]?, count: Int, bytes: Int)
        do {
            found = try corpus.texts(holding: program.requiredText)
        } catch {
            serverError = error
            throw self.error("server", error.description, term.range)
        }
        guard let rows = found.rows else {
            throw refusal("'\(source.text(in: term.range))', which needs the text of \(found.count) utterances (\(found.bytes >> 20) MB) from the "
                          + "server, more than \(corpus.fetchLimit >> 20) MB,", term.range,
                          hint: "put a longer run of plain letters in it: those are looked for on the server")
        }
        var pairs: [String] = []
        for (doc, u, text) in rows {
            guard let matched = program.matches(text, shouldStop: corpus.connection.shouldStop) else {
                serverError = .cancelled
                throw self.error("cancelled", "the query was cancelled", term.range)
            }
            if matched { pairs.append("(\(doc), \(u))") }
        }
        return pairs.isEmpty ? "0" : "(doc, u) IN (" + pairs.joined(separator: ", ") + ")"
    }

    /// The utterances with a token that meets `test`, on the shard that holds them.
    private func tokens(_ test: String) -> String {
        "(doc, load, u) IN (SELECT doc, load, u FROM parley.tokens_local WHERE " + test + editorialTest + ")"
    }

    /// Under `.editorial off`, not the words the editor inserted; a note's are found either way.
    private var editorialTest: String { settings.editorial ? "" : " AND editorial != 1" }

    /// The words in order and next to each other; or, with `within`, all of them with at most that many
    /// words between the first and the last (FTS5's NEAR), as `CorpusIndex.utterances(ofPhrase:)` finds them.
    private func phrase(_ words: [String], within: Int?) -> String {
        // A term with no words (`_`) matches nothing, as in memory.
        guard let first = words.first else { return "0" }
        let distinct = Array(Set(words)).sorted()
        let positions = words.map { "groupArrayIf(pos, form = " + SQL.literal($0) + ")" }
        let having: String
        if let within {
            // Some position starts a window of within + 2 positions that holds a position of each word.
            let window = String(within + 1)
            let each = positions.map { "arrayExists(x -> x >= s AND x <= s + \(window), \($0))" }.joined(separator: " AND ")
            having = "arrayExists(s -> \(each), groupArray(pos))"
        } else {
            let rest = positions.enumerated().dropFirst().map { k, list in "has(\(list), p + \(k))" }.joined(separator: " AND ")
            having = "arrayExists(p -> \(rest), groupArrayIf(pos, form = " + SQL.literal(first) + "))"
        }
        return "(doc, load, u) IN (SELECT doc, load, u FROM parley.tokens_local WHERE form IN " + SQL.list(distinct)
            + editorialTest + " GROUP BY doc, load, u HAVING " + having + ")"
    }

    // MARK: Fields

    func fieldCondition(_ field: Field, range: SourceRange) throws(EvaluationError) -> String {
        guard let name = field.field else {
            throw error("invalid-field-value", "unknown field '\(field.name)'", field.nameRange)
        }
        switch name {
        case .text:
            guard case .term(let term) = field.value else { break }
            return try termCondition(term)
        case .topic:
            guard case .term(let term) = field.value else {
                // The in-memory engine's own error for it (`topic:*`), else a refusal.
                _ = try evaluateStandIns(field, range: range)
                throw refusal("'topic:' without a topic's name", field.value.range)
            }
            if let entry = named.topic(term.text) { return try expand(entry, at: range) }
            note("unknown-topic", named.unknownTopic(term.text), term.range)
            return try termCondition(term)
        case .written:
            // What `written:` matches, the words match too.
            guard case .term(let term) = field.value, term.kind == .word || term.kind == .phrase(proximity: nil) else { break }
            return try local(Expression(.field(field), range: range),
                             candidates: try termCondition(Term(.phrase(proximity: nil), term.text, range: term.range)))
        case .speaker, .doc, .date, .kind, .turn, .party, .role, .sex, .age:
            break
        default:
            // Decided on the documents themselves, all of them.
            return try local(Expression(.field(field), range: range), candidates: nil)
        }
        // The in-memory engine's own checks and notes, on the stand-in documents.
        let standIns = try evaluateStandIns(field, range: range)
        if case .any = field.value {
            switch name {
            case .speaker: return "speaker >= 0"
            case .turn: return "turn >= 0"
            case .kind, .doc: return "1"
            default: return documentsAndSpeakers(standIns)
            }
        }
        switch name {
        case .text:
            throw error("invalid-field-value", "'text:' cannot take '\(source.text(in: field.value.range))'", field.value.range)
        case .kind:
            guard case .term(let term) = field.value else { break }
            let kinds = UtteranceKind.allCases.filter { $0.rawValue.hasPrefix(term.text.lowercased()) }
            return kinds.isEmpty ? "0" : "kind IN " + SQL.list(kinds.map(\.rawValue))
        case .turn:
            return try turnCondition(field.value)
        default:
            return documentsAndSpeakers(standIns)
        }
        throw error("invalid-field-value", "'\(field.name):' cannot take '\(source.text(in: field.value.range))'", field.value.range)
    }

    private func evaluateStandIns(_ field: Field, range: SourceRange) throws(EvaluationError) -> Bitset {
        let evaluator = Evaluator(index: corpus.index, settings: MatchSettings(scope: .utterance, editorial: settings.editorial),
                                  named: NamedQueries(), source: source)
        defer { notes += evaluator.notes }
        return try evaluator.evaluate(Expression(.field(field), range: range))
    }

    /// Stand-in utterances as a condition: whole documents by key, single speakers as (document, speaker).
    private func documentsAndSpeakers(_ set: Bitset) -> String {
        var whole: [UInt64] = []
        var pairs: [String] = []
        for d in corpus.index.documents.indices {
            let range = corpus.index.documentStarts[d]..<corpus.index.documentStarts[d + 1]
            let hits = range.filter { set.contains($0) }
            if hits.count == range.count {
                whole.append(corpus.keys[d])
            } else {
                for u in hits { pairs.append("(\(corpus.keys[d]), \(corpus.standIns[u].speaker))") }
            }
        }
        var parts: [String] = []
        if !whole.isEmpty { parts.append("doc IN (" + whole.map(String.init).joined(separator: ", ") + ")") }
        if !pairs.isEmpty { parts.append("(doc, speaker) IN (" + pairs.joined(separator: ", ") + ")") }
        return parts.isEmpty ? "0" : parts.joined(separator: " OR ")
    }

    /// `turn:5`, `turn:>3`, `turn:3..7`, compared as the in-memory engine compares them (as decimals).
    private func turnCondition(_ value: FieldValue) throws(EvaluationError) -> String {
        func number(_ term: Term) throws(EvaluationError) -> String {
            guard let n = Double(term.text.filter { $0 != "," }) else {
                throw error("invalid-number", "'\(term.text)' is not a number", term.range)
            }
            return SQL.literal(n)
        }
        let turn = "toFloat64(turn)"
        switch value {
        case .term(let term):
            return "turn >= 0 AND \(turn) = " + (try number(term))
        case .comparison(let op, let term):
            return "turn >= 0 AND \(turn) \(op.rawValue) " + (try number(term))
        case .range(let low, let high):
            return "turn >= 0 AND \(turn) >= " + (try number(low)) + " AND \(turn) <= " + (try number(high))
        case .any:
            return "turn >= 0"
        case .missing(let range):
            throw error("invalid-field-value", "'turn:' cannot take ''", range)
        }
    }

    // MARK: Diagnostics

    func refusal(_ construct: String, _ range: SourceRange, hint: String? = nil) -> EvaluationError {
        error("not-compiled", "\(construct) is not answered on a ClickHouse server yet" + (hint.map { "; " + $0 } ?? ""), range)
    }

    func error(_ id: String, _ message: String, _ range: SourceRange) -> EvaluationError {
        EvaluationError(diagnostic: Diagnostic(id: Diagnostic.ID(id), severity: .error, message: message, range: range), source: source)
    }

    func note(_ id: String, _ message: String, _ range: SourceRange) {
        notes.append((Diagnostic(id: Diagnostic.ID(id), severity: .note, message: message, range: range), source))
    }
}
