import Foundation
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

    /// Decimals give exactly the `Double` nearest the written time, as `Double("61.26")` does, so that a
    /// window's edge written in a query meets a caption's time written the same way.
    @Test func clockTimeDecimalsAreExact() throws {
        for minutes in [0, 1, 59] {
            for second in [0, 1, 29, 59] {
                for thousandths in 0..<1000 {
                    let fraction = String(thousandths + 1000).dropFirst()
                    let time = try #require(ClockTime(String(format: "%02d:%02d.", minutes, second) + fraction))
                    #expect(time.seconds == Double("\(minutes * 60 + second).\(fraction)"))
                }
            }
        }
        #expect(ClockTime("01:01.26")?.seconds == 61.26)
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

    /// A figure keeps its scale word and unit in one string and "no upper end" as NaN, to be small: every
    /// combination reads back as given, an empty word as none, and figures without an upper end are equal.
    @Test func figuresGiveBackWhatTheyWereMadeWith() {
        for scale in [nil, "", "million", "Billion"] as [String?] {
            for unit in [nil, "", "forints", "%", "man-hours", "x\u{1F}y"] as [String?] {
                for upper in [nil, 10_000, -0.0] as [Double?] {
                    let figure = Figure(range: 3..<17, value: 8000, upper: upper, scale: scale, unit: unit)
                    #expect(figure.scale == (scale == "" ? nil : scale) && figure.unit == (unit == "" ? nil : unit))
                    #expect(figure.upper == upper && figure.range == 3..<17 && figure.value == 8000)
                    #expect(figure == Figure(range: 3..<17, value: 8000, upper: upper, scale: scale, unit: unit))
                    #expect(Set([figure, Figure(range: 3..<17, value: 8000, upper: upper, scale: scale, unit: unit)]).count == 1)
                }
            }
        }
        var figure = Figure(range: 0..<2, value: 1, upper: 2, scale: "thousand", unit: "tons")
        figure.unit = nil
        #expect(figure.scale == "thousand" && figure.unit == nil)
        figure.scale = nil
        figure.unit = "q"
        #expect(figure.scale == nil && figure.unit == "q")
        figure.upper = .nan
        #expect(figure.upper == nil && figure != Figure(range: 0..<2, value: 1, upper: 2, unit: "q"))
        #expect(figure == Figure(range: 0..<2, value: 1, unit: "q"))
    }

    @Test func editorialSpansGiveBackTheirRange() {
        var span = EditorialSpan(kind: .note, range: 4..<9, content: "sic")
        #expect(span.range == 4..<9 && span.kind == .note && span.content == "sic" && span.replaced == nil)
        span.range = 0..<Int(UInt32.max)
        #expect(span.range == 0..<Int(UInt32.max))
        #expect(span != EditorialSpan(kind: .note, range: 4..<9, content: "sic"))
    }

    /// Numbers read in place from a mapped file read the same after their pages are given back.
    @Test func mappedNumbersReadTheSameAfterTheirPagesAreGivenBack() throws {
        let values = (0..<100_000).map { Int32($0 &* 7919 % 65_521) - 30_000 }
        let path = NSTemporaryDirectory() + "parley-numbers-\(UUID().uuidString)"
        defer { unlink(path) }
        var bytes = [UInt8](repeating: 0xAB, count: 8)
        values.withUnsafeBytes { bytes += $0 }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let file = try #require(MappedFile(descriptor: fd, size: bytes.count))
        let mapped = SharedNumbers<Int32>(file, offset: 8, count: values.count)
        #expect(Array(mapped) == values && mapped == SharedNumbers(values))
        mapped.release()
        file.release(0..<bytes.count)
        #expect(Array(mapped) == values)
        #expect(mapped.withUnsafeBufferPointer { Array($0) } == values)
        let text = SharedBytes(file, range: 0..<8)
        #expect(text.withUnsafeBufferPointer { Array($0) } == [UInt8](repeating: 0xAB, count: 8))
    }

    @Test func foldingIgnoresCaseAndDiacritics() {
        #expect(Folding.key("RÁKOSI") == Folding.key("rakosi"))
        #expect(Folding.key("Gerö") == "gero")
        #expect(Folding.key(" Imre   Nagy ") == "imre nagy")
    }

    /// Utterances as the readers make them: several paths, figures and editorial spans on some, none on others.
    static func utterances() -> [Utterance] {
        (0..<40).map { i in
            let text = "Paragraph \(i): the plan of \(i * 1000) tons [sic] in Győr, é\(String(repeating: "x", count: i))"
            let figures = i % 3 == 0 ? [Figure(range: 20..<30, value: Double(i) * 1000, unit: "tons")] : []
            let editorial = i % 4 == 0 ? [EditorialSpan(kind: .note, range: 35..<40, content: "sic")] : []
            return Utterance(kind: i % 5 == 0 ? .interjection : .speech, speaker: i % 7 == 0 ? nil : i % 3,
                             turn: i % 6 == 0 ? nil : i / 2 + 1, text: text,
                             location: SourceLocation(path: i % 9 == 0 ? "other.txt" : "a.txt", line: 3 * i + 1),
                             editorial: editorial, figures: figures)
        }
    }

    @Test func compactingKeepsEveryUtteranceAsItWas() {
        let utterances = Self.utterances()
        let document = Document(id: "a", path: "a.txt", format: "text", utterances: utterances).compacted()
        #expect(document.utterances == utterances)
        for (a, b) in zip(document.utterances, utterances) {
            #expect(a.text == b.text && a.textByteCount == b.text.utf8.count)
            #expect(a.figures == b.figures && a.editorial == b.editorial && a.location == b.location)
            #expect(a.speaker == b.speaker && a.turn == b.turn && a.kind == b.kind)
            #expect(a.withTextUTF8 { Array($0) } == Array(b.text.utf8))
        }
    }

    @Test func changingOneUtteranceOfACompactedDocumentLeavesTheOthers() {
        let utterances = Self.utterances()
        var document = Document(id: "a", path: "a.txt", format: "text", utterances: utterances).compacted()
        document.utterances[3].text = "changed"
        document.utterances[6].figures = []
        document.utterances[8].editorial = [EditorialSpan(kind: .elision, range: 0..<3, content: "…")]
        document.utterances[10].location = SourceLocation(path: "moved.txt", line: 7)
        #expect(document.utterances[3].text == "changed")
        #expect(document.utterances[6].figures.isEmpty && document.utterances[6].text == utterances[6].text)
        #expect(document.utterances[8].editorial.map(\.kind) == [.elision])
        #expect(document.utterances[10].location == SourceLocation(path: "moved.txt", line: 7))
        #expect(document.utterances[10].text == utterances[10].text && document.utterances[10].figures == utterances[10].figures)
        for i in utterances.indices where ![3, 6, 8, 10].contains(i) { #expect(document.utterances[i] == utterances[i]) }
    }

    @Test func turnsKeepWhatTheyAreGiven() {
        var turn = Turn(number: 4, speaker: nil, label: "Dr. Kissinger", utterances: 2..<5)
        #expect(turn.number == 4 && turn.speaker == nil && turn.utterances == 2..<5)
        #expect(turn.addressee == nil && turn.start == nil && turn.end == nil && turn.metadata.isEmpty)
        turn.start = -1.5
        turn.addressee = "General Haig"
        turn.metadata = [MetadataField("_page", "8")]
        turn.speaker = 2
        #expect(turn.start == -1.5 && turn.end == nil && turn.addressee == "General Haig" && turn.speaker == 2)
        #expect(turn.metadata == [MetadataField("_page", "8")])
        let copy = turn
        turn.end = 3
        #expect(copy.end == nil && turn.end == 3 && copy != turn)
        turn.end = nil
        #expect(copy == turn)
    }
}

/// The banded edit distance agrees with the full one wherever the result is within the limit.
@Suite struct EditDistanceBandTests {
    @Test func bandAgreesWithTheFullDistance() {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let letters: [Character] = ["a", "b", "c"]
        for _ in 0..<20_000 {
            let a = (0..<next(9)).map { _ in letters[next(3)] }
            let b = (0..<next(9)).map { _ in letters[next(3)] }
            let full = EditDistance.distance(a, b)
            for limit in 0...3 {
                let banded = EditDistance.distance(a, b, limit: limit)
                #expect(full <= limit ? banded == full : banded == limit + 1, "\(String(a)) \(String(b)) \(limit)")
            }
        }
    }
}

/// The folder part of a path, as `NSString.deletingLastPathComponent` gives it where it does not crash.
@Suite struct EnclosingFolderTests {
    @Test(arguments: [("a/b/c.txt", "a/b"), ("/c.txt", "/"), ("c.txt", ""), ("t", ""), ("/", "/"), ("a/b/", "a"),
                      ("a//b", "a"), ("./t", "."), ("corpus/\u{301}x.txt", "corpus"), ("/data/\u{20DD}n.txt", "/data")])
    func theFolderPart(path: String, folder: String) {
        #expect(path.enclosingFolder == folder)
    }
}
