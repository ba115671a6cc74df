import Foundation
import TranscriptFormats
import TranscriptModel

/// An example session (`Examples/sessions/*.session`): `#` comments, `parley> ` input lines, and the
/// output each input gives. An output line that starts with `#` is written `\#`.
public struct ExampleSession: Sendable {
    /// One input with the comments before it and the output expected after it.
    public struct Step: Sendable, Equatable {
        public var comments: [String]
        public var input: String
        public var expected: [String]
        /// The 1-based line of the input in the file.
        public var line: Int
    }

    public static let prompt = "parley> "
    public var steps: [Step]
    /// Comments after the last step, kept so that a re-recorded file loses nothing.
    public var trailingComments: [String]

    /// The first comment line, without its `#`: what the session is about.
    public var title: String? {
        steps.first?.comments.first.map { String($0.drop { $0 == "#" || $0 == " " }) }
    }

    public init(parsing text: String) {
        var steps: [Step] = []
        var comments: [String] = []
        var current: Step?
        for (number, line) in text.lines.enumerated() {
            let line = String(line)
            if line.hasPrefix(ExampleSession.prompt) {
                if let step = current { steps.append(step.trimmed) }
                current = Step(comments: comments, input: String(line.dropFirst(ExampleSession.prompt.count)), expected: [], line: number + 1)
                comments = []
            } else if line.hasPrefix("#") {
                comments.append(line)
            } else if current != nil, comments.isEmpty {
                current?.expected.append(line.hasPrefix("\\#") ? String(line.dropFirst()) : line)
            } else if !line.isEmpty {
                // Text between comments and an input: kept as a comment line so nothing is lost.
                comments.append("# " + line)
            }
        }
        if let step = current { steps.append(step.trimmed) }
        self.steps = steps
        trailingComments = comments
    }

    /// The file's text with these outputs (by default, the expected ones).
    public func rendered(outputs: [[String]]? = nil) -> String {
        var lines: [String] = []
        for (i, step) in steps.enumerated() {
            if i > 0 && !step.comments.isEmpty { lines.append("") }
            lines += step.comments
            lines.append(ExampleSession.prompt + step.input)
            lines += (outputs?[i] ?? step.expected).map { $0.hasPrefix("#") ? "\\" + $0 : $0 }
        }
        if !trailingComments.isEmpty { lines += [""] + trailingComments }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs every step in a fresh session on the reference document with the fixed settings of SPEC
    /// section 7 (no colour, width 100, no limit, no timings), and returns each step's output lines,
    /// results and messages in the order they were written. `folder` is where `.read` paths start.
    public func play(folder: String?, each: ((Int, [String]) -> Void)? = nil) -> [[String]] {
        let sink = CapturedOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: sink)
        session.width = 100
        session.hideTimings = true
        var outputs: [[String]] = []
        for (i, step) in steps.enumerated() {
            sink.text = ""
            session.run(step.input, folder: folder)
            let lines = Self.lines(sink.text)
            outputs.append(lines)
            each?(i, lines)
            if session.quitRequested { break }
        }
        return outputs
    }

    /// Output text as lines, trailing blank lines left out.
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingCharacters(in: " ").isEmpty { lines.removeLast() }
        return lines
    }

    /// A line diff of expected against actual, for messages: `-` expected, `+` actual.
    public static func diff(expected: [String], actual: [String]) -> String {
        var out: [String] = []
        for i in 0..<max(expected.count, actual.count) {
            let e = i < expected.count ? expected[i] : nil
            let a = i < actual.count ? actual[i] : nil
            if e == a { out.append("  " + (e ?? "")); continue }
            if let e { out.append("- " + e) }
            if let a { out.append("+ " + a) }
        }
        return out.joined(separator: "\n")
    }
}

extension ExampleSession.Step {
    /// The step with the blank lines after its output left out.
    var trimmed: Self {
        var step = self
        while let last = step.expected.last, last.trimmingCharacters(in: " ").isEmpty { step.expected.removeLast() }
        return step
    }
}

/// Results and messages in one stream, in the order they were written, as a terminal shows them.
final class CapturedOutput: OutputSink {
    var text = ""
    func write(_ text: String) { self.text += text }
    func writeError(_ text: String) { self.text += text }
}
