import Testing
@testable import QueryLanguage

/// Did-you-mean, as the parser uses it for fields and stages and the engine will for speakers and topics.
@Suite("Suggestions")
struct SuggestionsTests {
    @Test func typosFindTheirWord() {
        #expect(Suggestions.nearest(to: "speakr", among: QueryVocabulary.fieldNames) == "speaker")
        #expect(Suggestions.nearest(to: "cuont", among: QueryVocabulary.stageNames) == "count")
        #expect(Suggestions.nearest(to: "Berija", among: ["Molotov", "Beria", "Malenkov"]) == "Beria")
        #expect(Suggestions.nearest(to: "Rakosy", among: ["Rákosi", "Nagy", "Gerő"]) == "Rákosi")
    }

    @Test func caseAndDiacriticsAreFree() {
        #expect(Suggestions.distance("ÁVH", "avh") == 0)
        #expect(Suggestions.distance("Rakosy", "Rákosi") == 1)
        #expect(Suggestions.distance("cuont", "count") == 1)
        #expect(Suggestions.distance("", "abc") == 3)
    }

    @Test func farOrShortWordsGetNoSuggestion() {
        #expect(Suggestions.nearest(to: "nobody", among: QueryVocabulary.resultFieldNames) == nil)
        #expect(Suggestions.nearest(to: "xy", among: ["xz", "by"]) == nil)
        #expect(Suggestions.nearest(to: "", among: ["a"]) == nil)
        #expect(Suggestions.nearest(to: "Kissinger", among: []) == nil)
    }

    @Test func theCloserCandidateWinsAndTiesGoToTheFirst() {
        #expect(Suggestions.nearest(to: "Malenkof", among: ["Molotov", "Malenkov"]) == "Malenkov")
        #expect(Suggestions.nearest(to: "cat", among: ["bat", "hat"]) == "bat")
    }
}
