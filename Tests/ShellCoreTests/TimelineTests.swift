import Foundation
import QueryEngine
import Testing
import TranscriptFormats
import TranscriptModel

@testable import ShellCore

/// The reference document read without Parley: each turn's paragraphs and interjections, with who says
/// them, from the labels (`Cde. Beria: `) and the parenthesised interjections (`(Cde. Molotov: ...)`).
struct RawReference {
    /// Each piece of speech in order: the turn it stands in (an interjection in the turn it interrupts),
    /// who says it, and its text without the label.
    let pieces: [(turn: Int, speaker: String, text: String)]
    let turns: Int

    init() {
        let body = EmbeddedReference.text.components(separatedBy: "Document Information")[0]
        let label = try! NSRegularExpression(pattern: #"^(?:Cde\.|Comrade) (\w+): "#)
        let interjection = try! NSRegularExpression(pattern: #"\((?:Cde\. |Comrade )?(\w+): ([^()]*)\)"#)
        var pieces: [(Int, String, String)] = []
        var speaker = ""
        var turn = 0
        for line in body.components(separatedBy: "\n") {
            var text = line.trimmingCharacters(in: .whitespaces)
            let ns = text as NSString
            if let m = label.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
                speaker = ns.substring(with: m.range(at: 1))
                turn += 1
                text = ns.substring(from: m.range.upperBound)
            }
            // The header (title, date, place) comes before the first label.
            guard turn > 0, !text.isEmpty else { continue }
            let inner = text as NSString
            let found = interjection.matches(in: text, range: NSRange(location: 0, length: inner.length))
            for m in found { pieces.append((turn, inner.substring(with: m.range(at: 1)), inner.substring(with: m.range(at: 2)))) }
            let rest = interjection.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: inner.length), withTemplate: "")
            pieces.append((turn, speaker, rest))
        }
        self.pieces = pieces
        self.turns = turn
    }

    /// How often `word` stands in `text` as a word, ignoring case and accents: the text split at every
    /// character that is not a letter or a digit.
    static func occurrences(of word: String, in text: String) -> Int {
        let folded = { (s: Substring) in s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        let target = folded(Substring(word))
        return text.split { !($0.isLetter || $0.isNumber) }.filter { folded($0) == target }.count
    }

    /// Hits of `word` by turn, for one speaker or all.
    func hits(of word: String, speaker: String? = nil) -> [Int: Int] {
        var hits: [Int: Int] = [:]
        for piece in pieces where speaker == nil || piece.speaker == speaker {
            let n = Self.occurrences(of: word, in: piece.text)
            if n > 0 { hits[piece.turn, default: 0] += n }
        }
        return hits
    }

    /// Words by turn, split as `occurrences` splits them (a rougher count than Parley's index, which
    /// keeps `250,000` one word).
    func roughWords(speaker: String? = nil) -> [Int: Int] {
        var words: [Int: Int] = [:]
        for piece in pieces where speaker == nil || piece.speaker == speaker {
            words[piece.turn, default: 0] += piece.text.split { !($0.isLetter || $0.isNumber) }.count
        }
        return words
    }
}

/// Gries' DP written out: half the summed difference between each part's share of the hits and its
/// share of the words.
func grieseDP(hits: [Int: Int], words: [Int: Int]) -> Double {
    let parts = Set(hits.keys).union(words.keys)
    let h = Double(hits.values.reduce(0, +))
    let w = Double(words.values.reduce(0, +))
    return parts.reduce(0.0) { $0 + abs(Double(hits[$1] ?? 0) / h - Double(words[$1] ?? 0) / w) } / 2
}

/// The bin (0-based) turn `k` of `turns` falls in with `bins` bins: a turn's hits stand in its middle,
/// k + ½, on an axis from 1 to turns + 1; in whole numbers, (2k − 1)·bins / (2·turns).
func turnBin(_ k: Int, turns: Int, bins: Int) -> Int { (2 * k - 1) * bins / (2 * turns) }

/// `timeline` on the reference document and on timed captions, its figures counted from the text.
@Suite struct TimelineTests {
    let raw = RawReference()

    func run(_ statements: [String], documents: [Document] = [Loader.embeddedReference()], format: OutputFormat = .csv,
             width: Int? = nil) -> (BufferOutput, ShellCore.ExitStatus) {
        let output = BufferOutput()
        let session = Session(documents: documents, output: output, format: format)
        session.width = width
        var status = ShellCore.ExitStatus.success
        for statement in statements where status == .success { status = session.run(statement) }
        return (output, status)
    }

    /// CSV records `row,bin,start,end,hits,dp`, after the header.
    func records(_ query: String, documents: [Document] = [Loader.embeddedReference()]) -> [[String]] {
        let (output, _) = run([query], documents: documents)
        let lines = output.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "row,bin,start,end,hits,dp")
        return lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func theRawTextHasTheDocumentsTurns() {
        #expect(raw.turns == Loader.embeddedReference().turns.count)
        #expect(raw.turns == 23)
    }

    @Test(arguments: ["army", "Rákosi", "leadership", "peasants"], [23, 50, 7])
    func hitsPerBinMatchACountOfTheText(word: String, bins: Int) {
        let byTurn = raw.hits(of: word)
        var expected = Array(repeating: 0, count: bins)
        for (turn, n) in byTurn { expected[turnBin(turn, turns: raw.turns, bins: bins)] += n }
        let rows = records("\(word) | timeline bins \(bins)")
        #expect(rows.count == bins)
        #expect(rows.map { Int($0[4]) ?? -1 } == expected)
        #expect(rows.map(\.[1]) == (1...bins).map(String.init))
        #expect(rows.allSatisfy { $0[0] == "1953-06-13-kremlin-hungarian-delegation" })
        // The axis runs from turn 1 to one past the last.
        #expect(rows.first?[2] == "1")
        #expect(rows.last?[3] == String(raw.turns + 1))
        #expect(expected.reduce(0, +) > 0)
    }

    @Test func withoutBinsRecordsHaveFifty() {
        #expect(records("army | timeline").count == Timeline.defaultBins)
    }

    /// DP from the raw turns: hits counted in the text, and each turn's words as the definition takes
    /// them, Parley's word count of the turn's utterances (the document's own `Turn.utterances`); then
    /// against a rough count of the words in the text, which may differ a little.
    @Test(arguments: ["army", "Rákosi", "leadership", "peasants", "Stalin"])
    func dpMatchesTheFormula(word: String) throws {
        let document = Loader.embeddedReference()
        let index = CorpusIndex([document])
        var words: [Int: Int] = [:]
        for turn in document.turns { words[turn.number] = turn.utterances.reduce(0) { $0 + index.wordCount($1) } }
        let hits = raw.hits(of: word)
        let rows = records("\(word) | timeline")
        let field = try #require(rows.first?[5])
        let dp = try #require(Double(field))
        #expect(rows.allSatisfy { $0[5] == rows[0][5] })
        #expect(rows[0][5] == String(format: "%.4f", grieseDP(hits: hits, words: words)))
        #expect(abs(dp - grieseDP(hits: hits, words: raw.roughWords())) < 0.02)
    }

    @Test func dpIsZeroWhenHitsFallAsTheWordsDoAndLargeWhenCrowded() throws {
        #expect(Timeline.deviation(hits: [2, 4, 6], words: [10, 20, 30]) == 0)
        // All hits in the first of three equal parts: |1 − ⅓| + ⅓ + ⅓, halved.
        let crowded = try #require(Timeline.deviation(hits: [3, 0, 0], words: [5, 5, 5]))
        #expect(abs(crowded - 2.0 / 3) < 1e-12)
        #expect(Timeline.deviation(hits: [0, 0], words: [1, 1]) == nil)
        #expect(Timeline.deviation(hits: [1], words: [0]) == nil)
    }

    /// `by speaker`: a row per speaker with hits, their hits in the turns they speak in (an interjection
    /// in the turn it interrupts), and DP over those turns with the speaker's own words.
    @Test(arguments: ["Rákosi", "army", "comrades"])
    func bySpeakerRowsCountEachSpeakersHits(word: String) {
        let document = Loader.embeddedReference()
        let index = CorpusIndex([document])
        let speakers = Set(raw.pieces.map(\.speaker))
        var expected: [String: (hits: [Int], dp: String)] = [:]
        for speaker in speakers {
            let hits = raw.hits(of: word, speaker: speaker)
            guard !hits.isEmpty else { continue }
            var words: [Int: Int] = [:]
            for (u, utterance) in document.utterances.enumerated() {
                guard let s = utterance.speaker, let turn = utterance.turn, document.speakers[s].name == speaker else { continue }
                words[turn, default: 0] += index.wordCount(u)
            }
            var bins = Array(repeating: 0, count: raw.turns)
            for (turn, n) in hits { bins[turnBin(turn, turns: raw.turns, bins: raw.turns)] += n }
            expected[speaker] = (bins, String(format: "%.4f", grieseDP(hits: hits, words: words)))
        }
        let rows = records("\(word) | timeline by speaker bins \(raw.turns)")
        let names = rows.map(\.[0]).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(Set(names) == Set(expected.keys.map { "1953-06-13-kremlin-hungarian-delegation · " + $0 }))
        for name in names {
            let speaker = String(name.split(separator: "·").last ?? "").trimmingCharacters(in: .whitespaces)
            let own = rows.filter { $0[0] == name }
            #expect(own.map { Int($0[4]) ?? -1 } == expected[speaker]?.hits, "\(speaker)")
            #expect(own.first?[5] == expected[speaker]?.dp, "\(speaker)")
        }
        // Most hits first.
        let totals = names.map { name in rows.filter { $0[0] == name }.reduce(0) { $0 + (Int($1[4]) ?? 0) } }
        #expect(totals == totals.sorted(by: >))
    }

    @Test func documentsWithoutHitsHaveNoRow() {
        var other = Loader.embeddedReference()
        other.id = "other"
        let rows = records("army doc:other | timeline bins 5", documents: [Loader.embeddedReference(), other])
        #expect(Set(rows.map(\.[0])) == ["other"])
        let (none, status) = run(["nosuchword | timeline"], format: .text)
        #expect(status == .success)
        #expect(none.output == "0 utterances\n")
        #expect(records("nosuchword | timeline").isEmpty)
    }

    // MARK: time

    /// Four cues, speakers taking turns; times and words counted by hand: the axis runs from 00:00 to the
    /// last cue's end, 01:40, and `budget` stands at 0 s, 20 s and (twice) 60 s.
    static let captions = """
        WEBVTT

        00:00:00.000 --> 00:00:10.000
        <v Ann>We open the budget hearing today.

        00:00:10.000 --> 00:00:20.000
        <v Bob>Thank you. I have a question about parks.

        00:00:20.000 --> 00:00:30.000
        <v Ann>The budget is tight this year.

        00:01:00.000 --> 00:01:40.000
        <v Bob>Our budget for parks and the budget for roads.

        """

    static func captionDocument() throws -> Document {
        let decoded = try DecodedText.decode(Array(captions.utf8)).get()
        return CaptionReader(format: .webvtt).read(decoded, id: "hearing", path: "hearing.vtt").document
    }

    @Test func aTimedDocumentRunsOnItsClock() throws {
        let document = try Self.captionDocument()
        #expect(document.turns.count == 4)
        let rows = records("budget | timeline bins 10", documents: [document])
        #expect(rows.map { Int($0[4]) ?? -1 } == [1, 0, 1, 0, 0, 0, 2, 0, 0, 0])
        #expect(rows.map(\.[2]) == (0..<10).map { ClockTime.format(Double($0 * 10)) })
        #expect(rows.first?[2] == "00:00:00")
        #expect(rows.last?[3] == "00:01:40")
        // Words 6, 8, 6, 9 (29); hits 1, 0, 1, 2 (4): ½(5 + 32 + 5 + 22)/116 = 8/29.
        #expect(rows.first?[5] == String(format: "%.4f", 8.0 / 29))
        let speakers = records("budget | timeline by speaker bins 10", documents: [document])
        // Bob: 0 of 2 hits in 8 of his 17 words, 2 in 9: DP 8/17. Ann: one hit in each of her two turns of 6.
        #expect(speakers.filter { $0[0] == "hearing · Bob" }.first?[5] == String(format: "%.4f", 8.0 / 17))
        #expect(speakers.filter { $0[0] == "hearing · Ann" }.first?[5] == "0.0000")
    }

    /// The Oakland council's captions: each hit at its turn's start, as the reader timed the turns,
    /// binned here from the document's own turns.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus + "/2022-08-09-oakland-council-captions.vtt"),
                   "../shared/corpus is not beside the clone; the Oakland captions test needs it"),
          arguments: ["councilmember", "dollars", "oakland", "family"])
    func sharedCaptionsBinByClockTime(word: String) throws {
        let document = try #require(Loader().load([sharedCorpus + "/2022-08-09-oakland-council-captions.vtt"]).documents.first)
        let starts = document.turns.compactMap(\.start)
        let low = try #require(starts.min())
        let high = try #require(document.turns.compactMap { $0.end ?? $0.start }.max())
        let bins = 40
        var expected = Array(repeating: 0, count: bins)
        for utterance in document.utterances {
            let n = RawReference.occurrences(of: word, in: utterance.text)
            guard n > 0, let turn = utterance.turn, let start = document.turns[turn - 1].start else { continue }
            expected[min(bins - 1, Int((start - low) * Double(bins) / (high - low)))] += n
        }
        let rows = records("\(word) | timeline bins \(bins)", documents: [document])
        #expect(rows.map { Int($0[4]) ?? -1 } == expected)
        #expect(rows.first?[2] == ClockTime.format(low))
        #expect(rows.last?[3] == ClockTime.format(high))
        #expect(expected.reduce(0, +) > 0)
    }
}
