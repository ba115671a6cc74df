import TranscriptModel

// Parley's own JSON Lines (`--export FILE.jsonl`, format `jsonl`).
//
// Per document, one header line, then one line per utterance in order. Keys are written in a fixed order
// (below), one JSON object per line, `\n` line ends, UTF-8 with non-ASCII written as is. Integral doubles
// below 10^15 are written without a fraction (`19000000000`), others in Swift's shortest exact form (`1.5`,
// `1e+20`), so every value reads back equal. Non-finite doubles, which JSON cannot hold, are written as the
// strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
//
//     {"type":"document","parley":1,"id":"...","path":"...","format":"text","title":"..."|null,
//      "date":"1953-06-13"|null,"place":"..."|null,"metadata":[{"name":"...","value":"..."|null}],
//      "speakers":[{"name":"Beria","labels":["Cde. Beria"],"titles":["Cde."]}],
//      "turns":[{"number":1,"speaker":0|null,"label":"Cde. Beria","addressee":null,"start":null,"end":null,
//                "utterances":[0,3],"metadata":[]}],
//      "unplaced":[{"line":3,"text":"...","reason":"..."}],"utterances":72,
//      ["doubtful":[{"line":148,"text":"...","reason":"...","taken":false}] only when there are some,]
//      ["sidecar":"...","sidecar_changes":[{"line","text","reason","taken"}] only when a sidecar applied,]
//      ["printed":[[file line, page|null, printed line]] only for a line-numbered transcript,]
//      ["annotations":[{"utterance":0,"code":"*","text":"[* p:w]","range":[4,11]}] only when there are some]}
//     {"type":"utterance","doc":"...","index":0,"kind":"speech","speaker":0|null,"name":"Beria"|null,
//      "turn":1|null,"text":"...","line":12,["path":"..." only when it differs from the document's,]
//      "editorial":[{"kind":"correction","range":[4,30],"content":"...","replaced":"..."|null}],
//      "figures":[{"range":[0,10],"value":19000000000,"upper":null,"scale":"billion","unit":"forints"}]}

/// Parley's own JSON Lines: per document, one header line (`"type": "document"`: id, path, format, title,
/// date, place, metadata in order with nulls, speakers with labels and titles, turns with number, speaker,
/// label, addressee, start, end, utterance range and metadata, unplaced lines), then one line per utterance
/// (`"type": "utterance"`: doc, index, kind, speaker index and name, turn, text, line, editorial spans with
/// kind, byte range, content, replaced, figures with range, value, upper, scale, unit).
public enum JSONLinesWriter {
    /// The format version written in every header line's `"parley"` key.
    public static let version = 1

    public static func write(_ documents: [Document]) -> String {
        var out = ""
        write(documents) { out += $0 }
        return out
    }

    /// Gives `sink` the lines of one document at a time, so that a large corpus is never held twice.
    public static func write(_ documents: [Document], to sink: (String) throws -> Void) rethrows {
        for document in documents {
            var out = header(document).serialized(compact: true) + "\n"
            for (index, utterance) in document.utterances.enumerated() {
                out += line(utterance, index: index, of: document).serialized(compact: true) + "\n"
            }
            try sink(out)
        }
    }

    private static func header(_ d: Document) -> JSON {
        var fields: [(String, JSON)] = [
            ("type", .string("document")), ("parley", .number(version)), ("id", .string(d.id)), ("path", .string(d.path)),
            ("format", .string(d.format)), ("title", .string(d.title)), ("date", .string(d.date?.description)),
            ("place", .string(d.place)), ("metadata", metadata(d.metadata)),
            ("speakers", .array(d.speakers.map { s in
                .object([("name", .string(s.name)), ("labels", .strings(s.labels)), ("titles", .strings(s.titles))]
                        + (s.attributes.isEmpty ? [] : [("attributes", .array(s.attributes.map { a in
                            .object([("name", .string(a.name)), ("value", .string(a.value)), ("from", .string(a.from?.description)),
                                     ("to", .string(a.to?.description)), ("source", .string(a.source))])
                        }))]))
            })),
            ("turns", .array(d.turns.map { t in
                .object([("number", .number(t.number)), ("speaker", .number(t.speaker)), ("label", .string(t.label)),
                         ("addressee", .string(t.addressee)), ("start", .number(t.start)), ("end", .number(t.end)),
                         ("utterances", .range(t.utterances)), ("metadata", metadata(t.metadata))])
            })),
            ("unplaced", .array(d.unplacedLines.map { u in
                .object([("line", .number(u.line)), ("text", .string(u.text)), ("reason", .string(u.reason))])
            })),
            ("utterances", .number(d.utterances.count)),
        ]
        // Keys that older exports lack, written only when the document has something to put in them.
        if !d.doubtfulLabels.isEmpty { fields.append(("doubtful", decisions(d.doubtfulLabels))) }
        if let sidecar = d.sidecar {
            fields.append(("sidecar", .string(sidecar)))
            fields.append(("sidecar_changes", decisions(d.sidecarChanges)))
        }
        if !d.printedLines.isEmpty {
            fields.append(("printed", .array(d.printedLines.map { p -> JSON in
                .array([.number(p.line), .number(p.page), .number(p.printedLine)])
            })))
        }
        if !d.pageStarts.isEmpty {
            fields.append(("page_starts", .array(d.pageStarts.map { p -> JSON in
                .array([.number(p.line), .string(p.page)] + (p.inParagraph ? [.bool(true)] : []))
            })))
        }
        if !d.annotations.isEmpty {
            fields.append(("annotations", .array(d.annotations.map { a -> JSON in
                .object([("utterance", .number(a.utterance)), ("code", .string(a.code)), ("text", .string(a.text)),
                         ("range", .range(a.range))])
            })))
        }
        return .object(fields)
    }

    private static func decisions(_ labels: [DoubtfulLabel]) -> JSON {
        .array(labels.map { l in
            .object([("line", .number(l.line)), ("text", .string(l.text)), ("reason", .string(l.reason)), ("taken", .bool(l.taken))])
        })
    }

    private static func line(_ u: Utterance, index: Int, of d: Document) -> JSON {
        let name = u.speaker.flatMap { d.speakers.indices.contains($0) ? d.speakers[$0].name : nil }
        var fields: [(String, JSON)] = [
            ("type", .string("utterance")), ("doc", .string(d.id)), ("index", .number(index)),
            ("kind", .string(u.kind.rawValue)), ("speaker", .number(u.speaker)), ("name", .string(name)),
            ("turn", .number(u.turn)), ("text", .string(u.text)), ("line", .number(u.location.line)),
        ]
        if u.location.path != d.path { fields.append(("path", .string(u.location.path))) }
        fields.append(("editorial", .array(u.editorial.map { e in
            .object([("kind", .string(e.kind.rawValue)), ("range", .range(e.range)), ("content", .string(e.content)),
                     ("replaced", .string(e.replaced))])
        })))
        fields.append(("figures", .array(u.figures.map { f in
            .object([("range", .range(f.range)), ("value", .number(f.value)), ("upper", .number(f.upper)),
                     ("scale", .string(f.scale)), ("unit", .string(f.unit))])
        })))
        return .object(fields)
    }

    private static func metadata(_ fields: [MetadataField]) -> JSON {
        .array(fields.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })
    }
}

/// Why a file of a format Parley reads is not a transcript at all (JSON that is not speech-to-text
/// output, JSON Lines that are not Parley's, TEI that is a list of persons).
public struct LoaderReadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// Reads Parley's own JSON Lines back into the model it was written from.
public struct JSONLinesReader: Sendable {
    public init() {}

    /// Reads documents written by JSONLinesWriter; a line that is not valid gives a warning naming the line
    /// and is kept out (the rest loads); a file that is JSON Lines but not Parley's (no header lines) gives
    /// an error result.
    public func read(_ decoded: DecodedText, path: String) -> Result<(documents: [Document], warnings: [String]), LoaderReadError> {
        var warnings: [String] = []
        var documents: [Document] = []
        var current: PendingDocument?
        var sawHeader = false
        var skippingDocument: String?   // id of a document whose header was bad: its utterance lines go quietly
        var lineNumber = 0

        func finish() {
            guard let pending = current else { return }
            let (document, missing, stray) = pending.assemble()
            // Lines already warned about are not counted again: only lines absent from the file are.
            let absent = missing - pending.rejected
            if absent > 0 {
                warnings.append("document '\(document.id)': \(absent) utterance line\(absent == 1 ? "" : "s") missing; loaded without \(absent == 1 ? "it" : "them")")
            }
            if stray > 0 {
                warnings.append("document '\(document.id)': \(stray) annotation\(stray == 1 ? "" : "s") of no utterance read, or past its text; left out")
            }
            documents.append(document)
            current = nil
        }

        for line in decoded.bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let value: JSONValue
            do {
                var parser = JSONParser(line)
                value = try parser.parseDocument()
            } catch {
                current?.rejected += 1  // most likely one of the open document's lines
                warnings.append("line \(lineNumber): not valid JSON (\(describe(error))); line skipped")
                continue
            }
            guard case .object(let object) = value else {
                current?.rejected += 1  // most likely one of the open document's lines
                warnings.append("line \(lineNumber): not a JSON object; line skipped")
                continue
            }
            switch object["type"] {
            case .string("document")?:
                sawHeader = true
                finish()
                do {
                    current = try PendingDocument(header: object)
                    skippingDocument = nil
                } catch {
                    let id = object["id"].flatMap { if case .string(let s) = $0 { return s } else { return nil } }
                    skippingDocument = id
                    let name = id.map { " for '\($0)'" } ?? ""
                    warnings.append("line \(lineNumber): not a valid document header\(name) (\(describe(error))); the document is skipped")
                }
            case .string("utterance")?:
                guard current != nil else {
                    if skippingDocument == nil || object["doc"] != .string(skippingDocument ?? "") {
                        warnings.append("line \(lineNumber): utterance line outside any document; line skipped")
                    }
                    continue
                }
                do {
                    try current?.add(object)
                } catch {
                    current?.rejected += 1
                    warnings.append("line \(lineNumber): not a valid utterance line (\(describe(error))); line skipped")
                }
            default:
                current?.rejected += 1  // most likely one of the open document's lines
                warnings.append("line \(lineNumber): not a Parley line (no \"type\" of \"document\" or \"utterance\"); line skipped")
            }
        }
        finish()
        if !sawHeader {
            let what = lineNumber == 0 || decoded.bytes.allSatisfy({ $0 == 0x0A || $0 == 0x20 || $0 == 0x09 })
                ? "empty file" : "not Parley's JSON Lines: no document header line (\"type\": \"document\")"
            return .failure(LoaderReadError(message: what))
        }
        if documents.isEmpty {
            // Every document was refused: said once, as an error, with the first reason.
            return .failure(LoaderReadError(message: "no document could be read: " + (warnings.first ?? "every header was refused")))
        }
        return .success((documents, warnings))
    }
}

// MARK: - Building a document from its lines

/// A document whose header has been read, collecting its utterance lines.
private struct PendingDocument {
    var document: Document
    var expected: Int
    var utterances: [Int: Utterance] = [:]
    /// Utterance lines of this document already warned about and kept out.
    var rejected = 0

    init(header o: [String: JSONValue]) throws {
        let version = try o.int("parley")
        guard version == JSONLinesWriter.version else {
            throw JSONError("version \(version) is not supported (this Parley reads version \(JSONLinesWriter.version))")
        }
        let id = try o.string("id")
        let path = try o.string("path")
        var document = Document(id: id, path: path, format: try o.string("format"))
        document.title = try o.optionalString("title")
        if let text = try o.optionalString("date") {
            guard let date = PartialDate(iso: Substring(text)) else { throw JSONError("'date' is not a date: \(text)") }
            document.date = date
        }
        document.place = try o.optionalString("place")
        document.metadata = try metadata(o.array("metadata"), key: "metadata")
        document.speakers = try o.array("speakers").map { value in
            let s = try value.object("speakers")
            let attributes = try s.optionalArray("attributes").map { value -> SpeakerAttribute in
                let a = try value.object("attributes")
                let date = { (key: String) throws -> PartialDate? in
                    guard let text = try a.optionalString(key) else { return nil }
                    guard let date = PartialDate(iso: text[...]) else { throw JSONError("attribute '\(key)' is not a date: '\(text)'") }
                    return date
                }
                return SpeakerAttribute(try a.string("name"), try a.string("value"), from: try date("from"), to: try date("to"),
                                        source: try a.string("source"))
            }
            return Speaker(name: try s.string("name"), labels: try s.strings("labels"), titles: try s.strings("titles"),
                           attributes: attributes)
        }
        let count = try o.int("utterances")
        guard count >= 0 else { throw JSONError("'utterances' is negative") }
        let speakers = document.speakers.count
        document.turns = try o.array("turns").enumerated().map { i, value in
            let t = try value.object("turns")
            // Turns are numbered in order from 1, as the model finds them by number.
            guard try t.int("number") == i + 1 else { throw JSONError("turn \(i + 1) is numbered \(try t.int("number"))") }
            let speaker = try t.optionalInt("speaker")
            if let speaker, !(0..<speakers).contains(speaker) { throw JSONError("turn speaker \(speaker) is not a speaker index") }
            let range = try t.range("utterances")
            guard range.upperBound <= count else { throw JSONError("turn utterances \(range) beyond \(count) utterances") }
            return Turn(number: try t.int("number"), speaker: speaker, label: try t.string("label"),
                        addressee: try t.optionalString("addressee"), start: try t.optionalDouble("start"),
                        end: try t.optionalDouble("end"), utterances: range,
                        metadata: try metadata(t.array("metadata"), key: "turn metadata"))
        }
        document.unplacedLines = try o.array("unplaced").map { value in
            let u = try value.object("unplaced")
            return UnplacedLine(line: try u.int("line"), text: try u.string("text"), reason: try u.string("reason"))
        }
        func decisions(_ key: String) throws -> [DoubtfulLabel] {
            try o.optionalArray(key).map { value in
                let l = try value.object(key)
                guard case .bool(let taken)? = l["taken"] else { throw JSONError("'taken' must be true or false") }
                return DoubtfulLabel(line: try l.int("line"), text: try l.string("text"), reason: try l.string("reason"), taken: taken)
            }
        }
        document.doubtfulLabels = try decisions("doubtful")
        document.sidecar = try o.optionalString("sidecar")
        document.sidecarChanges = try decisions("sidecar_changes")
        document.annotations = try o.optionalArray("annotations").map { value in
            let a = try value.object("annotations")
            return Annotation(utterance: try a.int("utterance"), code: try a.string("code"), text: try a.string("text"),
                              range: try a.range("range"))
        }
        // Keys added in later versions may be left out, but never hold the wrong type.
        document.printedLines = try o.optionalArray("printed").map { value in
            guard case .array(let parts) = value, parts.count == 3, case .number(let line) = parts[0],
                  case .number(let printedLine) = parts[2], let l = Int(line), let p = Int(printedLine) else {
                throw JSONError("'printed' must hold [line, page, printed line] arrays")
            }
            var page: Int?
            if case .number(let text) = parts[1] { page = Int(text) }
            return PrintedLine(line: l, page: page, printedLine: p)
        }
        document.pageStarts = try o.optionalArray("page_starts").map { value in
            guard case .array(let parts) = value, parts.count == 2 || parts.count == 3, case .number(let line) = parts[0], let l = Int(line),
                  case .string(let page) = parts[1] else {
                throw JSONError("'page_starts' must hold [line, page] arrays, with true third for a break inside a paragraph")
            }
            var inParagraph = false
            if parts.count == 3 {
                guard case .bool(let flag) = parts[2] else { throw JSONError("'page_starts' must hold [line, page, true] for a break inside a paragraph") }
                inParagraph = flag
            }
            return PageStart(line: l, page: page, inParagraph: inParagraph)
        }
        self.document = document
        self.expected = count
    }

    /// Checks one utterance line against the header and keeps it.
    mutating func add(_ o: [String: JSONValue]) throws {
        let doc = try o.string("doc")
        guard doc == document.id else { throw JSONError("it names document '\(doc)' inside document '\(document.id)'") }
        let index = try o.int("index")
        guard (0..<expected).contains(index) else { throw JSONError("index \(index) is not below the header's \(expected) utterances") }
        guard utterances[index] == nil else { throw JSONError("index \(index) given twice") }
        let kindText = try o.string("kind")
        guard let kind = UtteranceKind(rawValue: kindText) else { throw JSONError("unknown kind '\(kindText)'") }
        let speaker = try o.optionalInt("speaker")
        if let speaker, !document.speakers.indices.contains(speaker) {
            throw JSONError("speaker \(speaker) is not a speaker index")
        }
        let text = try o.string("text")
        let length = text.utf8.count
        let path = try o.optionalString("path") ?? document.path
        let editorial = try o.array("editorial").map { value in
            let e = try value.object("editorial")
            let kindText = try e.string("kind")
            guard let kind = EditorialKind(rawValue: kindText) else { throw JSONError("unknown editorial kind '\(kindText)'") }
            let range = try e.range("range")
            guard range.upperBound <= length else { throw JSONError("editorial range \(range) beyond the text") }
            return EditorialSpan(kind: kind, range: range, content: try e.string("content"), replaced: try e.optionalString("replaced"))
        }
        let figures = try o.array("figures").map { value in
            let f = try value.object("figures")
            let range = try f.range("range")
            guard range.upperBound <= length else { throw JSONError("figure range \(range) beyond the text") }
            let scale = try f.optionalString("scale")
            guard scale?.contains(Figure.joiner) != true else { throw JSONError("figure scale holds the control character U+001F") }
            return Figure(range: range, value: try f.double("value"), upper: try f.optionalDouble("upper"),
                          scale: scale, unit: try f.optionalString("unit"))
        }
        let turn = try o.optionalInt("turn")
        if let turn, turn < 1 { throw JSONError("'turn' must be 1 or more, not \(turn)") }
        // The line must agree with the header: its turn holds it, and its name is its speaker's.
        if let turn {
            guard let found = document.turn(numbered: turn) else { throw JSONError("turn \(turn) is not one of the header's turns") }
            guard found.utterances.contains(index) else { throw JSONError("turn \(turn) does not hold utterance \(index) in the header") }
        }
        if let speaker, let name = try o.optionalString("name"), name != document.speakers[speaker].name {
            throw JSONError("name '\(name)' is not speaker \(speaker)'s name in the header, '\(document.speakers[speaker].name)'")
        }
        utterances[index] = Utterance(kind: kind, speaker: speaker, turn: turn, text: text,
                                      location: SourceLocation(path: path, line: try o.int("line")),
                                      editorial: editorial, figures: figures)
    }

    /// The document with the utterances read; when lines were missing, turn ranges close up over the gaps,
    /// and annotations move with their utterances. An annotation of an utterance not read, or reaching past
    /// its text, is left out (`strayAnnotations` counts them): the tokenizer reads a word within it.
    func assemble() -> (Document, missing: Int, strayAnnotations: Int) {
        var document = self.document
        let present = (0..<expected).filter { utterances[$0] != nil }
        document.utterances = present.compactMap { utterances[$0] }
        let missing = expected - present.count
        // The new position of old index i is the number of kept utterances before it.
        var before = [Int](repeating: 0, count: expected + 1)
        for i in 0..<expected { before[i + 1] = before[i] + (utterances[i] == nil ? 0 : 1) }
        if missing > 0 {
            for t in document.turns.indices {
                let r = document.turns[t].utterances
                document.turns[t].utterances = before[r.lowerBound]..<before[r.upperBound]
            }
        }
        let kept = document.annotations.compactMap { annotation -> Annotation? in
            guard (0..<expected).contains(annotation.utterance), let utterance = utterances[annotation.utterance],
                  annotation.range.upperBound <= utterance.textByteCount else { return nil }
            var moved = annotation
            moved.utterance = before[annotation.utterance]
            return moved
        }
        let stray = document.annotations.count - kept.count
        // In utterance order, as the index looks them up.
        document.annotations = kept.enumerated().sorted { ($0.element.utterance, $0.offset) < ($1.element.utterance, $1.offset) }.map(\.element)
        return (document, missing, stray)
    }
}

private func metadata(_ values: [JSONValue], key: String) throws -> [MetadataField] {
    try values.map { value in
        let m = try value.object(key)
        return MetadataField(try m.string("name"), try m.optionalString("value"))
    }
}

// MARK: - Reading JSON

private func describe(_ error: any Error) -> String { (error as? JSONError)?.message ?? "\(error)" }


private extension Dictionary where Key == String, Value == JSONValue {
    func required(_ key: String) throws -> JSONValue {
        guard let value = self[key] else { throw JSONError("missing '\(key)'") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard case .string(let s) = try required(key) else { throw JSONError("'\(key)' must be a string") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        switch self[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw JSONError("'\(key)' must be a string or null")
        }
    }

    /// A whole number in 32 bits, as the model keeps every number the format has (line, turn, speaker,
    /// index, offsets).
    func int(_ key: String) throws -> Int {
        guard case .number(let text) = try required(key), let n = Int(text) else {
            throw JSONError("'\(key)' must be a whole number")
        }
        guard let small = Int32(exactly: n) else { throw JSONError("'\(key)' must be a whole number from \(Int32.min) to \(Int32.max), not \(n)") }
        return Int(small)
    }

    func optionalInt(_ key: String) throws -> Int? {
        switch self[key] {
        case nil, .null?: return nil
        default: return try int(key)
        }
    }

    func double(_ key: String) throws -> Double {
        switch try required(key) {
        case .number(let text):
            if let d = Double(text) { return d }
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: break
        }
        throw JSONError("'\(key)' must be a number")
    }

    func optionalDouble(_ key: String) throws -> Double? {
        switch self[key] {
        case nil, .null?: return nil
        default: return try double(key)
        }
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard case .array(let a) = try required(key) else { throw JSONError("'\(key)' must be an array") }
        return a
    }

    /// An array that may be left out (keys added in later versions of the format); empty when it is.
    func optionalArray(_ key: String) throws -> [JSONValue] {
        self[key] == nil ? [] : try array(key)
    }

    func strings(_ key: String) throws -> [String] {
        try array(key).map { value in
            guard case .string(let s) = value else { throw JSONError("'\(key)' must hold strings") }
            return s
        }
    }

    /// `[lower, upper]` with `0 <= lower <= upper`.
    func range(_ key: String) throws -> Range<Int> {
        let items = try array(key)
        guard items.count == 2, case .number(let a) = items[0], case .number(let b) = items[1],
              let lower = Int32(a), let upper = Int32(b), 0 <= lower, lower <= upper else {
            throw JSONError("'\(key)' must be [lower, upper] with 0 <= lower <= upper <= \(Int32.max)")
        }
        return Int(lower)..<Int(upper)
    }
}
