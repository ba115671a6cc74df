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

    func render(_ output: QueryOutput, pipeline: Pipeline) -> String {
        switch output {
        case .units(let units, let more):
            if format == .kwic {
                let lines = units.flatMap { pipeline.utterances(ofUnit: $0).flatMap { pipeline.kwic($0, width: 40) } }
                return kwic(lines, width: 40, more: 0)
            }
            return show(units, more: more, pipeline: pipeline)
        case .kwic(let lines, let width, let more):
            return kwic(lines, width: width, more: more)
        case .counts(let u, let t, let d):
            let fields: [(String, Int)] = [("utterances", u), ("turns", t), ("documents", d)]
            switch format {
            case .json: return JSON.object(fields.map { ($0.0, .number(Double($0.1))) }).serialized() + "\n"
            case .text, .kwic: return "\(plural(u, "utterance")), \(plural(t, "turn")), \(plural(d, "document"))\n"
            default: return table(fields.map(\.0), [fields.map { String($0.1) }])
            }
        case .table(let field, let rows, let total):
            let share = { (n: Int) in String(format: "%.4f", total == 0 ? 0 : Double(n) / Double(total)) }
            switch format {
            case .json:
                return JSON.array(rows.map { .object([(field, .string($0.value)), ("utterances", .number(Double($0.utterances))),
                                                      ("share", .number(Double(share($0.utterances)) ?? 0))]) }).serialized() + "\n"
            default:
                return table([field, "utterances", "share"], rows.map { [$0.value, String($0.utterances), share($0.utterances)] })
            }
        case .words(let words):
            switch format {
            case .json:
                return JSON.array(words.map { .object([("word", .string($0.word)), ("count", .number(Double($0.count)))]) }).serialized() + "\n"
            default:
                return table(["word", "count"], words.map { [$0.word, String($0.count)] })
            }
        }
    }

    // MARK: show

    /// One record per utterance: document, turn, speaker, kind, line, text.
    private func record(_ u: Int) -> (doc: String, turn: Int?, speaker: String?, kind: String, line: Int, text: String) {
        let a = index.address(u)
        let document = index.documents[a.document]
        let utterance = document.utterances[a.index]
        return (document.id, utterance.turn, utterance.speaker.map { document.speakers[$0].name }, utterance.kind.rawValue,
                utterance.location.line, utterance.text)
    }

    /// When the utterance's turn starts, in a timed document, as the document's clock writes it.
    private func startTime(_ u: Int) -> String? {
        let a = index.address(u)
        let document = index.documents[a.document]
        return document.utterances[a.index].turn.flatMap { document.turn(numbered: $0)?.start }
            .map { ClockTime.format($0, days: document.timesRunForDays) }
    }

    private func show(_ units: [Int], more: Int, pipeline: Pipeline) -> String {
        let utterances = units.flatMap(pipeline.utterances(ofUnit:))
        switch format {
        case .json:
            return JSON.array(utterances.map { u in
                let r = record(u)
                return .object([("doc", .string(r.doc)), ("turn", r.turn.map { .number(Double($0)) } ?? .null),
                                ("speaker", .string(r.speaker)), ("kind", .string(r.kind)), ("text", .string(r.text)),
                                ("line", .number(Double(r.line)))])
            }).serialized() + "\n"
        case .csv, .table, .markdown:
            let rows = utterances.map { u -> [String] in
                let r = record(u)
                return [r.doc, r.turn.map(String.init) ?? "", r.speaker ?? "", r.kind, String(r.line), r.text]
            }
            return table(["doc", "turn", "speaker", "kind", "line", "text"], rows) + moreLine(more)
        case .text, .kwic:
            var out = ""
            for unit in units {
                let (before, after) = pipeline.context(ofUnit: unit)
                for u in before { out += citation(u, context: true) + wrap(index.utterance(u).text) + "\n\n" }
                for u in pipeline.utterances(ofUnit: unit) { out += citation(u, context: false) + highlighted(u, pipeline) + "\n\n" }
                for u in after { out += citation(u, context: true) + wrap(index.utterance(u).text) + "\n\n" }
            }
            return out + moreLine(more)
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

    private func kwic(_ lines: [KwicLine], width: Int, more: Int) -> String {
        switch format {
        case .json:
            return JSON.array(lines.map { line in
                let r = record(line.utterance)
                return .object([("doc", .string(r.doc)), ("turn", r.turn.map { .number(Double($0)) } ?? .null),
                                ("speaker", .string(r.speaker)), ("left", .string(line.left)), ("match", .string(line.match)),
                                ("right", .string(line.right)), ("line", .number(Double(r.line)))])
            }).serialized() + "\n"
        case .csv, .table, .markdown:
            return table(["doc", "line", "speaker", "left", "match", "right"], lines.map { line in
                let r = record(line.utterance)
                return [r.doc, String(r.line), r.speaker ?? "", line.left, line.match, line.right]
            }) + moreLine(more)
        case .text, .kwic:
            let speakers = lines.map { record($0.utterance).speaker ?? "" }
            let speakerWidth = speakers.map(\.count).max() ?? 0
            var out = ""
            for (line, speaker) in zip(lines, speakers) {
                let left = String(repeating: " ", count: max(0, width - line.left.count)) + line.left
                out += speaker.padding(speakerWidth) + "  " + left + "[" + line.match + "]" + line.right + "\n"
            }
            return out + moreLine(more)
        }
    }

    // MARK: Tables

    /// Rows under a header, as the format asks: aligned columns, CSV (RFC 4180) or a Markdown table.
    func table(_ header: [String], _ rows: [[String]]) -> String {
        switch format {
        case .csv:
            return ([header] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
        case .markdown:
            let escape = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
            var out = "| " + header.map(escape).joined(separator: " | ") + " |\n"
            out += "|" + header.map { _ in " --- |" }.joined() + "\n"
            for row in rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
            return out
        case .json:
            return JSON.array(rows.map { row in .object(zip(header, row).map { ($0, .string($1)) }) }).serialized() + "\n"
        default:
            let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
            return ([header] + rows).map { row in
                row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(widths[c]) }.joined(separator: "  ")
            }.joined(separator: "\n") + "\n"
        }
    }

    private func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
