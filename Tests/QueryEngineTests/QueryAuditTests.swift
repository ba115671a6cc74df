import Testing
import QueryEngine
import QueryLanguage
@testable import TranscriptFormats
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

    /// The index of one plain-text document.
    static func index(ofText text: String) -> CorpusIndex {
        CorpusIndex([ArchivalTextReader(format: .text).read(DecodedText(bytes: Array(text.utf8), warnings: []), id: "t", path: "t.txt")])
    }

    /// How many utterances `query` matches in `index`, and the notes it gets.
    static func run(_ query: String, in index: CorpusIndex) throws -> (matched: Int, notes: [String]) {
        let parsed = parseQuery(query)
        let evaluator = Evaluator(index: index, settings: MatchSettings(), named: NamedQueries(), source: parsed.source)
        let set = try evaluator.evaluate(parsed.expression)
        return (set.count, evaluator.notes.map(\.0.message))
    }

    /// `speaker:Ann Lee` is `speaker:Ann` and the word `Lee` said: it found only the utterances where Ann
    /// Lee says her own name, and looked like an answer. Where the two words name a speaker, a note says
    /// how to write the name; where they do not, nothing is said.
    @Test func aSpeakersNameCutByASpaceGetsANote() throws {
        let text = "Ann Lee: We met in May.\n\nBob Ray: Where?\n\nAnn Lee: At the mill, said Lee.\n\nBob Ray: Fine.\n"
        let index = Self.index(ofText: text)
        func run(_ query: String) throws -> (matched: Int, notes: [String]) { try Self.run(query, in: index) }
        // Ann Lee's utterances holding the word `lee`: one of her two.
        let cut = try run("speaker:Ann Lee")
        #expect(cut.matched == 1)
        #expect(cut.notes == ["'speaker:Ann Lee' is 'speaker:Ann' and the word 'Lee' said; for Ann Lee, write 'speaker:\"Ann Lee\"'"])
        #expect(try run("speaker:\"Ann Lee\"") == (2, []))
        #expect(try run("speaker:Ann mill").notes.isEmpty)
        #expect(try run("speaker:Ann AND Lee").notes.isEmpty)
    }

    /// `Ann or Bob` finds the utterances that hold all three words: none here, though Ann and Bob are each
    /// said. Operators are written in capitals; a word of theirs in small letters gets a note, and the query
    /// runs as written.
    @Test func anOperatorInSmallLettersGetsANote() throws {
        let text = "Ann Lee: Ask Ann.\n\nBob Ray: Ask Bob or me, not Ann.\n\nAnn Lee: And Bob?\n\nBob Ray: Fine.\n"
        let index = Self.index(ofText: text)
        func run(_ query: String) throws -> (matched: Int, notes: [String]) { try Self.run(query, in: index) }
        // Utterances holding ann, or and bob: the second only (`Ask Bob or me, not Ann.`).
        #expect(try run("ann or bob") == (1, ["'or' is searched as a word; for either side, write OR"]))
        // Ann (utterances 1 and 2) or Bob (2 and 3).
        #expect(try run("ann OR bob") == (3, []))
        #expect(try run("bob not ann").notes == ["'not' is searched as a word; to leave out what follows, write NOT"])
        #expect(try run("And bob").notes == ["'And' is searched as a word; words side by side must all be there without it"])
        // A quoted word is the word, asked for.
        #expect(try run("ann \"or\" bob").notes.isEmpty)
        #expect(try run("orange bob").notes.isEmpty)
    }

    /// Chinese is written without spaces: a run of its characters was one word to the tokenizer, and `我们`
    /// found none of the sentences that hold it, which looked like an answer. A Chinese character or a
    /// kana is now a word of its own, and a word of several is the phrase of its characters.
    @Test func aChineseWordIsFoundInsideASentence() throws {
        let text = "王丽：我们需要更多的合作。\n\nTom Reed: We agree.\n\n王丽：那么我们开始吧。\n\nTom Reed: 我们\n\n王丽：我的们。\n"
        let index = Self.index(ofText: text)
        // `我们` stands in the first, third and fourth utterances; the fifth holds `我` and `们` apart.
        #expect(try Self.run("我们", in: index) == (3, []))
        #expect(try Self.run("/我们/", in: index).matched == 3)
        #expect(try Self.run("们", in: index).matched == 4)
        #expect(try Self.run("我们需要更多的合作", in: index) == (1, []))
        #expect(try Self.run("\"我 们\"", in: index).matched == 3)
        #expect(try Self.run("agree", in: index) == (1, []))
        // Japanese kana and kanji alike; Korean, written with spaces, keeps its words.
        #expect(Tokenizer.words("ありがとう").count == 5 && Tokenizer.words("東京都").count == 3)
        #expect(Tokenizer.words("안녕하세요 여러분").count == 2)
        // A Latin word beside a Chinese character ends there: no hyphen is kept at its end.
        #expect(Tokenizer.words("WTO-成员") == [["wto"], ["成"], ["员"]])
        // A name in a script without case can be written no other way: `mentions:` takes every use.
        let named = Self.index(ofText: "王丽：我们开始吧。\n\nTom Reed: I agree with 王丽 on this.\n\n王丽：王丽说好。\n\nTom Reed: tom is ready.\n")
        #expect(try Self.run("mentions:王丽", in: named).matched == 2)
        #expect(try Self.run("mentions:Tom", in: named).matched == 0)
        let hebrew = Self.index(ofText: "Dana: שלום דוד\n\nAvi: hello\n")
        #expect(try Self.run("mentions:דוד", in: hebrew).matched == 1)
    }

    /// Thai is written without spaces too, and its letters are no words alone: a run is one word, and a word
    /// asked for that stands inside longer runs gets a note that says where a regular expression finds it.
    @Test func aThaiWordInsideLongerRunsGetsANote() throws {
        let text = "Somchai: สวัสดีครับ\n\nAnn Lee: Hello.\n\nSomchai: สวัสดี\n"
        let index = Self.index(ofText: text)
        #expect(try Self.run("สวัสดี", in: index)
                == (1, ["'สวัสดี' stands inside longer runs of letters, not split into words, in 1 more utterance; /สวัสดี/ finds it anywhere"]))
        #expect(try Self.run("hello", in: index).notes.isEmpty)
        #expect(Tokenizer.holdsScriptWithoutSpaces("สวัสดี") && !Tokenizer.holdsScriptWithoutSpaces("我们"))
    }

    /// A regular expression matches text, not names: `mentions:/r.kosi/` looked up the word `r.kosi`.
    @Test func mentionsRefusesARegularExpression() throws {
        let index = WordRuleTests.index(Self.texts)
        let parsed = parseQuery("mentions:/r.kosi/")
        let evaluator = Evaluator(index: index, settings: MatchSettings(), named: NamedQueries(), source: parsed.source)
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(parsed.expression) }
    }

    /// The matches `kwic` shows and `count by` counts as hits, as whole words of utterance `u`.
    static func highlighted(_ query: String, in u: Int, _ texts: [String] = texts) -> [String] {
        let index = WordRuleTests.index(texts)
        let parsed = parseQuery(query)
        let highlighter = Highlighter(parsed.expression, index: index, named: NamedQueries())
        let bytes = Array(texts[u].utf8)
        return highlighter.matches(in: texts[u]).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// A phrase with a word the corpus lacks matches nothing, yet its other words were highlighted and
    /// counted as hits wherever the rest of the query matched: `"army xyzzy" OR purge` showed three
    /// `army` in utterance 3, where only `purge` is a match.
    @Test func aPhraseWithAnUnknownWordHighlightsNothing() throws {
        #expect(try Self.matched("\"army xyzzy\" OR purge") == [2, 3, 4])
        #expect(Self.highlighted("\"army xyzzy\" OR purge", in: 3) == ["purge"])
        #expect(Self.highlighted("\"the xyzzy army\" OR purge", in: 3) == ["purge"])
        #expect(Self.highlighted("\"army xyzzy\"~3 OR purge", in: 4) == ["Purge"])
        #expect(Self.highlighted("\"army purge\" OR xyzzy", in: 3) == ["army purge"])
    }

    /// A proximity phrase's words were highlighted, and counted as hits, wherever the utterance held
    /// them: `"army purge"~1` showed all three `army` of utterance 3, where one `army` stands within a
    /// word of `purge` (positions: The army was purged The army purge was wrong).
    @Test func aProximityHighlightsOnlyTheWordsWithinIt() throws {
        #expect(try Self.matched("\"army purge\"~1") == [2, 3, 4])
        #expect(Self.highlighted("\"army purge\"~1", in: 3) == ["army", "purge"])
        #expect(Self.highlighted("\"army purge\"~1", in: 2) == ["army", "purge"])
        #expect(Self.highlighted("\"purge army\"~1", in: 4) == ["Purge", "army"])
        // `purged` is another word: army(1) and purge(6) are four words apart, army(5) and purge(6) none.
        #expect(Self.highlighted("\"army purge\"~4", in: 3) == ["army", "army", "purge"])
        // Three words: the window must hold all three; `was` stands twice, once inside it.
        #expect(Self.highlighted("\"army purge was\"~1", in: 3) == ["army", "purge", "was"])
        #expect(Self.highlighted("\"army purge\"~1 OR wrong", in: 3) == ["army", "purge", "wrong"])
    }
}
