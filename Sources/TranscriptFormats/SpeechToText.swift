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
        if case .array(let utterances)? = root["utterances"], let objects = Self.objects(utterances) {
            pieces = objects.map { u in
                Piece(speaker: Self.text(u["speaker"]), text: Self.text(u["text"]) ?? "",
                      start: Self.number(u["start"]).map { $0 / 1000 }, end: Self.number(u["end"]).map { $0 / 1000 })
            }
        } else if case .object(let results)? = root["results"], case .object(let labels)? = results["speaker_labels"],
                  case .array(let list)? = labels["segments"], let segments = Self.objects(list) {
            var items: [[String: JSONValue]] = []
            if case .array(let list)? = results["items"] { items = Self.objects(list) ?? [] }
            pieces = Self.amazon(segments, items: items)
        } else {
            return .failure(LoaderReadError(message: "JSON, but not a transcript: no speaker-labelled utterances (AssemblyAI 'utterances' or Amazon Transcribe 'speaker_labels')"))
        }
        return .success(Self.document(pieces, id: id, path: path))
    }

    /// One speaker-labelled stretch of speech with its times in seconds.
    struct Piece {
        var speaker: String?
        var text: String
        var start: Double?
        var end: Double?
    }

    /// Amazon Transcribe: each segment's words are the items whose start time falls inside it; a
    /// punctuation item joins the word before it.
    static func amazon(_ segments: [[String: JSONValue]], items: [[String: JSONValue]]) -> [Piece] {
        let words: [(start: Double?, text: String, punctuation: Bool)] = items.map { item in
            var content = ""
            if case .array(let alternatives)? = item["alternatives"], case .object(let first)? = alternatives.first,
               case .string(let text)? = first["content"] { content = text }
            return (number(item["start_time"]), content, item["type"] == .string("punctuation"))
        }
        var cursor = 0
        return segments.map { segment in
            let start = number(segment["start_time"])
            let end = number(segment["end_time"])
            var text = ""
            while cursor < words.count {
                let word = words[cursor]
                if let s = word.start, let end, s > end { break }
                text += word.punctuation || text.isEmpty ? word.text : " " + word.text
                cursor += 1
            }
            return Piece(speaker: self.text(segment["speaker_label"]), text: text, start: start, end: end)
        }
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
            let name = piece.speaker ?? "unknown"
            let label = SpeakerLabel(written: name, titles: nil, name: name, addressee: nil, length: 0)
            let speaker = assembler.speaker(for: label)
            if assembler.currentTurn?.speaker != speaker {
                assembler.openTurn(speaker: speaker, label: name, start: piece.start, end: piece.end)
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
