import Foundation
import Testing
import ShellCore
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// `collocates`, `keywords` and `ngrams` tables print in every output format, with the columns
/// `TableColumns.of` names, and the same rows in each.
@Suite struct AnalysisRenderTests {
    static let queries = ["army | collocates min 2", "speaker:Beria | keywords", "army | ngrams 2"]

    func run(_ query: String, _ format: OutputFormat) -> BufferOutput {
        let output = BufferOutput()
        _ = Session(documents: [Loader.embeddedReference()], output: output, format: format).run(query)
        return output
    }

    func columns(_ query: String) -> [String] {
        TableColumns.of(Pipeline.output(of: parseQuery(query).stages)) ?? []
    }

    @Test(arguments: queries)
    func everyFormatPrintsTheTable(_ query: String) throws {
        let columns = columns(query)
        #expect(columns.count >= 3 && columns.last == "query")
        // JSON: objects with the columns as keys, numbers as numbers.
        let json = run(query, .json)
        #expect(json.errors.isEmpty, "\(json.errors)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(!objects.isEmpty)
        #expect(objects.allSatisfy { Set($0.keys) == Set(columns) })
        #expect(objects.allSatisfy { $0[columns[1]] is NSNumber })
        // CSV: the header, then a line per row (no cell holds a line break).
        let csv = run(query, .csv).output.split(separator: "\n").map(String.init)
        #expect(csv.first == columns.joined(separator: ","))
        #expect(csv.count - 1 == objects.count)
        // Markdown: a header row, its rule, a row per row.
        let markdown = run(query, .markdown).output.split(separator: "\n").map(String.init)
        #expect(markdown.first == "| " + columns.joined(separator: " | ") + " |")
        #expect(markdown.count - 2 == objects.count)
        // Table: the columns aligned, the query column included; text and kwic number the rows for
        // `.drill N` and leave the query out.
        let table = run(query, .table).output.split(separator: "\n").map(String.init)
        #expect(table.first?.split(separator: " ").map(String.init) == columns)
        #expect(table.count - 1 == objects.count)
        for format in [OutputFormat.text, .kwic] {
            let text = run(query, format).output.split(separator: "\n").map(String.init)
            #expect(text.count - 1 == objects.count, "\(format)")
            #expect(text.first.map { !$0.contains("query") && columns.dropLast().allSatisfy($0.contains) } == true, "\(format)")
            let first = try #require(objects.first?[columns[0]] as? String)
            #expect(text.dropFirst().first?.contains(first) == true, "\(format)")
        }
    }

    @Test func aQueryWithOnlyFieldsSaysWhyItHasNoCollocates() {
        let text = run("speaker:Beria | collocates", .text)
        #expect(text.output == "0 words\n")
        #expect(text.errors.contains("note: " + Pipeline.noNodes))
        #expect(run("speaker:Beria | collocates", .csv).output == columns("a | collocates").joined(separator: ",") + "\n")
        #expect(run("speaker:Beria | collocates", .json).output == "[]\n")
    }

    @Test func tableStagesSortAndLimitTheAnalysisTables() throws {
        let csv = run("army | ngrams 2 | sort by ngram | limit 3", .csv).output.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(csv.count == 3 && csv == csv.sorted())
        let keywords = run("army | keywords min 1 | sort by a desc | limit 5", .csv).output.split(separator: "\n").dropFirst()
            .map { Int($0.split(separator: ",")[1]) ?? -1 }
        #expect(keywords.count == 5 && keywords == keywords.sorted(by: >))
    }
}

/// `ngrams N containing WORD` takes one word: a quoted phrase is an error, not an empty table.
@Suite struct NgramsContainingTests {
    @Test func aPhraseAfterContainingIsAnError() {
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output, format: .csv)
        #expect(session.run("army | ngrams 2 containing \"the army\"") != .success)
        #expect(output.errors.contains("error: 'containing' takes one word, not 'the army'"))
        #expect(output.output.isEmpty)
        // One word, quoted so that it is not an operator, still counts: `purging the army and keeping it`.
        #expect(session.run("army | ngrams 2 min 1 containing \"and\"") == .success)
        #expect(output.output.contains("\narmy and,"))
    }
}

/// `words N` that cuts through words as frequent as the last it shows says how many it left out.
@Suite struct WordsTiesTests {
    @Test func wordsAsFrequentAsTheLastShownAreCounted() throws {
        // Counted from the text: alpha, beta, delta and gamma twice each, epsilon once.
        let text = "Mr. SMITH: Alpha beta gamma delta.\n\nMr. JONES: Delta gamma beta alpha epsilon.\n"
        let document = try TimeFieldTests.load(text, name: "ties.txt")
        let output = BufferOutput()
        let session = Session(documents: [document], output: output, format: .csv)
        #expect(session.run("* | words 2") == .success)
        let rows = { (csv: String) in csv.split(separator: "\n").map { $0.split(separator: ",").prefix(2).joined(separator: ",") } }
        #expect(rows(output.output) == ["word,count", "alpha,2", "beta,2"])
        #expect(output.errors.contains("note: 2 more words occur 2 times, as often as 'beta', the last shown (words as frequent are taken in alphabetical order)"))
        // Cut between counts, nothing is said.
        let whole = BufferOutput()
        #expect(Session(documents: [document], output: whole, format: .csv).run("* | words 4") == .success)
        #expect(rows(whole.output) == ["word,count", "alpha,2", "beta,2", "delta,2", "gamma,2"])
        #expect(!whole.errors.contains("more word"))
    }
}
