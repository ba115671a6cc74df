import Foundation
import Testing
@testable import QueryEngine
import QueryLanguage
import TestSupport
import TranscriptFormats
import TranscriptModel

/// Where the tests find what lies beside the package: the oracle script, the English stop list, and
/// `../shared/corpus`.
enum AnalysisFiles {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let oracle = package.appendingPathComponent("Tests/Oracle/analysis.py").path
    static let englishStopList = package.appendingPathComponent("Examples/stopwords-en.txt").path
    static let shared = package.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    /// The largest English transcript of the shared corpus with a plain structure: a House hearing.
    static let hearing = shared + "/2009-01-14-house-small-business-meeting-gpo.htm"
    static var hasShared: Bool { FileManager.default.fileExists(atPath: hearing) }
    static var hasPython: Bool {
        ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A corpus loaded for the tests, with a way to run queries on it.
struct AnalysisCorpus {
    let documents: [Document]
    let index: CorpusIndex

    init(_ documents: [Document]) {
        self.documents = documents
        index = CorpusIndex(documents)
    }

    static let reference = AnalysisCorpus([Loader.embeddedReference()])

    func runner(scope: Scope = .utterance, editorial: Bool = true) -> QueryRunner {
        QueryRunner(index: index, settings: MatchSettings(scope: scope, editorial: editorial), named: NamedQueries(), stopWords: .perLanguage)
    }

    /// The table a query makes.
    func table(_ query: String, scope: Scope = .utterance, editorial: Bool = true) throws -> (ResultTable, QueryResult) {
        let result = runner(scope: scope, editorial: editorial).run(query)
        guard case .answered(.table(let table)) = result.outcome else {
            Issue.record("\(query) made no table: \(result.diagnostics.map(\.0.message))")
            throw CancellationError()
        }
        return (table, result)
    }

    /// The utterances a query matches.
    func matched(_ query: String, scope: Scope = .utterance, editorial: Bool = true) -> Set<Int> {
        let result = runner(scope: scope, editorial: editorial).run(query)
        #expect(!result.query.hasErrors, "\(query): \(result.diagnostics.map(\.0.message))")
        return Set(result.pipeline.utterances(ofUnits: result.matched?.members ?? []))
    }

    /// Each word (position) of an utterance as the index reads it: its byte range and its forms, the word as
    /// written first. Read here with the tokenizer itself, not with the stages' quicker reader.
    func words(_ u: Int) -> [(range: Range<Int>, forms: [String])] {
        var words: [(range: Range<Int>, forms: [String])] = []
        index.utterance(u).withTextUTF8 { text in
            Tokenizer.scan(text, marks: index.marks(ofUtterance: u)) { form, word in
                let folded = String(decoding: form, as: UTF8.self)
                if word.position == words.count {
                    words.append((word.range, [folded]))
                } else {
                    // A correction's word shares its position with the word it replaces: the range covers both.
                    let range = words[word.position].range
                    words[word.position].range = min(range.lowerBound, word.range.lowerBound)..<max(range.upperBound, word.range.upperBound)
                    if !words[word.position].forms.contains(folded) { words[word.position].forms.append(folded) }
                }
            }
        }
        return words
    }

    /// The JSON Lines export of the corpus, written to a temporary file for the oracle.
    func export(to folder: TemporaryFolder) throws -> String {
        try folder.write("corpus.jsonl", JSONLinesWriter.write(documents))
    }
}

/// Runs `Tests/Oracle/analysis.py`, the independent computation, and gives its JSON.
func oracle(_ corpus: String, _ arguments: [String]) throws -> [String: Any] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", AnalysisFiles.oracle, corpus, "--stopwords", AnalysisFiles.englishStopList] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0, let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        Issue.record("the oracle failed (\(process.terminationStatus)): \(problems)")
        throw CancellationError()
    }
    return json
}

/// A cell as a number: integers as they are, decimals as the table prints them (four places).
func number(_ cell: ResultTable.Cell) -> Double? {
    switch cell {
    case .integer(let n): return Double(n)
    case .decimal: return Double(cell.text)
    case .text(let text): return Double(text)
    case .none: return nil
    }
}

/// Compares a table with the oracle's rows, keyed by `key`: the same rows, whole numbers equal, and decimals
/// equal to the oracle's once rounded as the table shows them (four decimals: within half a unit of the
/// fourth place).
func compare(_ table: ResultTable, _ rows: [[String: Any]], key: String, columns: [String], _ label: String,
             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let keyColumn = table.column(key)!
    var ours: [String: [ResultTable.Cell]] = [:]
    for row in table.rows { ours[row[keyColumn].text] = row }
    let theirs = Dictionary(uniqueKeysWithValues: rows.map { ($0[key] as! String, $0) })
    #expect(!theirs.isEmpty, "\(label): the oracle found no rows", sourceLocation: sourceLocation)
    #expect(Set(ours.keys) == Set(theirs.keys),
            "\(label): only Parley \(Set(ours.keys).subtracting(theirs.keys).sorted().prefix(10)), only the oracle \(Set(theirs.keys).subtracting(ours.keys).sorted().prefix(10))",
            sourceLocation: sourceLocation)
    for (word, expected) in theirs {
        guard let row = ours[word] else { continue }
        for column in columns {
            let cell = row[table.column(column)!]
            let value = number(cell) ?? .nan
            let wanted = (expected[column] as? NSNumber)?.doubleValue ?? .nan
            if case .decimal = cell {
                #expect(abs(value - wanted) <= 0.00005 + 1e-9, "\(label): \(word) \(column) is \(cell.text), the oracle \(wanted)",
                        sourceLocation: sourceLocation)
            } else {
                #expect(value == wanted, "\(label): \(word) \(column) is \(cell.text), the oracle \(wanted)", sourceLocation: sourceLocation)
            }
        }
    }
}

/// `collocates`, `keywords` and `ngrams` against `Tests/Oracle/analysis.py`, which counts and computes the
/// formulae of the README on its own from the utterance texts of Parley's JSON Lines export: on the
/// reference document and on a House hearing of the shared corpus. Its tokenizer is simpler than the
/// index's (Unicode categories instead of Parley's folding table), but on these two English documents it
/// reads the same words: the corpus size N it finds is Parley's, checked first, so no row needs leaving out.
@Suite(.enabled(if: AnalysisFiles.hasPython, "python3 is not installed: the oracle cannot run"))
struct AnalysisOracleTests {
    /// The reference document, and the hearing when `../shared/corpus` is there.
    static func corpora() -> [(name: String, corpus: AnalysisCorpus, word: String, speaker: String, other: String)] {
        var corpora = [("reference", AnalysisCorpus.reference, "army", "Beria", "Malenkov")]
        if AnalysisFiles.hasShared {
            corpora.append(("hearing", AnalysisCorpus(Loader().load([AnalysisFiles.hearing]).documents), "business", "Velazquez", "Ehmann"))
        } else {
            print("AnalysisOracleTests: ../shared/corpus is not beside the clone; comparing on the reference document alone")
        }
        return corpora
    }

    @Test func theOracleReadsAsManyWordsAsTheIndex() throws {
        let folder = try TemporaryFolder()
        for (name, corpus, _, _, _) in Self.corpora() {
            let result = try oracle(try corpus.export(to: folder), ["ngrams", "--select", "all", "--n", "2"])
            #expect(result["N"] as? Int == corpus.index.totalWords(editorial: true), "\(name)")
        }
    }

    @Test func collocatesAgreeWithTheOracle() throws {
        let folder = try TemporaryFolder()
        let measures = ["mi", "t", "logdice", "ll"]
        for (name, corpus, word, _, _) in Self.corpora() {
            let path = try corpus.export(to: folder)
            for (options, arguments) in [
                ("", ["--min", "3"]),
                ("by mi min 1", ["--min", "1"]),
                ("window 3 3 by t min 1", ["--window", "3", "3", "--min", "1"]),
                ("window 2 4 by ll min 2 stopwords", ["--window", "2", "4", "--min", "2", "--keep-stopwords"]),
            ] {
                let query = "\(word) | collocates \(options)"
                let (table, _) = try corpus.table(query)
                let expected = try oracle(path, ["collocates", "--select", "word:" + word] + arguments)
                let rows = expected["rows"] as? [[String: Any]] ?? []
                let measure = table.columns[5]
                #expect(measures.contains(measure))
                compare(table, rows, key: "word", columns: ["o", "e", "f_node", "f_coll", measure], "\(name): \(query)")
                // Highest measure first, ties by word; by LL, the words seen more often than expected first.
                let column = table.column(measure)!
                let (o, e) = (table.column("o")!, table.column("e")!)
                func drawn(_ row: [ResultTable.Cell]) -> Bool { (number(row[o]) ?? 0) > (number(row[e]) ?? 0) }
                for (a, b) in zip(table.rows, table.rows.dropFirst()) {
                    guard case .decimal(let x) = a[column], case .decimal(let y) = b[column] else { continue }
                    if measure == "ll", drawn(a) != drawn(b) {
                        #expect(drawn(a), "\(query): \(a[0].text), seen less than expected, before \(b[0].text)")
                        continue
                    }
                    #expect(x > y || (x == y && a[0].text < b[0].text), "\(query): \(a[0].text) before \(b[0].text)")
                }
            }
        }
    }

    @Test func keywordsAgreeWithTheOracle() throws {
        let folder = try TemporaryFolder()
        for (name, corpus, word, speaker, other) in Self.corpora() {
            let path = try corpus.export(to: folder)
            for (query, arguments) in [
                ("\(word) | keywords min 1", ["--select", "word:" + word, "--min", "1"]),
                ("speaker:\(speaker) | keywords", ["--select", "speaker:" + speaker]),
                ("speaker:\(speaker) | keywords vs (speaker:\(other)) min 2", ["--select", "speaker:" + speaker, "--versus", "speaker:" + other, "--min", "2"]),
            ] {
                let (table, _) = try corpus.table(query)
                let expected = try oracle(path, ["keywords"] + arguments)
                let rows = expected["rows"] as? [[String: Any]] ?? []
                compare(table, rows, key: "word", columns: ["a", "b", "ll", "log_ratio"], "\(name): \(query)")
                // Positive keywords first, each group by log-likelihood.
                let positive = Dictionary(uniqueKeysWithValues: rows.map { ($0["word"] as! String, $0["positive"] as! Bool) })
                let order = table.rows.map { positive[$0[0].text] ?? false }
                #expect(order == order.sorted { $0 && !$1 }, "\(query): a negative keyword stands before a positive one")
                for (a, b) in zip(table.rows, table.rows.dropFirst()) where positive[a[0].text] == positive[b[0].text] {
                    guard case .decimal(let x) = a[3], case .decimal(let y) = b[3] else { continue }
                    #expect(x > y || (x == y && a[0].text < b[0].text), "\(query): \(a[0].text) before \(b[0].text)")
                }
            }
        }
    }

    @Test func ngramsAgreeWithTheOracle() throws {
        let folder = try TemporaryFolder()
        for (name, corpus, word, _, _) in Self.corpora() {
            let path = try corpus.export(to: folder)
            for (query, arguments) in [
                ("* | ngrams 3", ["--select", "all", "--n", "3"]),
                ("\(word) | ngrams 2", ["--select", "word:" + word, "--n", "2"]),
                ("* | ngrams 2 min 1 containing \(word.capitalized)", ["--select", "all", "--n", "2", "--min", "1", "--containing", word]),
                ("* | ngrams 5 min 2", ["--select", "all", "--n", "5", "--min", "2"]),
            ] {
                let (table, _) = try corpus.table(query)
                let expected = try oracle(path, ["ngrams"] + arguments)
                compare(table, expected["rows"] as? [[String: Any]] ?? [], key: "ngram", columns: ["count"], "\(name): \(query)")
                for (a, b) in zip(table.rows, table.rows.dropFirst()) {
                    let (x, y) = (number(a[1])!, number(b[1])!)
                    #expect(x > y || (x == y && a[0].text < b[0].text), "\(query): \(a[0].text) before \(b[0].text)")
                }
            }
        }
    }
}

/// Every row's `query` column finds exactly the row's hits: the matched utterances in which the row's word,
/// collocation or sequence occurs, worked out here from the tokenizer's words.
@Suite struct AnalysisDrillTests {
    static func corpora() -> [(AnalysisCorpus, String)] {
        var corpora = [(AnalysisCorpus.reference, "army"), (AnalysisCorpus.reference, "comrade")]
        if AnalysisFiles.hasShared {
            corpora.append((AnalysisCorpus(Loader().load([AnalysisFiles.hearing]).documents), "business"))
        }
        return corpora
    }

    /// Checks up to 50 rows: a row with a query finds `expected(row)`; how many rows had one.
    func check(_ corpus: AnalysisCorpus, _ table: ResultTable, scope: Scope = .utterance, _ label: String,
               expected: ([ResultTable.Cell]) -> Set<Int>) -> Int {
        var written = 0
        for (i, row) in table.rows.prefix(50).enumerated() {
            guard let query = table.query(ofRow: i) else { continue }
            written += 1
            #expect(corpus.matched(query, scope: scope) == expected(row), "\(label): row \(row[0].text): \(query)")
        }
        return written
    }

    @Test func keywordRowsFindTheMatchedUtterancesHoldingTheWord() throws {
        for (corpus, word) in Self.corpora() {
            for scope in [Scope.utterance, .turn] {
                let query = "\(word) | keywords min 1"
                let (table, result) = try corpus.table(query, scope: scope)
                let matched = result.pipeline.utterances(ofUnits: result.matched?.members ?? [])
                let forms = Dictionary(uniqueKeysWithValues: matched.map { u in (u, Set(corpus.words(u).flatMap(\.forms))) })
                let written = check(corpus, table, scope: scope, query) { row in
                    // The units holding the word, as utterances: under `.within turn`, every utterance of a
                    // turn one of whose utterances holds it.
                    let holding = matched.filter { forms[$0]!.contains(row[0].text) }
                    guard scope == .turn else { return Set(holding) }
                    let turns = Set(holding.map { corpus.index.turnUnit[$0] })
                    return Set(matched.filter { turns.contains(corpus.index.turnUnit[$0]) })
                }
                // Every word reads back as itself: every row has its query.
                #expect(written == min(50, table.rows.count), "\(query)")
            }
        }
    }

    @Test func ngramRowsFindTheMatchedUtterancesHoldingTheSequence() throws {
        for (corpus, word) in Self.corpora() {
            for query in ["\(word) | ngrams 2", "\(word) | ngrams 3 min 1", "* | ngrams 2 containing rakosi"] {
                let (table, result) = try corpus.table(query)
                let matched = result.pipeline.utterances(ofUnits: result.matched?.members ?? [])
                let written = matched.map { u in corpus.words(u).map { $0.forms[0] } }
                let expected = { (row: [ResultTable.Cell]) -> Set<Int> in
                    let gram = row[0].text.split(separator: " ").map(String.init)
                    return Set(zip(matched, written).filter { _, words in
                        words.count >= gram.count && (0...(words.count - gram.count)).contains { Array(words[$0..<($0 + gram.count)]) == gram }
                    }.map(\.0))
                }
                // Every word of these corpora reads back as itself: every row has its query.
                #expect(check(corpus, table, query, expected: expected) == min(50, table.rows.count), "\(query)")
            }
        }
        // `Rákosi's` is also `rakosi`: a plain phrase would find it, the row's `written:` does not.
        let (table, _) = try AnalysisCorpus.reference.table("* | ngrams 2 containing rakosi")
        let row = try #require(table.rows.firstIndex { $0[0].text == "comrade rakosi" })
        let drill = try #require(table.query(ofRow: row))
        #expect(drill.contains("written:"))
        #expect(AnalysisCorpus.reference.matched("\"comrade rakosi\"") != AnalysisCorpus.reference.matched(drill))
        // `360 million Rub` once, `quarter million [?] Rub` once: no sequence runs across the note.
        let (rub, _) = try AnalysisCorpus.reference.table("* | ngrams 2 min 1 containing rub")
        #expect(rub.rows.first { $0[0].text == "million rub" }.map { $0[1].text } == "1")
        // Malenkov's `people in the army. (Comrade Rákosi: Including the reserves.) So you carried`, the
        // only `army` followed by `so`: Rákosi spoke between them, and his words are an utterance of their own.
        let (army, _) = try AnalysisCorpus.reference.table("* | ngrams 2 min 1 containing army")
        #expect(army.rows.contains { $0[0].text == "the army" })
        #expect(!army.rows.contains { $0[0].text == "army so" })
        #expect(AnalysisCorpus.reference.matched("written:\"army so\"").isEmpty)
        #expect(AnalysisCorpus.reference.matched("written:\"the reserves\"").count == 1)
    }

    /// The utterances in which `collocate` stands in the window of a match of the query (`kwic`'s matches);
    /// under `.editorial off` neither a match all of whose words the editor inserted nor an inserted word of
    /// a window counts.
    func collocateHits(_ corpus: AnalysisCorpus, _ result: QueryResult, _ collocate: String, left: Int, right: Int,
                       editorial: Bool = true) -> Set<Int> {
        var hits: Set<Int> = []
        for u in result.pipeline.utterances(ofUnits: result.matched?.members ?? []) {
            let words = corpus.words(u)
            let insertions = corpus.index.utterance(u).editorial.filter { $0.kind == .insertion }.map(\.range)
            let inserted = words.map { word in insertions.contains { $0.contains(word.range.lowerBound) } }
            for match in result.pipeline.kwicMatches(u) {
                // The words starting inside the match, or else the word it starts in (a regular expression's
                // match inside a word).
                var covered = words.indices.filter { match.range.contains(words[$0].range.lowerBound) }
                if covered.isEmpty { covered = words.indices.filter { words[$0].range.contains(match.range.lowerBound) } }
                guard let first = covered.first, let last = covered.last, editorial || covered.contains(where: { !inserted[$0] }) else { continue }
                let window = Array(max(0, first - left)..<first) + Array((last + 1)..<min(words.count, last + 1 + right))
                if window.contains(where: { (editorial || !inserted[$0]) && words[$0].forms.contains(collocate) }) { hits.insert(u) }
            }
        }
        return hits
    }

    /// Every kind of node (words, several words, a phrase, a prefix, a regular expression, a field beside
    /// them) and window (even, one-sided, lopsided): every row has a `near:` query finding its utterances.
    @Test func collocateRowsFindTheMatchedUtterancesWithTheWordInAWindow() throws {
        for (corpus, word) in Self.corpora() {
            for (left, right) in [(5, 5), (2, 2), (0, 3), (4, 1)] {
                let query = "\(word) | collocates window \(left) \(right) min 1"
                let (table, result) = try corpus.table(query)
                let expected = { (row: [ResultTable.Cell]) in self.collocateHits(corpus, result, row[0].text, left: left, right: right) }
                #expect(check(corpus, table, query, expected: expected) == min(50, table.rows.count), "\(query)")
            }
        }
        let corpus = AnalysisCorpus.reference
        for nodes in ["army OR soldiers OR military", "\"collective leadership\"", "arm*", "/arm(y|ies)/", "speaker:Beria (party OR comrade)"] {
            let query = "\(nodes) | collocates window 3 2 min 1"
            let (table, result) = try corpus.table(query)
            let expected = { (row: [ResultTable.Cell]) in self.collocateHits(corpus, result, row[0].text, left: 3, right: 2) }
            #expect(check(corpus, table, query, expected: expected) == min(50, table.rows.count), "\(query)")
        }
    }
}

/// What a word is for the analysis stages: positions of the tokenizer, every form of a position, the
/// editor's insertions left out under `.editorial off`.
@Suite struct AnalysisWordTests {
    /// Two paragraphs, the first with a word the editor inserted.
    static let texts = [
        "The [agricultural] cooperatives grew, bye-bye said the army.",
        "The agricultural cooperatives grew. The army's cooperatives grew.",
    ]

    static func corpus() -> AnalysisCorpus {
        let inserted = texts[0].utf8.count - texts[0].drop { $0 != "[" }.utf8.count
        let span = EditorialSpan(kind: .insertion, range: inserted..<(inserted + "[agricultural]".utf8.count), content: "agricultural")
        let utterances = texts.enumerated().map { i, text in
            Utterance(kind: .speech, speaker: nil, turn: nil, text: text, location: TranscriptModel.SourceLocation(path: "fixture.txt", line: i + 1),
                      editorial: i == 0 ? [span] : [])
        }
        return AnalysisCorpus([Document(id: "fixture", path: "fixture.txt", format: "text", utterances: utterances)])
    }

    func row(_ table: ResultTable, _ key: String) -> [String: String]? {
        guard let row = table.rows.first(where: { $0[0].text == key }) else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(table.columns, row.map(\.text)))
    }

    @Test func theEditorsWordsCountOnlyUnderEditorialOn() throws {
        let corpus = Self.corpus()
        // Counted from the texts: every word is a run of letters (the joined `bye-bye` and `army's` one each).
        let words = Self.texts.map { $0.split { !$0.isLetter && $0 != "-" && $0 != "'" }.count }.reduce(0, +)
        #expect(corpus.index.totalWords(editorial: true) == words)
        #expect(corpus.index.totalWords(editorial: false) == words - 1)
        let on = try corpus.table("cooperatives | keywords vs (army) min 1").0
        let off = try corpus.table("cooperatives | keywords vs (army) min 1", editorial: false).0
        #expect(row(on, "agricultural")?["a"] == "2")
        #expect(row(off, "agricultural")?["a"] == "1")
        // A sequence does not run across the editor's word: `the cooperatives` is not a bigram.
        let bigrams = try corpus.table("* | ngrams 2 min 1", editorial: false).0
        #expect(row(bigrams, "the agricultural")?["count"] == "1")
        #expect(row(bigrams, "the cooperatives") == nil)
        #expect(row(try corpus.table("* | ngrams 2 min 1").0, "the agricultural")?["count"] == "2")
    }

    /// `count by`'s hits and rate, and `kwic`'s lines, leave out a match of the editor's word under
    /// `.editorial off`, though another word of the query matched its utterance.
    @Test func hitsLeaveOutTheEditorsWordsUnderEditorialOff() throws {
        let corpus = Self.corpus()
        // Paragraph 0: `agricultural` (inserted) and `army`; paragraph 1: `agricultural` and `army's`. Words:
        // 8 and 8, 7 of paragraph 0's the speaker's.
        let on = try corpus.table("agricultural OR army | count by doc").0
        let off = try corpus.table("agricultural OR army | count by doc", editorial: false).0
        #expect(row(on, "fixture").map { [$0["utterances"], $0["words"], $0["hits"], $0["rate"]] } == [["2", "16", "4", "250.0000"]].first)
        #expect(row(off, "fixture").map { [$0["utterances"], $0["words"], $0["hits"], $0["rate"]] } == [["2", "15", "3", "200.0000"]].first)
        for (editorial, lines) in [(true, 4), (false, 3)] {
            guard case .answered(.kwic(let matches, _, _)) = corpus.runner(editorial: editorial).run("agricultural OR army | kwic").outcome else {
                Issue.record("no kwic")
                continue
            }
            #expect(matches.count == lines, "editorial \(editorial)")
        }
    }

    @Test func nearAndWrittenLeaveOutTheEditorsWordsUnderEditorialOff() throws {
        let corpus = Self.corpus()
        // Paragraph 0 is "The [agricultural] cooperatives grew, ...", 1 "The agricultural cooperatives grew. ...".
        #expect(corpus.matched("near:(cooperatives)~1,0 agricultural") == [0, 1])
        #expect(corpus.matched("near:(cooperatives)~1,0 agricultural", editorial: false) == [1])
        // With the editor's word left out, `the` is not one word before `cooperatives` either: positions
        // are not renumbered.
        #expect(corpus.matched("near:(cooperatives)~1,0 the", editorial: false) == [])
        #expect(corpus.matched("near:(agricultural)~0,1 cooperatives", editorial: false) == [1])
        #expect(corpus.matched("written:\"the agricultural\"") == [0, 1])
        #expect(corpus.matched("written:\"the agricultural\"", editorial: false) == [1])
        // `army's` is written whole once; `army` as written only in paragraph 0.
        #expect(corpus.matched("written:army") == [0])
        #expect(corpus.matched("army") == [0, 1])
        #expect(corpus.matched("written:\"army's\"") == [1])
    }

    @Test func aPositionCountsOnceForEachOfItsForms() throws {
        let corpus = Self.corpus()
        // `bye-bye` is `bye-bye`, `bye` (twice: its two parts) and `byebye`, at one position.
        #expect(corpus.index.term("bye").map { corpus.index.positionCount(ofTerm: $0, editorial: true) } == 1)
        #expect(corpus.index.term("byebye").map { corpus.index.positionCount(ofTerm: $0, editorial: true) } == 1)
        // `army's` counts for `army's` and `army`: `army` is in both paragraphs.
        let keywords = try corpus.table("cooperatives | keywords vs (army) min 1").0
        #expect(row(keywords, "army")?["a"] == "2")
        #expect(row(keywords, "army's")?["a"] == "1")
        // `s` is one character, `the` a stop word.
        #expect(row(keywords, "s") == nil && row(keywords, "the") == nil)
        // n-grams read a word as written.
        let bigrams = try corpus.table("* | ngrams 2 min 1").0
        #expect(row(bigrams, "the army's")?["count"] == "1")
        #expect(row(bigrams, "the army")?["count"] == "1")
    }

    @Test func collocatesCountEachNodeAndEachPositionOfItsWindow() throws {
        let corpus = AnalysisCorpus([SpokenWordsTests.document(["army soldiers march, army soldiers rest", "soldiers alone"])])
        let table = try corpus.table("army | collocates window 2 2 min 1 stopwords").0
        // Two nodes; `soldiers` is right of both (and left of the second: three positions, one word each).
        #expect(row(table, "soldiers")?["f_node"] == "2")
        #expect(row(table, "soldiers")?["o"] == "3")
        #expect(row(table, "soldiers")?["f_coll"] == "3")
        #expect(row(table, "march")?["o"] == "2")
        // E = f(node) · f(coll) · (L + R) / N, N = 8 words.
        #expect(row(table, "soldiers")?["e"] == String(format: "%.4f", 2.0 * 3.0 * 4.0 / 8.0))
    }

    @Test func aQueryWithoutSearchWordsHasNoCollocatesAndSaysWhy() throws {
        let (table, _) = try AnalysisCorpus.reference.table("speaker:Beria | collocates")
        #expect(table.rows.isEmpty)
        #expect(table.note == Pipeline.noNodes)
        let (everything, _) = try AnalysisCorpus.reference.table("* | keywords")
        #expect(everything.rows.isEmpty && everything.note == Pipeline.nothingElse)
    }
}

/// The stages read utterances with their own quicker reader and find the query's matches from its words;
/// both must give what the tokenizer and the highlighter give.
@Suite struct AnalysisReaderTests {
    static func corpora() -> [AnalysisCorpus] {
        var corpora = [AnalysisCorpus.reference]
        if FileManager.default.fileExists(atPath: AnalysisFiles.shared) {
            corpora.append(AnalysisCorpus(Loader().load([AnalysisFiles.shared]).documents))
        }
        return corpora
    }

    func compareReader(_ corpus: AnalysisCorpus, _ label: String) {
        var words = UtteranceWords(corpus.index)
        for u in 0..<corpus.index.utteranceCount {
            var firstForms: [Int32] = [7]
            words.appendFirstForms(of: u, editorial: true, to: &firstForms)
            words.read(u)
            let expected = corpus.words(u)
            // A word of an editor's note is none: -1; so is a note, an elision or the marker of an
            // interjection taken out (`(…)`) between two words.
            let utterance = corpus.index.utterance(u)
            let notes = utterance.editorial.filter { $0.kind == .note }.map(\.range)
            let text = Array(utterance.text.utf8)
            let marker = Array(Utterance.marker.utf8)
            let markers = text.indices.filter { text[$0...].starts(with: marker) }.map { $0..<($0 + marker.count) }
            let marks = utterance.editorial.filter { $0.kind == .note || $0.kind == .elision }.map(\.range) + markers
            var expectedFirst: [String?] = []
            for (p, word) in expected.enumerated() {
                if p > 0, marks.contains(where: { $0.lowerBound >= expected[p - 1].range.upperBound && $0.upperBound <= word.range.lowerBound }) {
                    expectedFirst.append(nil)
                }
                expectedFirst.append(notes.contains { $0.contains(word.range.lowerBound) } ? nil : word.forms[0])
            }
            #expect(firstForms.dropFirst().map { $0 < 0 ? nil : corpus.index.terms.string(Int($0)) } == expectedFirst && firstForms.first == 7,
                    "\(label): utterance \(u)'s first forms are read differently: \(corpus.index.utterance(u).text.prefix(200))")
            let ok = words.count == expected.count && expected.indices.allSatisfy { p in
                words.ranges[p] == expected[p].range && words.forms(at: p).map { corpus.index.terms.string(Int($0)) } == expected[p].forms
            }
            #expect(ok, "\(label): utterance \(u) is read differently: \(corpus.index.utterance(u).text.prefix(200))")
            if !ok { return }
        }
    }

    @Test func theQuickReaderReadsAsTheTokenizer() {
        for (i, corpus) in Self.corpora().enumerated() { compareReader(corpus, "corpus \(i)") }
        let tricky = [
            "don't l'article co-operatives 8-10,000 9,500,000 1.5 a.b 3,b x' 'y --a b-- a--b",
            "Rákosi’s col·laborar STRASSE Straße ﬁne Ǆ ½ № 4 ΣΟΦΟΣ Nguyễn ёлка 東京 re-re bye-bye",
            "tab\there, new\nline; dash — and ‐ hyphen‑nb U.S.A. 1,000.25, 12-3 ab12-34cd",
            "mixed Ünïcödé-words and 'quotes' \"double\" … end.",
            "a.1 b,2 1.a 9.9.9 1,,2 1-a é.5 5.é x'5 5'x ·a a· a·b 2·3 ʼn end' 'start",
            // Words of 8, 9, 16 and 17 bytes, and ends at each joiner, as the reader packs short words.
            "Exactly8 EXACTLY9x ABCDEFGHIJKLMNOP abcdefghijklmnopq 1234567812345678 12345678123456789 Zürichsee Zürichseeufers",
            "a' b- c, d. 7,5 7.x army's army- army, army. army.x ABCDEFGHIJKLMNOP's Exactly8-9 exactly8' exactly8é",
        ]
        compareReader(AnalysisCorpus([SpokenWordsTests.document(tricky)]), "tricky")
    }

    @Test func nodesAreTheHighlightersMatches() {
        for corpus in Self.corpora() {
            var words = UtteranceWords(corpus.index)
            for text in ["army", "army OR party OR comrade", "\"collective leadership\" OR leadership", "collectiv*", "\"army purge\"~5", "the", "Rakosy~"] {
                let query = parseQuery(text)
                let highlighter = Highlighter(query.expression, index: corpus.index, named: NamedQueries())
                var terms = Bitset(capacity: corpus.index.terms.count)
                for id in highlighter.terms { terms.insert(id) }
                let phrases = highlighter.phrases.map { $0.map(Int32.init) }
                for u in 0..<corpus.index.utteranceCount {
                    let expected = highlighter.matches(in: corpus.index.utterance(u).text, marks: corpus.index.marks(ofUtterance: u))
                    words.read(u)
                    var spans: [(first: Int, last: Int)] = []
                    words.matches(terms, phrases, highlighter.proximities, into: &spans)
                    let found = spans.map { words.ranges[$0.first].lowerBound..<words.ranges[$0.last].upperBound }
                    #expect(found == expected, "\(text): utterance \(u)")
                    if found != expected { break }
                }
            }
        }
    }

    @Test func stopListLanguagesFromTheIndexAreThoseOfTheDocuments() throws {
        var documents = Self.corpora().last!.documents
        // Two documents whose language is found from their words, not from metadata.
        documents.append(SpokenWordsTests.document(Array(repeating: "Ez egy nagyon fontos kérdés, és a párt nem tudja, hogy mit kell tenni, de az ország vár.", count: 40), id: "hungarian"))
        documents.append(SpokenWordsTests.document(Array(repeating: "El conseller de la Generalitat diu que la llei és clara i que el govern la complirà.", count: 40), id: "catalan"))
        // Hungarian for its first 5,000 words and more, then far more English: only the first words count.
        let hungarian = "Ez egy nagyon fontos kérdés, és a párt nem tudja, hogy mit kell tenni, de az ország vár."
        let english = "The party does not know what it should do, and the country waits for an answer from it."
        documents.append(SpokenWordsTests.document(Array(repeating: hungarian, count: 400) + Array(repeating: english, count: 1_500), id: "turning"))
        let index = CorpusIndex(documents)
        let languages = index.stopListLanguages()
        let expected = documents.map { StopLists.standard.language(of: $0).code }
        #expect(languages == expected)
        #expect(languages.suffix(3) == ["hu", "ca", "hu"])
    }
}
