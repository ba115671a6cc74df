import Foundation
import QueryEngine
import Testing
import TestSupport
import TranscriptFormats
import TranscriptModel

@testable import ShellCore

/// Text output aligns by the columns a terminal gives text, not by Characters: `王丽` takes four columns, as
/// `Tom ` does, so a table's row or a kwic line with a Chinese name or context lines up with the others.
@Suite struct DisplayWidthTests {
    /// A short meeting in which Wang Li speaks Chinese (her labels, `王丽：`, end in a fullwidth colon) and Tom
    /// Reed English; both say `budget`.
    static let meeting = """
        王丽：我们今天讨论 budget 的问题。

        Tom Reed: The budget is tight this year.

        王丽：好。那么 budget 怎么办？

        Tom Reed: We cut it.

        """

    /// A session on the meeting, writing text as to a pipe, or to a terminal `width` columns wide.
    func session(width: Int? = nil) throws -> (Session, BufferOutput) {
        let folder = try TemporaryFolder()
        let path = try folder.write("meeting.txt", Self.meeting)
        let documents = Loader().load([path]).documents
        try #require(documents.count == 1)
        let output = BufferOutput()
        let session = Session(documents: documents, output: output, onTerminal: width != nil)
        session.width = width
        return (session, output)
    }

    /// Columns on a terminal, counted apart from the program: the CJK ideographs and the fullwidth
    /// punctuation of the meeting take two, every other Character of it one.
    func columns(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let wide = (0x3000...0x9FFF).contains(scalar.value) || (0xFF01...0xFF60).contains(scalar.value)
            return width + (wide ? 2 : 1)
        }
    }

    /// The columns where the cells of an aligned line start (the first, and each after two spaces or more)
    /// and end.
    func cells(_ line: some StringProtocol) -> [(start: Int, end: Int)] {
        var cells: [(start: Int, end: Int)] = []
        var column = 0
        var spaces = 2
        for character in line {
            if character == " " {
                spaces += 1
            } else {
                if spaces >= 2 { cells.append((column, column)) }
                spaces = 0
            }
            column += columns(String(character))
            if character != " ", let last = cells.indices.last { cells[last].end = column }
        }
        return cells
    }

    @Test func countBySpeakerRowsLineUpUnderTheHeader() throws {
        let (session, output) = try session()
        _ = session.run("* | count by speaker")
        let lines = output.output.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix("row ") })
        let rows = lines.filter { $0.contains("王丽") || $0.contains("Tom Reed") }
        try #require(rows.count == 2, "\(output.output)")
        // Every cell starts at its header's column: `王丽` is padded to the width of `Tom Reed`, in columns.
        let starts = cells(header).map(\.start)
        for row in rows { #expect(cells(row).map(\.start) == starts, "\(output.output)") }
        // The speaker column is as wide as its widest name, `Tom Reed`, and two spaces.
        #expect(starts[2] - starts[1] == max(columns("Tom Reed"), columns("speaker")) + 2)
    }

    @Test func kwicMatchesStartInOneColumn() throws {
        for (width, query) in [(nil, "budget | kwic"), (nil, "budget | kwic 6"), (60, "budget | kwic")] as [(Int?, String)] {
            let (session, output) = try session(width: width)
            _ = session.run(query)
            let lines = output.output.split(separator: "\n").filter { $0.contains("⟦") }
            try #require(lines.count == 3, "\(query): \(output.output)")
            // Where the match starts, and where the speaker's name does (after the place and two spaces).
            let matchColumns = try lines.map { line in columns(line[..<(try #require(line.firstIndex(of: "⟦")))]) }
            #expect(Set(matchColumns).count == 1, "\(query): \(output.output)")
            #expect(Set(lines.map { cells($0)[1].start }).count == 1, "\(query): \(output.output)")
            // The context before a match keeps to its side: `kwic 6`'s six columns after the widest name.
            if query.hasSuffix("6") {
                for (line, column) in zip(lines, matchColumns) {
                    #expect(column - cells(line)[1].start == columns("Tom Reed") + 2 + 6, "\(line)")
                }
            }
            // On a terminal the right context gives way, so no line is wider than the window.
            if let width { #expect(lines.allSatisfy { columns($0) <= width }, "\(output.output)") }
        }
    }

    @Test func timelineStripsStartInOneColumn() throws {
        let (session, output) = try session()
        _ = session.run("budget | timeline by speaker")
        let strips = output.output.split(separator: "\n").filter { $0.contains("│") }
        try #require(strips.count == 2, "\(output.output)")
        let bars = strips.map { line in columns(line[..<(line.firstIndex(of: "│") ?? line.endIndex)]) }
        #expect(Set(bars).count == 1, "\(output.output)")
    }

    @Test func checkReportNumbersEndUnderTheirHeaders() throws {
        let (session, _) = try session()
        let text = CheckReport(session.documents[0]).text
        let lines = text.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix("  speaker ") })
        let rows = lines.filter { $0.hasPrefix("  王丽") || $0.hasPrefix("  Tom Reed") }
        try #require(rows.count == 2, "\(text)")
        // Names are padded on the right, numbers on the left: each number ends where its header does.
        let ends = cells(header).dropFirst().map(\.end)
        for row in rows { #expect(cells(row).dropFirst().map(\.end) == ends, "\(text)") }
    }

    /// A cell narrowed to an odd number of columns breaks between wide characters, never across one: the
    /// line that has one column left ends a column short.
    @Test func aNarrowedCellNeverSplitsAWideCharacter() throws {
        #expect(Renderer.cellLines("王丽说了很多话", width: 5) == ["王丽", "说了", "很多", "话"])
        // A table wider than its window of 40: the column of words narrows and goes on below.
        let said = "a" + String(repeating: "我们今天讨论预算的问题", count: 4)
        let renderer = Renderer(index: CorpusIndex([]), format: .text, width: 40)
        let table = renderer.table(["speaker", "said"], [[.text("王丽"), .text(said)]])
        let lines = table.split(separator: "\n")
        #expect(lines.count > 3, "\(table)")
        #expect(lines.allSatisfy { columns($0) < 40 }, "\(table)")
        // Each piece of the cell starts under `said`, after the name's four columns and their padding.
        let start = cells(lines[0])[1].start
        let parts = lines.dropFirst().map { line -> Substring in
            var column = 0
            let lead = line.prefix { character in
                defer { column += columns(String(character)) }
                return column < start
            }
            #expect(lead.allSatisfy { $0 == " " || "王丽".contains($0) } && columns(lead) == start, "\(table)")
            return line.dropFirst(lead.count)
        }
        #expect(parts.joined() == said)
        #expect(parts.contains { columns($0) % 2 == 1 }, "the cell's first line, after `a`, is one column short: \(table)")
    }

    /// Help and listings fit to the window break Chinese by its columns, also between characters.
    @Test func fittingToTheWindowCountsColumns() {
        let text = String(repeating: "王丽说了很多话。", count: 6) + " " + String(repeating: "好", count: 10)
        let fitted = Wrapping.fit(text, width: 40).split(separator: "\n")
        #expect(fitted.count > 1)
        #expect(fitted.allSatisfy { columns($0) < 40 }, "\(fitted)")
        #expect(fitted.joined().filter { $0 != " " } == text.filter { $0 != " " })
        // Closing punctuation stays with what it closes.
        #expect(!fitted.contains { $0.hasPrefix("。") })
    }

    /// An error's carets stand under the word they point at, after a name of wide characters.
    @Test func caretsStandUnderTheirWordAfterAWideName() throws {
        let (session, output) = try session()
        _ = session.run("speaker:王丽 OR")
        let lines = output.errors.split(separator: "\n")
        let source = try #require(lines.firstIndex { $0.hasSuffix("speaker:王丽 OR") }, "\(output.errors)")
        try #require(source + 1 < lines.count)
        let carets = lines[source + 1]
        let or = try #require(lines[source].range(of: " OR")).lowerBound
        #expect(carets.hasSuffix("^^"))
        #expect(columns(carets.prefix { $0 != "^" }) == columns(lines[source][...or]), "\(output.errors)")
    }

    @Test func columnsOfCharacters() {
        #expect(DisplayWidth.of("Tom Reed") == 8)
        #expect(DisplayWidth.of("王丽") == 4)
        #expect(DisplayWidth.of("カタカナ") == 8)
        #expect(DisplayWidth.of("ｶﾀｶﾅ") == 4)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.of("Ωμέγα") == 5)
        #expect(DisplayWidth.of("e\u{301}te\u{301}") == 3)
        #expect(DisplayWidth.of("a\u{200B}b") == 2)
        #expect(DisplayWidth.of("\t\u{1B}") == 0)
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.prefix(of: "王丽说", fitting: 5) == "王丽")
        #expect(DisplayWidth.suffix(of: "王丽说", fitting: 3) == "说")
        #expect(DisplayWidth.prefix(of: "王", fitting: 1) == "")
    }
}
