import Foundation
import TranscriptModel

/// Assembles a document from a text's events: the header, turns and their utterances, the footer.
struct DocumentBuilder {
    private var assembler: TurnAssembler
    let markdown: Bool
    private var pendingTime: Double?
    private var pendingDirectives: [MetadataField] = []
    private var headerTitle: String?
    /// The title of the web page that holds the text (`<title>`), which the header then does not replace.
    var pageTitle: String?
    private var headerDate: PartialDate?
    /// In a text with no labels, its first line when it stands as a title (`readOpening`).
    private var openingTitle: String?
    /// Every speaker that a label of the document names, which confirms an untitled interjection `(Beria: ...)`.
    private var labelledSpeakers: Set<String> = []
    /// The labels of the document's interjections, each analysed once.
    private let interjectionLabels = LabelCache()

    init(id: String, path: String, format: String, markdown: Bool) {
        assembler = TurnAssembler(Document(id: id, path: path, format: format))
        self.markdown = markdown
    }

    /// The document as built so far.
    var document: Document { assembler.document }

    // MARK: Opening of a text without labels

    /// A text with no labels keeps every paragraph as narrative, but its first line may still be its
    /// title: short, no sentence end, no heading mark, and alone in its paragraph or followed by a date
    /// line, which then gives the date and place (`№4 Record of Conversation between N.S. Khrushchev and
    /// US Secretary of State D. Rusk` / `Gagra August 9, 1963`). Without such a line the first heading is
    /// the title.
    mutating func readOpening(_ scan: LineScan, lines range: Range<Int>) {
        guard let first = range.first(where: { if case .text = scan.lines[$0].kind { return true } else { return false } }) else { return }
        let title = Text.clean(scan.bytes[scan.lines[first].range], markdown: markdown)
        guard Self.looksLikeTitle(title), !title.hasPrefix("#"), !Self.boilerplate.contains(title.lowercased()) else { return }
        let next = first + 1 < range.upperBound ? scan.lines[first + 1] : nil
        if let next, case .text = next.kind {
            guard readDateLine(Text.clean(scan.bytes[next.range], markdown: markdown)) else { return }
        }
        openingTitle = title
    }

    /// Reads a line that is a date, perhaps after a place (`Kremlin, 13 June 1953.`, `Gagra August 9,
    /// 1963`), into the date and place the document has not yet; whether it was one. A weekday before the
    /// date (`Wednesday, January 14, 2009`) is no place, nor part of one (`House of Commons` / `Wednesday 12
    /// March 2014`, one paragraph).
    private mutating func readDateLine(_ text: String) -> Bool {
        // The length first: a header's long paragraphs (a title, a summary) are no date lines, and looking
        // for a date word by word in one cost more than reading the rest of the header.
        guard text.count <= 80, let found = DateText.find(in: text), found.after.trimmingCharacters(in: ".,; ").isEmpty,
              found.before.split(separator: " ").count <= 5 else { return false }
        headerDate = headerDate ?? found.date
        var words = found.before.split(separator: " ")
        if let last = words.last, DateText.isWeekday(String(last)) { words.removeLast() }
        let place = words.joined(separator: " ").trimmingCharacters(in: ", ")
        if !place.isEmpty, assembler.document.place == nil { assembler.document.place = place }
        return true
    }

    // MARK: Front matter

    /// Reads YAML front matter (`---` lines around `key: value` lines) into metadata; returns the body's first line.
    mutating func readFrontMatter(_ scan: LineScan) -> Int {
        guard let first = scan.lines.first, scan.text(first).trimmingSpaces == "---" else { return 0 }
        guard let close = scan.lines.dropFirst().prefix(200).firstIndex(where: { scan.text($0).trimmingSpaces == "---" }) else { return 0 }
        for line in scan.lines[1..<close] {
            let text = scan.text(line)
            guard let colon = text.firstIndex(of: ":") else {
                if !text.trimmingSpaces.isEmpty {
                    assembler.document.unplacedLines.append(UnplacedLine(line: line.number, text: text, reason: "front matter line without a key"))
                }
                continue
            }
            let key = text[..<colon].trimmingSpaces
            let value = yamlScalar(String(text[text.index(after: colon)...]).trimmingSpaces)
            assembler.document.metadata.append(MetadataField(key, value.isEmpty ? nil : value))
        }
        return close + 1
    }

    /// A YAML scalar without its quotes; double-quoted escapes decoded (`\_` is a non-breaking space).
    private func yamlScalar(_ raw: String) -> String {
        if raw.count >= 2, raw.hasPrefix("'"), raw.hasSuffix("'") {
            return String(raw.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        guard raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") else { return raw }
        var out = ""
        var escaped = false
        for ch in raw.dropFirst().dropLast() {
            if escaped {
                switch ch {
                case "_": out.append(" ")
                case "n": out.append(" ")
                case "t": out.append(" ")
                default: out.append(ch)
                }
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    // MARK: Body

    mutating func build(_ events: [TextEvent], bytes: [UInt8]) {
        for case .paragraph(_, let label?, _) in events { labelledSpeakers.insert(label.key) }
        var inHeader = !labelledSpeakers.isEmpty
        for event in events {
            switch event {
            case .blockEnd:
                pendingTime = nil
            case .elapsed(let seconds):
                pendingTime = seconds
            case .directive(_, let name, let value):
                pendingDirectives.append(MetadataField(name, value.isEmpty ? nil : value))
            case .paragraph(let line, let label?, let text):
                inHeader = false
                startTurn(label, line: line)
                // A label alone on its line, then another label or a heading: an empty turn.
                let (cleaned, holds) = Text.cleaned(text, markdown: markdown)
                if !cleaned.isEmpty { addParagraph(cleaned, holds: holds, line: line) }
            case .heading(let line, let text):
                inHeader = false
                closeTurn()
                addParagraph(Text.clean(text, markdown: markdown), line: line)
            case .paragraph(let line, nil, let text):
                let (bytes, holds) = Text.cleaned(text, markdown: markdown)
                if inHeader {
                    readHeader(String(decoding: bytes, as: UTF8.self), line: line)
                    continue
                }
                // After the first turn, a short paragraph may be a clock time or an end mark.
                if !assembler.document.turns.isEmpty, bytes.count <= 40 {
                    let cleaned = String(decoding: bytes, as: UTF8.self)
                    if text.count <= 32, DateText.isClockTime(cleaned) {
                        assembler.document.metadata.append(MetadataField("time", cleaned))
                        continue
                    }
                    // The White House's `END  1:45 P.M. EDT` closes the transcript: no speaker's words.
                    if Self.isEndMark(cleaned) { closeTurn() }
                }
                addParagraph(bytes, holds: holds, line: line)
            }
        }
        closeTurn()
        carryPastMidnight()
    }

    /// A log kept in times of day runs past midnight (`[23:59:55]`, then `[00:00:10]`): a time more than
    /// half a day before the one above it is the next day's, so that turns stay in order on a timeline and
    /// in `count by time`. Times already counted in days (`[01:02:03:04]`) are left as they are.
    private mutating func carryPastMidnight() {
        let day = 86_400.0
        let turns = assembler.document.turns
        guard !turns.contains(where: { ($0.start ?? 0) >= day }) else { return }
        var previous: Double?
        var days = 0.0
        for t in turns.indices {
            guard let start = turns[t].start else { continue }
            if let previous, start + day / 2 < previous { days += 1 }
            previous = start
            if days > 0 { assembler.document.turns[t].start = start + days * day }
        }
    }

    private mutating func startTurn(_ label: SpeakerLabel, line: Int) {
        let speaker = speaker(for: label)
        assembler.openTurn(speaker: speaker, label: label.written, addressee: label.addressee, start: pendingTime,
                           metadata: label.qualifiers.map { MetadataField("qualifier", $0) } + pendingDirectives)
        pendingDirectives = []
    }

    private mutating func closeTurn() { assembler.closeTurn() }

    private mutating func speaker(for label: SpeakerLabel) -> Int { assembler.speaker(for: label) }

    /// Page layout, not words anyone said, is listed as skipped (`--check`) instead of becoming an
    /// utterance: the GPO's closing `<all>`, and in Markdown a paragraph of HTML tags, comments or a site
    /// generator's template tags with no text between them (`<center><img src="..."></center>`,
    /// `<!--more-->`, `{% include setup %}`). Whether it was.
    private mutating func skippedAsMarkup(_ text: String, line: Int) -> Bool {
        if text == "<all>" {
            // The GPO's mark at the end of a printed hearing: no one's words.
            assembler.document.unplacedLines.append(UnplacedLine(line: line, text: text, reason: "the GPO's end-of-document mark, skipped"))
            return true
        }
        guard markdown, Self.isMarkupOnly(text) else { return false }
        assembler.document.unplacedLines.append(UnplacedLine(line: line, text: text, reason: "HTML tags without text, skipped"))
        return true
    }

    /// Whether `text` is one or more HTML tags, HTML comments or Liquid tags (`{% ... %}`) and spaces,
    /// and nothing else. Every Markdown paragraph passes here: one that opens with neither `<` nor `{`
    /// is told at its first byte.
    static func isMarkupOnly(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first(where: { $0 != 0x20 }), first == 0x3C || first == 0x7B else { return false }
        let bytes = Array(utf8)
        var i = 0
        var tags = 0
        while i < bytes.count {
            if bytes[i] == 0x20 { i += 1; continue }
            // Each kind of tag by how it opens and closes; an HTML tag opens with a letter, `/` or `!`.
            let rest = bytes[i...]
            let close: [UInt8]
            if rest.starts(with: Self.commentOpen) {
                close = Self.commentClose
            } else if rest.starts(with: Self.liquidOpen) {
                close = Self.liquidClose
            } else if rest.count > 1, bytes[i] == 0x3C, [0x2F, 0x21].contains(bytes[i + 1]) || (0x61...0x7A).contains(bytes[i + 1] | 0x20) {
                close = [0x3E]
            } else {
                return false
            }
            var j = i + 1
            while j < bytes.count, !bytes[j...].starts(with: close) { j += 1 }
            guard j < bytes.count else { return false }
            i = j + close.count
            tags += 1
        }
        return tags > 0
    }

    private static let commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)
    private static let liquidOpen = Array("{%".utf8), liquidClose = Array("%}".utf8)

    /// Adds a paragraph from its bytes and what they hold, as `Text.cleaned` gives them: as they are,
    /// when they hold nothing the paragraph's rules take out or mark (`Text.isPlain`), without a string
    /// made of them; otherwise as `addParagraph(_:line:)` reads its text.
    private mutating func addParagraph(_ cleaned: [UInt8], holds: Text.Holds, line: Int) {
        guard Text.isPlain(cleaned, holds: holds) else { return addParagraph(String(decoding: cleaned, as: UTF8.self), line: line) }
        let turn = assembler.currentTurn
        // A plain paragraph holds no `<`: an editor's mark opens with a bracket or a tilde.
        assembler.append(turn == nil ? .narrative : .speech, speaker: turn?.speaker, utf8: cleaned,
                         mayHoldMarks: !holds.isDisjoint(with: [.bracket, .tilde]), line: line)
    }

    /// Adds a paragraph (its text as `Text.clean` gives it) as an utterance, followed by the interjections
    /// and directions taken out of it.
    private mutating func addParagraph(_ cleaned: String, line: Int) {
        if skippedAsMarkup(cleaned, line: line) { return }
        let turn = assembler.currentTurn
        // A bracketed note standing alone inside a turn (`[The prepared statement of Mr. Smith follows:]`,
        // `[Whereupon, the forum was adjourned.]`), or at a time as Zoom's saved captions note a sound
        // (`[Laughter] 10:02:44`), is a direction, not the speaker's words.
        if turn != nil, cleaned.utf8.first == 0x5B, Self.isBracketedNote(Array(cleaned.utf8)[...]) {
            append(.direction, speaker: nil, text: cleaned, line: line)
            // What it says follows (`[The information referred to follows:]`) was put in the record, not
            // said: up to the next label it is narrative.
            if cleaned.hasSuffix("follows:]") || cleaned.hasSuffix("follows.]") { closeTurn() }
            return
        }
        let (text, parts) = Parentheticals.extract(cleaned, isKnownSpeaker: labelledSpeakers.contains, labels: interjectionLabels)
        let speaks = parts.isEmpty || Self.holdsMoreThanMarkers(text)
        // A turn that opens with a sound and nothing else (`CMP: (Laughter)`) is the speaker's laugh; a
        // sound inside speech may be the room's, and stays no one's.
        let ownSound = turn != nil && parts.count == 1 && assembler.currentTurnIsEmpty
            && !text.contains { $0.isLetter || $0.isNumber }
        if speaks {
            append(turn == nil ? .narrative : .speech, speaker: turn?.speaker, text: text, line: line)
        }
        for part in parts {
            switch part {
            case .interjection(let label, let speech):
                append(.interjection, speaker: speaker(for: label), text: speech, line: line)
            case .direction(let words):
                append(.direction, speaker: ownSound && Parentheticals.isSound(words) ? turn?.speaker : nil, text: words, line: line)
            }
        }
    }

    /// `[note]` and nothing else, or nothing but a clock time after it (`[Laughter] 10:02:44`).
    static func isBracketedNote(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.count > 2, text.first == 0x5B, let close = text.firstIndex(of: 0x5D), close > text.startIndex + 1,
              !text[(text.startIndex + 1)..<close].contains(0x5B) else { return false }
        let after = text[(close + 1)...]
        return after.isEmpty || after.first == 0x20 && !after.contains(0x5B) && !after.contains(0x5D) && LineScan.timeAlone(after) != nil
    }

    /// `END`, alone or with the clock time, as a press briefing's transcript ends (`END  1:45 P.M. EDT`).
    static func isEndMark(_ text: String) -> Bool {
        guard text.hasPrefix("END") else { return false }
        let rest = text.dropFirst(3)
        return rest.isEmpty || rest.first == " " && DateText.isClockTime(rest.trimmingSpaces)
    }

    /// Whether `text` holds anything but markers of what was taken out (`Utterance.marker`) and the spaces
    /// `trimmingSpaces` trims: a paragraph that was all interjections and directions is not
    /// an utterance of its own.
    static func holdsMoreThanMarkers(_ text: String) -> Bool {
        let marker = Utterance.marker.utf8
        var rest = text.utf8.droppingLeadingSpaces
        while !rest.isEmpty {
            guard rest.starts(with: marker) else { return true }
            rest = rest.dropFirst(marker.count).droppingLeadingSpaces
        }
        return false
    }

    private mutating func append(_ kind: UtteranceKind, speaker: Int?, text: String, line: Int) {
        assembler.append(kind, speaker: speaker, text: text, line: line)
    }

    /// Records the sidecar applied and the lines it decided, for `--check`.
    mutating func sidecar(_ path: String?, changes: [DoubtfulLabel]) {
        assembler.document.sidecar = path
        assembler.document.sidecarChanges = changes
    }

    /// Keeps lines that are neither text nor metadata (page furniture) as unplaced lines, in line order.
    mutating func unplaced(_ lines: [UnplacedLine]) {
        assembler.document.unplacedLines += lines
        assembler.document.unplacedLines.sort { $0.line < $1.line }
    }

    /// Keeps a line-numbered transcript's page furniture as unplaced lines, and its printed lines.
    mutating func pageFurniture(_ columns: PageLineColumns) {
        unplaced(columns.furniture.map { UnplacedLine(line: $0.line, text: $0.text, reason: "page furniture") })
        assembler.document.printedLines = columns.printed.map { PrintedLine(line: $0.line, page: $0.page, printedLine: $0.printedLine) }
    }

    /// Keeps the reader's doubtful labels for `--check`.
    mutating func doubtful(_ labels: [DoubtfulLabel]) {
        assembler.document.doubtfulLabels = labels
    }

    // MARK: Header

    /// Web page chrome that a saved page carries before the document.
    static let boilerplate: Set<String> = ["skip to content", "skip to main content", "skip navigation",
                                           "jump to content", "jump to navigation", "back to top", "menu",
                                           "search", "print", "share", "home"]

    /// Classifies a paragraph before the first turn: boilerplate, a date, a place line, a clock time,
    /// a `FIELD: value` line, or the title; anything else is a narrative paragraph.
    private mutating func readHeader(_ text: String, line: Int) {
        if skippedAsMarkup(text, line: line) { return }
        if DocumentBuilder.boilerplate.contains(text.lowercased()) {
            assembler.document.unplacedLines.append(UnplacedLine(line: line, text: text, reason: "web page boilerplate, skipped"))
            return
        }
        if DateText.isClockTime(text) {
            assembler.document.metadata.append(MetadataField("time", text))
            return
        }
        if let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 24 {
            let name = text[..<colon].trimmingSpaces
            let value = text[text.index(after: colon)...].trimmingSpaces
            if name.first?.isLetter == true, name.split(separator: " ").count <= 3,
               name.allSatisfy({ $0.isLetter || " &-./".contains($0) }), !Self.readsAsSpeech(value),
               // `王丽: 我们需要更多的合作。`: a sentence under a name that is no field is speech, kept as text.
               !(Self.endsSentence(value) && !LineScan.isHeaderField(Folding.key(name)) && !Self.inCapitals(name)) {
                let key = name.lowercased()
                if key == "place" { assembler.document.place = value } else if key.contains("date"), let found = DateText.find(in: value) {
                    headerDate = headerDate ?? found.date
                }
                assembler.document.metadata.append(MetadataField(key, value.isEmpty ? nil : value))
                return
            }
        }
        if readDateLine(text) { return }
        // A title the page or the front matter states is the title; the header's first short paragraph is
        // then text.
        if headerTitle == nil, pageTitle == nil, Self.looksLikeTitle(text), assembler.document.metadata("title") == nil {
            // A Markdown heading's `#` marks are no words of its title.
            headerTitle = markdown && text.hasPrefix("#") ? text.trimmingCharacters(in: "# ") : text
        } else {
            addParagraph(text, line: line)
        }
    }

    /// A header field's value that is speech, not a fact about the document (`Interviewer: Welcome to the
    /// program. Tell me about Moscow.`, a label not taken): more than one sentence, or more than 20 words.
    /// Such a line stays text, searched, where a field would only be shown.
    static func readsAsSpeech(_ value: some StringProtocol) -> Bool {
        let words = value.split(separator: " ")
        if words.count > 20 { return true }
        // A word of three letters or more ending a sentence, and another sentence after it.
        return zip(words, words.dropFirst()).contains { word, next in
            guard let end = word.last, ".?!".contains(end), next.first?.isUppercase == true else { return false }
            return word.dropLast().filter(\.isLetter).count >= 3 && word.dropLast().contains(where: \.isLowercase)
        }
    }

    /// Whether text is written in capitals (`PLACE`, `DATE & TIME`): some, and no lower-case letter.
    static func inCapitals(_ text: some StringProtocol) -> Bool {
        text.contains(where: \.isUppercase) && !text.contains(where: \.isLowercase)
    }

    /// Whether text ends a sentence: `.`, `?`, `!`, or their full-width forms (`。`, `？`, `！`).
    static func endsSentence(_ text: some StringProtocol) -> Bool {
        text.last.map { ".?!\u{3002}\u{FF1F}\u{FF01}".contains($0) } ?? false
    }

    /// A paragraph that may be a title: short, with a letter, and not ending a sentence. A paragraph of
    /// narrative before the first label (`The delegation arrived in Pécs on Monday.`) is text, searched.
    static func looksLikeTitle(_ text: String) -> Bool {
        guard text.count <= 200, text.contains(where: \.isLetter), let last = text.last else { return false }
        return !".!?;:,".contains(last)
    }

    // MARK: Footer

    /// Field labels of the Wilson Center Digital Archive's `Document Information` block, in page order,
    /// with the metadata name each becomes. A value that does not fit its label leaves the field empty.
    struct FooterField: Sendable {
        var label: String
        var name: String
        var fits: @Sendable (String) -> Bool
        init(_ label: String, _ name: String, _ fits: @escaping @Sendable (String) -> Bool) {
            self.label = label
            self.name = name
            self.fits = fits
        }
    }

    static let footerFields: [FooterField] = [
        FooterField("Source", "source", { _ in true }),
        FooterField("Rights", "rights", { _ in true }),
        FooterField("Original Uploaded Date", "original_uploaded_date", { $0.contains(where: \.isNumber) && $0.count <= 40 }),
        FooterField("Type", "document_type", { $0.count <= 80 }),
        FooterField("Language", "language", { $0.count <= 40 }),
        FooterField("Record ID", "record_id", { !$0.contains(" ") && $0.count <= 20 }),
        FooterField("Original Archive", "original_archive", { _ in true }),
        FooterField("Original Classification", "original_classification", { _ in true }),
        FooterField("Authors", "authors", { _ in true }),
        FooterField("Subjects", "subjects", { _ in true }),
        FooterField("Associated Places", "associated_places", { _ in true }),
        FooterField("Associated People & Organizations", "associated_people", { _ in true }),
    ]

    /// Reads the `Document Information` footer into metadata; nothing in it becomes an utterance.
    mutating func readFooter(_ scan: LineScan, from start: Int) {
        var blocks: [String] = []
        var current: [String] = []
        for line in scan.lines[(start + 1)...] {
            if case .blank = line.kind {
                if !current.isEmpty { blocks.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(Text.clean(scan.bytes[line.range], markdown: markdown))
            }
        }
        if !current.isEmpty { blocks.append(current.joined(separator: " ")) }

        var pending: Int?
        var lastLabel = -1
        var sourceSeen = false
        func set(_ name: String, _ value: String?) {
            // A field the page prints in several paragraphs (the rights text) is one field.
            if let value, let i = assembler.document.metadata.lastIndex(where: { $0.name == name }), let old = assembler.document.metadata[i].value {
                assembler.document.metadata[i].value = old + " " + value
            } else {
                assembler.document.metadata.append(MetadataField(name, value))
            }
        }
        for block in blocks {
            if let field = DocumentBuilder.footerFields.firstIndex(where: { $0.label == block }) {
                if let pending { set(DocumentBuilder.footerFields[pending].name, nil) }
                pending = field
                lastLabel = field
                continue
            }
            if let field = pending {
                pending = nil
                if DocumentBuilder.footerFields[field].fits(block) {
                    set(DocumentBuilder.footerFields[field].name, block)
                    continue
                }
                set(DocumentBuilder.footerFields[field].name, nil)
            }
            let lower = block.lowercased()
            if !sourceSeen && lastLabel < 0 && !lower.contains("rights") {
                sourceSeen = true
                readSourceCitation(block)
            } else if lower.contains("rights") || lower.contains("copyright") || lower.contains("permission") {
                set("rights", block)
            } else if let next = DocumentBuilder.footerFields.indices.first(where: { field in
                        field > lastLabel && field >= 3 && !assembler.document.metadata.contains { $0.name == DocumentBuilder.footerFields[field].name } }),
                      DocumentBuilder.footerFields[next].fits(block) {
                // The page omits the label of a field whose value it prints (`Type`): the next field in order.
                set(DocumentBuilder.footerFields[next].name, block)
                lastLabel = next
            } else {
                set("footer", block)
            }
        }
        if let pending { set(DocumentBuilder.footerFields[pending].name, nil) }
    }

    /// Splits `Archive, City, signature. Published by ... Translated by ...` into its parts.
    private mutating func readSourceCitation(_ text: String) {
        var archivePart = Substring(text)
        var rest: [(String, Substring)] = []
        for (marker, name) in [("Translated by ", "translators"), ("Published by ", "publication")] {
            if let range = archivePart.range(of: marker) {
                rest.insert((name, archivePart[range.lowerBound...]), at: 0)
                archivePart = archivePart[..<range.lowerBound]
            }
        }
        let parts = archivePart.trimmingSpaces.split(separator: ",", omittingEmptySubsequences: false)
        if let split = parts.firstIndex(where: { $0.contains(where: \.isNumber) }), split > 0 {
            assembler.document.metadata.append(MetadataField("archive", parts[..<split].map { $0.trimmingSpaces }.joined(separator: ", ")))
            assembler.document.metadata.append(MetadataField("signature", parts[split...].map { $0.trimmingSpaces }.joined(separator: ", ")))
        } else if !archivePart.trimmingSpaces.isEmpty {
            assembler.document.metadata.append(MetadataField("archive", archivePart.trimmingSpaces))
        }
        for (name, value) in rest {
            var value = value.trimmingSpaces
            if name == "translators" { value = String(value.dropFirst("Translated by ".count)) }
            assembler.document.metadata.append(MetadataField(name, value.trimmingCharacters(in: ". ")))
        }
    }

    // MARK: Finish

    /// Title and date from the page or the header, else the front matter, else (date only) the file name;
    /// a title the page or the front matter states keeps the header from taking one (`readHeader`).
    mutating func finish() {
        if !pendingDirectives.isEmpty { assembler.document.metadata += pendingDirectives }
        assembler.document.title = pageTitle ?? headerTitle ?? assembler.document.metadata("title") ?? openingTitle ?? firstHeading()
        assembler.document.date = headerDate ?? assembler.document.metadata("date").flatMap { DateText.find(in: $0)?.date }
            ?? DateText.fromFileName(assembler.document.id)
    }

    private func firstHeading() -> String? {
        guard markdown else { return nil }
        return assembler.document.utterances.first { $0.text.hasPrefix("#") }.map { $0.text.trimmingCharacters(in: "# ") }
    }
}

/// Paragraph text as utterances keep it.
enum Text {
    /// A word of one to eight ASCII bytes as one number, its capitals lowered (as `lowercased()` lowers
    /// ASCII); nil for any other word, and for one with a NUL byte, which would read as a shorter word.
    /// Lists of short words asked of many words (titles, function words) are looked up so, without a
    /// lowercased string made of each word.
    static func packedLowercase(_ word: ArraySlice<UInt8>) -> UInt64? {
        guard !word.isEmpty, word.count <= 8 else { return nil }
        var packed: UInt64 = 0
        for (k, byte) in word.enumerated() {
            guard byte < 0x80, byte != 0 else { return nil }
            packed |= UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) << (8 * UInt64(k))
        }
        return packed
    }

    /// Joins a paragraph's bytes into text: whitespace runs (non-breaking and other Unicode spaces too)
    /// become one space, ends trimmed; in Markdown, backslash escapes (`\[`) are removed.
    static func clean(_ raw: some RandomAccessCollection<UInt8>, markdown: Bool) -> String {
        clean(Array(raw), markdown: markdown)
    }

    /// Plain text (not Markdown) cleaned the same way.
    static func clean(_ text: String) -> String { clean(Array(text.utf8), markdown: false) }

    static func clean(_ raw: [UInt8], markdown: Bool) -> String {
        String(decoding: cleaned(raw, markdown: markdown).bytes, as: UTF8.self)
    }

    /// What a paragraph's bytes hold that the builder asks about, found in the pass that tells whether they
    /// are clean: cleaning changes only spaces and, in Markdown, the backslash of an escape, so the cleaned
    /// text holds the same of the others.
    struct Holds: OptionSet {
        let rawValue: UInt8
        /// A byte `clean` changes, or a space beside another.
        static let unclean = Holds(rawValue: 1)
        /// `(`, `<` or `{`: a parenthetical, markup (see `isPlain`).
        static let part = Holds(rawValue: 2)
        static let bracket = Holds(rawValue: 4)
        static let colon = Holds(rawValue: 8)
        static let tilde = Holds(rawValue: 16)
    }

    /// The bytes of `clean`'s text (`raw` itself when it is clean already), with what the paragraph holds.
    static func cleaned(_ raw: [UInt8], markdown: Bool) -> (bytes: [UInt8], holds: Holds) {
        // Every paragraph of a corpus passes here. Most are clean already, words and single spaces: telling
        // so takes one pass without a branch a byte, where cleaning took a mispredicted branch at every
        // space. The others' bytes are copied straight into an array of their size.
        raw.withUnsafeBufferPointer { buffer in
            let holds = Self.holds(buffer)
            guard let first = buffer.first, let last = buffer.last, first == 0x20 || last == 0x20 || holds.contains(.unclean) else {
                return (raw, holds)
            }
            let raw = buffer
            return ([UInt8](unsafeUninitializedCapacity: raw.count) { out, initialized in
                var count = 0
                var space = false
                var i = 0
                let n = raw.count
                while i < n {
                    let b = raw[i]
                    if b > 0x20, b != 0x5C, b != 0xC2, b != 0xE2, b != 0xE3 {
                        // Neither a space nor the start of one, nor an escape.
                        if space { out[count] = 0x20; count += 1; space = false }
                        out[count] = b
                        count += 1
                        i += 1
                        continue
                    }
                    var width = 0
                    if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0B || b == 0x0C { width = 1 }
                    else if b == 0xC2, i + 1 < n, raw[i + 1] == 0xA0 { width = 2 }
                    else if b == 0xE2, i + 2 < n, raw[i + 1] == 0x80, (0x80...0x8A).contains(raw[i + 2]) || raw[i + 2] == 0xAF { width = 3 }
                    else if b == 0xE3, i + 2 < n, raw[i + 1] == 0x80, raw[i + 2] == 0x80 { width = 3 }
                    if width > 0 {
                        space = count > 0
                        i += width
                        continue
                    }
                    if space { out[count] = 0x20; count += 1; space = false }
                    if markdown, b == 0x5C, i + 1 < n, isASCIIPunctuation(raw[i + 1]) {
                        out[count] = raw[i + 1]
                        count += 1
                        i += 2
                        continue
                    }
                    out[count] = b
                    count += 1
                    i += 1
                }
                initialized = count
            }, holds)
        }
    }

    /// Whether cleaned paragraph bytes are a paragraph `DocumentBuilder.addParagraph(_:line:)` keeps whole,
    /// the turn's one utterance, nothing taken out of it: no parenthesis (an interjection, a direction);
    /// no square bracket that may hold an interjection or stand as a note of its own (one with a colon
    /// anywhere in the paragraph, `[Cde. Molotov: No.]`, or one that opens it); no `<` or `{` (markup, the
    /// GPO's `<all>`); and whole UTF-8 sequences at both ends (a string made of them would repair a cut
    /// one). The editor's marks it may hold (`[sic]`, `~~struck~~`) are the utterance's to scan. `holds`
    /// says what the bytes hold, as `cleaned` found it.
    static func isPlain(_ bytes: [UInt8], holds: Holds) -> Bool {
        bytes.withUnsafeBufferPointer { text in
            guard let first = text.first, first != 0x5B, first & 0xC0 != 0x80, DecodedText.endsWholeSequence(text) else { return false }
            return !holds.contains(.part) && !holds.isSuperset(of: [.bracket, .colon])
        }
    }

    /// What `raw` holds (`Holds`); `clean` gives it back as it is when it holds nothing unclean and has no
    /// space first or last: no space beside another, no other white space (nor a byte that may start a
    /// Unicode space), no backslash.
    private static func holds(_ raw: UnsafeBufferPointer<UInt8>) -> Holds {
        byteHolds.withUnsafeBufferPointer { table in
            var found: UInt8 = 0
            var previous: UInt8 = 0
            for b in raw {
                found |= table[Int(b)] | (previous & (b == 0x20 ? 1 : 0))
                previous = b == 0x20 ? 1 : 0
            }
            return Holds(rawValue: found)
        }
    }

    /// What each byte value is among `Holds`: white space other than a space, the first bytes of the
    /// Unicode spaces (U+00A0, U+2000 to U+200A, U+202F, U+3000) and a backslash are unclean.
    private static let byteHolds: [UInt8] = (0..<256).map { value in
        let b = UInt8(value)
        let unclean = b < 0x20 || b == 0x5C || b == 0xC2 || b == 0xE2 || b == 0xE3
        return (unclean ? Holds.unclean : [])
            .union(b == 0x28 || b == 0x3C || b == 0x7B ? .part : []).union(b == 0x5B ? .bracket : [])
            .union(b == 0x3A ? .colon : []).union(b == 0x7E ? .tilde : []).rawValue
    }

    private static func isASCIIPunctuation(_ b: UInt8) -> Bool {
        (0x21...0x2F).contains(b) || (0x3A...0x40).contains(b) || (0x5B...0x60).contains(b) || (0x7B...0x7E).contains(b)
    }
}
