import Foundation
import QueryEngine
import QueryLanguage
import TranscriptModel

/// Runs queries on a cluster as `QueryRunner` runs them in memory, with its settings, named queries and
/// limits. The query is compiled to SQL (`QueryCompiler`); `count`, and `count by speaker|doc` of a query
/// of fields only, are counted on the server. Every other stage runs in memory, with the same code, on
/// the documents that hold the matches: the server finds the matched utterances, the client fetches those
/// documents whole (`parley.packets`) and indexes them beside the others' stand-ins. Only the documents of
/// the units shown are fetched when a `limit` stage first, or the session's limit on `show`, cuts the
/// rest; at most `ServerCorpus.fetchLimit` bytes of documents are fetched for one answer. What a stage
/// divides by over the whole corpus the server tells it (`ServerFrequencies`): each group's words
/// (`count by`), the corpus's words and each word's positions (`collocates`, `keywords`). Under `.within
/// turn|document` the whole query runs in memory on the documents that can hold a matched unit.
public struct ServerRunner {
    public let corpus: ServerCorpus
    /// The in-memory runner whose settings, named queries and limits apply (on the corpus's stand-ins).
    public var local: QueryRunner
    public init(corpus: ServerCorpus, local: QueryRunner) {
        self.corpus = corpus
        self.local = local
    }

    public func run(_ text: String) -> QueryResult {
        let query = local.parse(text)
        var diagnostics = query.diagnostics.map { ($0, query.source) }
        let pipeline = local.pipeline(on: corpus.index)
        func ended(_ outcome: QueryResult.Outcome) -> QueryResult {
            QueryResult(query: query, outcome: outcome, diagnostics: diagnostics, pipeline: pipeline)
        }
        func failed(_ error: ServerError) -> QueryResult {
            ended(.serverFailed(error.description, unavailable: error.isUnavailable))
        }
        guard !query.hasErrors else { return ended(.failed) }
        // Ctrl-C stops the statement in flight, on the server too.
        corpus.connection.shouldStop = local.shouldStop
        defer { corpus.connection.shouldStop = { false } }
        let compiler = QueryCompiler(corpus: corpus, settings: local.settings, named: local.named)
        let compiled: QueryCompiler.Compiled
        do {
            compiled = try compiler.compile(query)
        } catch {
            if let lost = compiler.serverError { return lost == .cancelled ? ended(.cancelled) : failed(lost) }
            diagnostics += compiler.notes
            diagnostics.append((error.diagnostic, error.source))
            return ended(.failed)
        }
        diagnostics += compiler.notes
        do {
            switch compiled.output {
            case .count:
                let answer = try corpus.counts(compiled)
                guard case .counts(let utterances, _, _) = answer else { return ended(.failed) }
                return QueryResult(query: query, outcome: .answered(answer), diagnostics: diagnostics, matchedUtterances: utterances,
                                   pipeline: pipeline)
            case .countBy(let field):
                var drills = pipeline
                drills.query = "(" + CanonicalPrinter.print(query.expression) + ")"
                let (table, utterances) = try corpus.countBy(field, compiled, editorial: local.settings.editorial,
                                                             drill: { drills.drillQuery(.field(field), $0) })
                return QueryResult(query: query, outcome: .answered(.table(table)), diagnostics: diagnostics, matchedUtterances: utterances,
                                   pipeline: pipeline)
            case .utterances:
                return try fetched(query, compiled, compiler: compiler, diagnostics: diagnostics)
            case .units:
                return try units(query, compiled, compiler: compiler, diagnostics: diagnostics)
            }
        } catch .cancelled {
            return ended(.cancelled)
        } catch {
            return failed(error)
        }
    }

    /// How many units `part` matches (utterances; turns or documents under `.within`), as `.explain` prints
    /// each part of a query: counted on the server, or under `.within` on the fetched documents.
    public func count(_ part: ParsedQuery, compiler: QueryCompiler) throws -> Int {
        let compiled = try compiler.compile(part)
        guard compiled.output == .units else {
            guard case .counts(let n, _, _) = try corpus.counts(compiled) else { return 0 }
            return n
        }
        let result = try units(part, compiled, compiler: compiler, diagnostics: [])
        switch result.outcome {
        case .answered: return result.matched?.count ?? 0
        case .cancelled: throw ServerError.cancelled
        default:
            guard let (diagnostic, source) = result.diagnostics.last(where: { $0.0.severity == .error }) else { return 0 }
            throw EvaluationError(diagnostic: diagnostic, source: source)
        }
    }

    /// The stages run in memory on the documents of the matches.
    private func fetched(_ query: ParsedQuery, _ compiled: QueryCompiler.Compiled, compiler: QueryCompiler,
                         diagnostics: [(Diagnostic, Source)]) throws(ServerError) -> QueryResult {
        // What a limit cuts before any stage reads the matches is neither sent nor fetched.
        let stages = query.stages
        var limit: (count: Int, stage: Int?)?
        if case .limit(let n)? = stages.first?.kind {
            limit = (n, n)
        } else if Pipeline.output(of: stages) == .show, !stages.contains(where: { if case .sort = $0.kind { true } else { false } }),
                  let shown = local.displayLimit {
            limit = (shown, nil)
        }
        var kept: [(document: Int, utterance: Int)]
        var cut: QueryOutput.Cut?
        if let limit {
            let first = try corpus.firstMatches(compiled, count: limit.count)
            kept = first.matches
            if first.total > limit.count { cut = QueryOutput.Cut(more: first.total - limit.count, stageLimit: limit.stage) }
        } else {
            kept = try corpus.matches(compiled)
        }
        // `keywords vs (QUERY)` reads its query's utterances too.
        let versus = try compiled.versus.map { (condition: String) throws(ServerError) in try corpus.matches(compiled.with(condition)) }
        let wanted = Array(Set(kept.map(\.document) + (versus ?? []).map(\.document))).sorted()
        let (index, frequencies): (CorpusIndex, ServerFrequencies?)
        switch try partialIndex(wanted, stages: stages, compiler: compiler) {
        case .success(let made): (index, frequencies) = made
        case .failure(let tooLarge): return refused(query, tooLarge, diagnostics: diagnostics)
        }
        func set(_ matches: [(document: Int, utterance: Int)]) -> Bitset {
            var set = Bitset(capacity: index.utteranceCount)
            for match in matches { set.insert(index.documentStarts[match.document] + match.utterance) }
            return set
        }
        var pipeline = local.pipeline(on: index)
        pipeline.versus = versus.map(set)
        let result = local.answer(query, matched: set(kept), pipeline: pipeline, diagnostics: diagnostics, cut: cut)
        if let failure = frequencies?.failure { throw failure }
        return result
    }

    /// Under `.within turn|document`: the whole query runs in memory on the documents that can hold a
    /// matched unit (the compiled condition names their utterances), fetched whole.
    private func units(_ query: ParsedQuery, _ compiled: QueryCompiler.Compiled, compiler: QueryCompiler,
                       diagnostics: [(Diagnostic, Source)]) throws(ServerError) -> QueryResult {
        let versusDocuments = try compiled.versus.map { (condition: String) throws(ServerError) in try corpus.documents(holding: condition) } ?? []
        let wanted = Array(Set(try corpus.documents(holding: compiled.condition) + versusDocuments)).sorted()
        let (index, frequencies): (CorpusIndex, ServerFrequencies?)
        switch try partialIndex(wanted, stages: query.stages, compiler: compiler) {
        case .success(let made): (index, frequencies) = made
        case .failure(let tooLarge): return refused(query, tooLarge, diagnostics: diagnostics)
        }
        let evaluator = Evaluator(index: index, settings: local.settings, named: local.named, source: query.source, shouldStop: local.shouldStop)
        let matched: Bitset
        let versus: Bitset?
        do {
            matched = try evaluator.evaluate(query.expression)
            versus = try query.keywordsVersus.map { (e: QueryLanguage.Expression) throws(EvaluationError) in try evaluator.evaluate(e) }
        } catch {
            let pipeline = local.pipeline(on: corpus.index)
            if error.diagnostic.id.rawValue == "cancelled" {
                return QueryResult(query: query, outcome: .cancelled, diagnostics: diagnostics, pipeline: pipeline)
            }
            return QueryResult(query: query, outcome: .failed, diagnostics: diagnostics + evaluator.notes + [(error.diagnostic, error.source)],
                               pipeline: pipeline)
        }
        // The stand-ins of the documents not fetched hold no unit the query matches; what they seem to match is dropped.
        var pipeline = local.pipeline(on: index)
        let fetched = Set(wanted)
        func kept(_ matched: Bitset) -> Bitset {
            var units = Bitset(capacity: matched.capacity)
            for unit in matched.members {
                guard let u = pipeline.utterances(ofUnit: unit).first, fetched.contains(index.address(u).document) else { continue }
                units.insert(unit)
            }
            return units
        }
        pipeline.versus = versus.map(kept)
        let result = local.answer(query, matched: kept(matched), pipeline: pipeline, diagnostics: diagnostics + evaluator.notes)
        if let failure = frequencies?.failure { throw failure }
        return result
    }

    /// An index of the corpus with these documents fetched whole (besides those the compiler fetched) and
    /// the others' stand-ins, told what a stage divides by over the whole corpus when it asks; or, when the
    /// documents pass `fetchLimit`, how many they are and their bytes.
    private func partialIndex(_ wanted: [Int], stages: [Stage], compiler: QueryCompiler)
        throws(ServerError) -> Result<(CorpusIndex, ServerFrequencies?), TooLarge> {
        if let tooLarge = try corpus.fetch(wanted, into: &compiler.fetched) { return .failure(TooLarge(documents: tooLarge.documents, bytes: tooLarge.bytes)) }
        var documents = corpus.index.documents
        for (d, document) in compiler.fetched { documents[d] = document }
        let index = CorpusIndex(documents, speakers: corpus.index.speakerIdentity)
        // Only these stages divide by figures of the whole corpus.
        switch Pipeline.output(of: stages) {
        case .count(by: let groupings) where !groupings.isEmpty: break
        case .collocates, .keywords: break
        default: return .success((index, nil))
        }
        let editorial = local.settings.editorial
        let frequencies = ServerFrequencies(corpus)
        index.setWholeCorpus(words: try corpus.totalWords(editorial: editorial), editorial: editorial, frequencies: frequencies)
        return .success((index, frequencies))
    }

    /// Documents past `fetchLimit`: how many, and their bytes.
    struct TooLarge: Error {
        var documents: Int
        var bytes: Int
    }

    /// The answer to a query whose documents pass `fetchLimit`: refused, saying how much and what to do.
    private func refused(_ query: ParsedQuery, _ tooLarge: TooLarge, diagnostics: [(Diagnostic, Source)]) -> QueryResult {
        let diagnostic = Diagnostic(id: Diagnostic.ID("too-large"), severity: .error,
                                    message: "this answer needs \(tooLarge.documents) documents (\(tooLarge.bytes >> 20) MB) from the server, more than "
                                        + "\(corpus.fetchLimit >> 20) MB; narrow the query, or begin its stages with '| limit N'",
                                    range: SourceRange(0, query.source.count))
        return QueryResult(query: query, outcome: .failed, diagnostics: diagnostics + [(diagnostic, query.source)],
                           pipeline: local.pipeline(on: corpus.index))
    }
}
