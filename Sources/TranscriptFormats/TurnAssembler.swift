import TranscriptModel

/// The turn bookkeeping every reader shares: the document being built, its speakers, and the open turn,
/// whose range of utterances is closed when the next turn opens or the reader finishes.
///
/// Readers decide where turns start and who speaks; the assembler keeps the numbers, the speaker list and
/// the utterance ranges consistent, so that no reader keeps its own copy of that bookkeeping.
struct TurnAssembler {
    var document: Document
    private var speakers = SpeakerRegistry()
    /// The first utterance of the open turn; nil when no turn is open (none yet, or the last one closed).
    private var turnStart: Int?

    init(_ document: Document) {
        self.document = document
    }

    /// The speaker's index in the document, adding the speaker or the new spelling of its label.
    mutating func speaker(for label: SpeakerLabel) -> Int { speakers.number(for: label, in: &document) }

    /// The speaker's index, if a label of the same speaker was seen.
    func knownSpeaker(_ label: SpeakerLabel) -> Int? { speakers.number(of: label) }

    /// The open turn, if any: none before the first, nor after `closeTurn()`.
    var currentTurn: Turn? { turnStart == nil ? nil : document.turns.last }

    /// Whether a turn is open and holds no utterance yet.
    var currentTurnIsEmpty: Bool { turnStart == document.utterances.count }

    /// Closes the open turn and opens the next one; returns its number.
    @discardableResult
    mutating func openTurn(speaker: Int?, label: String, addressee: String? = nil, start: Double? = nil,
                           end: Double? = nil, metadata: [MetadataField] = []) -> Int {
        closeTurn()
        let first = document.utterances.count
        turnStart = first
        let number = document.turns.count + 1
        document.turns.append(Turn(number: number, speaker: speaker, label: label, addressee: addressee, start: start,
                                   end: end, utterances: first..<first, metadata: metadata))
        return number
    }

    /// Ends the open turn at the last utterance appended so far; utterances appended after it (ParlaMint's
    /// narrative between `<u>`s) stay outside it.
    mutating func closeTurn() {
        guard let start = turnStart else { return }
        document.closeLastTurn(from: start)
        turnStart = nil
    }

    /// Appends an utterance to the open turn, or outside any turn when none is open (before the first, or
    /// after `closeTurn()`: a heading's narrative, ParlaMint's notes between `<u>`s).
    mutating func append(_ kind: UtteranceKind, speaker: Int?, text: String, line: Int) {
        document.appendUtterance(kind, speaker: speaker, turn: currentTurn?.number, text: text, line: line)
    }

    /// The same from the text's UTF-8 bytes (see `Document.appendUtterance(_:speaker:turn:utf8:mayHoldMarks:line:)`).
    mutating func append(_ kind: UtteranceKind, speaker: Int?, utf8 text: [UInt8], mayHoldMarks: Bool = true, line: Int) {
        document.appendUtterance(kind, speaker: speaker, turn: currentTurn?.number, utf8: text, mayHoldMarks: mayHoldMarks, line: line)
    }
}
