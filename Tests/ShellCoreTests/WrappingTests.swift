import Foundation
import Testing
import ShellCore
import TranscriptFormats
import TestSupport

/// Help on a terminal fits its window: lines broken at spaces, never inside a word, with every word kept
/// in order; the description column of a list stays a column. Elsewhere (a pipe, an `.output` file) help
/// is written as it is.
@Suite struct WrappingTests {
    /// What a command prints, in a session that believes its screen `width` columns wide.
    func printed(_ commands: String..., width: Int?, terminal: Bool = true) -> String {
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output, onTerminal: terminal)
        session.width = width
        for command in commands { _ = session.run(command) }
        return output.output
    }

    func help(_ topic: String, width: Int?, terminal: Bool = true) -> String {
        printed(".help " + topic, width: width, terminal: terminal)
    }

    /// A table wider than the window narrows its columns of words, a cell going on below in its own
    /// column; numbers stay whole, on their row's first line, under their headers.
    @Test func aWideTableNarrowsItsColumnsOfWords() throws {
        let folder = try TemporaryFolder()
        let name = "Alexandria Ocasio-Cortez of New York's Fourteenth Congressional District"
        let path = try folder.write("hearing.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v \(name)>We begin today.\n\n"
                                    + "00:00:03.000 --> 00:00:04.000\n<v Smith>Thank you.\n")
        let lines = printed(".load \(path)", "* | count by speaker", width: 80).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count < 80 }, "\(lines)")
        let header = try #require(lines.first { $0.hasPrefix("row ") })
        let column = { (title: String) throws -> Int in
            header.distance(from: header.startIndex, to: try #require(header.range(of: title)).lowerBound)
        }
        let (speaker, utterances, words) = (try column("speaker"), try column("utterances"), try column("words"))
        let first = try #require(lines.firstIndex { $0.dropFirst(speaker).hasPrefix("Alexandria") })
        let rest = lines[(first + 1)...].prefix { $0.prefix(speaker).allSatisfy { $0 == " " } }
        let cell = { (line: String, from: Int, to: Int) in
            String(line.dropFirst(from).prefix(to - from)).trimmingCharacters(in: .whitespaces)
        }
        #expect(([lines[first]] + rest).map { cell($0, speaker, utterances) }.joined(separator: " ") == name)
        #expect(cell(lines[first], utterances, utterances + 10) == "1")
        #expect(lines[first].dropFirst(words).prefix { $0 != " " } == "3")
        #expect(rest.allSatisfy { $0.count <= utterances })
        // Not on a terminal, the row stays one line.
        #expect(printed(".load \(path)", "* | count by speaker", width: nil, terminal: false).contains(name + "  "))
    }

    /// `.topics` on a terminal is broken at spaces, every word kept in order.
    @Test func topicsFitTheWindow() {
        let fitted = printed(".topics", width: 60)
        #expect(fitted.split(separator: "\n").allSatisfy { $0.count < 60 })
        #expect(fitted.split(whereSeparator: \.isWhitespace) == printed(".topics", width: nil).split(whereSeparator: \.isWhitespace))
    }

    /// The reference document's title is longer than the room after the other columns of `.docs`.
    @Test func aLongTitleGoesOnUnderTheTitles() throws {
        let lines = printed(".docs", width: 100).split(separator: "\n")
        let column = try #require(lines.first?.range(of: "title")).lowerBound
        let start = lines[0].distance(from: lines[0].startIndex, to: column)
        #expect(lines.count > 2 && lines.allSatisfy { $0.count <= 100 })
        #expect(lines.dropFirst(2).allSatisfy { $0.prefix(start).allSatisfy { $0 == " " } })
        let plain = printed(".docs", width: nil)
        #expect(plain.split(whereSeparator: \.isWhitespace) == lines.joined(separator: " ").split(whereSeparator: \.isWhitespace))
        let csv = printed(".mode csv", ".docs", width: 100)
        #expect(csv.hasPrefix("id,date,turns,utterances,title\n") && csv == printed(".mode csv", ".docs", width: nil))
    }

    static let topics = ["", "syntax", "fields", "stages", "examples", "open", "count"]

    @Test(arguments: topics, [40, 60, 80, 100, 120, 160])
    func helpFitsTheWindowAndKeepsEveryWord(topic: String, width: Int) {
        let plain = help(topic, width: nil)
        let fitted = help(topic, width: width)
        #expect(plain.split(whereSeparator: \.isWhitespace) == fitted.split(whereSeparator: \.isWhitespace))
        for line in fitted.split(separator: "\n") where line.count > width {
            // Only a word longer than the room may pass the edge, alone on its line.
            #expect(line.split(separator: " ").count == 1, "\(topic) at \(width): \(line)")
        }
    }

    @Test func aDescriptionGoesOnUnderWhereItStarts() throws {
        let lines = help("", width: 100).split(separator: "\n")
        let open = try #require(lines.firstIndex { $0.hasPrefix(".open ") })
        let column = try #require(lines[open].range(of: "replace what")).lowerBound
        let start = lines[open].distance(from: lines[open].startIndex, to: column)
        #expect(lines[open + 1].prefix(start).allSatisfy { $0 == " " } && lines[open + 1].dropFirst(start).first != " ")
        #expect(lines[open + 2].hasPrefix(".output "))
    }

    @Test func aColumnWithNoRoomBesideTheOthersGoesBelowThem() {
        let lines = help("stages", width: 100).split(separator: "\n")
        let words = lines.firstIndex { $0.hasPrefix("words [N]") && $0.hasSuffix("hits to table") }
        #expect(words.map { lines[$0 + 1] } == "    the most frequent words in the matches")
    }

    /// A note or an error on a terminal is broken at spaces too, every word kept; elsewhere it is one line.
    @Test func notesAndErrorsFitTheWindow() {
        func errors(width: Int?, terminal: Bool) -> String {
            let output = BufferOutput()
            let session = Session(documents: [Loader.embeddedReference()], output: output, onTerminal: terminal)
            session.width = width
            _ = session.run(".unload 1953*")
            _ = session.run(".mode nonsense-of-some-length")
            return output.errors
        }
        let plain = errors(width: nil, terminal: false)
        let fitted = errors(width: 40, terminal: true)
        #expect(plain.split(separator: "\n").count == 2 && plain.split(separator: "\n").contains { $0.count > 40 })
        #expect(fitted.split(separator: "\n").allSatisfy { $0.count <= 40 || $0.split(separator: " ").count == 1 })
        #expect(plain.split(whereSeparator: \.isWhitespace) == fitted.split(whereSeparator: \.isWhitespace))
        #expect(errors(width: 40, terminal: false) == plain)
    }

    @Test func helpElsewhereIsWrittenAsItIs() {
        #expect(help("stages", width: 60, terminal: false) == help("stages", width: nil))
        #expect(help("stages", width: 60).split(separator: "\n").count > help("stages", width: nil).split(separator: "\n").count)
    }

    /// What `.load` says of a load on a terminal (how many documents, and that the reference document
    /// stays) is broken at spaces too, as notes and errors are.
    @Test func theLoadSummaryFitsTheWindow() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("talk.txt", "Mr. A: One.\n\nMr. B: Two.\n")
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output, onTerminal: true)
        session.width = 60
        #expect(session.run(".load " + path) == .success)
        let lines = output.errors.split(separator: "\n")
        #expect(lines.count >= 2 && lines.allSatisfy { $0.count <= 59 }, "\(output.errors)")
        #expect(output.errors.replacingOccurrences(of: "\n", with: " ").contains("the built-in reference document '1953-06-13-kremlin-hungarian-delegation' is loaded too"))
    }
}
