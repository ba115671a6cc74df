import Testing
@testable import QueryLanguage

/// The arguments of `collocates`, `keywords` and `ngrams`, and the messages for wrong ones.
@Suite struct AnalysisStageTests {
    func stage(_ query: String) -> Stage.Kind? {
        let parsed = parseQuery(query)
        #expect(parsed.diagnostics.isEmpty, "\(query): \(parsed.diagnostics.map(\.message))")
        return parsed.stages.last?.kind
    }

    @Test func argumentsAreRead() {
        guard case .collocates(let options)? = stage("a | collocates window 3 2 by MI min 4 stopwords") else {
            Issue.record("not collocates")
            return
        }
        #expect(options.left == 3 && options.right == 2 && options.measure == .mi && options.minimum == 4 && options.stopWords)
        guard case .collocates(let defaults)? = stage("a | collocates") else { return }
        #expect(defaults.left == 5 && defaults.right == 5 && defaults.measure == .logdice && defaults.minimum == 3 && !defaults.stopWords)
        guard case .keywords(let versus?, let minimum)? = stage("a | keywords vs (speaker:Molotov OR b) min 2") else {
            Issue.record("not keywords vs")
            return
        }
        #expect(minimum == 2)
        #expect(CanonicalPrinter.print(versus) == "(speaker:Molotov OR b)")
        guard case .keywords(nil, 3)? = stage("a | keywords") else {
            Issue.record("keywords has no defaults")
            return
        }
        guard case .ngrams(3, 4, "army")? = stage("a | ngrams 3 min 4 containing army") else {
            Issue.record("not ngrams 3 min 4 containing army")
            return
        }
        guard case .ngrams(2, 2, nil)? = stage("a | ngrams 2") else {
            Issue.record("ngrams has no defaults")
            return
        }
    }

    @Test func wrongArgumentsSayWhatIsExpected() {
        expectDiagnostics("a | ngrams 1️⃣7", [Expected("1️⃣", .invalidStageNumber, "n-grams are 2 to 5 words long, not 7")])
        expectDiagnostics("a | 1️⃣ngrams", [Expected("1️⃣", .expectedStageNumber, "expected a length from 2 to 5 after 'ngrams', as in 'ngrams 3'")])
        expectDiagnostics("a | collocates by 1️⃣xyz", [Expected("1️⃣", .invalidStageArgument,
            "collocates are measured by mi, ll, t or logdice, not 'xyz'; use mi, ll, t or logdice")])
        expectDiagnostics("a | collocates 1️⃣window 0 0", [Expected("1️⃣", .invalidStageNumber,
            "a window is 0 to 50 words left and right, and not 0 on both sides")])
        expectDiagnostics("a | keywords vs 1️⃣speaker:X", [Expected("1️⃣", .invalidStageArgument,
            "expected a query in parentheses after 'vs', as in 'keywords vs (speaker:Molotov)'")])
    }
}
