import QueryLanguage
import TranscriptModel

/// Everything one query gave: what it printed, what it matched, and what was said about it. Made by
/// `QueryRunner.run`; a renderer only renders it.
public struct QueryResult {
    /// How the query ended.
    public enum Outcome {
        /// The query ran; its pipeline made this.
        case answered(QueryOutput)
        /// The query has errors (in `diagnostics`) and did not run.
        case failed
        /// Ctrl-C stopped it.
        case cancelled
        /// The cluster that holds the corpus could not answer: one line for the user, and whether the
        /// server cannot be used (status 69) or refused a statement Parley made (70).
        case serverFailed(String, unavailable: Bool)
    }

    public let query: ParsedQuery
    public let outcome: Outcome
    /// Errors, warnings and notes in the order found, each with the text it points into (the query, or a
    /// named query it uses).
    public let diagnostics: [(Diagnostic, Source)]
    /// Notes about the answer as a whole, without a place in the query.
    public let notes: [String]
    /// The matched units of the scope (utterances, turns or documents); nil when the query did not run.
    public let matched: Bitset?
    /// How many utterances the matched units hold (`.expect` checks it).
    public let matchedUtterances: Int
    /// The stages' runner, which makes the text of what `outcome` names (a unit's utterances, kwic lines).
    public let pipeline: Pipeline

    public init(query: ParsedQuery, outcome: Outcome, diagnostics: [(Diagnostic, Source)], notes: [String] = [],
                matched: Bitset? = nil, matchedUtterances: Int = 0, pipeline: Pipeline) {
        self.query = query
        self.outcome = outcome
        self.diagnostics = diagnostics
        self.notes = notes
        self.matched = matched
        self.matchedUtterances = matchedUtterances
        self.pipeline = pipeline
    }
}

/// Runs a query from its text: parses it once, evaluates it, runs its stages, and collects what was said.
public struct QueryRunner {
    public let index: CorpusIndex
    public var settings: MatchSettings
    public var named: NamedQueries
    /// Utterances shown before and after each hit (`.context N`).
    public var context = 0
    public var stopWords: StopWordChoice
    /// Cuts `show` and `kwic` output that no `limit` stage cut; nil: no cut.
    public var displayLimit: Int?
    /// Whether `show` output marks where the search words stand (colour, or kwic mode); `kwic` always does.
    public var highlightShow = false
    /// Whether `show` output is printed as keyword-in-context lines (`.mode kwic`), with `kwic`'s notes.
    public var showAsKwic = false
    /// Polled during long scans; true stops the query.
    public var shouldStop: () -> Bool = { false }

    public init(index: CorpusIndex, settings: MatchSettings, named: NamedQueries, stopWords: StopWordChoice) {
        self.index = index
        self.settings = settings
        self.named = named
        self.stopWords = stopWords
    }

    public func run(_ text: String) -> QueryResult {
        let query = parse(text)
        var diagnostics = query.diagnostics.map { ($0, query.source) }
        let evaluator = Evaluator(index: index, settings: settings, named: named, source: query.source, shouldStop: shouldStop)
        var pipeline = self.pipeline(on: index)
        guard !query.hasErrors else { return QueryResult(query: query, outcome: .failed, diagnostics: diagnostics, pipeline: pipeline) }
        func stopped(_ error: EvaluationError) -> QueryResult {
            if error.diagnostic.id.rawValue == "cancelled" {
                return QueryResult(query: query, outcome: .cancelled, diagnostics: diagnostics, pipeline: pipeline)
            }
            diagnostics.append((error.diagnostic, error.source))
            return QueryResult(query: query, outcome: .failed, diagnostics: diagnostics, pipeline: pipeline)
        }
        let matched: Bitset
        do {
            matched = try evaluator.evaluate(query.expression)
        } catch {
            diagnostics += evaluator.notes
            return stopped(error)
        }
        diagnostics += evaluator.notes
        if let versus = query.keywordsVersus {
            do { pipeline.versus = try evaluator.evaluate(versus) } catch { return stopped(error) }
        }
        return answer(query, matched: matched, pipeline: pipeline, diagnostics: diagnostics)
    }

    /// The query as it runs: parsed, and in kwic mode (`.mode kwic`) with `show` made `kwic`.
    public func parse(_ text: String) -> ParsedQuery {
        var query = parseQuery(text)
        if showAsKwic, Pipeline.output(of: query.stages) == .show {
            let end = SourceRange.point(query.source.count)
            query.stages = query.stages.filter { $0.kind != .show } + [Stage(.kwic(width: nil, sort: []), range: end)]
        }
        return query
    }

    /// The stages' runner on `index`, with the session's settings.
    public func pipeline(on index: CorpusIndex) -> Pipeline {
        var pipeline = Pipeline(index: index, scope: settings.scope, context: context, stopWords: stopWords, highlighter: Highlighter())
        pipeline.editorial = settings.editorial
        return pipeline
    }

    /// Runs the stages of `query` over its matched units in `pipeline`'s index, and says what a reader
    /// should know of the answer. `cut`, when given, is what a limit cut before `matched` was made (a
    /// cluster's answer fetches only the documents of the units it shows).
    public func answer(_ query: ParsedQuery, matched: Bitset, pipeline: Pipeline, diagnostics: [(Diagnostic, Source)],
                       cut: QueryOutput.Cut? = nil) -> QueryResult {
        var pipeline = pipeline
        let highlights: Bool
        switch Pipeline.output(of: query.stages) {
        // `count by` counts hits as `kwic` does; `collocates` and `timeline` start from them.
        case .kwic, .collocates, .timeline: highlights = true
        case .count(let groupings): highlights = !groupings.isEmpty
        case .show: highlights = highlightShow
        default: highlights = false
        }
        if highlights { pipeline.highlighter = Highlighter(query.expression, index: pipeline.index, named: named) }
        pipeline.query = "(" + CanonicalPrinter.print(query.expression) + ")"
        pipeline.shouldStop = shouldStop
        var result = pipeline.run(matched, stages: query.stages, displayLimit: cut == nil ? displayLimit : nil)
        // Ctrl-C during a stage: what it made so far is no answer.
        if shouldStop() { return QueryResult(query: query, outcome: .cancelled, diagnostics: diagnostics, pipeline: pipeline) }
        if let cut {
            switch result {
            case .units(let units, _): result = .units(units, cut: cut)
            case .kwic(let matches, let width, _): result = .kwic(matches, width: width, cut: cut)
            case .citations(let units, let style, _): result = .citations(units, style: style, cut: cut)
            default: break
            }
        }
        // In utterance scope the units are the utterances: no list of a million numbers to count them.
        let utterances = (settings.scope == .utterance ? matched.count : pipeline.utterances(ofUnits: matched.members).count) + (cut?.more ?? 0)
        var notes: [String] = []
        if case .kwic(let matches, _, _) = result, matches.isEmpty, utterances != 0 {
            notes.append("kwic shows the query's search words in context, and this query has none (only fields); use show or count")
        }
        // `speaker:Rákosi OR army | kwic`: the utterances the field matched without the word have nothing to
        // show; said, not dropped in silence.
        if case .kwic(let matches, _, _) = result, !matches.isEmpty, settings.scope == .utterance, cut == nil,
           hasSideWithoutWords(query.expression, index: pipeline.index) {
            let silent = matched.members.reduce(0) { $0 + (pipeline.kwicMatches($1).isEmpty ? 1 : 0) }
            if silent > 0 {
                notes.append("\(silent) of the \(utterances) matched utterances hold no search word for kwic to show (a field matched them); use show to see them")
            }
        }
        if case .table(let table) = result, let note = table.note, utterances != 0 { notes.append(note) }
        return QueryResult(query: query, outcome: .answered(result), diagnostics: diagnostics, notes: notes, matched: matched,
                           matchedUtterances: utterances, pipeline: pipeline)
    }

    /// Whether an `OR` in `expression` has a side with no search words (`speaker:Rákosi OR army`).
    func hasSideWithoutWords(_ expression: Expression, index: CorpusIndex) -> Bool {
        switch expression.kind {
        case .or(let operands):
            return operands.contains { Highlighter($0, index: index, named: named).isEmpty || hasSideWithoutWords($0, index: index) }
        case .and(let operands, _): return operands.contains { hasSideWithoutWords($0, index: index) }
        case .group(let inner): return hasSideWithoutWords(inner, index: index)
        default: return false
        }
    }
}
