import Foundation
import Testing
@testable import ShellCore
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// `interruptions`, `transitions` and `cite`, with the expected figures counted from the files: the turn
/// list is made with a regular expression over the labels, not by Parley.
@Suite struct StructureStagesTests {
    let text = ReferenceText()

    func run(_ query: String, format: OutputFormat = .csv, documents: [Document] = [Loader.embeddedReference()]) -> BufferOutput {
        let output = BufferOutput()
        _ = Session(documents: documents, output: output, format: format).run(query)
        return output
    }

    func rows(_ output: BufferOutput) -> [[String]] {
        output.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The speaker of each turn of the reference document, in order.
    var turnSpeakers: [String] {
        var speakers: [Int: String] = [:]
        for paragraph in text.paragraphs { speakers[paragraph.turn] = paragraph.speaker }
        return speakers.keys.sorted().compactMap { speakers[$0] }
    }

    @Test func transitionsCountEachTurnAndTheNext() {
        let speakers = turnSpeakers
        var expected: [String: Int] = [:]
        var followed: [String: Int] = [:]
        for (from, to) in zip(speakers, speakers.dropFirst()) {
            expected["\(from)→\(to)", default: 0] += 1
            followed[from, default: 0] += 1
        }
        let table = rows(run("* | transitions"))
        #expect(Dictionary(uniqueKeysWithValues: table.map { ("\($0[0])→\($0[1])", Int($0[2]) ?? -1) }) == expected)
        for row in table {
            #expect(row[3] == String(format: "%.4f", Double(Int(row[2]) ?? 0) / Double(followed[row[0]] ?? 1)))
        }
        // Only the turns with a hit: Rákosi's own paragraphs stand in his turns, each followed by someone.
        // (`speaker:Rákosi` alone would also hit the turn his interjection stands in.)
        let rakosi = rows(run("speaker:Rákosi kind:speech | transitions"))
        let rakosiTurns = zip(speakers, speakers.dropFirst()).filter { $0.0 == "Rákosi" }.count
        #expect(rakosi.reduce(0) { $0 + (Int($1[2]) ?? 0) } == rakosiTurns)
        #expect(rakosi.allSatisfy { $0[0] == "Rákosi" })
    }

    @Test func interruptionsAreInterjectionsAgainstTheirHostTurn() throws {
        let body = EmbeddedReference.text.components(separatedBy: "Document Information")[0] as NSString
        let interjection = try NSRegularExpression(pattern: #"\((?:Cde\. |Comrade )?(\w+): [^()]*\)"#)
        let speakers = turnSpeakers
        var expected: [String: Int] = [:]
        for (match, turn) in zip(interjection.matches(in: body as String, range: NSRange(location: 0, length: body.length)), text.interjectionTurns) {
            expected["\(body.substring(with: match.range(at: 1)))→\(speakers[turn - 1])", default: 0] += 1
        }
        let table = rows(run("* | interruptions"))
        #expect(!expected.isEmpty)
        #expect(Dictionary(uniqueKeysWithValues: table.map { ("\($0[0])→\($0[1])", Int($0[2]) ?? -1) }) == expected)
        #expect(run("* | interruptions", format: .text).output.hasPrefix("row  interrupter  interrupted  count\n"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func aTurnCutOffWithADashIsInterruptedByTheNextSpeaker() throws {
        let path = sharedCorpus + "/1987-07-north-testimony-hearing.txt"
        let file = try String(contentsOfFile: path, encoding: .utf8)
        // Paragraphs; a label `Mr. NAME:` opens a turn; a turn whose text ends in a dash, followed by a
        // turn of someone else, was cut off by that someone.
        let label = try NSRegularExpression(pattern: #"^(?:Mr\.|Ms\.|Mrs\.|Chairman|Senator)\s+([A-Z][A-Za-z]+)(?: [A-Z]+)?:"#)
        var turns: [(speaker: String, text: String)] = []
        for paragraph in file.components(separatedBy: "\n\n").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !paragraph.isEmpty {
            let ns = paragraph as NSString
            if let m = label.firstMatch(in: paragraph, range: NSRange(location: 0, length: ns.length)) {
                turns.append((ns.substring(with: m.range(at: 1)).capitalized, ns.substring(from: m.range.upperBound)))
            } else if !turns.isEmpty {
                turns[turns.count - 1].text += " " + paragraph
            }
        }
        var expected: [String: Int] = [:]
        for (a, b) in zip(turns, turns.dropFirst()) where a.speaker != b.speaker {
            let end = a.text.reversed().drop { $0.isWhitespace || "\"”’)".contains($0) }.first
            if let end, "-–—".contains(end) { expected["\(b.speaker)→\(a.speaker)", default: 0] += 1 }
        }
        try #require(!expected.isEmpty)
        let table = rows(run("* | interruptions", documents: Loader().load([path]).documents))
        #expect(Dictionary(uniqueKeysWithValues: table.map { ("\($0[0])→\($0[1])", Int($0[2]) ?? -1) }) == expected)
    }

    /// The chair's unlabelled call between a cut-off turn and the next member's may be who cut the
    /// speaker off: the next member is not credited, the interrupter is `(unknown)`.
    @Test func aCutOffBeforeTheChairsUnlabelledCallIsByAnUnknownSpeaker() throws {
        let text = """
            Ms. Sophia Leung (Vancouver Kingsway, Lib.): Canadians can expect great-

            The hon. member for Kootenay-Columbia.

            Mr. Jim Abbott (Kootenay-Columbia, Ref.): The commission has spent millions.

            Ms. Sophia Leung (Vancouver Kingsway, Lib.): The money is well spent, and-

            Mr. Jim Abbott (Kootenay-Columbia, Ref.): Why?

            Ms. Sophia Leung (Vancouver Kingsway, Lib.): Because-

            CANADIAN NATIONAL SOCCER TEAM

            Mr. Jim Abbott (Kootenay-Columbia, Ref.): Soccer.
            """
        let documents = try AnnotationWordTests.read(text, path: "hansard.txt")
        #expect(documents.first?.utterances.map(\.kind) == [UtteranceKind.speech, .narrative, .speech, .speech, .speech, .speech, .narrative, .speech])
        // A heading in capitals between them is no one's words: the next member still cut her off.
        let table = rows(run("* | interruptions", documents: documents))
        #expect(table.map { $0.prefix(3) } == [["Jim Abbott", "Sophia Leung", "2"], ["(unknown)", "Sophia Leung", "1"]])
    }

    /// Two labels of one person, joined by `.alias`: his turn after his own cut-off one is him going on.
    @Test func aSpeakerJoinedByAnAliasDoesNotCutHimselfOff() throws {
        let documents = try AnnotationWordTests.read("Mr. SMITH: I was saying that --\n\nTHE CHAIRMAN: The chair recognises itself.\n\nMrs. JONES: Fine.\n", path: "alias.txt")
        let output = BufferOutput()
        let session = Session(documents: documents, output: output, format: .csv)
        func answer(_ query: String) -> [String] {
            let before = output.output.count
            _ = session.run(query)
            return String(output.output.dropFirst(before)).split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
        }
        #expect(answer("* | interruptions") == ["The Chairman,Smith,1"])
        _ = session.run(".alias The Chairman = Smith")
        #expect(answer("* | interruptions") == [])
        #expect(answer("interrupted:* | count") == ["0,0,0"])
        // He still follows himself: every label opens a turn.
        #expect(answer("* | transitions") == ["Smith,Jones,1", "Smith,Smith,1"])
    }

    /// A direction after the dash is no one's words: the speaker was still cut off, by the next speaker. An
    /// interjection after the dash is the interruption itself, counted once.
    @Test func aDirectionAfterTheDashDoesNotHideTheCutOff() throws {
        let text = """
            Mr. Adams: As I said, the budget is fine -- (Laughter)

            Mr. Brown: Fine?

            Mr. Adams: I was saying that the budget-- (Mr. Brown: Nonsense!)

            Mr. Brown: It is nonsense.

            Mr. Adams: The plan-- (Laughter) (Applause)

            Ms. Clark: Order.
            """
        let documents = try AnnotationWordTests.read(text, path: "budget.txt")
        // Counted from the text: turn 1 cut off by Brown's turn 2; Brown's interjection in turn 3 (and not
        // his turn 4 again); turn 5 cut off by Clark's turn 6.
        let table = rows(run("* | interruptions", documents: documents))
        #expect(table.map { $0.prefix(3) } == [["Brown", "Adams", "2"], ["Clark", "Adams", "1"]])
        #expect(rows(run("interrupted:Adams | count", documents: documents)) == [["3", "3", "1"]])
    }

    /// `interrupted:*` finds every interruption the table counts, those of a caption's unnamed `>>` too.
    @Test func everyInterruptionIsFoundByAnyValue() throws {
        let captions = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n>> Hello there. >> Hi.\n\n00:00:03.000 --> 00:00:05.000\n"
            + ">> Good morning. I was going to say --\n\n00:00:05.000 --> 00:00:07.000\n>> Order.\n"
        let documents = try AnnotationWordTests.read(captions, path: "captions.vtt")
        // `>> Hi.` breaks in on `Hello there.` inside a cue; `>> Order.` cuts off `I was going to say --`.
        #expect(rows(run("* | interruptions", documents: documents)).map { $0.prefix(3) } == [["(unknown)", "(unknown)", "2"]])
        #expect(rows(run("interrupted:* | count", documents: documents)) == [["2", "2", "1"]])
        #expect(rows(run("interrupter:* | count", documents: documents)) == [["2", "2", "1"]])
        #expect(rows(run("-interrupted:* | count", documents: documents)) == [["2", "2", "1"]])
        // On the reference document, the three interjections.
        #expect(rows(run("interrupted:* | count")) == [["3", "2", "1"]])
    }

    @Test func chicagoCitesTheSourceAndThePlace() throws {
        let chicago = run("speaker:Beria turn:3 number:>1000000 | cite", format: .text).output
        // The hit at turn 3, line 48 of the reference document, as the issue gives it.
        #expect(chicago.contains(#""Transcript of Conversation between the Soviet Leadership and Hungarian Workers’ Party Delegation in Moscow," Kremlin, June 13, 1953, Hungarian National Archives, Budapest, 276.f. 102/65. öe. Typed revision, turn 3 (Beria), line 48. Translated by Mónika Borbély and Csaba Békés."# + "\n"))
        let csv = run("army | cite")
        #expect(csv.output.hasPrefix("doc,turn,citation\n"))
        #expect(csv.output.split(separator: "\n").count - 1 == text.paragraphs(matching: #"\b[Aa]rmy\b"#))
    }

    @Test func cslJSONIsOneArrayAndBibTeXHasStableKeys() throws {
        for format in [OutputFormat.text, .csv, .json] {
            let json = run("army | cite csl-json", format: format).output
            let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            #expect(items.count == text.paragraphs(matching: #"\b[Aa]rmy\b"#))
            #expect(items.allSatisfy { $0["type"] as? String == "manuscript" && $0["archive"] as? String == "Hungarian National Archives, Budapest" })
            #expect(Set(items.compactMap { $0["id"] as? String }).count == items.count)
        }
        let bibtex = run("army | cite bibtex", format: .text).output
        let keys = bibtex.split(separator: "\n").filter { $0.hasPrefix("@misc{") }
        #expect(keys.count == text.paragraphs(matching: #"\b[Aa]rmy\b"#) && Set(keys).count == keys.count)
        #expect(bibtex == run("army | cite bibtex", format: .text).output)
    }

    @Test func structureStagesTakeTheirPlaceInAPipeline() {
        #expect(rows(run("* | transitions | sort by share desc | limit 2")).count == 2)
        let errors = run("* | cite | count").errors
        #expect(errors.hasPrefix("error: nothing can follow 'cite'"))
        #expect(run("* | interruptions | sort by word").errors.hasPrefix("error: cannot sort the table of 'interruptions' by 'word'"))
    }
}

/// `to:` finds what was addressed to someone, and `label:` the turns whose label as written says so.
@Suite struct AddresseeAndLabelTests {
    static let memorandum = """
        Secretary Rusk (to Ambassador Dobrynin): We agree on the text.

        Ambassador Dobrynin: Good. Then we can sign.

        Secretary Rusk: Then it is settled.

        Ambassador Dobrynin (to Secretary Rusk): One more point.
        """

    func count(_ query: String, _ documents: [Document]) throws -> Int {
        let output = BufferOutput()
        _ = Session(documents: documents, output: output, format: .json).run(query + " | count")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [String: Int], "\(query): \(output.errors)")
        return object["utterances"] ?? -1
    }

    func memorandumDocuments() throws -> [Document] {
        let path = NSTemporaryDirectory() + "parley-to-" + UUID().uuidString + ".txt"
        try Self.memorandum.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return Loader().load([path]).documents
    }

    @Test func toFindsTheAddresseeOfALabel() throws {
        let documents = try memorandumDocuments()
        // Counted from the text above: one paragraph each is addressed to Dobrynin and to Rusk.
        let toDobrynin = Self.memorandum.components(separatedBy: "(to Ambassador Dobrynin)").count - 1
        #expect(try count("to:Dobrynin", documents) == toDobrynin)
        #expect(try count("to:Rusk", documents) == 1)
        #expect(try count("to:rus*", documents) == 1)
        // The addressee is not the speaker.
        #expect(try count("speaker:Dobrynin", documents) == 2)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func toFindsCHATAddressees() throws {
        let path = sharedCorpus + "/1962-10-brown-eve-010600a.cha"
        let file = try String(contentsOfFile: path, encoding: .utf8)
        // Each %add tier follows one main tier, a turn of one utterance; here they all name MOT, the Mother.
        let adds = file.split(separator: "\n").filter { $0.hasPrefix("%add:") }
        try #require(!adds.isEmpty && adds.allSatisfy { $0.hasSuffix("MOT") })
        let documents = Loader().load([path]).documents
        #expect(try count("to:MOT", documents) == adds.count)
        #expect(try count("to:Mother", documents) == adds.count)
    }

    @Test func labelMatchesTheLabelAsWritten() throws {
        let documents = try memorandumDocuments()
        #expect(try count(#"label:"to Secretary""#, documents) == 1)
        // The label as written, its parenthesis included: three of the four labels say "Ambassador".
        let labels = Self.memorandum.split(separator: "\n").filter { !$0.isEmpty }.map { $0.prefix { $0 != ":" } }
        #expect(try count("label:Ambassador", documents) == labels.filter { $0.contains("Ambassador") }.count)
        #expect(try count("label:/^Secretary Rusk$/", documents) == 1)
    }
}

/// `after:(Q)~N` and `before:(Q)~N`, against a turn list made from the reference document's labels.
@Suite struct SequenceTests {
    let text = ReferenceText()

    func count(_ query: String, scope: String = "utterance") throws -> (utterances: Int, turns: Int) {
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output, format: .json)
        _ = session.run(".within \(scope)")
        _ = session.run(query + " | count")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [String: Int], "\(query): \(output.errors)")
        return (object["utterances"] ?? -1, object["turns"] ?? -1)
    }

    /// The turns holding Beria's paragraphs or interjections, from the file.
    func beriaTurns() throws -> Set<Int> {
        let body = EmbeddedReference.text.components(separatedBy: "Document Information")[0] as NSString
        let interjection = try NSRegularExpression(pattern: #"\((?:Cde\. |Comrade )?(\w+): [^()]*\)"#)
        let hosts = zip(interjection.matches(in: body as String, range: NSRange(location: 0, length: body.length)), text.interjectionTurns)
            .filter { body.substring(with: $0.0.range(at: 1)) == "Beria" }.map(\.1)
        return Set(text.paragraphs.filter { $0.speaker == "Beria" }.map(\.turn) + hosts)
    }

    var turnCount: Int { Set(text.paragraphs.map(\.turn)).count }

    @Test func afterAndBeforeTakeTheNeighbouringTurns() throws {
        let beria = try beriaTurns()
        for n in [1, 2, 3] {
            let after = Set(beria.flatMap { t in (1...n).map { t + $0 } }.filter { $0 <= turnCount })
            let before = Set(beria.flatMap { t in (1...n).map { t - $0 } }.filter { $0 >= 1 })
            let suffix = n == 1 ? "" : "~\(n)"
            #expect(try count("after:(speaker:Beria)\(suffix)").utterances == after.reduce(0) { $0 + text.paragraphs(inTurns: $1...$1) })
            #expect(try count("before:(speaker:Beria)\(suffix)").utterances == before.reduce(0) { $0 + text.paragraphs(inTurns: $1...$1) })
            #expect(try count("after:(speaker:Beria)\(suffix)", scope: "turn").turns == after.count)
        }
        // What Rákosi said right after Beria: his paragraphs in the turns after Beria's.
        let after = Set(try beriaTurns().map { $0 + 1 })
        let rakosi = text.paragraphs.filter { $0.speaker == "Rákosi" && after.contains($0.turn) }.count
        #expect(try count("speaker:Rákosi kind:speech after:(speaker:Beria)").utterances == rakosi)
    }

    @Test func aBadRegexInANameFieldIsAnError() {
        for query in ["speaker:/[/", "to:/[/"] {
            let output = BufferOutput()
            #expect(Session(documents: [Loader.embeddedReference()], output: output).run(query) == .queryError)
            #expect(output.errors.hasPrefix("error: unclosed character class"))
        }
    }

    @Test func sequencesAreReadAndPrintedAndRefusedWhereTheyDoNotBelong() {
        let parsed = parseQuery("after:(speaker:Beria OR army)~3 -army")
        #expect(!parsed.hasErrors)
        #expect(CanonicalPrinter.print(parsed.expression) == "(after:(speaker:Beria OR army)~3 AND NOT army)")
        #expect(parseQuery("(army)~2").diagnostics.map(\.id) == [.invalidTurnCount])
        #expect(parseQuery("after:army").diagnostics.map(\.id) == [.expectedSequenceQuery])
        #expect(parseQuery("after:(army)~0").diagnostics.map(\.id) == [.invalidTurnCount])
        let output = BufferOutput()
        _ = Session(documents: [Loader.embeddedReference()], output: output).run(".explain speaker:Rákosi after:(speaker:Beria)")
        #expect(output.output.contains("    after: 1 turn  ") && output.output.contains("      speaker:Beria  "))
    }

    @Test func windowsAreReadAndPrintedAndRefusedWhereTheyAreWrong() {
        for (text, printed) in [("near:(army) comrade", "near:(army)~5 comrade"), ("near:(army OR party)~0,3 \"and\"", "near:(army OR party)~0,3 \"and\""),
                                ("near:(/arm(y|ies)/)~2,2 the -army", "(near:(/arm(y|ies)/)~2 the AND NOT army)")] {
            let parsed = parseQuery(text)
            #expect(!parsed.hasErrors, "\(text): \(parsed.diagnostics.map(\.message))")
            #expect(CanonicalPrinter.print(parsed.expression) == printed)
            #expect(CanonicalPrinter.print(parseQuery(printed).expression) == printed)
        }
        #expect(parseQuery("near:army comrade").diagnostics.map(\.id) == [.expectedSequenceQuery])
        #expect(parseQuery("near:(army)~3").diagnostics.map(\.id) == [.expectedNearWord])
        #expect(parseQuery("near:(army)~0 comrade").diagnostics.map(\.id) == [.invalidWindow])
        #expect(parseQuery("near:(army)~51,1 comrade").diagnostics.map(\.id) == [.invalidWindow])
        #expect(parseQuery("near:(army)~2, comrade").diagnostics.map(\.id) == [.invalidWindow])
        #expect(parseQuery("near:(army)~ comrade").diagnostics.map(\.id) == [.invalidTurnCount])
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output)
        #expect(session.run("near:(army) \"red army\"") == .queryError)
        #expect(output.errors.contains("'near:' finds one word near the matches, not 2"))
        _ = session.run(".explain near:(army)~3,2 red")
        #expect(output.output.contains("near: red within 3 words before, 2 after a match of") && output.output.contains("    army  "))
    }
}

/// The printed page of each hit, in the `page` column and in citations, where the source marks pages.
@Suite struct PageTests {
    /// Two printed pages with line numbers in the margin, as court reporters print them: the page number
    /// above, labels indented deeper than wrapped lines.
    static let court: String = {
        let pages = [
            ["CHIEF JUSTICE ROBERTS:  We'll hear", "argument first this morning in Case 99-123.", "MS. SMITH:  Mr. Chief Justice, and may it",
             "please the Court:", "The statute says what it says.", "JUSTICE THOMAS:  Counsel, may I ask", "about the first clause?",
             "MS. SMITH:  Yes.", "JUSTICE THOMAS:  And the second?", "MS. SMITH:  That too.", "CHIEF JUSTICE ROBERTS:  Go on,",
             "counsel."],
            ["JUSTICE THOMAS:  Counsel, may I ask", "about the third clause?", "MS. SMITH:  Of course.", "JUSTICE THOMAS:  Does it",
             "apply here?", "MS. SMITH:  It does.", "CHIEF JUSTICE ROBERTS:  Thank you,", "counsel. Mr. Jones.",
             "MR. JONES:  Mr. Chief Justice.", "It does not."],
        ]
        var text = ""
        for (p, lines) in pages.enumerated() {
            text += String(repeating: " ", count: 60) + "\(p + 1)\n"
            for (i, line) in lines.enumerated() {
                let number = String(i + 1)
                let indent = line.contains(":  ") ? "          " : "    "
                text += String(repeating: " ", count: 3 - number.count) + number + indent + line + "\n"
            }
            text += "\n"
        }
        return text
    }()

    func run(_ query: String, _ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "parley-court-" + UUID().uuidString + ".txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = BufferOutput()
        _ = Session(documents: Loader().load([path]).documents, output: output, format: .csv).run(query)
        return output.output
    }

    @Test func aCourtTranscriptsHitsCarryTheirPrintedPage() throws {
        let rows = try run("speaker:Smith", Self.court).split(separator: "\n").dropFirst()
        // Ms. Smith's turns, with the page above each: three on page 1, two on page 2 (read from the pages).
        let pages = Self.court.components(separatedBy: "\n\n").map { $0.components(separatedBy: "MS. SMITH:").count - 1 }
        let expected = pages.enumerated().flatMap { page, n in Array(repeating: String(page + 1), count: n) }
        #expect(rows.map { $0.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) ?? "" } == expected)
        let cited = try run("speaker:Thomas | cite", Self.court)
        #expect(cited.contains("page 2, printed line 1, turn "))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func theApolloLogsPageDirectivesGiveThePage() throws {
        let path = sharedCorpus + "/1970-04-apollo13-air-to-ground.txt"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let output = BufferOutput()
        _ = Session(documents: Loader().load([path]).documents, output: output, format: .csv).run("turn:100..110")
        let rows = output.output.split(separator: "\n").dropFirst()
        try #require(rows.count >= 11, "turns 100 to 110 hold at least one utterance each")
        for row in rows {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            // The last `_page : N` line above the hit's line, read from the file.
            let line = Int(cells[4]) ?? 0
            let page = lines[..<line].last { $0.hasPrefix("_page") }.map { String($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }
            #expect(cells.last.map(String.init) == page)
        }
    }
}

/// One speaker across documents: the same name is one person, a role is not, and `.alias` joins names.
@Suite struct SpeakerIdentityTests {
    static let sittings = [
        "THE PRESIDENT: The sitting is open.\n\nMR. SMITH: Thank you.\n\nTHE PRESIDENT: Go on.\n",
        "THE PRESIDENT: The second sitting is open.\n\nMR. SMITH: Thank you again.\n\nTHE SECRETARY: A note.\n",
    ]

    func session(_ texts: [String] = sittings) throws -> (Session, BufferOutput, [String]) {
        let folder = NSTemporaryDirectory() + "parley-identity-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let paths = texts.enumerated().map { folder + "/sitting-\($0.offset + 1).txt" }
        for (path, text) in zip(paths, texts) { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        let output = BufferOutput()
        let session = Session(documents: Loader().load(paths).documents, output: output, format: .csv)
        try? FileManager.default.removeItem(atPath: folder)
        return (session, output, paths)
    }

    func table(_ output: BufferOutput) -> [String: Int] {
        var rows: [String: Int] = [:]
        for line in output.output.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",")
            rows[String(cells[0])] = Int(cells[1])
        }
        return rows
    }

    @Test func aRoleIsNotOnePersonAcrossDocuments() throws {
        let (session, output, _) = try session()
        _ = session.run("* | count by speaker")
        // Counted from the texts: Smith speaks once in each; the president twice, then once.
        #expect(table(output) == ["Smith": 2, "The President (sitting-1)": 2, "The President (sitting-2)": 1, "The Secretary": 1])
        // speaker: still finds every president.
        let all = BufferOutput()
        _ = Session(documents: session.documents, output: all, format: .json).run("speaker:President | count")
        #expect(all.output.hasPrefix("{\"utterances\": 3,"))
    }

    @Test func aNumberedVoiceOrACodeIsNotOnePersonAcrossInterviews() throws {
        // Two interviews, each numbering its voices afresh; Ann Lee is named in both.
        let turns = "Speaker 1: Where were you?\n\nSpeaker 2: At the mill.\n\nP1: I was there too.\n\nRespondent: So was I.\n\nAnn Lee: Yes.\n\n"
            + "Audience Member: Me too.\n\n说话人1：对。\n\nMRS. CHILD: Today we make an omelette.\n\n"
        let interviews = [turns + turns, turns + turns]
        let (session, output, _) = try session(interviews)
        _ = session.run("* | count by speaker")
        // Counted from the texts: each voice speaks twice in each interview; Ann Lee, and Mrs. Child (a title
        // marks a person, whatever her name), are one person in both.
        var expected = ["Ann Lee": 4, "Child": 4]
        for voice in ["Speaker 1", "Speaker 2", "P1", "Respondent", "Audience Member", "说话人1"] {
            for sitting in ["sitting-1", "sitting-2"] { expected["\(voice) (\(sitting))"] = 2 }
        }
        #expect(table(output) == expected)
        let all = BufferOutput()
        _ = Session(documents: session.documents, output: all, format: .json).run("speaker:\"Speaker 1\" | count")
        #expect(all.output.hasPrefix("{\"utterances\": 4,"))
        // A name is no voice: a numbered step, a call sign in capitals, a name that ends in digits.
        for name in ["step 1", "base 2", "apollo 13", "ann lee", "p12345", "12", "speaker 1234", "ann_lee", "speaker_"] { #expect(!SpeakerIdentity.isRole(name), "\(name)") }
        for name in ["speaker 1", "caller 12", "p1", "r12", "respondent", "participant", "q", "speaker1", "female speaker 2", "unidentified male", "speaker a", "speaker_00", "speaker_12"] {
            #expect(SpeakerIdentity.isRole(name), "\(name)")
        }
        #expect(!SpeakerIdentity.isRole("child", titled: true) && SpeakerIdentity.isRole("child"))
    }

    @Test func anAliasJoinsTwoNamesEverywhere() throws {
        let (session, output, _) = try session()
        #expect(session.run(".alias The Secretary = Smith") == .success)
        _ = session.run("* | count by speaker")
        #expect(table(output)["Smith"] == 3 && table(output)["The Secretary"] == nil)
        let speakers = BufferOutput()
        let listing = Session(documents: session.documents, output: speakers, format: .csv)
        _ = listing.run(".alias The Secretary = Smith")
        _ = listing.run(".speakers Smith")
        #expect(speakers.output.contains("Smith,3,3,") && speakers.output.contains("THE SECRETARY"))
        // The structure tables join speakers as count by speaker does.
        let transitions = BufferOutput()
        let joined = Session(documents: session.documents, output: transitions, format: .csv)
        _ = joined.run(".alias The Secretary = Smith")
        _ = joined.run("* | transitions")
        #expect(transitions.output.contains("\nSmith,Smith,1,") && !transitions.output.contains("The Secretary"))
        #expect(session.run(".alias Smith = The Secretary") == .queryError)
        #expect(output.errors.contains("would make a name stand for itself: Smith → The Secretary → Smith"))
    }
}

/// `code:` finds a transcription system's codes, and `FIELD:*` the utterances with any value for a field.
@Suite struct CodeAndAnyValueTests {
    func count(_ query: String, _ documents: [Document]) throws -> Int {
        let output = BufferOutput()
        _ = Session(documents: documents, output: output, format: .json).run(query + " | count")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [String: Int], "\(query): \(output.errors)")
        return object["utterances"] ?? -1
    }

    @Test func codesOfAChatTranscript() throws {
        let path = NSTemporaryDirectory() + "parley-codes-" + UUID().uuidString + ".cha"
        try """
            @UTF8
            @Begin
            @Languages:\teng
            @Participants:\tCHI Target_Child, MOT Mother
            *CHI:\tmore more [x 2] cookie .
            *MOT:\tyou want a cookie [*] ?
            *CHI:\tquack@o quack@o .
            *MOT:\tthat is a duck .
            @End
            """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let documents = Loader().load([path]).documents
        #expect(try count("code:x", documents) == 1)
        #expect(try count(#"code:"*""#, documents) == 1)
        #expect(try count(#"code:"@o""#, documents) == 1)
        #expect(try count("code:*", documents) == 3)
        #expect(try count("-code:*", documents) == 1)
        // A code is not a word: `quack@o` is found as `quack`, and `x` is not a word of the first line.
        #expect(try count("quack", documents) == 1)
    }

    @Test func anyValueOfAFieldOnTheReference() throws {
        let text = ReferenceText()
        let documents = [Loader.embeddedReference()]
        let total = text.paragraphs.count + text.interjections.count
        #expect(try count("speaker:*", documents) == total)
        #expect(try count("-speaker:*", documents) == 0)
        #expect(try count("turn:*", documents) == total)
        // Paragraphs with an editor's bracket, counted from the text (interjections hold none here).
        #expect(try count("editorial:* kind:speech", documents) == text.paragraphs(matching: #"\[[^\]]*\]"#))
        #expect(try count("time:*", documents) == 0)
        #expect(try count("number:* OR -number:*", documents) == total)
        let output = BufferOutput()
        #expect(Session(documents: documents, output: output).run("topic:*") == .queryError)
    }
}

/// A `>>` change of speaker inside a caption cue is an interruption between two unnamed speakers, and so is a
/// turn cut off with a dash before a `>>`: it says someone else speaks.
@Suite struct CaptionInterruptionTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func changesInsideACueAreCounted() throws {
        let path = sharedCorpus + "/2022-08-09-oakland-council-captions.vtt"
        let file = try String(contentsOfFile: path, encoding: .utf8)
        // Counted from the file: every `>>` that follows some text of the same cue, and every `>>` opening
        // a cue after text that ends in a dash.
        var expected = 0
        var before = ""
        for cue in file.components(separatedBy: "\n\n") where cue.contains("-->") {
            let lines = cue.split(separator: "\n", omittingEmptySubsequences: false)
            guard let timing = lines.firstIndex(where: { $0.contains("-->") }) else { continue }
            let text = lines[(timing + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            expected += text.components(separatedBy: ">>").count - 1 - (text.hasPrefix(">>") ? 1 : 0)
            if text.hasPrefix(">>"), let last = before.trimmingCharacters(in: .whitespacesAndNewlines).last, "-–—".contains(last) { expected += 1 }
            before = text.components(separatedBy: ">>").last ?? text
        }
        try #require(expected > 0)
        let output = BufferOutput()
        _ = Session(documents: Loader().load([path]).documents, output: output, format: .csv).run("* | interruptions")
        #expect(firstColumns(output.output, 3) == "interrupter,interrupted,count\n(unknown),(unknown),\(expected)\n")
    }
}

/// `party:`, `role:`, `sex:` and `age:` as the sources state them, as of each document's date.
@Suite struct SpeakerAttributeTests {
    /// Two sittings of a parliament of our own; Jane Doe leaves party Red for party Blue between them.
    static func sitting(_ date: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en" xml:id="ParlaMint-XX_\(date)">
          <teiHeader>
            <fileDesc><titleStmt><title type="main" xml:lang="en">Test sitting \(date) [ParlaMint]</title></titleStmt></fileDesc>
            <profileDesc>
              <settingDesc><setting><date when="\(date)">\(date)</date></setting></settingDesc>
              <particDesc><listPerson>
                <person xml:id="DoeJane"><persName><surname>Doe</surname><forename>Jane</forename></persName><sex value="F"/>
                  <affiliation ref="#party.Red" role="member" to="2020-01-31"/>
                  <affiliation ref="#party.Blue" role="member" from="2020-02-01"/>
                  <affiliation ref="#XX" role="member"/>
                </person>
                <person xml:id="RoeJohn"><persName><surname>Roe</surname><forename>John</forename></persName><sex value="M"/>
                  <affiliation ref="#party.Red" role="member"/>
                  <affiliation ref="#XX" role="head"/>
                </person>
              </listPerson></particDesc>
            </profileDesc>
          </teiHeader>
          <text><body><div type="debateSection">
            <u who="#RoeJohn"><seg>The sitting is open.</seg></u>
            <u who="#DoeJane"><seg>I speak for my party.</seg></u>
          </div></body></text>
        </TEI>
        """
    }

    func run(_ query: String, _ documents: [Document]) -> String {
        let output = BufferOutput()
        _ = Session(documents: documents, output: output, format: .csv).run(query)
        return output.output
    }

    @Test func aMemberWhoChangesPartyCountsUnderThePartyOfTheDay() throws {
        let folder = NSTemporaryDirectory() + "parley-parties-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for date in ["2020-01-15", "2020-02-15"] {
            try Self.sitting(date).write(toFile: folder + "/ParlaMint-XX_\(date).xml", atomically: true, encoding: .utf8)
        }
        let documents = Loader().load([folder]).documents
        // January: both in Red; February: Roe in Red, Doe in Blue.
        #expect(firstColumns(run("* | count by party", documents), 3) == "party,utterances,share\nRed,3,0.7500\nBlue,1,0.2500\n")
        #expect(run("party:Blue", documents).contains("ParlaMint-XX_2020-02-15,2,Jane Doe,"))
        #expect(firstColumns(run("* | count by role", documents), 3) == "role,utterances,share\nhead,2,0.5000\nmember,2,0.5000\n")
        #expect(run("sex:F | count by doc", documents).split(separator: "\n").count == 3)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func partiesOfAParlaMintSitting() throws {
        let folder = sharedCorpus + "/parlamint-es-ct"
        let list = try String(contentsOfFile: folder + "/ParlaMint-ES-CT-listPerson.xml", encoding: .utf8)
        let session = try String(contentsOfFile: folder + "/ParlaMint-ES-CT_2015-11-19-0401.xml", encoding: .utf8)
        let date = "2015-11-19"
        func all(_ pattern: String, in text: String) throws -> [[String]] {
            let regex = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
                (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : String(text[Range(m.range(at: $0), in: text)!]) }
            }
        }
        // Each person's parties on the sitting's day, read from the list of persons.
        var parties: [String: Set<String>] = [:]
        for person in try all(#"<person xml:id="([^"]+)">(.*?)</person>"#, in: list) {
            for affiliation in try all(#"<affiliation [^>]*>"#, in: person[2]).map({ $0[0] }) {
                let ref = try all(##"ref="#party\.([^"]+)""##, in: affiliation).first?[1]
                let from = try all(#"from="([^"]+)""#, in: affiliation).first?[1] ?? ""
                let to = try all(#" to="([^"]+)""#, in: affiliation).first?[1] ?? "9999"
                if let ref, from <= date, date <= to { parties[person[1], default: []].insert(ref) }
            }
        }
        // Turns by party: each <u> of the sitting, by its speaker's parties.
        var expected: [String: Int] = [:]
        for u in try all(##"<u [^>]*who="#([^"]+)""##, in: session) {
            for party in parties[u[1]] ?? [] { expected[party, default: 0] += 1 }
        }
        try #require(!expected.isEmpty)
        let documents = Loader().load([folder]).documents
        for (party, turns) in expected {
            let output = BufferOutput()
            _ = Session(documents: documents, output: output, format: .json).run("party:\"\(party)\" | count")
            #expect(output.output.contains("\"turns\": \(turns),"), "\(party): \(output.output)")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func rolesAndAgesOfAChatTranscript() throws {
        let path = sharedCorpus + "/1962-10-brown-eve-010600a.cha"
        let file = try String(contentsOfFile: path, encoding: .utf8)
        // Main tiers of the code whose @ID gives the role Target_Child.
        let idLine = try #require(file.split(separator: "\n").first { $0.hasPrefix("@ID:") && $0.contains("|Target_Child|") })
        let code = idLine.split(separator: "|")[2]
        let tiers = file.split(separator: "\n").filter { $0.hasPrefix("*\(code):") }.count
        let documents = Loader().load([path]).documents
        #expect(firstColumns(run("role:Target_Child | count by speaker", documents), 3).hasSuffix(",\(tiers),1.0000\n"))
        #expect(firstColumns(run("age:1* | count by speaker", documents), 3).hasSuffix(",\(tiers),1.0000\n"))
    }
}

/// A memorandum's list of participants gives each speaker's position as `role:`, and `.who` shows it.
@Suite struct ParticipantRoleTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func positionsFromTheListOfParticipants() throws {
        let path = sharedCorpus + "/1977-01-15-frus-kissinger-botha-memcon.tei.xml"
        let file = try String(contentsOfFile: path, encoding: .utf8)
        // The file lists Kissinger with his position after a comma, in one <item> of the participants.
        try #require(file.range(of: #"Kissinger(</persName>)?,\s+Secretary of State</item>"#, options: .regularExpression) != nil)
        let documents = Loader().load([path]).documents
        func count(_ query: String) -> String {
            let output = BufferOutput()
            _ = Session(documents: documents, output: output, format: .json).run(query + " | count")
            return output.output
        }
        // Kissinger's turns, counted from the file's labels (`<persName>Kissinger</persName>:` opening a paragraph).
        let turns = try NSRegularExpression(pattern: #"<p>\s*<persName[^>]*>Kissinger</persName>:"#)
            .numberOfMatches(in: file, range: NSRange(file.startIndex..., in: file))
        try #require(turns > 0)
        #expect(count(#"role:"Secretary of State""#).contains("\"turns\": \(turns),"))
        let output = BufferOutput()
        _ = Session(documents: documents, output: output).run(".who Kissinger")
        #expect(output.output.contains("  role: Secretary of State  [participants]\n"))
        // In JSON, a row for each speaker in each document, with what is stated of it.
        let json = BufferOutput()
        _ = Session(documents: documents, output: json, format: .json).run(".who Kissinger")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: String]])
        #expect(rows.count == 1)
        #expect(rows.first?["doc"] == documents.first?.id)
        #expect(rows.first?["stated"]?.contains("role: Secretary of State  [participants]") == true)
    }
}

/// A FRUS memorandum is cited from its own source note, title, place and date.
@Suite struct FRUSCitationTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"))
    func aMemorandumIsCitedFromItsSourceNote() throws {
        let path = sharedCorpus + "/1977-01-15-frus-kissinger-botha-memcon.tei.xml"
        let file = try String(contentsOfFile: path, encoding: .utf8)
        // Where the file's source note says the memorandum is held: its first sentence, the note's text
        // (tags out, spaces closed up) up to the first full stop before a capital.
        let note = try #require(file.range(of: #"type="source">[\s\S]*?</note>"#, options: .regularExpression).map { String(file[$0]) })
        let plain = note.replacingOccurrences(of: #"<[^>]*>|type="source">"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
        let source = try #require(plain.range(of: #"(?<=Source: ).+?(?=\. [A-Z])"#, options: .regularExpression).map { String(plain[$0]) })
        #expect(source.hasSuffix("November 1976–January 1977"))
        let output = BufferOutput()
        _ = Session(documents: Loader().load([path]).documents, output: output).run("speaker:Botha | limit 1 | cite")
        #expect(output.output.hasPrefix(#""238. Memorandum of Conversation," Washington, January 15, 1977, "# + source + ", "))
        // The rest of the note (its classification, who initialed it) is no part of the citation.
        #expect(!output.output.contains("Nodis") && !output.output.contains("Initialed"))
        #expect(output.output.contains("(Botha), line "))
        #expect(Citation.firstSentence("U.S. Embassy, No. 5, Box 3. Secret; Nodis. Drafted by Mr. Smith.") == "U.S. Embassy, No. 5, Box 3.")
        #expect(Citation.firstSentence("Central Files, 396.1/5–1660. Confidential.") == "Central Files, 396.1/5–1660.")
        #expect(Citation.firstSentence("Lot 67 D 548, Memos of Conv. with Amb. Dobrynin. Secret.") == "Lot 67 D 548, Memos of Conv. with Amb. Dobrynin.")
    }
}

/// A code holding a word of several forms (`[= it's]`) is one position left out: the words around it close
/// up for phrases, for kwic and for word counts alike.
@Suite struct CodeAcrossWordsTests {
    @Test func phrasesKwicAndCountsReadAcrossACode() throws {
        let path = NSTemporaryDirectory() + "parley-codes2-" + UUID().uuidString + ".cha"
        try "@UTF8\n@Begin\n@Participants:\tMOT Mother\n*MOT:\tred ball big [= it's a well-known one] green box .\n@End\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let documents = Loader().load([path]).documents
        func run(_ query: String, _ format: OutputFormat = .json) -> String {
            let output = BufferOutput()
            _ = Session(documents: documents, output: output, format: format).run(query)
            return output.output
        }
        #expect(run(#""big green" | count"#).hasPrefix("{\"utterances\": 1,"))
        #expect(run(#""red green" | count"#).hasPrefix("{\"utterances\": 0,"))
        // The match runs from `big` across the code to `green`.
        #expect(run(#""big green" | kwic 5"#, .csv).contains(",big [= it's a well-known one] green,"))
        // Words spoken: red, ball, big, green, box; the code's words are not spoken.
        #expect(run(".speakers", .csv).contains("Mother,1,1,5,1,"))
    }
}

/// A memorandum's participants give roles by whole name, and confirm a label by a whole name or surname,
/// never by a few letters inside a name; a plain list of names gives no roles.
@Suite struct ParticipantListTests {
    func load(_ text: String, _ suffix: String) throws -> [Document] {
        let path = NSTemporaryDirectory() + "parley-participants-" + UUID().uuidString + suffix
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return Loader().load([path]).documents
    }

    func memo(_ items: [String], _ paragraphs: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>
        <text><body><div type="document" n="1"><head>Memorandum of Conversation</head>
        <list type="participants">\(items.map { "<item>\($0)</item>" }.joined())</list>
        \(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))
        </div></body></text></TEI>
        """
    }

    @Test func twoSmithsEachGetTheirOwnPosition() throws {
        let documents = try load(memo(["John Smith, Ambassador to France", "Jane Smith, Assistant Secretary"],
                                      ["<persName>John Smith</persName>: Hello.", "<persName>Jane Smith</persName>: Hello to you."]), ".tei.xml")
        let roles = Dictionary(uniqueKeysWithValues: documents[0].speakers.map { ($0.name, $0.attributes.first { $0.name == "role" }?.value) })
        #expect(roles["John Smith"] == "Ambassador to France" && roles["Jane Smith"] == "Assistant Secretary")
    }

    @Test func aFewLettersInsideANameConfirmNoLabel() throws {
        let documents = try load(memo(["William Rogers, Secretary of State", "Ambassador Ali Khan"],
                                      ["<persName>Rogers</persName>: Hello.", "<persName>Rogers</persName>: Again.",
                                       "Li: This sentence says Li once.", "Al: And Al once too.", "Khan: A word."]), ".tei.xml")
        #expect(Set(documents[0].speakers.map(\.name)) == ["Rogers", "Khan"])
    }

    @Test func aPlainListOfNamesGivesNoRoles() throws {
        let documents = try load("Record of Conversation\n\nParticipants: Khrushchev, Rusk, Thompson\n\nCde. Khrushchev: Good morning.\n\nMr. Rusk: Good morning to you.\n\nCde. Khrushchev: Let us begin.\n", ".txt")
        #expect(documents[0].speakers.allSatisfy { $0.attributes.isEmpty })
    }
}

/// The first `n` columns of CSV whose first `n` columns hold no comma: what a test of those columns compares.
func firstColumns(_ csv: String, _ n: Int) -> String {
    csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(n).joined(separator: ",") }
        .joined(separator: "\n") + "\n"
}
