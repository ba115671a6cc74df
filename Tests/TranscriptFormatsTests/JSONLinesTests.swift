import Foundation
import Testing
@testable import TranscriptFormats
import TranscriptModel

@Suite struct JSONLinesTests {
    /// Writes, then reads back, checking that nothing warns.
    func roundTrip(_ documents: [Document], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Document] {
        let text = JSONLinesWriter.write(documents)
        let decoded = try DecodedText.decode(Array(text.utf8)).get()
        let (read, warnings) = try JSONLinesReader().read(decoded, path: "export.jsonl").get()
        #expect(warnings.isEmpty, "\(warnings)", sourceLocation: sourceLocation)
        return read
    }

    func read(_ text: String) -> Result<(documents: [Document], warnings: [String]), LoaderReadError> {
        JSONLinesReader().read(DecodedText(bytes: Array(text.utf8), warnings: []), path: "test.jsonl")
    }

    /// Every optional field both set and unset.
    static let fixture: [Document] = {
        let said = "We spent 19 billion [forints] on <s>Reliance </s>\\[Resilience\\] and 8-10,000 people (…) 75% 1.5 q […]"
        let end = said.utf8.count
        let first = Document(
            id: "fixture", path: "corpus/fixture.txt", format: "text", title: "A \"quoted\" title\twith tab", date: PartialDate(year: 1953, month: 6, day: 13),
            place: "Moscow, Kremlin",
            metadata: [MetadataField("Archive", "MNL OL \\ 276"), MetadataField("Rights", nil), MetadataField("Empty", "")],
            speakers: [Speaker(name: "Beria", labels: ["Cde. Beria", "Comrade Beria"], titles: ["Cde.", "Comrade"]),
                       Speaker(name: "Rákosi", labels: ["RÁKOSI"], titles: []),
                       Speaker(name: "Kissinger", labels: ["Dr. Kissinger"], titles: ["Dr."])],
            turns: [
                Turn(number: 1, speaker: 0, label: "Cde. Beria", utterances: 0..<3),
                Turn(number: 2, speaker: 2, label: "Dr. Kissinger", addressee: "General Haig", start: 1.5, end: 19000000000,
                     utterances: 3..<4, metadata: [MetadataField("_page", "8"), MetadataField("note", nil)]),
                Turn(number: 3, speaker: nil, label: ">>", start: -2.25, end: nil, utterances: 4..<4),
            ],
            utterances: [
                Utterance(kind: .speech, speaker: 0, turn: 1,
                          text: said,
                          location: SourceLocation(path: "corpus/fixture.txt", line: 12),
                          editorial: [EditorialSpan(kind: .correction, range: 33..<61, content: "Resilience", replaced: "Reliance "),
                                      EditorialSpan(kind: .insertion, range: 20..<29, content: "forints"),
                                      EditorialSpan(kind: .elision, range: (end - 5)..<end, content: "…")],
                          figures: [Figure(range: 10..<29, value: 19_000_000_000, scale: "billion", unit: "forints"),
                                    Figure(range: 66..<81, value: 8000, upper: 10000, unit: "people"),
                                    Figure(range: 86..<89, value: 75, unit: "%"),
                                    Figure(range: 90..<95, value: 1.5, unit: "q"),
                                    Figure(range: 0..<0, value: 0.1, upper: 1e300, scale: nil, unit: nil),
                                    Figure(range: 0..<1, value: -0.0, upper: 1.2345678901234568e17, scale: "thousand", unit: nil)]),
                Utterance(kind: .interjection, speaker: 1, turn: 1, text: "But you wanted \u{0}control\u{1F} and \"quotes\"\n",
                          location: SourceLocation(path: "corpus/fixture.txt", line: 13)),
                Utterance(kind: .direction, speaker: nil, turn: 1, text: "(Laughter) 😀 e\u{301}",
                          location: SourceLocation(path: "elsewhere.txt", line: 14)),
                Utterance(kind: .speech, speaker: 2, turn: 2, text: "", location: SourceLocation(path: "corpus/fixture.txt", line: 0)),
            ],
            unplacedLines: [UnplacedLine(line: 1, text: "Skip to content", reason: "web page boilerplate")])
        let bare = Document(id: "bare#2", path: "embedded:bare", format: "markdown", title: nil, date: nil, place: nil,
                            utterances: [Utterance(kind: .narrative, speaker: nil, turn: nil, text: "Nobody speaks.",
                                                   location: SourceLocation(path: "embedded:bare", line: 1))])
        let empty = Document(id: "empty", path: "e.vtt", format: "webvtt", date: PartialDate(year: 1953))
        let month = Document(id: "month", path: "m.srt", format: "srt", date: PartialDate(year: 987, month: 6))
        return [first, bare, empty, month]
    }()

    @Test func fixtureWithEveryOptionalFieldRoundTrips() throws {
        let documents = Self.fixture
        #expect(try roundTrip(documents) == documents)
    }

    @Test func embeddedReferenceRoundTrips() throws {
        let reference = Loader.embeddedReference()
        #expect(reference.utterances.count == 72)
        #expect(try roundTrip([reference]) == [reference])
    }

    @Test(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
    func everyCorpusFileParleyReadsRoundTrips() throws {
        // The whole corpus folder: every format Parley reads (the listPerson file and README are skipped).
        let all = Loader().load([SharedCorpus.folder.path])
        #expect(!all.failed, "\(all.messages)")
        #expect(Set(all.documents.map(\.format)) == ["text", "markdown", "webvtt", "chat", "tei"])
        for document in all.documents {
            #expect(try roundTrip([document]) == [document], "\(document.id) does not round-trip")
        }
        #expect(try roundTrip(all.documents) == all.documents)
    }

    @Test func outputIsOneObjectPerLineWithStableKeys() throws {
        let text = JSONLinesWriter.write(Self.fixture)
        #expect(text.hasSuffix("}\n"))
        #expect(!text.contains("\r"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == Self.fixture.count + Self.fixture.map(\.utterances.count).reduce(0, +))
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            #expect(object is [String: Any])
        }
        let header = try #require(lines.first)
        #expect(header.hasPrefix("{\"type\":\"document\",\"parley\":1,\"id\":\"fixture\",\"path\":"))
        #expect(text.contains("\"value\":19000000000,\"upper\":null,\"scale\":\"billion\",\"unit\":\"forints\""))
        #expect(text.contains("\"start\":1.5,\"end\":19000000000,\"utterances\":[3,4]"))
        #expect(text.contains("{\"name\":\"Rights\",\"value\":null}"))
        #expect(text.contains("\\u0000control\\u001f"))
        #expect(JSONLinesWriter.write(Self.fixture) == text)
        #expect(JSONLinesWriter.write([]) == "")
    }

    @Test func brokenLineInTheMiddleWarnsOnceAndTheRestLoads() throws {
        let documents = Self.fixture
        var lines = JSONLinesWriter.write(documents).split(separator: "\n").map(String.init)
        // Line 3 is the fixture's second utterance (index 1): cut it in half.
        lines[2] = String(lines[2].prefix(40))
        let (read, warnings) = try self.read(lines.joined(separator: "\n") + "\n").get()
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("line 3: not valid JSON") == true)
        #expect(read.count == documents.count)
        #expect(Array(read.dropFirst()) == Array(documents.dropFirst()))
        let first = try #require(read.first)
        var expected = documents[0].utterances
        expected.remove(at: 1)
        #expect(first.utterances == expected)
        #expect(first.turns.map(\.utterances) == [0..<2, 2..<3, 3..<3])
    }

    @Test func invalidUtteranceValuesAreKeptOut() throws {
        let text = """
        {"type":"document","parley":1,"id":"d","path":"d.txt","format":"text","title":null,"date":null,"place":null,"metadata":[],"speakers":[{"name":"A","labels":["A"],"titles":[]}],"turns":[],"unplaced":[],"utterances":3}
        {"type":"utterance","doc":"d","index":0,"kind":"speech","speaker":5,"name":"A","turn":null,"text":"x","line":1,"editorial":[],"figures":[]}
        {"type":"utterance","doc":"d","index":1,"kind":"speech","speaker":0,"name":"A","turn":null,"text":"x","line":2,"editorial":[],"figures":[{"range":[0,9],"value":1,"upper":null,"scale":null,"unit":null}]}
        {"type":"utterance","doc":"d","index":2,"kind":"speech","speaker":0,"name":"A","turn":null,"text":"ok","line":3,"editorial":[],"figures":[{"range":[2,1],"value":1,"upper":null,"scale":null,"unit":null}]}
        {"type":"utterance","doc":"d","index":2,"kind":"speech","speaker":0,"name":"A","turn":null,"text":"ok","line":3,"editorial":[],"figures":[]}
        {"type":"utterance","doc":"d","index":2,"kind":"speech","speaker":0,"name":"A","turn":null,"text":"ok","line":3,"editorial":[],"figures":[]}
        [1, 2]
        {"type":"speech"}

        """
        let (documents, warnings) = try read(text).get()
        #expect(documents.count == 1)
        #expect(documents.first?.utterances.map(\.text) == ["ok"])
        #expect(warnings.map { $0.prefix(7) } == ["line 2:", "line 3:", "line 4:", "line 6:", "line 7:", "line 8:"])
    }

    /// The model keeps numbers in 32 bits: a larger one is refused with its line, not cut down; so is turn 0.
    @Test func numbersPast32BitsAreKeptOut() throws {
        let text = """
        {"type":"document","parley":1,"id":"d","path":"d.txt","format":"text","title":null,"date":null,"place":null,"metadata":[],"speakers":[],"turns":[{"number":1,"speaker":null,"label":"","addressee":null,"start":null,"end":null,"utterances":[2,3],"metadata":[]}],"unplaced":[],"utterances":3}
        {"type":"utterance","doc":"d","index":0,"kind":"narrative","speaker":null,"turn":null,"text":"x","line":3000000000,"editorial":[],"figures":[]}
        {"type":"utterance","doc":"d","index":1,"kind":"narrative","speaker":null,"turn":null,"text":"x","line":2,"editorial":[{"kind":"note","range":[0,4294967297],"content":"?","replaced":null}],"figures":[]}
        {"type":"utterance","doc":"d","index":2,"kind":"narrative","speaker":null,"turn":1,"text":"ok","line":2147483647,"editorial":[],"figures":[]}
        {"type":"utterance","doc":"d","index":1,"kind":"narrative","speaker":null,"turn":0,"text":"x","line":2,"editorial":[],"figures":[]}

        """
        let (documents, warnings) = try read(text).get()
        #expect(documents.first?.utterances.map(\.text) == ["ok"])
        #expect(documents.first?.utterances.first?.location.line == 2_147_483_647)
        #expect(warnings.count == 3, "\(warnings)")
        #expect(warnings.last?.hasPrefix("line 5: not a valid utterance line ('turn' must be 1 or more, not 0)") == true)
        #expect(warnings.first?.hasPrefix("line 2:") == true && warnings.first?.contains("'line' must be a whole number from -2147483648 to 2147483647, not 3000000000") == true)
        #expect(warnings.dropFirst().first?.contains("'range' must be [lower, upper] with 0 <= lower <= upper <= 2147483647") == true)
    }

    @Test func aScaleHoldingTheJoinerIsKeptOut() throws {
        let text = """
        {"type":"document","parley":1,"id":"d","path":"d.txt","format":"text","title":null,"date":null,"place":null,"metadata":[],"speakers":[],"turns":[],"unplaced":[],"utterances":2}
        {"type":"utterance","doc":"d","index":0,"kind":"narrative","speaker":null,"turn":null,"text":"9 x","line":1,"editorial":[],"figures":[{"range":[0,3],"value":9,"upper":null,"scale":"x\\u001Fy","unit":null}]}
        {"type":"utterance","doc":"d","index":0,"kind":"narrative","speaker":null,"turn":null,"text":"9 x","line":1,"editorial":[],"figures":[{"range":[0,3],"value":9,"upper":null,"scale":null,"unit":"x\\u001Fy"}]}
        {"type":"utterance","doc":"d","index":1,"kind":"narrative","speaker":null,"turn":null,"text":"ok","line":2,"editorial":[],"figures":[]}

        """
        let (documents, warnings) = try read(text).get()
        #expect(documents.first?.utterances.first?.figures.first?.unit == "x\u{1F}y")
        #expect(warnings.count == 1 && warnings.first?.hasPrefix("line 2:") == true
                && warnings.first?.contains("figure scale holds the control character U+001F") == true, "\(warnings)")
    }

    @Test func truncatedFileSaysHowManyUtteranceLinesAreMissing() throws {
        let reference = Loader.embeddedReference()
        let lines = JSONLinesWriter.write([reference]).split(separator: "\n").prefix(11)
        let (documents, warnings) = try read(lines.joined(separator: "\n")).get()
        #expect(warnings == ["document '\(reference.id)': 62 utterance lines missing; loaded without them"])
        let document = try #require(documents.first)
        #expect(document.utterances == Array(reference.utterances.prefix(10)))
        #expect(document.turns.allSatisfy { $0.utterances.upperBound <= 10 })
        #expect(document.turns.count == reference.turns.count)
    }

    @Test func badHeaderSkipsItsDocumentOnly() throws {
        var lines = JSONLinesWriter.write(Self.fixture).split(separator: "\n").map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: "\"speaker\":2", with: "\"speaker\":9")
        let (documents, warnings) = try read(lines.joined(separator: "\n")).get()
        #expect(documents == Array(Self.fixture.dropFirst()))
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("line 1: not a valid document header for 'fixture'") == true)
    }

    /// A file whose every document is refused loads nothing: an error, with the first reason.
    @Test func noDocumentReadIsAnError() {
        let text = JSONLinesWriter.write([Self.fixture[0]]).replacingOccurrences(of: "\"parley\":1", with: "\"parley\":2")
        switch read(text) {
        case .success(let result): Issue.record("read: \(result)")
        case .failure(let error): #expect(error.message.hasPrefix("no document could be read: line 1:") && error.message.contains("version 2"))
        }
    }

    /// An utterance line must agree with its header: a turn the header has, holding it, and its speaker's name.
    @Test func anUtteranceLineThatDisagreesWithItsHeaderIsKeptOut() throws {
        let lines = JSONLinesWriter.write([Self.fixture[0]]).split(separator: "\n").map(String.init)
        let turned = try #require(lines.firstIndex { $0.contains("\"type\":\"utterance\"") && $0.contains("\"turn\":1,") })
        let named = try #require(lines.indices.last { $0 != turned && lines[$0].contains("\"type\":\"utterance\"") && lines[$0].contains("\"name\":\"") })
        var edited = lines
        edited[turned] = lines[turned].replacingOccurrences(of: "\"turn\":1,", with: "\"turn\":999,")
        edited[named] = lines[named].replacingOccurrences(of: #""name":""#, with: #""name":"Nobody"#)
        let (documents, warnings) = try read(edited.joined(separator: "\n")).get()
        #expect(documents.first?.utterances.count == Self.fixture[0].utterances.count - 2)
        #expect(warnings.contains { $0.contains("turn 999 is not one of the header's turns") })
        #expect(warnings.contains { $0.contains("is not speaker") })
    }

    /// An annotation must lie in the text of an utterance read; one that does not is left out, with a
    /// warning, and the others move with their utterances when a line is missing.
    @Test func strayAnnotationsAreLeftOut() throws {
        let text = """
        {"type":"document","parley":1,"id":"d","path":"d.cha","format":"chat","title":null,"date":null,"place":null,"metadata":[],"speakers":[],"turns":[],"unplaced":[],"utterances":3,"annotations":[{"utterance":0,"code":"()","text":"op(en)","range":[0,60]},{"utterance":2,"code":"()","text":"op(en)","range":[0,6]},{"utterance":7,"code":"x","text":"[x 2]","range":[0,1]}]}
        {"type":"utterance","doc":"d","index":0,"kind":"narrative","speaker":null,"turn":null,"text":"op(en) it","line":1,"editorial":[],"figures":[]}
        {"type":"utterance","doc":"d","index":2,"kind":"narrative","speaker":null,"turn":null,"text":"op(en) now","line":3,"editorial":[],"figures":[]}

        """
        let (documents, warnings) = try read(text).get()
        let document = try #require(documents.first)
        #expect(document.annotations.map(\.utterance) == [1] && document.annotations.map(\.range) == [0..<6])
        #expect(warnings.contains("document 'd': 2 annotations of no utterance read, or past its text; left out"))
    }

    @Test func emptyFileIsAnError() {
        #expect(DecodedText.decode([]).isFailure)
        for text in ["", "\n\n", "  \n"] {
            switch read(text) {
            case .success: Issue.record("an empty file read as a success")
            case .failure(let error): #expect(error.message == "empty file")
            }
        }
    }

    @Test func jsonLinesThatAreNotParleysAreAnError() {
        let other = """
        {"speaker": "A", "text": "hello", "start": 0.0}
        {"speaker": "B", "text": "hi", "start": 1.5}

        """
        switch read(other) {
        case .success(let result): Issue.record("read as Parley's: \(result)")
        case .failure(let error): #expect(error.message.contains("not Parley's JSON Lines"))
        }
        switch read("not json at all\n{\n") {
        case .success(let result): Issue.record("read as Parley's: \(result)")
        case .failure(let error): #expect(error.message.contains("not Parley's JSON Lines"))
        }
    }

    @Test func hostileLinesDoNotCrash() throws {
        let deep = String(repeating: "[", count: 100_000)
        let long = "{\"type\":\"utterance\",\"text\":\"" + String(repeating: "x", count: 1_000_000) + "\"}"
        let header = JSONLinesWriter.write([Document(id: "h", path: "h", format: "text")])
        let text = header + deep + "\n" + long + "\n\"\\ud800\"\n{\"type\":\"document\",\"parley\":2}\n1e999999\n-\n"
        let (documents, warnings) = try read(text).get()
        #expect(documents == [Document(id: "h", path: "h", format: "text")])
        #expect(warnings.count == 6)
    }
}

private extension Result {
    var isFailure: Bool { if case .failure = self { return true } else { return false } }
}
