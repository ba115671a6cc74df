import Foundation
import QueryEngine
import TranscriptModel

/// A timeline as a standalone SVG picture, for `.output FILE.svg`: a labelled row per document (or
/// speaker), each with bars for the hits in each bin and a tick under the track at every position that
/// holds hits, an axis in turns or clock time under each document's rows, and a legend.
enum TimelineSVG {
    static let width = 960.0
    static let margin = 20.0
    static let rowHeight = 44.0
    /// How tall the fullest bin's bar is.
    static let barHeight = 26.0
    static let axisHeight = 40.0
    static let figuresWidth = 150.0
    /// Labels longer than this are cut, with the whole name in a tooltip.
    static let longestLabel = 48

    /// The picture of `timeline` for the query `query` (as written, without the outer parentheses), with
    /// `bins` bins a row.
    static func document(_ timeline: Timeline, query: String, bins: Int) -> String {
        let labels = Renderer.labels(timeline).map { $0.count > longestLabel ? String($0.prefix(longestLabel - 1)) + "…" : $0 }
        // About 7 pixels a character of 13-pixel sans-serif text.
        let labelWidth = min(340, max(80, Double(labels.map(\.count).max() ?? 0) * 7.2))
        let trackStart = margin + labelWidth + 14
        let trackEnd = width - margin - figuresWidth
        let fullest = max(1, timeline.fullestBin(bins))
        let documents = timeline.rows.reduce(into: [String]()) { if $0.last != $1.document { $0.append($1.document) } }

        var body = ""
        var y = 76.0
        for (i, row) in timeline.rows.enumerated() {
            // Speakers of several documents: each document's name above its speakers.
            if timeline.bySpeaker, documents.count > 1, i == 0 || timeline.rows[i - 1].document != row.document {
                body += text(row.document + ", " + Renderer.span(row), x: margin, y: y + 8,
                             attributes: "class=\"document\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\"") + "\n"
                y += 16
            }
            body += rowGroup(row, label: labels[i], top: y, trackStart: trackStart, trackEnd: trackEnd, bins: bins, fullest: fullest)
            y += rowHeight
            // The axis goes under the last row of each document: the rows above it share it.
            if i == timeline.rows.count - 1 || timeline.rows[i + 1].document != row.document {
                body += axis(row, top: y + 2, trackStart: trackStart, trackEnd: trackEnd)
                y += axisHeight
            }
        }
        if timeline.rows.isEmpty {
            body += text("No hits.", x: margin, y: y + 10, attributes: "font-size=\"13\" fill=\"#444\"")
            y += 30
        }

        let hits = timeline.rows.reduce(0) { $0 + $1.hits }
        let title = "Hits of “" + query + "”" + (timeline.bySpeaker ? " by speaker" : "")
        var subtitle = plural(hits, "hit") + " in " + (documents.count == 1 ? documents[0] : plural(documents.count, "document"))
        if let row = timeline.rows.first, documents.count == 1 {
            subtitle += ", " + (row.axis == .turns ? "by turn (" + Renderer.span(row) + ")" : "by time (" + Renderer.span(row) + ")")
        } else if documents.count > 1 {
            subtitle += ", each along its own turns or times"
        }
        // With no rows there is nothing for a legend to explain.
        let legend = timeline.rows.isEmpty ? [] : [
            "Bars: the hits in each of \(bins) equal parts of a row’s axis (the tallest: \(plural(fullest, "hit"))). Ticks: where hits stand.",
            "DP: Gries’ deviation of proportions over the row’s turns, each expected to hold hits as it holds words (0: even; near 1: crowded).",
        ]
        let height = y + (legend.isEmpty ? 12 : 48)
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
            font-family="Helvetica, Arial, sans-serif">
            <title>\(escape(title))</title>
            <desc>\(escape(subtitle + ". " + legend.joined(separator: " ")))</desc>
            <rect x="0" y="0" width="\(n(width))" height="\(n(height))" fill="#ffffff"/>

            """
        svg += text(title, x: margin, y: 32, attributes: "font-size=\"18\" font-weight=\"bold\" fill=\"#222\"") + "\n"
        svg += text(subtitle, x: margin, y: 54, attributes: "font-size=\"13\" fill=\"#555\"") + "\n"
        svg += body
        for (i, line) in legend.enumerated() {
            svg += text(line, x: margin, y: height - 30 + Double(i) * 15, attributes: "font-size=\"11\" fill=\"#666\"") + "\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// A row: its label, bars for its bins, a tick for each position with hits, and its figures.
    static func rowGroup(_ row: Timeline.Row, label: String, top: Double, trackStart: Double, trackEnd: Double,
                         bins: Int, fullest: Int) -> String {
        let baseline = top + 30
        let trackWidth = trackEnd - trackStart
        var g = "<g class=\"row\" data-name=\"\(escape(row.name))\">\n"
        g += "<title>\(escape(row.name))</title>\n"
        g += text(label, x: trackStart - 14, y: baseline - 4, attributes: "font-size=\"13\" text-anchor=\"end\" fill=\"#222\"") + "\n"
        let binWidth = trackWidth / Double(bins)
        let gap = binWidth > 4 ? 1.0 : 0
        for (b, bin) in row.bins(bins).enumerated() where bin.hits > 0 {
            let h = max(1.5, barHeight * Double(bin.hits) / Double(fullest))
            g += "<rect class=\"bin\" x=\"\(n(trackStart + Double(b) * binWidth))\" y=\"\(n(baseline - h))\" width=\"\(n(binWidth - gap))\" "
                + "height=\"\(n(h))\" fill=\"#9ecae1\"><title>\(escape(row.format(bin.start) + " to " + row.format(bin.end) + ": " + plural(bin.hits, "hit")))</title></rect>\n"
        }
        g += "<line class=\"track\" x1=\"\(n(trackStart))\" y1=\"\(n(baseline))\" x2=\"\(n(trackEnd))\" y2=\"\(n(baseline))\" "
            + "stroke=\"#888\" stroke-width=\"1\"/>\n"
        for mark in row.marks {
            let x = position(mark.position, row, trackStart: trackStart, trackEnd: trackEnd)
            let place = row.axis == .turns ? "turn \(mark.turn)" : row.format(mark.position) + " (turn \(mark.turn))"
            g += "<line class=\"hit\" x1=\"\(n(x))\" y1=\"\(n(baseline + 2))\" x2=\"\(n(x))\" y2=\"\(n(baseline + 11))\" "
                + "stroke=\"#08519c\" stroke-width=\"1.5\"><title>\(escape(place + ": " + plural(mark.hits, "hit")))</title></line>\n"
        }
        let figures = plural(row.hits, "hit") + " · DP " + (row.dp.map(Renderer.dpText) ?? "–")
        g += text(figures, x: trackEnd + 12, y: baseline - 4, attributes: "font-size=\"12\" fill=\"#444\"") + "\n"
        g += "</g>\n"
        return g
    }

    /// Where `value` falls along the track.
    static func position(_ value: Double, _ row: Timeline.Row, trackStart: Double, trackEnd: Double) -> Double {
        trackStart + (value - row.start) / (row.end - row.start) * (trackEnd - trackStart)
    }

    /// An axis line with ticks at round turn numbers or clock times, and its unit.
    static func axis(_ row: Timeline.Row, top: Double, trackStart: Double, trackEnd: Double) -> String {
        var g = "<g class=\"axis\" data-document=\"\(escape(row.document))\">\n"
        g += "<line x1=\"\(n(trackStart))\" y1=\"\(n(top))\" x2=\"\(n(trackEnd))\" y2=\"\(n(top))\" stroke=\"#444\" stroke-width=\"1\"/>\n"
        for tick in ticks(row) {
            // A turn's tick stands in its middle, where its hits stand.
            let x = position(row.axis == .turns ? tick + 0.5 : tick, row, trackStart: trackStart, trackEnd: trackEnd)
            g += "<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(top + 5))\" stroke=\"#444\" stroke-width=\"1\"/>\n"
            g += text(row.format(tick), x: x, y: top + 17, attributes: "font-size=\"11\" text-anchor=\"middle\" fill=\"#444\"") + "\n"
        }
        let unit = row.axis == .turns ? "turn" : "time"
        g += text(unit, x: trackEnd + 34, y: top + 17, attributes: "font-size=\"11\" font-style=\"italic\" fill=\"#444\"") + "\n"
        g += "</g>\n"
        return g
    }

    /// Round positions along a row's axis, about eight of them: turn 1 and multiples of 1, 2, 5, 10 ...
    /// turns; or multiples of a round number of seconds, minutes, hours or days.
    static func ticks(_ row: Timeline.Row) -> [Double] {
        let span = row.end - row.start
        switch row.axis {
        case .turns:
            let last = row.end - 1
            let step = roundStep(span / 8, from: [1, 2, 5])
            var ticks = [1.0]
            var t = step
            while t <= last { if t > 1 { ticks.append(t) }; t += step }
            return ticks
        case .time:
            let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
            let step = steps.first { span / $0 <= 8 } ?? roundStep(span / 8, from: [86400, 172_800, 432_000])
            var ticks: [Double] = []
            var t = (row.start / step).rounded(.up) * step
            while t <= row.end { ticks.append(t); t += step }
            return ticks
        }
    }

    /// The smallest of `bases` times a power of ten that is at least `least`.
    static func roundStep(_ least: Double, from bases: [Double]) -> Double {
        var scale = 1.0
        while true {
            for base in bases where base * scale >= least { return base * scale }
            scale *= 10
        }
    }

    static func text(_ content: String, x: Double, y: Double, attributes: String) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" \(attributes)>\(escape(content))</text>"
    }

    /// A coordinate with at most two decimals.
    static func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Text made safe for XML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // XML 1.0 allows no control characters but tab, line feed and carriage return.
            case _ where c.value < 0x20 && c != "\t" && c != "\n" && c != "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
