import TranscriptModel

/// Reads archival plain text and Markdown: the Wilson Center's page text, hearing records, press
/// conferences, the Apollo air-to-ground log, and unlabelled records of conversation.
///
/// Paragraphs are blocks of lines between blank lines, their lines joined with spaces; a line that opens
/// with a speaker label or a list marker starts a paragraph of its own, and every label starts a turn.
public struct ArchivalTextReader: Sendable {
    /// `.text` or `.markdown`: Markdown adds front matter and backslash escapes.
    public var format: TranscriptFormat

    public init(format: TranscriptFormat) {
        self.format = format
    }

    /// Builds the document from decoded text. `id` is the file name without extension.
    public func read(_ decoded: DecodedText, id: String, path: String) -> Document {
        let scan = LineScan(bytes: decoded.bytes)
        var builder = DocumentBuilder(id: id, path: path, format: format.rawValue, markdown: format == .markdown)
        let bodyStart = builder.readFrontMatter(scan)
        let footerStart = scan.lineIndex(from: bodyStart) { $0.trimmingSpaces == "Document Information" }
        let events = scan.events(lines: bodyStart..<(footerStart ?? scan.lines.count))
        builder.build(events, bytes: decoded.bytes)
        if let footerStart { builder.readFooter(scan, from: footerStart) }
        builder.finish()
        return builder.document
    }
}

/// One line of the source: its bytes and what it is.
struct SourceLine {
    enum Kind { case blank, elapsed(Double), directive(String, String), text }
    var number: Int
    var range: Range<Int>
    var kind: Kind
    var indented: Bool
}

/// What the body of a text is made of, in order: paragraphs, elapsed-time lines, directives, block ends.
enum TextEvent {
    case paragraph(line: Int, label: SpeakerLabel?, text: [UInt8])
    case elapsed(Double)
    case directive(line: Int, name: String, value: String)
    case blockEnd
}

/// Splits bytes into classified lines, then into the events of a document body.
struct LineScan {
    let bytes: [UInt8]
    var lines: [SourceLine] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var start = 0
        var number = 1
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            if end == bytes.count, start == end, number > 1 { break }
            lines.append(LineScan.classify(bytes, start..<end, number: number))
            number += 1
            start = end + 1
        }
    }

    static func classify(_ bytes: [UInt8], _ range: Range<Int>, number: Int) -> SourceLine {
        var first = range.lowerBound
        while first < range.upperBound {
            if bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            else if first + 1 < range.upperBound, bytes[first] == 0xC2, bytes[first + 1] == 0xA0 { first += 2 }
            else { break }
        }
        let indented = first > range.lowerBound
        if first == range.upperBound { return SourceLine(number: number, range: range, kind: .blank, indented: false) }
        var last = range.upperBound
        while last > first, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
        let content = bytes[first..<last]
        if let seconds = DateText.elapsed(content) {
            return SourceLine(number: number, range: range, kind: .elapsed(seconds), indented: indented)
        }
        if !indented, let (name, value) = directive(content) {
            return SourceLine(number: number, range: range, kind: .directive(name, value), indented: false)
        }
        return SourceLine(number: number, range: range, kind: .text, indented: indented)
    }

    /// `_page : 8`: an underscore, a lower-case name, a colon and a value.
    static func directive(_ content: ArraySlice<UInt8>) -> (String, String)? {
        guard content.first == 0x5F else { return nil }
        var i = content.startIndex + 1
        while i < content.endIndex, (0x61...0x7A).contains(content[i]) || content[i] == 0x5F { i += 1 }
        let name = content[(content.startIndex + 1)..<i]
        guard !name.isEmpty else { return nil }
        while i < content.endIndex, content[i] == 0x20 { i += 1 }
        guard i < content.endIndex, content[i] == 0x3A else { return nil }
        let value = String(decoding: content[(i + 1)...], as: UTF8.self).trimmingSpaces
        return (String(decoding: name, as: UTF8.self), value)
    }

    func text(_ line: SourceLine) -> String { String(decoding: bytes[line.range], as: UTF8.self) }

    func lineIndex(from start: Int, where predicate: (String) -> Bool) -> Int? {
        lines[start...].firstIndex { line in
            if case .text = line.kind, line.range.count < 64 { return predicate(text(line)) }
            return false
        }
    }

    /// Groups lines into paragraphs and finds the speaker labels among them.
    ///
    /// A label is recognised by shape. One with a title (`Cde. Beria:`) is sure; one without (`CDR:`,
    /// `Beria:`, `Q`) is accepted only when confirmed: the same name opens two or more paragraphs, a
    /// titled label names the same speaker, or it stands under an elapsed-time line.
    func events(lines range: Range<Int>) -> [TextEvent] {
        // Labels are looked for where a paragraph may start: a block's first line or an unindented line.
        let cache = LabelCache()
        var candidates: [Int: SpeakerLabel] = [:]
        var counts: [String: Int] = [:]
        var strongKeys: Set<String> = []
        var underTime: Set<Int> = []
        var previousIsText = false
        var timeInBlock = false
        for index in range {
            let line = lines[index]
            switch line.kind {
            case .blank: timeInBlock = false
            case .elapsed: timeInBlock = true
            case .directive: break
            case .text:
                if (!previousIsText || !line.indented), let label = SpeakerLabel.parse(bytes[line.range], cache: cache) {
                    if line.indented && !label.isStrong { break }
                    candidates[index] = label
                    counts[label.key, default: 0] += 1
                    if label.isStrong { strongKeys.insert(label.key) }
                    if timeInBlock { underTime.insert(index) }
                }
            }
            previousIsText = isText(line)
        }
        func accepted(_ index: Int) -> SpeakerLabel? {
            guard let label = candidates[index] else { return nil }
            let sure = label.isStrong || strongKeys.contains(label.key) || underTime.contains(index)
                || (counts[label.key] ?? 0) >= 2
            return sure ? label : nil
        }

        var events: [TextEvent] = []
        var paragraph: (line: Int, label: SpeakerLabel?, text: [UInt8])?
        func flush() {
            if let p = paragraph { events.append(.paragraph(line: p.line, label: p.label, text: p.text)) }
            paragraph = nil
        }
        var unwrappedBlock = false
        var seenLabel = false
        for index in range {
            let line = lines[index]
            switch line.kind {
            case .blank:
                flush()
                events.append(.blockEnd)
            case .elapsed(let seconds):
                flush()
                events.append(.elapsed(seconds))
            case .directive(let name, let value):
                flush()
                events.append(.directive(line: line.number, name: name, value: value))
            case .text:
                if index == range.lowerBound || !isText(lines[index - 1]) { unwrappedBlock = isUnwrappedBlock(from: index, in: range) }
                let label = accepted(index)
                if label != nil { seenLabel = true }
                if paragraph == nil || label != nil || unwrappedBlock || (!line.indented && startsListItem(bytes[line.range]))
                    || (!seenLabel && isFieldLine(bytes[line.range])) {
                    flush()
                    let body = bytes[(line.range.lowerBound + (label?.length ?? 0))..<line.range.upperBound]
                    paragraph = (line.number, label, Array(body))
                } else {
                    paragraph?.text.append(0x20)
                    paragraph?.text.append(contentsOf: bytes[line.range])
                }
            }
        }
        flush()
        return events
    }

    private func isText(_ line: SourceLine) -> Bool {
        if case .text = line.kind { return true }
        return false
    }

    /// Whether the lines from `index` on are a block written one paragraph a line, not hard-wrapped:
    /// two or more lines, one of them longer than any wrapped line would be.
    private func isUnwrappedBlock(from index: Int, in range: Range<Int>) -> Bool {
        var end = index
        var longest = 0
        while end < range.upperBound, isText(lines[end]) {
            longest = max(longest, lines[end].range.count)
            end += 1
        }
        return end - index >= 2 && longest > LineScan.wrappedLineLimit
    }

    /// Bytes beyond which a line cannot be a hard-wrapped line of a paragraph.
    static let wrappedLineLimit = 240

    /// A header line of the form `PLACE: ...` or `DATE & TIME: ...`: a colon within the first 24 bytes.
    private func isFieldLine(_ line: ArraySlice<UInt8>) -> Bool {
        line.prefix(24).contains(0x3A)
    }

    /// A list item's marker at the start of a line: `1.`, `2)`, `-`, `*` or `•` and a space.
    func startsListItem(_ line: ArraySlice<UInt8>) -> Bool {
        var i = line.startIndex
        guard i < line.endIndex else { return false }
        if line[i] == 0x2D || line[i] == 0x2A { return i + 1 < line.endIndex && line[i + 1] == 0x20 }
        if line[i...].starts(with: [0xE2, 0x80, 0xA2]) { return true }
        while i < line.endIndex, (0x30...0x39).contains(line[i]), i - line.startIndex < 3 { i += 1 }
        guard i > line.startIndex, i + 1 < line.endIndex else { return false }
        return (line[i] == 0x2E || line[i] == 0x29) && line[i + 1] == 0x20
    }
}
