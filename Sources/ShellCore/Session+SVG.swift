import Foundation
import QueryEngine
import QueryLanguage

/// `.output FILE.svg`: each timeline that follows is drawn as an SVG picture in place of the last; any
/// other stage is an error, as a picture is all such a file can hold.
extension Session {
    /// Whether a path names an SVG file (`.svg`, in any case).
    static func isSVG(_ path: String) -> Bool {
        (path as NSString).pathExtension.lowercased() == "svg"
    }

    /// The `.output` file when it is an SVG file.
    var svgOutputPath: String? {
        guard let path = outputFile?.path, Self.isSVG(path) else { return nil }
        return path
    }

    /// Writes a timeline's picture to the SVG file, or fails (status 65) for any other stage's answer.
    func writeSVG(_ answer: QueryOutput, result: QueryResult, to path: String) -> ExitStatus {
        guard case .timeline(let timeline) = answer else {
            let kind = Pipeline.output(of: result.query.stages)
            let name = result.query.stages.first { $0.kind == kind }.map { CanonicalPrinter.print($0).prefix { $0 != " " } } ?? "show"
            return fail("'\(path)' is an SVG file, and only timeline can be written as SVG, not '\(name)'; "
                        + "add '| timeline', or '.output' alone to send results to the screen")
        }
        let svg = TimelineSVG.document(timeline, query: Self.ungrouped(result.pipeline.query), bins: timeline.bins ?? Timeline.defaultBins)
        outputFile?.sink.replace(with: svg)
        return .success
    }

    /// A query without the parentheses around the whole of it: `((a OR b))` is `a OR b`.
    static func ungrouped(_ query: String) -> String {
        var text = Substring(query)
        while text.first == "(", text.last == ")" {
            // The first parenthesis must close at the very end, not earlier as in `(a) OR (b)`.
            var depth = 0
            var closesAtEnd = false
            for (i, c) in zip(text.indices, text) {
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
                if depth == 0 { closesAtEnd = text.index(after: i) == text.endIndex; break }
            }
            guard closesAtEnd else { break }
            text = text.dropFirst().dropLast()
        }
        return String(text)
    }
}
