import TranscriptModel

/// Reads WebVTT (`format: "webvtt"`) and SRT (`"srt"`) captions into one document.
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
    /// `webvtt` or `srt`; anything but `srt` is read as WebVTT (whose layout is a superset of SRT's).
    public var format: String

    public init(format: String) {
        self.format = format
    }

    /// The document and the reader's own warnings, each naming its line
    /// (`line 12: text looks double-encoded (mojibake); kept as it is`). The decoder's warnings stay in
    /// `decoded.warnings` and are not repeated here.
    public func read(_ decoded: DecodedText, id: String, path: String) -> (document: Document, warnings: [String]) {
        let bytes = decoded.bytes
        let layout = CaptionLayout(bytes: bytes, webvtt: format != "srt")
        var builder = CaptionBuilder(id: id, path: path, format: format)
        for cue in layout.cues {
            builder.add(cue, pieces: CaptionText.pieces(of: cue, in: bytes))
        }
        builder.finish(metadata: layout.metadata, unplaced: layout.unplaced)
        return (builder.document, layout.warnings)
    }
}

// MARK: - Layout: header, notes, cues

/// One line of a caption file: its 1-based number and its bytes.
struct CaptionLine {
    var number: Int
    var range: Range<Int>
}

/// One caption cue: its times (nil when the timing line is missing or malformed) and its text lines.
struct CaptionCue {
    var start: Double?
    var end: Double?
    var lines: [CaptionLine]
}

/// A caption file's blocks: header fields and notes as metadata, cues in order, and the lines that fit
/// nowhere (a malformed timing line), with the warnings they raise.
struct CaptionLayout {
    var metadata: [MetadataField] = []
    var cues: [CaptionCue] = []
    var unplaced: [UnplacedLine] = []
    var warnings: [String] = []
    private let bytes: [UInt8]
    private let lines: [CaptionLine]

    init(bytes: [UInt8], webvtt: Bool) {
        self.bytes = bytes
        lines = CaptionLayout.split(bytes)
        var index = webvtt ? readHeader() : 0
        while index < lines.count {
            if isBlank(index) {
                index += 1
                continue
            }
            var next: Int
            if looksLikeTiming(index) {
                next = readCue(timing: index)
            } else if index + 1 < lines.count, looksLikeTiming(index + 1) {
                // A cue identifier or number (`intro`, `17`): numbers may jump or repeat; it is not text.
                next = readCue(timing: index + 1)
            } else if webvtt, startsBlock("NOTE", index, alone: false) {
                next = readNote(from: index)
            } else if webvtt, startsBlock("STYLE", index, alone: true) {
                next = readBlock(from: index + 1, as: "style")
            } else if webvtt, startsBlock("REGION", index, alone: true) {
                next = readBlock(from: index + 1, as: "region")
            } else {
                // Text without a timing line (a cue split by a stray blank line): kept as text, untimed.
                let (text, end) = readText(from: index)
                if webvtt, cues.isEmpty, text.allSatisfy({ CaptionLayout.field(self.text(of: $0)) != nil }) {
                    for line in text { addField(self.text(of: line)) }
                } else {
                    cues.append(CaptionCue(start: nil, end: nil, lines: text))
                }
                next = end
            }
            index = max(next, index + 1)
        }
        for line in lines where CaptionLayout.looksDoubleEncoded(bytes[line.range]) {
            warnings.append("line \(line.number): text looks double-encoded (mojibake); kept as it is")
        }
    }

    /// The lines of `bytes`, split at `\n`; a final empty line after the last `\n` is not counted.
    static func split(_ bytes: [UInt8]) -> [CaptionLine] {
        var lines: [CaptionLine] = []
        var start = 0
        var number = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            lines.append(CaptionLine(number: number, range: start..<end))
            number += 1
            start = end + 1
        }
        return lines
    }

    private func text(_ index: Int) -> String { text(of: lines[index]) }

    private func text(of line: CaptionLine) -> String {
        String(decoding: bytes[line.range], as: UTF8.self).trimmingSpaces
    }

    /// Whether the line is `word` (followed by nothing but spaces when `alone`, else by a space or the end).
    private func startsBlock(_ word: String, _ index: Int, alone: Bool) -> Bool {
        let line = bytes[lines[index].range]
        guard line.starts(with: word.utf8) else { return false }
        let rest = line.dropFirst(word.utf8.count)
        guard let next = rest.first else { return true }
        return alone ? rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) : next == 0x20 || next == 0x09
    }

    private func isBlank(_ index: Int) -> Bool {
        bytes[lines[index].range].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// `WEBVTT` and any text after it, then header lines up to the first blank line (`Kind: captions`).
    private mutating func readHeader() -> Int {
        guard let first = lines.first, bytes[first.range].starts(with: Array("WEBVTT".utf8)) else { return 0 }
        let rest = String(decoding: bytes[first.range].dropFirst(6), as: UTF8.self).trimmingCharacters(in: " \t-")
        if !rest.isEmpty { metadata.append(MetadataField("header", rest)) }
        var index = 1
        while index < lines.count, !isBlank(index), !looksLikeTiming(index),
              !(index + 1 < lines.count && looksLikeTiming(index + 1)) {
            addField(text(index))
            index += 1
        }
        return index
    }

    /// A `NOTE` block: `Key: value` lines become fields (`Title:` gives the title), other text one `note`.
    private mutating func readNote(from index: Int) -> Int {
        var texts: [String] = []
        let rest = text(index).dropFirst(4).trimmingSpaces
        if !rest.isEmpty { texts.append(rest) }
        var end = index + 1
        while end < lines.count, !isBlank(end) {
            texts.append(text(end))
            end += 1
        }
        var loose: [String] = []
        for text in texts {
            if let (key, value) = CaptionLayout.field(text) {
                metadata.append(MetadataField(key, value.isEmpty ? nil : value))
            } else {
                loose.append(text)
            }
        }
        if !loose.isEmpty { metadata.append(MetadataField("note", loose.joined(separator: " "))) }
        return end
    }

    /// A `STYLE` or `REGION` block, kept whole as one metadata field.
    private mutating func readBlock(from index: Int, as name: String) -> Int {
        var texts: [String] = []
        var end = index
        while end < lines.count, !isBlank(end) {
            texts.append(text(end))
            end += 1
        }
        metadata.append(MetadataField(name, texts.isEmpty ? nil : texts.joined(separator: " ")))
        return end
    }

    private mutating func addField(_ text: String) {
        if let (key, value) = CaptionLayout.field(text) {
            metadata.append(MetadataField(key, value.isEmpty ? nil : value))
        } else if !text.isEmpty {
            metadata.append(MetadataField("header", text))
        }
    }

    /// `Key: value` with a short key of one to three words (`Title`, `Language`), the key lower-cased.
    static func field(_ text: String) -> (String, String)? {
        guard let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 24 else { return nil }
        let key = text[..<colon].trimmingSpaces
        guard key.first?.isLetter == true, key.split(separator: " ").count <= 3,
              key.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "_" }) else { return nil }
        return (key.lowercased(), text[text.index(after: colon)...].trimmingSpaces)
    }

    /// A cue from its timing line to the end of its block (or to the next timing line, when a blank
    /// line is missing). A malformed timing line is kept as an unplaced line; the cue's text stays, untimed.
    private mutating func readCue(timing index: Int) -> Int {
        let line = lines[index]
        var cue = CaptionCue(start: nil, end: nil, lines: [])
        if let (start, end) = CaptionLayout.timing(bytes[line.range]) {
            cue.start = start
            cue.end = end
        } else {
            let written = String(decoding: bytes[line.range], as: UTF8.self)
            unplaced.append(UnplacedLine(line: line.number, text: written,
                                         reason: "malformed cue timing line; the cue's text is kept without times"))
            warnings.append("line \(line.number): malformed cue timing line; its text kept without times")
        }
        let (text, end) = readText(from: index + 1)
        cue.lines = text
        cues.append(cue)
        return end
    }

    /// Text lines from `index` to a blank line, a timing line, or a number line standing before one
    /// (the next cue's, when the blank line before it is missing).
    private func readText(from index: Int) -> (lines: [CaptionLine], end: Int) {
        var end = index
        var text: [CaptionLine] = []
        while end < lines.count, !isBlank(end), !looksLikeTiming(end) {
            if end + 1 < lines.count, looksLikeTiming(end + 1),
               bytes[lines[end].range].allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x20 }) { break }
            text.append(lines[end])
            end += 1
        }
        return (text, end)
    }

    /// A line that is meant as a cue timing line: it holds `-->`, or opens with a time and has an arrow.
    private func looksLikeTiming(_ index: Int) -> Bool {
        let line = bytes[lines[index].range]
        guard line.count >= 3 else { return false }
        var i = line.startIndex
        while i + 2 < line.endIndex {
            if line[i] == 0x2D, line[i + 1] == 0x2D, line[i + 2] == 0x3E { return true }
            i += 1
        }
        var start = line.startIndex
        while start < line.endIndex, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        guard CaptionLayout.timestamp(line, at: start) != nil else { return false }
        return line.contains(0x3E) && (line.contains(0x2D) || line.contains(0xE2))
    }

    /// The start and end of `00:00:01.000 --> 00:00:02.500 align:start` (SRT: `00:00:01,000`); settings
    /// after the end time are ignored. Either decimal mark is taken in either format.
    static func timing(_ line: ArraySlice<UInt8>) -> (Double, Double)? {
        var i = line.startIndex
        func skipSpaces() { while i < line.endIndex, line[i] == 0x20 || line[i] == 0x09 { i += 1 } }
        skipSpaces()
        guard let (start, afterStart) = timestamp(line, at: i) else { return nil }
        i = afterStart
        skipSpaces()
        guard i + 2 < line.endIndex, line[i] == 0x2D, line[i + 1] == 0x2D, line[i + 2] == 0x3E else { return nil }
        i += 3
        skipSpaces()
        guard let (end, afterEnd) = timestamp(line, at: i) else { return nil }
        guard afterEnd == line.endIndex || line[afterEnd] == 0x20 || line[afterEnd] == 0x09 else { return nil }
        return (start, end)
    }

    /// `[hh:]mm:ss[.fff]` at `start`: seconds and the offset after it.
    ///
    /// Computed as one division of whole numbers, so that `25:35.861` is exactly the `Double` nearest
    /// 1535.861, as `Double("1535.861")` is.
    static func timestamp(_ line: ArraySlice<UInt8>, at start: Int) -> (Double, Int)? {
        var fields: [Int] = []
        var i = start
        while fields.count < 3 {
            var value = 0
            var digits = 0
            while i < line.endIndex, (0x30...0x39).contains(line[i]), digits < 8 {
                value = value * 10 + Int(line[i] - 0x30)
                digits += 1
                i += 1
            }
            guard digits > 0, fields.isEmpty || digits <= 2 else { return nil }
            fields.append(value)
            guard i < line.endIndex, line[i] == 0x3A, i + 1 < line.endIndex, (0x30...0x39).contains(line[i + 1]) else { break }
            i += 1
        }
        guard fields.count >= 2 else { return nil }
        var whole = fields.reduce(0) { $0 * 60 + $1 }
        var scale = 1
        if i < line.endIndex, line[i] == 0x2E || line[i] == 0x2C {
            i += 1
            var digits = 0
            while i < line.endIndex, (0x30...0x39).contains(line[i]) {
                if digits < 6 {
                    whole = whole * 10 + Int(line[i] - 0x30)
                    scale *= 10
                }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
        }
        return (Double(whole) / Double(scale), i)
    }

    // MARK: Mojibake

    /// Whether the line holds UTF-8 that was decoded as Windows-1252 or Latin-1 and encoded again
    /// (`Ã©` for `é`, `â€™` for `’`): scalars that, taken back to those bytes, form a multi-byte UTF-8
    /// character.
    static func looksDoubleEncoded(_ line: ArraySlice<UInt8>) -> Bool {
        // Every lead byte taken for a character (U+00C2 ... U+00F4) is written C3 xx in UTF-8.
        guard line.contains(0xC3) else { return false }
        let mapped = String(decoding: line, as: UTF8.self).unicodeScalars.map(singleByte)
        var i = 0
        while i < mapped.count {
            if let lead = mapped[i], (0xC2...0xF4).contains(lead) {
                let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                if i + length <= mapped.count {
                    var sequence = [lead]
                    for k in (i + 1)..<(i + length) {
                        guard let byte = mapped[k], (0x80...0xBF).contains(byte) else { break }
                        sequence.append(byte)
                    }
                    if sequence.count == length, String(validating: sequence, as: UTF8.self) != nil { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// The byte that Latin-1 or Windows-1252 shows as this scalar, if any.
    private static func singleByte(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value <= 0xFF { return UInt8(scalar.value) }
        return windows1252[scalar.value]
    }

    /// Windows-1252's characters for the bytes 0x80 ... 0x9F.
    private static let windows1252: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91,
        0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98,
        0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]
}

// MARK: - Cue text: speaker marks, tags, entities, non-speech

/// What a cue's text is made of, in order.
enum CaptionPiece {
    /// A speaker named by `<v Name>`, `Name:` or `[Name]`.
    case speaker(SpeakerLabel, line: Int)
    /// `>>`: a change to a speaker whose name is not given (the marker as written, entities decoded).
    case change(String, line: Int)
    /// Text of one line (tags removed, entities decoded), not yet cleaned of spaces.
    case text([UInt8], line: Int)
    /// Non-speech: `Laughs`, `MUSIC`, `applause`, without their tags or brackets.
    case direction(String, line: Int)
}

/// Splits cue text into pieces, byte by byte; every piece of markup looked for is ASCII.
enum CaptionText {
    static func pieces(of cue: CaptionCue, in bytes: [UInt8]) -> [CaptionPiece] {
        var scanner = CaptionScanner(bytes: bytes)
        for line in cue.lines { scanner.scan(line) }
        return scanner.pieces
    }

    /// Inline tags that are removed (their text kept); other `<...>` text stays as written.
    static let knownTags: Set<String> = ["v", "c", "i", "b", "u", "s", "ruby", "rt", "lang", "font", "br", "span",
                                         "em", "strong", "sub", "sup", "p", "div"]

    /// Words of non-speech descriptions (`[MUSIC PLAYING]`, `(laughter and applause)`).
    static let soundWords: Set<String> = [
        "laughter", "laughs", "laughing", "laugh", "chuckles", "chuckling", "chuckle", "giggles", "giggling",
        "applause", "applauding", "clapping", "claps", "cheering", "cheers", "booing", "boos", "music",
        "song", "singing", "sings", "humming", "inaudible", "indistinct", "unintelligible", "indiscernible",
        "crosstalk", "cross-talk", "overlapping", "silence", "pause", "pauses", "coughs", "coughing", "cough",
        "sighs", "sigh", "sighing", "gasps", "gasp", "groans", "groaning", "sniffles", "sobbing", "sobs",
        "crying", "cries", "screams", "screaming", "shouting", "yells", "whispers", "whispering", "murmuring",
        "murmurs", "chatter", "noise", "static", "beep", "beeps", "beeping", "ringing", "rings", "door",
        "knocking", "knocks", "footsteps", "gavel", "bell", "foreign", "audio", "feedback", "sound",
    ]

    /// Words that may stand beside sound words in a description: `(laughter and applause)`.
    static let fillerWords: Set<String> = [
        "and", "the", "a", "an", "in", "of", "on", "off", "softly", "loudly", "quietly", "continues",
        "continuing", "playing", "plays", "audience", "crowd", "background", "all", "both", "speaking",
        "language", "mic", "microphone", "distant", "slams", "closes", "opens", "phone", "upbeat", "soft",
        "dramatic", "gentle", "over", "with", "people", "man", "woman", "speaker", "speakers", "technical",
        "difficulties",
    ]

    /// Whether `text` describes a sound rather than words said: `Laughs`, `MUSIC PLAYING`, `applause`.
    static func isNonSpeech(_ text: String) -> Bool {
        let folded = text.lowercased().trimmingCharacters(in: " .!?,;:…")
        if Parentheticals.sounds.contains(folded) { return true }
        let words = folded.split { !($0.isLetter || $0 == "-" || $0 == "'") }
        guard !words.isEmpty, words.count <= 6 else { return false }
        var sound = false
        for word in words {
            let word = String(word)
            if soundWords.contains(word) { sound = true } else if !fillerWords.contains(word) { return false }
        }
        return sound
    }

    /// The text of `bytes` with tags removed and entities decoded, spaces collapsed and trimmed.
    static func plain(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x3C, let close = bytes[(i + 1)...].firstIndex(of: 0x3E) {
                i = close + 1
            } else if b == 0x26, let (decoded, end) = entity(bytes, at: i) {
                out += decoded
                i = end
            } else {
                out.append(b)
                i += 1
            }
        }
        return Text.clean(out, markdown: false)
    }

    /// The named and numeric character references captions use.
    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "nbsp": "\u{A0}", "quot": "\"", "apos": "'", "lrm": "\u{200E}",
        "rlm": "\u{200F}", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’",
        "ldquo": "“", "rdquo": "”", "copy": "©", "reg": "®", "trade": "™", "eacute": "é", "egrave": "è",
        "aacute": "á", "agrave": "à", "iacute": "í", "oacute": "ó", "uacute": "ú", "ntilde": "ñ",
        "ccedil": "ç", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "deg": "°", "shy": "\u{AD}",
    ]

    /// The character reference (`&amp;`, `&#39;`, `&#x2019;`) at `start`, decoded, and the offset after it.
    static func entity(_ bytes: ArraySlice<UInt8>, at start: Int) -> ([UInt8], Int)? {
        let limit = min(bytes.endIndex, start + 12)
        guard let semicolon = bytes[start..<limit].firstIndex(of: 0x3B), semicolon > start + 1 else { return nil }
        let name = bytes[(start + 1)..<semicolon]
        var scalar: Unicode.Scalar?
        if name.first == 0x23 {
            let digits = name.dropFirst()
            let hex = digits.first == 0x78 || digits.first == 0x58
            let text = String(decoding: hex ? digits.dropFirst() : digits, as: UTF8.self)
            if !text.isEmpty, text.count <= 8, let value = UInt32(text, radix: hex ? 16 : 10), value != 0 {
                scalar = Unicode.Scalar(value)
            }
        } else if let text = entities[String(decoding: name, as: UTF8.self)] {
            return (Array(text.utf8), semicolon + 1)
        }
        guard let scalar else { return nil }
        return (Array(String(Character(scalar)).utf8), semicolon + 1)
    }
}

/// Walks one cue's lines, producing pieces; each step moves forward at least one byte.
private struct CaptionScanner {
    let bytes: [UInt8]
    var pieces: [CaptionPiece] = []
    private var text: [UInt8] = []
    private var line = 0
    /// At the cue's start or right after a `>>`: where `Name:` and `[Name]` name the speaker.
    private var atStart = true

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func scan(_ captionLine: CaptionLine) {
        line = captionLine.number
        let end = captionLine.range.upperBound
        var i = captionLine.range.lowerBound
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

    /// `[Name]` or `Name:` at the start of the cue or after `>>`; the offset after it.
    private mutating func speaker(at i: Int, end: Int) -> Int? {
        if bytes[i] == 0x5B {
            guard let close = closing(0x5D, opening: 0x5B, from: i, end: end) else { return nil }
            let inner = CaptionText.plain(bytes[(i + 1)..<close])
            guard !inner.isEmpty, !CaptionText.isNonSpeech(inner), let label = SpeakerLabel.analyse(inner) else { return nil }
            flush()
            pieces.append(.speaker(label, line: line))
            atStart = false
            var next = close + 1
            if next < end, bytes[next] == 0x3A { next += 1 }
            return next
        }
        guard let label = SpeakerLabel.parse(bytes[i..<end]), label.length > 0 else { return nil }
        // `Q` and `A` count only with a colon: `A new` is speech.
        if label.written == "Q" || label.written == "A", !(i + 1 < end && bytes[i + 1] == 0x3A) { return nil }
        flush()
        pieces.append(.speaker(label, line: line))
        atStart = false
        return min(end, i + label.length)
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

// MARK: - Building the document

/// Assembles turns and utterances from cue pieces: a speaker mark opens a turn when the speaker changes,
/// `>>` always does, and unmarked cues continue the turn before them.
struct CaptionBuilder {
    /// Words after which a paragraph closes at the next cue that ends a sentence.
    static let paragraphWords = 80

    var document: Document
    private var speakers = SpeakerRegistry()
    private var pendingSpeaker: SpeakerLabel?
    private var pendingChange: String?
    private var turnStart = 0
    private var paragraph: [UInt8] = []
    private var paragraphLine: Int?
    private var paragraphWordCount = 0
    /// Directions taken out of the open paragraph, which follow it.
    private var inline: [(text: String, line: Int)] = []

    init(id: String, path: String, format: String) {
        document = Document(id: id, path: path, format: format)
    }

    /// The speaker a voice span names: titles kept apart when the name has a label's shape, the words as
    /// written otherwise (`Neil deGrasse Tyson`), upper-case names in title case.
    static func voiceLabel(_ voice: String) -> SpeakerLabel {
        if let label = SpeakerLabel.analyse(voice) { return label }
        let words = voice.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" })
        let titleCount = Titles.prefixLength(words)
        let named = titleCount < words.count
        return SpeakerLabel(written: voice, titles: named && titleCount > 0 ? words[..<titleCount].joined(separator: " ") : nil,
                            name: Names.canonical(named ? Array(words[titleCount...]) : words), addressee: nil, length: 0)
    }

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
        let opened = openTurnIfNeeded(cue)
        guard hasText else {
            // A cue (or part) that is only non-speech stands between paragraphs.
            flushParagraph()
            for case .direction(let words, let line) in segment {
                append(.direction, speaker: nil, text: words, line: line)
            }
            return true
        }
        if !opened, atCueStart, paragraphWordCount >= CaptionBuilder.paragraphWords, CaptionBuilder.endsSentence(paragraph) {
            flushParagraph()
        }
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
        defer {
            pendingSpeaker = nil
            pendingChange = nil
        }
        var open = document.turns.isEmpty || pendingChange != nil
        if let label = pendingSpeaker {
            let known = speakers.number(of: label)
            if known == nil || known != document.turns.last?.speaker { open = true }
        }
        guard open else {
            if let label = pendingSpeaker { _ = speaker(for: label) }
            let last = document.turns.count - 1
            if document.turns[last].start == nil { document.turns[last].start = cue.start }
            if let end = cue.end { document.turns[last].end = max(document.turns[last].end ?? end, end) }
            return false
        }
        flushParagraph()
        closeTurn()
        var index: Int?
        if let label = pendingSpeaker { index = speaker(for: label) }
        let count = document.utterances.count
        document.turns.append(Turn(number: document.turns.count + 1, speaker: index,
                                   label: pendingSpeaker?.written ?? pendingChange ?? "",
                                   addressee: pendingSpeaker?.addressee, start: cue.start, end: cue.end,
                                   utterances: count..<count))
        turnStart = count
        return true
    }

    private mutating func closeTurn() { document.closeLastTurn(from: turnStart) }

    private mutating func speaker(for label: SpeakerLabel) -> Int { speakers.number(for: label, in: &document) }

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
            append(.speech, speaker: document.turns.last?.speaker, text: Text.clean(paragraph, markdown: false), line: line)
        }
        for direction in inline {
            append(.direction, speaker: nil, text: direction.text, line: direction.line)
        }
    }

    private mutating func append(_ kind: UtteranceKind, speaker: Int?, text: String, line: Int) {
        document.appendUtterance(kind, speaker: speaker, turn: document.turns.last?.number, text: text, line: line)
    }

    /// Closes the last turn; sets metadata, title and date. A file with no speaker marks at all is
    /// unattributed narrative: its one unlabelled turn is taken away.
    mutating func finish(metadata: [MetadataField], unplaced: [UnplacedLine]) {
        flushParagraph()
        closeTurn()
        if document.turns.count == 1, let only = document.turns.first, only.speaker == nil, only.label.isEmpty {
            document.turns = []
            for index in document.utterances.indices {
                if document.utterances[index].kind == .speech { document.utterances[index].kind = .narrative }
                document.utterances[index].turn = nil
            }
        }
        document.metadata = metadata
        document.unplacedLines = unplaced
        document.title = document.metadata("title")
        document.date = document.metadata("date").flatMap { DateText.find(in: $0)?.date } ?? DateText.fromFileName(document.id)
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
