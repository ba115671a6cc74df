import TranscriptModel

/// A caption file's blocks: header fields and notes as metadata, cues in order, and the lines that fit
/// nowhere (a malformed timing line), with the warnings they raise.
struct CaptionLayout {
    var metadata: [MetadataField] = []
    var cues: [CaptionCue] = []
    var unplaced: [UnplacedLine] = []
    var warnings: [String] = []
    private let bytes: [UInt8]
    private let lines: [CaptionLine]
    private let webvtt: Bool

    init(bytes: [UInt8], webvtt: Bool) {
        self.bytes = bytes
        self.webvtt = webvtt
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
            if end >= start {
                cue.end = end
            } else {
                warnings.append("line \(line.number): the cue ends (\(ClockTime.format(end))) before it starts (\(ClockTime.format(start))); its end is left out")
            }
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
    /// (the next cue's, when the blank line before it is missing). In WebVTT only an empty line ends a
    /// cue: a line of spaces with the cue's text after it (YouTube opens each cue so) is passed over.
    private func readText(from index: Int) -> (lines: [CaptionLine], end: Int) {
        var end = index
        var text: [CaptionLine] = []
        while end < lines.count, !looksLikeTiming(end) {
            if isBlank(end) {
                // Unless what follows opens a block: a cue's identifier (any text before a timing line) or
                // a `NOTE`.
                guard webvtt, !lines[end].range.isEmpty, end + 1 < lines.count, !isBlank(end + 1), !looksLikeTiming(end + 1),
                      end + 2 >= lines.count || !looksLikeTiming(end + 2), !startsBlock("NOTE", end + 1, alone: false),
                      !startsBlock("STYLE", end + 1, alone: true), !startsBlock("REGION", end + 1, alone: true) else { break }
                end += 1
                continue
            }
            if end + 1 < lines.count, looksLikeTiming(end + 1), isNumber(end) { break }
            text.append(lines[end])
            end += 1
        }
        return (text, end)
    }

    /// A line of digits (and spaces): a cue's number, when a timing line follows it.
    private func isNumber(_ index: Int) -> Bool {
        bytes[lines[index].range].allSatisfy { (0x30...0x39).contains($0) || $0 == 0x20 }
    }

    /// A line that is meant as a cue timing line: it holds `-->`, or opens with a time and has an arrow.
    private func looksLikeTiming(_ index: Int) -> Bool {
        let line = bytes[lines[index].range]
        guard line.count >= 3 else { return false }
        var i = line.startIndex
        while i + 2 < line.endIndex {
            // An arrow after no letter: `00:00:01.000 --> 00:00:04.000`, or a garbled timing line; not a
            // cue's words (`The flow goes A --> B`).
            if line[i] == 0x2D, line[i + 1] == 0x2D, line[i + 2] == 0x3E {
                return !line[line.startIndex..<i].contains { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 >= 0x80 }
            }
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

    /// `[hh:]mm:ss[.fff]` at `start`: seconds and the offset after it (`ClockTime.Dialect.caption`).
    static func timestamp(_ line: ArraySlice<UInt8>, at start: Int) -> (Double, Int)? {
        ClockTime.scan(line, at: start, .caption).map { ($0.0.seconds, $0.1) }
    }

    // MARK: Mojibake

    /// `bytes` with the characters of each line that were UTF-8 decoded as Windows-1252 or Latin-1 and
    /// encoded again (`Ã©` for `é`, `â€”` for `—`) read as UTF-8 again, and a warning for each such line
    /// that says what became what. Left as written, `e-mailedâ€”` is one word, and `mailed` does not find it.
    static func repairingDoubleEncoding(_ bytes: [UInt8]) -> (bytes: [UInt8], warnings: [String]) {
        // Every lead byte taken for a character (U+00C2 ... U+00F4) is written C3 xx in UTF-8.
        guard bytes.contains(0xC3) else { return (bytes, []) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var warnings: [String] = []
        var copied = 0
        for line in split(bytes) {
            guard let (repaired, changes) = repaired(bytes[line.range]) else { continue }
            output += bytes[copied..<line.range.lowerBound]
            output += repaired
            copied = line.range.upperBound
            let listed = changes.map { "'\($0.was)' is '\($0.is)'" }.joined(separator: ", ")
            warnings.append("line \(line.number): text was double-encoded (mojibake) and is read as UTF-8: \(listed)")
        }
        guard !warnings.isEmpty else { return (bytes, []) }
        output += bytes[copied...]
        return (output, warnings)
    }

    /// The line with each double-encoded character read as UTF-8 again, and each change (the characters as
    /// written and as read); nil when it has none: scalars that, taken back to Windows-1252 or Latin-1
    /// bytes, form a multi-byte UTF-8 character.
    static func repaired(_ line: ArraySlice<UInt8>) -> (bytes: [UInt8], changes: [(was: String, is: String)])? {
        guard line.contains(0xC3) else { return nil }
        let scalars = Array(String(decoding: line, as: UTF8.self).unicodeScalars)
        let mapped = scalars.map(singleByte)
        var output = String.UnicodeScalarView()
        var changes: [(was: String, is: String)] = []
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
                    if sequence.count == length, let character = String(validating: sequence, as: UTF8.self) {
                        // Control characters (Latin-1's C1 range) are shown by their number.
                        let written = scalars[i..<(i + length)].map { $0.properties.generalCategory == .control
                            ? "\\u{" + String($0.value, radix: 16, uppercase: true) + "}" : String($0) }.joined()
                        changes.append((written, character))
                        output.append(contentsOf: character.unicodeScalars)
                        i += length
                        continue
                    }
                }
            }
            output.append(scalars[i])
            i += 1
        }
        return changes.isEmpty ? nil : (Array(String(output).utf8), changes)
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
