import Testing
@testable import QueryLanguage

/// The lexer gives every input tokens, and takes the longest token the grammar allows.
@Suite("Lexer")
struct LexerTests {
    /// The kinds and texts of a query's tokens, without the final `end`.
    func lex(_ text: String) -> [String] {
        Lexer.tokenize(Source(text)).dropLast().map { "\($0.kind):\($0.text)" }
    }

    @Test func wordsKeepInternalPunctuation() {
        #expect(lex("Péter's co-operatives 1953-06 and/or doc#2 U.S") == [
            "word:Péter's", "word:co-operatives", "word:1953-06", "word:and/or", "word:doc#2", "word:U.S",
        ])
    }

    @Test func wordsAreReadAsTheTokenizerReadsText() {
        #expect(lex("col·laborar U.S. e.g. №4 quack@o l’article AT&T") == [
            "word:col·laborar", "word:U.S.", "word:e.g.", "word:№4", "word:quack@o", "word:l’article", "word:AT&T",
        ])
        #expect(lex("U.S.) 1953-06..1956-10") == ["word:U.S.", "rightParen:", "word:1953-06", "dots:", "word:1956-10"])
        #expect(lex("№ 😀") == ["unexpected:№", "unexpected:😀"])
    }

    @Test func trailingPunctuationIsNotPartOfAWord() {
        #expect(lex("army-") == ["word:army", "minus:"])
        #expect(lex("Beria.") == ["word:Beria", "unexpected:."])
    }

    @Test func numbersTakeSeparatorsBetweenDigits() {
        #expect(lex("100,000 1.5 10:30 1953") == ["number:100,000", "number:1.5", "number:10:30", "number:1953"])
        // As the tokenizer reads them: `8-10,000` is one word, `'60s` and `’60s` open with their apostrophe,
        // and `can'*` is a prefix.
        #expect(lex("8-10,000 a,b '60s ’60s can'*") == ["word:8-10,000", "word:a", "comma:", "word:b", "word:'60s",
                                                         "word:’60s", "prefix:can'"])
    }

    @Test func fieldNamesAreWordsFollowedByAColon() {
        #expect(lex("speaker:Beria turn:5 time:10:30") == [
            "fieldName:speaker", "word:Beria", "fieldName:turn", "number:5", "fieldName:time", "number:10:30",
        ])
    }

    @Test func operatorsAreUpperCaseOnly() {
        #expect(lex("AND OR NOT and or not") == ["and:AND", "or:OR", "not:NOT", "word:and", "word:or", "word:not"])
    }

    @Test func rangesAndComparisons() {
        #expect(lex("1953-06..1956-10 3..7 >=1960 <5") == [
            "word:1953-06", "dots:", "word:1956-10", "number:3", "dots:", "number:7",
            "comparison:>=", "number:1960", "comparison:<", "number:5",
        ])
    }

    @Test func suffixes() {
        let tokens = Lexer.tokenize(Source(#"collectiv* Rakosy~ Rakosy~1 "army purge"~5"#))
        #expect(tokens.map(\.kind) == [.prefix, .fuzzy, .fuzzy, .phrase, .end])
        #expect(tokens.map(\.argument) == [nil, nil, 1, 5, nil])
        #expect(tokens.map(\.text) == ["collectiv", "Rakosy", "Rakosy", "army purge", ""])
    }

    @Test func regexKeepsItsPatternAsWritten() {
        let tokens = Lexer.tokenize(Source(#"/a\/b(c|d)/"#))
        #expect(tokens.first?.kind == .regex)
        #expect(tokens.first?.text == #"a\/b(c|d)"#)
    }

    @Test func punctuationTokens() {
        #expect(lex("( ) | * @name -x") == [
            "leftParen:", "rightParen:", "pipe:", "star:", "namedReference:name", "minus:", "word:x",
        ])
    }

    @Test func decomposedAccentsStayInTheWord() {
        #expect(lex("Pe\u{301}ter") == ["word:Pe\u{301}ter"])
    }

    @Test func unexpectedCharactersAreGroupedUntilSomethingElseStarts() {
        #expect(lex("a ??? b ?(") == ["word:a", "unexpected:???", "word:b", "unexpected:?", "leftParen:"])
    }

    @Test func everyTokenEndsWithEndAndRangesAreInOrder() {
        for text in ["", " ", "\u{0}", "\"", "/", "((((", "😀😀", "a\u{301}\u{301}", "“”", "\\"] {
            let tokens = Lexer.tokenize(Source(text))
            #expect(tokens.last?.kind == .end)
            let starts = tokens.map(\.range.start)
            #expect(starts == starts.sorted(), "\(text.debugDescription)")
        }
    }
}
