import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// One Parley session: the loaded corpus, its index, the settings and named queries, and where output
/// goes. Every command and query runs through `run(_:)`, whether typed, scripted or given with `-c`.
public final class Session {
    public private(set) var index: CorpusIndex
    public var settings = MatchSettings()
    /// Utterances shown before and after each hit (`.context N`).
    public var context = 0
    public var named = NamedQueries()
    public var format: OutputFormat
    public let output: OutputSink
    /// Utterances the last query matched (`.expect` checks it).
    public private(set) var lastMatched: Int?
    /// Polled by long-running queries; true cancels them.
    public var shouldStop: () -> Bool = { false }
    let stopWords: Set<String>

    public init(documents: [Document], output: OutputSink, format: OutputFormat = .text, loadTopics: Bool = true) {
        index = CorpusIndex(documents)
        self.output = output
        self.format = format
        stopWords = StopWords.load(output: output)
        if loadTopics { _ = runScript(EmbeddedData.referenceTopics, name: EmbeddedData.referenceTopicsName) }
    }

    /// Runs one line: a dot-command, a query, or nothing (blank or `#` comment).
    @discardableResult
    public func run(_ line: String) -> ExitStatus {
        let trimmed = line.trimmingCharacters(in: " \t")
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return .success }
        if trimmed.hasPrefix(".") { return Commands.run(trimmed, in: self) }
        return runQuery(trimmed)
    }

    /// Runs lines until the first failure; for the shipped topic file and `-c` sequences.
    func runScript(_ text: String, name: String) -> ExitStatus {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let status = run(String(line))
            if status != .success { return status }
        }
        return .success
    }

    /// Parses, checks and evaluates a query, then prints what its pipeline produced.
    func runQuery(_ text: String) -> ExitStatus {
        let query = parseQuery(text)
        if query.hasErrors {
            report(query.diagnostics, in: query.source)
            return .queryError
        }
        report(query.diagnostics, in: query.source)
        let evaluator = Evaluator(index: index, settings: settings, named: named, source: query.source, shouldStop: shouldStop)
        let matched: Bitset
        do {
            matched = try evaluator.evaluate(query.expression)
        } catch {
            reportNotes(evaluator)
            report([error.diagnostic], in: error.source)
            return .queryError
        }
        reportNotes(evaluator)
        let pipeline = Pipeline(index: index, scope: settings.scope, context: context, stopWords: stopWords,
                                highlighter: Highlighter(query.expression, index: index, named: named))
        let result = pipeline.run(matched, stages: query.stages)
        lastMatched = matched.members.reduce(0) { $0 + pipeline.utterances(ofUnit: $1).count }
        output.write(Renderer(index: index, format: format).render(result, pipeline: pipeline))
        return .success
    }

    func reportNotes(_ evaluator: Evaluator) {
        for (diagnostic, source) in evaluator.notes { report([diagnostic], in: source) }
    }

    /// Prints diagnostics in the user's words, with carets under the place.
    func report(_ diagnostics: [Diagnostic], in source: Source) {
        guard !diagnostics.isEmpty else { return }
        let text = DiagnosticRenderer().render(diagnostics, in: source)
        output.writeError(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Prints one plain error line in the style of query errors.
    func fail(_ message: String) -> ExitStatus {
        output.writeError("error: \(message)\n")
        return .queryError
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }
}
