import Foundation
import Testing
import TranscriptModel
@testable import TranscriptFormats

/// The TEI reader on the shared corpus (figures counted from the XML by regular expressions) and on small
/// inline documents.
@Suite struct TEITests {
    static let parlaMintFolder = "parlamint-es-ct"
    static let parlaMintFile = "parlamint-es-ct/ParlaMint-ES-CT_2015-11-19-0401.xml"
    static let listPersonFile = "parlamint-es-ct/ParlaMint-ES-CT-listPerson.xml"
    static let paris = "1960-05-16-frus-paris-summit-memcon.tei.xml"
    static let botha = "1977-01-15-frus-kissinger-botha-memcon.tei.xml"

    static func decoded(_ text: String) throws -> DecodedText {
        try DecodedText.decode(Array(text.utf8)).get()
    }

    static func read(_ text: String, id: String = "doc", listPerson: String? = nil) throws -> (documents: [Document], warnings: [String]) {
        let persons = try listPerson.map { TEIReader.persons(inListPerson: try decoded($0)) } ?? ([:], [])
        return try TEIReader().read(try decoded(text), id: id, path: "\(id).xml", listPerson: { persons }).get()
    }

    /// Every capture of group 1 (or the whole match when there is no group) of `pattern` in `text`.
    static func matches(_ pattern: String, in text: String, group: Int = 0) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { match in
            guard group < match.numberOfRanges else { return nil }
            let range = match.range(at: group)
            return range.location == NSNotFound ? nil : ns.substring(with: range)
        }
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: ParlaMint

    /// An id in no list of persons is never shown as a name (issue 12): the printed label names the speaker.
    @Test func parlaMintWithoutListPersonNamesSpeakersByTheirPrintedLabel() throws {
        let xml = """
        <?xml version="1.0"?>
        <TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div>
        <note type="speaker">El president</note>
        <u who="#DoeJane"><seg>Bon dia <gap reason="inaudible"/> a tots.</seg><vocal type="laughter"><desc>Rialles.</desc></vocal>
        <gap/><seg>Gràcies.</seg></u>
        </div></body></text></TEI>
        """
        let (documents, warnings) = try Self.read(xml)
        let document = try #require(documents.first)
        #expect(warnings == ["line 4: speaker DoeJane is not in the listPerson; its printed label names it"])
        #expect(document.speakers.map(\.name) == ["El president"])
        #expect(document.speakers.first?.titles == ["El president"])
        #expect(document.utterances.map(\.text) == ["Bon dia […] a tots.", "Rialles.", "[…]", "Gràcies."])
        #expect(document.utterances.map(\.kind) == [.speech, .direction, .speech, .speech])
        #expect(document.utterances.first?.editorial.first?.kind == .elision)
        #expect(document.turns.first?.label == "El president")
    }

    // MARK: FRUS

    /// Turns per speaker from the labels at `<p>` starts: `<p>`, optional `<hi>`, optional title words, a
    /// `<persName>`, optional `</hi>`, a colon. Counted by the name folded for case.
    static func labelCounts(_ xml: String) throws -> [String: Int] {
        let pattern = "<p\\b[^>]*>\\s*(?:<hi\\b[^>]*>\\s*)?(?:[A-Z][A-Za-z.]*\\s+)*<persName\\b[^>]*>([^<]+)</persName>\\s*(?:</hi>\\s*)?:"
        var counts: [String: Int] = [:]
        for name in try matches(pattern, in: xml, group: 1) { counts[Folding.key(collapse(name)), default: 0] += 1 }
        return counts
    }

    static func turnCounts(_ document: Document) -> [String: Int] {
        var counts: [String: Int] = [:]
        for turn in document.turns {
            guard let speaker = turn.speaker, speaker < document.speakers.count else { continue }
            counts[Folding.key(document.speakers[speaker].name), default: 0] += 1
        }
        return counts
    }

    @Test func frusDirectionsAddresseesAndTraps() throws {
        let xml = """
        <TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"><text><body>
        <div type="document" xml:id="d1" frus:doc-dateTime-min="1970-03-02T10:00:00-05:00">
        <head>1. Memorandum<note n="0" type="source">Source: somewhere.</note></head>
        <p>Opening narrative.</p>
        <p><hi rend="italic">Dr. <persName>Kissinger</persName> (to General Haig):</hi> Bring the map.<note n="1">A footnote.</note></p>
        <p><hi rend="italic"><persName>Khrushchev</persName></hi>: We will see. (Laughter)</p>
        <p>Go on, and</p>
        <pb n="2"/>
        <p>so it continues.</p>
        <p>(Raising his hands above his head): God is my witness. (Khrushchev interjected angrily) (I mean it.)</p>
        <p>He said: "<persName>Richard</persName>: no."</p>
        <p><persName>de Gaulle</persName>: One.</p>
        <p><hi rend="italic">President <persName>De Gaulle</persName>:</hi> Two.</p>
        </div><div type="document"><head>2. Other</head><p>Only text.</p></div>
        </body></text></TEI>
        """
        let (documents, _) = try Self.read(xml, id: "v")
        #expect(documents.map(\.id) == ["v#1", "v#2"])
        let document = try #require(documents.first)
        #expect(document.date == PartialDate(year: 1970, month: 3, day: 2))
        #expect(document.turns.map(\.label) == ["Dr. Kissinger (to General Haig)", "Khrushchev", "de Gaulle", "President De Gaulle"])
        #expect(document.turns.first?.addressee == "General Haig")
        #expect(document.turns.first?.metadata == [MetadataField("note 1", "A footnote.")])
        #expect(document.speakers.map(\.name) == ["Kissinger", "Khrushchev", "de Gaulle"])
        let texts = document.utterances.map(\.text)
        #expect(texts.contains("We will see. (…)"))
        #expect(texts.contains("Go on, and so it continues."))
        #expect(document.utterances.contains { $0.text == "Laughter" && $0.kind == .direction })
        #expect(texts.contains("(Raising his hands above his head)"))
        #expect(texts.contains("God is my witness. He said: \"Richard: no.\"") == false)
        let raising = try #require(document.utterances.first { $0.text == "(Raising his hands above his head)" })
        #expect(raising.kind == .direction && raising.turn == 2)
        let witness = try #require(document.utterances.first { $0.text == "God is my witness. (…) (I mean it.)" })
        #expect(document.utterances.contains { $0.text == "Khrushchev interjected angrily" && $0.kind == .direction })
        #expect(witness.kind == .speech && witness.speaker == 1)
        let quoted = try #require(document.utterances.first { $0.text.hasPrefix("He said:") })
        #expect(quoted.turn == 2)
        #expect(document.utterances.first?.kind == .narrative)
        #expect(documents.last?.utterances.map(\.kind) == [.narrative])
    }

    @Test func frusReportedWordsAreNotTheParagraphSpeakers() throws {
        let xml = """
        <TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div type="document" xml:id="d1"><head>1. Memcon</head>
        <p><hi rend="italic">Chairman <persName>Khrushchev</persName>:</hi> Our rocket shot the thing down.</p>
        <p><hi rend="italic">President <persName>Eisenhower</persName>:</hi> He is correct in this. (<persName>Khrushchev</persName> interjected “Nor am I eternal.”) My words stand.</p>
        <p>This was the policy (<persName>Gromyko</persName> interjected to say that the note said it was deliberate policy). We came.</p>
        <p>We will see (as I said before) and (Eisenhower asked “Why?”) too.</p>
        </div></body></text></TEI>
        """
        let document = try #require(try Self.read(xml, id: "v").documents.first)
        let khrushchev = try #require(document.speakers.firstIndex { $0.name == "Khrushchev" })
        let eisenhower = try #require(document.speakers.firstIndex { $0.name == "Eisenhower" })
        let eternal = try #require(document.utterances.first { $0.text.contains("eternal") })
        #expect(eternal.kind == .interjection && eternal.speaker == khrushchev)
        #expect(eternal.text == "Khrushchev interjected “Nor am I eternal.”")
        #expect(document.utterances.contains { $0.text == "He is correct in this. (…) My words stand." && $0.speaker == eisenhower })
        // Reported without quotes: the record's narration, no one's words.
        let gromyko = try #require(document.utterances.first { $0.text.contains("Gromyko") })
        #expect(gromyko.kind == .direction && gromyko.speaker == nil)
        // A speaker's own aside stays; a quoted report by a known speaker is an interjection anywhere.
        #expect(document.utterances.contains { $0.text.hasPrefix("We will see (as I said before)") && $0.speaker == eisenhower })
        #expect(document.utterances.contains { $0.text == "Eisenhower asked “Why?”" && $0.kind == .interjection && $0.speaker == eisenhower })
    }

    @Test func malformedXMLKeepsEveryLine() throws {
        let (documents, warnings) = try Self.read("<TEI><text><p>Broken\n</text>\n")
        #expect(warnings.count == 1)
        #expect(documents.first?.unplacedLines.count == 2)
        // The warning says where the XML breaks and why, in words.
        let unquoted = try Self.read("<TEI>\n<text><body>\n<u who=A><seg>Talk.</seg></u>\n</body></text>\n</TEI>\n").warnings
        #expect(unquoted.count == 1 && unquoted.first?.hasPrefix("line 3, column ") == true)
        #expect(unquoted.first?.contains("(a tag not closed with >)") == true)
    }

    /// An entity a DOCTYPE declares with plain text is read as that text, without a warning.
    @Test func entitiesOfTheDoctypeAreRead() throws {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [\n<!ENTITY boss \"The Chairman\">\n<!ENTITY  other \"x\">\n]>\n<TEI><text><body><u who=\"#A\"><seg>I met &boss; today.</seg></u></body></text></TEI>\n"
        let read = try Self.read(text)
        #expect(!read.warnings.contains { $0.contains("entity") })
        #expect(read.documents.first?.utterances.map(\.text) == ["I met The Chairman today."])
    }
}

/// The TEI files of the shared corpus; skipped when it is not beside the clone.
@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipMessage))
struct TEICorpusTests {
    typealias Support = TEITests

    @Test func parlaMintTurnsSpeakersAndDirections() throws {
        let xml = try SharedCorpus.text(Support.parlaMintFile)
        let list = try SharedCorpus.text(Support.listPersonFile)
        let (documents, warnings) = try Support.read(xml, id: "ParlaMint-ES-CT_2015-11-19-0401", listPerson: list)
        #expect(warnings.isEmpty, "\(warnings)")
        let document = try #require(documents.first)
        #expect(documents.count == 1)

        // Turns: one per <u>; speech: one utterance per <seg>.
        let turns = try Support.matches("<u ", in: xml).count
        #expect(document.turns.count == turns)
        #expect(turns == 18)
        let segs = try Support.matches("<seg ", in: xml).count
        #expect(document.utterances.filter { $0.kind == .speech }.count == segs)

        // Directions: kinesic, vocal and notes other than speaker notes inside <u>.
        let inside = try Support.matches("<u [^>]*>(.*?)</u>", in: xml, group: 1)
        var directions = 0
        for block in inside {
            directions += try Support.matches("<kinesic\\b", in: block).count
            directions += try Support.matches("<vocal\\b", in: block).count
            directions += try Support.matches("<note\\b(?![^>]*type=\"speaker\")", in: block).count
        }
        #expect(directions > 0)
        #expect(document.utterances.filter { $0.kind == .direction }.count == directions)

        // Speakers: names from the listPerson, forenames then surnames and name links.
        let ids = Set(try Support.matches("who=\"#([^\"]+)\"", in: xml, group: 1))
        var expected: Set<String> = []
        for id in ids {
            let person = try #require(try Support.matches("<person xml:id=\"\(NSRegularExpression.escapedPattern(for: id))\">(.*?)</persName>",
                                                       in: list, group: 1).first)
            let forenames = try Support.matches("<forename>([^<]*)</forename>", in: person, group: 1)
            let rest = try Support.matches("<(?:surname|nameLink)>([^<]*)</(?:surname|nameLink)>", in: person, group: 1)
            expected.insert((forenames + rest).joined(separator: " "))
        }
        #expect(Set(document.speakers.map(\.name)) == expected)
        #expect(document.speakers.contains { $0.name == "Germà Gordò i Aubarell" })

        // Turns per speaker, counted from who attributes.
        let whos = try Support.matches("<u [^>]*who=\"#([^\"]+)\"", in: xml, group: 1)
        let chair = whos.filter { $0 == "ForcadellCarme" }.count
        let forcadell = try #require(document.speakers.firstIndex { $0.name.hasSuffix("Forcadell i Lluís") || $0.name.contains("Forcadell") })
        #expect(document.turns.filter { $0.speaker == forcadell }.count == chair)

        // The printed label is the turn's label and one of the speaker's labels.
        let firstTurn = try #require(document.turns.first)
        #expect(firstTurn.label == "La presidenta")
        #expect(document.speakers.indices.contains(forcadell) && document.speakers[forcadell].labels.contains("La presidenta"))

        // Notes outside <u> (narrative notes, the head) are narrative, not lost.
        let narrative = try Support.matches("<note type=\"narrative\"", in: xml).count
        #expect(document.utterances.filter { $0.kind == .narrative }.count == narrative + 1)

        #expect(document.date == PartialDate(year: 2015, month: 11, day: 19))
        #expect(document.place == "Barcelona")
        #expect(document.title?.hasPrefix("Catalan parliamentary corpus") == true)
        for turn in document.turns {
            #expect(turn.utterances.allSatisfy { $0 < document.utterances.count && document.utterances[$0].turn == turn.number })
        }
    }

    /// Every paragraph that a page break splits, inside it or between two `<p>` joined because the break
    /// cut a sentence, runs onto the page after the break: each phrase is on a page its utterance names.
    @Test func parisSummitUtterancesNameEveryPageTheirWordsAreOn() throws {
        let xml = try SharedCorpus.text(Support.paris)
        let document = try #require(try Support.read(xml, id: "1960-05-16-frus-paris-summit-memcon").0.first)
        let lines = xml.components(separatedBy: "\n")
        let pb = try NSRegularExpression(pattern: #"<pb n="(\d+)""#)
        // The page each line's text ends on, counted from the file's page breaks.
        var page = "", pageOfLine: [String] = []
        for line in lines {
            for match in pb.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                if let range = Range(match.range(at: 1), in: line) { page = String(line[range]) }
            }
            pageOfLine.append(page)
        }
        var checked = 0
        for phrase in ["lofty principles", "harm", "six–eight months"] {
            let line = try #require(lines.firstIndex { $0.contains(phrase) })
            let u = try #require(document.utterances.firstIndex { $0.text.contains(phrase) })
            let utterance = document.utterances[u]
            let next = document.utterances[(u + 1)...].first { $0.location.line > utterance.location.line }?.location.line ?? Int.max
            let pages = [document.page(of: utterance, pagesByTurn: document.pagesByTurn)].compactMap { $0 }
                + document.pagesRunOnto(fromLine: utterance.location.line, upTo: next)
            // The phrase stands after the line's last break when the line has one.
            #expect(pages.contains(pageOfLine[line]), "\(phrase): \(pages), page \(pageOfLine[line])")
            checked += 1
        }
        #expect(checked == 3)
    }

    @Test func parisSummitTurnsPerSpeaker() throws {
        let xml = try SharedCorpus.text(Support.paris)
        let (documents, warnings) = try Support.read(xml, id: "1960-05-16-frus-paris-summit-memcon")
        #expect(warnings.isEmpty, "\(warnings)")
        let document = try #require(documents.first)
        #expect(documents.count == 1)
        let expected = try Support.labelCounts(xml)
        #expect(expected["de gaulle"] ?? 0 > 5)
        #expect(Support.turnCounts(document) == expected)
        #expect(document.turns.count == expected.values.reduce(0, +))

        // A quoted report of another speaker's words is that speaker's interjection; one without quotes
        // is no one's words. Both counted from the file.
        let quoted = try Support.matches("\\(<persName[^>]*>([^<]+)</persName> interjected “", in: xml, group: 1)
        let unquoted = try Support.matches("\\(<persName[^>]*>[^<]+</persName> interjected [^“]", in: xml)
        #expect(quoted.count == 1 && unquoted.count == 1)
        let interjections = document.utterances.filter { $0.kind == .interjection }
        #expect(interjections.compactMap { $0.speaker.map { document.speakers[$0].name } } == quoted)
        #expect(document.utterances.filter { $0.kind == .direction && $0.text.contains(" interjected ") }.count == unquoted.count)
        #expect(!document.utterances.contains { $0.kind == .speech && $0.text.contains(" interjected ") })

        // de Gaulle, De Gaulle and President de Gaulle are one speaker.
        let gaulle = document.speakers.filter { Folding.key($0.name) == "de gaulle" }
        #expect(gaulle.count == 1)
        let labels = gaulle.first?.labels ?? []
        #expect(labels.contains("President de Gaulle") && labels.contains("De Gaulle"))
        #expect(gaulle.first?.titles == ["President"])

        #expect(document.title == "168. Memorandum of Conversation")
        #expect(document.date == PartialDate(year: 1960, month: 5, day: 16))
        #expect(document.place == "Paris")
        #expect(document.metadata("source")?.hasPrefix("Source: Department of State") == true)

        // Page breaks: a sentence split by <pb> is one utterance.
        #expect(document.utterances.contains { $0.text.contains("I, as Head of the Soviet Government, would be ready") })
        #expect(document.utterances.contains { $0.text.contains("calculated policy of the United States.") })
        // Footnotes are turn metadata, not speech.
        #expect(!document.utterances.contains { $0.text.contains("Public Papers of the Presidents") })
        #expect(document.turns.contains { turn in turn.metadata.contains { $0.value?.contains("Public Papers") == true } })
        // The paragraphs before the first label are narrative.
        #expect(document.utterances.prefix(2).map(\.kind) == [.narrative, .narrative])
        #expect(!document.speakers.contains { $0.name.hasPrefix("(") })
    }


    @Test func kissingerBothaTurnsPerSpeaker() throws {
        let xml = try SharedCorpus.text(Support.botha)
        let (documents, warnings) = try Support.read(xml, id: "1977-01-15-frus-kissinger-botha-memcon")
        #expect(warnings.isEmpty, "\(warnings)")
        let document = try #require(documents.first)
        let expected = try Support.labelCounts(xml)
        #expect(Support.turnCounts(document) == expected)
        #expect(Set(expected.keys) == ["kissinger", "botha", "schaufele", "wisner"])
        // Rodman takes part but never speaks; Richard is quoted, not a speaker.
        #expect(!document.speakers.contains { $0.name == "Rodman" || $0.name == "Richard" })
        #expect(!document.turns.contains { $0.label.contains("Tab A") || $0.label.contains("Schaufele:") && $0.label != "Schaufele" })
        // `[Botha reads it.] I told them ...` is still Kissinger's.
        let reads = try #require(document.utterances.first { $0.text.hasPrefix("[Botha reads it.]") })
        #expect(reads.kind == .speech)
        #expect(reads.speaker.flatMap { $0 < document.speakers.count ? document.speakers[$0].name : nil } == "Kissinger")
        #expect(document.utterances.contains { $0.editorial.contains { $0.content == "Page 3 of the original is missing." } })
        #expect(document.utterances.contains { $0.editorial.contains { $0.content == "Laughter" } })
        // Kissinger's own aside in parentheses stays in his speech.
        #expect(document.utterances.contains { $0.kind == .speech && $0.text.contains("(We’re not talking about the Patriotic Front.)") })
        #expect(!document.utterances.contains { $0.kind == .direction && $0.text.contains("Patriotic Front") })
        #expect(document.date == PartialDate(year: 1977, month: 1, day: 15))
        #expect(document.place == "Washington")
        #expect(document.metadata("participants")?.contains("Peter W. Rodman") == true)
    }

    /// Each turn starts on the page of the last `<pb n="...">` above its first line in the file, as the
    /// file's own lines say; `"sitting duck"` (line 340) is on page 712.
    @Test func kissingerBothaTurnsKnowTheirPrintedPage() throws {
        let xml = try SharedCorpus.text(Support.botha)
        let document = try #require(try Support.read(xml, id: "1977-01-15-frus-kissinger-botha-memcon").0.first)
        let regex = try NSRegularExpression(pattern: #"<pb n="(\d+)""#)
        var breaks: [(line: Int, page: String)] = []
        for (i, line) in xml.components(separatedBy: "\n").enumerated() {
            for match in regex.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                if let range = Range(match.range(at: 1), in: line) { breaks.append((i + 1, String(line[range]))) }
            }
        }
        #expect(breaks.count >= 5)
        let pages = document.pagesByTurn
        var checked = 0
        for (t, turn) in document.turns.enumerated() where !turn.utterances.isEmpty {
            let line = document.utterances[turn.utterances.lowerBound].location.line
            // A page break on the turn's own line may stand before or inside it: the file's order decides.
            guard !breaks.contains(where: { $0.line == line }) else { continue }
            #expect(pages[t] == breaks.last { $0.line < line }?.page, "turn \(t + 1) at line \(line)")
            checked += 1
        }
        #expect(checked > 50)
        let duck = try #require(document.utterances.first { $0.text.contains("sitting duck") })
        #expect(document.page(of: duck, pagesByTurn: pages) == "712")
        // Each utterance stands on the page its own line is on, whichever page its turn started on.
        var onOtherPage = 0
        for (u, utterance) in document.utterances.enumerated() where !breaks.contains(where: { $0.line == utterance.location.line }) {
            let expected = breaks.last { $0.line < utterance.location.line }?.page
            #expect(document.page(of: utterance, pagesByTurn: pages) == expected, "utterance \(u) at line \(utterance.location.line)")
            if let turn = utterance.turn, expected != pages[turn - 1] { onOtherPage += 1 }
        }
        #expect(onOtherPage > 0)
        let reluctantly = try #require(document.utterances.first { $0.text.contains("reluctantly to the conclusion") })
        #expect(document.page(of: reluctantly, pagesByTurn: pages) == breaks.last { $0.line < reluctantly.location.line }?.page)

        // A break inside a paragraph: the paragraph's utterances run onto that page, and no others do.
        let tags = try NSRegularExpression(pattern: #"<p[ >]|</p>|<pb n="(\d+)""#)
        var paragraph: Int?
        var runOnto: [Int: [String]] = [:]
        for (i, line) in xml.components(separatedBy: "\n").enumerated() {
            for match in tags.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                let tag = String(line[try #require(Range(match.range, in: line))])
                if tag.hasPrefix("<pb") {
                    if let paragraph, let range = Range(match.range(at: 1), in: line) { runOnto[paragraph, default: []].append(String(line[range])) }
                } else {
                    paragraph = tag == "</p>" ? nil : i + 1
                }
            }
        }
        #expect(!runOnto.isEmpty)
        for (u, utterance) in document.utterances.enumerated() {
            let line = utterance.location.line
            let next = document.utterances[(u + 1)...].first { $0.location.line > line }?.location.line ?? Int.max
            #expect(document.pagesRunOnto(fromLine: line, upTo: next) == runOnto[line] ?? [], "utterance \(u) at line \(line)")
        }
    }
}
