import QueryLanguage
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
}
