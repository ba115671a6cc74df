import Foundation
import Testing
@testable import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// Every table row's `query` finds exactly that row's hits: run it, and its hits are the matched
/// utterances with the row's value, as many as the row counts.
@Suite struct DrillTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus").path

    static let reference = CorpusIndex([Loader.embeddedReference()])

    /// The whole shared corpus: dates of a day and of a month, timed captions, parties, roles, hearings.
    static let corpus: CorpusIndex? = FileManager.default.fileExists(atPath: shared) ? CorpusIndex(Loader().load([shared]).documents) : nil

    func runner(_ index: CorpusIndex) -> QueryRunner {
        QueryRunner(index: index, settings: MatchSettings(), named: NamedQueries(), stopWords: .perLanguage)
    }

    /// The table a query makes, and the utterances it matched.
    func table(_ query: String, _ index: CorpusIndex) throws -> (ResultTable, Set<Int>) {
        let result = runner(index).run(query)
        guard case .answered(.table(let table)) = result.outcome, let matched = result.matched else {
            Issue.record("\(query) made no table: \(result.diagnostics.map(\.0.message))")
            throw CancellationError()
        }
        return (table, Set(matched.members))
    }

    /// The utterances a row's query matches.
    func hits(_ table: ResultTable, row: Int, _ index: CorpusIndex, _ what: String) -> Set<Int>? {
        guard let query = table.query(ofRow: row) else {
            Issue.record("\(what): row \(row + 1) \(table.rows[row].map(\.text)) has no query")
            return nil
        }
        let result = runner(index).run(query)
        guard let matched = result.matched else {
            Issue.record("\(what): row \(row + 1)'s query '\(query)' failed: \(result.diagnostics.map(\.0.message))")
            return nil
        }
        return Set(matched.members)
    }

    /// `count by`: each row's query finds the matched utterances with the row's values, as many as the row
    /// says; with single-valued groupings the rows share no utterance, so together they are the matches.
    func checkCount(_ query: String, _ index: CorpusIndex, groupings: [Grouping]) throws {
        let (table, matched) = try table(query + " | count by " + groupings.map(\.text).joined(separator: ", "), index)
        try #require(!table.rows.isEmpty, "\(query): no rows")
        let pipeline = Pipeline(index: index, scope: .utterance, stopWords: .perLanguage, highlighter: Highlighter())
        var seen = Set<Int>()
        let utterances = table.column("utterances") ?? 0
        for (r, row) in table.rows.enumerated() {
            guard let found = hits(table, row: r, index, query) else { continue }
            #expect(row[utterances] == .integer(found.count), "\(query): row \(row.map(\.text))")
            // The turns with a hit and the words, counted here from the row's utterances.
            let turns = Set(found.map { Int(index.turnUnit[$0]) }.filter { index.unitIsTurn.contains($0) }).count
            let words = found.reduce(0) { $0 + index.wordCount($1, editorial: true) }
            #expect(row[utterances + 2] == .integer(turns) && row[utterances + 3] == .integer(words),
                    "\(query): row \(row.map(\.text)): \(turns) turns, \(words) words")
            #expect(found.isSubset(of: matched), "\(query): row \(row.map(\.text)) finds utterances the query did not")
            for (g, grouping) in groupings.enumerated() {
                let value = row[g].text
                let wrong = found.filter { u in
                    // Values that differ only in case are one value, shown as first written.
                    let values = pipeline.classifierValues(grouping, u).map { $0.map(Folding.fold) }
                    return !values.contains(value == "(none)" ? nil : Folding.fold(value))
                }
                #expect(wrong.isEmpty, "\(query): row \(row.map(\.text)) finds \(wrong.count) utterances without \(grouping.text) \(value)")
            }
            seen.formUnion(found)
        }
        #expect(seen == matched, "\(query): the rows' queries together are not the query's matches")
    }

    @Test(arguments: [
        [Grouping.field(.speaker)], [.field(.doc)], [.field(.kind)], [.field(.date)], [.field(.turn)],
        [.date(.year)], [.date(.month)], [.field(.speaker), .field(.kind)],
    ])
    func everyCountRowOfTheReferenceDrillsToItsHits(groupings: [Grouping]) throws {
        for query in ["*", "army", "speaker:Beria OR peasants"] { try checkCount(query, Self.reference, groupings: groupings) }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: shared), "../shared/corpus is not beside the clone"),
          arguments: [
              [Grouping.field(.speaker)], [.field(.doc)], [.field(.date)], [.date(.year)], [.date(.month)], [.date(.day)],
              [.field(.party)], [.field(.role)], [.field(.unit)], [.time(seconds: 600)], [.field(.doc), .field(.speaker)],
              [.date(.month), .field(.kind)],
          ])
    func everyCountRowOfTheSharedCorpusDrillsToItsHits(groupings: [Grouping]) throws {
        let index = try #require(Self.corpus)
        for query in ["*", "the"] { try checkCount(query, index, groupings: groupings) }
    }

    /// `words`: a row's query finds the matched utterances where the word stands.
    @Test func everyWordsRowDrillsToTheUtterancesWithTheWord() throws {
        for query in ["*", "speaker:Malenkov"] {
            let (table, matched) = try table(query + " | words 30", Self.reference)
            try #require(table.rows.count == 30)
            for (r, row) in table.rows.enumerated() {
                guard let found = hits(table, row: r, Self.reference, query) else { continue }
                let word = Folding.fold(row[0].text)
                let expected = matched.filter { u in Tokenizer.words(Self.reference.utterance(u).text).joined().contains(word) }
                #expect(found == expected, "\(query): word \(word)")
            }
        }
    }

    /// `interruptions` and `transitions`: a row's query finds the utterances counted in it (one each for an
    /// interruption; a transition counts the turns they stand in).
    func checkPairs(_ query: String, _ index: CorpusIndex, stage: String, turns: Bool) throws {
        let (table, matched) = try table(query + " | " + stage, index)
        try #require(!table.rows.isEmpty, "\(query) | \(stage): no rows")
        let count = table.column("count") ?? 0
        var seen = Set<Int>()
        for (r, row) in table.rows.enumerated() {
            guard let found = hits(table, row: r, index, stage) else { continue }
            #expect(found.isSubset(of: matched))
            let counted = turns ? Set(found.map { Int(index.turnUnit[$0]) }).count : found.count
            #expect(row[count] == .integer(counted), "\(stage): row \(row.map(\.text)) finds \(counted)")
            #expect(seen.isDisjoint(with: found), "\(stage): row \(row.map(\.text)) shares hits with another row")
            seen.formUnion(found)
        }
    }

    @Test func everyInterruptionAndTransitionRowOfTheReferenceDrillsToItsHits() throws {
        for query in ["*", "army OR kind:interjection"] {
            try checkPairs(query, Self.reference, stage: "interruptions", turns: false)
            try checkPairs(query, Self.reference, stage: "transitions", turns: true)
        }
        try checkPairs("*", Self.reference, stage: "interruptions by doc", turns: false)
    }

    /// An utterance matched by a field on the other side of an `OR` is one hit, as with fields alone: the
    /// interjections' row had its utterances and 0 hits, a rate of 0.
    @Test func anUtteranceMatchedByAFieldBesideWordsIsOneHit() throws {
        let index = Self.reference
        let interjections = (0..<index.utteranceCount).filter { index.utterance($0).kind == .interjection }
        try #require(!interjections.isEmpty && interjections.allSatisfy { !index.utterance($0).text.lowercased().contains("collective leadership") })
        let (table, _) = try table("kind:interjection OR \"collective leadership\" | count by kind", index)
        let row = try #require(table.rows.first { $0[0].text == "interjection" })
        #expect(row[try #require(table.column("utterances"))] == .integer(interjections.count))
        #expect(row[try #require(table.column("hits"))] == .integer(interjections.count))
    }

    /// Under `.within turn` a row's query matches whole turns: `speaker:"Rusk"` there finds the
    /// interjections in Rusk's turns too, so a speaker's row has no query; a document's row does.
    @Test func underWithinTurnOnlyGroupsThatHoldWholeTurnsHaveQueries() throws {
        let runner = QueryRunner(index: Self.reference, settings: MatchSettings(scope: .turn), named: NamedQueries(), stopWords: .perLanguage)
        for (grouping, drills) in [("speaker", false), ("kind", false), ("doc", true), ("turn", true)] {
            let result = runner.run("army | count by \(grouping)")
            guard case .answered(.table(let table)) = result.outcome else { Issue.record("no table by \(grouping)"); continue }
            let utterances = try #require(table.column("utterances"))
            for r in table.rows.indices {
                guard drills else {
                    #expect(table.query(ofRow: r) == nil, "by \(grouping): row \(r + 1)")
                    continue
                }
                // Its hits counted as the row counts them: one row, the same utterances.
                let query = try #require(table.query(ofRow: r))
                guard case .answered(.table(let again)) = runner.run(query + " | count by \(grouping)").outcome else {
                    Issue.record("\(query): no table")
                    continue
                }
                #expect(again.rows.count == 1 && again.rows.first?[utterances] == table.rows[r][utterances], "by \(grouping): \(query)")
            }
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: shared), "../shared/corpus is not beside the clone"))
    func everyInterruptionAndTransitionRowOfTheSharedCorpusDrillsToItsHits() throws {
        let index = try #require(Self.corpus)
        try checkPairs("*", index, stage: "interruptions by doc", turns: false)
        try checkPairs("*", index, stage: "transitions", turns: true)
    }
}

extension Pipeline {
    /// The values of a grouping for an utterance, as `count by` sorts it.
    func classifierValues(_ grouping: Grouping, _ u: Int) -> [String?] {
        let d = index.address(u).document
        let classifier = classifier(grouping)
        return classifier.ids(u, d).map(classifier.name)
    }
}
