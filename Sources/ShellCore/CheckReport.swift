import TranscriptFormats
import TranscriptModel

/// What the importer made of one document: the figures `parley --check` reports (SPEC section 5).
public struct CheckReport: Sendable {
    /// Counts for one speaker: turns its labels open, all its utterances, and its interjections.
    public struct SpeakerCounts: Equatable, Sendable {
        public var name: String
        public var turns = 0
        public var utterances = 0
        public var interjections = 0
    }

    public let document: Document
    /// Speakers in order of first appearance.
    public private(set) var speakers: [SpeakerCounts]
    public private(set) var paragraphs = 0
    public private(set) var interjections = 0
    public private(set) var directions = 0
    public private(set) var narrative = 0
    /// Editorial spans within utterances, by kind, in `EditorialKind.allCases` order.
    public private(set) var editorial: [EditorialKind: Int] = [:]
    public private(set) var figures = 0
    /// Turns with a start time, and the span from the earliest start to the latest end (or start).
    public private(set) var timedTurns = 0
    public private(set) var timeSpan: ClosedRange<Double>? = nil

    public init(_ document: Document) {
        self.document = document
        speakers = document.speakers.map { SpeakerCounts(name: $0.name) }
        for turn in document.turns {
            if let s = turn.speaker { speakers[s].turns += 1 }
            if let start = turn.start {
                timedTurns += 1
                let end = max(start, turn.end ?? start)
                timeSpan = timeSpan.map { min($0.lowerBound, start)...max($0.upperBound, end) } ?? start...end
            }
        }
        for utterance in document.utterances {
            if let s = utterance.speaker { speakers[s].utterances += 1 }
            switch utterance.kind {
            case .speech: paragraphs += 1
            case .interjection:
                interjections += 1
                if let s = utterance.speaker { speakers[s].interjections += 1 }
            case .direction: directions += 1
            case .narrative: narrative += 1
            }
            for span in utterance.editorial { editorial[span.kind, default: 0] += 1 }
            figures += utterance.figures.count
        }
    }

    /// The object of `--check --format json`, keys in the order SPEC section 5 gives.
    public var json: JSON {
        .object([
            ("id", .string(document.id)),
            ("path", .string(document.path)),
            ("format", .string(document.format)),
            ("title", .string(document.title)),
            ("date", .string(document.date?.description)),
            ("place", .string(document.place)),
            ("turns", .number(Double(document.turns.count))),
            ("utterances", .number(Double(document.utterances.count))),
            ("speakers", .object(speakers.map { s in
                (s.name, .object([("turns", .number(Double(s.turns))), ("utterances", .number(Double(s.utterances))),
                                  ("interjections", .number(Double(s.interjections)))]))
            })),
            ("directions", .number(Double(directions))),
            ("editorial", .object(EditorialKind.allCases.map { ($0.rawValue, .number(Double(editorial[$0] ?? 0))) })),
            ("figures", .number(Double(figures))),
            ("metadata", .object(CheckReport.uniqueKeys(document.metadata.map { ($0.name, .string($0.value)) }))),
            ("unplaced_lines", .array(document.unplacedLines.map {
                .object([("line", .number(Double($0.line))), ("text", .string($0.text)), ("reason", .string($0.reason))])
            })),
            ("times", times.map { times in
                .object([("timed_turns", .number(Double(timedTurns))), ("first", .string(times.first)), ("last", .string(times.last))])
            } ?? .null),
            ("doubtful_labels", .array(document.doubtfulLabels.map {
                .object([("line", .number(Double($0.line))), ("text", .string($0.text)), ("reason", .string($0.reason)),
                         ("taken", .bool($0.taken))])
            })),
            ("annotations", .number(Double(annotations))),
            ("sidecar", .string(document.sidecar)),
            ("sidecar_changes", .array(document.sidecarChanges.map {
                .object([("line", .number(Double($0.line))), ("text", .string($0.text)), ("reason", .string($0.reason)),
                         ("taken", .bool($0.taken))])
            })),
        ])
    }

    /// Annotation codes of a transcription system kept on the utterances (CHAT's `[* ...]`, `[x N]`, `@o`).
    public var annotations: Int { document.annotations.count }

    /// The fields with every repeated key renamed: the first keeps its name, later ones are `NAME_2`, `NAME_3`
    /// ..., so that no JSON object repeats a key.
    static func uniqueKeys(_ fields: [(String, JSON)]) -> [(String, JSON)] {
        var used = Set(fields.map(\.0))
        var seen: [String: Int] = [:]
        return fields.map { key, value in
            seen[key, default: 0] += 1
            guard let n = seen[key], n > 1 else { return (key, value) }
            var suffix = n
            while used.contains("\(key)_\(suffix)") { suffix += 1 }
            used.insert("\(key)_\(suffix)")
            return ("\(key)_\(suffix)", value)
        }
    }

    /// The first and last times as the document's clock writes them.
    var times: (first: String, last: String)? {
        timeSpan.map { span in
            let days = document.timesRunForDays
            return (ClockTime.format(span.lowerBound, days: days), ClockTime.format(span.upperBound, days: days))
        }
    }

    /// The report for people: one block per document.
    public var text: String {
        var out = "\(document.id)  (\(document.format), \(document.path))\n"
        if let title = document.title { out += "  title: \(title)\n" }
        if let date = document.date { out += "  date:  \(date)\n" }
        if let place = document.place { out += "  place: \(place)\n" }
        out += "  \(plural(document.turns.count, "turn")), \(plural(document.utterances.count, "utterance")): "
        out += [plural(paragraphs, "paragraph"), plural(interjections, "interjection"), plural(directions, "direction"),
                "\(narrative) narrative"].joined(separator: ", ") + "\n"
        let silent = document.silentTurns
        if silent > 0 {
            out += "  \(plural(silent, "turn")) with no utterance (a label with no words after it): `count` never counts them as turns with a hit\n"
        }
        if !speakers.isEmpty {
            let width = max(7, speakers.map(\.name.displayWidth).max() ?? 0)
            out += "  " + "speaker".padding(width) + "  turns  utterances  interjections\n"
            for s in speakers {
                out += "  " + s.name.padding(width) + "  " + "\(s.turns)".leftPadding(5) + "  "
                    + "\(s.utterances)".leftPadding(10) + "  " + "\(s.interjections)".leftPadding(13) + "\n"
            }
        }
        let kinds = EditorialKind.allCases.map { plural(editorial[$0] ?? 0, $0.rawValue) }
        out += "  editorial: " + kinds.joined(separator: ", ") + "\n"
        out += "  figures: \(figures)\n"
        if annotations > 0 { out += "  annotations: \(annotations)\n" }
        if let times {
            out += "  times: \(timedTurns) of \(plural(document.turns.count, "turn")) timed, from \(times.first) to \(times.last)\n"
        }
        if !document.metadata.isEmpty {
            out += "  metadata:\n"
            for field in document.metadata { out += "    \(field.name): \(field.value ?? "(empty)")\n" }
        }
        if !document.unplacedLines.isEmpty {
            out += "  lines not placed:\n"
            for line in document.unplacedLines { out += "    line \(line.line): \(line.text) (\(line.reason))\n" }
        }
        if let sidecar = document.sidecar {
            out += "  sidecar: \(sidecar)\n"
            for change in document.sidecarChanges {
                out += "    line \(change.line): \(change.taken ? "label" : "not a label"): \(change.text) (\(change.reason))\n"
            }
        }
        if !document.doubtfulLabels.isEmpty {
            out += "  doubtful labels:\n"
            for label in document.doubtfulLabels {
                out += "    line \(label.line): \(label.taken ? "taken" : "not taken"): \(label.text) (\(label.reason))\n"
            }
        }
        return out
    }
}

func plural(_ n: Int, _ noun: String) -> String {
    n == 1 ? "1 \(noun)" : "\(n) \(noun)\(noun.hasSuffix("s") ? "es" : "s")"
}

extension String {
    /// The text and spaces after it to fill `width` columns of a terminal (`DisplayWidth`: `王丽` fills four).
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - displayWidth)) }
    /// Spaces and the text after them to fill `width` columns, for numbers aligned on the right.
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - displayWidth)) + self }
}
