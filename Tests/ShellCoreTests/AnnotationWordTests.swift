import Foundation
import Testing
import ShellCore
import TranscriptFormats
import TranscriptModel
import TestSupport

/// CHAT's annotation codes (`[x 2]`, `[+ bch]`, `@o`) are not words: searches do not find them, and a
/// phrase reads across them. A correction's words stand where the words they replace stand.
@Suite struct AnnotationWordTests {
    static let chat = "@UTF8\n@Begin\n@Participants:\tCHI Ann Target_Child, MOT Mother\n"
        + "*CHI:\tmore cookie [: cookies] [*] .\n*MOT:\tyou [x 2] want@o more [+ bch] [* p:w] ?\n*CHI:\tno .\n"
        + "*CHI:\tlike a [: to] swing .\n*CHI:\tde [: the] paper .\n@End\n"

    /// The number of utterances `QUERY | count` reports (the first figure of its line).
    func count(_ query: String, in text: String = chat, path: String = "t.cha") throws -> Int {
        let output = BufferOutput()
        #expect(Session(documents: try Self.read(text, path: path), output: output).run(query + " | count") == .success)
        return Int(output.output.prefix { $0.isNumber }) ?? -1
    }

    /// The documents Parley reads from a file named `path` that holds `text`.
    static func read(_ text: String, path: String) throws -> [Document] {
        let folder = try TemporaryFolder()
        try folder.write(path, text)
        return Loader().load([folder.path + "/" + path]).documents
    }

    @Test func codesAreNotWordsAndAPhraseReadsAcrossThem() throws {
        #expect(try count("bch") == 0)
        #expect(try count("x") == 0)
        #expect(try count("\"you want\"") == 1)
        #expect(try count("\"want more\"") == 1)
        #expect(try count("cookie") == 1)
        #expect(try count("more") == 2)
    }

    @Test func bothReadingsOfACorrectionAreFoundAndNothingBetweenThem() throws {
        #expect(try count("\"like a swing\"") == 1)
        #expect(try count("\"like to swing\"") == 1)
        #expect(try count("\"de paper\"") == 1)
        #expect(try count("\"the paper\"") == 1)
        #expect(try count("\"de the paper\"") == 0)
        #expect(try count("\"a to\"") == 0)
        #expect(try count("\"more cookies\"") == 1)
        // The word and its correction are one position: one word between.
        #expect(try count("\"like swing\"~1") == 1)
    }

    @Test func aStruckPassageAndItsReplacementAreBothFound() throws {
        let markdown = "**PRESIDENT BIDEN:** A new Competitive and <s>Reliance </s>\\[Resilience\\] partnership.\n"
        #expect(try count("\"competitive and resilience partnership\"", in: markdown, path: "t.md") == 1)
        #expect(try count("\"competitive and reliance partnership\"", in: markdown, path: "t.md") == 1)
        #expect(try count("\"reliance resilience\"", in: markdown, path: "t.md") == 0)
    }

    @Test func aCorrectionCountsAsTheWordsItReplaces() throws {
        let output = BufferOutput()
        #expect(Session(documents: try Self.read(Self.chat, path: "t.cha"), output: output).run("speaker:CHI | count by speaker") == .success)
        // Said by the child: "more cookie", "no", "like a swing", "de paper"; `[*]` is a code.
        let row = try #require(output.output.split(separator: "\n").first { $0.contains("Ann") || $0.contains("Target") })
        #expect(row.split(separator: " ").contains("8"), "\(output.output)")
    }

    /// The name of source markup (`[glossary:P11]`) is no word; its value is, and a phrase reads across
    /// the name. `code:glossary` finds the utterances that hold such markup.
    @Test func aMarkupNameIsNoWord() throws {
        let text = "CC: Okay. [glossary:P11], Jim.\n\nCMP: [glossary:RCS] command.\n\nCC: The glossary is long.\n"
        #expect(try count("glossary", in: text, path: "t.txt") == 1)
        #expect(try count("code:glossary", in: text, path: "t.txt") == 2)
        #expect(try count("p11", in: text, path: "t.txt") == 1)
        #expect(try count("\"okay p11 jim\"", in: text, path: "t.txt") == 1)
        #expect(try count("\"rcs command\"", in: text, path: "t.txt") == 1)
    }

    static let markers = "@UTF8\n@Begin\n@Participants:\tCHI Ann Target_Child, MOT Mother\n"
        + "*CHI:\top(en) it xxx 0is &=laughs <(th)at> .\n*MOT:\tyyy 0 .\n*MOT:\tdon('t) www d(o) that .\n@End\n"

    /// `xxx`, `yyy`, `www`, `0`, `0word` and `&=event` stand where words would and are none; a word with the
    /// part not said in parentheses is the whole word, at one position.
    @Test func markersAreNoWordsAndAWordPartlySaidIsTheWholeWord() throws {
        for marker in ["xxx", "yyy", "www", "is", "laughs", "en", "th", "at"] {
            #expect(try count(marker, in: Self.markers) == 0, "\(marker)")
        }
        #expect(try count("open", in: Self.markers) == 1)
        #expect(try count("that", in: Self.markers) == 2)
        #expect(try count("\"open it that\"", in: Self.markers) == 1)
        #expect(try count("\"don't do that\"", in: Self.markers) == 1)
        #expect(try count("code:xxx", in: Self.markers) == 1)
        #expect(try count("code:\"0\"", in: Self.markers) == 2)
        #expect(try count("code:\"&=\"", in: Self.markers) == 1)
        #expect(try count("code:\"()\"", in: Self.markers) == 2)
        // Words spoken: the child's `open it that`, the mother's `don't do that`.
        let output = BufferOutput()
        #expect(Session(documents: try Self.read(Self.markers, path: "t.cha"), output: output, format: .csv).run("* | count by speaker") == .success)
        let words = Dictionary(uniqueKeysWithValues: output.output.split(separator: "\n").dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return (String(cells[0]), String(cells[4]))
        })
        #expect(words == ["Ann": "3", "Mother": "3"], "\(output.output)")
    }
}
