import Foundation
import TranscriptModel

/// Speaker rules the user writes for what the label rules get wrong: `NAME.speakers` beside `NAME.EXT`
/// applies to that transcript, `parley.speakers` in a folder to every transcript in it (the one beside the
/// transcript wins when both are there). Applied to plain text and Markdown, whose labels are read by shape.
///
///     # comments start with '#'
///     AA = Andreas Antonopoulos       this label is that speaker
///     label /^([A-Z]+) -- /           lines matching are labels; the first capture group is the name
///     ignore /^Note:/                 lines matching are never labels
public struct Sidecar: Sendable {
    /// A `LABEL = SPEAKER` line: a label whose text or name is `label` (ignoring case) is `speaker`.
    struct Alias: Sendable {
        var label: String
        var speaker: String
        var line: Int
    }

    /// A `label /REGEX/` or `ignore /REGEX/` line.
    struct Pattern: @unchecked Sendable {
        var regex: NSRegularExpression
        var source: String
        var line: Int
    }

    public var path: String
    var aliases: [Alias] = []
    var labels: [Pattern] = []
    var ignores: [Pattern] = []

    /// A malformed line: where it is and what is wrong, printed `FILE:LINE:COL: error: message`.
    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// The sidecar that applies to the transcript at `path`, if there is one: `NAME.speakers` beside it, else
    /// `parley.speakers` in its folder.
    static func path(for transcript: String, id: String) -> String? {
        let folder = transcript.enclosingFolder
        for name in [id + ".speakers", "parley.speakers"] {
            let candidate = folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG { return candidate }
        }
        return nil
    }

    /// Reads the rules; every malformed line is a problem, and then none of the rules apply.
    static func parse(_ text: String, path: String) -> (sidecar: Sidecar?, problems: [Problem]) {
        var sidecar = Sidecar(path: path)
        var problems: [Problem] = []
        for (n, raw) in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = n + 1
            let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
            let content = raw.dropFirst(indent).trimmingSpaces
            if content.isEmpty || content.hasPrefix("#") { continue }
            for keyword in ["label", "ignore"] where content.hasPrefix(keyword + " ") || content == keyword {
                let after = content.dropFirst(keyword.count)
                let spaces = after.prefix { $0 == " " || $0 == "\t" }.count
                let column = indent + keyword.count + spaces + 1
                let body = after.dropFirst(spaces)
                guard body.count >= 2, body.first == "/", body.last == "/" else {
                    problems.append(Problem(line: line, column: column, message: "expected a regular expression between slashes after '\(keyword)', as in '\(keyword) /^Q:/'"))
                    break
                }
                let source = String(body.dropFirst().dropLast())
                guard let regex = try? NSRegularExpression(pattern: source) else {
                    problems.append(Problem(line: line, column: column + 1, message: "'\(source)' is not a valid regular expression"))
                    break
                }
                if keyword == "label" {
                    guard regex.numberOfCaptureGroups >= 1 else {
                        problems.append(Problem(line: line, column: column + 1, message: "'label' needs a capture group for the name, as in 'label /^([A-Z]+) -- /'"))
                        break
                    }
                    sidecar.labels.append(Pattern(regex: regex, source: source, line: line))
                } else {
                    sidecar.ignores.append(Pattern(regex: regex, source: source, line: line))
                }
                break
            }
            if content.hasPrefix("label ") || content.hasPrefix("ignore ") || content == "label" || content == "ignore" { continue }
            guard let equals = content.firstIndex(of: "=") else {
                problems.append(Problem(line: line, column: indent + 1, message: "expected 'LABEL = SPEAKER', 'label /REGEX/', 'ignore /REGEX/' or a '#' comment"))
                continue
            }
            let label = content[..<equals].trimmingSpaces
            let speaker = content[content.index(after: equals)...].trimmingSpaces
            if label.isEmpty {
                problems.append(Problem(line: line, column: indent + 1, message: "a label is missing before '='"))
            } else if speaker.isEmpty {
                problems.append(Problem(line: line, column: indent + content.distance(from: content.startIndex, to: equals) + 2,
                                        message: "a speaker is missing after '='"))
            } else {
                sidecar.aliases.append(Alias(label: label, speaker: speaker, line: line))
            }
        }
        return (problems.isEmpty ? sidecar : nil, problems)
    }

    /// Whether an `ignore` line matches the line's text: the line is never a label.
    func ignores(_ text: String) -> Pattern? {
        let range = NSRange(text.startIndex..., in: text)
        return ignores.first { $0.regex.firstMatch(in: text, range: range) != nil }
    }

    /// The label a `label` line finds at the start of the line's text: the name is its first capture group,
    /// and the speech starts after the match.
    func label(in text: String) -> (name: String, end: Int, pattern: Pattern)? {
        let range = NSRange(text.startIndex..., in: text)
        for pattern in labels {
            guard let match = pattern.regex.firstMatch(in: text, range: range), match.range.location == 0,
                  let nameRange = Range(match.range(at: 1), in: text), let end = Range(match.range, in: text) else { continue }
            let name = String(text[nameRange]).trimmingSpaces
            guard !name.isEmpty else { continue }
            return (name, text.utf8.distance(from: text.startIndex, to: end.upperBound), pattern)
        }
        return nil
    }

    /// The speaker a `LABEL = SPEAKER` line gives a label: matched against the label as written and its name.
    func alias(for label: SpeakerLabel) -> Alias? {
        aliases.first { alias in
            let key = Folding.key(alias.label)
            return key == Folding.key(label.written) || key == label.key
        }
    }
}
