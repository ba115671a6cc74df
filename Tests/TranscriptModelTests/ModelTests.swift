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
