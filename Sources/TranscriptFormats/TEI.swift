import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TranscriptModel

/// Reads TEI XML transcripts in two dialects, told apart by content.
///
/// **ParlaMint** (any `<u>` element): one document per file.
/// - Each `<u who="#ID">` is one turn of the person `ID`; the speaker's name comes from the `listPerson`
///   text given by the caller or a `<listPerson>` inside the file (`<forename>`s, then `<surname>`s and
///   `<nameLink>`s in source order: `Germà Gordò i Aubarell`), else the id itself (with a warning).
/// - The `<note type="speaker">` just before a `<u>` is the turn's printed label (`La presidenta`); without one
///   the label is the id. Every printed label is kept among the speaker's labels.
/// - Each `<seg>` is a speech utterance. `<note>` (not type speaker), `<kinesic>`, `<vocal>` and `<incident>`
///   inside `<u>` are directions (their `<desc>` text, else their text, else their `type`); inside a `<seg>` they
///   leave `Utterance.marker` and follow the segment. `<gap>` is the elision `[…]` in the text (a speech
///   utterance of its own when it stands between segments).
/// - Text outside any `<u>` (`<head>`, narrative notes, a speaker note with no `<u>` after it) is narrative.
/// - Title: the English main title, else the first main title; date: `<setting><date when>`; place: the
///   setting's city. Header facts (titles, meetings, idno, licence, language) are metadata.
///
/// **FRUS** and other TEI prose: each `<div type="document">` is one document (`id#1`, `id#2` ... when several;
/// with none, the whole `<body>` is one).
/// - Title: `<head>` text without its notes; date: `@frus:doc-dateTime-min`, else the `<dateline>` date
///   (`@when`, `@from`), else any `<date>`; place: the dateline's `<placeName>`. Head notes (the source note),
///   `@n`, `@xml:id`, the dateline and the participants and subject lists are metadata.
/// - A `<p>` whose text opens with a label (`<persName>Kissinger</persName>:`, possibly inside `<hi>`, the colon
///   inside or outside it, titles before the name, `(to General Haig)` after it) starts a turn; the label is
///   analysed by `SpeakerLabel`, and a titled name with a particle (`President de Gaulle`) is read from its
///   `<persName>`. A label needs a `<persName>` before the colon: a bracket (`[Hands him Tab A]:`) or a
///   quotation inside speech is never a label. Names fold case, so `de Gaulle` and `De Gaulle` are one speaker.
/// - A `<p>` opening with a parenthetical and a colon, `(Raising his hands above his head): God is my witness`,
///   gives a direction and continues the current turn.
/// - Other `<p>` continue the current turn; a `<p>` wholly in square brackets (`[Botha reads it.]` alone)
///   is a direction. Before the first label, `<p>` are narrative.
/// - `<pb>` is ignored; a `<p>` after a `<pb>` whose previous paragraph ends mid-sentence (no closing
///   punctuation) is joined to that paragraph: the page break split one sentence.
/// - Footnotes (`<note>` inside a `<p>`) are not part of what was said: they become metadata of the turn
///   (`note N`), or of the document outside any turn, so searches and figures see only the speech.
/// - Interjections and directions in parentheses are taken out by `Parentheticals` as in plain text (where a
///   parenthetical in the first or second person, `(We're not talking about the Patriotic Front.)`, is the
///   speaker's own aside and stays in the speech).
///
/// A file that is not well-formed XML gives one document whose non-empty lines are all unplaced lines,
/// with a warning naming the parser's line.
public struct TEIReader: Sendable {
    public init() {}

    /// `listPerson`: the speakers' names from a ParlaMint list of persons beside the document (see
    /// `persons(inListPerson:)`), asked for only when the file is a ParlaMint session. A TEI file that is
    /// not a transcript (ParlaMint's lists of persons and organisations, its taxonomies) is refused.
    public func read(_ decoded: DecodedText, id: String, path: String,
                     listPerson: () -> (persons: [String: String], warnings: [String]) = { ([:], []) })
        -> Result<(documents: [Document], warnings: [String]), LoaderReadError> {
        var warnings: [String] = []
        guard let root = TEITree.parse(decoded.bytes, warnings: &warnings, what: "TEI") else {
            var document = Document(id: id, path: path, format: "tei")
            var number = 0
            for line in decoded.bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                number += 1
                let text = String(decoding: line, as: UTF8.self)
                if !text.trimmingSpaces.isEmpty {
                    document.unplacedLines.append(UnplacedLine(line: number, text: text, reason: "not well-formed XML"))
                }
            }
            return .success(([document], warnings))
        }
        switch root.name {
        case "TEI", "teiCorpus": break
        case "listPerson": return .failure(LoaderReadError(message: "a ParlaMint list of persons: it names the speakers of the documents beside it"))
        default: return .failure(LoaderReadError(message: "TEI, but a <\(root.name)> file, not a transcript"))
        }
        if root.first(where: { $0.name == "u" }) != nil {
            let (listed, listWarnings) = listPerson()
            var persons = listed
            for (key, value) in ParlaMintReader.persons(in: root) where persons[key] == nil { persons[key] = value }
            var reader = ParlaMintReader(id: id, path: path, persons: persons)
            reader.read(root)
            return .success(([reader.document], warnings + listWarnings + reader.warnings))
        }
        var divisions: [TEINode] = []
        root.collect(into: &divisions) { $0.name == "div" && $0.attributes["type"] == "document" }
        if divisions.isEmpty {
            divisions = [root.first(where: { $0.name == "body" }) ?? root]
        }
        var documents: [Document] = []
        for (index, division) in divisions.enumerated() {
            var reader = FRUSReader(id: divisions.count == 1 ? id : "\(id)#\(index + 1)", path: path)
            reader.read(division)
            documents.append(reader.document)
            warnings += reader.warnings
        }
        return .success((documents, warnings))
    }

    /// The speakers' names (`xml:id` to name) in a ParlaMint list of persons, and what was wrong with it.
    public static func persons(inListPerson decoded: DecodedText) -> (persons: [String: String], warnings: [String]) {
        var warnings: [String] = []
        guard let list = TEITree.parse(decoded.bytes, warnings: &warnings, what: "listPerson") else { return ([:], warnings) }
        return (ParlaMintReader.persons(in: list), warnings)
    }
}

// MARK: - A small element tree

/// An XML element with its attributes, the line of its start tag and its children in order.
final class TEINode {
    enum Child {
        case element(TEINode)
        case text(String)
    }

    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [Child] = []

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    var elements: [TEINode] {
        children.compactMap { if case .element(let e) = $0 { return e } else { return nil } }
    }

    /// The first element in document order (this one included) that satisfies `test`.
    func first(where test: (TEINode) -> Bool) -> TEINode? {
        if test(self) { return self }
        for child in elements {
            if let found = child.first(where: test) { return found }
        }
        return nil
    }

    /// Every element (this one included) that satisfies `test`, not looking inside those found.
    func collect(into found: inout [TEINode], _ test: (TEINode) -> Bool) {
        if test(self) { found.append(self); return }
        for child in elements { child.collect(into: &found, test) }
    }

    /// All text inside, whitespace collapsed, leaving out elements named in `skipping`.
    func text(skipping: Set<String> = []) -> String {
        var raw = ""
        appendText(to: &raw, skipping: skipping)
        return Text.clean(raw)
    }

    private func appendText(to raw: inout String, skipping: Set<String>) {
        for child in children {
            switch child {
            case .text(let t): raw += t
            case .element(let e):
                if skipping.contains(e.name) { raw += " "; continue }
                e.appendText(to: &raw, skipping: skipping)
            }
        }
    }
}

/// Builds an `TEINode` tree with Foundation's `XMLParser`.
final class TEITree: NSObject, XMLParserDelegate {
    private var stack: [TEINode] = []
    private var root: TEINode?

    static func parse(_ bytes: [UInt8], warnings: inout [String], what: String) -> TEINode? {
        let parser = XMLParser(data: Data(bytes))
        let tree = TEITree()
        parser.delegate = tree
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        if parser.parse(), parser.parserError == nil, let root = tree.root { return root }
        let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
        warnings.append("line \(parser.lineNumber): \(what) is not well-formed XML (\(reason))")
        return nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let node = TEINode(name: elementName, attributes: attributeDict, line: parser.lineNumber)
        if let parent = stack.last { parent.children.append(.element(node)) } else if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if !stack.isEmpty { stack.removeLast() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let current = stack.last else { return }
        if case .text(let previous)? = current.children.last {
            current.children.removeLast()
            current.children.append(.text(previous + string))
        } else {
            current.children.append(.text(string))
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }
}

// MARK: - Shared pieces

/// `1977-01-15T11:05:00` or `1953-06-13` or `1953`: the date part as precise as it is.
private func isoDate(_ text: String?) -> PartialDate? {
    guard let text else { return nil }
    let datePart = text.split(separator: "T").first ?? Substring(text)
    return PartialDate(iso: datePart.trimmingSpaces[...])
}

// MARK: - ParlaMint

struct ParlaMintReader {
    var document: Document
    var warnings: [String] = []
    private let persons: [String: String]
    private var speakers = SpeakerRegistry()
    private var pendingLabel: String?
    private var unknown: Set<String> = []

    init(id: String, path: String, persons: [String: String]) {
        document = Document(id: id, path: path, format: "tei")
        self.persons = persons
    }

    /// `xml:id` to display name for every `<person>` inside `node`.
    static func persons(in node: TEINode) -> [String: String] {
        var found: [TEINode] = []
        node.collect(into: &found) { $0.name == "person" }
        var names: [String: String] = [:]
        for person in found {
            guard let id = person.attributes["xml:id"], names[id] == nil else { continue }
            guard let persName = person.elements.first(where: { $0.name == "persName" }) else { continue }
            let parts = persName.elements
            let forenames = parts.filter { $0.name == "forename" }.map { $0.text() }.filter { !$0.isEmpty }
            let rest = parts.filter { ["surname", "nameLink", "addName", "genName"].contains($0.name) }
                .map { $0.text() }.filter { !$0.isEmpty }
            let name = (forenames + rest).joined(separator: " ")
            names[id] = name.isEmpty ? persName.text() : name
        }
        return names.filter { !$0.value.isEmpty }
    }

    mutating func read(_ root: TEINode) {
        header(root)
        let body = root.first { $0.name == "body" } ?? root.first { $0.name == "text" } ?? root
        walk(body)
        if let pendingLabel {
            document.appendUtterance(.narrative, speaker: nil, turn: nil, text: pendingLabel, line: body.line)
        }
    }

    private mutating func header(_ root: TEINode) {
        if let id = root.attributes["xml:id"] { document.metadata.append(MetadataField("record id", id)) }
        if let language = root.attributes["xml:lang"] { document.metadata.append(MetadataField("language", language)) }
        guard let head = root.first(where: { $0.name == "teiHeader" }) else { return }
        let titleStmt = head.first { $0.name == "titleStmt" }
        var titles: [TEINode] = []
        titleStmt?.collect(into: &titles) { $0.name == "title" }
        let main = titles.filter { $0.attributes["type"] == "main" || $0.attributes["type"] == nil }
        let chosen = main.first { $0.attributes["xml:lang"] == "en" } ?? main.first ?? titles.first
        document.title = chosen?.text()
        for title in titles { document.metadata.append(MetadataField("title", title.text())) }
        var meetings: [TEINode] = []
        titleStmt?.collect(into: &meetings) { $0.name == "meeting" }
        for meeting in meetings { document.metadata.append(MetadataField("meeting", meeting.text())) }
        if let idno = head.first(where: { $0.name == "idno" }) { document.metadata.append(MetadataField("idno", idno.text())) }
        if let licence = head.first(where: { $0.name == "licence" }) { document.metadata.append(MetadataField("rights", licence.text())) }
        let setting = head.first { $0.name == "setting" }
        document.date = isoDate(setting?.first { $0.name == "date" }?.attributes["when"])
            ?? isoDate(head.first { $0.name == "date" && $0.attributes["when"] != nil }?.attributes["when"])
        if let setting {
            document.place = setting.first { $0.name == "name" && $0.attributes["type"] == "city" }?.text()
            let address = setting.elements.filter { $0.name == "name" }.map { $0.text() }.filter { !$0.isEmpty }
            if !address.isEmpty { document.metadata.append(MetadataField("place", address.joined(separator: ", "))) }
        }
    }

    private mutating func walk(_ node: TEINode) {
        for child in node.children {
            switch child {
            case .text(let raw):
                let text = Text.clean(raw)
                if !text.isEmpty { narrative(text, line: node.line) }
            case .element(let element):
                switch element.name {
                case "u":
                    turn(element)
                case "note" where element.attributes["type"] == "speaker":
                    if let pendingLabel { narrative(pendingLabel, line: element.line) }
                    pendingLabel = element.text()
                case "div", "body", "text", "group", "front", "back":
                    walk(element)
                case "pb", "lb", "milestone", "anchor":
                    continue
                default:
                    let text = element.name == "gap" ? "[…]" : ParlaMintReader.directionText(element)
                    if !text.isEmpty { narrative(text, line: element.line) }
                }
            }
        }
    }

    private mutating func narrative(_ text: String, line: Int) {
        document.appendUtterance(.narrative, speaker: nil, turn: nil, text: text, line: line)
    }

    /// A direction's words: its `<desc>`, else its text, else its type.
    static func directionText(_ element: TEINode) -> String {
        if let desc = element.elements.first(where: { $0.name == "desc" }) {
            let text = desc.text()
            if !text.isEmpty { return text }
        }
        let text = element.text()
        if !text.isEmpty { return text }
        return element.attributes["type"].map { "(\($0))" } ?? ""
    }

    static let directions: Set<String> = ["note", "kinesic", "vocal", "incident"]

    private mutating func turn(_ u: TEINode) {
        let number = document.turns.count + 1
        let start = document.utterances.count
        var speaker: Int?
        let who = u.attributes["who"].map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
        let label = pendingLabel ?? who ?? ""
        pendingLabel = nil
        if let who, !who.isEmpty {
            let name: String
            if let known = persons[who] {
                name = known
            } else {
                name = who
                if !unknown.contains(who) {
                    unknown.insert(who)
                    warnings.append("line \(u.line): speaker \(who) is not in the listPerson; the id is its name")
                }
            }
            var speakerLabel = SpeakerLabel(written: label, titles: nil, name: name, addressee: nil, length: 0)
            speakerLabel.key = "#" + who
            speaker = speakers.number(for: speakerLabel, in: &document)
        } else {
            warnings.append("line \(u.line): <u> without who; its turn has no speaker")
        }
        document.turns.append(Turn(number: number, speaker: speaker, label: label, utterances: start..<start))
        for child in u.children {
            switch child {
            case .text(let raw):
                let text = Text.clean(raw)
                if !text.isEmpty { document.appendUtterance(.speech, speaker: speaker, turn: number, text: text, line: u.line) }
            case .element(let element):
                if element.name == "seg" {
                    segment(element, speaker: speaker, turn: number)
                } else if element.name == "gap" {
                    document.appendUtterance(.speech, speaker: speaker, turn: number, text: "[…]", line: element.line)
                } else if ParlaMintReader.directions.contains(element.name) {
                    let text = ParlaMintReader.directionText(element)
                    if !text.isEmpty { document.appendUtterance(.direction, speaker: nil, turn: number, text: text, line: element.line) }
                } else if ["pb", "lb", "anchor", "milestone"].contains(element.name) {
                    continue
                } else {
                    let text = element.text()
                    if !text.isEmpty { document.appendUtterance(.speech, speaker: speaker, turn: number, text: text, line: element.line) }
                }
            }
        }
        document.closeLastTurn(from: start)
    }

    private mutating func segment(_ seg: TEINode, speaker: Int?, turn: Int) {
        var raw = ""
        var taken: [(String, Int)] = []
        func add(_ node: TEINode) {
            for child in node.children {
                switch child {
                case .text(let t): raw += t
                case .element(let e):
                    if e.name == "gap" {
                        raw += " […] "
                    } else if ParlaMintReader.directions.contains(e.name) {
                        let text = ParlaMintReader.directionText(e)
                        if !text.isEmpty { taken.append((text, e.line)); raw += " \(Utterance.marker) " }
                    } else {
                        add(e)
                    }
                }
            }
        }
        add(seg)
        let text = Text.clean(raw)
        if !text.isEmpty { document.appendUtterance(.speech, speaker: speaker, turn: turn, text: text, line: seg.line) }
        for (direction, line) in taken {
            document.appendUtterance(.direction, speaker: nil, turn: turn, text: direction, line: line)
        }
    }
}

// MARK: - FRUS and other TEI prose

struct FRUSReader {
    var document: Document
    var warnings: [String] = []
    private var speakers = SpeakerRegistry()
    private var known: Set<String> = []
    /// Each paragraph's opening label, or nil, worked out once for `known` and used again when it is read.
    private var openings: [ObjectIdentifier: Opening?] = [:]
    private var turnStart = 0
    /// Whether a `<pb>` stands between the last paragraph and the next.
    private var pageBreak = false
    /// Whether the last utterance is a speech paragraph that ends mid-sentence.
    private var openSentence = false

    init(id: String, path: String) {
        document = Document(id: id, path: path, format: "tei")
    }

    /// A label at the start of a paragraph, with the text after its colon.
    struct Opening {
        var label: SpeakerLabel
        /// The paragraph's text after the colon, footnotes and page breaks left out, not yet cleaned.
        var rest: String
    }

    mutating func read(_ division: TEINode) {
        var paragraphs: [TEINode] = []
        division.collect(into: &paragraphs) { $0.name == "p" }
        for p in paragraphs {
            let opening = FRUSReader.opening(p)
            openings[ObjectIdentifier(p)] = opening
            if let opening { known.insert(opening.label.key) }
        }
        if let n = division.attributes["n"] { document.metadata.append(MetadataField("number", n)) }
        if let id = division.attributes["xml:id"] { document.metadata.append(MetadataField("record id", id)) }
        document.date = isoDate(division.attributes["frus:doc-dateTime-min"])
        walk(division)
        document.closeLastTurn(from: turnStart)
        if document.date == nil, let date = division.first(where: { $0.name == "date" }) {
            document.date = isoDate(date.attributes["when"] ?? date.attributes["from"] ?? date.attributes["notBefore"])
                ?? DateText.find(in: date.text())?.date
        }
        if document.date == nil { document.date = DateText.fromFileName(document.id) }
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
        case "head" where document.title == nil:
            document.title = element.text(skipping: ["note"])
            footnotes(in: element, turn: nil)
        case "dateline":
            document.metadata.append(MetadataField("dateline", element.text()))
            if document.place == nil, let place = element.first(where: { $0.name == "placeName" }) { document.place = place.text() }
            if document.date == nil, let date = element.first(where: { $0.name == "date" }) {
                document.date = isoDate(date.attributes["when"] ?? date.attributes["from"] ?? date.attributes["notBefore"])
                    ?? DateText.find(in: date.text())?.date
            }
        case "list":
            let name = element.attributes["type"] ?? "list"
            let items = element.elements.filter { $0.name == "item" }.map { $0.text() }.filter { !$0.isEmpty }
            document.metadata.append(MetadataField(name, items.isEmpty ? nil : items.joined(separator: "; ")))
        case "p", "ab":
            paragraph(element)
        case "note":
            footnotes(in: element, turn: document.turns.isEmpty ? nil : document.turns.count, isNote: true)
        case "div", "body", "text", "sp", "group":
            walk(element)
        case "teiHeader":
            if let title = element.first(where: { $0.name == "title" }) {
                document.metadata.append(MetadataField("title", title.text()))
            }
        case "lb", "milestone", "anchor":
            break
        default:
            let text = element.text(skipping: ["note"])
            if !text.isEmpty { loose(text, line: element.line) }
            footnotes(in: element, turn: document.turns.isEmpty ? nil : document.turns.count)
        }
    }

    /// Text outside paragraphs: narrative before the first turn, a direction inside one.
    private mutating func loose(_ text: String, line: Int) {
        if document.turns.isEmpty {
            document.appendUtterance(.narrative, speaker: nil, turn: nil, text: text, line: line)
        } else {
            document.appendUtterance(.direction, speaker: nil, turn: document.turns.count, text: text, line: line)
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
            if let turn, turn - 1 < document.turns.count, turn >= 1 {
                document.turns[turn - 1].metadata.append(field)
            } else {
                document.metadata.append(field)
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
        guard found, sawName else { return nil }
        let written = Text.clean(prefix)
        guard let first = written.first, first != "[", first != "(", first != "\"", first != "“" else { return nil }
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

    private mutating func paragraph(_ p: TEINode) {
        let brokenByPage = pageBreak
        pageBreak = false
        var text: String
        if let opening = openings[ObjectIdentifier(p)] ?? FRUSReader.opening(p) {
            document.closeLastTurn(from: turnStart)
            let speaker = speakers.number(for: opening.label, in: &document)
            turnStart = document.utterances.count
            let number = document.turns.count + 1
            document.turns.append(Turn(number: number, speaker: speaker, label: opening.label.written,
                                       addressee: opening.label.addressee, utterances: turnStart..<turnStart))
            text = Text.clean(opening.rest)
            footnotes(in: p, turn: number)
            speech(text, line: p.line)
            return
        }
        text = p.text(skipping: ["note", "pb"])
        footnotes(in: p, turn: document.turns.isEmpty ? nil : document.turns.count)
        guard !text.isEmpty else { return }
        if document.turns.isEmpty {
            document.appendUtterance(.narrative, speaker: nil, turn: nil, text: text, line: p.line)
            openSentence = false
            return
        }
        // `(Raising his hands above his head): God is my witness`.
        if text.hasPrefix("("), let close = text.firstIndex(of: ")"), text[text.index(after: close)...].hasPrefix(":") {
            let direction = String(text[...close])
            document.appendUtterance(.direction, speaker: nil, turn: document.turns.count, text: direction, line: p.line)
            openSentence = false
            speech(String(text[text.index(close, offsetBy: 2)...]).trimmingSpaces, line: p.line)
            return
        }
        if text.hasPrefix("["), text.hasSuffix("]"), !text.dropFirst().contains("[") {
            document.appendUtterance(.direction, speaker: nil, turn: document.turns.count, text: text, line: p.line)
            openSentence = false
            return
        }
        if brokenByPage, openSentence, let last = document.utterances.last, last.kind == .speech {
            // The page break split a sentence: the paragraph goes on with the one before.
            document.utterances.removeLast()
            speech(last.text + " " + text, line: last.location.line)
            return
        }
        speech(text, line: p.line)
    }

    /// A paragraph of the current turn's speaker, its interjections and directions taken out.
    private mutating func speech(_ text: String, line: Int) {
        guard !text.isEmpty, let turn = document.turns.last else { openSentence = false; return }
        let known = self.known
        let (kept, parts) = Parentheticals.extract(text, isKnownSpeaker: { known.contains($0) })
        document.appendUtterance(.speech, speaker: turn.speaker, turn: turn.number, text: kept, line: line)
        for part in parts {
            switch part {
            case .interjection(let label, let words):
                let speaker = speakers.number(for: label, in: &document)
                document.appendUtterance(.interjection, speaker: speaker, turn: turn.number, text: words, line: line)
            case .direction(let words):
                document.appendUtterance(.direction, speaker: nil, turn: turn.number, text: words, line: line)
            }
        }
        finishSpeech(parts: parts, closing: kept)
    }

    private mutating func finishSpeech(parts: [Parentheticals.Part], closing: String) {
        guard parts.isEmpty, let last = closing.last else { openSentence = false; return }
        openSentence = !".!?:;\"”’)]…".contains(last)
    }
}
