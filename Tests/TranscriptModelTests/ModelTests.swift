import Testing
import TranscriptModel

@Suite struct ModelTests {
    @Test func partialDatesKeepTheirPrecision() {
        #expect(PartialDate(iso: "1953-06-13")?.description == "1953-06-13")
        #expect(PartialDate(iso: "1953-06")?.description == "1953-06")
        #expect(PartialDate(iso: "1953")?.description == "1953")
        #expect(PartialDate(iso: "1953-13") == nil)
        #expect(PartialDate(iso: "1953-02-30") == nil)
        #expect(PartialDate(iso: "1952-02-29") != nil)
        #expect(PartialDate(iso: "53-06") == nil)
        #expect(PartialDate(iso: "1953-6") == nil)
        #expect(PartialDate(year: 1953, day: 3) == nil)
    }

    static let clockTimes: [(String, Double, Double)] = [
        ("45:00", 2700, 1), ("1:05:00", 3900, 1), ("00:10:00.250", 600.25, 0.001), ("00:00:01.5", 1.5, 0.1),
        ("05:22:54:56", 514_496, 1), ("-00:00:00:10", -10, 1), ("123:00", 7380, 1),
    ]

    @Test(arguments: clockTimes)
    func clockTimesParse(text: String, seconds: Double, resolution: Double) throws {
        let time = try #require(ClockTime(text))
        #expect(abs(time.seconds - seconds) < 1e-9 && abs(time.resolution - resolution) < 1e-12, "\(text)")
    }

    @Test(arguments: ["45", "", ":", "1:2", "00:60", "00:61:00", "01:24:00:00", "1234:00", "00:00.", "00:00.x",
                      "--00:10", "00:10:", "a0:10", "00:10:00:00:00", "00:10 ", "00:00.1234567890"])
    func clockTimesRefuse(text: String) {
        #expect(ClockTime(text) == nil, "\(text)")
    }

    @Test func clockTimesFormatSoTheyParseBack() throws {
        #expect(ClockTime.format(0) == "00:00:00")
        #expect(ClockTime.format(-10) == "-00:00:10")
        #expect(ClockTime.format(600.25) == "00:10:00.250")
        #expect(ClockTime.format(5 * 86400 + 3661) == "05:01:01:01")
        #expect(ClockTime.format(10, days: true) == "00:00:00:10")
        for seconds in [0, 59.5, 3599.999, 86399, 86400, -3661, 514_512] as [Double] {
            let parsed = try #require(ClockTime(ClockTime.format(seconds)))
            #expect(abs(parsed.seconds - seconds) < 0.0005, "\(seconds)")
        }
    }

    @Test func partialDatesOrderByTheirFirstDay() throws {
        let dates = try ["1956-10", "1953", "1953-06-13", "1953-06"].map { try #require(PartialDate(iso: $0[...])) }
        #expect(dates.sorted().map(\.description) == ["1953", "1953-06", "1953-06-13", "1956-10"])
    }

    @Test func corpusKeepsDocumentIDsUnique() {
        let corpus = Corpus([Document(id: "a", path: "x/a.txt", format: "text"), Document(id: "a", path: "y/a.md", format: "markdown"),
                             Document(id: "a-2", path: "a-2.txt", format: "text"), Document(id: "a", path: "z/a.txt", format: "text")])
        #expect(corpus.documents.map(\.id) == ["a", "a-2", "a-2-2", "a-3"])
    }

    @Test func figureRangeMatchesWhenEitherEndDoes() {
        let range = Figure(range: 0..<8, value: 8000, upper: 10000)
        #expect(range.matches { $0 > 9000 })
        #expect(range.matches { $0 < 8500 })
        #expect(!range.matches { $0 > 20000 })
        #expect(Figure(range: 0..<3, value: 75, unit: "%").matches { $0 == 75 })
    }

    @Test func foldingIgnoresCaseAndDiacritics() {
        #expect(Folding.key("RÁKOSI") == Folding.key("rakosi"))
        #expect(Folding.key("Gerö") == "gero")
        #expect(Folding.key(" Imre   Nagy ") == "imre nagy")
    }
}
