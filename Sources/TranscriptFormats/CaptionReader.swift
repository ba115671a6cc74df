import TranscriptModel

/// Reads WebVTT (`format: .webvtt`) and SRT (`.srt`) captions into one document.
///
/// Speakers come from `<v Name>` voice spans, from `Name:` labels and `[Name]` at the start of a cue (or
/// right after a `>>`, or at the start of a later line of the cue after a finished sentence), and `>>`
/// (`&gt;&gt;`, `>>>`) marks a change to a speaker whose name is not given: a new turn with no speaker,
/// wherever in the cue it stands. Consecutive cues of one speaker make one turn,
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
/// settings, are ignored. In a caption file without any speaker mark, each paragraph is a turn of no one's,
/// timed from its first cue to its last.
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
        let (cues, repeats) = Self.withoutRollingRepeats(layout.cues, in: bytes)
        // Zoom opens every cue with its speaker's display name, whatever it is (`jsmith:`, `iPhone:`):
        // where at least three cues, and four in five, open with a name and a colon, and the names come
        // back (no more names than two thirds of those cues: a tutorial's `Step 1:`, `Step 2:` do not), any
        // such is a name.
        let opening = cues.compactMap { cue in cue.lines.first { !bytes[$0.range].droppingLeadingSpaces.isEmpty } }
        let names = opening.compactMap { line in
            CaptionScanner.nameBeforeColon(bytes[line.range]).map { bytes[line.range.lowerBound..<$0] }
        }
        let namesBeforeColon = names.count >= 3 && names.count * 5 >= opening.count * 4 && Set(names).count * 3 <= names.count * 2
        var builder = CaptionBuilder(id: id, path: path, format: format.rawValue)
        let scanned = cues.map { CaptionText.pieces(of: $0, in: bytes, namesBeforeColon: namesBeforeColon) }
        let pieces = scanned.map(\.pieces)
        builder.unattributed = !pieces.joined().contains { piece in
            switch piece {
            case .speaker, .change: return true
            case .text, .direction: return false
            }
        }
        for (cue, cuePieces) in zip(cues, pieces) {
            builder.add(cue, pieces: cuePieces)
        }
        builder.finish(metadata: layout.metadata, unplaced: layout.unplaced, doubtful: scanned.flatMap(\.doubtful))
        let rolling = repeats == 0 ? [] : ["rolling captions (each cue opens with the line the cue before it ended with, as "
            + "YouTube's automatic captions do): \(repeats) repeated \(repeats == 1 ? "line" : "lines") read once"]
        return (builder.document, repairs + layout.warnings + rolling)
    }

    /// The cues with the lines each repeats from the cue before it taken out, and how many were, when the
    /// captions roll: YouTube's automatic captions show a line again at the top of the next cue (and alone
    /// in a cue of 10 ms), so read as written each word counts two or three times. Captions roll when at
    /// least two cues, and half of those with two lines or more, show the line the cue before ended with
    /// and a new line below it; otherwise a line said twice in a row (`No.` / `No.`) is two lines, and
    /// nothing is taken out.
    static func withoutRollingRepeats(_ cues: [CaptionCue], in bytes: [UInt8]) -> (cues: [CaptionCue], repeats: Int) {
        // Each cue's lines as shown (inline tags such as `<00:00:01.000>` out, spaces trimmed), with their
        // places in the cue; blank lines are none.
        let shownCues = cues.map { cue in
            cue.lines.indices.compactMap { i -> (line: Int, text: String)? in
                let text = CaptionText.plain(bytes[cue.lines[i].range]).trimmingSpaces
                return text.isEmpty ? nil : (i, text)
            }
        }
        let shownLines = shownCues.map { $0.map(\.text) }
        // A cue rolls when it shows the line the cue before ended with, and a new one below it.
        let rolls = zip(shownLines, shownLines.dropFirst()).filter { previous, next in
            guard let last = previous.last, next.count >= 2 else { return false }
            return next.first == last && next.last != last
        }.count
        let multiline = shownLines.filter { $0.count >= 2 }.count
        guard rolls >= 2, rolls * 2 >= multiline else { return (cues, 0) }
        var result: [CaptionCue] = []
        var repeats = 0
        for (c, cue) in cues.enumerated() {
            // The longest run of this cue's first lines that the cue before ended with.
            let previous = c > 0 ? shownLines[c - 1] : []
            let lines = shownLines[c]
            var dropped = 0
            for n in stride(from: min(lines.count, previous.count), through: 1, by: -1)
            where Array(lines.prefix(n)) == Array(previous.suffix(n)) {
                dropped = n
                break
            }
            repeats += dropped
            // A cue left with nothing to show (YouTube's cue of 10 ms) is none.
            guard dropped < lines.count else { continue }
            var kept = cue
            let repeated = Set(shownCues[c].prefix(dropped).map(\.line))
            kept.lines = cue.lines.indices.filter { !repeated.contains($0) }.map { cue.lines[$0] }
            result.append(kept)
        }
        return (result, repeats)
    }
}
