import Foundation
import Testing
import ShellCore
import TranscriptFormats

/// Answers a researcher can trust: stages compose in order or are refused, output sent anywhere but the
/// screen is complete and holds nothing but data, no hits is an answer, and context is printed once.
/// Expected figures come from the reference document's text (`ReferenceText`), not from Parley.
@Suite struct CompleteOutputTests {
    let text = ReferenceText()

    /// A session on the reference document; `terminal` as when standard output is a terminal.
    func session(format: OutputFormat = .text, terminal: Bool = false) -> (Session, BufferOutput) {
        let output = BufferOutput()
        return (Session(documents: [Loader.embeddedReference()], output: output, format: format, onTerminal: terminal), output)
    }

    func run(_ lines: [String], format: OutputFormat = .text, terminal: Bool = false) -> (ShellCore.ExitStatus, BufferOutput) {
        let (s, output) = session(format: format, terminal: terminal)
        var status = ShellCore.ExitStatus.success
        for line in lines {
            status = s.run(line)
            if status != .success { break }
        }
        return (status, output)
    }

    var utteranceCount: Int { text.paragraphs.count + text.interjections.count }

    // MARK: Stages run in order, or are refused

    @Test func aLimitBeforeCountIsCounted() {
        let (_, output) = run(["army | limit 2 | count"])
        #expect(output.output == "2 utterances, 2 turns with a hit, 1 document\n")
        #expect(text.paragraphs(matching: #"\b[Aa]rmy\b"#) > 2)
    }

    @Test func aTableSortsByItsGroupedFieldOrAColumn() throws {
        let (_, byName) = run(["* | count by speaker | sort by speaker desc"], format: .csv)
        let names = byName.output.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(names == Set(text.paragraphs.map(\.speaker)).sorted(by: >))

        let (_, byCount) = run(["* | count by speaker | sort by utterances"], format: .csv)
        let counts = byCount.output.split(separator: "\n").dropFirst().map { Int($0.split(separator: ",")[1]) ?? -1 }
        #expect(counts == counts.sorted() && counts.count == names.count)

        // A table's limit keeps each row's share of all matched utterances.
        let (_, limited) = run(["* | count by speaker | limit 2"], format: .csv)
        let rows = limited.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(rows.count == 2)
        for row in rows {
            let share = String(format: "%.4f", Double(Int(row[1]) ?? 0) / Double(utteranceCount))
            #expect(String(row[2]) == share)
        }

        let (_, words) = run(["speaker:Bulganin | words 5 | sort by word"], format: .csv)
        let listed = words.output.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(listed.count == 5 && listed == listed.sorted())
    }

    @Test(arguments: [
        ("army | kwic | count", "error: nothing can follow 'kwic'; 'count' would be ignored", 14),
        ("army | count | limit 2", "error: nothing can follow 'count'; 'limit 2' would be ignored", 15),
        ("army | count by speaker | kwic", "error: 'kwic' cannot follow 'count by speaker': 'kwic' takes hits, and 'count by speaker' makes a table", 26),
        ("army | count by speaker | sort by date", "error: cannot sort the table of 'count by speaker' by 'date'; its columns are speaker, utterances, share, turns, words, hits, rate and query", 26),
        ("army | sort by share", "error: 'sort by share' sorts a table's rows; sort hits by speaker, doc, kind, date, turn, unit, party or role", 7),
    ])
    func aStageThatCannotFollowIsAnErrorAtThatStage(query: String, message: String, column: Int) {
        let (status, output) = run([query])
        #expect(status == .queryError)
        #expect(output.output.isEmpty)
        let lines = output.errors.split(separator: "\n").map(String.init)
        #expect(lines.first == message)
        // The carets start under the stage that cannot follow (`column` counts from 0, after `  | `).
        #expect(lines.count >= 3 && lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) } == column + 4)
    }

    // MARK: Complete output

    @Test func onATerminalTwentyAreShownWithHowToSeeTheRest() {
        let (_, output) = run(["*"], terminal: true)
        #expect(output.output.components(separatedBy: "\n[").count == 20)
        #expect(output.output.hasSuffix("... \(utteranceCount - 20) more not shown; .limit 0 shows them all\n"))
        let (_, all) = run([".limit 0", "*"], terminal: true)
        #expect(all.output.components(separatedBy: "\n[").count == utteranceCount)
    }

    @Test func elsewhereNothingIsCutUnlessTheUserSaysSo() {
        let (_, piped) = run(["*"])
        #expect(piped.output.components(separatedBy: "\n[").count == utteranceCount)
        #expect(!piped.output.contains("more not shown") && piped.errors.isEmpty)
    }

    /// `cite` printed every citation whatever `.limit` said.
    @Test func citationsAreCutAsOtherResultsAre() {
        let army = text.paragraphs(matching: #"\b[Aa]rmy\b"#) + text.interjections.filter { $0.range(of: #"\b[Aa]rmy\b"#, options: .regularExpression) != nil }.count
        let (_, terminal) = run([".limit 3", "army | cite"], terminal: true)
        let lines = terminal.output.split(separator: "\n")
        #expect(lines.count == 4 && lines.last == "... \(army - 3) more not shown; .limit 0 shows them all")
        // CSL-JSON and BibTeX are data: what was cut is said on standard error, on a terminal too.
        for terminal in [false, true] {
            let (_, csl) = run([".limit 3", "army | cite csl-json"], terminal: terminal)
            #expect(csl.output.hasSuffix("]\n") && csl.output.components(separatedBy: "\"type\"").count - 1 == 3)
            #expect(csl.errors == "note: \(army - 3) more not shown; .limit 0 shows them all\n")
        }
        let (_, stage) = run(["army | limit 2 | cite bibtex"])
        #expect(stage.output.split(separator: "\n").filter { $0.hasPrefix("@misc{") }.count == 2)
    }

    @Test(arguments: [OutputFormat.csv, .json, .markdown])
    func aCutNeverGoesIntoData(format: OutputFormat) throws {
        for terminal in [false, true] {
            let (_, output) = run([".limit 3", "army | kwic 30"], format: format, terminal: terminal)
            #expect(!output.output.contains("more"))
            let shown = format == .json ? output.output.components(separatedBy: "{\"doc\"").count - 1
                : output.output.split(separator: "\n").count - (format == .csv ? 1 : 2)
            #expect(shown == 3)
            #expect(output.errors == "note: \(text.occurrences(of: #"\b[Aa]rmy\b"#) - 3) more not shown; .limit 0 shows them all\n")
        }
    }

    @Test func anOutputFileFromATerminalGetsEveryRow() throws {
        let folder = NSTemporaryDirectory() + "parley-output-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = run([".mode csv", ".output \(folder)/all.csv", "* | kwic 30", ".output"], terminal: true)
        #expect(status == .success)
        let csv = try String(contentsOfFile: folder + "/all.csv", encoding: .utf8)
        #expect(csv.hasPrefix("doc,line,speaker,left,match,right,turn,time\n"))
        // kwic on `*` has no search words, so it says so; use a word instead.
        #expect(output.errors.contains("kwic shows the query's search words"))
        let (_, again) = run([".mode csv", ".output \(folder)/army.csv", "army | kwic 30", ".output"], terminal: true)
        let rows = try String(contentsOfFile: folder + "/army.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count - 1 == text.occurrences(of: #"\b[Aa]rmy\b"#))
        #expect(!rows.contains { $0.contains("more not shown") })
        #expect(again.errors.isEmpty)
        // `.output off` returns to the screen, as `.record off` stops a record; `./off` is a file of that name.
        let (status2, off) = run([".output \(folder)/one.txt", "army | count", ".output off", "Stalin | count"])
        #expect(status2 == .success)
        // Stalin's count on the screen, army's in the file, and no file named off.
        #expect(off.output.split(separator: "\n").count == 1 && off.output.contains(" utterances, "), "\(off.output)")
        let file = try String(contentsOfFile: folder + "/one.txt", encoding: .utf8)
        #expect(file.split(separator: "\n").count == 1 && file.contains(" utterances, ") && file != off.output, "\(file)")
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/off"))
    }

    /// Text results in an `.output` file from a terminal are laid out as for a pipe: each utterance on
    /// one line, without colour, whatever the window's width; on the screen they are wrapped and coloured.
    @Test func anOutputFileFromATerminalIsNotWrappedOrColoured() throws {
        let folder = NSTemporaryDirectory() + "parley-output-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = BufferOutput()
        let s = Session(documents: [Loader.embeddedReference()], output: output, color: true, onTerminal: true)
        s.width = 40
        for line in [".output \(folder)/army.txt", "army", ".output", "army | limit 1"] { #expect(s.run(line) == .success) }
        let file = try String(contentsOfFile: folder + "/army.txt", encoding: .utf8)
        let armyParagraphs = text.paragraphs.filter { $0.text.range(of: #"\b[Aa]rmy\b"#, options: .regularExpression) != nil }
        #expect(!file.contains("\u{1B}"))
        // Each matched utterance's text is one line of the file, as the paragraph is in the document.
        for paragraph in armyParagraphs { #expect(file.contains(paragraph.text.prefix(60)), "\(paragraph.text.prefix(60))") }
        #expect(file.split(separator: "\n").contains { $0.count > 40 })
        // On the screen: coloured, and the text (its header aside) broken to the window.
        #expect(output.output.contains("\u{1B}["))
        let screen = output.output.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(screen.split(separator: "\n").filter { !$0.hasPrefix("[") && !$0.hasPrefix("...") }.allSatisfy { $0.count <= 40 }, "\(screen)")
    }

    /// A file named for a data format takes results in it, as `.mode` would, with a note, and the mode
    /// before comes back when results leave it; a `.mode` chosen meanwhile stays.
    @Test func anOutputFileNamedForAFormatGetsThatFormat() throws {
        let folder = NSTemporaryDirectory() + "parley-output-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, screen) = run([".mode csv", "army | count by speaker"])
        let (status, named) = run([".output \(folder)/army.CSV", "army | count by speaker", ".output", ".mode"])
        #expect(status == .success)
        #expect(try String(contentsOfFile: folder + "/army.CSV", encoding: .utf8) == screen.output)
        #expect(named.output == "mode: text\n")
        #expect(named.errors.contains("note: results go to '\(folder)/army.CSV' as CSV, as its name says"))
        for (file, format) in [("rows.json", "json"), ("table.md", "markdown")] {
            let (_, screen) = run([".mode \(format)", "* | count by kind"])
            _ = run([".output \(folder)/\(file)", "* | count by kind"])
            #expect(try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8) == screen.output, "\(file)")
        }
        // A mode given while the file takes results is the user's: it writes the file, and stays after.
        let (_, json) = run([".mode json", "army | count"])
        let (_, chosen) = run([".output \(folder)/a.csv", ".mode json", "army | count", ".output", ".mode"])
        #expect(try String(contentsOfFile: folder + "/a.csv", encoding: .utf8) == json.output)
        #expect(chosen.output == "mode: json\n")
        // Any other name, or a file in the format already chosen, changes nothing and says nothing.
        let (_, plain) = run(["army | count"])
        let (_, text) = run([".output \(folder)/a.txt", "army | count", ".output"])
        #expect(try String(contentsOfFile: folder + "/a.txt", encoding: .utf8) == plain.output && text.errors.isEmpty)
        let (_, csv) = run([".mode csv", ".output \(folder)/b.csv", "army | count", ".output", ".mode"])
        #expect(csv.errors.isEmpty && csv.output == "mode: csv\n")
    }

    /// On a terminal, a `count by` table says under it what `words` and `rate` count, since the rate is
    /// not hits per the words shown; data formats and output elsewhere hold the table alone.
    @Test func aCountTableOnATerminalSaysWhatRateCounts() throws {
        let (_, screen) = run(["army | count by speaker"], terminal: true)
        let lines = screen.output.split(separator: "\n")
        #expect(lines.last?.hasPrefix("words: words of the matched utterances; rate: hits per 1,000 words the group speaks") == true)
        // The figures bear it out: Beria's rate is his hits per 1,000 of all his words, not of the words shown.
        let (_, csv) = run([".mode csv", "army | count by speaker"])
        let beria = try #require(csv.output.split(separator: "\n").first { $0.hasPrefix("Beria,") }).split(separator: ",")
        let (_, all) = run([".mode csv", "speaker:Beria | count by speaker"])
        let berias = try #require(all.output.split(separator: "\n").dropFirst().first).split(separator: ",")
        let spoken = try #require(Double(berias[4]))
        let hits = try #require(Double(beria[5])), shown = try #require(Double(beria[4])), rate = try #require(Double(beria[6]))
        #expect(abs(rate - hits / spoken * 1000) < 0.0001 && abs(rate - hits / shown * 1000) > 1)
        for (lines, format) in [(["army | count by speaker"], OutputFormat.text), ([".mode csv", "army | count by speaker"], .text)] {
            let (_, elsewhere) = run(lines, format: format)
            #expect(!elsewhere.output.contains("rate: hits"))
        }
        let (_, csvOnScreen) = run([".mode csv", "army | count by speaker"], terminal: true)
        #expect(!csvOnScreen.output.contains("rate: hits"))
        let (_, help) = run([".help rate"])
        #expect(help.output.hasPrefix("rate  (column of count by) hits per 1,000 words the group speaks"))
    }

    // MARK: Zero is an answer

    @Test(arguments: ["zebra", "zebra | kwic", "zebra | count by speaker", "zebra | words", "zebra | sort by date"])
    func noHitsSaySo(query: String) {
        for format in [OutputFormat.text, .kwic, .table] {
            #expect(run([query], format: format).1.output == "0 utterances\n", "\(query) in \(format)")
        }
        #expect(run([query], format: .json).1.output == "[]\n")
        let csv = run([query], format: .csv).1.output
        #expect(csv.split(separator: "\n").count == 1 && csv.hasSuffix("\n"))
        let markdown = run([query], format: .markdown).1.output
        #expect(markdown.split(separator: "\n").count == 2 && markdown.hasPrefix("| "))
    }

    // MARK: Context

    @Test func overlappingContextIsPrintedOnce() {
        // Turn 5's paragraphs that mention Rákosi: several stand next to each other.
        let (_, output) = run([".context 1", "speaker:Beria turn:5"])
        let headers = output.output.split(separator: "\n").filter { $0.hasPrefix("[") || $0.hasPrefix("  (context) [") }
        #expect(Set(headers).count == headers.count, "an utterance was printed twice")
        let inTurn = text.paragraphs(inTurns: 5...5)
        #expect(headers.filter { !$0.hasPrefix("  (context)") }.count == inTurn)
        // One group: turn 5 is contiguous, with one utterance of context either side.
        #expect(headers.count == inTurn + 2)
        #expect(!output.output.contains("\n--\n"))

        let (_, apart) = run([".context 1", "turn:2 OR turn:9"])
        #expect(apart.output.components(separatedBy: "\n--\n").count == 2)
    }
}

/// `.speakers` says which turns it counts, and words and documents beside them.
@Suite struct SpeakersListTests {
    @Test func turnsSpokenWordsSpokenAndDocuments() throws {
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output, format: .csv)
        #expect(session.run(".speakers Beria") == .success)
        let lines = output.output.split(separator: "\n")
        #expect(lines.first == "speaker,turns spoken,utterances,words spoken,documents,labels")
        let cells = try #require(lines.dropFirst().first).split(separator: ",").map(String.init)
        // Counted from the file: labels that open Beria's turns, his paragraphs and interjections, and the
        // words in them (runs of letters and digits, joined by an inner hyphen or apostrophe, or by a
        // comma or point between digits).
        let text = ReferenceText()
        let interjections = try NSRegularExpression(pattern: #"\((?:Cde\. |Comrade )?(\w+): ([^()]*)\)"#)
        let body = EmbeddedReference.text.components(separatedBy: "Document Information")[0] as NSString
        let his = interjections.matches(in: body as String, range: NSRange(location: 0, length: body.length))
            .filter { body.substring(with: $0.range(at: 1)) == "Beria" }.map { body.substring(with: $0.range(at: 2)) }
        let word = try NSRegularExpression(pattern: #"[^\W_]+(?:[-'’][^\W_]+|(?<=\d)[.,]\d+)*"#)
        // The editor's notes in brackets (`[sic]`, a question `[forints?]`) are no one's words.
        let note = try NSRegularExpression(pattern: #"\[(?:sic!?|[^\]]*\?)\]"#, options: .caseInsensitive)
        let spoken = (text.paragraphs(by: "Beria") + his).map { note.stringByReplacingMatches(in: $0, range: NSRange(location: 0, length: ($0 as NSString).length), withTemplate: " ") }
        let words = spoken.reduce(0) { $0 + word.numberOfMatches(in: $1, range: NSRange(location: 0, length: ($1 as NSString).length)) }
        let turns = Set(text.paragraphs.filter { $0.speaker == "Beria" }.map(\.turn)).count
        #expect(cells[0] == "Beria")
        #expect(cells[1] == String(turns))
        #expect(cells[2] == String(text.paragraphs(by: "Beria").count + his.count))
        #expect(cells[3] == String(words))
        #expect(cells[4] == "1")
        // Under `.editorial off`, the words the editor inserted in brackets are not Beria's (`[sic]` and
        // `[?]` are the editor's notes, not words put in his mouth).
        let inserted = (text.paragraphs(by: "Beria") + his).flatMap { paragraph in
            (paragraph as NSString).components(separatedBy: "[").dropFirst().map { $0.components(separatedBy: "]")[0] }
        }.filter { !["sic", "sic!"].contains($0.lowercased()) && !$0.hasSuffix("?") }.reduce(0) { $0 + word.numberOfMatches(in: $1, range: NSRange(location: 0, length: ($1 as NSString).length)) }
        #expect(inserted > 0)
        let before = output.output.count
        #expect(session.run(".editorial off") == .success && session.run(".speakers Beria") == .success)
        let off = try #require(String(output.output.dropFirst(before)).split(separator: "\n").dropFirst().first).split(separator: ",")
        #expect(off[3] == String(words - inserted)[...])
    }
}

/// Every hit carries what cites it, in every format: a timed document's times included.
@Suite struct CitationColumnsTests {
    /// Three cues of our own, two speakers; the times are read from this text by the test.
    static let captions = """
        WEBVTT

        00:00:01.000 --> 00:00:04.000
        <v Ann Lee>We open the hearing on the harbour.

        00:00:04.000 --> 00:00:07.500
        <v Bo Ek>The harbour needs dredging.

        00:01:02.250 --> 00:01:05.000
        <v Ann Lee>Then the harbour vote is next.
        """

    func run(_ query: String, format: OutputFormat) throws -> BufferOutput {
        let path = NSTemporaryDirectory() + "parley-cite-" + UUID().uuidString + ".vtt"
        try Self.captions.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = BufferOutput()
        let session = Session(documents: Loader().load([path]).documents, output: output, format: format)
        _ = session.run(query)
        return output
    }

    @Test func csvAndJSONHitsCarryTheTimeAndLabel() throws {
        let csv = try run("harbour", format: .csv).output.split(separator: "\n")
        #expect(csv.first == "doc,turn,speaker,kind,line,text,title,date,time,label,page")
        // Times as seconds, since Parley writes 00:00:01.000 as 00:00:01.
        func seconds(_ time: some StringProtocol) -> Double {
            time.split(separator: ":").reduce(0) { $0 * 60 + (Double($1) ?? .nan) }
        }
        let starts = Self.captions.split(separator: "\n").filter { $0.contains("-->") }.map { seconds($0.prefix(12)) }
        // Each cue is a turn here; its start is the hit's time.
        #expect(csv.dropFirst().map { seconds($0.split(separator: ",", omittingEmptySubsequences: false)[8]) } == starts)
        let json = try run("harbour", format: .json).output
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(array.map { seconds($0["time"] as? String ?? "") } == starts)
        #expect(array.first.map { Array($0.keys).count } == 11)
        let kwic = try run("harbour | kwic 10", format: .csv).output.split(separator: "\n")
        #expect(kwic.first == "doc,line,speaker,left,match,right,turn,time")
        #expect(kwic.dropFirst().map { seconds($0.split(separator: ",", omittingEmptySubsequences: false).last ?? "") } == starts)
    }

    /// A document whose source gives no title is cited by its file, never with its id quoted as a title.
    @Test func anUntitledTranscriptIsCitedByItsFile() throws {
        let chicago = try run("harbour | cite", format: .text).output.split(separator: "\n")
        #expect(chicago.count == 3)
        #expect(chicago.allSatisfy { $0.hasPrefix("Untitled transcript, parley-cite-") && $0.contains(".vtt, turn ") && !$0.contains("\"") })
        let csl = try run("harbour | cite csl-json", format: .text).output
        #expect(csl.contains("\"title\": \"[Untitled transcript, parley-cite-"))
    }

    @Test func kwicModeGivesKwicsNotes() throws {
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output, format: .kwic)
        #expect(session.run("kind:interjection") == .success)
        #expect(output.errors.contains("kwic shows the query's search words in context, and this query has none"))
        // It matched utterances: no lines to show, not "0 utterances".
        #expect(output.output == "0 lines\n")
    }
}

/// `words` counts what the matching counts: under `.editorial off`, not the words an editor inserted.
@Suite struct WordsEditorialTests {
    func count(of word: String, editorial: Bool) throws -> Int {
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output, format: .csv)
        if !editorial { _ = session.run(".editorial off") }
        _ = session.run("* | words 100000")
        let row = output.output.split(separator: "\n").first { $0.hasPrefix(word + ",") }
        return row.flatMap { Int($0.split(separator: ",")[1]) } ?? 0
    }

    @Test func insertedWordsCountOnlyWithEditorialOn() throws {
        let body = EmbeddedReference.text.components(separatedBy: "Document Information")[0]
        func occurrences(_ pattern: String) -> Int {
            (try? NSRegularExpression(pattern: pattern, options: .caseInsensitive))?.numberOfMatches(in: body, range: NSRange(body.startIndex..., in: body)) ?? 0
        }
        let all = occurrences(#"\bagricultural\b"#)
        // Inside an editor's brackets, alone or with other words: `[agricultural]`, `[agricultural levy]`.
        let inserted = occurrences(#"\[[^\]]*\bagricultural\b[^\]]*\]"#)
        try #require(inserted > 0)
        #expect(try count(of: "agricultural", editorial: true) == all)
        #expect(try count(of: "agricultural", editorial: false) == all - inserted)
    }
}

/// `show` colours the matches `kwic` lists and the hits count: under `.editorial off`, not a word the
/// editor inserted, on a window narrow enough to wrap the text.
@Suite struct ShowHighlightEditorialTests {
    // Each paragraph has the word written and the word inserted; the turns wrap at 40 columns.
    static let text = "Cde. Beria: The [agricultural] question is the agricultural levy, and it is older than the plan.\n\n"
        + "Cde. Nagy: The agricultural levy [agricultural tax] was raised twice in one year by the ministry.\n\n"
        + "Cde. Beria: The [agricultural] plan.\n"

    func highlighted(editorial: Bool) throws -> [String] {
        let path = NSTemporaryDirectory() + "parley-show-" + UUID().uuidString + ".txt"
        try Self.text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = BufferOutput()
        let session = Session(documents: Loader().load([path]).documents, output: output, color: true, onTerminal: true)
        session.width = 40
        if !editorial { _ = session.run(".editorial off") }
        _ = session.run("agricultural | show")
        let pattern = try NSRegularExpression(pattern: "\u{1B}\\[1;33m([^\u{1B}]*)\u{1B}\\[0m")
        let shown = output.output
        return pattern.matches(in: shown, range: NSRange(shown.startIndex..., in: shown)).compactMap {
            Range($0.range(at: 1), in: shown).map { String(shown[$0]) }
        }
    }

    @Test func insertedWordsAreColouredOnlyWithEditorialOn() throws {
        // Counted from the text: every `agricultural`, and those inside an editor's brackets.
        let all = Self.text.components(separatedBy: "agricultural").count - 1
        let inserted = Self.text.components(separatedBy: "[agricultural").count - 1
        try #require(inserted > 0 && all > inserted)
        let on = try highlighted(editorial: true)
        let off = try highlighted(editorial: false)
        // Each coloured piece is the word itself: the wrapped text's ranges are the matches'.
        #expect(on.count == all && on.allSatisfy { $0 == "agricultural" }, "\(on)")
        #expect(off.count == all - inserted && off.allSatisfy { $0 == "agricultural" }, "\(off)")
    }
}

/// An editor's note (`[inaudible]`, `[Laughter.]`, `[sic]`) is found by a query, but it is no one's words:
/// word counts, rates and `words` leave it out.
@Suite struct EditorsNotesAreNoWordsTests {
    static let text = "Maria Lopez: We stayed [inaudible] until the mill closed. [Laughter.] It was hard.\n\n"
        + "Tom Reed: I remember [crosstalk 00:01:02] the mill [sic].\n\nMaria Lopez: [inaudible]\n\n"
        + "Tom Reed: So do I. [Laughter.]\n"

    @Test func notesCountNoWordsButAreFound() throws {
        let path = NSTemporaryDirectory() + "parley-notes-" + UUID().uuidString + ".txt"
        try Self.text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Counted from the text: each speaker's words once every bracket (all notes here) is taken out.
        var expected: [String: Int] = [:]
        for line in Self.text.split(separator: "\n") {
            // Every line is a turn: a label, then speech.
            let (name, speech) = (line.prefix { $0 != ":" }, line.drop { $0 != ":" }.dropFirst())
            let spoken = speech.replacingOccurrences(of: #"\[[^\]]*\]"#, with: " ", options: .regularExpression)
            expected[String(name), default: 0] += spoken.split { !$0.isLetter && !$0.isNumber }.count
        }
        let output = BufferOutput()
        let session = Session(documents: Loader().load([path]).documents, output: output, format: .csv)
        #expect(session.run("* | count by speaker") == .success)
        var words: [String: Int] = [:]
        for row in output.output.split(separator: "\n").dropFirst() {
            let cells = row.split(separator: ",")
            words[String(cells[0])] = Int(cells[4])
        }
        // A sound standing alone (`[Laughter.]` after a turn's speech) is a direction of no one's, of no words.
        #expect(words.removeValue(forKey: "(none)") ?? 0 == 0)
        #expect(words == expected)
        // Still found: the note's word is a hit, in each utterance that holds it.
        let found = BufferOutput()
        _ = Session(documents: session.documents, output: found, format: .json).run("inaudible | count")
        #expect(found.output.hasPrefix("{\"utterances\": 2,"))
        // `words` lists no note's word.
        let listed = BufferOutput()
        _ = Session(documents: session.documents, output: listed, format: .csv).run("* | words 100")
        let listedWords = Set(listed.output.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) })
        #expect(listedWords.isDisjoint(with: ["inaudible", "laughter", "crosstalk", "sic"]))
        #expect(listedWords.contains("mill"))
    }
}

/// A Markdown transcript's front matter can name its language, which chooses the stop list of `words`.
@Suite struct FrontMatterLanguageTests {
    @Test func aFrontMatterLanguageChoosesTheStopList() throws {
        let path = NSTemporaryDirectory() + "parley-fm-" + UUID().uuidString + ".md"
        // Too few words to detect a language: only the front matter can say it is Spanish.
        try "---\ntitle: Sesión\nlanguage: es\n---\n\nSR. PÉREZ: Para los vecinos, para el barrio y para la ciudad.\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = BufferOutput()
        let session = Session(documents: Loader().load([path]).documents, output: output, format: .csv)
        #expect(session.run(".stopwords") == .success)
        #expect(output.output.contains(",es,metadata 'language',"))
        #expect(session.run("* | words") == .success)
        let words = output.output.components(separatedBy: "word,count,query\n").last?.split(separator: "\n").map { $0.split(separator: ",")[0] } ?? []
        #expect(Set(words) == ["vecinos", "barrio", "ciudad"])
    }
}
