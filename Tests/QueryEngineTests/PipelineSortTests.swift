import QueryLanguage
import TranscriptFormats
import TranscriptModel
import Testing

@testable import QueryEngine

/// `sort by` orders units by the value of their first utterance, the reverse for `desc`, ties always by
/// unit number; turn numbers as numbers. Checked against a plain sort of (value, unit) for every field and
/// scope on the reference document and three shared transcripts.
@Suite struct PipelineSortTests {
    @Test(arguments: Scope.allCases)
    func sortOrdersByValueThenUnit(scope: Scope) {
        let index = EvaluatorLawTests.index
        let pipeline = Pipeline(index: index, scope: scope, stopWords: [], highlighter: Highlighter())
        let count = scope == .utterance ? index.utteranceCount : scope == .turn ? index.turnUnitCount : index.documents.count
        // Every unit, in a shuffled order, so that the sort has work to do.
        var random = SystemRandomNumberGenerator()
        let units = Array(0..<count).shuffled(using: &random)
        for field in ResultField.allCases {
            let value = { (unit: Int) -> String in
                pipeline.values(of: field, pipeline.utterances(ofUnit: unit).first ?? 0).first.flatMap { $0 } ?? ""
            }
            let before = { (a: String, b: String) -> Bool in
                if field == .turn, let x = Int(a), let y = Int(b) { return x < y }
                return a < b
            }
            for descending in [false, true] {
                let expected = units.sorted { a, b in
                    let (x, y) = (value(a), value(b))
                    if x == y { return a < b }
                    return descending ? before(y, x) : before(x, y)
                }
                #expect(pipeline.sort(units, by: .field(field), descending: descending) == expected, "\(field) \(descending)")
            }
        }
    }

    /// `count` after a `sort` stage counts the same documents and turns as without it: the sort puts
    /// the utterances out of corpus order, which the count's walk over documents must follow.
    @Test(arguments: Scope.allCases)
    func countAfterSortCountsTheSame(scope: Scope) {
        // Three documents whose speakers recur, so that sorting by speaker mixes them.
        let documents = (0..<3).map { n -> Document in
            var document = Loader.embeddedReference()
            document.id += "-\(n)"
            document.path += "-\(n)"
            return document
        }
        let index = CorpusIndex(documents)
        let pipeline = Pipeline(index: index, scope: scope, stopWords: [], highlighter: Highlighter())
        let count = scope == .utterance ? index.utteranceCount : scope == .turn ? index.turnUnitCount : index.documents.count
        var matched = Bitset(capacity: count)
        for unit in stride(from: 0, to: count, by: scope == .document ? 1 : 3) { matched.insert(unit) }
        let plain = pipeline.run(matched, stages: parseQuery("* | count").stages)
        for key in ["speaker", "doc desc", "date", "kind desc"] {
            let sorted = pipeline.run(matched, stages: parseQuery("* | sort by \(key) | count").stages)
            guard case .counts(let u0, let t0, let d0) = plain, case .counts(let u1, let t1, let d1) = sorted else {
                Issue.record("no counts for \(key)")
                continue
            }
            #expect(u0 == u1 && t0 == t1 && d0 == d1, "sort by \(key), \(scope)")
            #expect(d0 > 1, "the corpus has several documents")
        }
    }
}
