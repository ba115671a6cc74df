import Foundation
import Testing
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// Laws every evaluation must keep, checked on real transcripts in every scope: commutativity,
/// De Morgan, double negation, and `*` as the identity of AND.
@Suite struct EvaluatorLawTests {
    static let corpus: [Document] = {
        var documents = [Loader.embeddedReference()]
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")
        let names = ["1987-07-north-testimony-hearing.txt", "2021-04-16-biden-suga-press-conference.md",
                     "1963-08-09-khrushchev-rusk-record.md"]
        documents += Loader().load(names.map { shared.appendingPathComponent($0).path }).documents
        return documents
    }()
    static let index = CorpusIndex(corpus)

    static let atoms = ["army", "rakosi", "speaker:Beria", "\"collective leadership\"", "kind:interjection",
                        "number:>1000", "collectiv*", "Rakosy~", "mentions:Casey", "kind:direction", "topic:army",
                        "editorial:insertion", "turn:1..3", "date:1987", "doc:2021*", "\"army purging\"~5"]

    func evaluate(_ text: String, scope: Scope) throws -> Bitset {
        let query = parseQuery(text)
        try #require(!query.hasErrors, "\(text): \(query.diagnostics.map(\.message))")
        var named = NamedQueries()
        named.setTopic("army", parseQuery("army OR military OR purg*"))
        let evaluator = Evaluator(index: Self.index, settings: MatchSettings(scope: scope), named: named, source: query.source)
        return try evaluator.evaluate(query.expression)
    }

    @Test(arguments: Scope.allCases)
    func lawsHold(scope: Scope) throws {
        for a in Self.atoms {
            let x = try evaluate(a, scope: scope)
            #expect(try evaluate("NOT NOT \(a)", scope: scope) == x, "\(a)")
            #expect(try evaluate("\(a) AND *", scope: scope) == x, "\(a)")
            #expect(try evaluate("\(a) OR \(a)", scope: scope) == x, "\(a)")
            for b in Self.atoms where a < b {
                #expect(try evaluate("\(a) OR \(b)", scope: scope) == evaluate("\(b) OR \(a)", scope: scope), "\(a), \(b)")
                #expect(try evaluate("\(a) \(b)", scope: scope) == evaluate("\(b) AND \(a)", scope: scope), "\(a), \(b)")
                #expect(try evaluate("NOT (\(a) OR \(b))", scope: scope) == evaluate("NOT \(a) AND NOT \(b)", scope: scope), "\(a), \(b)")
                #expect(try evaluate("NOT (\(a) \(b))", scope: scope) == evaluate("-\(a) OR -\(b)", scope: scope), "\(a), \(b)")
            }
        }
    }

    @Test func atomsMatchSomethingSoTheLawsAreNotVacuous() throws {
        // These match only in the shared corpus's files (the reference document has no stage directions);
        // a clone without ../shared checks the others.
        let needShared: Set = ["mentions:Casey", "date:1987", "doc:2021*", "kind:direction"]
        for a in Self.atoms where !needShared.contains(a) || Self.corpus.count > 1 {
            #expect(try !evaluate(a, scope: .utterance).isEmpty, "\(a)")
        }
    }
}
