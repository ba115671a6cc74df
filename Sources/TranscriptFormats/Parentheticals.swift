import TranscriptModel

/// Takes interjections `(Cde. Molotov: But you wanted ...)` and stage directions `(Laughter)` out of a
/// paragraph; other parentheticals, such as `(abuses of power)`, stay in the speaker's text.
enum Parentheticals {
    /// What was taken out of a paragraph, in order.
    enum Part: Equatable {
        case interjection(SpeakerLabel, String)
        case direction(String)
    }

    /// Non-speech sounds that are directions wherever they stand and however they are written.
    static let sounds: Set<String> = ["laughter", "laughs", "laughing", "applause", "inaudible", "crosstalk",
                                      "pause", "silence", "music", "coughs", "coughing", "sighs", "cheers",
                                      "booing", "indiscernible", "unintelligible", "no response"]

    /// Splits `text`; `isKnownSpeaker` confirms an interjection whose label has no title (`(Beria: ...)`).
    static func extract(_ text: String, isKnownSpeaker: (String) -> Bool) -> (text: String, parts: [Part]) {
        var text = text
        guard text.withUTF8({ $0.contains(0x28) }) else { return (text, []) }
        var parts: [Part] = []
        var kept = ""
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "(") {
            guard let close = matchingClose(text, from: open) else { break }
            let inner = String(text[text.index(after: open)..<close])
            let before = text[index..<open]
            if let part = classify(inner, before: kept + before, after: text[text.index(after: close)...], isKnownSpeaker: isKnownSpeaker) {
                parts.append(part)
                kept += before + Utterance.marker
            } else {
                kept += text[index...close]
            }
            index = text.index(after: close)
        }
        kept += text[index...]
        return (kept, parts)
    }

    /// The `)` that closes the `(` at `open`, counting nested pairs; nil when unbalanced.
    private static func matchingClose(_ text: String, from open: String.Index) -> String.Index? {
        var depth = 0
        var i = open
        var scanned = 0
        while i < text.endIndex, scanned < 4000 {
            if text[i] == "(" { depth += 1 } else if text[i] == ")" {
                depth -= 1
                if depth == 0 { return i }
            }
            i = text.index(after: i)
            scanned += 1
        }
        return nil
    }

    private static func classify(_ inner: String, before: String, after: Substring,
                                 isKnownSpeaker: (String) -> Bool) -> Part? {
        let trimmed = inner.trimmingSpaces
        if let label = SpeakerLabel.parse(ArraySlice(trimmed.utf8)), label.written != "Q", label.written != "A",
           label.isStrong || isKnownSpeaker(label.key) {
            let speech = String(decoding: trimmed.utf8.dropFirst(label.length), as: UTF8.self)
            if !speech.isEmpty { return .interjection(label, speech) }
        }
        let bare = trimmed.trimmingCharacters(in: ".!").lowercased()
        if sounds.contains(bare) { return .direction(trimmed) }
        // A short capitalised phrase with no colon that stands between sentences or alone.
        let words = trimmed.split(separator: " ")
        guard let first = trimmed.unicodeScalars.first, first.properties.isUppercase, (1...8).contains(words.count),
              !trimmed.contains(":") else { return nil }
        let standsAlone = before.trimmingSpaces.last.map { ".!?:—–-)…".contains($0) } ?? true
        let followedBySentence = after.trimmingSpaces.first.map { $0.isUppercase || "(—".contains($0) } ?? true
        return standsAlone && followedBySentence ? .direction(trimmed) : nil
    }
}
