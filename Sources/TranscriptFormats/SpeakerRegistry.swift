import TranscriptModel

/// The speakers of a document being read, by folded name: a label naming a known speaker adds its
/// spelling and title to that speaker instead of making a new one.
struct SpeakerRegistry {
    private var numbers: [String: Int] = [:]

    /// The speaker's index in the document, if it is known.
    func number(of label: SpeakerLabel) -> Int? { numbers[label.key] }

    /// The speaker's index in `document.speakers`, adding the speaker or the new spelling of its label.
    mutating func number(for label: SpeakerLabel, in document: inout Document) -> Int {
        if let index = numbers[label.key] {
            if !document.speakers[index].labels.contains(label.written) { document.speakers[index].labels.append(label.written) }
            if let titles = label.titles, !document.speakers[index].titles.contains(titles) { document.speakers[index].titles.append(titles) }
            return index
        }
        numbers[label.key] = document.speakers.count
        document.speakers.append(Speaker(name: label.name, labels: [label.written], titles: label.titles.map { [$0] } ?? []))
        return document.speakers.count - 1
    }
}

extension Document {
    /// Appends an utterance of this document's file, with the editorial spans and figures in its text, and
    /// the names of its source markup (`[glossary:P11]`'s `glossary`) as annotations: the value is words
    /// of the text, the name is not (`code:glossary` finds them).
    mutating func appendUtterance(_ kind: UtteranceKind, speaker: Int?, turn: Int?, text: String, line: Int) {
        appendUtterance(kind, speaker: speaker, turn: turn, utf8: Array(text.utf8), line: line)
    }

    /// The same from the text's valid UTF-8 bytes, which the utterance keeps as they are when they hold no
    /// mark to take out: no string is made of them. `mayHoldMarks` false says the text holds none of the
    /// bytes that open one (`EditorialScanner.mayOpenMark`), which are then not looked for.
    mutating func appendUtterance(_ kind: UtteranceKind, speaker: Int?, turn: Int?, utf8 text: [UInt8], mayHoldMarks: Bool = true, line: Int) {
        let (scanned, spans, markup) = mayHoldMarks ? EditorialScanner.scanWithMarkup(utf8: text) : (text, [], [])
        for name in markup {
            annotations.append(Annotation(utterance: utterances.count, code: name.code, text: name.text, range: name.range))
        }
        utterances.append(Utterance(kind: kind, speaker: speaker, turn: turn, utf8: scanned,
                                    location: SourceLocation(path: path, line: line),
                                    editorial: spans, figures: FigureScanner.scan(scanned)))
    }

    /// Ends the last turn at the current last utterance; its utterances run from `start`.
    mutating func closeLastTurn(from start: Int) {
        guard !turns.isEmpty else { return }
        turns[turns.count - 1].utterances = start..<utterances.count
    }
}
