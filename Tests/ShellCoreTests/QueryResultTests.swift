import Foundation
import Testing
import ShellCore
import TranscriptFormats
import TranscriptModel
import TestSupport

/// Queries on the reference document, through a session as `parley -c` runs them. Expected counts come
/// from the file: its body lines are its paragraphs, with labels and interjections cut out by regular
/// expressions in `ReferenceText`.
@Suite struct QueryResultTests {
    static let reference = Loader.embeddedReference()
    let text = ReferenceText()

    func run(_ lines: [String], format: OutputFormat = .text) -> (ShellCore.ExitStatus, BufferOutput) {
        let output = BufferOutput()
        let session = Session(documents: [Self.reference], output: output, format: format)
        var status = ShellCore.ExitStatus.success
        for line in lines {
            status = session.run(line)
            if status != .success { break }
        }
        return (status, output)
    }

    /// Utterances a query matches, from `| count` in JSON.
    func count(_ query: String, setup: [String] = []) throws -> Int {
        let (status, output) = run(setup + ["\(query) | count"], format: .json)
        try #require(status == .success, "\(query): \(output.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [String: Int])
        return try #require(object["utterances"])
    }

    @Test func countOfEverythingFollowsTheContract() {
        let (status, output) = run(["* | count"], format: .json)
        #expect(status == .success)
        #expect(output.output == "{\"utterances\": 72, \"turns\": 23, \"documents\": 1}\n")
    }

    @Test func wordsPhrasesAndFolding() throws {
        #expect(try count("army") == text.paragraphs(matching: #"\b[Aa]rm(y)\b"#) )
        #expect(try count("rakosi") == text.paragraphs(matching: #"(?i)\br[aá]kosi\b"#))
        #expect(try count("RÁKOSI") == text.paragraphs(matching: #"(?i)\br[aá]kosi\b"#))
        #expect(try count("avh") == text.paragraphs(matching: #"ÁVH"#))
        #expect(try count("\"collective leadership\"") == text.paragraphs(matching: #"(?i)collective leadership"#))
        #expect(try count("collectiv*") == text.paragraphs(matching: #"(?i)\bcollectiv"#))
        // Possessives: `Péter's` is found by `Péter`; hyphenated words as written, joined and as parts.
        #expect(try count("Peter") == text.paragraphs(matching: #"Péter"#))
        #expect(try count("co-operatives") == text.paragraphs(matching: #"(?i)co-operatives"#))
        #expect(try count("cooperatives") == text.paragraphs(matching: #"(?i)co-operatives"#))
        #expect(try count("operatives") == text.paragraphs(matching: #"(?i)co-operatives"#))
    }

    @Test func speakerFieldAndBooleans() throws {
        let beria = text.paragraphs(by: "Beria")
        #expect(try count("speaker:Beria") == beria.count + 1)  // and one interjection
        #expect(try count("speaker:Beria army") == beria.filter { $0.range(of: #"\b[Aa]rmy\b"#, options: .regularExpression) != nil }.count)
        #expect(try count("speaker:beria") == count("speaker:Beria"))
        #expect(try count("speaker:rak*") == text.paragraphs(by: "Rákosi").count + 1)
        #expect(try count("kind:interjection") == 3)
        #expect(try count("-kind:speech") == 3)
        #expect(try count("NOT kind:speech") == 3)
    }

    @Test func fieldsForFiguresEditorialTurnsAndDates() throws {
        #expect(try count("editorial:sic") == text.paragraphs(matching: #"\[sic\]"#))
        #expect(try count("editorial:elision") == text.paragraphs(matching: #"\[…\]"#))
        #expect(try count("unit:forints") == text.paragraphs(matching: #"\d (million |billion )?\[?forints"#))
        // Every kind of term: a prefix, a fuzzy word and a regular expression find what the word finds.
        for query in ["unit:forint*", "unit:forint~", "unit:/^forint/", "unit:\"Forints.\""] {
            #expect(try count(query) == count("unit:forints"), "\(query)")
        }
        for query in ["editorial:si*", "editorial:sik~", "editorial:/^sic$/", "editorial:\"sic.\""] {
            #expect(try count(query) == count("editorial:sic"), "\(query)")
        }
        #expect(try count("unit:rouble*") == 0)
        #expect(try count("number:>=19000000000") == 1)
        #expect(try count("turn:1") == text.paragraphs(inTurns: 1...1))
        #expect(try count("turn:3..7") == text.paragraphs(inTurns: 3...7))
        #expect(try count("date:1953") == 72)
        #expect(try count("date:>=1960") == 0)
        #expect(try count("date:1953-06..1956-10") == 72)
        #expect(try count("doc:1953*") == 72)
    }

    @Test func editorialOffLeavesInsertedWordsOut() throws {
        let inText = text.paragraphs(matching: #"(?<!\[)\bagricultural\b(?![^\[]*\])"#)
        #expect(try count("agricultural", setup: [".editorial off"]) == inText)
        #expect(try count("agricultural") == text.paragraphs(matching: #"\bagricultural\b"#))
        #expect(try count("agricultural", setup: [".editorial off"]) < count("agricultural"))
    }

    @Test func withinTurnMatchesWholeTurns() throws {
        let (_, output) = run([".within turn", "army leadership | count"], format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [String: Int])
        #expect(object["turns"] == text.turns(containingAll: [#"\b[Aa]rmy\b"#, #"\b[Ll]eadership\b"#]))
    }

    /// Under `.within document` every turn of a matched document is counted, so the line does not call
    /// them turns with a hit; JSON keeps its keys.
    @Test func withinDocumentCountsSayWhatTheyCount() throws {
        let (_, text) = run([".within document", "army | count"])
        #expect(text.output == "1 document matched, holding 72 utterances and 23 turns\n")
        let (_, json) = run([".within document", "army | count"], format: .json)
        #expect(json.output == "{\"utterances\": 72, \"turns\": 23, \"documents\": 1}\n")
    }

    /// A citation of an interjection names who made it, then the turn it interrupts with that turn's
    /// speaker; every BibTeX key is different, the interjection's from the speech it interrupts.
    @Test func citationsNameWhoSaidTheWords() throws {
        let lines = run(["kind:interjection | cite"]).1.output.split(separator: "\n").map(String.init)
        #expect(lines.count == text.interjections.count)
        for (i, line) in lines.enumerated() where i < text.interjections.count {
            let turn = text.interjectionTurns[i]
            let host = try #require(text.paragraphs.first { $0.turn == turn }?.speaker)
            #expect(line.contains("interjection by \(text.interjectionSpeakers[i]), turn \(turn) (\(host)),"), "\(line)")
        }
        let keys = run(["* | cite bibtex"]).1.output.split(separator: "\n").filter { $0.hasPrefix("@misc{") }
        #expect(keys.count == 72 && Set(keys).count == keys.count)
    }

    /// Under `.within turn` a citation stands for a turn; under `.within document`, for a document.
    @Test func citationsFollowTheScope() throws {
        let turns = run([".within turn", "army | cite"]).1.output.split(separator: "\n")
        #expect(turns.count == text.turns(containingAll: [#"\b[Aa]rmy\b"#]))
        let documents = run([".within document", "army | cite"]).1.output.split(separator: "\n")
        #expect(documents.count == 1 && !documents[0].contains("line "))
    }

    /// Ctrl-C during a stage that reads every matched utterance's words ends it, and nothing of it is shown.
    @Test func aStageStopsWhenAsked() {
        for query in ["* | words", "* | ngrams 3", "army | collocates", "speaker:Beria | keywords"] {
            let output = BufferOutput()
            let session = Session(documents: [Self.reference], output: output)
            session.shouldStop = { true }
            #expect(session.run(query) == .success, "\(query)")
            #expect(output.output.isEmpty && output.errors.contains("cancelled"), "\(query): \(output.output)")
        }
    }

    /// Ctrl-C while a long answer prints: what was written stays, the rest is not written, and the shell
    /// says it was cancelled. (A query with no stage never asks whether to stop while it matches.)
    @Test func printingStopsWhenAsked() {
        final class Flag: @unchecked Sendable { var printed = false }
        final class Printing: OutputSink {
            let flag: Flag
            var output = ""
            var errors = ""
            init(_ flag: Flag) { self.flag = flag }
            func write(_ text: String) { output += text; flag.printed = true }
            func writeError(_ text: String) { errors += text }
        }
        // Enough text for several of the pieces the renderer writes.
        let all = 5_000
        let document = Document(id: "long", path: "long.txt", format: "text", utterances: (0..<all).map { i in
            Utterance(kind: .speech, speaker: nil, turn: nil, text: "Utterance \(i) of a long record, said at length.",
                      location: SourceLocation(path: "long.txt", line: i + 1))
        })
        let flag = Flag()
        let output = Printing(flag)
        let session = Session(documents: [document], output: output)
        session.shouldStop = { flag.printed }
        #expect(session.run(".limit 0") == .success)
        #expect(session.run("*") == .success)
        let shown = output.output.components(separatedBy: "Utterance ").count - 1
        #expect(shown > 0 && shown < all, "\(shown) of \(all) shown")
        #expect(output.errors.contains("cancelled"))
    }

    /// `speaker:Rákosi OR army | kwic` shows the word's matches; Rákosi's utterances without it have none
    /// to show, and a note says how many, counted here from the text.
    @Test func kwicSaysWhatAFieldMatchedWithoutWords() {
        let silent = Self.reference.utterances.filter { u in
            u.speaker.map { Self.reference.speakers[$0].name == "Rákosi" } == true && u.text.range(of: #"\barmy\b"#, options: [.regularExpression, .caseInsensitive]) == nil
        }.count
        let (_, output) = run(["speaker:Rákosi OR army | kwic"])
        #expect(silent > 0 && output.errors.contains("note: \(silent) of the "), "\(output.errors)")
        #expect(!run(["army | kwic"]).1.errors.contains("no search word"))
    }

    @Test func countBySpeakerInCSV() {
        let (_, output) = run(["* | count by speaker"], format: .csv)
        let lines = output.output.split(separator: "\n")
        #expect(lines.first == "speaker,utterances,share,turns,words,hits,rate,query")
        #expect(lines.dropFirst().first?.hasPrefix("Beria,22,0.3056,") == true)
        #expect(output.output.hasSuffix("\n"))
        #expect(!output.output.contains("\r"))
    }

    @Test func showInJSON() throws {
        let (_, output) = run(["kind:interjection"], format: .json)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(output.output.utf8)) as? [[String: Any]])
        #expect(array.map { $0["speaker"] as? String } == ["Beria", "Molotov", "Rákosi"])
        #expect(array.map { $0["text"] as? String } == text.interjections)
        #expect(array.allSatisfy { Set($0.keys) == ["doc", "turn", "speaker", "kind", "text", "line", "title", "date", "time", "label", "page"] })
        #expect(output.output.hasPrefix("[{\"doc\": "))
    }

    @Test func queryErrorsPointAtThePlaceAndStopWith65() {
        let (status, output) = run(["speaker:Beria OR"])
        #expect(status == .queryError)
        #expect(output.errors == "error: expected a search term after 'OR'\n  | speaker:Beria OR\n  |               ^^\n")
        let (unknown, out2) = run(["speakr:Beria"])
        #expect(unknown == .queryError)
        #expect(out2.errors.hasPrefix("error: unknown field 'speakr'; did you mean 'speaker'?"))
        let (stage, out3) = run(["army | cuont"])
        #expect(stage == .queryError)
        #expect(out3.errors.contains("did you mean 'count'?"))
    }

    @Test func unknownSpeakerAndTopicAreNotesAndTheQueryRuns() throws {
        let (status, output) = run(["speaker:Berija | count"])
        #expect(status == .success)
        #expect(output.errors.hasPrefix("note: no speaker 'Berija'; did you mean 'Beria'?"))
        let (status2, output2) = run(["topic:peasants | count"], format: .json)
        #expect(status2 == .success)
        #expect(output2.errors.hasPrefix("note: no topic 'peasants'; searching the word itself"))
        #expect(try count("topic:peasants") == count("peasants"))
    }

    @Test func aWildcardInsideQuotesGetsANote() {
        let (status, output) = run(["\"Stalin mistak*\"~8 | count"])
        #expect(status == .success)
        #expect(output.errors.hasPrefix("note: inside quotes '*' and '~' are not wildcards"))
    }

    @Test func topicsAndNamedQueries() throws {
        #expect(try count("topic:army") > 0)
        #expect(try count("topic:agriculture") >= count("peasantry"))
        #expect(try count("topic:ÁVH") == count("topic:avh"))
        #expect(try count("@purge", setup: [".define purge = army purg*"]) == count("army purg*"))
        #expect(try count("topic:security", setup: [".topic security = ÁVH OR arrest*"]) == count("ÁVH OR arrest*"))
        // A definition that refers to itself is an error, not a hang.
        let (status, output) = run([".define loop = army OR @loop"])
        #expect(status == .queryError)
        #expect(output.errors.contains("refers to itself"))
        let (status2, _) = run([".define a = @b", ".define b = @a"])
        #expect(status2 == .queryError)
        // Through a topic, with the name written in another case and without its accent.
        let (status3, output3) = run([".topic Sécurité = arrest* OR @guard", ".define guard = army OR topic:SECURITE"])
        #expect(status3 == .queryError)
        #expect(output3.errors.contains("refers to itself"), "\(output3.errors)")
    }

    @Test func explainShowsGroupingAndCounts() throws {
        let (status, output) = run([".explain speaker:Beria topic:ÁVH OR \"collective leadership\""])
        #expect(status == .success)
        #expect(output.output.hasPrefix("query: ((speaker:Beria AND topic:ÁVH) OR \"collective leadership\")\n"))
        let beria = try count("speaker:Beria")
        #expect(output.output.split(separator: "\n").contains { $0.hasPrefix("      speaker:Beria") && $0.hasSuffix(" \(beria)") })
    }

    @Test func dotCommandPrefixesAndMistakes() {
        #expect(run([".wi turn"]).0 == .success)
        let (ambiguous, output) = run([".t"])
        #expect(ambiguous == .queryError)
        #expect(output.errors == "error: '.t' could be '.tables', '.timer', '.topic', '.topics'; type more of the name\n")
        let (unknown, output2) = run([".explian army"])
        #expect(unknown == .queryError)
        #expect(output2.errors == "error: unknown command '.explian'; did you mean '.explain'?\n")
        // Nothing near it: the way to the list of commands.
        #expect(run([".zzzz"]).1.errors == "error: unknown command '.zzzz'; '.help' lists the commands\n")
    }

    @Test func stagesLimitSortWordsKwic() throws {
        let (_, limited) = run(["army | limit 2"], format: .json)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(limited.output.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        let (_, sorted) = run(["* | sort by speaker | limit 1"], format: .json)
        #expect(sorted.output.contains("\"speaker\": \"Beria\""))
        let (_, words) = run(["speaker:Bulganin | words 3"], format: .csv)
        #expect(words.output.hasPrefix("word,count,query\narmy,"))
        let (_, kwic) = run(["\"collective leadership\" | kwic 20"])
        #expect(kwic.output.split(separator: "\n").count == text.occurrences(of: #"(?i)collective leadership"#))
        #expect(kwic.output.contains("⟦collective leadership⟧"))
    }

    /// A word said again and again is a hit each time, in `kwic` lines and in the `hits` column, as a
    /// word with other words between: stammered speech is not undercounted.
    @Test func aRepeatedWordIsAHitEachTime() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("repeat.txt", "Mr. A: We embrace embrace embrace it.\n\nMr. B: We embrace it, embrace it.\n")
        let output = BufferOutput()
        let session = Session(documents: Loader().load([path]).documents, output: output, format: .csv)
        #expect(session.run("embrace | count by speaker") == .success)
        #expect(output.output.contains("\nA,1,0.5000,1,5,3,") && output.output.contains("\nB,1,0.5000,1,5,2,"), "\(output.output)")
        let kwic = BufferOutput()
        #expect(Session(documents: Loader().load([path]).documents, output: kwic).run("embrace | kwic 20") == .success)
        #expect(kwic.output.split(separator: "\n").count == 5 && !kwic.output.contains("embrace embrace⟧"))
        // A phrase's words are one hit, and overlapping matches are one.
        let phrase = BufferOutput()
        #expect(Session(documents: Loader().load([path]).documents, output: phrase, format: .csv).run("\"embrace it\" OR it | count by speaker") == .success)
        #expect(phrase.output.contains("\nA,1,0.5000,1,5,1,") && phrase.output.contains("\nB,1,0.5000,1,5,2,"), "\(phrase.output)")
    }

    /// `kwic WIDTH` shows up to WIDTH characters either side, in whole words: each context is a run of
    /// words of the paragraph that stands right next to the match, and no word is cut.
    @Test func kwicContextsAreWholeWords() throws {
        let (_, csv) = run(["army | kwic 25"], format: .csv)
        let rows = csv.output.split(separator: "\n").dropFirst().map(String.init)
        #expect(rows.count > 10)
        let words = Set(text.paragraphs.flatMap { $0.text.split(separator: " ").map(String.init) })
        for row in rows {
            // doc,line,speaker,left,match,right,turn,time: the contexts hold no comma-quoted fields here.
            let fields = row.components(separatedBy: ",")
            guard fields.count == 8 else { continue }
            for context in [fields[3], fields[5]] {
                #expect(context.count <= 25, "\(row)")
                for word in context.split(separator: " ") {
                    // The match's own punctuation (`army.`) stands next to it.
                    #expect(words.contains(String(word)) || word.contains("(…)") || word.allSatisfy(\.isPunctuation),
                            "'\(word)' is cut: \(row)")
                }
            }
        }
    }
}

/// The reference document's body as paragraphs, counted with regular expressions over the file.
struct ReferenceText {
    /// Each body paragraph without its label and interjections, with the speaker whose turn it is in.
    let paragraphs: [(speaker: String, turn: Int, text: String)]
    let interjections: [String]
    /// Who makes each interjection, as the file names them.
    let interjectionSpeakers: [String]
    /// The turn each interjection interrupts.
    let interjectionTurns: [Int]

    init() {
        let body = EmbeddedReference.text.components(separatedBy: "Document Information")[0]
        let lines = body.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.dropFirst(4)
        var speaker = ""
        var turn = 0
        var paragraphs: [(String, Int, String)] = []
        var interjections: [String] = []
        var interjectionTurns: [Int] = []
        var interjectionSpeakers: [String] = []
        let label = try! NSRegularExpression(pattern: #"^(?:Cde\.|Comrade) (\w+): "#)
        let interjection = try! NSRegularExpression(pattern: #"\((?:Cde\. |Comrade )?(\w+): ([^()]*)\)"#)
        for line in lines {
            var text = line
            let ns = text as NSString
            if let m = label.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
                speaker = ns.substring(with: m.range(at: 1))
                turn += 1
                text = ns.substring(from: m.range.upperBound)
            }
            let ns2 = text as NSString
            for m in interjection.matches(in: text, range: NSRange(location: 0, length: ns2.length)) {
                interjectionSpeakers.append(ns2.substring(with: m.range(at: 1)))
                interjections.append(ns2.substring(with: m.range(at: 2)))
                interjectionTurns.append(turn)
            }
            text = interjection.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: ns2.length), withTemplate: "")
            paragraphs.append((speaker, turn, text))
        }
        self.paragraphs = paragraphs
        self.interjections = interjections
        self.interjectionTurns = interjectionTurns
        self.interjectionSpeakers = interjectionSpeakers
    }

    func paragraphs(matching pattern: String) -> Int {
        paragraphs.filter { $0.text.range(of: pattern, options: .regularExpression) != nil }.count
    }

    func paragraphs(by speaker: String) -> [String] { paragraphs.filter { $0.speaker == speaker }.map(\.text) }

    func paragraphs(inTurns turns: ClosedRange<Int>) -> Int {
        paragraphs.filter { turns.contains($0.turn) }.count + interjectionTurns.filter { turns.contains($0) }.count
    }

    /// Turns whose paragraphs (and interjections) together match every pattern.
    func turns(containingAll patterns: [String]) -> Int {
        Dictionary(grouping: paragraphs, by: \.turn).values.filter { group in
            let text = group.map(\.text).joined(separator: " ")
            return patterns.allSatisfy { text.range(of: $0, options: .regularExpression) != nil }
        }.count
    }

    func occurrences(of pattern: String) -> Int {
        paragraphs.reduce(0) { total, p in
            total + ((try? NSRegularExpression(pattern: pattern))?.numberOfMatches(in: p.text, range: NSRange(location: 0, length: (p.text as NSString).length)) ?? 0)
        }
    }
}
