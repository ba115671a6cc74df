import TranscriptModel

/// Walks one cue's lines, producing pieces; each step moves forward at least one byte.
struct CaptionScanner {
    let bytes: [UInt8]
    var pieces: [CaptionPiece] = []
    private var text: [UInt8] = []
    private var line = 0
    /// At the cue's start, right after a `>>`, or at the start of a later line of the cue after a finished
    /// sentence: where `Name:` and `[Name]` name the speaker.
    private var atStart = true
    /// Whether `atStart` holds at a later line of the cue, where only a label's shape names a speaker: the
    /// rule for Zoom's names before a colon is one about how cues open.
    private var atLaterLine = false
    /// Label-like text at the start of a later line of the cue that was not taken, since the sentence before
    /// it was not finished (`the reason was` / `Money: that's all.`).
    var doubtful: [DoubtfulLabel] = []
    /// Whether whatever stands before a colon at a cue's start is a name, as in captions that Zoom writes
    /// (`jsmith: Morning.`, `iPhone: Sorry.`), where nearly every cue opens so (see `CaptionReader`).
    var namesBeforeColon = false

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A line of a cue of dialogue (`- Where were you?` / `- In the barn.`): its dash says another speaker
    /// takes over, as `>>` does; the rest is scanned as any line.
    mutating func scanDialogue(_ captionLine: CaptionLine) {
        line = captionLine.number
        var start = captionLine.range.lowerBound
        while start < captionLine.range.upperBound, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        flush()
        pieces.append(.change("-", line: line))
        atStart = true
        start += 1
        while start < captionLine.range.upperBound, bytes[start] == 0x20 { start += 1 }
        scan(CaptionLine(number: captionLine.number, range: start..<captionLine.range.upperBound))
    }

    /// Whether a cue's lines are dialogue: two or more, each opening with a dash and a space.
    static func isDialogue(_ lines: [CaptionLine], in bytes: [UInt8]) -> Bool {
        let written = lines.map { bytes[$0.range].droppingLeadingSpaces }.filter { !$0.isEmpty }
        return written.count >= 2 && written.allSatisfy { $0.count > 2 && $0.first == 0x2D && $0[$0.startIndex + 1] == 0x20 }
    }

    mutating func scan(_ captionLine: CaptionLine) {
        line = captionLine.number
        let end = captionLine.range.upperBound
        var i = captionLine.range.lowerBound
        atLaterLine = false
        if !atStart, !pieces.isEmpty {
            // A label at the start of a later line names a new speaker as at the cue's start (`ALICE: Hi Bob.`
            // / `BOB: Hi Alice.`), when the speech before it is finished; inside a sentence it is speech.
            if speechBeforeIsFinished {
                atStart = true
                atLaterLine = true
            } else {
                var first = i
                while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
                if first < end, label(at: first, end: end, laterLine: true) != nil {
                    doubtful.append(DoubtfulLabel(line: line, text: CaptionText.plain(bytes[captionLine.range]),
                                                  reason: "a label's shape at the start of a cue's later line, inside an unfinished sentence: kept as speech",
                                                  taken: false))
                }
            }
        }
        while i < end {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 {
                text.append(b)
                i += 1
                continue
            }
            if atStart, let next = speaker(at: i, end: end) {
                i = next
                continue
            }
            switch b {
            case 0x3C: i = tag(at: i, end: end)
            case 0x3E: i = arrows(at: i, end: end)
            case 0x26: i = isGreaterThan(at: i, end: end) ? arrows(at: i, end: end) : entity(at: i, end: end)
            case 0x5B: i = bracket(at: i, end: end)
            case 0x28: i = parenthesis(at: i, end: end)
            case 0x7B: i = override(at: i, end: end)
            default:
                content(b)
                i += 1
            }
        }
        flush()
    }

    /// Whether the cue's speech since its last speaker mark ends a sentence (`.`, `?`, `!`, `…`) or breaks
    /// off (`--`, `—`), or there is none: then a label may open the next line.
    private var speechBeforeIsFinished: Bool {
        for piece in pieces.reversed() {
            switch piece {
            case .speaker, .change:
                return true
            case .direction:
                continue
            case .text(let bytes, _):
                guard CaptionBuilder.hasContent(bytes) else { continue }
                return CaptionBuilder.endsSentence(bytes) || bytes.breaksOff
            }
        }
        return true
    }

    private mutating func content(_ b: UInt8) {
        text.append(b)
        atStart = false
    }

    private mutating func content(_ bs: [UInt8]) {
        text += bs
        atStart = false
    }

    private mutating func flush() {
        if !text.isEmpty { pieces.append(.text(text, line: line)) }
        text = []
    }

    /// `[Name]` or `Name:` where a label may stand (`atStart`), bare or alone inside formatting tags
    /// (`<i>BOB:</i>`): a speaker piece; the offset after it.
    private mutating func speaker(at i: Int, end: Int) -> Int? {
        guard let (label, next) = label(at: i, end: end, laterLine: atLaterLine) else { return nil }
        flush()
        pieces.append(.speaker(label, line: line))
        atStart = false
        return next
    }

    /// The label at `i` (`[Name]`, `Name:`, or one that formatting tags hold alone) and the offset after it;
    /// nil when there is none. Whatever stands before a colon is a name only at a cue's start or after `>>`,
    /// never at the start of a later line (`laterLine`).
    private func label(at i: Int, end: Int, laterLine: Bool) -> (SpeakerLabel, next: Int)? {
        if bytes[i] == 0x3C { return taggedSpeaker(at: i, end: end, laterLine: laterLine) }
        if bytes[i] == 0x5B {
            guard let close = closing(0x5D, opening: 0x5B, from: i, end: end) else { return nil }
            let inner = CaptionText.plain(bytes[(i + 1)..<close])
            // A diarizer's `SPEAKER_00` is a label as a name is (`SpeakerLabel.analyse`).
            guard !inner.isEmpty, !CaptionText.isNonSpeech(inner), let label = SpeakerLabel.analyse(inner) else { return nil }
            var next = close + 1
            if next < end, bytes[next] == 0x3A { next += 1 }
            return (label, next)
        }
        if namesBeforeColon, !laterLine, SpeakerLabel.parse(bytes[i..<end]) == nil, let colon = Self.nameBeforeColon(bytes[i..<end]) {
            var next = colon + 1
            while next < end, bytes[next] == 0x20 { next += 1 }
            return (CaptionBuilder.voiceLabel(String(decoding: bytes[i..<colon], as: UTF8.self).trimmingSpaces), next)
        }
        guard let label = SpeakerLabel.parse(bytes[i..<end]), label.length > 0 else { return nil }
        // `Q` and `A` count only with a colon: `A new` is speech.
        if label.written == "Q" || label.written == "A", !(i + 1 < end && bytes[i + 1] == 0x3A) { return nil }
        return (label, min(end, i + label.length))
    }

    /// `<i>BOB:</i> I thought you did.`, `<font color="#00ffff">CAROL:</font>`, WebVTT's `<c.yellow>Carol:</c>`:
    /// a `Name:` label that formatting tags at the start of a cue hold alone, read as it would be bare, with
    /// the speech after the tags; the offset after the tags and the spaces that follow them. Tags that hold
    /// more than the label (`<i>ALICE: Hello.</i>`) are passed over here, and the label inside them is read
    /// as the tags are removed.
    private func taggedSpeaker(at i: Int, end: Int, laterLine: Bool) -> (SpeakerLabel, next: Int)? {
        var opened: [String] = []
        var j = i
        while j < end, bytes[j] == 0x3C, let tag = formattingTag(at: j, end: end), !tag.closing {
            opened.append(tag.name)
            j = tag.next
        }
        guard !opened.isEmpty else { return nil }
        let textStart = j
        while j < end, bytes[j] != 0x3C { j += 1 }
        var written = Array(bytes[textStart..<j])
        while let last = written.last, last == 0x20 || last == 0x09 { written.removeLast() }
        // Each tag opened is closed, innermost first, right after the label.
        for name in opened.reversed() {
            guard j < end, let tag = formattingTag(at: j, end: end), tag.closing, tag.name == name else { return nil }
            j = tag.next
        }
        guard written.last == 0x3A else { return nil }
        while j < end, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
        // The label as if bare, with the speech after it, so that the label rules see what follows.
        let bare = written + [0x20] + bytes[j..<end]
        let label: SpeakerLabel
        if let parsed = SpeakerLabel.parse(bare[...]), parsed.length > written.count {
            label = parsed
        } else if namesBeforeColon, !laterLine, Self.nameBeforeColon(bare[...]) == written.count - 1 {
            label = CaptionBuilder.voiceLabel(String(decoding: written.dropLast(), as: UTF8.self).trimmingSpaces)
        } else {
            return nil
        }
        return (label, j)
    }

    /// The formatting tag at `i` (`<i>`, `</b>`, `<font color="#00ffff">`, `<c.yellow>`): its name in lower
    /// case, whether it closes, and the offset after it; nil for any other tag, a voice, a line break or text.
    private func formattingTag(at i: Int, end: Int) -> (name: String, closing: Bool, next: Int)? {
        let limit = min(end, i + 256)
        guard i + 1 < limit, let close = bytes[(i + 1)..<limit].firstIndex(of: 0x3E) else { return nil }
        let closing = bytes[i + 1] == 0x2F
        var nameEnd = closing ? i + 2 : i + 1
        let nameStart = nameEnd
        while nameEnd < close, isASCIILetterOrDigit(bytes[nameEnd]) { nameEnd += 1 }
        let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self).lowercased()
        guard name != "v", name != "br", CaptionText.knownTags.contains(name) else { return nil }
        let after = bytes[nameEnd]
        guard nameEnd == close || after == 0x2E || after == 0x20 || after == 0x09 else { return nil }
        return (name, closing, close + 1)
    }

    /// Where the colon is that ends a name at the start of `line` (`jsmith: Morning.`): within 64 bytes,
    /// followed by a space, after text that holds no tag, no `>>` and no sentence's end; nil otherwise.
    static func nameBeforeColon(_ line: ArraySlice<UInt8>) -> Int? {
        let start = line.droppingLeadingSpaces.startIndex
        var i = start
        while i < min(line.endIndex, start + 64) {
            let b = line[i]
            if b == 0x3A {
                guard i > start, i + 1 < line.endIndex, line[i + 1] == 0x20 else { return nil }
                return i
            }
            if b == 0x3C || b == 0x3E || b == 0x5B { return nil }
            if b == 0x2E || b == 0x3F || b == 0x21, i + 1 < line.endIndex, line[i + 1] == 0x20,
               // `Dr. Bea Ortiz`: a title's full stop is no sentence's end.
               !Titles.opensTitle(line[start...i].split(separator: 0x20).last ?? []) {
                return nil
            }
            i += 1
        }
        return nil
    }

    /// `<v Name>`, `<i>Laughs</i>`, other known tags and `<00:00:01.000>` timestamps; else a literal `<`.
    private mutating func tag(at i: Int, end: Int) -> Int {
        let limit = min(end, i + 256)
        guard let close = bytes[(i + 1)..<limit].firstIndex(of: 0x3E), close > i + 1 else {
            content(0x3C)
            return i + 1
        }
        let inner = bytes[(i + 1)..<close]
        if inner.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x3A || $0 == 0x2E || $0 == 0x2C }) {
            return close + 1    // a timestamp tag
        }
        let closingTag = inner.first == 0x2F
        let nameStart = closingTag ? inner.startIndex + 1 : inner.startIndex
        var nameEnd = nameStart
        while nameEnd < inner.endIndex, isASCIILetterOrDigit(inner[nameEnd]) { nameEnd += 1 }
        let name = String(decoding: inner[nameStart..<nameEnd], as: UTF8.self).lowercased()
        let after = nameEnd < inner.endIndex ? inner[nameEnd] : nil
        guard CaptionText.knownTags.contains(name), after == nil || after == 0x2E || after == 0x20 || after == 0x09 || after == 0x2F else {
            content(0x3C)
            return i + 1
        }
        if closingTag { return close + 1 }
        if name == "v" {
            var annotation = nameEnd
            while annotation < inner.endIndex, inner[annotation] != 0x20, inner[annotation] != 0x09 { annotation += 1 }
            let voice = CaptionText.plain(inner[annotation...])
            if !voice.isEmpty {
                flush()
                pieces.append(.speaker(CaptionBuilder.voiceLabel(voice), line: line))
                atStart = false
            }
        } else if name == "br" {
            text.append(0x20)
        } else if name == "i", let closeTag = find(Array("</i>".utf8), from: close + 1, end: min(end, close + 1 + 200)) {
            // `<i>(laughter)</i>` is written with both marks: the direction is the words.
            let words = CaptionText.plain(bytes[(close + 1)..<closeTag]).trimmingCharacters(in: "()[] ")
            if CaptionText.isNonSpeech(words) {
                flush()
                pieces.append(.direction(words, line: line))
                return closeTag + 4
            }
        }
        return close + 1
    }

    /// A run of `>` and `&gt;`: two or more mark a change of speaker; one is text.
    private mutating func arrows(at i: Int, end: Int) -> Int {
        var j = i
        var count = 0
        while j < end {
            if bytes[j] == 0x3E {
                j += 1
            } else if isGreaterThan(at: j, end: end) {
                j += 4
            } else {
                break
            }
            count += 1
        }
        guard count >= 2 else {
            content(0x3E)
            return j
        }
        flush()
        pieces.append(.change(String(repeating: ">", count: count), line: line))
        atStart = true
        atLaterLine = false
        return j
    }

    private func isGreaterThan(at i: Int, end: Int) -> Bool {
        i + 3 < end && bytes[i] == 0x26 && bytes[i + 1] == 0x67 && bytes[i + 2] == 0x74 && bytes[i + 3] == 0x3B
    }

    private mutating func entity(at i: Int, end: Int) -> Int {
        if let (decoded, next) = CaptionText.entity(bytes[i..<end], at: i) {
            content(decoded)
            return next
        }
        content(0x26)
        return i + 1
    }

    /// `[MUSIC]`, `[inaudible]`: a direction. Editorial marks (`[...]`, `[?]`, `[sic]`) stay in the text.
    private mutating func bracket(at i: Int, end: Int) -> Int {
        guard let close = closing(0x5D, opening: 0x5B, from: i, end: end) else {
            content(0x5B)
            return i + 1
        }
        let inner = CaptionText.plain(bytes[(i + 1)..<close])
        let lower = inner.lowercased().trimmingCharacters(in: " !")
        if inner.isEmpty || lower == "sic" || inner.allSatisfy({ ".…?! ".contains($0) }) {
            content(0x5B)
            return i + 1
        }
        flush()
        pieces.append(.direction(inner, line: line))
        return close + 1
    }

    /// `(applause)`, `(LAUGHTER)`: a direction; any other parenthesis is text.
    private mutating func parenthesis(at i: Int, end: Int) -> Int {
        if let close = closing(0x29, opening: 0x28, from: i, end: end) {
            let inner = CaptionText.plain(bytes[(i + 1)..<close])
            if CaptionText.isNonSpeech(inner) {
                flush()
                pieces.append(.direction(inner, line: line))
                return close + 1
            }
        }
        content(0x28)
        return i + 1
    }

    /// An SSA override such as `{\an8}`, which SRT files carry for placement: removed.
    private mutating func override(at i: Int, end: Int) -> Int {
        if i + 1 < end, bytes[i + 1] == 0x5C, let close = bytes[(i + 1)..<min(end, i + 64)].firstIndex(of: 0x7D) {
            return close + 1
        }
        content(0x7B)
        return i + 1
    }

    /// The closing byte for the opening one at `i`, within 200 bytes of the line and before another opening.
    private func closing(_ close: UInt8, opening: UInt8, from i: Int, end: Int) -> Int? {
        var j = i + 1
        let limit = min(end, i + 200)
        while j < limit {
            if bytes[j] == close { return j }
            if bytes[j] == opening { return nil }
            j += 1
        }
        return nil
    }

    /// Where `needle` starts, matched without regard to ASCII case, between `from` and `end`.
    private func find(_ needle: [UInt8], from: Int, end: Int) -> Int? {
        var j = from
        while j + needle.count <= end {
            var k = 0
            while k < needle.count, lowerASCII(bytes[j + k]) == needle[k] { k += 1 }
            if k == needle.count { return j }
            j += 1
        }
        return nil
    }

    private func lowerASCII(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b + 0x20 : b }

    private func isASCIILetterOrDigit(_ b: UInt8) -> Bool {
        (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || (0x30...0x39).contains(b)
    }
}
