import Foundation
import Testing
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// The rules that make every word findable as written (Grammar/README.md, "Words"): folding in every
/// script, apostrophes, digits across hyphens, proximity, on small fixtures and on the shared corpus.
@Suite struct WordRuleTests {
    /// An index over one document whose utterances are `texts`, in order.
    static func index(_ texts: [String]) -> CorpusIndex {
        let document = Document(id: "fixture", path: "fixture.txt", format: "text", utterances: texts.enumerated().map { i, text in
            Utterance(kind: .speech, speaker: nil, turn: nil, text: text, location: SourceLocation(path: "fixture.txt", line: i + 1))
        })
        return CorpusIndex([document])
    }

    /// The utterance numbers `query` matches.
    static func matches(_ query: String, in index: CorpusIndex) throws -> [Int] {
        let parsed = parseQuery(query)
        try #require(!parsed.hasErrors, "\(query): \(parsed.diagnostics.map(\.message))")
        let evaluator = Evaluator(index: index, settings: MatchSettings(), named: NamedQueries(), source: parsed.source)
        return Array(try evaluator.evaluate(parsed.expression).members)
    }

    // MARK: Folding

    @Test(arguments: [
        ("Nguyễn", "nguyen"), ("Việt Nam", "viet"), ("ΣΟΦΟΣ", "σοφος"), ("σοφός", "ΣΟΦΟΣ"), ("Ἀθῆναι", "αθηναι"),
        ("ёлка", "елка"), ("Ёлкин", "елкин"), ("Straße", "strasse"), ("STRASSE", "straße"), ("ﬁnal", "final"),
        ("ＵＮＥＳＣＯ", "unesco"), ("x²", "x2"), ("Łódź", "lodz"), ("Ærø", "æro"), ("İstanbul", "istanbul"),
        ("Rákosi", "RAKOSI"), ("한국", "한국"), ("ПРАВДА", "правда"),
    ])
    func wordsFoldInEveryScript(written: String, typed: String) throws {
        let index = Self.index(["before", "it says \(written) here", "after"])
        #expect(try Self.matches(typed, in: index) == [1], "\(typed) finds \(written)")
        if !written.contains(" ") { #expect(Folding.fold(written) == Folding.fold(typed)) }
    }

    @Test func foldingIsOneDefinitionAndFoldingTwiceChangesNothing() {
        for value in UInt32(0x80)..<0x3400 {
            guard let scalar = Unicode.Scalar(value), Folding.isWord(scalar) else { continue }
            let once = Folding.fold(String(scalar))
            #expect(Folding.fold(once) == once, "U+\(String(value, radix: 16))")
        }
        // Speaker keys and query words fold alike: the labels `Ёлкин` and `Елкин` are one speaker, and so
        // `елка` finds `ёлка`.
        #expect(Folding.key("Cde. ЁЛКИН") == Folding.key("cde.  Елкин"))
        #expect(Folding.key("Cde. RÁKOSI") == "cde. rakosi")
    }

    @Test func regularExpressionsFoldOneLetterAtATime() throws {
        let index = Self.index(["Nguyễn Văn", "ΣΟΦΟΣ", "Straße", "strasse"])
        #expect(try Self.matches("/nguyen/", in: index) == [0])
        #expect(try Self.matches("/σοφοσ/", in: index) == [1])
        // `ß` is one letter and `ss` two: inside a regular expression they differ, as Grammar/README says.
        #expect(try Self.matches("/straße/", in: index) == [2])
        #expect(try Self.matches("strasse", in: index) == [2, 3])
    }
}
