import TranscriptModel

/// Reads WebVTT (`format: .webvtt`) and SRT (`.srt`) captions into one document.
///
/// Speakers come from `<v Name>` voice spans, from `Name:` labels and `[Name]` at the start of a cue (or
/// right after a `>>`), and `>>` (`&gt;&gt;`, `>>>`) marks a change to a speaker whose name is not given:
/// a new turn with no speaker, wherever in the cue it stands. Consecutive cues of one speaker make one turn,
/// timed from its first cue's start to the latest end of its cues. A turn's cue texts are joined into
/// paragraphs, as a printed paragraph's lines are: caption cues are cut for the screen, mid-sentence
/// (`THE AUGUST 2nd, 2021 / COUNCIL` | `BRIEFING MEETING`), so one utterance per cue would split phrases
/// and proximity searches and count screen refreshes as utterances. A paragraph closes at the first cue
/// that ends a sentence once it holds `CaptionBuilder.paragraphWords` words, so that a long speech is
/// still shown in paragraph-sized utterances. Each utterance's line is the first line of the cue text it
/// starts with.
///
/// Non-speech (`<i>Laughs</i>`, `[MUSIC]`, `(applause)`) becomes a direction utterance in place; other
/// inline tags are removed and their text kept; entities are decoded. Cue identifiers and numbers, and cue
/// settings, are ignored. A caption file without any speaker mark is unattributed narrative, as a plain
/// text without labels is.
public struct CaptionReader: Sendable {
    /// `.webvtt` or `.srt`; anything but `.srt` is read as WebVTT (whose layout is a superset of SRT's).
    public var format: TranscriptFormat

    public init(format: TranscriptFormat) {
        self.format = format
    }

    /// The document and the reader's own warnings, each naming its line
    /// (`line 12: text was double-encoded (mojibake) and is read as UTF-8: 'â€”' is '—'`). The decoder's
    /// warnings stay in `decoded.warnings` and are not repeated here.
    public func read(_ decoded: DecodedText, id: String, path: String) -> (document: Document, warnings: [String]) {
        let (bytes, repairs) = CaptionLayout.repairingDoubleEncoding(decoded.bytes)
        let layout = CaptionLayout(bytes: bytes, webvtt: format != .srt)
        var builder = CaptionBuilder(id: id, path: path, format: format.rawValue)
        for cue in layout.cues {
            builder.add(cue, pieces: CaptionText.pieces(of: cue, in: bytes))
        }
        builder.finish(metadata: layout.metadata, unplaced: layout.unplaced)
        return (builder.document, repairs + layout.warnings)
    }
}
