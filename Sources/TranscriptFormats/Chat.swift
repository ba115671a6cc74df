import TranscriptModel

/// Reads CHAT transcripts; a file with several @Begin/@End sessions gives one document each (`id#1`, `id#2`).
///
/// - A line opening with a tab (or spaces) continues the line above; the two are joined with one space.
/// - `@Participants:` names the speakers: `CODE [Name] Role`, comma-separated. A speaker's canonical name is
///   the participant's name when given (underscores shown as spaces), else the role (`Mother`,
///   `Target Child`); the code (`MOT`) is its label. Two participants whose names would be the same
///   (`COL Investigator, RIC Investigator`) are told apart by their codes: `Investigator (COL)`.
/// - `@ID:` lines become document metadata per code: `CHI.language`, `CHI.corpus`, `CHI.age`, `CHI.sex`,
///   `CHI.group`, `CHI.ses`, `CHI.role`, `CHI.education`, `CHI.custom` (empty fields left out).
/// - Every other `@` header is a document metadata field named by the header, lower-cased, in source order
///   (`languages`, `date`, `time duration`, `tape location`, `comment` ...); `@Date` (`DD-MON-YYYY`) is also
///   the document's date, `@Location` also its place. Headers before `@Begin` (`@UTF8`, `@PID`) belong to
///   every document of the file.
/// - Each `*ABC:` main tier is one turn of that speaker with one utterance, its text as written (CHAT
///   markup such as `[/]`, `&-uh`, `xxx`, `(..)`, `+...`, `0` and the terminator kept; codes and markers
///   are annotations, `separateCodes`), except timing bullets (`\u{15}123_456\u{15}`, milliseconds), which are removed and give the turn's
///   start and end in seconds.
/// - Dependent tiers (`%mor`, `%gra`, `%com` ...) are kept, in order, in the metadata of the turn of the main
///   tier they follow, named without the `%` (`mor`).
/// - A `@Date` header after the first main tier of a session starts a new session, hence a new document:
///   the Brown corpus files record several recording days between one `@Begin` and `@End`. The new
///   document repeats the session's participant headers (`@Languages`, `@Participants`, `@Options`,
///   `@ID`, `@Types`) and the file headers.
/// - A file with one session gives one document with the plain id; several give `id#1`, `id#2` ...
/// - Lines that fit nowhere (text outside the tier layout, a dependent tier before any main tier, lines
///   after `@End`) are kept as unplaced lines with the reason.
public struct ChatReader: Sendable {
    public init() {}

    /// The documents of the file and the reader's own warnings, each naming its line.
    public func read(_ decoded: DecodedText, id: String, path: String) -> (documents: [Document], warnings: [String]) {
        let entries = ChatEntry.entries(of: decoded.bytes)
        var warnings: [String] = []
        var documents: [Document] = []
        var fileHeaders: [ChatEntry] = []
        var pending: [ChatEntry] = []
        var session: ChatSession?
        var sawBegin = false

        func finish(_ current: inout ChatSession?) {
            guard var finished = current else { return }
            finished.finish()
            documents.append(finished.document)
            warnings += finished.warnings
            current = nil
        }
        func open(_ line: Int) -> ChatSession {
            var new = ChatSession(path: path, firstLine: line)
            for entry in fileHeaders + pending { new.apply(entry) }
            pending = []
            return new
        }

        for entry in entries {
            switch entry.kind {
            case .blank:
                continue
            case .header(let name, _) where name.lowercased() == "begin":
                if session != nil {
                    warnings.append("line \(entry.line): @Begin inside a session; the session before it ends here")
                    finish(&session)
                }
                sawBegin = true
                session = open(entry.line)
            case .header(let name, _) where name.lowercased() == "end":
                if session == nil {
                    pending.append(entry.unplaced("@End without @Begin"))
                } else {
                    finish(&session)
                }
            case .header(let name, _) where name.lowercased() == "date" && session?.hasMainTier == true:
                if let inherited = session?.inherited {
                    finish(&session)
                    session = open(entry.line)
                    for header in inherited { session?.apply(header) }
                    session?.apply(entry)
                }
            case .header:
                if session != nil {
                    session?.apply(entry)
                } else if !sawBegin && documents.isEmpty {
                    fileHeaders.append(entry)
                } else {
                    pending.append(entry)
                }
            case .main:
                if session == nil {
                    warnings.append("line \(entry.line): main tier outside @Begin/@End; a session is opened for it")
                    session = open(entry.line)
                }
                session?.apply(entry)
            case .dependent, .other, .unplaced:
                if session != nil {
                    session?.apply(entry)
                } else {
                    pending.append(entry.unplaced("outside any @Begin/@End session"))
                }
            }
        }
        if let current = session {
            warnings.append("line \(current.lastLine): the file ends without @End")
            finish(&session)
        }
        if documents.isEmpty {
            // Nothing but headers (or nothing at all): one document keeps them.
            var only = open(1)
            only.finish()
            documents.append(only.document)
            warnings += only.warnings
        } else if !pending.isEmpty {
            // Lines after the last @End that no session took.
            for entry in pending {
                let reason: String
                if case .unplaced(let why) = entry.kind { reason = why } else { reason = "after @End" }
                documents[documents.count - 1].unplacedLines.append(UnplacedLine(line: entry.line, text: entry.written, reason: reason))
            }
        }
        for index in documents.indices {
            documents[index].id = documents.count == 1 ? id : "\(id)#\(index + 1)"
        }
        return (documents, warnings)
    }
}

// MARK: - Lines

/// One logical CHAT line: a header, tier or other line with its continuation lines joined.
struct ChatEntry {
    enum Kind {
        case blank
        /// `@Name:\tvalue` or `@Name`; the value is empty when there is none.
        case header(name: String, value: String)
        /// `*CODE:\ttext`.
        case main(code: String, text: String)
        /// `%name:\ttext`, the name without `%`.
        case dependent(name: String, text: String)
        /// A line that is none of these.
        case other
        /// A line already judged unplaceable, with the reason.
        case unplaced(String)
    }

    /// 1-based number of the first line.
    var line: Int
    /// The lines as written, joined with `\n`.
    var written: String
    var kind: Kind

    func unplaced(_ reason: String) -> ChatEntry {
        if case .unplaced = kind { return self }
        return ChatEntry(line: line, written: written, kind: .unplaced(reason))
    }

    /// Splits the bytes into lines and joins each continuation line (opening with a tab or space) to the
    /// line above, then classifies the logical lines.
    static func entries(of bytes: [UInt8]) -> [ChatEntry] {
        var raw: [(line: Int, parts: [String])] = []
        var number = 0
        for piece in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let text = String(decoding: piece, as: UTF8.self)
            let continues = piece.first == 0x09 || piece.first == 0x20
            if continues, !text.trimmingSpaces.isEmpty, let last = raw.last, let first = last.parts.first,
               !first.trimmingSpaces.isEmpty {
                raw[raw.count - 1].parts.append(text)
            } else {
                raw.append((number, [text]))
            }
        }
        // A final `\n` leaves an empty last piece that is not a line.
        if let last = raw.last, last.parts == [""], last.line == number, bytes.last == 0x0A { raw.removeLast() }
        return raw.map { item in
            let joined = item.parts.map { $0.trimmingSpaces }.joined(separator: " ")
            let written = item.parts.joined(separator: "\n")
            // A line opening with white space that continues nothing is not a tier.
            let indented = written.first == " " || written.first == "\t"
            let kind: Kind = joined.isEmpty ? .blank : indented ? .other : classify(joined)
            return ChatEntry(line: item.line, written: written, kind: kind)
        }
    }

    static func classify(_ text: String) -> Kind {
        guard let first = text.first else { return .blank }
        if text.trimmingSpaces.isEmpty { return .blank }
        let colon = text.firstIndex(of: ":")
        // A line may open with its colon (`:x`): the name is then empty, never a reversed range.
        let nameStart = text.index(after: text.startIndex)
        let name = String(text[nameStart..<max(nameStart, colon ?? text.endIndex)]).trimmingSpaces
        let value = colon.map { String(text[text.index(after: $0)...]).trimmingSpaces } ?? ""
        switch first {
        case "@":
            guard !name.isEmpty else { return .other }
            return .header(name: name, value: value)
        case "*":
            guard colon != nil, !name.isEmpty, !name.contains(" ") else { return .other }
            return .main(code: name, text: value)
        case "%":
            guard colon != nil, !name.isEmpty, !name.contains(" ") else { return .other }
            return .dependent(name: name, text: value)
        default:
            return .other
        }
    }
}

// MARK: - One session

/// Builds the document of one session from its entries in order.
struct ChatSession {
    private var assembler: TurnAssembler
    var warnings: [String] = []
    /// Whether a main tier has been read: a `@Date` after it starts a new session.
    var hasMainTier = false
    /// The session's participant headers, which a session split off by `@Date` repeats.
    var inherited: [ChatEntry] = []
    var lastLine: Int
    private var codes: [String: Int] = [:]

    /// Headers that describe who takes part, repeated in a session split off by a later `@Date`.
    static let inheritedHeaders: Set<String> = ["languages", "participants", "options", "id", "types"]

    /// The fields of an `@ID` line after language, corpus and code, in order.
    static let idFields = ["age", "sex", "group", "ses", "role", "education", "custom"]

    init(path: String, firstLine: Int) {
        assembler = TurnAssembler(Document(id: "", path: path, format: "chat"))
        lastLine = firstLine
    }

    /// The document as built so far.
    var document: Document { assembler.document }

    mutating func apply(_ entry: ChatEntry) {
        lastLine = max(lastLine, entry.line)
        switch entry.kind {
        case .blank:
            break
        case .header(let name, let value):
            header(name, value, entry: entry)
        case .main(let code, let text):
            mainTier(code, text, line: entry.line)
        case .dependent(let name, let text):
            if assembler.document.turns.isEmpty {
                assembler.document.unplacedLines.append(UnplacedLine(line: entry.line, text: entry.written,
                                                           reason: "dependent tier before any main tier"))
            } else {
                assembler.document.turns[assembler.document.turns.count - 1].metadata.append(MetadataField(name, text.isEmpty ? nil : text))
            }
        case .other:
            assembler.document.unplacedLines.append(UnplacedLine(line: entry.line, text: entry.written,
                                                       reason: "not a CHAT header, main tier or dependent tier"))
        case .unplaced(let reason):
            assembler.document.unplacedLines.append(UnplacedLine(line: entry.line, text: entry.written, reason: reason))
        }
    }

    private mutating func header(_ name: String, _ value: String, entry: ChatEntry) {
        let key = name.lowercased()
        if ChatSession.inheritedHeaders.contains(key) { inherited.append(entry) }
        switch key {
        case "participants":
            assembler.document.metadata.append(MetadataField("participants", value.isEmpty ? nil : value))
            participants(value, line: entry.line)
        case "id":
            let fields = value.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard fields.count >= 3, let code = fields.dropFirst(2).first, !code.isEmpty else {
                assembler.document.metadata.append(MetadataField("id", value.isEmpty ? nil : value))
                warnings.append("line \(entry.line): @ID without a speaker code; kept as it is")
                return
            }
            let named = [("language", fields[0]), ("corpus", fields[1])]
                + zip(ChatSession.idFields, fields.dropFirst(3)).map { ($0, $1) }
            for (field, text) in named where !text.isEmpty {
                assembler.document.metadata.append(MetadataField("\(code).\(field)", text))
            }
            // The participant's role, age and sex, as `role:`, `age:` and `sex:` ask for them; an @ID's
            // role stands in place of the one @Participants gave.
            if let speaker = codes[code] {
                let given = Set(named.filter { !$0.1.isEmpty }.map(\.0))
                assembler.document.speakers[speaker].attributes.removeAll {
                    given.contains($0.name) && $0.source.hasSuffix(ChatSession.participantsSource)
                }
                for (field, text) in named where ["role", "age", "sex"].contains(field) && !text.isEmpty
                    && !assembler.document.speakers[speaker].attributes.contains(where: { $0.name == field }) {
                    assembler.document.speakers[speaker].attributes.append(
                        SpeakerAttribute(field, text, source: "\(assembler.document.path):\(entry.line) (@ID)"))
                }
            }
        case "date":
            assembler.document.metadata.append(MetadataField("date", value.isEmpty ? nil : value))
            if let date = ChatSession.date(value) {
                if assembler.document.date == nil { assembler.document.date = date }
            } else {
                warnings.append("line \(entry.line): @Date \"\(value)\" is not DD-MON-YYYY; kept as text")
            }
        default:
            if key == "location", assembler.document.place == nil, !value.isEmpty { assembler.document.place = value }
            assembler.document.metadata.append(MetadataField(key, value.isEmpty ? nil : value))
        }
    }

    /// Where a role that only `@Participants` gives is said to come from, after the file and line.
    static let participantsSource = " (@Participants)"

    /// `CHI Eve Target_Child, MOT Mother`: code, optional name, role. The role is the speaker's, as `role:`
    /// asks for it, until an `@ID` line gives one.
    private mutating func participants(_ value: String, line: Int) {
        var found: [(code: String, name: String, role: String?)] = []
        for item in value.split(separator: ",") {
            let words = item.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let code = words.first else { continue }
            let shown = { (word: Substring) in word.replacingOccurrences(of: "_", with: " ") }
            var name = String(code)
            if words.count >= 3 {
                name = words.dropFirst().dropLast().map(shown).joined(separator: " ")
            } else if let role = words.dropFirst().first {
                name = shown(role)
            }
            found.append((String(code), name, words.count >= 2 ? words.last.map(String.init) : nil))
        }
        var uses: [String: Int] = [:]
        for item in found { uses[Folding.key(item.name), default: 0] += 1 }
        for item in found where codes[item.code] == nil {
            let name = (uses[Folding.key(item.name)] ?? 0) > 1 ? "\(item.name) (\(item.code))" : item.name
            let label = SpeakerLabel(written: item.code, titles: nil, name: name, addressee: nil, length: 0)
            let speaker = assembler.speaker(for: label)
            codes[item.code] = speaker
            if let role = item.role, !assembler.document.speakers[speaker].attributes.contains(where: { $0.name == "role" }) {
                assembler.document.speakers[speaker].attributes.append(
                    SpeakerAttribute("role", role, source: "\(assembler.document.path):\(line)" + ChatSession.participantsSource))
            }
        }
    }

    private mutating func mainTier(_ code: String, _ raw: String, line: Int) {
        hasMainTier = true
        let speaker: Int
        if let known = codes[code] {
            speaker = known
        } else {
            warnings.append("line \(line): speaker code \(code) is not in @Participants")
            let label = SpeakerLabel(written: code, titles: nil, name: code, addressee: nil, length: 0)
            speaker = assembler.speaker(for: label)
            codes[code] = speaker
        }
        let (text, start, end) = ChatSession.removeBullets(raw)
        assembler.openTurn(speaker: speaker, label: code, start: start, end: end)
        let clean = Text.clean(text)
        guard !clean.isEmpty else {
            assembler.document.unplacedLines.append(UnplacedLine(line: line, text: raw, reason: "main tier without text"))
            return
        }
        assembler.append(.speech, speaker: speaker, text: clean, line: line)
        ChatSession.separateCodes(in: &assembler.document)
    }

    private mutating func closeTurn() { assembler.closeTurn() }

    mutating func finish() { closeTurn() }

    // MARK: Pieces

    /// CHAT's bracketed codes on the last utterance are annotations, not an editor's voice: `[: word]` is a
    /// correction (the word before it replaced by `word`), and every other bracket (`[* p:w]`, `[x 2]`,
    /// `[+ bch]`, `[/]`, `[?]`, `[= text]` ...) and each form marker after `@` (`want@o`) is kept as an
    /// annotation with its code. The text stays as written; a figure within a code is none.
    static func separateCodes(in document: inout Document) {
        guard let index = document.utterances.indices.last else { return }
        var utterance = document.utterances[index]
        let bytes = Array(utterance.text.utf8)
        var spans: [EditorialSpan] = []
        for span in utterance.editorial {
            let content = span.content.trimmingSpaces
            if content.hasPrefix(":") {
                // The word before `[: word]`, back to a space.
                var start = span.range.lowerBound
                while start > 0, bytes[start - 1] == 0x20 { start -= 1 }
                let wordEnd = start
                while start > 0, bytes[start - 1] != 0x20 { start -= 1 }
                let replaced = String(decoding: bytes[start..<wordEnd], as: UTF8.self)
                let replacement = String(content.drop { $0 == ":" }).trimmingSpaces
                spans.append(EditorialSpan(kind: .correction, range: start..<span.range.upperBound, content: replacement,
                                           replaced: replaced.isEmpty ? nil : replaced))
            } else {
                let code = content.hasPrefix("x ") || content == "x" ? "x"
                    : String(content.prefix { !$0.isLetter && !$0.isNumber && $0 != " " })
                document.annotations.append(Annotation(utterance: index, code: code.isEmpty ? content : code,
                                                       text: String(decoding: bytes[span.range], as: UTF8.self), range: span.range))
            }
        }
        // Form markers: `word@o`, `word@c`, `word@l` ...
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x40, i > 0, bytes[i - 1] != 0x20, i + 1 < bytes.count, (0x61...0x7A).contains(bytes[i + 1]) {
                var end = i + 1
                while end < bytes.count, (0x61...0x7A).contains(bytes[end]) || bytes[end] == 0x3A { end += 1 }
                let marker = String(decoding: bytes[i..<end], as: UTF8.self)
                document.annotations.append(Annotation(utterance: index, code: marker, text: marker, range: i..<end))
                i = end
            } else {
                i += 1
            }
        }
        markWords(bytes, of: index, in: &document)
        // A figure inside a code (the `2` of `[x 2]`, the `0` of an action without speech) is no figure said.
        let codes = document.annotations.reversed().prefix { $0.utterance == index }.map(\.range)
        let figures = utterance.figures.filter { figure in !codes.contains { $0.overlaps(figure.range) } }
        guard spans != utterance.editorial || figures != utterance.figures else { return }
        utterance.editorial = spans
        utterance.figures = figures
        document.utterances[index] = utterance
    }

    /// CHAT's markers that stand where a word would and are none, kept as annotations with their codes:
    /// `xxx`, `yyy` and `www` (speech not understood or not transcribed), `0` and `0word` (an action
    /// without speech, a word left out), and `&=event` (`&=laughs`). A word written with the part not said
    /// in parentheses (`op(en)`, `(th)at`) is an annotation too, with code `()`, and the index reads it
    /// whole: `open`, `that` (`WordMarks.joins`).
    static func markWords(_ bytes: [UInt8], of index: Int, in document: inout Document) {
        func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) || byte >= 0x80 || byte == 0x27 }
        var start = 0
        while start < bytes.count {
            guard bytes[start] != 0x20 else { start += 1; continue }
            var end = start
            while end < bytes.count, bytes[end] != 0x20 { end += 1 }
            // A word inside `<...>` (a scope of a code after it) is read without the angle brackets.
            var low = start, high = end
            while low < high, bytes[low] == 0x3C { low += 1 }
            while high > low, bytes[high - 1] == 0x3E || bytes[high - 1] == 0x2C { high -= 1 }
            let token = bytes[low..<high]
            let code: String?
            if ["xxx", "yyy", "www"].contains(where: { token.elementsEqual($0.utf8) }) {
                code = String(decoding: token, as: UTF8.self)
            } else if token.first == 0x30, token.dropFirst().allSatisfy(isLetter) {
                code = "0"
            } else if token.starts(with: [0x26, 0x3D]) {
                code = "&="
            } else if isPartlySaid(token) {
                code = Annotation.partlySaid
            } else {
                code = nil
            }
            if let code {
                document.annotations.append(Annotation(utterance: index, code: code, text: String(decoding: token, as: UTF8.self), range: low..<high))
            }
            start = end
        }

        /// Letters with one or more groups of letters in parentheses, and a letter outside them: `op(en)`.
        func isPartlySaid(_ token: ArraySlice<UInt8>) -> Bool {
            var outside = false, groups = 0, depth = 0, inner = 0
            for byte in token {
                switch byte {
                case 0x28:
                    guard depth == 0 else { return false }
                    depth = 1
                    inner = 0
                case 0x29:
                    guard depth == 1, inner > 0 else { return false }
                    depth = 0
                    groups += 1
                default:
                    guard isLetter(byte) else { return false }
                    if depth == 1 { inner += 1 } else { outside = true }
                }
            }
            return depth == 0 && groups > 0 && outside
        }
    }

    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// `15-OCT-1962` (month names in any case); `OCT-1962` and `1962` give a less precise date.
    static func date(_ text: String) -> PartialDate? {
        let parts = text.trimmingSpaces.split(separator: "-")
        guard let yearText = parts.last, yearText.count == 4, let year = Int(yearText) else { return nil }
        switch parts.count {
        case 1:
            return PartialDate(year: year)
        case 2, 3:
            guard let monthText = parts.dropLast().last,
                  let month = months.firstIndex(of: monthText.uppercased()) else { return nil }
            if parts.count == 2 { return PartialDate(year: year, month: month + 1) }
            guard let dayText = parts.first, let day = Int(dayText) else { return nil }
            return PartialDate(year: year, month: month + 1, day: day)
        default:
            return nil
        }
    }

    /// The text without its timing bullets (`\u{15}1234_5678\u{15}`, old style `\u{15}%snd:"f"_1_2\u{15}` too),
    /// and the first start and last end they give, in seconds. A bullet that does not parse stays as text.
    static func removeBullets(_ text: String) -> (text: String, start: Double?, end: Double?) {
        guard text.unicodeScalars.contains("\u{15}") else { return (text, nil, nil) }
        var out = ""
        var start: Double?
        var end: Double?
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "\u{15}") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "\u{15}") else {
                rest = rest[open...]
                break
            }
            let inside = after[..<close].split(separator: "_")
            if inside.count >= 2, let a = inside.dropLast().last.flatMap({ Int($0) }),
               let b = inside.last.flatMap({ Int($0) }) {
                if start == nil { start = Double(a) / 1000 }
                end = max(end ?? 0, Double(b) / 1000)
                out += " "
            } else {
                out += rest[open...close]
            }
            rest = after[after.index(after: close)...]
        }
        out += rest
        return (out, start, end)
    }
}
