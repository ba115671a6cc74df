import TranscriptModel

/// Reads speech-to-text JSON with speaker-labelled utterances and millisecond or second times:
/// AssemblyAI's `utterances[]` (`speaker`, `text`, `start` and `end` in milliseconds) and Amazon
/// Transcribe's `results.speaker_labels.segments` joined with `results.items` (times in seconds, as strings).
///
/// Each speaker change is a turn with its times; each AssemblyAI utterance, or each Amazon segment, is one
/// utterance. Speakers are named as the service names them (`A`, `spk_0`): the services know voices, not
/// names.
public struct SpeechToTextReader: Sendable {
    public init() {}

    /// Why a JSON file is not speech-to-text JSON that Parley knows.
    public func read(_ decoded: DecodedText, id: String, path: String) -> Result<(document: Document, warnings: [String]), LoaderReadError> {
        let root: [String: JSONValue]
        do {
            var parser = JSONParser(decoded.bytes[...])
            guard case .object(let object) = try parser.parseDocument() else {
                return .failure(LoaderReadError(message: "JSON, but not a transcript: no speaker-labelled utterances"))
            }
            root = object
        } catch {
            return .failure(LoaderReadError(message: "not valid JSON (\((error as? JSONError)?.message ?? "\(error)"))"))
        }
        let pieces: [Piece]
        var warnings: [String] = []
        if case .array(let utterances)? = root["utterances"], let objects = Self.objects(utterances) {
            pieces = objects.map { u in
                Piece(speaker: Self.text(u["speaker"]), text: Self.text(u["text"]) ?? "",
                      start: Self.number(u["start"]).map { $0 / 1000 }, end: Self.number(u["end"]).map { $0 / 1000 })
            }
        } else if case .object(let results)? = root["results"], case .object(let labels)? = results["speaker_labels"],
                  case .array(let list)? = labels["segments"], let segments = Self.objects(list) {
            var items: [[String: JSONValue]] = []
            if case .array(let list)? = results["items"] { items = Self.objects(list) ?? [] }
            (pieces, warnings) = Self.amazon(segments, items: items)
        } else {
            return .failure(LoaderReadError(message: "JSON, but not a transcript: no speaker-labelled utterances (AssemblyAI 'utterances' or Amazon Transcribe 'speaker_labels')"))
        }
        let read = Self.document(pieces, id: id, path: path)
        return .success((read.document, warnings + read.warnings))
    }

    /// One speaker-labelled stretch of speech with its times in seconds.
    struct Piece {
        var speaker: String?
        var text: String
        var start: Double?
        var end: Double?
    }

    /// Amazon Transcribe: each word goes to the segment whose `items[]` list it (matched by start and end
    /// time, as Amazon writes them); a word no segment lists goes to the segment that holds its start, half-open
    /// `[start_time, end_time)`, since Amazon starts each word where the one before it ends. A punctuation item
    /// joins the word before it. Words no segment covers are kept as an utterance of the speaker `unknown`,
    /// with a warning, and a segment given no words is left out with one.
    static func amazon(_ segments: [[String: JSONValue]], items: [[String: JSONValue]]) -> (pieces: [Piece], warnings: [String]) {
        let spans = segments.map { (start: number($0["start_time"]), end: number($0["end_time"])) }
        // The segments' own lists of their words, by start and end time; a time pair listed twice (voices
        // over one another) is handed out in order.
        var listed: [TimePair: [Int]] = [:]
        for (index, segment) in segments.enumerated() {
            guard case .array(let list)? = segment["items"], let entries = objects(list) else { continue }
            for entry in entries {
                guard let start = number(entry["start_time"]), let end = number(entry["end_time"]) else { continue }
                listed[TimePair(start: start, end: end), default: []].append(index)
            }
        }
        /// A run of words for one segment, or for none (`segment` nil).
        struct Run {
            var segment: Int?
            var start: Double?
            var text = ""
            var end: Double?
        }
        var runs: [Run] = []
        // Punctuation before the first word joins that word.
        var leading = ""
        for item in items {
            var content = ""
            if case .array(let alternatives)? = item["alternatives"], case .object(let first)? = alternatives.first,
               case .string(let text)? = first["content"] { content = text }
            let start = number(item["start_time"])
            let end = number(item["end_time"])
            if item["type"] == .string("punctuation") {
                if runs.isEmpty { leading += content } else { runs[runs.count - 1].text += content }
                continue
            }
            // A word without times stays with the word before it.
            var segment = start == nil ? runs.last?.segment : nil
            let key = start.flatMap { s in end.map { TimePair(start: s, end: $0) } }
            if let key, var queue = listed[key], !queue.isEmpty {
                segment = queue.removeFirst()
                listed[key] = queue
            } else if let start {
                segment = spans.firstIndex { span in
                    guard let from = span.start, let to = span.end else { return false }
                    return from <= start && start < to
                }
            }
            if runs.last.map({ $0.segment != segment }) ?? true {
                runs.append(Run(segment: segment, start: start))
            }
            let last = runs.count - 1
            runs[last].text += runs[last].text.isEmpty ? leading + content : " " + content
            leading = ""
            if let end { runs[last].end = end }
        }
        var warnings: [String] = []
        var pieces: [Piece] = []
        for run in runs {
            if let segment = run.segment {
                let span = spans[segment]
                pieces.append(Piece(speaker: text(segments[segment]["speaker_label"]), text: run.text,
                                    start: span.start ?? run.start, end: span.end ?? run.end))
            } else {
                warnings.append("utterance \(pieces.count + 1): words at \(seconds(run.start))–\(seconds(run.end)) are in no speaker segment; kept with speaker 'unknown'")
                pieces.append(Piece(speaker: "unknown", text: run.text, start: run.start, end: run.end))
            }
        }
        let given = Set(runs.compactMap(\.segment))
        for index in segments.indices where !given.contains(index) {
            let label = text(segments[index]["speaker_label"]) ?? "unknown"
            warnings.append("speaker segment \(index + 1) ('\(label)', \(seconds(spans[index].start))–\(seconds(spans[index].end))): no words; left out")
        }
        return (pieces, warnings)
    }

    /// A word's start and end time, the key that ties an item to its segment.
    struct TimePair: Hashable {
        var start: Double
        var end: Double
    }

    /// Seconds as written in a warning: `3.0 s`, or `?` when missing.
    static func seconds(_ value: Double?) -> String {
        guard let value else { return "?" }
        return "\(value) s"
    }

    static func document(_ pieces: [Piece], id: String, path: String) -> (document: Document, warnings: [String]) {
        var assembler = TurnAssembler(Document(id: id, path: path, format: "json", date: DateText.fromFileName(id)))
        var warnings: [String] = []
        for (n, piece) in pieces.enumerated() {
            let text = Text.clean(piece.text)
            guard !text.isEmpty else {
                warnings.append("utterance \(n + 1): no text; left out")
                continue
            }
            // An utterance the service credits to no speaker (AssemblyAI's `"speaker": null`) is a turn of
            // no one's, as an unlabelled caption is: a speaker named `unknown` would be one person.
            let speaker = piece.speaker.map { name in
                assembler.speaker(for: SpeakerLabel(written: name, titles: nil, name: name, addressee: nil, length: 0))
            }
            if assembler.currentTurn == nil || assembler.currentTurn?.speaker != speaker {
                assembler.openTurn(speaker: speaker, label: piece.speaker ?? "", start: piece.start, end: piece.end)
            } else if let end = piece.end {
                assembler.document.turns[assembler.document.turns.count - 1].end = end
            }
            // The JSON has no lines: an utterance's location is its position in the list, 1-based.
            assembler.append(.speech, speaker: speaker, text: text, line: n + 1)
        }
        assembler.closeTurn()
        return (assembler.document, warnings)
    }

    /// Every element when all are objects; nil otherwise.
    static func objects(_ values: [JSONValue]) -> [[String: JSONValue]]? {
        var objects: [[String: JSONValue]] = []
        for value in values {
            guard case .object(let object) = value else { return nil }
            objects.append(object)
        }
        return objects
    }

    /// A string, or a number as written.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .number(let n)?: return n
        default: return nil
        }
    }

    /// A number, or a string that holds one (Amazon writes times as strings).
    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .number(let n)?, .string(let n)?: return Double(n)
        default: return nil
        }
    }
}
