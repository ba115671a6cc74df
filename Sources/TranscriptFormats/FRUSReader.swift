import TranscriptModel

struct FRUSReader {
    private var assembler: TurnAssembler
    var warnings: [String] = []
    private var known: Set<String> = []
    /// Each paragraph's opening label, or nil, worked out once for `known` and used again when it is read.
    private var openings: [ObjectIdentifier: Opening?] = [:]
    /// Whether a `<pb>` stands between the last paragraph and the next.
    private var pageBreak = false
    /// The printed page of the last `<pb n="...">` read, which each turn opened after it starts on.
    private var page: String?
    /// Whether the last utterance is a speech paragraph that ends mid-sentence.
    private var openSentence = false

    init(id: String, path: String) {
        assembler = TurnAssembler(Document(id: id, path: path, format: "tei"))
    }

    /// The document as built so far.
    var document: Document { assembler.document }

    /// A label at the start of a paragraph, with the text after its colon.
    struct Opening {
        var label: SpeakerLabel
        /// The paragraph's text after the colon, footnotes and page breaks left out, not yet cleaned.
        var rest: String
        /// A plain-text label (`<p>Mr. Li: ...</p>`), read with the label grammar of plain text rather than
        /// from a `<persName>`: it needs confirming as an untitled plain-text label does.
        var plain = false
    }

    mutating func read(_ division: TEINode) {
        var paragraphs: [TEINode] = []
        division.collect(into: &paragraphs) { $0.name == "p" }
        for p in paragraphs {
            openings[ObjectIdentifier(p)] = FRUSReader.opening(p)
        }
        confirmPlainLabels(paragraphs, in: division)
        for case let opening?? in openings.values { known.insert(opening.label.key) }
        if let n = division.attributes["n"] { assembler.document.metadata.append(MetadataField("number", n)) }
        if let id = division.attributes["xml:id"] { assembler.document.metadata.append(MetadataField("record id", id)) }
        assembler.document.date = isoDate(division.attributes["frus:doc-dateTime-min"])
        walk(division)
        assembler.closeTurn()
        var lists: [TEINode] = []
        division.collect(into: &lists) { $0.name == "list" && $0.attributes["type"] == "participants" }
        ParticipantPositions.apply(lists.flatMap { $0.elements.filter { $0.name == "item" }.map { $0.text() } }, to: &assembler.document)
        if assembler.document.date == nil, let date = division.first(where: { $0.name == "date" }) {
            assembler.document.date = isoDate(date.attributes["when"] ?? date.attributes["from"] ?? date.attributes["notBefore"])
                ?? DateText.find(in: date.text())?.date
        }
        if assembler.document.date == nil { assembler.document.date = DateText.fromFileName(assembler.document.id) }
    }

    private mutating func walk(_ node: TEINode) {
        for child in node.children {
            switch child {
            case .text(let raw):
                let text = Text.clean(raw)
                if !text.isEmpty { loose(text, line: node.line) }
            case .element(let element):
                handle(element)
            }
        }
    }

    private mutating func handle(_ element: TEINode) {
        switch element.name {
        case "pb":
            pageBreak = true
            if let n = element.attributes["n"], !n.isEmpty {
                page = n
                assembler.document.pageStarts.append(PageStart(line: element.line, page: n))
            }
        case "head" where assembler.document.title == nil:
            assembler.document.title = element.text(skipping: ["note"])
            footnotes(in: element, turn: nil)
        case "dateline":
            assembler.document.metadata.append(MetadataField("dateline", element.text()))
            if assembler.document.place == nil, let place = element.first(where: { $0.name == "placeName" }) { assembler.document.place = place.text() }
            if assembler.document.date == nil, let date = element.first(where: { $0.name == "date" }) {
                assembler.document.date = isoDate(date.attributes["when"] ?? date.attributes["from"] ?? date.attributes["notBefore"])
                    ?? DateText.find(in: date.text())?.date
            }
        case "list":
            let name = element.attributes["type"] ?? "list"
            let items = element.elements.filter { $0.name == "item" }.map { $0.text() }.filter { !$0.isEmpty }
            assembler.document.metadata.append(MetadataField(name, items.isEmpty ? nil : items.joined(separator: "; ")))
        case "p", "ab":
            paragraph(element)
        case "note":
            footnotes(in: element, turn: assembler.document.turns.isEmpty ? nil : assembler.document.turns.count, isNote: true)
        case "div", "body", "text", "sp", "group":
            walk(element)
        case "teiHeader":
            if let title = element.first(where: { $0.name == "title" }) {
                assembler.document.metadata.append(MetadataField("title", title.text()))
            }
        case "lb", "milestone", "anchor":
            break
        default:
            let text = element.text(skipping: ["note"])
            if !text.isEmpty { loose(text, line: element.line) }
            footnotes(in: element, turn: assembler.document.turns.isEmpty ? nil : assembler.document.turns.count)
        }
    }

    /// Text outside paragraphs: narrative before the first turn, a direction inside one.
    private mutating func loose(_ text: String, line: Int) {
        if assembler.document.turns.isEmpty {
            assembler.append(.narrative, speaker: nil, text: text, line: line)
        } else {
            assembler.append(.direction, speaker: nil, text: text, line: line)
        }
        openSentence = false
        pageBreak = false
    }

    /// Footnotes inside `node` (or `node` itself when `isNote`) as metadata of the turn or the document.
    private mutating func footnotes(in node: TEINode, turn: Int?, isNote: Bool = false) {
        var notes: [TEINode] = []
        if isNote { notes = [node] } else { for child in node.elements { child.collect(into: &notes) { $0.name == "note" } } }
        for note in notes {
            let name = note.attributes["type"] == "source" ? "source" : "note" + (note.attributes["n"].map { " \($0)" } ?? "")
            let field = MetadataField(name, note.text())
            if let turn, turn - 1 < assembler.document.turns.count, turn >= 1 {
                assembler.document.turns[turn - 1].metadata.append(field)
            } else {
                assembler.document.metadata.append(field)
            }
        }
    }

    /// Reads a label at the start of `p`: a `<persName>` before the first colon, titles before it, an
    /// addressee after it.
    static func opening(_ p: TEINode) -> Opening? {
        var prefix = ""
        var sawName = false
        var nameText = ""
        var beforeName = ""
        var afterName = ""
        var rest = ""
        var found = false
        // Flattens `p` into (text, in-persName) pieces in order, notes left out.
        var pieces: [(String, Bool)] = []
        func flatten(_ node: TEINode, inName: Bool) {
            for child in node.children {
                switch child {
                case .text(let t): pieces.append((t, inName))
                case .element(let e):
                    if e.name == "note" || e.name == "pb" { pieces.append((" ", inName)); continue }
                    flatten(e, inName: inName || e.name == "persName")
                }
            }
        }
        flatten(p, inName: false)
        for (text, inName) in pieces {
            if found { rest += text; continue }
            if inName {
                if !afterName.trimmingSpaces.isEmpty { return nil }
                sawName = true
                nameText += text
                prefix += text
                continue
            }
            if let colon = text.firstIndex(of: ":") {
                let head = text[..<colon]
                prefix += head
                if sawName { afterName += head } else { beforeName += head }
                rest += text[text.index(after: colon)...]
                found = true
            } else {
                prefix += text
                if sawName { afterName += text } else { beforeName += text }
            }
            if prefix.count > 120 { return nil }
        }
        guard found else { return nil }
        let written = Text.clean(prefix)
        guard let first = written.first, first != "[", first != "(", first != "\"", first != "“" else { return nil }
        guard sawName else {
            // `<p>Mr. Li: ...</p>`: a label in plain text, read by the plain-text grammar.
            guard let label = SpeakerLabel.analyse(written) else { return nil }
            return Opening(label: label, rest: rest, plain: true)
        }
        if let label = SpeakerLabel.analyse(written) { return Opening(label: label, rest: rest) }
        // `President de Gaulle`: titles, then the name as the persName gives it, then `(to ...)`.
        let titleWords = beforeName.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{A0}" })
        guard titleWords.count == Titles.prefixLength(titleWords) else { return nil }
        let name = Text.clean(nameText)
        let nameWords = name.split(separator: " ")
        guard !nameWords.isEmpty, nameWords.count <= 4,
              nameWords.allSatisfy({ word in word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ".'’-".unicodeScalars.contains($0) } }),
              nameWords.contains(where: { $0.first?.isUppercase == true }) else { return nil }
        var addressee: String?
        let after = Text.clean(afterName)
        if !after.isEmpty {
            guard after.hasPrefix("(to "), after.hasSuffix(")") else { return nil }
            addressee = String(after.dropFirst(4).dropLast()).trimmingSpaces
        }
        let titles = titleWords.isEmpty ? nil : titleWords.joined(separator: " ")
        return Opening(label: SpeakerLabel(written: written, titles: titles, name: name, addressee: addressee, length: 0), rest: rest)
    }

    /// Keeps a plain-text label only when confirmed as in plain text: a title, the same name opening two
    /// paragraphs or named by a `<persName>` label, or a name in the document's own list of participants.
    /// The others stay speech and are listed as doubtful.
    private mutating func confirmPlainLabels(_ paragraphs: [TEINode], in division: TEINode) {
        var counts: [String: Int] = [:]
        var named: Set<String> = []
        for case let opening?? in openings.values {
            if opening.plain { counts[opening.label.key, default: 0] += 1 } else { named.insert(opening.label.key) }
        }
        var lists: [TEINode] = []
        division.collect(into: &lists) { $0.name == "list" }
        let participants = ListedNames(lists.flatMap { $0.elements.filter { $0.name == "item" }.map { $0.text() } }).names
        for p in paragraphs {
            guard case let opening?? = openings[ObjectIdentifier(p)], opening.plain else { continue }
            let label = opening.label
            let listed = participants.contains(nameOrSurname: label.key)
            if label.isStrong || named.contains(label.key) || (counts[label.key] ?? 0) >= 2 {
                continue
            } else if listed {
                assembler.document.doubtfulLabels.append(DoubtfulLabel(line: p.line, text: label.written + ":",
                    reason: "once only, without a title; taken because the participants list names it", taken: true))
            } else {
                openings[ObjectIdentifier(p)] = .some(nil)
                assembler.document.doubtfulLabels.append(DoubtfulLabel(line: p.line, text: label.written + ":",
                    reason: "once only, without a title, not in the participants list", taken: false))
            }
        }
    }

    private mutating func paragraph(_ p: TEINode) {
        let brokenByPage = pageBreak
        pageBreak = false
        // A page break inside the paragraph: the next turn starts on that page, and so does what follows
        // in the file, from the break's line (the line after the paragraph's first, which starts before it).
        defer {
            var breaks: [TEINode] = []
            for child in p.elements { child.collect(into: &breaks) { $0.name == "pb" } }
            for pb in breaks {
                guard let n = pb.attributes["n"], !n.isEmpty else { continue }
                assembler.document.pageStarts.append(PageStart(line: max(pb.line, p.line + 1), page: n, inParagraph: true))
            }
            if let n = breaks.last?.attributes["n"], !n.isEmpty { page = n }
        }
        var text: String
        if let opening = openings[ObjectIdentifier(p)] ?? FRUSReader.opening(p) {
            let speaker = assembler.speaker(for: opening.label)
            // The page the turn starts on, as the Apollo log's page directives give theirs (`pagesByTurn`).
            let number = assembler.openTurn(speaker: speaker, label: opening.label.written, addressee: opening.label.addressee,
                                            metadata: page.map { [MetadataField("page", $0)] } ?? [])
            text = Text.clean(opening.rest)
            footnotes(in: p, turn: number)
            speech(text, line: p.line)
            return
        }
        text = p.text(skipping: ["note", "pb"])
        footnotes(in: p, turn: assembler.document.turns.isEmpty ? nil : assembler.document.turns.count)
        guard !text.isEmpty else { return }
        if assembler.document.turns.isEmpty {
            assembler.append(.narrative, speaker: nil, text: text, line: p.line)
            openSentence = false
            return
        }
        // `(Raising his hands above his head): God is my witness`.
        if text.hasPrefix("("), let close = text.firstIndex(of: ")"), text[text.index(after: close)...].hasPrefix(":") {
            let direction = String(text[...close])
            assembler.append(.direction, speaker: nil, text: direction, line: p.line)
            openSentence = false
            speech(String(text[text.index(close, offsetBy: 2)...]).trimmingSpaces, line: p.line)
            return
        }
        if text.hasPrefix("["), text.hasSuffix("]"), !text.dropFirst().contains("[") {
            assembler.append(.direction, speaker: nil, text: text, line: p.line)
            openSentence = false
            return
        }
        if brokenByPage, openSentence, let last = assembler.document.utterances.last, last.kind == .speech {
            // The page break split a sentence: the paragraph goes on with the one before, and runs onto
            // the page, as a break inside a paragraph does.
            for i in assembler.document.pageStarts.indices where assembler.document.pageStarts[i].line > last.location.line {
                assembler.document.pageStarts[i].inParagraph = true
            }
            assembler.document.utterances.removeLast()
            speech(last.text + " " + text, line: last.location.line)
            return
        }
        speech(text, line: p.line)
    }

    /// A paragraph of the current turn's speaker, its interjections and directions taken out.
    private mutating func speech(_ text: String, line: Int) {
        guard !text.isEmpty, let turn = assembler.document.turns.last else { openSentence = false; return }
        let known = self.known
        let (kept, parts) = Parentheticals.extract(text, isKnownSpeaker: { known.contains($0) })
        assembler.append(.speech, speaker: turn.speaker, text: kept, line: line)
        for part in parts {
            switch part {
            case .interjection(let label, let words):
                let speaker = assembler.speaker(for: label)
                assembler.append(.interjection, speaker: speaker, text: words, line: line)
            case .direction(let words):
                assembler.append(.direction, speaker: nil, text: words, line: line)
            }
        }
        finishSpeech(parts: parts, closing: kept)
    }

    private mutating func finishSpeech(parts: [Parentheticals.Part], closing: String) {
        guard parts.isEmpty, let last = closing.last else { openSentence = false; return }
        openSentence = !".!?:;\"”’)]…".contains(last)
    }
}
