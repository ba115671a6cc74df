import Testing
@testable import QueryLanguage

/// The field table and the `FieldName` enum the evaluator switches over name the same fields, each once.
@Suite struct FieldTableTests {
    @Test func everyFieldHasOneRowAndEveryRowIsAField() {
        #expect(QueryVocabulary.fields.map(\.field) == FieldName.allCases)
        #expect(Set(QueryVocabulary.fieldNames).count == FieldName.allCases.count)
    }

    @Test func parsedFieldsKnowTheirField() {
        let query = parseQuery("Speaker:Beria turn:3")
        guard case .and(let parts, _) = query.expression.kind else {
            Issue.record("expected an AND of two fields, got \(query.expression)")
            return
        }
        let fields = parts.compactMap { part -> FieldName? in
            if case .field(let field) = part.kind { return field.field }
            return nil
        }
        #expect(fields == [.speaker, .turn])
    }
}
