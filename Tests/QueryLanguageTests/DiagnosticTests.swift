import Testing
@testable import QueryLanguage

/// Each mistake gives exactly one message, in the user's words, at the marked place.
@Suite("Diagnostics")
struct DiagnosticTests {
    // MARK: Missing terms

    @Test func termMissingAfterOr() {
        expectDiagnostics("speaker:Beria 1️⃣OR", [Expected("1️⃣", .expectedTermAfterOr, "expected a search term after 'OR'")])
        expectDiagnostics("a 1️⃣OR | count", [Expected("1️⃣", .expectedTermAfterOr, "expected a search term after 'OR'")])
        expectDiagnostics("(a 1️⃣OR ) b", [Expected("1️⃣", .expectedTermAfterOr, "expected a search term after 'OR'")])
        expectDiagnostics("a 1️⃣OR OR b", [Expected("1️⃣", .expectedTermAfterOr, "expected a search term after 'OR'")])
    }

    @Test func termMissingAfterAndOrNot() {
        expectDiagnostics("a 1️⃣AND", [Expected("1️⃣", .expectedTermAfterAnd, "expected a search term after 'AND'")])
        expectDiagnostics("a 1️⃣AND OR b", [Expected("1️⃣", .expectedTermAfterAnd, "expected a search term after 'AND'")])
        expectDiagnostics("a 1️⃣NOT", [Expected("1️⃣", .expectedTermAfterNot, "expected a search term after 'NOT'")])
        expectDiagnostics("a 1️⃣-", [Expected("1️⃣", .expectedTermAfterNot, "expected a search term after '-'")])
    }

    @Test func termMissingBeforeOperator() {
        expectDiagnostics("1️⃣OR a", [Expected("1️⃣", .expectedTermBeforeOperator, "expected a search term before 'OR'")])
        expectDiagnostics("1️⃣OR", [Expected("1️⃣", .expectedTermBeforeOperator, "expected a search term before 'OR'")])
        expectDiagnostics("(1️⃣AND a)", [Expected("1️⃣", .expectedTermBeforeOperator, "expected a search term before 'AND'")])
    }

    @Test func emptyQueryAndParentheses() {
        expectDiagnostics("1️⃣", [Expected("1️⃣", .emptyQuery, "expected a search term")])
        expectDiagnostics("   1️⃣", [Expected("1️⃣", .emptyQuery, "expected a search term")])
        expectDiagnostics("a 1️⃣()", [Expected("1️⃣", .emptyParentheses, "expected a search term between '(' and ')'")])
        expectDiagnostics("a OR 1️⃣(", [Expected("1️⃣", .expectedTermAfterParen, "expected a search term after '('")])
        expectDiagnostics("1️⃣| count", [Expected("1️⃣", .expectedTermBeforePipe,
                                              "expected a search term before '|'; write '*' to use every utterance")])
    }

    // MARK: Parentheses

    @Test func unclosedParentheses() {
        expectDiagnostics("1️⃣(a", [Expected("1️⃣", .unbalancedParen, "'(' is not closed; add ')'")])
        expectDiagnostics("1️⃣((a", [Expected("1️⃣", .unbalancedParen, "2 '(' are not closed; add '))'")])
        expectDiagnostics("(a) 1️⃣(b", [Expected("1️⃣", .unbalancedParen, "'(' is not closed; add ')'")])
        expectDiagnostics("1️⃣(a | count", [Expected("1️⃣", .unbalancedParen, "'(' is not closed before '|'; add ')'")])
        expectDiagnostics("1️⃣(a | count)", [Expected("1️⃣", .unbalancedParen, "'(' is not closed before '|'; add ')'")])
    }

    @Test func unmatchedClosingParentheses() {
        expectDiagnostics("a1️⃣)", [Expected("1️⃣", .unbalancedParen, "')' has no matching '('")])
        expectDiagnostics("1️⃣)))", [Expected("1️⃣", .unbalancedParen, "these 3 ')' have no matching '('")])
        expectDiagnostics("a 1️⃣) OR b", [Expected("1️⃣", .unbalancedParen, "')' has no matching '('")])
        let parsed = expectDiagnostics("a 1️⃣) b", [Expected("1️⃣", .unbalancedParen, "')' has no matching '('")])
        #expect(CanonicalPrinter.print(parsed.expression) == "(a AND b)")
    }

    @Test func fixItsCloseWhatIsOpen() {
        let parsed = parseQuery("((a")
        #expect(parsed.diagnostics.first?.fixIt == Diagnostic.FixIt(range: .point(3), replacement: "))"))
    }

    // MARK: Lexical

    @Test func unterminatedQuoteAndRegex() {
        expectDiagnostics(#"a 1️⃣"open"#, [Expected("1️⃣", .unterminatedQuote, #"'"' is not closed; add '"' after the phrase"#)])
        expectDiagnostics("1️⃣“open", [Expected("1️⃣", .unterminatedQuote, #"'“' is not closed; add '"' after the phrase"#)])
        expectDiagnostics(#"(1️⃣"open)"#, [Expected("1️⃣", .unterminatedQuote, #"'"' is not closed; add '"' after the phrase"#)])
        expectDiagnostics("1️⃣/open", [Expected("1️⃣", .unterminatedRegex, "'/' is not closed; add '/' after the regular expression")])
        expectDiagnostics(#"1️⃣/a\/"#, [Expected("1️⃣", .unterminatedRegex, "'/' is not closed; add '/' after the regular expression")])
    }

    @Test func emptyPhraseAndRegex() {
        expectDiagnostics(#"a 1️⃣"""#, [Expected("1️⃣", .emptyPhrase, "empty phrase; write words between the quotes")])
        expectDiagnostics("1️⃣//", [Expected("1️⃣", .emptyRegex, "empty regular expression; write a pattern between the slashes")])
    }

    @Test func regexFlagsAreAWarning() {
        let parsed = expectDiagnostics("/arrest/1️⃣i", [Expected("1️⃣", .regexFlags,
            "'i' after a regular expression is ignored; matching is always case-insensitive")])
        #expect(!parsed.hasErrors)
        #expect(parsed.diagnostics.first?.severity == .warning)
    }

    @Test func proximityAndFuzzyDistances() {
        expectDiagnostics(#""army purge"1️⃣~"#, [Expected("1️⃣", .invalidProximity,
            #"expected a number of words after '~', as in '"army purge"~5'"#)])
        expectDiagnostics(#""army purge"~1️⃣0"#, [Expected("1️⃣", .invalidProximity,
            "proximity must be a number of words from 1 up, not '0'")])
        expectDiagnostics("Rakosy1️⃣~3", [Expected("1️⃣", .invalidFuzzyDistance,
            "fuzzy matching allows 1 or 2 changes, not '3'; write 'Rakosy~1' or 'Rakosy~'")])
    }

    @Test func misplacedWildcards() {
        expectDiagnostics("1️⃣*tion", [Expected("1️⃣", .misplacedWildcard,
            "a '*' goes at the end of a word, as in 'collectiv*'; '*' alone matches every utterance")])
        expectDiagnostics("co1️⃣*ops", [Expected("1️⃣", .misplacedWildcard, "a '*' can only end a word, as in 'collectiv*'; to search for 'co*ops' as written, quote it: '\"co*ops\"'")])
        expectDiagnostics(#""a b"1️⃣*"#, [Expected("1️⃣", .misplacedWildcard, "a '*' can only end a word, not a phrase")])
    }

    @Test func unexpectedCharacters() {
        expectDiagnostics("army 1️⃣&& leadership", [Expected("1️⃣", .unexpectedCharacter,
            "unexpected characters '&&'; write 'AND', or just a space, to require both terms")])
        expectDiagnostics("1️⃣!army", [Expected("1️⃣", .unexpectedCharacter,
            "unexpected character '!'; write 'NOT' or '-' to leave a term out")])
        expectDiagnostics("army1️⃣?", [Expected("1️⃣", .unexpectedCharacter, "unexpected character '?'")])
        expectDiagnostics("a 1️⃣\u{0} b", [Expected("1️⃣", .unexpectedCharacter, "unexpected character U+0000")])
        expectDiagnostics("1️⃣@", [Expected("1️⃣", .expectedReferenceName, "expected a name after '@', as in '@security'")])
    }

    // MARK: Fields

    @Test func unknownFields() {
        expectDiagnostics("1️⃣speakr:x", [Expected("1️⃣", .unknownField, "unknown field 'speakr'; did you mean 'speaker'?")])
        expectDiagnostics("1️⃣speakr:", [Expected("1️⃣", .unknownField, "unknown field 'speakr'; did you mean 'speaker'?")])
        expectDiagnostics("a 1️⃣colour:red", [Expected("1️⃣", .unknownField,
            "unknown field 'colour'; fields are speaker, to, label, mentions, topic, text, written, kind, doc, date, time, turn, number, unit, editorial, code, party, role, sex, age, host, next, interrupter and interrupted; to search for 'colour:' as written, quote it: '\"colour:\"'")])
        let parsed = parseQuery("speakr:x")
        #expect(parsed.diagnostics.first?.fixIt == Diagnostic.FixIt(range: SourceRange(0, 6), replacement: "speaker"))
    }

    @Test func missingFieldValues() {
        expectDiagnostics("1️⃣speaker:", [Expected("1️⃣", .expectedFieldValue,
            "expected a value after 'speaker:', as in 'speaker:Beria'")])
        expectDiagnostics("1️⃣speaker: OR b", [Expected("1️⃣", .expectedFieldValue,
            "expected a value after 'speaker:', as in 'speaker:Beria'")])
        expectDiagnostics("1️⃣speaker:(Beria OR Molotov)", [Expected("1️⃣", .expectedFieldValue,
            "expected a value after 'speaker:'; for several values write 'speaker:a OR speaker:b'")])
        expectDiagnostics("date:1️⃣>", [Expected("1️⃣", .expectedComparisonValue, "expected a value after '>', as in 'date:>1960'")])
        expectDiagnostics("turn:31️⃣..", [Expected("1️⃣", .expectedRangeEnd, "expected a value after '..', as in 'turn:3..7'")])
    }

    @Test func fieldValuesAreChecked() {
        expectDiagnostics("kind:1️⃣speach", [Expected("1️⃣", .unknownFieldValue, "unknown kind 'speach'; did you mean 'speech'?")])
        expectDiagnostics("kind:1️⃣thing", [Expected("1️⃣", .unknownFieldValue,
            "unknown kind 'thing'; kind is speech, interjection, direction or narrative")])
        expectDiagnostics("turn:1️⃣five", [Expected("1️⃣", .invalidFieldValue,
            "'turn:' takes a whole number, as in 'turn:3..7', not 'five'")])
        expectDiagnostics("date:1️⃣June", [Expected("1️⃣", .invalidFieldValue,
            "'date:' takes a date written 1953, 1953-06 or 1953-06-13, as in 'date:1953-06..1956-10', not 'June'")])
        expectDiagnostics("date:1️⃣1953-13", [Expected("1️⃣", .invalidFieldValue,
            "'date:' takes a date written 1953, 1953-06 or 1953-06-13, as in 'date:1953-06..1956-10', not '1953-13'")])
        expectDiagnostics("time:1️⃣45", [Expected("1️⃣", .invalidFieldValue,
            "'time:' takes a time written MM:SS, HH:MM:SS or DD:HH:MM:SS, as in 'time:00:10:00..00:20:00', not '45'")])
        expectDiagnostics("time:1️⃣00:61", [Expected("1️⃣", .invalidFieldValue,
            "'time:' takes a time written MM:SS, HH:MM:SS or DD:HH:MM:SS, as in 'time:00:10:00..00:20:00', not '00:61'")])
        expectDiagnostics("turn:1️⃣-3", [Expected("1️⃣", .invalidFieldValue,
            "'turn:' takes a whole number, as in 'turn:3..7', not '-3'")])
        expectDiagnostics("1️⃣>=45:00", [Expected("1️⃣", .comparisonWithoutField,
            "a comparison needs a field, as in 'time:>=45:00'")])
        expectDiagnostics("time:1️⃣00:20:00..00:10:00", [Expected("1️⃣", .emptyRange,
            "the range '00:20:00..00:10:00' is empty because it starts after it ends; write '00:10:00..00:20:00'")])
        expectDiagnostics("number:1️⃣many", [Expected("1️⃣", .invalidFieldValue,
            "'number:' takes a number, as in 'number:1000..50000', not 'many'")])
        expectDiagnostics("speaker:1️⃣>3", [Expected("1️⃣", .comparisonNotAllowed,
            "'speaker:' does not take a comparison; comparisons work with date:, time:, turn: and number:")])
        expectDiagnostics("speaker:1️⃣a..b", [Expected("1️⃣", .rangeNotAllowed,
            "'speaker:' does not take a range; ranges work with date:, time:, turn: and number:")])
        let parsed = expectDiagnostics("turn:1️⃣7..3", [Expected("1️⃣", .emptyRange,
            "the range '7..3' is empty because it starts after it ends; write '3..7'")])
        #expect(!parsed.hasErrors)
    }

    @Test func valuesWithoutFields() {
        expectDiagnostics("1️⃣>1960", [Expected("1️⃣", .comparisonWithoutField, "a comparison needs a field, as in 'date:>1960'")])
        expectDiagnostics("a 1️⃣3..7", [Expected("1️⃣", .rangeWithoutField, "a range needs a field, as in 'turn:3..7'")])
        expectDiagnostics("1️⃣1953-06..1956-10", [Expected("1️⃣", .rangeWithoutField,
            "a range needs a field, as in 'date:1953-06..1956-10'")])
    }

    // MARK: Stages

    @Test func unknownStages() {
        expectDiagnostics("a | 1️⃣cuont", [Expected("1️⃣", .unknownStage, "unknown stage 'cuont'; did you mean 'count'?")])
        expectDiagnostics("a | 1️⃣frobnicate | count", [Expected("1️⃣", .unknownStage,
            "unknown stage 'frobnicate'; stages are show, kwic, count, words, collocates, keywords, ngrams, timeline, interruptions, transitions, cite, limit and sort")])
    }

    @Test func groupingsAndAnalysisStageArguments() {
        expectDiagnostics("a | count by speaker, 1️⃣speaker", [Expected("1️⃣", .invalidStageArgument,
            "'speaker' is already a grouping of this table; a cross-table takes two different fields")])
        expectDiagnostics("a | count by 1️⃣time", [Expected("1️⃣", .invalidStageArgument,
            "expected a bucket size after 'time', as in 'count by time 10m' (s, m or h)")])
        expectDiagnostics("a | count by time 1️⃣10x", [Expected("1️⃣", .invalidStageArgument,
            "expected a bucket size after 'time', as in 'count by time 10m' (s, m or h)")])
        expectDiagnostics("a | count by date 1️⃣week", [Expected("1️⃣", .invalidStageArgument,
            "dates are grouped by year, month or day, not 'week'; use year, month or day")])
        expectDiagnostics("a | kwic 1️⃣sort", [Expected("1️⃣", .expectedSortKey,
            "expected a position after 'sort', as in 'kwic sort 1R 2R 1L': 1 to 5 words right (R) or left (L) of the match")])
        expectDiagnostics("a | kwic sort 1️⃣6R", [Expected("1️⃣", .expectedSortKey,
            "expected a position after 'sort', as in 'kwic sort 1R 2R 1L': 1 to 5 words right (R) or left (L) of the match")])
        expectDiagnostics("a | collocates 1️⃣window 3", [Expected("1️⃣", .expectedStageNumber,
            "expected two numbers after 'window', words left and right of a match, as in 'collocates window 5 5'")])
        expectDiagnostics("a | ngrams 1️⃣9", [Expected("1️⃣", .invalidStageNumber, "n-grams are 2 to 5 words long, not 9")])
        expectDiagnostics("a | keywords vs 1️⃣b", [Expected("1️⃣", .invalidStageArgument,
            "expected a query in parentheses after 'vs', as in 'keywords vs (speaker:Molotov)'")])
        expectDiagnostics("a | timeline by 1️⃣doc", [Expected("1️⃣", .expectedResultField,
            "expected 'speaker' after 'timeline by': a timeline has a row per document, or per speaker")])
    }

    @Test func missingStages() {
        expectDiagnostics("a 1️⃣|", [Expected("1️⃣", .expectedStage, "expected a stage after '|', such as 'count' or 'show'")])
        expectDiagnostics("a 1️⃣| | count", [Expected("1️⃣", .expectedStage, "expected a stage after '|', such as 'count' or 'show'")])
        expectDiagnostics("a | 1️⃣speaker:Beria", [Expected("1️⃣", .expectedStage,
            "expected a stage after '|', such as 'count' or 'show', not 'speaker:'")])
        expectDiagnostics("army 1️⃣|| purge", [Expected("1️⃣", .doublePipe, "'||' is not an operator; write 'OR' to match either term")])
    }

    @Test func stageArguments() {
        expectDiagnostics("a | count by 1️⃣nobody", [Expected("1️⃣", .unknownResultField,
            "cannot count by 'nobody'; use speaker, doc, kind, date, turn, unit, party or role")])
        expectDiagnostics("a | count by 1️⃣speakr", [Expected("1️⃣", .unknownResultField,
            "cannot count by 'speakr'; did you mean 'speaker'?")])
        expectDiagnostics("a | 1️⃣count by", [Expected("1️⃣", .expectedResultField,
            "expected a field after 'count by', such as 'speaker'")])
        expectDiagnostics("a | count 1️⃣speaker", [Expected("1️⃣", .expectedBy,
            "expected 'by' before 'speaker'; write 'count by speaker'")])
        expectDiagnostics("a | 1️⃣sort", [Expected("1️⃣", .expectedBy, "expected 'by' after 'sort', as in 'sort by date'")])
        expectDiagnostics("a | 1️⃣limit", [Expected("1️⃣", .expectedStageNumber, "expected a number after 'limit', as in 'limit 10'")])
        expectDiagnostics("a | limit 1️⃣0", [Expected("1️⃣", .invalidStageNumber,
            "expected a number greater than 0 after 'limit', not '0'")])
        expectDiagnostics("a | limit 1️⃣1.5", [Expected("1️⃣", .invalidStageNumber,
            "expected a whole number after 'limit', not '1.5'")])
        expectDiagnostics("a | kwic 1️⃣99999999999999999999999", [Expected("1️⃣", .invalidStageNumber,
            "expected a smaller number after 'kwic', not '99999999999999999999999'")])
        expectDiagnostics("a | count 1️⃣b c | show", [Expected("1️⃣", .unexpectedAfterStage,
            "unexpected 'b c' after 'count'")])
    }
}
