import TranscriptModel

/// Assembles turns and utterances from cue pieces: a speaker mark opens a turn when the speaker changes,
/// `>>` always does, and unmarked cues continue the turn before them.
struct CaptionBuilder {
    /// Words after which a paragraph closes at the next cue that ends a sentence.
    static let paragraphWords = 80
    /// Words after which a paragraph closes at the next cue whether or not it ends a sentence: automatic
    /// captions have no punctuation, and were one utterance an hour long.
    static let paragraphWordsUnpunctuated = 160

    /// Whether the file marks no speaker at all (see `CaptionReader`): then each paragraph is a turn of no
    /// one's, timed from its first cue to its last, so that `time:` finds it.
    var unattributed = false

    private var assembler: TurnAssembler
    private var pendingSpeaker: SpeakerLabel?
    private var pendingChange: String?
    /// Whether the pending `>>` stands after text of the same cue: someone else speaks before the cue ends.
    private var pendingChangeInsideCue = false
    private var paragraph: [UInt8] = []
    private var paragraphLine: Int?
    private var paragraphWordCount = 0
    /// Directions taken out of the open paragraph, which follow it.
    private var inline: [(text: String, line: Int)] = []

    init(id: String, path: String, format: String) {
        assembler = TurnAssembler(Document(id: id, path: path, format: format))
    }

    /// The document as built so far.
    var document: Document { assembler.document }

    /// The speaker a voice span names: titles kept apart when the name has a label's shape, the words as
    /// written otherwise (`Neil deGrasse Tyson`), upper-case names in title case.
    /// A voice is a name, never a label with qualifiers: Teams writes `<v Smith, John>`, and read at its
    /// comma as a label is, `Smith, John` and `Doe, John` were one speaker.
    static func voiceLabel(_ voice: String) -> SpeakerLabel {
        if !voice.contains(","), let label = SpeakerLabel.analyse(voice) { return label }
        let words = voice.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" })
        let titleCount = Titles.prefixLength(words)
        let named = titleCount < words.count
        return SpeakerLabel(written: voice, titles: named && titleCount > 0 ? words[..<titleCount].joined(separator: " ") : nil,
                            name: Names.canonical(named ? Array(words[titleCount...]) : words), addressee: nil, length: 0)
    }

    /// The turn metadata that marks a turn a `>>` opened inside a cue.
    public static let changeInsideCue = "change_inside_cue"

    mutating func add(_ cue: CaptionCue, pieces: [CaptionPiece]) {
        var segment: [CaptionPiece] = []
        var cueStarted = false
        for piece in pieces {
            switch piece {
            case .speaker(let label, _):
                cueStarted = addSegment(segment, cue: cue, atCueStart: !cueStarted) || cueStarted
                segment = []
                pendingSpeaker = label
            case .change(let marker, _):
                cueStarted = addSegment(segment, cue: cue, atCueStart: !cueStarted) || cueStarted
                segment = []
                pendingChange = marker
                // A dialogue dash is an exchange the cue shows whole, not someone breaking in.
                pendingChangeInsideCue = cueStarted && marker != "-"
                pendingSpeaker = nil
            case .text, .direction:
                segment.append(piece)
            }
        }
        _ = addSegment(segment, cue: cue, atCueStart: !cueStarted)
    }

    /// Adds the text and directions between two speaker marks; whether there was anything to add.
    private mutating func addSegment(_ segment: [CaptionPiece], cue: CaptionCue, atCueStart: Bool) -> Bool {
        var hasText = false
        var hasDirection = false
        for piece in segment {
            switch piece {
            case .text(let bytes, _): if CaptionBuilder.hasContent(bytes) { hasText = true }
            case .direction: hasDirection = true
            default: break
            }
        }
        guard hasText || hasDirection else { return false }
        let voiced = pendingSpeaker != nil
        let closesParagraph = hasText && atCueStart && (paragraphWordCount >= CaptionBuilder.paragraphWordsUnpunctuated
            || paragraphWordCount >= CaptionBuilder.paragraphWords && CaptionBuilder.endsSentence(paragraph))
        // Without speakers, each paragraph is a turn of its own, from this cue on.
        if closesParagraph, unattributed { pendingChange = "" }
        let opened = openTurnIfNeeded(cue)
        guard hasText else {
            // A cue (or part) that is only non-speech stands between paragraphs. A sound a voice tag
            // names (`<v Neil><i>Laughs</i>`) is that speaker's, as a turn that is only a sound is in a
            // text (`CMP: (Laughter)`); other directions are no one's.
            flushParagraph()
            let own = voiced ? assembler.document.turns.last?.speaker : nil
            for case .direction(let words, let line) in segment {
                append(.direction, speaker: Parentheticals.isSound(words) ? own : nil, text: words, line: line)
            }
            return true
        }
        if !opened, closesParagraph { flushParagraph() }
        for piece in segment {
            switch piece {
            case .text(let bytes, let line):
                guard CaptionBuilder.hasContent(bytes) else { continue }
                if paragraphLine == nil { paragraphLine = line }
                paragraph.append(0x20)
                paragraph += bytes
                paragraphWordCount += CaptionBuilder.wordCount(bytes)
            case .direction(let words, let line):
                if paragraphLine == nil { paragraphLine = line }
                paragraph.append(0x20)
                paragraph += Array(Utterance.marker.utf8)
                inline.append((words, line))
            default:
                break
            }
        }
        return true
    }

    /// Opens a turn when a `>>` or a different speaker is pending (or none is open); else extends the
    /// open turn's times. Returns whether it opened one.
    private mutating func openTurnIfNeeded(_ cue: CaptionCue) -> Bool {
        let insideCue = pendingChange != nil && pendingChangeInsideCue
        defer {
            pendingSpeaker = nil
            pendingChange = nil
            pendingChangeInsideCue = false
        }
        var open = assembler.document.turns.isEmpty || pendingChange != nil
        if let label = pendingSpeaker {
            let known = assembler.knownSpeaker(label)
            if known == nil || known != assembler.document.turns.last?.speaker { open = true }
        }
        guard open else {
            if let label = pendingSpeaker { _ = speaker(for: label) }
            let last = assembler.document.turns.count - 1
            if assembler.document.turns[last].start == nil { assembler.document.turns[last].start = cue.start }
            if let end = cue.end { assembler.document.turns[last].end = max(assembler.document.turns[last].end ?? end, end) }
            return false
        }
        flushParagraph()
        var index: Int?
        if let label = pendingSpeaker { index = speaker(for: label) }
        assembler.openTurn(speaker: index, label: pendingSpeaker?.written ?? pendingChange ?? "",
                           addressee: pendingSpeaker?.addressee, start: cue.start, end: cue.end)
        if insideCue {
            // `interruptions` counts a change of speaker before the cue is over.
            assembler.document.turns[assembler.document.turns.count - 1].metadata.append(MetadataField(Self.changeInsideCue, "yes"))
        }
        return true
    }

    private mutating func closeTurn() { assembler.closeTurn() }

    private mutating func speaker(for label: SpeakerLabel) -> Int { assembler.speaker(for: label) }

    /// Adds the open paragraph as an utterance, followed by the directions taken out of it.
    private mutating func flushParagraph() {
        defer {
            paragraph = []
            paragraphLine = nil
            paragraphWordCount = 0
            inline = []
        }
        guard !paragraph.isEmpty else { return }
        let line = paragraphLine ?? inline.first?.line ?? 0
        if inline.isEmpty || CaptionBuilder.hasSpeech(paragraph) {
            append(.speech, speaker: assembler.document.turns.last?.speaker, text: Text.clean(paragraph, markdown: false), line: line)
        }
        for direction in inline {
            append(.direction, speaker: nil, text: direction.text, line: direction.line)
        }
    }

    private mutating func append(_ kind: UtteranceKind, speaker: Int?, text: String, line: Int) {
        assembler.append(kind, speaker: speaker, text: text, line: line)
    }

    /// Closes the last turn; sets metadata, title, date, and the lines of doubtful labels.
    mutating func finish(metadata: [MetadataField], unplaced: [UnplacedLine], doubtful: [DoubtfulLabel] = []) {
        flushParagraph()
        closeTurn()
        assembler.document.metadata = metadata
        assembler.document.unplacedLines = unplaced
        assembler.document.doubtfulLabels = doubtful
        assembler.document.title = assembler.document.metadata("title")
        assembler.document.date = assembler.document.metadata("date").flatMap { DateText.find(in: $0)?.date } ?? DateText.fromFileName(assembler.document.id)
    }

    // MARK: Helpers

    /// Whether the bytes hold anything but spaces, tabs and non-breaking spaces.
    static func hasContent(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x20 || bytes[i] == 0x09 {
                i += 1
            } else if bytes[i] == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 {
                i += 2
            } else {
                return true
            }
        }
        return false
    }

    /// Whether a paragraph holds anything but spaces and the markers of directions taken out of it.
    static func hasSpeech(_ bytes: [UInt8]) -> Bool {
        let marker = Array(Utterance.marker.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x20 {
                i += 1
            } else if bytes[i] == marker.first, bytes[i...].starts(with: marker) {
                i += marker.count
            } else {
                return true
            }
        }
        return false
    }

    static func wordCount(_ bytes: [UInt8]) -> Int {
        var count = 0
        var inWord = false
        for b in bytes {
            let space = b == 0x20 || b == 0x09
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }

    /// Whether the text ends a sentence: `.`, `?`, `!` or `…`, perhaps before closing quotes or brackets.
    static func endsSentence(_ bytes: [UInt8]) -> Bool {
        var end = bytes.count
        while end > 0 {
            let b = bytes[end - 1]
            if b == 0x20 || b == 0x09 || b == 0x22 || b == 0x27 || b == 0x29 || b == 0x5D {
                end -= 1
            } else if end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, bytes[end - 1] == 0x9D || bytes[end - 1] == 0x99 {
                end -= 3
            } else {
                break
            }
        }
        guard end > 0 else { return false }
        let last = bytes[end - 1]
        if last == 0x2E || last == 0x3F || last == 0x21 { return true }
        return end >= 3 && bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x80 && bytes[end - 1] == 0xA6
    }
}
