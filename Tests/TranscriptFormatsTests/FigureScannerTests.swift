import Foundation
import TestSupport
import Testing
import TranscriptFormats
import TranscriptModel

/// Figures on small strings, on the reference document's sentences and on the whole reference document.
@Suite struct FigureScannerTests {
    /// The UTF-8 byte range of the first occurrence of `needle` in `text`.
    private func range(of needle: String, in text: String) -> Range<Int>? {
        guard let found = text.range(of: needle) else { return nil }
        let start = text.utf8.distance(from: text.utf8.startIndex, to: found.lowerBound)
        return start..<(start + needle.utf8.count)
    }

    /// The one figure in `text`, or nil when there is not exactly one.
    private func only(_ text: String) -> Figure? {
        let figures = FigureScanner.scan(text)
        return figures.count == 1 ? figures.first : nil
    }

    /// The figures of `text` as (value, upper, unit) triples, for compact comparison.
    private func summary(_ text: String) -> [Triple] {
        FigureScanner.scan(text).map { Triple($0.value, $0.upper, $0.unit) }
    }

    // MARK: Real cases from the reference document

    @Test func nineteenBillionForints() throws {
        let text = "They want to invest 19 billion [forints] this year."
        let figure = try #require(only(text))
        #expect(figure == Figure(range: try #require(range(of: "19 billion [forints]", in: text)), value: 19e9,
                                 scale: "billion", unit: "forints"))
    }

    @Test func nineAndAHalfMillionInhabitants() throws {
        let text = "a country with 9,500,000 inhabitants"
        let covered = try #require(range(of: "9,500,000 inhabitants", in: text))
        #expect(only(text) == Figure(range: covered, value: 9_500_000, unit: "inhabitants"))
        #expect(summary("in Hungary--a country with 9,500,000 inhabitants--persecutions")
                == [Triple(9_500_000, nil, "inhabitants")])
    }

    @Test func seventyFivePercent() throws {
        let text = "75% of the persecutions"
        #expect(only(text) == Figure(range: 0..<3, value: 75, unit: "%"))
    }

    @Test func oneAndAHalfQuintals() throws {
        let text = "fed 1.5 q sugar canes [to his animals]"
        #expect(only(text) == Figure(range: try #require(range(of: "1.5 q", in: text)), value: 1.5, unit: "q"))
    }

    @Test func quarterMillionPeople() throws {
        let text = "Persecutions were initiated against 250,000 people in the second half of 1952."
        #expect(only(text) == Figure(range: try #require(range(of: "250,000 people", in: text)), value: 250_000,
                                     unit: "people"))
    }

    @Test func yearIsNotAFigureButCasesAre() throws {
        let text = "In 1952, they brought sentences in about 540,000 cases of transgressions within 9 months."
        #expect(summary(text) == [Triple(540_000, nil, "cases"), Triple(9, nil, "months")])
    }

    @Test func quarterMillionInWordsIsNotAFigure() {
        let text = "the value of a quarter million [?] Rub. when Hungary"
        #expect(FigureScanner.scan(text).isEmpty)
        #expect(EditorialScanner.scan(text).spans.map(\.kind) == [.note])
    }

    @Test func thirtyFortyThousandIsTwoFigures() throws {
        let text = "comrade Rákosi mentioned 30 40,000 arrested, and"
        let figures = FigureScanner.scan(text)
        #expect(figures == [
            Figure(range: try #require(range(of: "30", in: text)), value: 30),
            Figure(range: try #require(range(of: "40,000 arrested", in: text)), value: 40_000, unit: "arrested"),
        ])
    }

    @Test func listMarkerIsNotAFigure() {
        #expect(FigureScanner.scan("1. certain questions of economic development;").isEmpty)
        #expect(FigureScanner.scan("2) the selection of cadres;").isEmpty)
        #expect(FigureScanner.scan("  3. certain questions").isEmpty)
        #expect(summary("4. 250,000 people") == [Triple(250_000, nil, "people")])
        // Only at the start of the text, and only with a space after it.
        #expect(summary("see point 1. Then") == [Triple(1, nil, nil)])
        #expect(summary("1.5 q sugar") == [Triple(1.5, nil, "q")])
    }

    @Test func rangeTakesTheUpperEndsThousands() throws {
        let text = "As far as we know, 8-10,000 families left the co-operatives last year."
        #expect(only(text) == Figure(range: try #require(range(of: "8-10,000 families", in: text)), value: 8_000,
                                     upper: 10_000, unit: "families"))
    }

    @Test func scaleAndAbbreviatedUnit() throws {
        let text = "Hungary has a debt of 360 million Rub. to the people's democracies."
        #expect(only(text) == Figure(range: try #require(range(of: "360 million Rub", in: text)), value: 360e6,
                                     scale: "million", unit: "Rub"))
        #expect(summary("there would not be 750,000 ha. fallow land") == [Triple(750_000, nil, "ha")])
    }

    @Test(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
    func wholeReferenceDocument() throws {
        // Read off the transcript by hand, paragraph by paragraph; years (`In 1952,`, `in 1949 according to`,
        // `since 1950.`) and `a quarter million` are left out, as are the header and the footer.
        let expected: [Triple] = [
            Triple(8_000, 10_000, "families"),
            Triple(250_000, nil, "people"), Triple(75, nil, "%"), Triple(540_000, nil, "cases"),
            Triple(9, nil, "months"),
            Triple(750_000, nil, "ha"), Triple(400e6, nil, "forints"),
            Triple(30, nil, nil), Triple(40_000, nil, "arrested"),
            Triple(9_500_000, nil, "inhabitants"), Triple(1_500_000, nil, "people"), Triple(1_150_000, nil, "people"),
            Triple(500_000, nil, "people"), Triple(3, nil, "years"),
            Triple(19e9, nil, "forints"),
            Triple(1_500_000, nil, "people"), Triple(4.5e6, nil, "adults"), Triple(1_500_000, nil, "violations"),
            Triple(57, nil, "%"),
            Triple(8, nil, "years"), Triple(460, nil, "officers"), Triple(460, nil, "people"),
            Triple(370, nil, "desertions"), Triple(177_000, nil, "disciplinary"), Triple(3, nil, "months"),
            Triple(1, nil, "ton"), Triple(700_000, nil, "tons"), Triple(5, 6, "years"),
            Triple(3_000, nil, "forints"), Triple(1.5, nil, "q"),
            Triple(360e6, nil, "Rub"),
            Triple(25, nil, "%"), Triple(9.5e6, nil, nil), Triple(200e6, nil, "people"),
            Triple(2, nil, nil), Triple(3, nil, "days"),
            Triple(600_000, nil, "people"),
            Triple(26, nil, "%"), Triple(5, nil, "years"),
            Triple(1e9, nil, "forints"),
        ]
        let text = try SharedCorpus.text("1953-06-13-kremlin-hungarian-delegation.txt")
        let body = try #require(text.components(separatedBy: "Document Information").first)
        let lines = body.split(separator: "\n").drop { !$0.hasPrefix("Kremlin,") }.dropFirst()
        let found = lines.flatMap { line in summary(String(line)) }
        #expect(found == expected)
    }

    // MARK: Numbers

    @Test func thousandsSeparatorsNeedGroupsOfThree() {
        #expect(summary("9,500,000 people") == [Triple(9_500_000, nil, "people")])
        #expect(summary("1,000.25 tons") == [Triple(1_000.25, nil, "tons")])
        #expect(summary("1,2,3,,").isEmpty)
        #expect(summary("40,0000 men").isEmpty)
        #expect(summary("30, 40, 50").map(\.value) == [30, 40, 50])
        #expect(summary("the 13,\u{00A0}Houston").map(\.value) == [13])
    }

    @Test func spaceSeparatedThousands() {
        // The Apollo 13 transcript writes `60 000 miles`, `121 490 miles`.
        #expect(summary("60 000 miles.") == [Triple(60_000, nil, "miles")])
        #expect(summary("we're 121 490 miles out") == [Triple(121_490, nil, "miles")])
        #expect(summary("1 000 000 people") == [Triple(1_000_000, nil, "people")])
        #expect(summary("10\u{A0}000 closer") == [Triple(10_000, nil, "closer")])
        // Not when the next digits are not a group of three, or run on into a comma group.
        #expect(summary("another 2 3 days") == [Triple(2, nil, nil), Triple(3, nil, "days")])
        #expect(summary("mentioned 30 400,000 arrested") == [Triple(30, nil, nil), Triple(400_000, nil, "arrested")])
        #expect(summary("In 1952 500 people") == [Triple(500, nil, "people")])
        #expect(summary("9,500 000") == [Triple(9_500, nil, nil), Triple(0, nil, nil)])
    }

    @Test func noBreakSpacesCountAsSpaces() {
        #expect(summary("60\u{A0}percent") == [Triple(60, nil, "%")])
        #expect(summary("19\u{A0}billion\u{A0}[forints]") == [Triple(19e9, nil, "forints")])
        #expect(summary("in\u{A0}1949 according to") == [])
    }

    @Test func decimalsAndVulgarFractions() {
        #expect(summary("4.5 million adults") == [Triple(4.5e6, nil, "adults")])
        #expect(summary("5½ hours") == [Triple(5.5, nil, "hours")])
        #expect(summary("2¼ miles and 1⅓ cups") == [Triple(2.25, nil, "miles"), Triple(1 + 1.0 / 3, nil, "cups")])
        #expect(summary("version 1.2.3 here").isEmpty)
        #expect(summary("½ of them").isEmpty)
    }

    @Test func notPartOfAWord() {
        for text in ["COVID-19 vaccines", "a G7 meeting", "COP26 and beyond", "S-IVB 2", "5G networks",
                     "the 10th-year anniversary", "on the 23d of", "the 2nd time", "the 1950s", "Ä5 here", "5é"] {
            let values = summary(text).map(\.value)
            #expect(!values.contains(19) && !values.contains(7) && !values.contains(26) && !values.contains(5)
                    && !values.contains(10) && !values.contains(23) && !values.contains(1950), "\(text)")
        }
        #expect(summary("S-IVB 2 stages") == [Triple(2, nil, "stages")])
    }

    @Test func clockTimesAndRatiosAreNotFigures() {
        for text in ["at 12:05 today", "5:05", "1/3 of", "Archives 102/65. öe.", "24/7 service", "GO at 11-1/2, and"] {
            #expect(summary(text).isEmpty, "\(text)")
        }
    }

    @Test func datesAndCodesWithSeveralDashesAreNotFigures() {
        #expect(summary("on 2021-04-16 they met").isEmpty)
        #expect(summary("call 555-1234-567").isEmpty)
    }

    @Test func hugeAndOddNumbersAreBounded() {
        #expect(FigureScanner.scan(String(repeating: "1", count: 100_000)).isEmpty)
        #expect(summary(String(repeating: "9", count: 30) + " things").count == 1)
        #expect(summary(String(repeating: "9", count: 31) + " things").isEmpty)
        #expect(summary("0017.9 and 0491.7").map(\.value) == [17.9, 491.7])
    }

    // MARK: Scale

    @Test func scaleWords() throws {
        #expect(summary("5 thousand men") == [Triple(5e3, nil, "men")])
        #expect(summary("200 million people") == [Triple(200e6, nil, "people")])
        #expect(summary("1 billion forints") == [Triple(1e9, nil, "forints")])
        #expect(summary("2 trillion dollars") == [Triple(2e12, nil, "dollars")])
        let text = "a people with 9.5 Million cannot produce"
        #expect(only(text) == Figure(range: try #require(range(of: "9.5 Million", in: text)), value: 9.5e6,
                                     scale: "Million"))
        #expect(summary("5 millions") == [Triple(5, nil, "millions")])
        #expect(summary("5  million").map(\.value) == [5])  // two spaces: not a scale
    }

    // MARK: Units

    @Test func percentForms() throws {
        for text in ["75%", "75 %", "75 percent", "75 per cent", "75 Percent"] {
            #expect(only(text) == Figure(range: 0..<text.utf8.count, value: 75, unit: "%"), "\(text)")
        }
        #expect(summary("to 60 percent.") == [Triple(60, nil, "%")])
        #expect(summary("60 percentage points") == [Triple(60, nil, "percentage")])
    }

    @Test func unitWords() throws {
        #expect(summary("100 rounds or 40 rounds") == [Triple(100, nil, "rounds"), Triple(40, nil, "rounds")])
        #expect(summary("3 Tage") == [Triple(3, nil, nil)])
        #expect(summary("12 forintów") == [Triple(12, nil, "forintów")])
        #expect(summary("7 ёлок") == [Triple(7, nil, "ёлок")])
        #expect(summary("5 a.m.") == [Triple(5, nil, "a.m")])
        #expect(summary("9 man-hours") == [Triple(9, nil, "man-hours")])
        #expect(summary("13, Houston") == [Triple(13, nil, nil)])
        #expect(summary("13 Houston") == [Triple(13, nil, nil)])
        #expect(summary("10 — 10 bullets") == [Triple(10, nil, nil), Triple(10, nil, "bullets")])
        #expect(summary("a 10-year ban") == [Triple(10, nil, nil)])
        #expect(summary("5 m2") == [Triple(5, nil, nil)])
    }

    @Test func functionWordsAreNotUnits() {
        for word in ["of", "the", "in", "and", "to", "per", "within", "between", "cannot", "were", "about", "than",
                     "we're", "It\u{2019}s", "don't"] {
            #expect(summary("17 \(word) x") == [Triple(17, nil, nil)], "\(word)")
        }
    }

    @Test func bracketedUnitIsTakenWithoutTheBracket() throws {
        let text = "19 [forints] and 4 [to his animals] and 6 [?]"
        let figures = FigureScanner.scan(text)
        #expect(figures.map(\.unit) == ["forints", nil, nil])
        #expect(figures.first?.range == range(of: "19 [forints]", in: text))
        #expect(summary("7 [forints.] more") == [Triple(7, nil, "forints")])
    }

    @Test func capitalisedWordIsAUnitOnlyAsAShortAbbreviation() {
        #expect(summary("360 Rub. to") == [Triple(360, nil, "Rub")])
        #expect(summary("360 Rub to") == [Triple(360, nil, nil)])
        // A capital outside ASCII too.
        #expect(summary("360 Ölé to") == [Triple(360, nil, nil)])
        #expect(summary("360 Ölé. to") == [Triple(360, nil, "Ölé")])
        #expect(summary("3 Forints. And") == [Triple(3, nil, nil)])
        #expect(summary("we were 13 Cde. Malenkov said") == [Triple(13, nil, nil)])
        #expect(summary("points 1, 2, 3 etc. were") == [Triple(1, nil, nil), Triple(2, nil, nil), Triple(3, nil, nil)])
    }

    // MARK: Ranges

    @Test func ranges() throws {
        #expect(summary("5-6 years") == [Triple(5, 6, "years")])
        #expect(summary("5–6 million people") == [Triple(5e6, 6e6, "people")])
        #expect(summary("8–10,000 families") == [Triple(8_000, 10_000, "families")])
        #expect(summary("1-1,500,000 people") == [Triple(1_000_000, 1_500_000, "people")])
        #expect(summary("900-1,000,000 people") == [Triple(900, 1_000_000, "people")])  // 900,000,000 > B
        #expect(summary("10-20%") == [Triple(10, 20, "%")])
        #expect(summary("pp. 234-269") == [Triple(234, 269, nil)])
        #expect(summary("5 - 6") == [Triple(5, nil, nil), Triple(6, nil, nil)])
        let text = "waited 5-6 years. The"
        #expect(FigureScanner.scan(text).first?.range == range(of: "5-6 years", in: text))
    }

    // MARK: Years

    @Test func yearsAreNotFigures() {
        for text in ["In 1952, they", "until 1951, until success", "since 1950.", "in 1952 and in 1953",
                     "in 1949 according to which", "between 1951-1953 they", "the 1951–1953.", "in 1951-53",
                     "13 June 1953.", "the year 2000"] {
            let values = summary(text).map(\.value)
            #expect(!values.contains { $0 >= 1000 }, "\(text)")
        }
    }

    @Test func fourDigitNumbersThatAreNotYears() {
        #expect(summary("1500 people") == [Triple(1500, nil, "people")])
        #expect(summary("a total of 1500 people") == [Triple(1500, nil, "people")])
        #expect(summary("after 1500 years") == [Triple(1500, nil, "years")])
        #expect(summary("1,952 people") == [Triple(1952, nil, "people")])
        #expect(summary("1952.5") == [Triple(1952.5, nil, nil)])
        #expect(summary("1952%") == [Triple(1952, nil, "%")])
        #expect(summary("1952 million") == [Triple(1952e6, nil, nil)])
        #expect(summary("2100 and 999") == [Triple(2100, nil, nil), Triple(999, nil, nil)])
        #expect(summary("1500-2000 people") == [Triple(1500, 2000, "people")])
    }

    // MARK: Source markup

    @Test func digitsInSourceMarkupAreNotFigures() {
        #expect(FigureScanner.scan("Level sense arm time [time:00:00:08:38|8 plus 38] nominal").isEmpty)
        #expect(FigureScanner.scan("CMP: Okay. [glossary:P11], Jim.").isEmpty)
        #expect(summary("13, Houston. [time:00:00:12:34|12 plus 34]. Over, 4 times") == [
            Triple(13, nil, nil), Triple(4, nil, "times"),
        ])
        #expect(summary("[Note: 3 pages]") == [Triple(3, nil, "pages")])
    }

    @Test func rangesAreUTF8Offsets() throws {
        let text = "Rákosi: 26% of the farm land; Gerö: 5½ ÁVH"
        let figures = FigureScanner.scan(text)
        #expect(figures.map(\.range) == [try #require(range(of: "26%", in: text)),
                                         try #require(range(of: "5½", in: text))])
    }

    // MARK: Robustness

    @Test func pathologicalInputsNeverCrashAndRangesAreValid() {
        var inputs = ["", "[[[[", String(repeating: "1", count: 100_000), "1,2,3,,", "--", "-", "1-", "-1", "1.", ".1",
                      "1%", "%", "5½½", "½", "1-2-", "1–", "1,", "1,00", "1,000,", "9 [", "9 [a", "9 [a.", "9 a'",
                      "[time:", "[a:1", "5\u{301}", "5 \u{301}", "75%\u{301}", "\u{600}5", "5 é\u{301}", "5 \r\n",
                      String(repeating: "1-", count: 20_000), String(repeating: "1,", count: 20_000),
                      String(repeating: "1.", count: 20_000), String(repeating: "9 a", count: 20_000),
                      "1 " + String(repeating: "a", count: 100_000)]
        var generator = SplitMix64(seed: 0xF16)
        let pieces = ["1", "9", "0", ",", ".", "-", "–", "½", "%", " ", "a", "Á", "\u{301}", "million", "[", "]",
                      "glossary:", ":", "/", "é", "🇭🇺", "\u{600}", "\r", "\n", "per cent", "Rub.", "1952", "000"]
        for _ in 0..<3_000 {
            let count = Int(generator.next() % 20)
            inputs.append((0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next() % 0x40 + 0x20) }
            inputs.append(String(decoding: bytes, as: UTF8.self))
            let random = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            inputs.append(String(decoding: random, as: UTF8.self))
        }
        var total = 0
        for input in inputs {
            var previousEnd = 0
            let figures = FigureScanner.scan(input)
            total += figures.count
            for figure in figures {
                #expect(ScannerTestSupport.isValidSlice(figure.range, of: input), "\(input.debugDescription) \(figure)")
                #expect(figure.range.lowerBound >= previousEnd, "figures overlap in \(input.debugDescription)")
                #expect(figure.value.isFinite)
                previousEnd = figure.range.upperBound
            }
        }
        #expect(total > 1_000)  // the generator does reach the scanner's paths
    }

    @Test func figureThatWouldSplitACharacterIsDropped() {
        #expect(summary("75%\u{301} and 5 men") == [Triple(5, nil, "men")])
        #expect(summary("\u{600}5").isEmpty)
    }

    /// A figure's value, upper end and unit, compared without its range.
    private struct Triple: Equatable, CustomStringConvertible {
        var value: Double
        var upper: Double?
        var unit: String?
        init(_ value: Double, _ upper: Double?, _ unit: String?) {
            self.value = value
            self.upper = upper
            self.unit = unit
        }
        var description: String { "(\(value), \(upper.map { "\($0)" } ?? "-"), \(unit ?? "-"))" }
    }
}
