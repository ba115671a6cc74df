import Foundation
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// Prints a pipeline's output in one of the formats of `--format` and `.mode` (SPEC section 5).
struct Renderer {
    let index: CorpusIndex
    let format: OutputFormat
    /// Whether to highlight matches and citations with ANSI colour.
    var color = false
    /// The width `show` wraps utterances to, at spaces, `kwic` lines fit in, and tables narrow to; nil: one
    /// line each.
    var width: Int?
    /// Whether a line saying how many results a limit cut goes into the output (results on a terminal,
    /// in text, kwic or table mode); otherwise the session says it on the error stream.
    var moreLine = false
    /// Asked as each piece of output is handed on (Ctrl-C): once true, the rest is not made.
    var shouldStop: () -> Bool = { false }
    /// Pages by turn of each document met, worked out once per document.
    private let pages = PageCache()

    /// Each document's `pagesByTurn`, by document number.
    final class PageCache {
        var byDocument: [Int: [String?]] = [:]
    }

    /// The printed page utterance `u` stands on, where its source marks pages.
    private func page(_ u: Int) -> String? {
        let a = index.address(u)
        let document = index.documents[a.document]
        if pages.byDocument[a.document] == nil { pages.byDocument[a.document] = document.pagesByTurn }
        return document.page(of: document.utterances[a.index], pagesByTurn: pages.byDocument[a.document] ?? [])
    }

    /// Gives `sink` the output in pieces of about 64 KB: showing a million utterances never holds them all.
    /// `matched` is how many utterances the query matched, for saying that none did. Whether `shouldStop`
    /// stopped it (Ctrl-C): then the rest is neither made nor written.
    @discardableResult
    func render(_ output: QueryOutput, pipeline: Pipeline, matched: Int, to sink: @escaping (String) -> Void) -> Bool {
        var out = Pieces(sink: sink, stop: shouldStop)
        switch output {
        case .units(let units, let cut):
            show(units, pipeline: pipeline, into: &out)
            out.add(more(cut))
        case .kwic(let matches, let width, let cut):
            kwic(matches, width: width, pipeline: pipeline, matched: matched, into: &out)
            out.add(more(cut))
        case .counts(let u, let t, let d):
            let fields: [(String, Int)] = [("utterances", u), ("turns", t), ("documents", d)]
            switch format {
            case .json: out.add(JSON.object(fields.map { ($0.0, .number(Double($0.1))) }).serialized() + "\n")
            case .text, .kwic:
                // Under `.within document` every turn of a matched document is counted: not turns with a hit.
                out.add(pipeline.scope == .document
                    ? "\(plural(d, "document")) matched, holding \(plural(u, "utterance")) and \(plural(t, "turn"))\n"
                    : "\(plural(u, "utterance")), \(plural(t, "turn")) with a hit, \(plural(d, "document"))\n")
            default: table(fields.map(\.0), [fields.map { String($0.1) }], into: &out)
            }
        case .table(let table):
            if table.rows.isEmpty, none(matched, rows: table.rowNoun, into: &out) { break }
            self.table(table, into: &out)
            out.add(legend(table))
        case .timeline(let timeline):
            self.timeline(timeline, matched: matched, into: &out)
        case .citations(let units, let style, let cut):
            cite(units, style: style, pipeline: pipeline, into: &out)
            out.add(more(cut))
        }
        out.flush()
        return out.stopped
    }

    /// In text, kwic and table mode, an empty answer says `0 utterances`, or, when utterances matched but
    /// made no row, `0 words` (`0 pairs of speakers` ...); other formats print their empty shape. Whether it
    /// said so.
    func none(_ matched: Int, rows: String = "words", into out: inout Pieces) -> Bool {
        guard [.text, .kwic, .table].contains(format) else { return false }
        out.add(matched == 0 ? "0 utterances\n" : "0 \(rows)\n")
        return true
    }

    /// Under a `count by` table on a terminal, what its two columns a reader might divide count: `rate`
    /// is not hits per the `words` shown.
    private func legend(_ table: ResultTable) -> String {
        guard moreLine, !table.rows.isEmpty, table.column("rate") != nil, !(table.keys == 2 && format != .table) else { return "" }
        let said = TableColumns.countMeanings.filter { ["words", "rate"].contains($0.key) }.map { "\($0.key): \($0.value)" }
        return Wrapping.fit(said.joined(separator: "; "), width: width) + "\n"
    }

    /// `... 12 more not shown; .limit 0 shows them all`, when the output takes that line.
    private func more(_ cut: QueryOutput.Cut?) -> String {
        guard moreLine, let cut else { return "" }
        return "... " + Self.moreText(cut) + "\n"
    }

    /// How many results a limit cut, and how to see them.
    static func moreText(_ cut: QueryOutput.Cut) -> String {
        if let n = cut.stageLimit { return "\(cut.more) more not shown (| limit \(n))" }
        return "\(cut.more) more not shown; .limit 0 shows them all"
    }

    /// A JSON array written an element at a time, as `JSON.array(...).serialized()` writes it whole, and a
    /// line end.
    func jsonArray(_ items: some Sequence<JSON>, into out: inout Pieces) {
        out.add("[")
        for (i, item) in items.enumerated() {
            if out.stopped { return }
            out.add((i > 0 ? ", " : "") + item.serialized())
        }
        out.add("]\n")
    }

    /// Text handed on in pieces of about 64 KB.
    /// Asked before each piece is handed on; once it says stop, nothing more is (`stopped`), and the
    /// loops that make the text end.
    struct Pieces {
        let sink: (String) -> Void
        let stop: () -> Bool
        private var text = ""
        private(set) var stopped = false

        init(sink: @escaping (String) -> Void, stop: @escaping () -> Bool = { false }) {
            self.sink = sink
            self.stop = stop
        }

        mutating func add(_ piece: String) {
            guard !stopped else { return }
            text += piece
            if text.utf8.count >= 1 << 16 { flush() }
        }

        mutating func flush() {
            if !stopped, stop() { stopped = true }
            if !text.isEmpty, !stopped { sink(text) }
            text = ""
        }
    }

    // MARK: tables

    /// A stage's table. JSON gives numbers as numbers; on a terminal (text mode) rows are numbered for
    /// `.drill N` and the `query` column is left out, and a cross-table is a grid of utterances.
    private func table(_ table: ResultTable, into out: inout Pieces) {
        switch format {
        case .json:
            jsonArray(table.rows.lazy.map { row in .object(zip(table.columns, row).map { ($0, Self.json($1)) }) }, into: &out)
        case .text, .kwic:
            if table.keys == 2, table.columns.count > 2, table.columns[2] == "utterances" { return grid(table, into: &out) }
            let shown = table.columns.indices.filter { table.columns[$0] != "query" }
            self.table(["row"] + shown.map { table.columns[$0] }, table.rows.enumerated().map { i, row in
                [String(i + 1)] + shown.map { row[$0].text }
            }, into: &out)
        default:
            self.table(table.columns, table.rows.lazy.map { $0.map(\.text) }, into: &out)
        }
    }

    /// A cell in JSON: numbers as numbers (a decimal to the four places a table shows), no value as null.
    static func json(_ cell: ResultTable.Cell) -> JSON {
        switch cell {
        case .text(let text): return .string(text)
        case .integer(let n): return .number(Double(n))
        case .decimal(let x): return x.isFinite ? .number(Double(cell.text) ?? x) : .string(cell.text)
        case .none: return .null
        }
    }

    /// `count by A, B` on a terminal: a row per value of A, a column per value of B, the utterances where
    /// they meet (empty for none), in the table's order.
    private func grid(_ table: ResultTable, into out: inout Pieces) {
        var rowNames: [String] = []
        var columnNames: [String] = []
        var cells: [String: [String: String]] = [:]
        for row in table.rows {
            let (a, b) = (row[0].text, row[1].text)
            if cells[a] == nil { rowNames.append(a) }
            if !columnNames.contains(b) { columnNames.append(b) }
            cells[a, default: [:]][b] = row[2].text
        }
        self.table([table.columns[0] + " \\ " + table.columns[1]] + columnNames,
                   rowNames.map { a in [a] + columnNames.map { cells[a]?[$0] ?? "" } }, into: &out)
        if moreLine { out.add("cells: the matched utterances of each pair; .mode table shows every column\n") }
    }

    // MARK: show

    /// Utterance `u` and its document.
    private func located(_ u: Int) -> (document: Document, utterance: Utterance) {
        let a = index.address(u)
        let document = index.documents[a.document]
        return (document, document.utterances[a.index])
    }

    /// One record per utterance: SPEC section 5's keys, in order.
    private func record(_ u: Int) -> Record {
        let (document, utterance) = located(u)
        let turn = utterance.turn.flatMap { document.turn(numbered: $0) }
        return Record(doc: document.id, turn: utterance.turn, speaker: utterance.speaker.map { document.speakers[$0].name },
                      kind: utterance.kind.rawValue, line: utterance.location.line, text: utterance.text,
                      title: document.title, date: document.date?.description,
                      time: turn?.start.map { ClockTime.format($0, days: document.timesRunForDays) },
                      label: turn?.label, page: page(u))
    }

    /// A hit with what cites it.
    struct Record {
        var doc: String
        var turn: Int?
        var speaker: String?
        var kind: String
        var line: Int
        var text: String
        var title: String?
        var date: String?
        /// When the utterance's turn starts, in a timed document, as the document's clock writes it.
        var time: String?
        /// The turn's label as written.
        var label: String?
        /// The printed page, where the source marks pages.
        var page: String?

        /// The citation keys after the six of SPEC section 5's first list, as JSON.
        var citationJSON: [(String, JSON)] {
            [("title", .string(title)), ("date", .string(date)), ("time", .string(time)), ("label", .string(label)),
             ("page", .string(page))]
        }

        /// The same, as CSV or table cells.
        var citationCells: [String] { [title ?? "", date ?? "", time ?? "", label ?? "", page ?? ""] }
    }

    static let recordHeader = ["doc", "turn", "speaker", "kind", "line", "text", "title", "date", "time", "label", "page"]

    private func show(_ units: [Int], pipeline: Pipeline, into out: inout Pieces) {
        if units.isEmpty, none(0, into: &out) { return }
        let utterances = units.lazy.flatMap(pipeline.utterances(ofUnit:))
        switch format {
        case .json:
            jsonArray(utterances.map { u in
                let r = record(u)
                return .object([("doc", .string(r.doc)), ("turn", r.turn.map { .number(Double($0)) } ?? .null),
                                ("speaker", .string(r.speaker)), ("kind", .string(r.kind)), ("text", .string(r.text)),
                                ("line", .number(Double(r.line)))] + r.citationJSON)
            }, into: &out)
        case .csv, .table, .markdown:
            table(Self.recordHeader, utterances.map { u -> [String] in
                let r = record(u)
                return [r.doc, r.turn.map(String.init) ?? "", r.speaker ?? "", r.kind, String(r.line), r.text] + r.citationCells
            }, into: &out)
        case .text, .kwic:
            showText(units, pipeline: pipeline, into: &out)
        }
    }

    /// Each hit under its citation; with `.context N`, windows that overlap or touch are merged and
    /// printed once, and groups are separated by a `--` line, as grep does.
    private func showText(_ units: [Int], pipeline: Pipeline, into out: inout Pieces) {
        var group: (range: ClosedRange<Int>, hits: Set<Int>)?
        var groups = 0
        func flush() {
            guard let (range, hits) = group else { return }
            if groups > 0 { out.add("--\n") }
            groups += 1
            for u in range where !out.stopped {
                out.add(hits.contains(u) ? citation(u, context: false) + highlighted(u, pipeline) + "\n\n"
                        : citation(u, context: true) + wrap(index.utterance(u).text) + "\n\n")
            }
            group = nil
        }
        for unit in units {
            if out.stopped { return }
            let members = pipeline.utterances(ofUnit: unit)
            guard let first = members.first, let last = members.last else { continue }
            guard pipeline.context > 0 else {
                for u in members { out.add(citation(u, context: false) + highlighted(u, pipeline) + "\n\n") }
                continue
            }
            let (before, after) = pipeline.context(ofUnit: unit)
            let range = (before.first ?? first)...(after.last ?? last)
            if let current = group, range.lowerBound <= current.range.upperBound + 1, range.upperBound >= current.range.lowerBound - 1,
               index.address(range.lowerBound).document == index.address(current.range.upperBound).document {
                group = (min(current.range.lowerBound, range.lowerBound)...max(current.range.upperBound, range.upperBound),
                         current.hits.union(members))
            } else {
                flush()
                group = (range, Set(members))
            }
        }
        flush()
    }

    /// Text broken at spaces into lines of at most `width` columns (a longer word stands alone).
    func wrap(_ text: String) -> String {
        guard let width, width > 10, text.displayWidth > width else { return text }
        return Wrapping.lines(text[...], width: width, indent: 0).joined(separator: "\n")
    }

    /// An utterance's text with its matches in bold yellow, when colour is on: the matches `kwic` and the
    /// hits count (under `.editorial off`, none inside a word the editor inserted).
    private func highlighted(_ u: Int, _ pipeline: Pipeline) -> String {
        let written = index.utterance(u).text
        let text = wrap(written)
        guard color else { return text }
        let bytes = Array(text.utf8)
        // Wrapping turns single spaces into line breaks, so the matches' byte ranges in the text as written
        // are theirs in the wrapped text; were it ever to change a length, the wrapped text is read again.
        let matches = bytes.count == written.utf8.count ? pipeline.kwicMatches(u).map(\.range)
            : pipeline.highlighter.matches(in: text, marks: index.marks(ofUtterance: u))
        var out = ""
        var at = 0
        for range in matches where range.lowerBound >= at {
            out += String(decoding: bytes[at..<range.lowerBound], as: UTF8.self)
            out += "\u{1B}[1;33m" + String(decoding: bytes[range], as: UTF8.self) + "\u{1B}[0m"
            at = range.upperBound
        }
        return out + String(decoding: bytes[at...], as: UTF8.self)
    }

    /// `1953-06-13-kremlin-hungarian-delegation, turn 5, Beria, line 41`, with the kind unless speech, and
    /// the turn's start in timed documents (`turn 12 at 00:10:02.500`).
    private func citation(_ u: Int, context: Bool) -> String {
        let r = record(u)
        var parts = [r.doc]
        if let turn = r.turn { parts.append("turn \(turn)" + (r.time.map { " at " + $0 } ?? "")) }
        if let speaker = r.speaker { parts.append(speaker) }
        if r.kind != "speech" { parts.append(r.kind) }
        parts.append("line \(r.line)")
        let header = (context ? "  (context) " : "") + "[" + parts.joined(separator: ", ") + "]"
        return (color ? "\u{1B}[36m" + header + "\u{1B}[0m" : header) + "\n"
    }

    // MARK: cite

    /// A citation per hit: Chicago as lines (`doc,turn,citation` in CSV, objects in JSON), CSL-JSON always
    /// one JSON array, BibTeX one entry each.
    /// One citation a unit: an utterance; a turn (under `.within turn`) at its first utterance; a document
    /// (under `.within document`) as a whole, with no position in it.
    private func cite(_ units: [Int], style: CitationStyle, pipeline: Pipeline, into out: inout Pieces) {
        let citations = units.lazy.map { unit -> Citation in
            if pipeline.scope == .document { return Citation(document: self.index.documents[unit], utterance: nil, pages: []) }
            let u = pipeline.utterances(ofUnit: unit).first ?? unit
            let a = self.index.address(u)
            let document = self.index.documents[a.document]
            let utterance = document.utterances[a.index]
            // Utterances before it in the document that start on its line, in its turn.
            var ordinal = 1
            var before = a.index - 1
            while before >= 0, document.utterances[before].location.line == utterance.location.line,
                  document.utterances[before].turn == utterance.turn {
                ordinal += 1
                before -= 1
            }
            // A paragraph broken across printed pages is cited on all of them: the hit may stand on any.
            let line = utterance.location.line
            let next = document.utterances[(a.index + 1)...].first { $0.location.line > line }?.location.line ?? Int.max
            let pages = (self.page(u).map { [$0] } ?? []) + document.pagesRunOnto(fromLine: line, upTo: next)
            return Citation(document: document, utterance: utterance, pages: pages, ordinal: ordinal)
        }
        switch style {
        case .cslJSON:
            jsonArray(citations.map(\.cslJSON), into: &out)
        case .bibtex:
            if units.isEmpty, none(0, into: &out) { return }
            for (i, citation) in citations.enumerated() {
                if out.stopped { return }
                out.add((i > 0 ? "\n" : "") + citation.bibtex)
            }
        case .chicago:
            if units.isEmpty, none(0, into: &out) { return }
            switch format {
            case .text, .kwic:
                for citation in citations {
                    if out.stopped { return }
                    out.add(citation.chicago + "\n")
                }
            case .json:
                jsonArray(citations.map { c in .object([("doc", .string(c.document.id)), ("turn", c.utterance?.turn.map { .number(Double($0)) } ?? .null),
                                                        ("citation", .string(c.chicago))]) }, into: &out)
            default:
                table(["doc", "turn", "citation"], citations.map { [$0.document.id, $0.utterance?.turn.map(String.init) ?? "", $0.chicago] }, into: &out)
            }
        }
    }

    // MARK: kwic

    /// A line per match; each line's text is made as it is written.
    /// With no matches, `0 utterances` when the query matched none, else `0 lines` (a query of fields
    /// alone, which has no words to show in context: a note says so).
    private func kwic(_ matches: [KwicMatch], width: Int?, pipeline: Pipeline, matched: Int, into out: inout Pieces) {
        if matches.isEmpty, none(matched, rows: "lines", into: &out) { return }
        switch format {
        case .json:
            jsonArray(matches.lazy.map { match in
                let line = pipeline.kwicLine(match, width: width ?? 40)
                let r = record(line.utterance)
                return .object([("doc", .string(r.doc)), ("turn", r.turn.map { .number(Double($0)) } ?? .null),
                                ("speaker", .string(r.speaker)), ("left", .string(line.left)), ("match", .string(line.match)),
                                ("right", .string(line.right)), ("line", .number(Double(r.line))), ("time", .string(r.time))])
            }, into: &out)
        case .csv, .table, .markdown:
            table(["doc", "line", "speaker", "left", "match", "right", "turn", "time"], matches.lazy.map { match in
                let line = pipeline.kwicLine(match, width: width ?? 40)
                let r = record(line.utterance)
                return [r.doc, String(r.line), r.speaker ?? "", line.left, line.match, line.right, r.turn.map(String.init) ?? "", r.time ?? ""]
            }, into: &out)
        case .text, .kwic:
            // `DOC:TURN  speaker  left⟦match⟧right`: where each hit stands first, the columns aligned. Widths are
            // columns of the terminal, not Characters: a Chinese name or context takes two a character.
            let placeWidth = matches.map { place(of: $0.utterance).displayWidth }.max() ?? 0
            let speakerWidth = matches.map { speaker(of: $0.utterance).displayWidth }.max() ?? 0
            let lead = placeWidth + 2 + (speakerWidth > 0 ? speakerWidth + 2 : 0)
            // Without a width, the context either side fits the screen (less the match's marks); at least 10.
            let side = width ?? self.width.map { max(10, ($0 - lead - 12) / 2) } ?? 40
            for match in matches {
                if out.stopped { return }
                let line = pipeline.kwicLine(match, width: side, inColumns: true)
                let left = line.left.leftPadding(side)
                let marked = color ? "\u{1B}[1;33m" + line.match + "\u{1B}[0m" : "⟦" + line.match + "⟧"
                var right = line.right
                if width == nil, let screen = self.width {
                    // The right side gives way, so that the line never wraps.
                    right = String(DisplayWidth.prefix(of: right, fitting: max(0, screen - lead - side - line.match.displayWidth - 2)))
                }
                let head = place(of: match.utterance).padding(placeWidth) + "  " + (speakerWidth > 0 ? speaker(of: line.utterance).padding(speakerWidth) + "  " : "")
                out.add(head + left + marked + right + "\n")
            }
        }
    }

    /// `DOC:TURN`, or `DOC:line N` for an utterance outside any turn.
    private func place(of u: Int) -> String {
        let (document, utterance) = located(u)
        return document.id + ":" + (utterance.turn.map(String.init) ?? "line \(utterance.location.line)")
    }

    /// The speaker's name of utterance `u`, or nothing.
    private func speaker(of u: Int) -> String {
        let (document, utterance) = located(u)
        return utterance.speaker.map { document.speakers[$0].name } ?? ""
    }

    /// Rows of cells under a header, as the format asks: aligned columns, CSV (RFC 4180), a Markdown table,
    /// or JSON objects whose numbers are numbers, as a query's tables give them.
    func table(_ header: [String], _ rows: [[ResultTable.Cell]]) -> String {
        var text = ""
        var out = Pieces { text += $0 }
        if format == .json {
            jsonArray(rows.lazy.map { row in .object(zip(header, row).map { ($0, Self.json($1)) }) }, into: &out)
        } else {
            table(header, rows.lazy.map { $0.map(\.text) }, into: &out)
        }
        out.flush()
        return text
    }

    /// The same, a row at a time; aligned columns go through the rows twice, first for the widths (three
    /// times when the table is narrowed to the window).
    func table(_ header: [String], _ rows: some Collection<[String]>, into out: inout Pieces) {
        switch format {
        case .csv:
            out.add(header.map(csvField).joined(separator: ",") + "\n")
            for row in rows {
                if out.stopped { return }
                out.add(row.map(csvField).joined(separator: ",") + "\n")
            }
        case .markdown:
            let escape = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
            out.add("| " + header.map(escape).joined(separator: " | ") + " |\n")
            out.add("|" + header.map { _ in " --- |" }.joined() + "\n")
            for row in rows {
                if out.stopped { return }
                out.add("| " + row.map(escape).joined(separator: " | ") + " |\n")
            }
        case .json:
            jsonArray(rows.lazy.map { row in .object(zip(header, row).map { ($0, .string($1)) }) }, into: &out)
        default:
            // Columns of the terminal, not Characters: `王丽` takes four, as `Tom ` does.
            var widths = header.map(\.displayWidth)
            for row in rows { for c in widths.indices { widths[c] = max(widths[c], row[c].displayWidth) } }
            if let width, widths.reduce(0, +) + 2 * (widths.count - 1) > width - 1 {
                Self.narrow(&widths, header: header, rows: rows, toFit: width - 1)
            }
            let line = { (row: [String]) -> String in
                // The last column is not padded; a cell wider than its column goes on in it, on the lines below.
                guard zip(row, widths).contains(where: { $0.displayWidth > $1 }) else {
                    return row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(widths[c]) }.joined(separator: "  ") + "\n"
                }
                let cells = zip(row, widths).map { Self.cellLines($0, width: $1) }
                return (0..<(cells.map(\.count).max() ?? 1)).map { k in
                    var line = cells.enumerated().map { c, lines in
                        let part = k < lines.count ? lines[k] : ""
                        return c == cells.count - 1 ? part : part.padding(widths[c])
                    }.joined(separator: "  ")
                    while line.last == " " { line.removeLast() }
                    return line + "\n"
                }.joined()
            }
            out.add(line(header))
            for row in rows {
                if out.stopped { return }
                out.add(line(row))
            }
        }
    }

    /// Narrows the widest columns that hold words until a row fits `room` columns: never a column of
    /// numbers alone, whose cells must stay whole, nor one below 12 or its longest piece of a word (words
    /// break at spaces and after hyphens, `1953-06-13-kremlin-` `hungarian-delegation`). A table that cannot
    /// fit so stays as wide as it is.
    static func narrow(_ widths: inout [Int], header: [String], rows: some Collection<[String]>, toFit room: Int) {
        var least = header.map(longestPiece)
        var words = [Bool](repeating: false, count: header.count)
        for row in rows {
            for c in widths.indices where widths[c] > 12 {
                least[c] = max(least[c], longestPiece(row[c]))
                if !words[c], row[c].contains(where: \.isLetter) { words[c] = true }
            }
        }
        let floor = widths.indices.map { words[$0] ? min(widths[$0], max(12, least[$0])) : widths[$0] }
        var excess = widths.reduce(0, +) + 2 * (widths.count - 1) - room
        guard excess <= zip(widths, floor).reduce(0, { $0 + $1.0 - $1.1 }) else { return }
        while excess > 0, let c = widths.indices.filter({ widths[$0] > floor[$0] }).max(by: { widths[$0] < widths[$1] }) {
            widths[c] -= 1
            excess -= 1
        }
    }

    /// The columns of the longest piece of `text` between spaces, after hyphens and beside wide characters
    /// (Chinese and Japanese, written without spaces, break between them, as `Wrapping.lines` does).
    private static func longestPiece(_ text: String) -> Int {
        var longest = 0
        var run = 0
        for character in text {
            if character == " " { run = 0; continue }
            let width = DisplayWidth.of(character)
            if width == 2 { run = 0 }
            run += width
            longest = max(longest, run)
            if character == "-" || width == 2 { run = 0 }
        }
        return longest
    }

    /// A cell's text broken at spaces into lines of at most `width` columns; a longer word after a hyphen
    /// (or, with none, where the room ends: before a wide character that would stand half outside it, which
    /// leaves the line a column short, never after half of one).
    static func cellLines(_ cell: String, width: Int) -> [String] {
        guard cell.displayWidth > width else { return [cell] }
        return Wrapping.lines(cell.drop { $0 == " " }, width: width, indent: 0).flatMap { line -> [String] in
            var rest = Substring(line)
            var parts: [String] = []
            while rest.displayWidth > width {
                let head = DisplayWidth.prefix(of: rest, fitting: width)
                // A character wider than the whole column goes on a line of its own rather than nowhere.
                let room = head.isEmpty ? rest.prefix(1) : head
                let cut = head.lastIndex(of: "-").map { rest.index(after: $0) } ?? room.endIndex
                parts.append(String(rest[..<cut]))
                rest = rest[cut...]
            }
            return parts + [String(rest)]
        }
    }

    private func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
