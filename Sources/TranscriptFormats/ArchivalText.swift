#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    public func read(_ decoded: DecodedText, id: String, path: String, sidecar: Sidecar? = nil) -> Document {
        // Markdown's character references are its characters, in a label (`Mr. Si&ocirc;n Evans:`) as in speech.
        let source = format == .markdown && decoded.bytes.contains(0x26) ? HTMLText.decodeReferences(decoded.bytes[...]) : decoded.bytes
        // A web page that holds the printed transcript in `<pre>` (the GPO's hearings) is read as that text.
        let page = HTMLText.preformatted(source)
        let columns = PageLineColumns.read(page?.text ?? source)
        let scan = LineScan(bytes: columns?.bytes ?? page?.text ?? source, takingOut: columns?.unnumbered ?? [])
        var builder = DocumentBuilder(id: id, path: path, format: format.rawValue, markdown: format == .markdown)
        builder.pageTitle = page?.title
        let bodyStart = builder.readFrontMatter(scan)
        let footerStart = scan.lineIndex(from: bodyStart) { $0.trimmingSpaces == "Document Information" }
        let body = bodyStart..<(footerStart ?? scan.lines.count)
        let decisions = scan.decide(lines: body, sidecar: sidecar, listed: scan.listedNames())
        if decisions.labels.isEmpty { builder.readOpening(scan, lines: body) }
        builder.build(scan.events(lines: body, decisions: decisions), bytes: scan.bytes)
        builder.doubtful(decisions.doubtful)
        builder.sidecar(sidecar?.path, changes: decisions.sidecarChanges)
        if let columns { builder.pageFurniture(columns) }
        if !scan.furniture.isEmpty { builder.unplaced(scan.furniture) }
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

    var isBlank: Bool { if case .blank = kind { return true } else { return false } }
}

/// What the body of a text is made of, in order: paragraphs, elapsed-time lines, directives, block ends.
enum TextEvent {
    case paragraph(line: Int, label: SpeakerLabel?, text: [UInt8])
    case elapsed(Double)
    case directive(line: Int, name: String, value: String)
    /// A heading that ends the current turn (`STATEMENT OF ...`): what follows it unlabelled is narrative.
    case heading(line: Int, text: [UInt8])
    case blockEnd
}

/// Splits bytes into classified lines, then into the events of a document body.
struct LineScan {
    let bytes: [UInt8]
    var lines: [SourceLine] = []

    /// Page furniture, listed as lines not placed, with why: a page number beside a form feed (a page break,
    /// as Word's and pdftotext's text exports write it), Hansard's `Column 301`. It is taken out of the
    /// lines, as is a line of form feeds alone, so that a paragraph running over the page break runs on.
    var furniture: [UnplacedLine] = []

    /// The lines of `bytes`, less those at `takingOut` (0-based; a line-numbered transcript's lines without
    /// a number) and the page furniture found here.
    init(bytes: [UInt8], takingOut: Set<Int> = []) {
        self.bytes = bytes
        var number = 1
        var lines: [SourceLine] = []
        var pageBreaks: [Int] = []
        var columns: [(index: Int, reason: String)] = []
        LineScan.forEachLine(in: bytes) { range in
            // No line after a final `\n`.
            if range.isEmpty, range.lowerBound == bytes.count, number > 1 { return }
            if !range.isEmpty, bytes[range.lowerBound] == 0x0C { pageBreaks.append(lines.count) }
            // A short line only: most are passed over at their length.
            if range.count <= 40, range.count >= 8, LineScan.isColumnNumber(bytes[range]) {
                columns.append((lines.count, "a Hansard column number"))
            }
            lines.append(LineScan.classify(bytes, range, number: number))
            number += 1
        }
        self.lines = lines
        var out = columns
        if !pageBreaks.isEmpty { out += pageNumbers(at: pageBreaks) }
        guard !out.isEmpty || !pageBreaks.isEmpty || !takingOut.isEmpty else { return }
        out.sort { $0.index < $1.index }
        furniture = out.map { UnplacedLine(line: lines[$0.index].number, text: text(lines[$0.index]).trimmingSpaces, reason: $0.reason) }
        // A line of form feeds alone is a page break and nothing more.
        let breaksAlone = pageBreaks.filter { lines[$0].isBlank }
        let dropped = Set(out.map(\.index) + breaksAlone).union(takingOut)
        self.lines = lines.indices.filter { !dropped.contains($0) }.map { lines[$0] }
    }

    /// Hansard's column number on a line of its own: `Column 301`, `12 Mar 2014 : Column 301WH`.
    static func isColumnNumber(_ line: ArraySlice<UInt8>) -> Bool {
        // Told on two bytes for most lines: it opens with `C` or a date's digit, and ends in the number or `W`, `WH`, `WS`.
        guard let first = line.first, let last = line.last(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }),
              first == 0x43 || (0x30...0x39).contains(first), (0x30...0x39).contains(last) || last == 0x48 || last == 0x57 || last == 0x53
        else { return false }
        let text = String(decoding: line, as: UTF8.self).trimmingSpaces
        guard let at = text.range(of: "Column ") else { return false }
        let number = text[at.upperBound...]
        let digits = number.prefix { $0.isNumber }
        guard !digits.isEmpty, ["", "W", "WH", "WS"].contains(number.dropFirst(digits.count)) else { return false }
        // Before it nothing, or a date and ` : `.
        let before = text[..<at.lowerBound]
        return before.isEmpty || before.hasSuffix(" : ") && DateText.find(in: String(before.dropLast(3))) != nil
    }

    /// The page number at each page break: on the form feed's line, or the nearest line of text after it or
    /// before it (a footer's number, `2`, `- 2 -`, `Page 2 of 5`).
    private func pageNumbers(at pageBreaks: [Int]) -> [(index: Int, reason: String)] {
        func isText(_ index: Int) -> Bool { if case .text = lines[index].kind { return true } else { return false } }
        var found: Set<Int> = []
        for index in pageBreaks {
            var near = [index]
            if let after = lines[index...].firstIndex(where: { !$0.isBlank }), after != index { near.append(after) }
            if let before = lines[..<index].lastIndex(where: { !$0.isBlank }) { near.append(before) }
            for line in near where isText(line) && Self.isPageNumber(text(lines[line])) { found.insert(line) }
        }
        return found.map { ($0, "a page number at a page break (form feed)") }
    }

    /// `2`, `- 2 -`, `Page 2`, `Page 2 of 5`, `2 of 5`, a form feed before it or not.
    static func isPageNumber(_ line: String) -> Bool {
        var words = line.trimmingCharacters(in: " \t\r\u{0C}-–").split(separator: " ")
        if words.first?.lowercased() == "page" { words.removeFirst() }
        if words.count == 3, words[1].lowercased() == "of" { words.removeLast(2) }
        guard words.count == 1, let word = words.first else { return false }
        return word.count <= 4 && word.allSatisfy(\.isASCII) && word.allSatisfy(\.isNumber)
    }

    /// Calls `body` with the range of each line of `bytes`, its `\n` left out, and of what follows the
    /// last `\n` (empty when the bytes end with one). `memchr` finds each end many bytes at a time.
    static func forEachLine(in bytes: [UInt8], _ body: (Range<Int>) -> Void) {
        bytes.withUnsafeBytes { raw in
            var start = 0
            while start <= raw.count {
                var end = raw.count
                if let base = raw.baseAddress, start < raw.count, let found = memchr(base + start, 0x0A, raw.count - start) {
                    end = base.distance(to: UnsafeRawPointer(found))
                }
                body(start..<end)
                start = end + 1
            }
        }
    }

    static func classify(_ bytes: [UInt8], _ whole: Range<Int>, number: Int) -> SourceLine {
        // Form feeds opening a line are page breaks: neither the line's text nor its indentation.
        var start = whole.lowerBound
        while start < whole.upperBound, bytes[start] == 0x0C { start += 1 }
        let range = start..<whole.upperBound
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

    /// A label found where a label may stand, before the document's rules decide whether it is one.
    ///
    /// A class: the rules go over every candidate of a document a dozen times, and a copy of one (a label
    /// of a dozen strings) at every look was 7 % of a load's instructions. The table of lines found and
    /// the table of candidates share the objects; the first is not read once the second is made.
    final class Candidate {
        let label: SpeakerLabel
        var indented: Bool
        /// Under an elapsed-time line, or with the turn's time right after it (`timeFollows`): confirmed.
        var underTime: Bool
        /// Set by a sidecar's `label` line: a label wherever it stands.
        var forced = false
        /// Named by a sidecar's `LABEL = SPEAKER` line: the user's word that it is a label, used once or not
        /// (a header's field before the first turn stays a field).
        var named = false
        /// The shape with indentation: what "established" counts (Grammar/Labels.md, `SpeakerLabel.shape`).
        var shape = 0
        /// An indented titled label in capitals within a block of a document with `Q` and `A`: a
        /// deposition's colloquy, taken only for a speaker who speaks twice at least.
        var colloquy = false
        /// Such a label between a question and its answer: counsel's objection, taken though it comes once.
        var objection = false
        /// The numbers of its key and of its label as written, among the document's candidates' (`decide`).
        var key = 0
        var written = 0

        init(label: SpeakerLabel, indented: Bool, underTime: Bool, forced: Bool = false, named: Bool = false) {
            self.label = label
            self.indented = indented
            self.underTime = underTime
            self.forced = forced
            self.named = named
        }
    }

    /// What the rules decided for one document: the labels taken, by line index, and the doubtful lines.
    struct Decisions {
        var labels: [Int: SpeakerLabel] = [:]
        var doubtful: [DoubtfulLabel] = []
        /// Lines whose label a sidecar decided.
        var sidecarChanges: [DoubtfulLabel] = []
        /// Whether the document's labels stand on indented lines, so that an indented line starts a paragraph.
        var indentedLabels = false
        /// Lines shaped as a label but holding only a time, with another label next (`**Break:** [00:24:03]`):
        /// section markers that end the turn, not speakers.
        var sectionMarkers: Set<Int> = []
        /// Once-only labels not taken that open a paragraph, and labels after a time not taken: narrative,
        /// credited to no one, since whose words they are the document does not settle (`Kevin Tran: As a
        /// parent, I support the levy.`; a podcast's chapters).
        var unattributed: Set<Int> = []
        /// A deposition's headings (`DIRECT EXAMINATION`, `BY MR. SMITH:`, the lines that swear a witness
        /// in): narrative wherever they stand, before the first turn too.
        var examination: Set<Int> = []
        /// Lines that go on the heading of the line above: an oath's wrapped lines (`JANE DOE, having been
        /// first duly` / `sworn, testified as follows:`), one narrative utterance, so that a phrase across
        /// the wrap is found.
        var headingGoesOn: Set<Int> = []

        /// Whether a label was taken on line `index`. Not `labels[index] != nil`: a label is Equatable, and
        /// comparing its optional with nil copies it (a dozen strings retained and released) to say so.
        func hasLabel(at index: Int) -> Bool { labels.index(forKey: index) != nil }
    }

    /// Reads the whole body first, then decides which label-like lines are labels (Grammar/Labels.md,
    /// "Deciding per document").
    ///
    /// A label with a title is sure by its shape; one without is accepted when confirmed: the same name
    /// opens two or more paragraphs, a titled label names the same speaker, it stands under an elapsed-time
    /// line, or its shape is established (used by at least two other distinct labels of the document).
    /// The GPO's period form counts only where it is the document's most common label shape, used by two
    /// speakers or more; indented lines carry labels only where most of the document's labels are indented.
    /// Keys that open the document's own list of who takes part: `PRESENT:`, `APPEARANCES:` ...
    static let listKeys = ["participants", "present", "appearances", "cast", "speakers", "attendees", "also present"]
    /// Whether a byte is the first of one of `listKeys`, by byte value: a test made on most lines.
    static let listKeyInitials: [Bool] = (0...255).map { byte in listKeys.contains { $0.utf8.first == UInt8(byte) } }

    /// The names in the document's own lists of who takes part (a `PARTICIPANTS:` or `PRESENT:` line and the
    /// lines under it up to a blank line, front matter's `speakers:`; Google Meet's `Attendees` alone on its
    /// line, the names below, up to its `Transcript` line): each item between commas, semicolons,
    /// parentheses and brackets, titles left out, folded for matching.
    func listedNames() -> ListedNames.Names {
        var listed: [String] = []
        var inList = false
        for line in lines {
            guard case .text = line.kind else { inList = false; continue }
            let range = line.range
            // Only a line with a colon early on, or a short one that opens as a key does, can open a list:
            // most lines are passed over as bytes.
            let short = range.count <= 16 && bytes[range].droppingLeadingSpaces.first.map { LineScan.listKeyInitials[Int($0 | 0x20)] } == true
            guard inList || short || bytes[range].prefix(40).contains(0x3A) else { continue }
            if short, LineScan.listKeys.contains(self.text(line).trimmingSpaces.lowercased()) {
                inList = true
                continue
            }
            guard inList || Self.mayOpenList(bytes[range]) else { continue }
            let text = self.text(line).trimmingSpaces
            if let colon = text.firstIndex(of: ":"),
               LineScan.listKeys.contains(text[..<colon].trimmingSpaces.lowercased()) {
                listed.append(String(text[text.index(after: colon)...]))
                inList = true
            } else if inList {
                if text.lowercased() == "transcript" { inList = false; continue }
                listed.append(text)
            }
        }
        return ListedNames(listed).names
    }

    private static let kelvinSign: [UInt8] = Array("\u{212A}".utf8)
    private static let noBreakSpace: [UInt8] = Array("\u{A0}".utf8)

    /// False when a line's bytes before its first colon cannot be one of `listKeys` (spaces and case
    /// aside): they start with a byte no key starts with, or they are ASCII and not a key. Such a line
    /// cannot open a list, and most labelled lines are passed over so, without a string made of each.
    /// Other bytes are left to the test on the line's text.
    static func mayOpenList(_ line: ArraySlice<UInt8>) -> Bool {
        guard let colon = line.firstIndex(of: 0x3A) else { return false }
        var key = line[..<colon].droppingLeadingSpaces
        // Every key starts with one of these letters, in either case; other text before the colon (most
        // labels) opens no list, whatever its bytes.
        guard let initial = key.first, LineScan.listKeyInitials[Int(initial | 0x20)] else { return false }
        if key.contains(where: { $0 >= 0x80 }) {
            // Every key is ASCII: the line's text can match one only if its characters outside ASCII are
            // non-breaking spaces at its end, which its text trims, or the Kelvin sign, the one that lowers
            // to an ASCII letter (`k`); any other, between two letters (`Cde. Zápotocký`) or after the last
            // (`Cde. Novotný`), matches none.
            var i = key.startIndex
            while i < key.endIndex {
                if key[i] < 0x80 {
                    i += 1
                } else if key[i...].starts(with: Self.kelvinSign) {
                    i += Self.kelvinSign.count
                } else if key[i...].starts(with: Self.noBreakSpace), key[(i + 2)...].allSatisfy({ $0 <= 0x20 || $0 == 0xC2 || $0 == 0xA0 }) {
                    i += Self.noBreakSpace.count
                } else {
                    return false
                }
            }
            return true
        }
        while let last = key.last, last <= 0x20 { key = key.dropLast() }
        let lowered = key.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return LineScan.listKeys.contains { $0.utf8.elementsEqual(lowered) }
    }

    func decide(lines range: Range<Int>, sidecar: Sidecar? = nil, listed: ListedNames.Names = ListedNames.Names()) -> Decisions {
        let cache = LabelCache()
        var found = LineTable<Candidate>(range)
        var timeInBlock = false
        var indentedCount = 0
        // Whether any line opens with a `Q` or an `A` (few documents have any), and whether any label has a title.
        var questioned = false
        var titled = false
        var unindentedCount = 0
        var changes: [DoubtfulLabel] = []
        // Lines a sidecar's `ignore` rule keeps from being labels: the user has decided, nothing is doubtful.
        var ignored: Set<Int> = []
        for index in range {
            let line = lines[index]
            switch line.kind {
            case .blank: timeInBlock = false
            case .elapsed: timeInBlock = true
            case .directive: break
            case .text:
                let content = bytes[line.range]
                if let sidecar {
                    let written = text(line)
                    let start = written.prefix { $0 == " " || $0 == "\t" }
                    let trimmed = String(written.dropFirst(start.count))
                    if let rule = sidecar.ignores(trimmed) {
                        changes.append(DoubtfulLabel(line: line.number, text: trimmed.trimmingSpaces,
                                                     reason: "sidecar line \(rule.line): ignore /\(rule.source)/", taken: false))
                        ignored.insert(index)
                        continue
                    }
                    if let (name, end, rule) = sidecar.label(in: trimmed) {
                        var label = SpeakerLabel.personalName(name)
                            ?? SpeakerLabel(written: name, titles: nil, name: name, addressee: nil, length: 0)
                        var speechStart = start.utf8.count + end
                        while speechStart < content.count, content[content.startIndex + speechStart] == 0x20 { speechStart += 1 }
                        label.length = speechStart
                        label.alone = speechStart >= content.count
                        found[index] = Candidate(label: label, indented: line.indented, underTime: timeInBlock, forced: true)
                        changes.append(DoubtfulLabel(line: line.number, text: trimmed.trimmingSpaces,
                                                     reason: "sidecar line \(rule.line): label /\(rule.source)/", taken: true))
                        continue
                    }
                }
                // A label after a time is decided as any other, in a shape of its own: a podcast's chapter
                // list (`00:03:15 Skip Basics: ...`) is no more a turn than `Note:` is.
                if let label = SpeakerLabel.parse(content, cache: cache) ?? SpeakerLabel.parseDashForm(content)
                    ?? SpeakerLabel.parsePeriodForm(content) ?? SpeakerLabel.parseTimedForm(content)
                    ?? Self.labelAfterTime(content, cache: cache) {
                    found[index] = Candidate(label: label, indented: line.indented, underTime: timeInBlock || Self.timeFollows(label, content),
                                             named: sidecar?.alias(for: label) != nil)
                    if label.separator == .question { questioned = true }
                    if label.isStrong { titled = true }
                    if line.indented {
                        if label.isStrong || label.separator == .question { indentedCount += 1 }
                    } else {
                        unindentedCount += 1
                    }
                }
            }
        }
        var decisions = Decisions()
        decisions.indentedLabels = indentedCount >= 3 && indentedCount > unindentedCount
        // Lines that open like a label (titles, then a capitalised name) but do not parse as one:
        // `Mr. Rick Limoges (Windsor-St.`, a label cut off before its colon.
        for index in range where found[index] == nil && !ignored.contains(index) && isText(lines[index])
            && lines[index].indented == decisions.indentedLabels {
            if let reason = SpeakerLabel.labelLike(bytes[lines[index].range]) {
                decisions.doubtful.append(doubtful(index, reason, taken: false))
            }
        }
        missingColons(in: range, found: &found, decisions: &decisions)
        // Where a label may stand.
        var candidates = LineTable<Candidate>(range)
        // Lines whose label has a time before it, and those of a `Q` or an `A` (few documents have any).
        var timeFirst: [Int] = []
        var questionLines: [Int] = []
        // `Q Did you go there?` with one space: a question where the document has two such at least, and a
        // titled label or three answers right after such questions (`Q Street residents asked ...` / `A
        // Parking study will begin ...` twice in a meeting's notes is no one's question). `A Yes.` is an
        // answer where two such follow their questions at once, and then after a question, objections
        // between them or not; a press briefing's `MS. PSAKI:` / `A couple of things` is her speech. Neither
        // goes on a sentence (`... near 14th and` / `Q Street have complained`); a heading above, every word
        // capitalised (`EXAMINATION`, `BY MR. KANE`), ends one.
        var singleQuestions = 0
        var answersAtOnce = 0
        var lastQuestion: Int?
        if questioned {
            for index in found.occupied {
                guard let label = found[index]?.label, label.separator == .question else { lastQuestion = nil; continue }
                if label.singleSpace, label.written == "Q" { singleQuestions += 1 }
                // Right after its question, wrapped over lines or not: no label between them.
                if label.singleSpace, label.written == "A", lastQuestion != nil { answersAtOnce += 1 }
                lastQuestion = label.written == "Q" ? index : nil
            }
        }
        var answerable = false
        for index in found.occupied {
            guard let candidate = found[index] else { continue }
            let label = candidate.label
            if label.singleSpace, singleQuestions < 2 || !titled && answersAtOnce < 3 || label.written == "A" && !(answersAtOnce >= 2 && answerable)
                || goesOnSentence(before: index, in: range) {
                found[index] = nil
                continue
            }
            if label.separator == .question { answerable = label.written == "Q" }
            if candidate.label.timeFirst { timeFirst.append(index) }
            if candidate.label.separator == .question { questionLines.append(index) }
            candidate.shape = candidate.label.shape | (candidate.indented ? SpeakerLabel.indented : 0)
            if candidate.forced {
                candidates[index] = candidate
                continue
            }
            let blockStart = index == range.lowerBound || !isText(lines[index - 1])
            if decisions.indentedLabels {
                if candidate.indented { candidates[index] = candidate }
            } else if !candidate.indented || blockStart && candidate.label.isStrong {
                candidates[index] = candidate
            } else if questioned, candidate.label.isStrong, candidate.label.writtenInCapitals {
                // A deposition's colloquy (`MS. BROWN: Objection.`) stands indented between its `Q` and `A`
                // lines, with no blank line, in capitals as court reporters write it: a script an answer
                // quotes (`Mr. Darcy: In vain ...`) is the answer's words.
                candidate.colloquy = true
                candidates[index] = candidate
            }
        }
        // Lines side by side that each open with a time and a name, most of whose names come only once in
        // the document, are a list (a podcast's chapters, `00:03:15 Skip Basics: Transpiling Swift`; a tape
        // log's topics, `[00:02:30] Childhood: Born in Cardiff`), not turns: speakers' names come back.
        timeFirst.removeAll { candidates[$0] == nil }
        var uses: [String: Int] = [:]
        for index in timeFirst { if let key = candidates[index]?.label.key { uses[key, default: 0] += 1 } }
        var block: [Int] = []
        func closeBlock() {
            defer { block.removeAll() }
            let names = Set(block.compactMap { candidates[$0]?.label.key })
            guard block.count >= 2, names.filter({ uses[$0] == 1 }).count * 2 > names.count else { return }
            for index in block {
                candidates[index] = nil
                decisions.unattributed.insert(index)
                decisions.doubtful.append(doubtful(index, "a time and a name in a list of such lines whose names mostly come once (chapters, a tape log): narrative", taken: false))
            }
        }
        for index in timeFirst {
            if let last = block.last, last + 1 != index { closeBlock() }
            block.append(index)
        }
        closeBlock()
        // The period and dash forms: only as the document's most common label shape, used by two speakers or more.
        var separatorUses: [SpeakerLabel.Separator: (count: Int, keys: Set<String>)] = [:]
        // Otter's one-line form (`Tom Reed 0:09 Hi Jane.`): speech after the time on the label's line.
        var inlineTimes: [Int] = []
        for index in candidates.occupied {
            guard let candidate = candidates[index] else { continue }
            let label = candidate.label
            if label.separator == .time {
                guard Self.timeAlone(bytes[(lines[index].range.lowerBound + label.length)..<lines[index].range.upperBound]) == nil else { continue }
                if !candidate.forced { inlineTimes.append(index) }
            } else if label.separator != .period && label.separator != .dash {
                continue
            }
            separatorUses[label.separator, default: (0, [])].count += 1
            if separatorUses[label.separator]?.keys.count ?? 0 < 2 { separatorUses[label.separator]?.keys.insert(label.key) }
        }
        func mainShape(_ separator: SpeakerLabel.Separator) -> Bool {
            guard let uses = separatorUses[separator] else { return false }
            return uses.count > candidates.occupied.count - uses.count && uses.keys.count >= 2
        }
        let periodTaken = mainShape(.period)
        let dashTaken = mainShape(.dash)
        func doubt(_ index: Int, _ reason: String, taken: Bool) { decisions.doubtful.append(doubtful(index, reason, taken: taken)) }
        // Otter's one-line form (`Tom Reed 0:09 Hi Jane.`) as the main shape, its times never going back: a
        // list of verses (`John 3:16 For God ...`, `Romans 8:28 And we know ...`) jumps about.
        if !inlineTimes.isEmpty {
            let times = inlineTimes.compactMap { index in
                Self.leadingTimestamp(bytes[lines[index].range].dropFirst(candidates[index]?.label.length ?? 0), minutes: true)?.seconds
            }
            let forward = times.count == inlineTimes.count && zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }
            if !(forward && mainShape(.time)) {
                for index in inlineTimes {
                    candidates[index] = nil
                    doubt(index, "a name, a time and words on one line (Otter's form), which is not this document's label shape"
                          + (forward ? "" : ": its times go back"), taken: false)
                }
            }
        }
        for index in candidates.occupied {
            guard let candidate = candidates[index], candidate.label.separator == .dash, !candidate.forced, !dashTaken else { continue }
            candidates[index] = nil
            if candidate.label.titles != nil { doubt(index, "dash form, which is not this document's label shape", taken: false) }
        }
        for index in candidates.occupied {
            guard let candidate = candidates[index], candidate.label.separator == .period, !candidate.forced else { continue }
            if !periodTaken {
                candidates[index] = nil
                if candidate.label.titles != nil && !candidate.indented || decisions.indentedLabels {
                    doubt(index, "period form, which is not this document's label shape", taken: false)
                }
            } else if candidate.label.alone, let next = nextText(after: index, in: range),
                      let following = candidates[next], following.label.key == candidate.label.key {
                // `Mr. Graves.` alone, then `Mr. Graves. Thank you`: the chair calling on a member.
                candidates[index] = nil
                doubt(index, "a name alone before the same speaker's label: the chair calling on a member", taken: false)
            }
        }
        // `**Break:** \[00:24:03.04\]`, then another label: a section marker, not a speaker.
        for index in candidates.occupied {
            guard let candidate = candidates[index], !candidate.forced, !candidate.label.alone,
                  Self.timeAlone(bytes[(lines[index].range.lowerBound + candidate.label.length)..<lines[index].range.upperBound]) != nil,
                  let next = nextText(after: index, in: range), candidates[next] != nil else { continue }
            candidates[index] = nil
            decisions.sectionMarkers.insert(index)
            doubt(index, "a label holding only a time, then another label: a section marker, not a speaker", taken: false)
        }
        // `Interviewee: Harold Briggs` / `Date: 11 November 2004` atop an oral history: the header's fields.
        // Their names (`Interviewee`) confirm a label of the same name once below, as a list of participants does.
        var headerNames: Set<String> = []
        // `Interviewer: Susan Park`: a role and the person who speaks under it, whose initials may label her turns.
        var roles: [String: String] = [:]
        var listed = listed
        if let block = headerFieldBlock(in: range) {
            for index in block {
                guard let candidate = candidates[index], !candidate.forced else { continue }
                candidates[index] = nil
                headerNames.insert(candidate.label.key)
                let value = String(decoding: bytes[lines[index].range].dropFirst(candidate.label.length), as: UTF8.self)
                if Self.roles.contains(candidate.label.key), let person = SpeakerLabel.personalName(value),
                   person.titles == nil, (2...4).contains(person.name.split(separator: " ").count) {
                    roles[candidate.label.key] = person.name
                    listed.keys.insert(person.key)
                    listed.written[person.key] = person.name
                }
                doubt(index, "a line of the header's block of fields (`Date:`, `Place:` ...), not a turn", taken: false)
            }
        }
        // Keys and written labels numbered as met (`StringNumbers`), each candidate's once: the rules below
        // ask of every candidate how often its key is used and whether a titled label has it, and hashing
        // the strings at each question was a twentieth of these rules' work. By key number: its uses, and
        // whether a titled label (or an office's holder) has it.
        var keys = StringNumbers()
        var writtenLabels = StringNumbers()
        var counts: [Int] = []
        var strong: [Bool] = []
        func number(_ key: String) -> Int {
            let n = keys.number(key)
            if n == counts.count { counts.append(0); strong.append(false) }
            return n
        }
        for candidate in candidates.values {
            candidate.key = number(candidate.label.key)
            candidate.written = writtenLabels.number(candidate.label.written)
            counts[candidate.key] += 1
            if candidate.label.isStrong { strong[candidate.key] = true }
            // `The Prime Minister (Mr David Cameron):` confirms `The Prime Minister:` as a titled label does.
            if candidate.label.holdsOffice, let office = candidate.label.qualifiers.first { strong[number(Folding.key(office))] = true }
        }
        var shapes: [Int: Set<Int>] = [:]
        /// `First:`, `Note:`: a point or a note, never confirmed (`Names.proseMarkers`).
        func isProseMarker(_ label: SpeakerLabel) -> Bool { label.titles == nil && Names.proseMarkers.contains(label.key) }
        // A shape is established by labels confirmed on their own, never by once-only labels between them.
        // Cues (`MUSIC:`, `SOUND:`) are written as the script's labels are.
        for candidate in candidates.values where (!isProseMarker(candidate.label) || Names.cues.contains(candidate.label.key))
            && (candidate.label.isStrong || strong[candidate.key] || candidate.underTime || counts[candidate.key] >= 2) {
            shapes[candidate.shape, default: []].insert(candidate.written)
        }
        // `Speaker 1` used twice confirms `Speaker 2` once: the transcriber numbers voices.
        let numberedStems = Set(counts.indices.compactMap { n in counts[n] >= 2 ? Self.numberedStem(keys.strings[n]) : nil })
        // A record of an examination (`BY MS. BROWN:`, `DIRECT EXAMINATION`): its colloquy is taken however
        // often each counsel speaks.
        // Counsel's objection stands between a question and its answer (`Q. Did you read it?` / `   MR. SMITH:
        // Objection, form.` / `A. Most of it.`); a script or a telephone number an answer quotes stands under the answer.
        if questioned {
            var pending: [Int] = []
            var afterQuestion = false
            for index in candidates.occupied {
                guard let candidate = candidates[index] else { continue }
                if candidate.colloquy {
                    if afterQuestion { pending.append(index) }
                    continue
                }
                if candidate.label.separator == .question, candidate.label.written == "A", afterQuestion {
                    for objection in pending { candidates[objection]?.objection = true }
                }
                pending.removeAll()
                afterQuestion = candidate.label.separator == .question && candidate.label.written == "Q"
            }
        }
        let deposition = questioned && candidates.values.contains { $0.colloquy } && range.contains { index in
            guard isText(lines[index]), (0x41...0x5A).contains(bytes[lines[index].range].droppingLeadingSpaces.first ?? 0) else { return false }
            let text = self.text(lines[index]).trimmingSpaces
            return Self.examiner(text) != nil || Self.isExamination(text)
        }
        // A question and its answer confirm each other, once each, when the answer follows the question and
        // no `B.` follows the answer, as a quiz's choices do (`A. Paris` / `B. London`).
        let pairConfirmed: Bool = {
            guard let q = questionLines.first(where: { candidates[$0]?.label.written == "Q" }),
                  let a = questionLines.first(where: { candidates[$0]?.label.written == "A" }), a > q else { return false }
            return !choiceFollows(a, in: range)
        }()
        func isConfirmed(_ candidate: Candidate) -> Bool {
            let label = candidate.label
            if isProseMarker(label) { return false }
            if candidate.colloquy { return deposition || candidate.objection || counts[candidate.key] >= 2 }
            if label.separator == .question, pairConfirmed { return true }
            return label.isStrong || strong[candidate.key] || candidate.underTime || counts[candidate.key] >= 2
                || Self.numberedStem(label.key).map(numberedStems.contains) == true
        }
        /// A cue (`Music:`, `SFX:`) opening a paragraph of its own.
        func opensCue(_ index: Int) -> Bool {
            guard let label = candidates[index]?.label, isProseMarker(label), Names.cues.contains(label.key) else { return false }
            return index == range.lowerBound || !isText(lines[index - 1])
        }
        // A speaker confirmed on their own by the last word of the name (`tapper` for `TAPPER:`), nil where
        // two such speakers share it: a once-only `Jake Tapper:` among `TAPPER:` turns is his.
        var bySurname: [String: SpeakerLabel?]?
        func speaker(surnamed surname: String) -> SpeakerLabel? {
            if bySurname == nil {
                var found: [String: SpeakerLabel?] = [:]
                for candidate in candidates.values where candidate.label.separator != .question && !candidate.label.isTitlesOnly
                    && isConfirmed(candidate) {
                    guard let last = candidate.label.name.split(separator: " ").last else { continue }
                    let key = Folding.key(last)
                    if let known = found[key] {
                        if known?.key != candidate.label.key { found[key] = .some(nil) }
                    } else {
                        found[key] = candidate.label
                    }
                }
                bySurname = found
            }
            return bySurname?[surname] ?? nil
        }
        // Lines before the first turn are the header, where `Title:` and `Date:` are fields, not speakers.
        let firstTurn = candidates.occupied.first { index in candidates[index].map { isConfirmed($0) || $0.forced } ?? false }
        for index in candidates.occupied {
            guard let candidate = candidates[index] else { continue }
            let label = candidate.label
            let confirmed = isConfirmed(candidate)
            // At least two other distinct labels in the same shape; a name without case has no telling shape.
            // A shape that carries the turn's time (`Jane Smith   0:05` alone on its line, `[00:00:05] Jane
            // Smith:`) is no prose's: one other is enough, so that a guest who speaks once in a two-person
            // interview is not the host's words.
            func established() -> Bool {
                guard !label.isCaseless, !isProseMarker(label), let written = shapes[candidate.shape] else { return false }
                let timed = label.separator == .time || label.timeFirst
                return written.count - (written.contains(candidate.written) ? 1 : 0) >= (timed ? 1 : 2)
            }
            if confirmed || candidate.forced {
                decisions.labels[index] = label
            } else if index < firstTurn ?? range.upperBound, Self.isHeaderField(label.key) {
                // After a label taken on its shape alone, a cue is still no one's words (`ANNOUNCER: ...` / `MUSIC: Theme`).
                if opensCue(index) { decisions.unattributed.insert(index) }
                doubt(index, "a header field before the first turn, not a speaker", taken: false)
            } else if candidate.named {
                decisions.labels[index] = label
            } else if established() {
                decisions.labels[index] = label
                doubt(index, "once only, without a title; taken because its shape is established in this document", taken: true)
            } else if !isProseMarker(label), headerNames.contains(label.key) {
                decisions.labels[index] = label
                doubt(index, "once only, without a title; taken because the header's block of fields names it", taken: true)
            } else if label.name.count >= 3, !isProseMarker(label), !LineScan.listKeys.contains(label.written.lowercased()), listed.contains(label.key) {
                decisions.labels[index] = label
                doubt(index, "once only, without a title; taken because the document's list of participants names it", taken: true)
            } else if label.separator != .question, !isProseMarker(label), !label.isCaseless,
                      case let words = label.name.split(separator: " "), words.count >= 2,
                      words.allSatisfy({ $0.first?.isUppercase == true }), let last = words.last,
                      let known = speaker(surnamed: Folding.key(last)), known.key != label.key {
                // `Jake Tapper: Indeed.` once among `TAPPER:` turns: the one speaker of that surname.
                doubt(index, "once only, without a title; taken as \(known.name), the one speaker of this document with that surname", taken: true)
                var taken = label
                taken.name = known.name
                taken.key = known.key
                decisions.labels[index] = taken
            } else if label.separator != .question {
                let opensParagraph = index == range.lowerBound || !isText(lines[index - 1])
                // `Second: the schedule is too short.`, a point of the speech, goes on in lower case.
                let speech = String(decoding: bytes[lines[index].range].dropFirst(label.length).prefix(8), as: UTF8.self)
                let opensSentence = speech.first { $0.isLetter }.map { !$0.isLowercase } ?? false
                // A time before it stands for a turn of its own, never the words of the turn above.
                // A cue of its own (`Music: sting`, `SFX: thunder`) is no one's words, whatever follows it.
                let cue = opensCue(index)
                if label.timeFirst || cue || opensParagraph && opensSentence && index > firstTurn ?? range.upperBound { decisions.unattributed.insert(index) }
                doubt(index, (isProseMarker(label) ? "a word that opens a point or a note, not a name"
                              : candidate.colloquy ? "indented within a question's or an answer's lines, once only: that turn's words"
                              : "once only, without a title, in a shape not established in this document")
                      + (decisions.unattributed.contains(index) ? "; its paragraph is narrative, credited to no one" : ""), taken: false)
            }
        }
        // Before names are joined: `BY MR. JOHN SMITH:`'s questions and `MR. SMITH:` are one person.
        creditExaminers(in: range, questionLines: questionLines, &decisions)
        unifyShortNames(&decisions)
        joinOffices(&decisions)
        joinInitials(&decisions, listed: listed)
        joinRoles(&decisions, roles)
        doubtSharedLabels(&decisions)
        // An answer without a question is a list's or a table's `A` (`A<TAB>Paris`, `B<TAB>London`): the
        // record of an examination has its questions.
        if !questionLines.contains(where: { decisions.labels[$0]?.written == "Q" }) {
            for index in questionLines where decisions.hasLabel(at: index) {
                decisions.labels[index] = nil
                doubt(index, "an A with no Q taken in the document: a list's or a table's letter, not an answer", taken: false)
            }
        }
        // An answer answers a question: an `A` after another answer, written otherwise (`A: It was signed in
        // 1862.` / `A. Lincoln signed it.`), is an initial in that answer; and an `A.` that a `B.` follows is
        // a list's letter (`A. Proof of address` / `B. A photo ID`). Right after a question, in a document whose
        // other questions have answers, such a list is the answer (`Q: What do I need?` / `A. Pack.` / `B.
        // Label.`), kept whole, its letters too; where no question has one, it is a quiz's choices, the question's.
        if questionLines.contains(where: { decisions.labels[$0]?.written == "Q" }) {
            let answered = questionLines.contains { decisions.labels[$0]?.written == "A" && !choiceFollows($0, in: range) }
            var previous: Int?
            for index in questionLines {
                guard var label = decisions.labels[index] else { continue }
                defer { previous = decisions.hasLabel(at: index) ? index : previous }
                guard label.written == "A" else { continue }
                let listed = choiceFollows(index, in: range)
                let initial = previous.map { decisions.labels[$0]?.written == "A" && letterMark($0) != letterMark(index) } ?? false
                if listed, !initial, answered, let previous, decisions.labels[previous]?.written == "Q" {
                    label.length = 0
                    label.alone = false
                    decisions.labels[index] = label
                    doubt(index, "an A that a B follows, right after a question: a list answering it, the answer's words", taken: true)
                    continue
                }
                guard initial || listed else { continue }
                decisions.labels[index] = nil
                doubt(index, listed ? "an A that a B follows: a list's letter, not an answer"
                              : "an A after an answer, written otherwise: an initial, not an answer", taken: false)
            }
        }
        if let sidecar {
            // `LABEL = SPEAKER`: the user's word on who a label is.
            for (index, label) in decisions.labels {
                guard let alias = sidecar.alias(for: label) else { continue }
                var named = label
                named.name = alias.speaker
                named.key = Folding.key(alias.speaker)
                decisions.labels[index] = named
                changes.append(doubtful(index, "sidecar line \(alias.line): \(alias.label) = \(alias.speaker)", taken: true))
                decisions.doubtful.removeAll { $0.line == lines[index].number }
            }
        }
        decisions.sidecarChanges = changes.sorted { $0.line < $1.line }
        decisions.doubtful.sort { $0.line < $1.line }
        return decisions
    }

    /// A short label (`Mr. Cameron`) and a fuller one (`Mr. David Cameron`) are one speaker when the
    /// document has exactly one fuller name with that surname; otherwise the short label is doubtful.
    private func unifyShortNames(_ decisions: inout Decisions) {
        // Decided once for each label as written: a document repeats few labels many times, numbered as met.
        var distinct: [String: SpeakerLabel] = [:]
        var written = StringNumbers()
        for label in decisions.labels.values {
            let key = label.decisionKey
            if written.number(key) == distinct.count { distinct[key] = label }
        }
        var fuller: [String: Set<String>] = [:]
        var names: [String: String] = [:]
        var titlesOf: [String: Set<String>] = [:]
        // Fuller names introduced as a person's, with titles or what follows the name (`JAKE TAPPER, CNN
        // ANCHOR:`, `SEN. BERNIE SANDERS (I-VT):`), as a broadcast transcript writes a speaker's first turn.
        var introduced: Set<String> = []
        for label in distinct.values where !label.isTitlesOnly {
            let words = label.name.split(separator: " ")
            guard words.count >= 2, let surname = words.last else { continue }
            fuller[Folding.key(String(surname)), default: []].insert(label.key)
            names[label.key] = label.name
            if let titles = label.titles { titlesOf[label.key, default: []].insert(titles) }
            if label.titles != nil || !label.qualifiers.isEmpty { introduced.insert(label.key) }
        }
        // What becomes of each label as written, and the doubt to list at its first line (or, `each`, at every one).
        var renamed: [String: (name: String, key: String)] = [:]
        var reasons: [String: (text: String, each: Bool)] = [:]
        for label in distinct.values where !label.isTitlesOnly {
            guard !label.name.utf8.contains(0x20), let keys = fuller[label.key] else { continue }
            guard let titles = label.titles else {
                // `TAPPER:` after `JAKE TAPPER, CNN ANCHOR:`; not `PRESIDENT:` beside `VICE PRESIDENT:`, nor
                // a given name (`MARTIN:`) beside another's surname unless that name was introduced.
                guard !label.holdsOffice, keys.count == 1, let key = keys.first, introduced.contains(key), let name = names[key] else { continue }
                renamed[label.decisionKey] = (name, key)
                reasons[label.decisionKey] = ("short name without a title, taken as \(name), the one fuller name with that surname", false)
                continue
            }
            guard keys.count == 1, let key = keys.first, let name = names[key] else {
                reasons[label.decisionKey] = ("short name shared by \(keys.count) fuller names; kept apart", true)
                continue
            }
            let theirs = titlesOf[key] ?? []
            let gender = Self.gender(of: titles)
            if let gender, theirs.contains(where: { Self.gender(of: $0).map { $0 != gender } ?? false }) {
                reasons[label.decisionKey] = ("short name of \(name), but titles of a man and of a woman; kept apart", false)
                continue
            }
            if !theirs.isEmpty, !theirs.contains(titles) {
                // `Chairman Graves` is often `Mr. Sam Graves`, but `Senator Smith` may question `Mr. John Smith`.
                reasons[label.decisionKey] = ("taken as \(name), the one fuller name with that surname, whose titles differ (\(theirs.sorted().joined(separator: ", ")))", false)
            }
            renamed[label.decisionKey] = (name, key)
        }
        separateByTitles(distinct, &renamed, &reasons)
        guard !renamed.isEmpty || !reasons.isEmpty else { return }
        var noted: Set<String> = []
        for index in decisions.labels.keys.sorted() {
            guard var label = decisions.labels[index] else { continue }
            let written = label.decisionKey
            if let (name, key) = renamed[written] {
                label.name = name
                label.key = key
                decisions.labels[index] = label
            }
            if let reason = reasons[written], reason.each || noted.insert(reason.text).inserted {
                decisions.doubtful.append(doubtful(index, reason.text, taken: true))
            }
        }
    }

    /// Titles of a man and titles of a woman, by their first word (`Mr.`, `Mrs. Justice`).
    static let manTitles: Set<String> = ["mr", "mister", "sir", "lord", "monsieur", "m", "herr", "señor", "sr", "king", "prince",
                                         "congressman", "chairman", "signor", "don"]
    static let womanTitles: Set<String> = ["mrs", "ms", "miss", "madam", "madame", "mme", "dame", "lady", "frau", "señora", "sra",
                                           "queen", "princess", "congresswoman", "chairwoman", "signora", "doña"]

    /// Whether titles name a man (true) or a woman (false), by their first word; nil for neither.
    static func gender(of titles: String) -> Bool? {
        guard let first = titles.split(separator: " ").first else { return nil }
        let word = Folding.key(first.hasSuffix(".") ? first.dropLast() : first)
        if manTitles.contains(word) { return true }
        if womanTitles.contains(word) { return false }
        return nil
    }

    /// `Mr. Smith` and `Mrs. Smith` in one document are two people: where one name (after short names are
    /// joined to fuller ones) is written with titles of a man and of a woman, each label with such a title
    /// is a speaker of its own, named with its title, and the first is listed as doubtful (taken).
    private func separateByTitles(_ distinct: [String: SpeakerLabel], _ renamed: inout [String: (name: String, key: String)],
                                  _ reasons: inout [String: (text: String, each: Bool)]) {
        var genders: [String: Set<Bool>] = [:]
        for label in distinct.values {
            if let titles = label.titles, let gender = Self.gender(of: titles) {
                genders[renamed[label.decisionKey]?.key ?? label.key, default: []].insert(gender)
            }
        }
        guard genders.values.contains(where: { $0.count == 2 }) else { return }
        for label in distinct.values {
            guard genders[renamed[label.decisionKey]?.key ?? label.key]?.count == 2, let titles = label.titles,
                  Self.gender(of: titles) != nil else { continue }
            let name = renamed[label.decisionKey]?.name ?? label.name
            renamed[label.decisionKey] = (titles + " " + name, Folding.key(titles + " " + name))
            // Listed once for the name, at the first of its labels.
            reasons[label.decisionKey] = ("one name, \(name), with titles of a man and of a woman: each title a speaker of its own", false)
        }
    }

    /// A label of two or three capitals (`AA:`) that are the initials of exactly one name in the document's
    /// own list of who takes part (front matter's `speakers: ['Andreas Antonopoulos']`) is that person: one
    /// speaker under the listed name. Listed as taken on that evidence, at its first line.
    private func joinInitials(_ decisions: inout Decisions, listed: ListedNames.Names) {
        guard !listed.written.isEmpty else { return }
        var named: [String: [String]] = [:]
        for name in listed.written.values {
            let initials = String(name.split(separator: " ").compactMap(\.first).filter(\.isUppercase))
            named[initials, default: []].append(name)
        }
        var listedLines: Set<String> = []
        for index in decisions.labels.keys.sorted() {
            guard var label = decisions.labels[index], label.titles == nil, (2...3).contains(label.name.count),
                  label.name.allSatisfy({ $0.isASCII && $0.isUppercase }), !listed.contains(label.key),
                  let names = named[label.name], names.count == 1, let name = names.first else { continue }
            let initials = label.name
            label.name = name
            label.key = Folding.key(name)
            decisions.labels[index] = label
            if listedLines.insert(initials).inserted {
                decisions.doubtful.append(doubtful(index, "initials of \(name), the one listed participant with them: taken as that speaker, here and below",
                                                   taken: true))
            }
        }
    }

    /// Roles that a header's field gives a person for (`Interviewer: Susan Park`), who then speaks under it.
    static let roles: Set<String> = ["interviewer", "interviewee", "narrator", "host", "guest", "moderator", "respondent", "informant"]

    /// `Interviewer:` below a header's `Interviewer: Susan Park` is Susan Park, listed at its first line.
    private func joinRoles(_ decisions: inout Decisions, _ roles: [String: String]) {
        guard !roles.isEmpty else { return }
        var noted: Set<String> = []
        for index in decisions.labels.keys.sorted() {
            guard var label = decisions.labels[index], label.titles == nil, let name = roles[label.key] else { continue }
            let role = label.name
            (label.name, label.key) = (name, Folding.key(name))
            decisions.labels[index] = label
            if noted.insert(role).inserted {
                decisions.doubtful.append(doubtful(index, "\(role), whom the header's block of fields names: taken as \(name), here and below", taken: true))
            }
        }
    }

    /// An office alone (`The Prime Minister:`) where one person holds it in the document's labels (`The Prime
    /// Minister (Mr David Cameron):`, as Hansard writes a minister's first turn) is that person, listed at its
    /// first line; where several do (a chair taken in turn), it stays the office, listed.
    private func joinOffices(_ decisions: inout Decisions) {
        var holders: [String: [String: String]] = [:]
        for label in decisions.labels.values where label.holdsOffice {
            guard let office = label.qualifiers.first else { continue }
            holders[Folding.key(office), default: [:]][label.key] = label.name
        }
        guard !holders.isEmpty else { return }
        var noted: Set<String> = []
        for index in decisions.labels.keys.sorted() {
            guard var label = decisions.labels[index], !label.holdsOffice, let held = holders[label.key] else { continue }
            let office = label.name
            if held.count == 1, let (key, name) = held.first {
                (label.name, label.key) = (name, key)
                decisions.labels[index] = label
                if noted.insert(office).inserted {
                    decisions.doubtful.append(doubtful(index, "\(office) alone, taken as \(name), who holds the office in this document's labels", taken: true))
                }
            } else if noted.insert(office).inserted {
                decisions.doubtful.append(doubtful(index, "\(office) alone, an office \(held.count) people hold in this document's labels: kept apart",
                                                   taken: true))
            }
        }
    }

    /// Labels a transcriber writes for a voice they could not name (`UKN:`, `Unidentified Speaker:`).
    static let unknownVoices: Set<String> = ["ukn", "unk", "unknown", "unknown speaker", "unknown voice", "unidentified",
                                             "unidentified speaker", "unidentified voice", "unidentified male",
                                             "unidentified female", "unidentified man", "unidentified woman"]

    /// Names of a group that speaks together (`Hon. Members`, `Some hon. Members`).
    static let groups: Set<String> = ["members", "senators", "voices", "several voices", "audience", "crowd"]

    /// Why a label may stand for several people, by its key: one look-up for each label of a document.
    static let sharedVoices: [String: String] = Dictionary(unknownVoices.map { ($0, "a voice the transcriber did not name") }
        + groups.map { ($0, "a group speaking together") }, uniquingKeysWith: { first, _ in first })

    /// Labels that may stand for several people stay one speaker each, and are listed at their first line
    /// with their number of turns: a voice the transcriber could not name (`UKN:` in a flight log), and a
    /// title without a name (`Senator:`) where other labels give the same title with one (`Senator
    /// Greene:`), the record not saying who spoke.
    private func doubtSharedLabels(_ decisions: inout Decisions) {
        // One pass over the labels gathers, for each label key, its uses, its first line, and the first line
        // where its label is all title (the title, folded, is its key: `SpeakerLabel.personalName`); then
        // each key is judged once. A document has few titles and many labels: each title is folded once.
        // Keys and titles are numbered as met (`StringNumbers`), not hashed at every label.
        var keys = StringNumbers()
        var titles = StringNumbers()
        var foldedTitle: [Int] = []
        var uses: [(count: Int, first: Int, allTitle: Int?)?] = []
        var titled: [Int: Set<Int>] = [:]
        for (index, label) in decisions.labels {
            let k = keys.number(label.key)
            if uses.count <= k { uses += Array(repeating: nil, count: k + 1 - uses.count) }
            var use = uses[k] ?? (0, index, nil)
            use.count += 1
            use.first = min(use.first, index)
            if let written = label.titles {
                let t = titles.number(written)
                if t == foldedTitle.count { foldedTitle.append(keys.number(Folding.key(written))) }
                let key = foldedTitle[t]
                if key != k {
                    titled[key, default: []].insert(k)
                } else {
                    use.allTitle = min(use.allTitle ?? index, index)
                }
            }
            uses[k] = use
        }
        var found: [(index: Int, reason: String, count: Int)] = []
        for (k, use) in uses.enumerated() {
            guard let use else { continue }
            if let voice = LineScan.sharedVoices[keys.strings[k]] {
                found.append((use.first, voice, use.count))
            } else if let line = use.allTitle, let others = titled[k] {
                found.append((line, "a title without a name, while " + (others.count == 1 ? "1 other label gives" : "\(others.count) other labels give") + " it with one", use.count))
            }
        }
        for (index, reason, count) in found.sorted(by: { $0.index < $1.index }) {
            decisions.doubtful.append(doubtful(index, "\(reason): its \(count) turns may be several people's", taken: true))
        }
    }

    /// The entry `--check` lists for line `index`: its text, and why it is doubtful.
    private func doubtful(_ index: Int, _ reason: String, taken: Bool) -> DoubtfulLabel {
        DoubtfulLabel(line: lines[index].number, text: text(lines[index]).trimmingSpaces, reason: reason, taken: taken)
    }

    /// The line without its indentation when it goes on a word that `text` breaks after a hyphen at its
    /// end (`... Do you support pre-` / `apprenticeship programs`): a letter, `-`, perhaps spaces, then a
    /// line that opens with a lower-case letter. Nil otherwise: an interrupted `Now-` before a blank line or
    /// a capital stays as it is. The hyphen is kept, so `short-term` reads as written, and the tokenizer's
    /// joined form finds a word hyphenated only at the break (`recom-mend` is also `recommend`).
    /// A capital goes on the word after a prefix that comes before names (`anti-` / `American`, `Al-` /
    /// `Qaeda`, `Anglo-` / `Soviet`).
    static func hyphenatedRest(_ text: [UInt8], _ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var end = text.count
        while end > 0, text[end - 1] == 0x20 || text[end - 1] == 0x09 { end -= 1 }
        guard end >= 2, text[end - 1] == 0x2D, Self.isLetter(text[end - 2]) else { return nil }
        let rest = line.droppingLeadingSpaces
        guard let first = rest.first else { return nil }
        if first >= 0x61 && first <= 0x7A { return rest }
        guard first >= 0x41 && first <= 0x5A else { return nil }
        var start = end - 1
        while start > 0, Self.isLetter(text[start - 1]) { start -= 1 }
        guard start == 0 || !(text[start - 1] >= 0x80) else { return nil }
        let prefix = String(decoding: text[start..<end - 1], as: UTF8.self).lowercased()
        return namePrefixes.contains(prefix) ? rest : nil
    }

    /// Prefixes hyphenated before a name or a people (`anti-American`, `Al-Qaeda`, `Sino-Soviet`).
    static let namePrefixes: Set<String> = ["anti", "pro", "non", "pre", "post", "mid", "pan", "trans", "ex", "neo", "un",
                                            "counter", "inter", "pseudo", "quasi", "semi", "sub", "super", "ultra", "al", "el",
                                            "anglo", "franco", "sino", "afro", "indo", "euro", "russo", "greco", "austro",
                                            "judeo", "italo", "hispano", "german", "soviet"]

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// The seconds of a time that stands alone after a label (`00:27`, `1:02:03`, `\[00:24:03.04\]`, Rev's
    /// `(00:27)`), brackets, parentheses, backslashes and spaces aside; nil for anything else.
    static func timeAlone(_ text: ArraySlice<UInt8>) -> Double? {
        // Asked of every labelled line: most are speech, told at their length or first byte.
        let rest = text.droppingLeadingSpaces
        guard rest.count <= 24, let first = rest.first, first == 0x5B || first == 0x5C || first == 0x28 || (first >= 0x30 && first <= 0x39) else { return nil }
        let kept = rest.filter { $0 != 0x5C && $0 != 0x5B && $0 != 0x5D && $0 != 0x28 && $0 != 0x29 && $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }
        guard kept.count >= 4, kept.count <= 16, kept.contains(0x3A) else { return nil }
        return ClockTime(Substring(decoding: kept, as: UTF8.self)).map(\.seconds)
    }

    /// A timestamp that opens a labelled line's speech, and the speech after it: a time in brackets
    /// (`[00:01:30]`, `[1:30]`), or one with hours, minutes and seconds (`00:00:05`). A time of day in
    /// prose (`10:30 is when we met`) has no seconds and no brackets, and stays words; after Otter's label
    /// (`Tom Reed 0:09 Hi Jane.`, `minutes`) minutes and seconds are the time.
    static func leadingTimestamp(_ text: ArraySlice<UInt8>, minutes: Bool = false) -> (seconds: Double, speech: ArraySlice<UInt8>)? {
        let rest = text.droppingLeadingSpaces
        guard let first = rest.first, first == 0x5B || (first >= 0x30 && first <= 0x39) else { return nil }
        let end: Int
        if first == 0x5B {
            guard let close = rest.prefix(16).firstIndex(of: 0x5D) else { return nil }
            end = close + 1
        } else {
            end = rest.firstIndex(of: 0x20) ?? rest.endIndex
            let colons = rest[..<end].filter({ $0 == 0x3A }).count
            guard colons == 2 || minutes && colons == 1 else { return nil }
        }
        let speech = rest[end...].droppingLeadingSpaces
        guard !speech.isEmpty, let seconds = timeAlone(rest[..<end]) else { return nil }
        return (seconds, speech)
    }

    /// Whether the turn's start follows the label, as transcription services write each one (`Jane Smith:
    /// [00:00:04] Happy to be here.`, `Peter: 00:27`, `Maria Lopez (00:00:02):`): it confirms the label as a
    /// time line above it does. A time of day in prose (`Kim: 10:30 is when we met.`) does not.
    static func timeFollows(_ label: SpeakerLabel, _ content: ArraySlice<UInt8>) -> Bool {
        guard label.separator == .colon else { return false }
        let rest = content.dropFirst(label.length)
        return leadingTimestamp(rest) != nil || timeAlone(rest) != nil
            || label.qualifiers.contains { $0.utf8.first.map { (0x30...0x39).contains($0) } == true && timeAlone(ArraySlice($0.utf8)) != nil }
    }

    /// A label after the time its turn starts (`[00:00:05] Tom Reed: Go ahead.`, `00:01:02 Speaker 1:`), as
    /// Descript and Trint write it: its length takes in the time, which `events` gives the turn.
    /// time_first_line ::= INDENT? ( "[" TIME "]" | TIME ) SPACE+ colon_label SPACE* speech?
    static func labelAfterTime(_ content: ArraySlice<UInt8>, cache: LabelCache) -> SpeakerLabel? {
        guard let (seconds, rest) = leadingTimestamp(content), var label = SpeakerLabel.parse(rest, cache: cache) else { return nil }
        label.length += rest.startIndex - content.startIndex
        label.timeBefore = seconds
        return label
    }

    /// A deposition's `Q` turns are the questions of the examiner its `BY MR. SMITH:` heading names, until
    /// the next such heading, and its `A` turns the answers of the witness that `JANE DOE, having been
    /// first duly sworn, testified as follows:` names, until the next witness, a call or an excusal
    /// (`callsOrExcuses`) or `(Witness sworn.)`: the speaker is the examiner
    /// (`Smith`, who may also speak under his own label) or the witness, written `Q` or `A` (or `THE
    /// WITNESS`). A `Q` before any such heading stays `Q`, an `A` before any witness `A`. Both headings end
    /// the turn above them, narrative. Only a document with a `Q` or an `A` (`questionLines`) is searched.
    private func creditExaminers(in range: Range<Int>, questionLines: [Int], _ decisions: inout Decisions) {
        guard !questionLines.isEmpty else { return }
        var examiners: [(index: Int, label: SpeakerLabel?)] = []
        // A nil witness: one is called, sworn unnamed or excused, and the answers after it are `A`'s.
        var witnesses: [(index: Int, label: SpeakerLabel?)] = []
        var oathEnd = range.lowerBound
        for index in range where index >= oathEnd && isText(lines[index]) {
            if let label = decisions.labels[index] {
                // `THE COURT: The witness is excused.`, `MR. KANE: The People call Mary Roe.`
                guard !witnesses.isEmpty, label.separator != .question else { continue }
                let said = String(decoding: bytes[lines[index].range].dropFirst(label.length), as: UTF8.self)
                if Self.callsOrExcuses(said) { witnesses.append((index, nil)) }
                continue
            }
            let text = self.text(lines[index]).trimmingSpaces
            if !witnesses.isEmpty, text.hasPrefix("("), text.lowercased().contains("sworn") {
                // `(Witness sworn.)`: a witness whom the record does not name.
                witnesses.append((index, nil))
                continue
            }
            if let examiner = Self.examiner(text) {
                // `By Dr. Jane Roe:` atop a column, in mixed case before any label, examination or oath, is its
                // byline; a deposition's page may open with `BY MR. KANE:`.
                guard !text.hasPrefix("By ") || examiners.count + witnesses.count > 0 || decisions.examination.contains(where: { $0 < index })
                        || decisions.labels.keys.contains(where: { $0 < index && decisions.labels[$0]?.separator != .question }) else { continue }
                examiners.append((index, examiner))
                decisions.examination.insert(index)
            } else if Self.isExamination(text) {
                decisions.examination.insert(index)
            } else if let witness = swornWitness(at: index, text, in: range) {
                let block = witness.block
                oathEnd = (block.last ?? index) + 1
                witnesses.append((index, witness.label))
                decisions.doubtful.removeAll { doubtful in block.contains { lines[$0].number == doubtful.line } }
                decisions.doubtful.append(doubtful(witness.line, "a witness sworn (\(witness.label.name)): narrative; the A turns below are the witness's answers",
                                                   taken: false))
                decisions.examination.formUnion(block)
                decisions.headingGoesOn.formUnion(block.dropFirst())
            }
        }
        /// `role` (`THE WITNESS`) among the `written` turns (`A`), and after the last of them up to the end of the
        /// record, a call or an excusal; not when the next witness's oath comes next, as that witness may
        /// already be taking it (`THE WITNESS: I do.`).
        func credit(_ headings: [(index: Int, label: SpeakerLabel?)], written: String, or role: String? = nil) {
            func isWritten(_ index: Int) -> Bool { decisions.labels[index].map { $0.separator == .question && $0.written == written } ?? false }
            for (k, heading) in headings.enumerated() {
                guard let named = heading.label else { continue }
                let end = k + 1 < headings.count ? headings[k + 1].index : range.upperBound
                // An oath next is a line no label opens (`MARY ROE, having been ...`, `(Witness sworn.)`).
                let oathNext = k + 1 < headings.count && !decisions.hasLabel(at: end)
                let last = oathNext ? ((heading.index + 1)..<end).last(where: isWritten) ?? heading.index : end
                for index in (heading.index + 1)..<end {
                    guard var label = decisions.labels[index],
                          isWritten(index) || index < last && label.titles != nil && label.key == role else { continue }
                    (label.name, label.key, label.titles) = (named.name, named.key, named.titles)
                    label.examined = true
                    decisions.labels[index] = label
                }
            }
        }
        // Texas writes the examiner in the question: `Q. (BY MS. BROWN) Ms. Doe, one question.`
        for index in questionLines {
            guard let label = decisions.labels[index], label.written == "Q" else { continue }
            let body = bytes[(lines[index].range.lowerBound + label.length)..<lines[index].range.upperBound]
            guard body.starts(with: "(BY ".utf8) || body.starts(with: "(By ".utf8), let close = body.firstIndex(of: 0x29),
                  let examiner = Self.examiner(String(decoding: body[(body.startIndex + 1)..<close], as: UTF8.self) + ":") else { continue }
            examiners.append((index - 1, examiner))
        }
        examiners.sort { $0.index < $1.index }
        credit(examiners, written: "Q")
        // `THE WITNESS: I'm not sure.` between the questions is the sworn witness too.
        credit(witnesses, written: "A", or: "the witness")
    }

    /// Whether counsel or the court calls a witness or excuses one: `The People call Mary Roe.`, `I'll call
    /// the next witness.`, `The witness is excused.`, `You may step down.`; not `I call your attention to ...`.
    static func callsOrExcuses(_ said: String) -> Bool {
        let lower = said.lowercased()
        if ["excused", "step down", "next witness", "as a witness", "as its next"].contains(where: { lower.contains($0) }) { return true }
        for word in ["call ", "calls "] {
            var from = lower.startIndex
            while let at = lower.range(of: word, range: from..<lower.endIndex) {
                let before = at.lowerBound == lower.startIndex ? " " : lower[lower.index(before: at.lowerBound)]
                // The name called opens with a capital in the text as written.
                let offset = lower.distance(from: lower.startIndex, to: at.upperBound)
                if before == " ", let next = said.dropFirst(offset).first, next.isUppercase { return true }
                from = at.upperBound
            }
        }
        return false
    }

    /// The examiner a heading names: `BY MR. SMITH:`, `By Ms. Brown:`, `BY THE COURT:`, on the examination's
    /// own line (`CROSS-EXAMINATION BY MS. BROWN:`, `Examination by Mr. Smith:`), and resuming (`BY MR. SMITH
    /// (Resuming):`, `BY MS. BROWN, continuing:`). The line holds nothing else: `By Mr. Smith's account, ...`
    /// is prose.
    static func examiner(_ text: String) -> SpeakerLabel? {
        guard text.count <= 80 else { return nil }
        var by = Substring(text)
        if by.hasPrefix("BY ") || by.hasPrefix("By ") {
            // `BY DR. KEITH ROACH` above a column is its author's byline.
            guard text.last == ":" || text.last == ")" else { return nil }
        } else {
            // `EXAMINATION BY MR. ALVAREZ`, in capitals, needs no colon.
            guard text.last == ":" || text.last == ")" || !text.contains(where: \.isLowercase) else { return nil }
            let lower = text.lowercased()
            guard let at = lower.range(of: " by "),
                  examinations.contains(where: { [$0, "FURTHER " + $0].contains(lower[..<at.lowerBound].uppercased()) }) else { return nil }
            by = text[text.index(at.lowerBound, offsetBy: 1)...]
            by = "BY" + by.dropFirst(2)
        }
        guard SpeakerLabel.isExaminer(by) else { return nil }
        // What follows the name says only that the examination goes on.
        let name = by.dropFirst(3).prefix { $0 != "(" && $0 != "," && $0 != ":" }
        let rest = by[name.endIndex...].filter(\.isLetter).lowercased()
        guard ["", "resuming", "continuing", "resumed", "continued", "contd", "cont"].contains(rest) else { return nil }
        return SpeakerLabel.personalName(name.trimmingSpaces)
    }

    /// `DIRECT EXAMINATION`, `FURTHER REDIRECT EXAMINATION`, `EXAMINATION (Resumed)`: in capitals but for
    /// what is in parentheses.
    static func isExamination(_ text: String) -> Bool {
        // `Direct Examination` in title case too.
        let head = text.prefix { $0 != "(" }.trimmingSpaces
        guard head.split(separator: " ").allSatisfy({ $0.first?.isUppercase == true }) else { return false }
        let upper = head.uppercased()
        return examinations.contains { upper == $0 || upper == "FURTHER " + $0 }
    }

    /// The witness a deposition's or a trial's record swears in, and the lines that say so: `JANE DOE, having
    /// been first duly sworn, was examined and testified as follows:`, wrapped over lines or not, with the
    /// name alone on the line above (`JANE DOE,`, `THOMAS KELLY`), and `WHEREUPON,` above that. The oath
    /// ends the paragraph, `as follows` or a colon: `Mr. Jones, having been duly sworn, testified that he
    /// saw me.` in an answer is what the witness says. `index` is a line that holds `sworn` or `affirmed`.
    private func swornWitness(at index: Int, _ text: String, in range: Range<Int>) -> (label: SpeakerLabel, line: Int, block: [Int])? {
        let lower = text.lowercased()
        guard lower.contains("sworn") || lower.contains("affirmed") else { return nil }
        func isFree(_ line: Int) -> Bool { range.contains(line) && isText(lines[line]) && SpeakerLabel.parse(bytes[lines[line].range]) == nil }
        func without(_ opening: String, _ line: String) -> Substring {
            line.uppercased().hasPrefix(opening) ? line.dropFirst(opening.count).drop { $0 == " " } : line[...]
        }
        // The name: before the first comma of the oath's own line, or of one of the three lines above (`ROBERT
        // HALL, the witness herein, having been first` / `duly sworn, ...`), or alone on one of them.
        func name(_ line: String) -> SpeakerLabel? {
            let words = without("WHEREUPON,", line)
            return SpeakerLabel.personalName(words.prefix { $0 != "," })
        }
        var first = index
        var witness = text.contains(",") ? name(text) : nil
        while witness == nil, index - first < 3, isFree(first - 1) {
            first -= 1
            witness = name(self.text(lines[first]).trimmingSpaces)
        }
        guard let witness else { return nil }
        let named = first
        if first > range.lowerBound, isFree(first - 1), self.text(lines[first - 1]).trimmingSpaces.uppercased() == "WHEREUPON," { first -= 1 }
        // The oath's paragraph, up to its end: a blank line, a label, or at most five lines more.
        var block = Array(first...index)
        // Its lines joined as a paragraph's are (`testi-` / `fied`: `testi-fied`).
        var joined = Array(self.text(lines[first]).trimmingSpaces.utf8)
        for line in (first + 1)..<(index + 1) { joined.appendWrapped(ArraySlice(self.text(lines[line]).trimmingSpaces.utf8)) }
        var oath = String(decoding: joined, as: UTF8.self)
        // Its end: `as follows` or a colon, or a heading in capitals that ends in the oath (`JAMES REED,
        // PEOPLE'S WITNESS, SWORN`).
        func ends(_ oath: String) -> Bool {
            let said = oath.lowercased()
            if said.hasSuffix(":") || said.contains("as follows") { return true }
            return !oath.contains(where: \.isLowercase) && ["sworn", "sworn.", "affirmed", "affirmed."].contains { said.hasSuffix($0) }
        }
        while !ends(oath), block.count < index - first + 6, let last = block.last, isFree(last + 1) {
            block.append(last + 1)
            joined.appendWrapped(ArraySlice(self.text(lines[last + 1]).trimmingSpaces.utf8))
            oath = String(decoding: joined, as: UTF8.self)
        }
        // A word the wrap cut keeps its hyphen (`testi-fied`), which the test of its words passes over.
        let said = oath.lowercased().filter { $0 != "-" }
        guard ends(oath), ["testif", "examined", "witness", "depose"].contains(where: { said.contains($0) }) else { return nil }
        // The examination follows: a heading, a label, or the first question (an FAQ that quotes an oath
        // goes on in prose).
        if let last = block.last, let next = nextText(after: last, in: range) {
            let line = self.text(lines[next]).trimmingSpaces
            guard SpeakerLabel.parse(bytes[lines[next].range]) != nil || Self.examiner(line) != nil || Self.isExamination(line)
                    || SpeakerLabel.isExaminer(line) else { return nil }
        }
        return (witness, named, block)
    }

    /// Whether text opens more parentheses than it closes.
    static func leavesOpen(_ text: [UInt8]?) -> Bool {
        guard let text else { return false }
        var depth = 0
        for byte in text { if byte == 0x28 { depth += 1 } else if byte == 0x29 { depth -= 1 } }
        return depth > 0
    }

    /// What follows the letter of a `Q`, an `A` or a `B` at a line's start: `:`, `.`, `)`, or a space.
    private func letterMark(_ index: Int) -> UInt8? {
        bytes[lines[index].range].droppingLeadingSpaces.dropFirst().first.map { [0x3A, 0x2E, 0x29].contains($0) ? $0 : 0x20 }
    }

    /// Whether the next line of text opens with a `B` marked as the `A` at `index` is (`A. Paris` / `B.
    /// London`): a list's or a quiz's letters, not an answer.
    private func choiceFollows(_ index: Int, in range: Range<Int>) -> Bool {
        guard let next = nextText(after: index, in: range) else { return false }
        return bytes[lines[next].range].droppingLeadingSpaces.first == 0x42 && letterMark(next) == letterMark(index)
    }

    /// Whether the line above `index` goes on a sentence into it: text that ends in no stop and no
    /// interruption (`I think --`, `I think—`), in words not all capitalised (`... near 14th and` above `Q
    /// Street have complained`; not `EXAMINATION` or `BY MR. KANE`).
    private func goesOnSentence(before index: Int, in range: Range<Int>) -> Bool {
        guard index > range.lowerBound, isText(lines[index - 1]) else { return false }
        let above = bytes[lines[index - 1].range]
        guard !Self.endsSentence(above), !above.breaksOff else { return false }
        return text(lines[index - 1]).split(separator: " ").contains { $0.first?.isLowercase == true }
    }

    /// The next line after `index` that holds text, skipping blank lines.
    private func nextText(after index: Int, in range: Range<Int>) -> Int? {
        var i = index + 1
        while i < range.upperBound {
            if isText(lines[i]) { return i }
            if case .blank = lines[i].kind { i += 1; continue }
            return nil
        }
        return nil
    }

    /// Groups lines into paragraphs, with the labels `decide(lines:)` took.
    func events(lines range: Range<Int>, decisions: Decisions) -> [TextEvent] {
        var events: [TextEvent] = []
        var paragraph: (line: Int, label: SpeakerLabel?, text: [UInt8])?
        func flush() {
            // Moved out of the paragraph in progress, not copied.
            if let (line, label, text) = paragraph.take() { events.append(.paragraph(line: line, label: label, text: text)) }
        }
        var unwrappedBlock = false
        /// Whether the current turn's lines are a sentence a line, each a paragraph.
        var sentenceLines = false
        var seenLabel = false
        let mixedCase = isMostlyMixedCase(range)
        for index in range {
            let line = lines[index]
            switch line.kind {
            case .blank:
                flush()
                sentenceLines = false
                events.append(.blockEnd)
            case .elapsed(let seconds):
                flush()
                events.append(.elapsed(seconds))
            case .directive(let name, let value):
                flush()
                events.append(.directive(line: line.number, name: name, value: value))
            case .text:
                if index == range.lowerBound || !isText(lines[index - 1]) { unwrappedBlock = isUnwrappedBlock(from: index, in: range) }
                var label = decisions.labels[index]
                // Told by a pattern, not `label != nil`, which copies the label (see `hasLabel`).
                let labelled = if case .some = label { true } else { false }
                if labelled {
                    seenLabel = true
                    sentenceLines = isSentencePerLine(after: index, in: range, labels: decisions.labels)
                }
                if decisions.headingGoesOn.contains(index), case .heading(let first, var text)? = events.last {
                    text.appendWrapped(bytes[line.range])
                    events[events.count - 1] = .heading(line: first, text: text)
                    continue
                }
                if decisions.examination.contains(index) || seenLabel && (isHeading(bytes[line.range]) || decisions.sectionMarkers.contains(index)
                    || decisions.unattributed.contains(index)
                    || !labelled && endsTurnUnlabelled(index, in: range, decisions, mixedCase: mixedCase, after: paragraph?.text)) {
                    flush()
                    events.append(.heading(line: line.number, text: Array(bytes[line.range])))
                    continue
                }
                if paragraph == nil || labelled || unwrappedBlock || sentenceLines || (!line.indented && startsListItem(bytes[line.range]))
                    // An indented line opens a paragraph where labels stand indented, unless it goes on a
                    // parenthesis left open (`(Exhibit 12 marked for` / `   identification.)`).
                    || (decisions.indentedLabels && line.indented && !Self.leavesOpen(paragraph?.text))
                    || (!seenLabel && isFieldLine(bytes[line.range])) {
                    flush()
                    let body = bytes[(line.range.lowerBound + (label?.length ?? 0))..<line.range.upperBound]
                    if let seconds = label?.timeBefore {
                        // `[00:00:05] Tom Reed: Go ahead.`: the time before the label is when the turn starts.
                        events.append(.elapsed(seconds))
                    }
                    // The label is changed in place and read through `label?`: binding it would copy it.
                    if let qualifiers = label?.qualifiers, let (at, seconds) = qualifiers.indices.lazy
                        .compactMap({ at in Self.timeAlone(ArraySlice(qualifiers[at].utf8)).map { (at, $0) } }).first {
                        // `Maria Lopez (00:00:02):`, as Rev writes it: when the turn starts, no qualifier of the speaker.
                        label?.qualifiers.remove(at: at)
                        events.append(.elapsed(seconds))
                    }
                    if labelled, let seconds = Self.timeAlone(body) {
                        // `Peter: 00:27` with the speech below: the time is when the turn starts, not words of it.
                        events.append(.elapsed(seconds))
                        paragraph = (line.number, consume label, [])
                    } else if labelled, let (seconds, speech) = Self.leadingTimestamp(body, minutes: label?.separator == .time) {
                        // `Tom Reed: 00:00:05 Morning all.`, `Tom Reed: [00:01:30] Go ahead.`: the same, with the speech after it.
                        events.append(.elapsed(seconds))
                        paragraph = (line.number, consume label, Array(speech))
                    } else {
                        paragraph = (line.number, consume label, Array(body))
                    }
                } else {
                    paragraph?.text.appendWrapped(bytes[line.range])
                }
            }
        }
        flush()
        return events
    }

    /// Headings that end the current turn (besides a Markdown heading, `## Chapters`), in capitals: a hearing's `STATEMENT OF JOHN DOE, ...`, a court's
    /// `ORAL ARGUMENT OF MARY SMITH`, a deposition's `CROSS-EXAMINATION` and `BY MR. SMITH:` (the examiner,
    /// `SpeakerLabel.isExaminer`).
    static let headings = ["STATEMENT OF ", "PREPARED STATEMENT OF ", "TESTIMONY OF ", "ORAL ARGUMENT OF ",
                           "REBUTTAL ARGUMENT OF ", "BY "] + examinations + examinations.map { "FURTHER " + $0 }
    static let examinations = ["EXAMINATION", "DIRECT EXAMINATION", "CROSS-EXAMINATION", "CROSS EXAMINATION",
                               "REDIRECT EXAMINATION", "RECROSS-EXAMINATION", "RECROSS EXAMINATION", "VOIR DIRE EXAMINATION"]

    /// A heading that ends the current turn (`headings`), in capitals.
    private func isHeading(_ line: ArraySlice<UInt8>) -> Bool {
        // Asked of every line after a label: most fail on their bytes, before a string is made.
        let rest = line.droppingLeadingSpaces
        // A Markdown heading (`## Chapters`): the document's structure, never a speaker's words.
        if rest.first == 0x23 {
            let marks = rest.prefix { $0 == 0x23 }.count
            if marks <= 6, rest.dropFirst(marks).first == 0x20 { return true }
        }
        // Every heading opens with two capitals: most lines are ruled out on those two bytes.
        guard rest.count > 2, (0x41...0x5A).contains(rest[rest.startIndex]), (0x41...0x5A).contains(rest[rest.startIndex + 1]),
              LineScan.headings.contains(where: { rest.starts(with: $0.utf8) }) else { return false }
        let text = String(decoding: line, as: UTF8.self).trimmingSpaces
        guard LineScan.headings.contains(where: { text.hasPrefix($0) }), !text.hasPrefix("BY ") || SpeakerLabel.isExaminer(text) else { return false }
        // `EXAMINATION (Resumed)`: what is in parentheses may be in lower case.
        return !text.prefix { $0 != "(" }.contains(where: { $0.isLowercase })
    }

    /// Whether a line without a label still ends the turn: an order paper's heading in capitals after a
    /// sentence's end or a label (`text`, the paragraph so far, nil after a blank line), in a document
    /// written mostly in mixed case, or the chair's call on the next speaker.
    private func endsTurnUnlabelled(_ index: Int, in range: Range<Int>, _ decisions: Decisions, mixedCase: Bool, after text: [UInt8]?) -> Bool {
        mixedCase && (text.map(closesSentence) ?? true) && isCapitalsHeading(bytes[lines[index].range])
            || isChairsCall(index, in: range, decisions) || Self.isMeetingNotice(bytes[lines[index].range])
    }

    /// A meeting tool's notice on a line of its own, no one's words: Teams' `Jane Smith started transcription`
    /// and `Jane Smith stopped transcription`, Google Meet's `Meeting ended after 00:06:41 👋`,
    /// `Transcription ended after 00:30:30` and `This editable transcript was computer generated ...`,
    /// Markdown emphasis around it or not. Each stands right under a speaker's last line, with no blank line
    /// between, where it was that speaker's words.
    static func isMeetingNotice(_ line: ArraySlice<UInt8>) -> Bool {
        var rest = line.droppingLeadingSpaces
        while let last = rest.last, last == 0x20 || last == 0x0D || last == 0x09 || last == 0x2A || last == 0x5F { rest = rest.dropLast() }
        while let first = rest.first, first == 0x2A || first == 0x5F { rest = rest.dropFirst() }
        // Asked of every unlabelled line after a label: most fail on their first or last byte.
        guard let first = rest.first, let last = rest.last, rest.count <= 200 else { return false }
        if first == 0x4D || first == 0x54, rest.count <= 48 {
            for opening in meetingEndings where rest.starts(with: opening.utf8) {
                // The time, then at most a wave (`👋`).
                let after = rest.dropFirst(opening.utf8.count)
                let time = after.prefix { (0x30...0x39).contains($0) || $0 == 0x3A }
                guard !time.isEmpty, timeAlone(time) != nil else { return false }
                return after.dropFirst(time.count).droppingLeadingSpaces.allSatisfy { $0 >= 0x80 }
            }
        }
        if first == 0x54, rest.starts(with: "This editable transcript was computer generated".utf8) { return true }
        guard last == 0x6E else { return false }
        for ending in [" started transcription", " stopped transcription"] where rest.count > ending.utf8.count && rest.reversed().starts(with: ending.utf8.reversed()) {
            let name = String(decoding: rest.dropLast(ending.utf8.count), as: UTF8.self)
            guard let label = SpeakerLabel.personalName(name), label.titles == nil else { return false }
            return true
        }
        return false
    }

    /// How Google Meet's last line opens, before the meeting's length.
    static let meetingEndings = ["Meeting ended after ", "Transcription ended after "]

    /// A line of words in capitals and nothing else (no digits, no punctuation but a hyphen or an
    /// apostrophe inside a word), two words or more, after a sentence's end or a label: in a document
    /// written in mixed case, an order paper's heading (`CANADIAN NATIONAL SOCCER TEAM`, `FINANCIAL
    /// STATEMENT OF THE MINISTER OF FINANCE`), not speech. It ends the turn, as `headings` do. Panel names
    /// read out in a flight log (`PRESS, FUEL CELL 1, MAIN BUS B`) have commas, digits or slashes.
    private func isCapitalsHeading(_ line: ArraySlice<UInt8>) -> Bool {
        let rest = line.droppingLeadingSpaces
        // Asked of every line after a label: most fail on their first bytes, before a string is made.
        guard let first = rest.first, first >= 0x41 && first <= 0x5A, rest.count <= 200 else { return false }
        for b in rest where b < 0x80 {
            let capital = b >= 0x41 && b <= 0x5A
            guard capital || b == 0x20 || b == 0x2D || b == 0x27 || b == 0x09 || b == 0x0D else { return false }
        }
        let words = String(decoding: rest, as: UTF8.self).split(separator: " ")
        guard words.count >= 2, words.reduce(0, { $0 + $1.count }) >= 8 else { return false }
        return words.allSatisfy { word in
            word.allSatisfy { $0.isLetter && !$0.isLowercase || $0 == "-" || $0 == "'" || $0 == "’" }
                && word.first?.isLetter == true && word.last?.isLetter == true
        }
    }

    /// A parliament's chair calling on the next speaker without a label of its own (`The hon. member for
    /// Drummond.`, `The right hon. Prime Minister.`), right before that speaker's label: the chair's words,
    /// not the speaker's before. Who the chair is, the record does not say: it is narrative.
    private func isChairsCall(_ index: Int, in range: Range<Int>, _ decisions: Decisions) -> Bool {
        var rest = bytes[lines[index].range].droppingLeadingSpaces
        while let last = rest.last, last == 0x20 || last == 0x09 || last == 0x0D { rest = rest.dropLast() }
        // Asked of every line that is no label: told on bytes, most at their first.
        guard rest.count <= 120, rest.last == 0x2E,
              LineScan.chairsCalls.contains(where: { call in
                  rest.count > call.count && zip(rest, call).allSatisfy { $0 == $1 || ($0 | 0x20) == $1 }
              }),
              !rest.contains(where: { $0 == 0x3F || $0 == 0x21 || $0 == 0x3A || $0 == 0x3B }),
              rest.filter({ $0 == 0x2E }).count <= 2, rest.filter({ $0 == 0x20 }).count <= 11,
              let next = nextText(after: index, in: range) else { return false }
        return decisions.hasLabel(at: next)
    }

    /// How a parliament's chair calls on a member without a label, in lower case.
    private static let chairsCalls: [[UInt8]] = [Array("the hon. ".utf8), Array("the right hon. ".utf8)]

    /// Whether paragraph text so far is empty (a label alone) or ends a sentence.
    private func closesSentence(_ text: [UInt8]) -> Bool {
        guard let last = text.last(where: { $0 != 0x20 && $0 != 0x09 }) else { return true }
        return last == 0x2E || last == 0x3F || last == 0x21 || last == 0x22 || last == 0x29 || text.suffix(3) == [0xE2, 0x80, 0x9D]
    }

    /// Whether most of the lines in `range` that hold a letter hold a lower-case one. A transcript typed
    /// in capitals throughout has no headings by case.
    private func isMostlyMixedCase(_ range: Range<Int>) -> Bool {
        var lettered = 0
        var mixed = 0
        for index in range {
            let line = bytes[lines[index].range]
            guard line.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { continue }
            lettered += 1
            if line.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { mixed += 1 }
        }
        return mixed * 2 > lettered
    }

    /// A block that opens with one of the document's call signs but no colon (`ATS Roger, Bell 7, ...`
    /// where the log writes `ATS: ...` everywhere else) is that speaker's, when a time stands above it
    /// as above the others: taken, and listed as doubtful. Without a time above it, it is listed only.
    /// A call sign here is one word of capitals and digits that opens two lines or more with a colon.
    private func missingColons(in range: Range<Int>, found: inout LineTable<Candidate>, decisions: inout Decisions) {
        var uses: [String: (count: Int, label: SpeakerLabel)] = [:]
        for index in found.occupied {
            guard let label = found[index]?.label, label.separator == .colon, !label.emphasised,
                  !label.written.isEmpty, label.written.utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }) else { continue }
            uses[label.written, default: (0, label)].count += 1
        }
        guard uses.values.contains(where: { $0.count >= 2 }) else { return }
        for index in range where index > range.lowerBound && found[index] == nil && isText(lines[index]) && !lines[index].indented {
            let above = lines[index - 1].kind
            let underTime: Bool
            switch above {
            case .elapsed: underTime = true
            case .blank: underTime = false
            default: continue
            }
            let content = bytes[lines[index].range]
            // A call sign opens with a capital or a digit: most lines are passed over at their first byte.
            guard let lead = content.first, (0x41...0x5A).contains(lead) || (0x30...0x39).contains(lead),
                  let space = content.firstIndex(of: 0x20), space > content.startIndex,
                  let known = uses[String(decoding: content[..<space], as: UTF8.self)], known.count >= 2 else { continue }
            var speech = space
            while speech < content.endIndex, content[speech] == 0x20 { speech += 1 }
            guard speech < content.endIndex else { continue }
            if underTime {
                var label = known.label
                label.length = speech - content.startIndex
                label.alone = false
                found[index] = Candidate(label: label, indented: false, underTime: true, forced: true)
            }
            decisions.doubtful.append(doubtful(index, underTime ? "\(known.label.written) without its colon, under a time as this document's labels stand"
                                                   : "\(known.label.written) without its colon", taken: underTime))
        }
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

    /// Whether labelled line `index` and the unlabelled lines after it (to the next label, blank line or
    /// other kind of line) are a sentence a line (the aligned Hansard's): three or more lines after the
    /// label, each ending a sentence, as the text after the label does if there is any. Wrapped prose
    /// does not end a sentence line after line.
    private func isSentencePerLine(after index: Int, in range: Range<Int>, labels: [Int: SpeakerLabel]) -> Bool {
        let rest = bytes[(lines[index].range.lowerBound + (labels[index]?.length ?? 0))..<lines[index].range.upperBound]
        guard rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || Self.endsSentence(rest) else { return false }
        var end = index + 1
        while end < range.upperBound, isText(lines[end]), labels.index(forKey: end) == nil {
            guard Self.endsSentence(bytes[lines[end].range]) else { return false }
            end += 1
        }
        return end - index > 3
    }

    /// Whether a line ends with a sentence's end (`.`, `?`, `!` or `:`, then perhaps a closing quotation
    /// mark or parenthesis), spaces after it aside, or is a parenthetical (`(Bill read the third time and
    /// passed)`).
    static func endsSentence(_ line: ArraySlice<UInt8>) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        if end > line.startIndex, line[end - 1] == 0x29, line.first == 0x28 { return true }
        // Closing marks: `)`, `]`, `"`, `'`, and `”` or `’` (E2 80 9D, E2 80 99), whole.
        while end > line.startIndex {
            if [0x29, 0x5D, 0x22, 0x27].contains(line[end - 1]) {
                end -= 1
            } else if end - line.startIndex >= 3, line[end - 3] == 0xE2, line[end - 2] == 0x80, [0x9D, 0x99].contains(line[end - 1]) {
                end -= 3
            } else {
                break
            }
        }
        guard end > line.startIndex else { return false }
        return [0x2E, 0x3F, 0x21, 0x3A].contains(line[end - 1])
    }

    /// Bytes beyond which a line cannot be a hard-wrapped line of a paragraph.
    static let wrappedLineLimit = 240

    /// The document's first block of lines (up to a blank line) when it is a header of fields: after an
    /// optional title line without a colon, two lines or more, each `Name: value` with a short value that
    /// is no speech, one of them a field a header gives (`Date:`, `Place:`; see `isHeaderField`).
    func headerFieldBlock(in range: Range<Int>) -> Range<Int>? {
        guard let start = range.first(where: { isText(lines[$0]) }) else { return nil }
        let end = range[start...].first { !isText(lines[$0]) } ?? range.upperBound
        var fields = start..<end
        if let first = fields.first, !isFieldLine(bytes[lines[first].range]) { fields = (first + 1)..<end }
        // The fields run up to the first line that is no field: the turns may follow without a blank line.
        var namesAField = false
        var last = fields.lowerBound
        for index in fields {
            let text = self.text(lines[index]).trimmingSpaces
            guard let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 24 else { break }
            let value = text[text.index(after: colon)...]
            let key = Folding.key(text[..<colon])
            // A field's value is a fact (`Susan Park`, `11 November 2004`), not a sentence of speech.
            guard value.split(separator: " ").count <= 12, !DocumentBuilder.readsAsSpeech(value),
                  Self.isHeaderField(key) || !DocumentBuilder.endsSentence(value) else { break }
            if Self.isHeaderField(key) { namesAField = true }
            last = index + 1
        }
        fields = fields.lowerBound..<last
        return namesAField && fields.count >= 2 ? fields : nil
    }

    /// `speaker` of `speaker 2`: the word of a numbered call sign (key folded), or nil. A voice word and
    /// one letter (`speaker b`, as AssemblyAI names its voices `A`, `B` ...) numbers voices too, and so does
    /// a diarizer's `speaker_00` (pyannote's, which WhisperX writes).
    static func numberedStem(_ key: String) -> Substring? {
        // Asked of every label: most end in a letter and have more than one before it.
        guard let last = key.utf8.last else { return nil }
        let words = key.split(separator: " ")
        if words.count == 1, last >= 0x30 && last <= 0x39, SpeakerLabel.isDiarizedVoice(key), let underscore = key.lastIndex(of: "_") {
            return key[..<underscore]
        }
        guard words.count == 2 else { return nil }
        if last >= 0x30 && last <= 0x39 {
            return words[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? words[0] : nil
        }
        guard words[1].utf8.count == 1, (0x61...0x7A).contains(last), Speaker.voiceWords.contains(String(words[0])) else { return nil }
        return words[0]
    }

    /// Names of the fields a transcript's header gives (`Title:`, `Date:`, `Interview date:`), which are
    /// not speakers when they stand once before the first turn.
    static let headerFields: Set<String> = ["title", "subtitle", "date", "dates", "time", "place", "location", "venue",
                                            "source", "subject", "subjects", "topic", "event", "language", "duration",
                                            "length", "recorded", "recording", "transcribed", "transcription",
                                            "transcript", "file", "reference", "copyright", "rights", "url",
                                            "keywords", "tags", "summary", "description", "abstract", "collection",
                                            "series", "episode", "format", "classification", "music", "theme", "credits", "sponsor",
                                            "sponsors", "producer", "producers", "editor"]

    static func isHeaderField(_ key: String) -> Bool {
        headerFields.contains(key) || listKeys.contains(key) || key.split(separator: " ").last.map { ["date", "time", "place", "location", "title"].contains(String($0)) } ?? false
    }

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

/// Values kept by line index for the lines of a range: an array, not a dictionary, since a document's
/// labels are read in line order and a large log has tens of thousands of them.
struct LineTable<Value> {
    private let base: Int
    /// Where each line's value is in `items`, or -1: a value (a label candidate is large) is kept only for
    /// the few lines that have one, not a room for one on every line.
    private var slots: [Int32]
    private var items: [Value?] = []
    /// The indices holding a value when it was set, in line order; a value removed later reads as nil.
    private(set) var occupied: [Int] = []

    init(_ range: Range<Int>) {
        base = range.lowerBound
        slots = Array(repeating: -1, count: range.count)
    }

    subscript(index: Int) -> Value? {
        get {
            guard slots.indices.contains(index - base) else { return nil }
            let slot = Int(slots[index - base])
            return slot < 0 ? nil : items[slot]
        }
        set {
            guard slots.indices.contains(index - base) else { return }
            let slot = Int(slots[index - base])
            if slot < 0 {
                guard let newValue else { return }
                slots[index - base] = Int32(items.count)
                items.append(newValue)
                occupied.append(index)
            } else {
                if items[slot] == nil, newValue != nil { occupied.append(index) }
                items[slot] = newValue
            }
        }
    }

    /// The values present, in line order.
    var values: [Value] { occupied.compactMap { self[$0] } }
}

/// The names a document lists of its participants (`PRESENT:`, `Participants:`, FRUS's participants list),
/// by which a label seen once is confirmed: each piece between commas, semicolons and brackets, titles left
/// out, as a label's key.
struct ListedNames {
    /// The keys of the listed names.
    struct Names {
        var keys: Set<String> = []
        /// Each listed name as written (titles left out), by its key.
        var written: [String: String] = [:]
        /// Last words of the names, for a label that gives the surname alone (`Kissinger` for `Dr. Henry A.
        /// Kissinger`); only words of three letters or more, so that `Li` never stands for `William`.
        var surnames: Set<String> = []

        /// Whether a label's key is a listed name.
        func contains(_ key: String) -> Bool { keys.contains(key) }

        /// Whether it is a listed name or a listed surname: for lists that hold one participant an item
        /// (FRUS's `<item>`), not for a plain list whose pieces may be roles (`of the Respondent`).
        func contains(nameOrSurname key: String) -> Bool {
            keys.contains(key) || (key.count >= 3 && surnames.contains(key))
        }
    }

    let names: Names

    init(_ items: [String]) {
        var names = Names()
        for item in items.joined(separator: ";").split(whereSeparator: { ",;()[]'\"".contains($0) }) {
            let words = item.split(separator: " ")
            guard !words.isEmpty else { continue }
            let titles = Titles.prefixLength(words)
            let key = Folding.key(words[titles...].joined(separator: " "))
            guard !key.isEmpty else { continue }
            names.keys.insert(key)
            names.written[key] = words[titles...].joined(separator: " ")
            if let last = key.split(separator: " ").last, last.count >= 3 { names.surnames.insert(String(last)) }
        }
        self.names = names
    }
}


extension [UInt8] {
    /// The text with the next line of its paragraph after it: one space between, or none after a hyphen
    /// that the wrap cut a word at (`pre-` at a line's end, `apprenticeship` below: one word again, its
    /// hyphen kept).
    mutating func appendWrapped(_ line: ArraySlice<UInt8>) {
        if let rest = LineScan.hyphenatedRest(self, line) {
            while last == 0x20 || last == 0x09 { removeLast() }
            append(contentsOf: rest)
        } else {
            append(0x20)
            append(contentsOf: line)
        }
    }
}
