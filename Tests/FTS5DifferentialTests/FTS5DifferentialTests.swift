import Foundation
import Testing
import FTS5Differential
import QueryEngine
import TranscriptFormats
import TranscriptModel

/// Parley against SQLite FTS5 on the same utterances: every difference must follow a rule of
/// Grammar/README.md ("Differences from FTS5"). The full run (more queries, the whole shared corpus and a
/// generated one) is `swift run -c release fts5-differential` in Benchmarks/.
@Suite struct FTS5DifferentialTests {
    static let shared: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")

    @Test func everyDifferenceOnTheSharedCorpusFollowsARule() throws {
        let documents: [Document]
        if FileManager.default.fileExists(atPath: Self.shared.path) {
            let names = ["1953-06-13-kremlin-hungarian-delegation.txt", "2016-04-19-changelog-200-raquel-velez.md",
                         "parlamint-es-ct/ParlaMint-ES-CT_2015-11-19-0401.xml", "1960-05-16-frus-paris-summit-memcon.tei.xml",
                         "2021-04-16-biden-suga-press-conference.md", "1961-07-21-mr4-liberty-bell-7-air-to-ground.txt"]
            documents = Loader().load(names.map { Self.shared.appendingPathComponent($0).path }).documents
        } else {
            print("FTS5DifferentialTests: ../shared/corpus is absent; comparing on the reference document alone")
            documents = [Loader.embeddedReference()]
        }
        let index = CorpusIndex(documents)
        let report = try Differential(index: index).run(count: Int(ProcessInfo.processInfo.environment["FTS5_QUERIES"] ?? "") ?? 300, seed: 14)
        print(report.summary(index: index))
        #expect(report.outcomes.count >= 250)
        #expect(report.unexplained.isEmpty, "\(report.unexplained.count) unexplained differences")
    }

    /// Small fixtures for what the corpus lacks: each rule gives a difference, and the difference is explained
    /// by that rule and no other.
    @Test(arguments: [
        ("Ο σοφός είπε", "σοφος", "folding"), ("Новогодняя ёлка", "елка", "folding"), ("Die Straße", "strasse", "folding"),
        ("the co-operatives of Hungary", "cooperatives", "joined-word"), ("the co-operatives of Hungary", "\"the of\"~1", "joined-word"),
        ("for what it's worth", "\"what worth\"~1", "apostrophe-word"), ("1,500,000 tons", "500", "number-is-one-word"),
        ("ratified by the Senate22 at once", "senate", "letters-then-digits"),
    ])
    func eachRuleExplainsItsOwnDifference(text: String, query: String, rule: String) throws {
        let utterances = [text, "nothing to see here"].enumerated().map { i, t in
            Utterance(kind: .speech, speaker: nil, turn: nil, text: t, location: SourceLocation(path: "f.txt", line: i + 1))
        }
        let index = CorpusIndex([Document(id: "f", path: "f.txt", format: "text", utterances: utterances)])
        let fts5: String
        if query.hasSuffix("~1") {
            let words = query.dropFirst().dropLast(3).split(separator: " ").map { "\"\($0)\"" }
            fts5 = "text : NEAR(" + words.joined(separator: " ") + ", 1)"
        } else {
            fts5 = "text : \"" + query + "\""
        }
        let words = query.filter { $0 != "\"" }.replacingOccurrences(of: "~1", with: "").split(separator: " ").map(String.init)
        let outcome = try #require(try Differential(index: index).compare(GeneratedQuery(kind: "fixture", parley: query, fts5: fts5, words: words)))
        #expect(!outcome.agrees)
        #expect(outcome.unexplained == nil)
        #expect(outcome.rules == [rule])
    }

    @Test func aCorrectionExplainsItsOwnDifference() throws {
        let text = "like a [: to] swing ."
        let correction = EditorialSpan(kind: .correction, range: 5..<13, content: "to", replaced: "a")
        let utterances = [Utterance(kind: .speech, speaker: nil, turn: nil, text: text, location: SourceLocation(path: "f.cha", line: 1),
                                    editorial: [correction]),
                          Utterance(kind: .speech, speaker: nil, turn: nil, text: "nothing to see here", location: SourceLocation(path: "f.cha", line: 2))]
        let index = CorpusIndex([Document(id: "f", path: "f.cha", format: "chat", utterances: utterances)])
        let query = GeneratedQuery(kind: "fixture", parley: "\"like to swing\"", fts5: "text : \"like to swing\"", words: ["like", "to", "swing"])
        let outcome = try #require(try Differential(index: index).compare(query))
        #expect(outcome.parley == 1 && outcome.fts5 == 0)
        #expect(outcome.unexplained == nil)
        #expect(outcome.rules == ["correction"])
    }
}
