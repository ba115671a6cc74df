import Foundation
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
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(decoded.bytes))
        } catch {
            return .failure(LoaderReadError(message: "not valid JSON"))
        }
        guard let root = object as? [String: Any] else {
            return .failure(LoaderReadError(message: "JSON, but not a transcript: no speaker-labelled utterances"))
        }
        let pieces: [Piece]
        if let utterances = root["utterances"] as? [[String: Any]] {
            pieces = utterances.map { u in
                Piece(speaker: Self.text(u["speaker"]), text: Self.text(u["text"]) ?? "",
                      start: Self.number(u["start"]).map { $0 / 1000 }, end: Self.number(u["end"]).map { $0 / 1000 })
            }
        } else if let results = root["results"] as? [String: Any],
                  let labels = results["speaker_labels"] as? [String: Any],
                  let segments = labels["segments"] as? [[String: Any]] {
            pieces = Self.amazon(segments, items: results["items"] as? [[String: Any]] ?? [])
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
    static func amazon(_ segments: [[String: Any]], items: [[String: Any]]) -> [Piece] {
        let words: [(start: Double?, text: String, punctuation: Bool)] = items.map { item in
            let content = ((item["alternatives"] as? [[String: Any]])?.first?["content"] as? String) ?? ""
            return (number(item["start_time"]), content, (item["type"] as? String) == "punctuation")
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
        var document = Document(id: id, path: path, format: "json", date: DateText.fromFileName(id))
        var registry = SpeakerRegistry()
        var warnings: [String] = []
        var turnStart = 0
        for (n, piece) in pieces.enumerated() {
            let text = Text.clean(piece.text)
            guard !text.isEmpty else {
                warnings.append("utterance \(n + 1): no text; left out")
                continue
            }
            let name = piece.speaker ?? "unknown"
            let label = SpeakerLabel(written: name, titles: nil, name: name, addressee: nil, length: 0)
            let speaker = registry.number(for: label, in: &document)
            if document.turns.last?.speaker != speaker {
                document.closeLastTurn(from: turnStart)
                turnStart = document.utterances.count
                document.turns.append(Turn(number: document.turns.count + 1, speaker: speaker, label: name,
                                           start: piece.start, end: piece.end, utterances: turnStart..<turnStart))
            } else if let end = piece.end {
                document.turns[document.turns.count - 1].end = end
            }
            // The JSON has no lines: an utterance's location is its position in the list, 1-based.
            document.appendUtterance(.speech, speaker: speaker, turn: document.turns.count, text: text, line: n + 1)
        }
        document.closeLastTurn(from: turnStart)
        return (document, warnings)
    }

    static func text(_ value: Any?) -> String? {
        if let s = value as? String { return s }
        if let n = value as? NSNumber { return n.stringValue }
        return nil
    }

    static func number(_ value: Any?) -> Double? {
        if let n = value as? NSNumber { return n.doubleValue }
        if let s = value as? String { return Double(s) }
        return nil
    }
}
