import Foundation
import TranscriptModel

struct ParlaMintReader {
    private var assembler: TurnAssembler
    var warnings: [String] = []
    private let persons: [String: ListedPerson]
    private var pendingLabel: String?
    private var unknown: Set<String> = []

    init(id: String, path: String, persons: [String: ListedPerson]) {
        assembler = TurnAssembler(Document(id: id, path: path, format: "tei"))
        self.persons = persons
    }

    /// The document as built so far.
    var document: Document { assembler.document }

    /// `xml:id` to name and stated attributes for every `<person>` inside `node`: `<sex value>`, and each
    /// `<affiliation>` with its `from` and `to`: to an organisation whose id starts `party.` a party (shown
    /// without the prefix), to any other (the parliament itself) a role, the affiliation's `role`.
    static func persons(in node: TEINode) -> [String: ListedPerson] {
        var found: [TEINode] = []
        node.collect(into: &found) { $0.name == "person" }
        var persons: [String: ListedPerson] = [:]
        for person in found {
            guard let id = person.attributes["xml:id"], persons[id] == nil else { continue }
            guard let persName = person.elements.first(where: { $0.name == "persName" }) else { continue }
            let parts = persName.elements
            let forenames = parts.filter { $0.name == "forename" }.map { $0.text() }.filter { !$0.isEmpty }
            let rest = parts.filter { ["surname", "nameLink", "addName", "genName"].contains($0.name) }
                .map { $0.text() }.filter { !$0.isEmpty }
            let name = (forenames + rest).joined(separator: " ")
            var attributes: [SpeakerAttribute] = []
            for element in person.elements {
                switch element.name {
                case "sex":
                    if let value = element.attributes["value"], !value.isEmpty { attributes.append(SpeakerAttribute("sex", value, source: "listPerson")) }
                case "affiliation":
                    guard let ref = element.attributes["ref"].map({ $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }), !ref.isEmpty else { continue }
                    let from = element.attributes["from"].flatMap { PartialDate(iso: $0[...]) }
                    let to = element.attributes["to"].flatMap { PartialDate(iso: $0[...]) }
                    if ref.hasPrefix("party.") {
                        attributes.append(SpeakerAttribute("party", String(ref.dropFirst(6)), from: from, to: to, source: "listPerson"))
                    } else if let role = element.attributes["role"], !role.isEmpty {
                        attributes.append(SpeakerAttribute("role", role, from: from, to: to, source: "listPerson"))
                    }
                default:
                    continue
                }
            }
            let shown = name.isEmpty ? persName.text() : name
            if !shown.isEmpty { persons[id] = ListedPerson(name: shown, attributes: attributes) }
        }
        return persons
    }

    mutating func read(_ root: TEINode) {
        header(root)
        let body = root.first { $0.name == "body" } ?? root.first { $0.name == "text" } ?? root
        walk(body)
        if let pendingLabel {
            assembler.closeTurn()
            assembler.append(.narrative, speaker: nil, text: pendingLabel, line: body.line)
        }
    }

    private mutating func header(_ root: TEINode) {
        if let id = root.attributes["xml:id"] { assembler.document.metadata.append(MetadataField("record id", id)) }
        if let language = root.attributes["xml:lang"] { assembler.document.metadata.append(MetadataField("language", language)) }
        guard let head = root.first(where: { $0.name == "teiHeader" }) else { return }
        let titleStmt = head.first { $0.name == "titleStmt" }
        var titles: [TEINode] = []
        titleStmt?.collect(into: &titles) { $0.name == "title" }
        let main = titles.filter { $0.attributes["type"] == "main" || $0.attributes["type"] == nil }
        let chosen = main.first { $0.attributes["xml:lang"] == "en" } ?? main.first ?? titles.first
        assembler.document.title = chosen?.text()
        for title in titles { assembler.document.metadata.append(MetadataField("title", title.text())) }
        var meetings: [TEINode] = []
        titleStmt?.collect(into: &meetings) { $0.name == "meeting" }
        for meeting in meetings { assembler.document.metadata.append(MetadataField("meeting", meeting.text())) }
        if let idno = head.first(where: { $0.name == "idno" }) { assembler.document.metadata.append(MetadataField("idno", idno.text())) }
        if let licence = head.first(where: { $0.name == "licence" }) { assembler.document.metadata.append(MetadataField("rights", licence.text())) }
        let setting = head.first { $0.name == "setting" }
        assembler.document.date = isoDate(setting?.first { $0.name == "date" }?.attributes["when"])
            ?? isoDate(head.first { $0.name == "date" && $0.attributes["when"] != nil }?.attributes["when"])
        if let setting {
            assembler.document.place = setting.first { $0.name == "name" && $0.attributes["type"] == "city" }?.text()
            let address = setting.elements.filter { $0.name == "name" }.map { $0.text() }.filter { !$0.isEmpty }
            if !address.isEmpty { assembler.document.metadata.append(MetadataField("place", address.joined(separator: ", "))) }
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
        assembler.closeTurn()
        assembler.append(.narrative, speaker: nil, text: text, line: line)
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

    /// An id that stands for nobody in particular: `#unknown-M`, `#anon`.
    static func isPlaceholder(_ id: String) -> Bool {
        let lower = id.lowercased()
        return lower.contains("unknown") || lower.hasPrefix("anon") || lower == "x" || lower.contains("unidentified")
    }

    static let directions: Set<String> = ["note", "kinesic", "vocal", "incident"]

    private mutating func turn(_ u: TEINode) {
        var speaker: Int?
        let who = u.attributes["who"].map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
        let pendingWasPrinted = pendingLabel != nil
        let label = pendingLabel ?? who ?? ""
        pendingLabel = nil
        let printed = label.trimmingSpaces.trimmingCharacters(in: CharacterSet(charactersIn: ": "))
        if let who, !who.isEmpty, !ParlaMintReader.isPlaceholder(who), let person = persons[who] {
            var speakerLabel = SpeakerLabel(written: label, titles: nil, name: person.name, addressee: nil, length: 0)
            speakerLabel.key = "#" + who
            speaker = assembler.speaker(for: speakerLabel)
            if let speaker, assembler.document.speakers[speaker].attributes.isEmpty {
                assembler.document.speakers[speaker].attributes = person.attributes
            }
        } else if pendingWasPrinted, !printed.isEmpty {
            // No usable id: the printed label names the speaker (titles kept apart as in plain text), so one
            // placeholder id with two printed names gives two speakers, and an id is never shown as a name.
            let speakerLabel = SpeakerLabel.personalName(printed)
                ?? SpeakerLabel(written: printed, titles: nil, name: printed, addressee: nil, length: 0)
            speaker = assembler.speaker(for: speakerLabel)
            if let who, !who.isEmpty, !ParlaMintReader.isPlaceholder(who), unknown.insert(who).inserted {
                warnings.append("line \(u.line): speaker \(who) is not in the listPerson; its printed label names it")
            }
        } else if let who, !who.isEmpty {
            if unknown.insert(who).inserted {
                warnings.append("line \(u.line): speaker \(who) is not in the listPerson and no printed label names it; its turn has no speaker")
            }
        } else {
            warnings.append("line \(u.line): <u> without who; its turn has no speaker")
        }
        let number = assembler.openTurn(speaker: speaker, label: label)
        for child in u.children {
            switch child {
            case .text(let raw):
                let text = Text.clean(raw)
                if !text.isEmpty { assembler.append(.speech, speaker: speaker, text: text, line: u.line) }
            case .element(let element):
                if element.name == "seg" {
                    segment(element, speaker: speaker, turn: number)
                } else if element.name == "gap" {
                    assembler.append(.speech, speaker: speaker, text: "[…]", line: element.line)
                } else if ParlaMintReader.directions.contains(element.name) {
                    let text = ParlaMintReader.directionText(element)
                    if !text.isEmpty { assembler.append(.direction, speaker: nil, text: text, line: element.line) }
                } else if ["pb", "lb", "anchor", "milestone"].contains(element.name) {
                    continue
                } else {
                    let text = element.text()
                    if !text.isEmpty { assembler.append(.speech, speaker: speaker, text: text, line: element.line) }
                }
            }
        }
        assembler.closeTurn()
    }

    private mutating func segment(_ seg: TEINode, speaker: Int?, turn: Int) {
        if ParlaMintReader.isTokenised(seg) {
            let (text, directions) = ParlaMintReader.tokenText(seg)
            if !text.isEmpty { assembler.append(.speech, speaker: speaker, text: text, line: seg.line) }
            for (direction, line) in directions {
                assembler.append(.direction, speaker: nil, text: direction, line: line)
            }
            return
        }
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
        if !text.isEmpty { assembler.append(.speech, speaker: speaker, text: text, line: seg.line) }
        for (direction, line) in taken {
            assembler.append(.direction, speaker: nil, text: direction, line: line)
        }
    }
}

/// A person of a ParlaMint list of persons: the name shown, and what the list states of them.
public struct ListedPerson: Sendable, Equatable {
    public var name: String
    public var attributes: [SpeakerAttribute]
}
