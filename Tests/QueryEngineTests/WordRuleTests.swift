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

    /// Text all in ASCII, which folds on its bytes, folds as every scalar folds: each capital to its small
    /// letter, everything else kept; text with one scalar past ASCII still folds it.
    @Test func asciiTextFoldsAsEachOfItsScalarsDoes() {
        let ascii = String(decoding: Array(0..<128), as: UTF8.self)
        let expected = String(String.UnicodeScalarView(ascii.unicodeScalars.map { $0.properties.isUppercase ? Unicode.Scalar($0.value + 32) ?? $0 : $0 }))
        #expect(Folding.fold(ascii) == expected)
        #expect(Folding.fold(ascii[...]) == expected)
        #expect(Folding.fold("Cde. ZÁPOTOCKÝ") == "cde. zapotocky")
        #expect(Folding.fold("") == "")
    }

    /// The table that says which scalars are upper case (for `mentions:`) agrees with Unicode's property
    /// for every scalar.
    @Test func upperCaseByTableIsUnicodesUpperCase() {
        var differ: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if Folding.isUppercase(scalar) != scalar.properties.isUppercase { differ.append(value) }
        }
        #expect(differ.isEmpty, "\(differ.prefix(5).map { "U+" + String($0, radix: 16) })")
        #expect(Folding.isUppercase("Á") && Folding.isUppercase("Σ") && !Folding.isUppercase("á") && !Folding.isUppercase("7"))
    }

    @Test func regularExpressionsFoldOneLetterAtATime() throws {
        let index = Self.index(["Nguyễn Văn", "ΣΟΦΟΣ", "Straße", "strasse"])
        #expect(try Self.matches("/nguyen/", in: index) == [0])
        #expect(try Self.matches("/σοφοσ/", in: index) == [1])
        // `ß` is one letter and `ss` two: inside a regular expression they differ, as Grammar/README says.
        #expect(try Self.matches("/straße/", in: index) == [2])
        #expect(try Self.matches("strasse", in: index) == [2, 3])
    }

    // MARK: Apostrophes

    @Test func contractionsAreWordsAsWrittenAndTheirPartsFindThem() throws {
        let index = Self.index(["It's fine.", "It is.", "Got it.", "You're right.", "That's all, Péter's plan.",
                                "We’re here."])
        #expect(try Self.matches("it's", in: index) == [0])
        #expect(try Self.matches("it’s", in: index) == [0])
        #expect(try Self.matches("it", in: index) == [0, 1, 2])
        #expect(try Self.matches("you", in: index) == [3])
        #expect(try Self.matches("that's", in: index) == [4])
        #expect(try Self.matches("that", in: index) == [4])
        #expect(try Self.matches("Péter", in: index) == [4])
        #expect(try Self.matches("peter's", in: index) == [4])
        #expect(try Self.matches("we're", in: index) == [5])
        #expect(try Self.matches("we", in: index) == [5])
    }

    /// A typographic apostrophe in a query is the plain one, in a prefix too (`we’re*` found nothing); a
    /// name with an apostrophe of its own is found in its possessive (`O'Brien` missed `O'Brien's`).
    @Test func typographicApostrophesAndPossessivesOfNamesWithApostrophes() throws {
        let index = Self.index(["We're here.", "O'Brien's dog.", "O’Brien’s cat.", "O'Brien came.", "Péter's plan.",
                                "Jean-Luc's boat."])
        #expect(try Self.matches("we’re*", in: index) == [0])
        #expect(try Self.matches("we're*", in: index) == [0])
        #expect(try Self.matches("o’brien*", in: index) == [1, 2, 3])
        #expect(try Self.matches("O'Brien", in: index) == [1, 2, 3])
        #expect(try Self.matches("O’Brien", in: index) == [1, 2, 3])
        #expect(try Self.matches("o'brien's", in: index) == [1, 2])
        #expect(try Self.matches("jean-luc", in: index) == [5])
        #expect(Tokenizer.words("O'Brien's") == [["o'brien's", "o", "brien", "s", "o'brien"]])
        #expect(Folding.fold("O’Brien") == "o'brien")
    }

    /// A footnote number glued to its word (`Senate22`) hides no word: letters then digits are also the
    /// letters, at one position; shorter letters or mixed forms are not split.
    @Test func lettersThenDigitsAreAlsoTheLetters() throws {
        #expect(Tokenizer.words("Senate22 treaty23 Apollo13 Péter7") == [["senate22", "senate"], ["treaty23", "treaty"],
                                                                         ["apollo13", "apollo"], ["peter7", "peter"]])
        #expect(Tokenizer.words("H2O mp3 1953 B52 x2y3 co-op2") == [["h2o"], ["mp3"], ["1953"], ["b52"], ["x2y3"],
                                                                  ["co-op2", "co", "op2", "coop2"]])
        let index = Self.index(["Ratified by the Senate22 and the peace treaty23 soon.", "The senate met."])
        #expect(try Self.matches("senate", in: index) == [0, 1])
        #expect(try Self.matches("\"peace treaty soon\"", in: index) == [0])
        #expect(try Self.matches("senate22", in: index) == [0])
    }

    @Test func elidedArticlesAreParts() throws {
        let index = Self.index([
            "L'article 5 de l'Estatut i el pressupost d'aquest exercici.",  // Catalan
            "Compte d'exercici i col·laborar amb l'Àrea.",
            "Qu'il s'en aille, j'ai dit que c'est l'État.",  // French
            "Dell'arte e nell'anno.",  // Italian
        ])
        #expect(try Self.matches("article", in: index) == [0])
        #expect(try Self.matches("l'article", in: index) == [0])
        #expect(try Self.matches("exercici", in: index) == [0, 1])
        #expect(try Self.matches("d'exercici", in: index) == [1])
        #expect(try Self.matches("area", in: index) == [1])
        #expect(try Self.matches("etat", in: index) == [2])
        #expect(try Self.matches("aille", in: index) == [2])
        #expect(try Self.matches("arte", in: index) == [3])
        #expect(try Self.matches("\"col·laborar\"", in: index) == [1])
        #expect(try Self.matches("collaborar", in: index) == [1])
        #expect(try Self.matches("laborar", in: index) == [1])
    }

    @Test func wordsTypedAsWrittenFindThemselves() throws {
        let index = Self.index(["Vull col·laborar.", "The U.S. delegation", "Room №4 is ready", "quack@o quack", "us and them"])
        #expect(try Self.matches("col·laborar", in: index) == [0])
        #expect(try Self.matches("U.S.", in: index) == [1])
        #expect(try Self.matches("№4", in: index) == [2])
        #expect(try Self.matches("quack@o", in: index) == [3])
    }

    // MARK: Edit distance

    @Test func oneEditDistanceForFuzzyWordsAndSuggestions() throws {
        #expect(EditDistance.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(EditDistance.distance(Array("rakosi"), Array("rkaosi")) == 1)
        #expect(EditDistance.distance(Array("rakosi"), Array("molotov"), limit: 2) == 3)
        #expect(EditDistance.within(Array("rakosy"), Array("rakosi"), 1))
        #expect(Suggestions.distance("Rkaosi", "Rákosi") == 1)
        let index = Self.index(["Comrade Rákosi spoke", "Comrade Molotov spoke"])
        #expect(try Self.matches("Rkaosi~1", in: index) == [0])
        #expect(try Self.matches("Rakosy~1", in: index) == [0])
    }

    @Test func aWordThatCollidesWithSyntaxIsToldHowToQuoteIt() throws {
        let index = Self.index(["mail me @home", "re: your note"])
        let parsed = parseQuery("@home")
        let evaluator = Evaluator(index: index, settings: MatchSettings(), named: NamedQueries(), source: parsed.source)
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(parsed.expression) }
        do {
            _ = try evaluator.evaluate(parsed.expression)
        } catch {
            #expect(error.diagnostic.message == "no query named '@home'; to search for '@home' as written, quote it: '\"@home\"'")
        }
        #expect(try Self.matches("\"@home\"", in: index) == [0])
        #expect(try Self.matches("\"re:\"", in: index) == [1])
    }

    // MARK: Digits

    @Test func noNumberIsMadeAcrossAHyphenBetweenDigits() throws {
        let index = Self.index(["8-10,000 families", "page E/1-6", "co-operatives", "1,500,000 tons", "F-16 jets"])
        #expect(try Self.matches("810,000", in: index) == [])
        #expect(try Self.matches("16", in: index) == [4])
        #expect(try Self.matches("10,000", in: index) == [0])
        #expect(try Self.matches("\"8-10,000\"", in: index) == [0])
        #expect(try Self.matches("6", in: index) == [1])
        #expect(try Self.matches("cooperatives", in: index) == [2])
        #expect(try Self.matches("1,500,000", in: index) == [3])
        #expect(try Self.matches("500", in: index) == [])
        #expect(try Self.matches("f16", in: index) == [4])
    }

    /// A word far longer than any the tokenizer's buffers start with (256 bytes) gives the same forms as a
    /// short one: as written, its parts, joined; each part also found on its own, and nothing else.
    @Test func aVeryLongJoinedWordGivesAllItsForms() throws {
        let first = String(repeating: "Á", count: 300)   // 600 bytes written, 300 folded
        let second = String(repeating: "b", count: 700)
        let third = String(repeating: "ć", count: 150)
        let written = "\(first)-\(second)·\(third)"
        var forms: [String] = []
        var positions: Set<Int> = []
        var bytes = Array("x \(written) y".utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            Tokenizer.scan(UnsafeBufferPointer(buffer)) { form, word in
                if word.position == 1 { forms.append(String(decoding: form, as: UTF8.self)) }
                positions.insert(word.position)
            }
        }
        let a = String(repeating: "a", count: 300)
        let c = String(repeating: "c", count: 150)
        #expect(forms == ["\(a)-\(second)·\(c)", a, second, c, a + second + c])
        #expect(positions == [0, 1, 2])
        let index = Self.index(["before", "it says \(written) here", "\(second) alone"])
        #expect(try Self.matches(a + second + c, in: index) == [1])
        #expect(try Self.matches(second, in: index) == [1, 2])
        #expect(try Self.matches(c, in: index) == [1])
    }

    // MARK: Proximity

    @Test func proximityCountsAsNear() throws {
        let index = Self.index(["a x x b x x c", "a b c", "c x b x a", "a x b x c"])
        // FTS5: NEAR(a b c, N) holds when at most N words stand between the first and the last.
        #expect(try Self.matches("\"a b c\"~4", in: index) == [1, 2, 3])
        #expect(try Self.matches("\"a b c\"~5", in: index) == [0, 1, 2, 3])
        #expect(try Self.matches("\"a b c\"~1", in: index) == [1])
        #expect(try Self.matches("\"a c\"~1", in: index) == [1])
        #expect(try Self.matches("\"a c\"~2", in: index) == [1])
        #expect(try Self.matches("\"a c\"~3", in: index) == [1, 2, 3])
        // A window never reaches from one utterance into the next, however wide.
        let two = Self.index(["x x a", "b x x", "b a"])
        #expect(try Self.matches("\"a b\"~5", in: two) == [2])
        #expect(try Self.matches("\"a b\"~999999", in: two) == [2])
        // The README's example.
        let readme = Self.index(["we purge the army plan", "no plan here"])
        #expect(try Self.matches("\"army purge plan\"~2", in: readme) == [0])
        #expect(try Self.matches("\"army purge plan\"~1", in: readme) == [])
        // A joined word is one position (Grammar/README, "Differences from FTS5").
        let joined = Self.index(["the co-operatives of Hungary", "for what it's worth", "the co operatives"])
        #expect(try Self.matches("\"the of\"~1", in: joined) == [0])
        #expect(try Self.matches("\"what worth\"~1", in: joined) == [1])
        #expect(try Self.matches("\"co operatives\"", in: joined) == [2])
        #expect(try Self.matches("\"it s\"", in: joined) == [])
    }

    // MARK: The shared corpus

    static let shared: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static var sharedIsThere: Bool { FileManager.default.fileExists(atPath: shared.path) }

    /// The Catalan session: every `<seg>` is one utterance; a word's count is the number of segments whose
    /// text holds it, counted here by a regular expression over the file.
    @Test(.enabled(if: sharedIsThere, "../shared/corpus is absent: the Catalan session is not there to count"))
    func elidedWordsOfTheCatalanSessionAreFound() throws {
        let path = Self.shared.appendingPathComponent("parlamint-es-ct/ParlaMint-ES-CT_2015-11-19-0401.xml").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { $0.contains("<seg") }
        func segments(_ pattern: String) throws -> Int {
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            return lines.filter { regex.firstMatch(in: String($0), range: NSRange($0.startIndex..., in: $0)) != nil }.count
        }
        let documents = Loader().load([path]).documents
        let index = CorpusIndex(documents)
        let article = try segments(#"\barticle\b"#)
        let exercici = try segments(#"\bexercici\b"#)
        let elided = try segments(#"\b[ld]['’]article\b"#)
        #expect(article > 0 && elided > 0 && exercici > 0)
        #expect(try Self.matches("article", in: index).count == article)
        #expect(try Self.matches("exercici", in: index).count == exercici)
        #expect(try Self.matches("l'article OR d'article", in: index).count == elided)
    }

    /// `it's` finds the utterances that hold `it's`, not every `it`: uses counted by a regular expression
    /// over the podcast transcript.
    @Test(.enabled(if: sharedIsThere, "../shared/corpus is absent: the podcast transcript is not there to count"))
    func contractionsOfThePodcastAreNotTheirFirstWord() throws {
        let path = Self.shared.appendingPathComponent("2016-04-19-changelog-200-raquel-velez.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func occurrences(_ pattern: String) throws -> Int {
            try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
                .numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        }
        let index = CorpusIndex(Loader().load([path]).documents)
        let withApostrophe = try occurrences(#"\bit['’]s\b"#)
        let it = try occurrences(#"\bit\b"#)
        #expect(withApostrophe > 0 && it > withApostrophe)
        let found = try Self.matches("it's", in: index)
        // Each found utterance holds `it's` as written; there are no more of them than uses.
        #expect(!found.isEmpty && found.count <= withApostrophe)
        for u in found {
            #expect(index.utterance(u).text.range(of: #"\b[Ii]t['’]s\b"#, options: .regularExpression) != nil)
        }
        #expect(try Self.matches("it", in: index).count > found.count)
    }

    /// The Apollo 13 log writes ranges and panel numbers such as `2-1` and `3-13`: no utterance is found by a
    /// joined number (`21`, `313`) unless its text holds that number as a word or a part of one, checked by a
    /// regular expression on each utterance found.
    @Test(.enabled(if: sharedIsThere, "../shared/corpus is absent: the Apollo 13 log is not there to count"))
    func digitRangesOfTheApolloLogMakeNoNumbers() throws {
        let path = Self.shared.appendingPathComponent("1970-04-apollo13-air-to-ground.txt").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let ranges = try NSRegularExpression(pattern: #"\b([0-9]+)-([0-9]+)\b"#)
        var joined: Set<String> = []
        for match in ranges.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let a = Range(match.range(at: 1), in: text), let b = Range(match.range(at: 2), in: text) else { continue }
            joined.insert(String(text[a]) + String(text[b]))
        }
        #expect(joined.count > 10)
        let index = CorpusIndex(Loader().load([path]).documents)
        for number in joined {
            // The number as a word, or as a part of a hyphenated word (`13` of `3-13`), never glued across `-`.
            let word = try NSRegularExpression(pattern: "(?<![0-9,.])\(number)(?![0-9]|[,.][0-9])")
            for u in try Self.matches(number, in: index) {
                let utterance = index.utterance(u).text
                #expect(word.firstMatch(in: utterance, range: NSRange(utterance.startIndex..., in: utterance)) != nil,
                        "'\(number)' found in: \(utterance.prefix(120))")
            }
        }
    }

    /// The Khrushchev–Rusk record glues footnote numbers to words (`Senate22`, `treaty23`): each phrase the
    /// file has, counted by a regular expression that allows a number after a word, is found as often.
    @Test(.enabled(if: sharedIsThere, "../shared/corpus is absent: the Khrushchev–Rusk record is not there to count"))
    func footnoteNumbersGluedToWordsHideNothing() throws {
        let path = Self.shared.appendingPathComponent("1963-08-09-khrushchev-rusk-record.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let glued = try NSRegularExpression(pattern: #"\b[A-Za-z]{3,}[0-9]+\b"#).numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        #expect(glued >= 5)
        let index = CorpusIndex(Loader().load([path]).documents)
        let highlighter = Highlighter(parseQuery("\"peace treaty\"").expression, index: index, named: NamedQueries())
        let found = (0..<index.utteranceCount).reduce(0) { $0 + highlighter.matches(inUtterance: $1).count }
        let phrase = try NSRegularExpression(pattern: #"(?i)\bpeace[0-9]* treaty[0-9]*\b"#).numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        #expect(found == phrase && phrase >= 15)
        #expect(try !Self.matches("senate", in: index).isEmpty)
        // Its first line is its title, and the word before the date on the second its place.
        let lines = text.components(separatedBy: "\n")
        let document = try #require(index.documents.first)
        #expect(document.title == lines[0].trimmingCharacters(in: .whitespaces))
        #expect(document.place.map { lines[1].hasPrefix($0 + " ") } == true)
    }

    /// The Apollo 13 log writes subscripts as HTML: `O<sub>2</sub>` is the word `O2`, and `sub` is no word
    /// of it. Lines with `O<sub>2</sub>` (not `CO<sub>2</sub>`) counted from the file: each is in an utterance `o2` finds.
    @Test(.enabled(if: sharedIsThere, "../shared/corpus is absent: the Apollo 13 log is not there to count"))
    func subscriptsOfTheApolloLogAreInsideTheirWords() throws {
        let path = Self.shared.appendingPathComponent("1970-04-apollo13-air-to-ground.txt").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let o2 = try NSRegularExpression(pattern: #"(?<![A-Za-z0-9])O<sub>2</sub>(?![A-Za-z0-9])"#)
        let o2Lines = Set(lines.indices.filter { o2.firstMatch(in: lines[$0], range: NSRange(lines[$0].startIndex..., in: lines[$0])) != nil }.map { $0 + 1 })
        #expect(o2Lines.count > 20)
        let index = CorpusIndex(Loader().load([path]).documents)
        #expect(try Self.matches("sub", in: index).isEmpty)
        let found = try Self.matches("o2", in: index)
        // Each utterance holds the lines from its first to the next utterance's first.
        let starts = (0..<index.utteranceCount).map { index.utterance($0).location.line }
        for line in o2Lines {
            let u = try #require(starts.lastIndex { $0 <= line })
            #expect(found.contains(u), "line \(line)")
        }
        #expect((0..<index.utteranceCount).allSatisfy { !index.utterance($0).text.contains("<sub>") })
    }

    /// The Catalan session writes `col·laborar` and `col·laboració`: typed as written, unquoted, each finds
    /// the segments the file has it in, counted by a regular expression.
    @Test(.enabled(if: sharedIsThere, "../shared/corpus is absent: the Catalan session is not there to count"))
    func middleDotWordsOfTheCatalanSessionAreFoundAsTyped() throws {
        let path = Self.shared.appendingPathComponent("parlamint-es-ct/ParlaMint-ES-CT_2015-11-19-0401.xml").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { $0.contains("<seg") }
        let index = CorpusIndex(Loader().load([path]).documents)
        for word in ["col·laborar", "col·laboració"] {
            let segments = lines.filter { $0.contains(word) }.count
            #expect(segments > 0)
            #expect(try Self.matches(word, in: index).count == segments, "\(word)")
            #expect(try Self.matches(word.replacingOccurrences(of: "·", with: ""), in: index).count == segments, "\(word) joined")
        }
    }
}
