import Testing
import QueryEngine
import QueryLanguage
import TranscriptModel

/// Answers that looked right and were not: each figure here is counted by hand from the fixture's text.
@Suite struct QueryAuditTests {
    static let texts = [
        "Rákosi arrived late.",                           // 0: the name, capitalised
        "The rakosi plan was a joke.",                    // 1: lower case: no mention
        "Then Rakosy spoke, and the army purge began.",   // 2: a misspelling, one edit away
        "The army was purged. The army purge was wrong.", // 3
        "Purge the army at once.",                        // 4
    ]

    static func matched(_ query: String, _ texts: [String] = texts) throws -> [Int] {
        try WordRuleTests.matches(query, in: WordRuleTests.index(texts))
    }

    /// `mentions:Rák*` searched for a word spelt `rák` and found nothing; a prefix and a fuzzy word stand
    /// for the capitalised words they cover, as they do in the text.
    @Test func mentionsTakesAPrefixAndAFuzzyWord() throws {
        #expect(try Self.matched("mentions:Rákosi") == [0])
        #expect(try Self.matched("mentions:Rák*") == [0, 2])
        #expect(try Self.matched("mentions:rak*") == [0, 2])
        #expect(try Self.matched("mentions:Rakosi~1") == [0, 2])
        #expect(try Self.matched("rak*") == [0, 1, 2])
    }

    /// A regular expression matches text, not names: `mentions:/r.kosi/` looked up the word `r.kosi`.
    @Test func mentionsRefusesARegularExpression() throws {
        let index = WordRuleTests.index(Self.texts)
        let parsed = parseQuery("mentions:/r.kosi/")
        let evaluator = Evaluator(index: index, settings: MatchSettings(), named: NamedQueries(), source: parsed.source)
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(parsed.expression) }
    }
}
