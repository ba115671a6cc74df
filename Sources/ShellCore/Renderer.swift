import Foundation
import QueryEngine
import TranscriptFormats
import TranscriptModel

/// Prints a pipeline's output in one of the formats of `--format` and `.mode` (SPEC section 5).
struct Renderer {
    let index: CorpusIndex
    let format: OutputFormat
    /// Whether to highlight matches and citations with ANSI colour.
    var color = false
    /// The width `show` wraps utterances to, at spaces; nil: one line each.
    var width: Int?

    /// Gives `sink` the output in pieces of about 64 KB: showing a million utterances never holds them all.
    func render(_ output: QueryOutput, pipeline: Pipeline, to sink: @escaping (String) -> Void) {
        var out = Pieces(sink: sink)
        switch output {
        case .units(let units, let more):
            if format == .kwic {
                let matches = units.flatMap { pipeline.utterances(ofUnit: $0).flatMap(pipeline.kwicMatches) }
                kwic(matches, width: 40, more: 0, pipeline: pipeline, into: &out)
            } else {
                show(units, more: more, pipeline: pipeline, into: &out)
            }
        case .kwic(let matches, let width, let more):
            kwic(matches, width: width, more: more, pipeline: pipeline, into: &out)
        case .counts(let u, let t, let d):
            let fields: [(String, Int)] = [("utterances", u), ("turns", t), ("documents", d)]
            switch format {
            case .json: out.add(JSON.object(fields.map { ($0.0, .number(Double($0.1))) }).serialized() + "\n")
            case .text, .kwic: out.add("\(plural(u, "utterance")), \(plural(t, "turn")), \(plural(d, "document"))\n")
            default: table(fields.map(\.0), [fields.map { String($0.1) }], into: &out)
            }
        case .table(let field, let rows, let total):
            let share = { (n: Int) in String(format: "%.4f", total == 0 ? 0 : Double(n) / Double(total)) }
            switch format {
            case .json:
                jsonArray(rows.map { .object([(field, .string($0.value)), ("utterances", .number(Double($0.utterances))),
                                              ("share", .number(Double(share($0.utterances)) ?? 0))]) }, into: &out)
            default:
                table([field, "utterances", "share"], rows.map { [$0.value, String($0.utterances), share($0.utterances)] }, into: &out)
            }
        case .words(let words):
            switch format {
            case .json:
                jsonArray(words.map { .object([("word", .string($0.word)), ("count", .number(Double($0.count)))]) }, into: &out)
            default:
                table(["word", "count"], words.map { [$0.word, String($0.count)] }, into: &out)
            }
        }
        out.flush()
    }

    /// A JSON array written an element at a time, as `JSON.array(...).serialized()` writes it whole, and a
    /// line end.
    private func jsonArray(_ items: some Sequence<JSON>, into out: inout Pieces) {
        out.add("[")
        for (i, item) in items.enumerated() { out.add((i > 0 ? ", " : "") + item.serialized()) }
        out.add("]\n")
    }

    /// Text handed on in pieces of about 64 KB.
    struct Pieces {
        let sink: (String) -> Void
        private var text = ""

        init(sink: @escaping (String) -> Void) { self.sink = sink }

        mutating func add(_ piece: String) {
            text += piece
            if text.utf8.count >= 1 << 16 { flush() }
        }

        mutating func flush() {
            if !text.isEmpty { sink(text) }
            text = ""
        }
    }

    // MARK: show

    /// Utterance `u` and its document.
    private func located(_ u: Int) -> (document: Document, utterance: Utterance) {
        let a = index.address(u)
        let document = index.documents[a.document]
        return (document, document.utterances[a.index])
    }

    /// One record per utterance: document, turn, speaker, kind, line, text.
    private func record(_ u: Int) -> (doc: String, turn: Int?, speaker: String?, kind: String, line: Int, text: String) {
        let (document, utterance) = located(u)
        return (document.id, utterance.turn, utterance.speaker.map { document.speakers[$0].name }, utterance.kind.rawValue,
                utterance.location.line, utterance.text)
    }

    /// When the utterance's turn starts, in a timed document, as the document's clock writes it.
    private func startTime(_ u: Int) -> String? {
        let (document, utterance) = located(u)
        return utterance.turn.flatMap { document.turn(numbered: $0)?.start }.map { ClockTime.format($0, days: document.timesRunForDays) }
    }

    private func show(_ units: [Int], more: Int, pipeline: Pipeline, into out: inout Pieces) {
        let utterances = units.lazy.flatMap(pipeline.utterances(ofUnit:))
        switch format {
        case .json:
            jsonArray(utterances.map { u in
                let r = record(u)
                return .object([("doc", .string(r.doc)), ("turn", r.turn.map { .number(Double($0)) } ?? .null),
                                ("speaker", .string(r.speaker)), ("kind", .string(r.kind)), ("text", .string(r.text)),
                                ("line", .number(Double(r.line)))])
            }, into: &out)
        case .csv, .table, .markdown:
            table(["doc", "turn", "speaker", "kind", "line", "text"], utterances.map { u -> [String] in
                let r = record(u)
                return [r.doc, r.turn.map(String.init) ?? "", r.speaker ?? "", r.kind, String(r.line), r.text]
            }, into: &out)
            out.add(moreLine(more))
        case .text, .kwic:
            for unit in units {
                let (before, after) = pipeline.context(ofUnit: unit)
                for u in before { out.add(citation(u, context: true) + wrap(index.utterance(u).text) + "\n\n") }
                for u in pipeline.utterances(ofUnit: unit) { out.add(citation(u, context: false) + highlighted(u, pipeline) + "\n\n") }
                for u in after { out.add(citation(u, context: true) + wrap(index.utterance(u).text) + "\n\n") }
            }
            out.add(moreLine(more))
        }
    }

    /// Text broken at spaces into lines of at most `width` Characters (a longer word stands alone).
    func wrap(_ text: String) -> String {
        guard let width, width > 10, text.count > width else { return text }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = String(word)
            } else {
                line += line.isEmpty ? String(word) : " " + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// An utterance's text with its matches in bold yellow, when colour is on.
    private func highlighted(_ u: Int, _ pipeline: Pipeline) -> String {
        let text = wrap(index.utterance(u).text)
        guard color else { return text }
        let bytes = Array(text.utf8)
        var out = ""
        var at = 0
        for range in pipeline.highlighter.matches(in: text) where range.lowerBound >= at {
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
        if let turn = r.turn { parts.append("turn \(turn)" + (startTime(u).map { " at " + $0 } ?? "")) }
        if let speaker = r.speaker { parts.append(speaker) }
        if r.kind != "speech" { parts.append(r.kind) }
        parts.append("line \(r.line)")
        let header = (context ? "  (context) " : "") + "[" + parts.joined(separator: ", ") + "]"
        return (color ? "\u{1B}[36m" + header + "\u{1B}[0m" : header) + "\n"
    }

    private func moreLine(_ more: Int) -> String {
        more > 0 ? "... \(more) more not shown\n" : ""
    }

    // MARK: kwic

    /// A line per match; each line's text is made as it is written.
    private func kwic(_ matches: [KwicMatch], width: Int, more: Int, pipeline: Pipeline, into out: inout Pieces) {
        let lines = matches.lazy.map { pipeline.kwicLine($0, width: width) }
        switch format {
        case .json:
            jsonArray(lines.map { line in
                let r = record(line.utterance)
                return .object([("doc", .string(r.doc)), ("turn", r.turn.map { .number(Double($0)) } ?? .null),
                                ("speaker", .string(r.speaker)), ("left", .string(line.left)), ("match", .string(line.match)),
                                ("right", .string(line.right)), ("line", .number(Double(r.line)))])
            }, into: &out)
        case .csv, .table, .markdown:
            table(["doc", "line", "speaker", "left", "match", "right"], lines.map { line in
                let r = record(line.utterance)
                return [r.doc, String(r.line), r.speaker ?? "", line.left, line.match, line.right]
            }, into: &out)
            out.add(moreLine(more))
        case .text, .kwic:
            let speakerWidth = matches.map { speaker(of: $0.utterance).count }.max() ?? 0
            for line in lines {
                let left = String(repeating: " ", count: max(0, width - line.left.count)) + line.left
                out.add(speaker(of: line.utterance).padding(speakerWidth) + "  " + left + "[" + line.match + "]" + line.right + "\n")
            }
            out.add(moreLine(more))
        }
    }

    /// The speaker's name of utterance `u`, or nothing.
    private func speaker(of u: Int) -> String {
        let (document, utterance) = located(u)
        return utterance.speaker.map { document.speakers[$0].name } ?? ""
    }

    /// Rows under a header, as the format asks: aligned columns, CSV (RFC 4180) or a Markdown table.
    func table(_ header: [String], _ rows: [[String]]) -> String {
        var text = ""
        var out = Pieces { text += $0 }
        table(header, rows, into: &out)
        out.flush()
        return text
    }

    /// The same, a row at a time; aligned columns go through the rows twice, first for the widths.
    func table(_ header: [String], _ rows: some Collection<[String]>, into out: inout Pieces) {
        switch format {
        case .csv:
            out.add(header.map(csvField).joined(separator: ",") + "\n")
            for row in rows { out.add(row.map(csvField).joined(separator: ",") + "\n") }
        case .markdown:
            let escape = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
            out.add("| " + header.map(escape).joined(separator: " | ") + " |\n")
            out.add("|" + header.map { _ in " --- |" }.joined() + "\n")
            for row in rows { out.add("| " + row.map(escape).joined(separator: " | ") + " |\n") }
        case .json:
            jsonArray(rows.lazy.map { row in .object(zip(header, row).map { ($0, .string($1)) }) }, into: &out)
        default:
            // The last column is not padded, so its width is not needed.
            var widths = header.dropLast().map(\.count)
            for row in rows { for c in widths.indices { widths[c] = max(widths[c], row[c].count) } }
            let line = { (row: [String]) in
                row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(widths[c]) }.joined(separator: "  ") + "\n"
            }
            out.add(line(header))
            for row in rows { out.add(line(row)) }
        }
    }

    private func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
