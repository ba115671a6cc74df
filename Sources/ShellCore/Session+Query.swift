import ClickHouseBackend
import Dispatch
import Foundation
import QueryEngine

/// Queries in a session: run with the session's settings, printed where the session's output goes.
extension Session {
    /// Runs a query and prints its result: diagnostics and notes on the error stream, the answer on the
    /// output, and what a limit cut where the user will see it.
    func runQuery(_ text: String) -> ExitStatus {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = server.map { ServerRunner(corpus: $0, local: runner).run(text) } ?? runner.run(text)
        for (diagnostic, source) in result.diagnostics { report([diagnostic], in: source) }
        switch result.outcome {
        case .failed:
            return .queryError
        case .cancelled:
            // Ctrl-C: the user's wish, not a mistake in the query.
            terminal.writeError("\ncancelled\n")
            return .success
        case .serverFailed(let message, let unavailable):
            writeMessage("error: \(message)")
            return unavailable ? .unavailable : .internalError
        case .answered(let answer):
            for message in result.notes { note(message) }
            lastMatched = result.matchedUtterances
            if let svg = svgOutputPath { return writeSVG(answer, result: result, to: svg) }
            if case .table(let table) = answer { lastTable = table }
            // A file holds no terminal colours, as a pipe does not.
            var renderer = Renderer(index: result.pipeline.index, format: format, color: color && outputFile == nil, width: resultsWidth)
            // CSL-JSON and BibTeX are data whatever the mode: what a limit cut is said on standard error.
            var data = false
            if case .citations(_, let style, _) = answer { data = style != .chicago }
            renderer.moreLine = resultsOnTerminal && [.text, .kwic, .table].contains(format) && !data
            // Ctrl-C while a long answer prints: the rest is neither made nor written.
            renderer.shouldStop = shouldStop
            if renderer.render(answer, pipeline: result.pipeline, matched: result.matchedUtterances, to: { [output] in output.write($0) }) {
                output.flush()
                terminal.writeError("\ncancelled\n")
                return .success
            }
            if let cut = answer.cut, !renderer.moreLine {
                output.flush()
                note(Renderer.moreText(cut))
            }
        }
        if timer && !hideTimings {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            terminal.writeError(String(format: "time: %.3f s\n", seconds))
        }
        return .success
    }

    /// Runs queries with the session's settings.
    var runner: QueryRunner {
        var runner = QueryRunner(index: index, settings: settings, named: named, stopWords: stopWords)
        runner.context = context
        runner.displayLimit = effectiveLimit
        runner.highlightShow = format == .kwic || color
        runner.showAsKwic = format == .kwic
        runner.shouldStop = shouldStop
        return runner
    }

    /// Whether results are shown on a terminal: the session's screen is one, and no `.output` file takes them.
    var resultsOnTerminal: Bool { onTerminal && outputFile == nil }

    /// The width results are laid out to: the session's (the terminal's, or an example session's 100),
    /// unless an `.output` file takes them, which holds each utterance on one line, as a pipe does.
    var resultsWidth: Int? { outputFile == nil ? width : nil }

    /// The width that text written as results fits (help, lists): the terminal's when results are shown
    /// on it, else none.
    var terminalWidth: Int? { resultsOnTerminal ? width : nil }

    /// Writes text that is no query's result (help, a list) where results go, fitted to the terminal
    /// when they go there (`Wrapping.fit`).
    func writeFitted(_ text: String) {
        output.write(Wrapping.fit(text, width: terminalWidth))
    }

    /// The limit on `show` and `kwic` results: the user's `.limit` wherever results go, else 20 on a terminal.
    var effectiveLimit: Int? {
        if let limit { return limit == 0 ? nil : limit }
        return resultsOnTerminal ? Self.terminalLimit : nil
    }

    /// The limit as `.show` and `.limit` say it.
    var limitDescription: String {
        if let limit { return limit == 0 ? "none" : String(limit) }
        return resultsOnTerminal ? "20 on the screen (none elsewhere)" : "none"
    }

    /// Prints a setting's value, for a setting's command given alone (`.mode`).
    func showSetting(_ name: String, _ value: String) -> ExitStatus {
        output.write("\(name): \(value)\n")
        return .success
    }

    /// How many results a terminal shows when the user set no `.limit`.
    static let terminalLimit = 20
}
