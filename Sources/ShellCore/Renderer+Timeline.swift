import Foundation
import QueryEngine
import TranscriptFormats
import TranscriptModel

/// `timeline`: a strip of blocks per row in text and kwic mode, records (`row,bin,start,end,hits,dp`) in
/// the others.
extension Renderer {
    /// The blocks of a strip, from an empty bin to the fullest.
    static let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    func timeline(_ timeline: Timeline, matched: Int, into out: inout Pieces) {
        if timeline.rows.isEmpty, none(matched, rows: "hits", into: &out) { return }
        switch format {
        case .text, .kwic: strip(timeline, into: &out)
        case .json:
            let bins = timeline.bins ?? Timeline.defaultBins
            jsonArray(timeline.rows.lazy.flatMap { row in
                row.bins(bins).enumerated().map { b, bin -> JSON in
                    .object([("row", .string(row.name)), ("bin", .number(Double(b + 1))),
                             ("start", Self.jsonPosition(bin.start, row)), ("end", Self.jsonPosition(bin.end, row)),
                             ("hits", .number(Double(bin.hits))), ("dp", row.dp.map { .number(Self.rounded($0)) } ?? .null)])
                }
            }, into: &out)
        default:
            let bins = timeline.bins ?? Timeline.defaultBins
            table(["row", "bin", "start", "end", "hits", "dp"], timeline.rows.flatMap { row in
                row.bins(bins).enumerated().map { b, bin in
                    [row.name, String(b + 1), row.format(bin.start), row.format(bin.end), String(bin.hits), row.dp.map(Self.dpText) ?? ""]
                }
            }, into: &out)
        }
    }

    /// A bin's edge in JSON: a turn position as a number, a clock time as a string.
    static func jsonPosition(_ position: Double, _ row: Timeline.Row) -> JSON {
        row.axis == .turns ? .number(Timeline.Row.roundedTurn(position)) : .string(row.format(position))
    }

    /// DP with four decimals, as shares are written.
    static func dpText(_ dp: Double) -> String { String(format: "%.4f", dp) }

    static func rounded(_ dp: Double) -> Double { Double(dpText(dp)) ?? dp }

    /// The rows' labels: the speaker in a timeline by speaker (a heading names each document), else the
    /// document.
    static func labels(_ timeline: Timeline) -> [String] {
        timeline.rows.map { $0.speaker ?? $0.document }
    }

    /// What a row's axis covers: `turns 1–23`, or `00:02:28.168–00:25:50.373`.
    static func span(_ row: Timeline.Row) -> String {
        switch row.axis {
        case .turns: return "turns 1–\(row.format(row.end - 1))"
        case .time: return row.format(row.start) + "–" + row.format(row.end)
        }
    }

    /// How much of a row's axis a bin covers: `0.46 turns a column`, `00:00:27.924 a column`.
    static func binSize(_ row: Timeline.Row, bins: Int) -> String {
        switch row.axis {
        case .turns:
            let turns = Timeline.Row.roundedTurn((row.end - row.start) / Double(bins))
            return (turns == turns.rounded() ? String(Int(turns)) : String(turns)) + (turns == 1 ? " turn" : " turns") + " a column"
        case .time:
            // Written as the row's times are, so that `02:07:59` beside `05:22:55:12` is not taken for days.
            return row.format((row.end - row.start) / Double(bins)) + " a column"
        }
    }

    /// One line per row: its label, a block per bin scaled to the fullest bin of the whole timeline, its
    /// hits and DP. A heading names the document and its axis, above each document's speakers in a
    /// timeline by speaker; a timeline by document of several documents ends each row with its axis
    /// instead. Without `bins N`, the strip fills the screen's width.
    private func strip(_ timeline: Timeline, into out: inout Pieces) {
        let labels = Self.labels(timeline)
        let documents = Set(timeline.rows.map(\.document)).count
        let headings = timeline.bySpeaker || documents == 1
        // Columns of the terminal: a Chinese speaker's name takes two a character.
        let labelWidth = labels.map(\.displayWidth).max() ?? 0
        let hitsWidth = timeline.rows.map { String($0.hits).count }.max() ?? 1
        let figures = timeline.rows.map { row in
            String(repeating: " ", count: hitsWidth - String(row.hits).count) + "\(row.hits) " + (row.hits == 1 ? "hit " : "hits")
                + "  DP " + (row.dp.map(Self.dpText) ?? "–") + (headings ? "" : "  " + Self.span(row))
        }
        let figuresWidth = figures.map(\.displayWidth).max() ?? 0
        // The label, two spaces, the strip between two bars, a space, the figures.
        let bins = timeline.bins ?? width.map { max(10, $0 - labelWidth - 2 - 2 - 1 - figuresWidth) } ?? Timeline.defaultBins
        let fullest = timeline.fullestBin(bins)
        let scale = "█ = \(plural(fullest, "hit")) in a column"
        if documents > 1 {
            out.add((headings ? "\(bins) columns a row" : "hits along each document, \(bins) columns a row") + "; " + scale + "\n")
        }
        for (i, row) in timeline.rows.enumerated() {
            if headings, i == 0 || timeline.rows[i - 1].document != row.document {
                out.add("\(row.document), \(Self.span(row)) (\(Self.binSize(row, bins: bins)))" + (documents == 1 ? "; " + scale : "") + "\n")
            }
            let cells = row.bins(bins).map { bin -> Character in
                guard bin.hits > 0, fullest > 0 else { return Self.blocks[0] }
                // Any hit shows: at least the lowest block.
                return Self.blocks[max(1, Int((Double(bin.hits) * 8 / Double(fullest)).rounded(.up)))]
            }
            out.add(labels[i].padding(labelWidth) + "  │" + String(cells) + "│ " + figures[i] + "\n")
        }
    }
}
