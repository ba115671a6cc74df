import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import QueryEngine
import Testing
import TranscriptFormats
import TranscriptModel

@testable import ShellCore

/// What an SVG picture holds, read back with an XML parser: the root's attributes, its title, and for
/// each row group its name, its track's ends and the x of each hit mark.
final class SVGReading: NSObject, XMLParserDelegate {
    struct Row { var name = ""; var trackStart = 0.0; var trackEnd = 0.0; var marks: [Double] = [] }
    var root: [String: String] = [:]
    var title = ""
    var rows: [Row] = []
    var axes = 0
    private var path: [String] = []
    private var inRow = false

    static func read(_ text: String) -> (SVGReading, parsed: Bool) {
        let reading = SVGReading()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = reading
        return (reading, parser.parse())
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        path.append(name)
        switch (name, attributes["class"]) {
        case ("svg", _): root = attributes
        case ("g", "row"):
            rows.append(Row(name: attributes["data-name"] ?? ""))
            inRow = true
        case ("g", "axis"): axes += 1
        case ("line", "track"):
            rows[rows.count - 1].trackStart = Double(attributes["x1"] ?? "") ?? .nan
            rows[rows.count - 1].trackEnd = Double(attributes["x2"] ?? "") ?? .nan
        case ("line", "hit"):
            rows[rows.count - 1].marks.append(Double(attributes["x1"] ?? "") ?? .nan)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
        if name == "g" { inRow = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if path == ["svg", "title"] { title += string }
    }
}

/// How `timeline` is shown: a strip on a terminal, records in CSV and JSON, an SVG picture for
/// `.output FILE.svg`, and the error for any other stage sent to an SVG file.
@Suite struct TimelineOutputTests {
    let raw = RawReference()

    func session(_ documents: [Document] = [Loader.embeddedReference()], format: OutputFormat = .text,
                 width: Int? = nil) -> (Session, BufferOutput) {
        let output = BufferOutput()
        let session = Session(documents: documents, output: output, format: format)
        session.width = width
        return (session, output)
    }

    /// The strip's blocks for bin counts, scaled to `fullest`, as the README states the scale.
    func blocks(_ counts: [Int], fullest: Int) -> String {
        let levels = Array(" ▁▂▃▄▅▆▇█")
        return String(counts.map { n in n == 0 ? levels[0] : levels[max(1, Int((Double(n) * 8 / Double(fullest)).rounded(.up)))] })
    }

    @Test(arguments: [80, 120])
    func theStripFillsTheTerminalsWidth(width: Int) throws {
        let (session, output) = session(width: width)
        #expect(session.run("army | timeline by speaker") == .success)
        let lines = output.output.split(separator: "\n").map(String.init)
        let rows = lines.dropFirst()
        #expect(rows.count == Set(raw.pieces.filter { RawReference.occurrences(of: "army", in: $0.text) > 0 }.map(\.speaker)).count)
        #expect(rows.allSatisfy { $0.count <= width })
        #expect(rows.map(\.count).max() == width)
        // Each row's strip, between its bars, against the speaker's hits binned here.
        let strips = rows.map { row -> (String, String) in
            let parts = row.split(separator: "│", omittingEmptySubsequences: false)
            return (parts[0].trimmingCharacters(in: .whitespaces), String(parts[1]))
        }
        let bins = try #require(strips.first?.1.count)
        #expect(bins >= 10)
        var counts: [String: [Int]] = [:]
        for (speaker, _) in strips {
            var bin = Array(repeating: 0, count: bins)
            for (turn, n) in raw.hits(of: "army", speaker: speaker) { bin[turnBin(turn, turns: raw.turns, bins: bins)] += n }
            counts[speaker] = bin
        }
        let fullest = counts.values.flatMap { $0 }.max() ?? 1
        for (speaker, strip) in strips {
            #expect(strip == blocks(counts[speaker] ?? [], fullest: fullest), "\(speaker)")
        }
        #expect(lines.first?.contains("█ = \(fullest) hit") == true)
    }

    @Test func binsNSetsTheStripsLengthAndNoWidthGivesFifty() {
        let (session, output) = session(width: 100)
        session.run("army | timeline bins 23")
        let byTurn = raw.hits(of: "army")
        let counts = (1...raw.turns).map { byTurn[$0] ?? 0 }
        let row = output.output.split(separator: "\n")[1]
        #expect(row.split(separator: "│")[1] == Substring(blocks(counts, fullest: counts.max() ?? 1)))
        #expect(row.hasSuffix("\(counts.reduce(0, +)) hits  DP " + String(format: "%.4f", grieseDP(hits: byTurn, words: wordsByTurn()))))

        let (plain, plainOutput) = self.session()
        plain.run("army | timeline")
        #expect(plainOutput.output.split(separator: "\n")[1].split(separator: "│")[1].count == Timeline.defaultBins)
    }

    @Test func speakersOfSeveralDocumentsStandUnderTheirDocumentsHeading() throws {
        var copy = Loader.embeddedReference()
        copy.id = "copy"
        let (session, output) = session([Loader.embeddedReference(), try TimelineTests.captionDocument(), copy], width: 100)
        session.run("Rákosi OR budget | timeline by speaker")
        let lines = output.output.split(separator: "\n").map(String.init)
        let headings = lines.filter { !$0.contains("│") }
        #expect(headings.count == 4)
        #expect(headings[1].hasPrefix("1953-06-13-kremlin-hungarian-delegation, turns 1–23 ("))
        #expect(headings[2].hasPrefix("hearing, 00:00:00–00:01:40 ("))
        #expect(headings[3].hasPrefix("copy, turns 1–23 ("))
        // Under each heading, that document's speakers by name alone: Ann and Bob under the captions.
        let hearing = try #require(lines.firstIndex { $0.hasPrefix("hearing,") })
        #expect(lines[hearing + 1].hasPrefix("Ann ") && lines[hearing + 2].hasPrefix("Bob "))
        let speakers = Set(raw.pieces.filter { RawReference.occurrences(of: "Rákosi", in: $0.text) > 0 }.map(\.speaker))
        let copyIndex = try #require(lines.firstIndex { $0.hasPrefix("copy,") })
        #expect(Set(lines[(copyIndex + 1)...].map { String($0.prefix { $0 != " " }) }) == speakers)
        #expect(lines.filter { $0.contains("│") }.allSatisfy { $0.count <= 100 })
    }

    func wordsByTurn() -> [Int: Int] {
        let document = Loader.embeddedReference()
        let index = CorpusIndex([document])
        var words: [Int: Int] = [:]
        for turn in document.turns { words[turn.number] = turn.utterances.reduce(0) { $0 + index.wordCount($1) } }
        return words
    }

    @Test func jsonGivesARecordPerRowAndBinWithNumbers() throws {
        let (session, output) = session(format: .json, width: 80)
        session.run("army | timeline bins 23")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [[String: Any]])
        #expect(records.count == 23)
        #expect(records.map { Array($0.keys).sorted() }.allSatisfy { $0 == ["bin", "dp", "end", "hits", "row", "start"] })
        let byTurn = raw.hits(of: "army")
        #expect(records.map { $0["hits"] as? Int } == (1...raw.turns).map { byTurn[$0] ?? 0 })
        #expect(records.map { $0["start"] as? Double } == (1...raw.turns).map(Double.init))
        #expect(records.map { $0["bin"] as? Int } == Array(1...23))
        let dp = try #require(records.first?["dp"] as? Double)
        #expect(abs(dp - grieseDP(hits: byTurn, words: wordsByTurn())) < 0.00005)
        // The order of the keys is the records' order.
        #expect(output.output.hasPrefix("[{\"row\": \"1953-06-13-kremlin-hungarian-delegation\", \"bin\": 1, \"start\": 1, \"end\": 2, \"hits\": "))
    }

    @Test func aTimedRowWritesClockTimesInJSON() throws {
        let (session, output) = session([try TimelineTests.captionDocument()], format: .json)
        session.run("budget | timeline bins 10")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [[String: Any]])
        #expect(records.map { $0["start"] as? String } == (0..<10).map { ClockTime.format(Double($0 * 10)) })
    }

    // MARK: SVG

    /// The reference document, a copy whose id needs escaping, and the timed captions: a row each, each
    /// row's marks at its hits' positions along its track.
    @Test func theSVGPictureHasARowPerDocumentWithMarksAtTheHits() throws {
        var copy = Loader.embeddedReference()
        copy.id = "copy <&> \"quoted\""
        let captions = try TimelineTests.captionDocument()
        let folder = NSTemporaryDirectory() + "parley-timeline-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/plot.svg"
        let (session, output) = session([Loader.embeddedReference(), copy, captions])
        #expect(session.run(".output \(path)") == .success)
        #expect(session.run("army OR budget | timeline") == .success)
        #expect(output.output.isEmpty)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (svg, parsed) = SVGReading.read(text)
        #expect(parsed)
        #expect(svg.root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(svg.root["width"] != nil && svg.root["height"] != nil)
        #expect(svg.root["viewBox"] == "0 0 \(svg.root["width"] ?? "") \(svg.root["height"] ?? "")")
        #expect(svg.title.contains("army OR budget"))
        #expect(svg.rows.map(\.name) == ["1953-06-13-kremlin-hungarian-delegation", copy.id, "hearing"])
        #expect(svg.axes == 3)

        // Positions from the text: turn k's hits in its middle on an axis from turn 1 to one past the last;
        // the captions' hits at their cues' starts, on an axis from 0 to 100 seconds.
        let byTurn = raw.hits(of: "army")
        let turnShares = byTurn.keys.sorted().map { (Double($0) - 0.5) / Double(raw.turns) }
        for (row, shares) in zip(svg.rows, [turnShares, turnShares, [0, 0.2, 0.6]]) {
            let width = row.trackEnd - row.trackStart
            #expect(width > 100)
            let expected = shares.map { row.trackStart + $0 * width }
            #expect(row.marks.count == expected.count, "\(row.name)")
            for (x, e) in zip(row.marks, expected) { #expect(abs(x - e) < 0.01, "\(row.name): \(x) for \(e)") }
        }

        // A second timeline replaces the first: the file is one picture still. Commands print to the screen.
        #expect(session.run("budget | timeline by speaker") == .success)
        let (again, parsedAgain) = SVGReading.read(try String(contentsOfFile: path, encoding: .utf8))
        #expect(parsedAgain)
        // Two hits each: by name.
        #expect(again.rows.map(\.name) == ["hearing · Ann", "hearing · Bob"])
        #expect(session.run(".show") == .success)
        #expect(output.output.contains("output     \(path)"))
    }

    @Test(arguments: ["x.svg", "PLOT.SVG"])
    func anotherStageToAnSVGFileIsAnError(name: String) throws {
        let folder = NSTemporaryDirectory() + "parley-timeline-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + name
        let (session, output) = session()
        #expect(session.run(".output \(path)") == .success)
        #expect(session.run("army | count") == .queryError)
        #expect(output.errors == "error: '\(path)' is an SVG file, and only timeline can be written as SVG, not 'count'; "
                + "add '| timeline', or '.output' alone to send results to the screen\n")
        #expect(session.run("army") == .queryError)
        #expect(output.errors.contains("not 'show'"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).isEmpty)
        // Back to the screen, every stage prints again.
        #expect(session.run(".output") == .success)
        #expect(session.run("army | count") == .success)
        #expect(output.output.hasPrefix("9 utterances"))
    }

    @Test func aScriptStopsAtAnotherStageSentToAnSVGFileWithStatus65() throws {
        let folder = NSTemporaryDirectory() + "parley-timeline-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (session, output) = session()
        let status = session.runScript(".output \(folder)/x.svg\narmy | timeline\narmy | count\narmy | timeline\n", name: "plot.parley")
        #expect(status == .queryError)
        #expect(status.rawValue == 65)
        #expect(output.errors.hasPrefix("plot.parley:3:1: error: '\(folder)/x.svg' is an SVG file, and only timeline can be written as SVG"))
    }
}
