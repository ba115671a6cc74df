import Foundation
import Testing
import QueryLanguage
import ShellCore
import TranscriptFormats

/// Scripts, the shell's dot-commands and completion, in-process.
@Suite struct ScriptTests {
    static let reference = Loader.embeddedReference()

    func session(_ output: BufferOutput = BufferOutput()) -> Session {
        Session(documents: [Self.reference], output: output)
    }

    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "parley-scripts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/inner", withIntermediateDirectories: true)
        return path
    }

    @Test func scriptStopsAtFirstErrorWithItsPosition() {
        let output = BufferOutput()
        let status = session(output).runScript("""
            # a comment
            * | count

            speaker:Beria OR
            army | count
            """, name: "questions.parley")
        #expect(status == .queryError)
        #expect(output.output == "72 utterances, 23 turns with a hit, 1 document\n")
        #expect(output.errors == "questions.parley:4:15: error: expected a search term after 'OR'\n  | speaker:Beria OR\n  |               ^^\n")
    }

    /// A query inside a command, or indented, is placed by its column in the script's line.
    @Test(arguments: [
        (".topic t = army OR", "s.parley:1:17: error: expected a search term after 'OR'"),
        (".define x = speakr:Beria", "s.parley:1:13: error: unknown field 'speakr'; did you mean 'speaker'?"),
        ("   army OR", "s.parley:1:9: error: expected a search term after 'OR'"),
        (".explain (army\n  OR)", "s.parley:2:3: error: expected a search term after 'OR'"),
        (".topic t = army OR   ", "s.parley:1:17: error: expected a search term after 'OR'"),
    ])
    func queriesInsideStatementsArePlacedInTheLine(script: String, first: String) {
        let output = BufferOutput()
        #expect(session(output).runScript(script, name: "s.parley") == .queryError)
        #expect(output.errors.split(separator: "\n").first.map(String.init) == first)
    }

    @Test func statementsContinueWhileParenthesesOrQuotesAreOpen() {
        #expect(Statements.isOpen("„collective") && !Statements.isOpen("„collective leadership“"))
        let statements = Statements.split("army (leadership OR\n  purg*)\n\"collective\nleadership\" | count\n# done\n.docs")
        #expect(statements.map(\.line) == [1, 3, 6])
        #expect(statements[0].text == "army (leadership OR\n  purg*)")
        let output = BufferOutput()
        #expect(session(output).runScript("speaker:Beria (army OR\n  purg*) | count", name: "s") == .success)
        let oneLine = BufferOutput()
        session(oneLine).run("speaker:Beria (army OR purg*) | count")
        #expect(output.output == oneLine.output)
    }

    @Test func commandErrorsAndExpectations() {
        let output = BufferOutput()
        #expect(session(output).runScript("army | count\n.expect 9\n.exepct 9", name: "s.parley") == .queryError)
        #expect(output.errors == "s.parley:3:1: error: unknown command '.exepct'; did you mean '.expect'?\n")
        let failed = BufferOutput()
        #expect(session(failed).runScript("army | count\n.expect 3\n* | count", name: "s.parley") == .expectationFailed)
        #expect(failed.errors == "s.parley:2:1: error: expected 3 utterances, but the last query matched 9\n")
        #expect(!failed.output.contains("72"))
    }

    @Test func readNestsScriptsRelativeToTheReadingScript() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ".within turn\narmy leadership | count\n.within utterance\n".write(toFile: root + "/inner/a.parley", atomically: true, encoding: .utf8)
        try "kind:interjection | count\nspeakr:x\n".write(toFile: root + "/inner/b.parley", atomically: true, encoding: .utf8)
        try ".read inner/a.parley\n* | count\n.read inner/b.parley\narmy\n".write(toFile: root + "/main.parley", atomically: true, encoding: .utf8)
        let output = BufferOutput()
        let s = session(output)
        #expect(s.runScript(try String(contentsOfFile: root + "/main.parley", encoding: .utf8), name: root + "/main.parley", folder: root) == .queryError)
        // The same statements typed one by one give the same output, up to the error.
        let typed = BufferOutput()
        let direct = session(typed)
        for line in [".within turn", "army leadership | count", ".within utterance", "* | count", "kind:interjection | count"] { direct.run(line) }
        #expect(output.output == typed.output)
        #expect(output.errors.hasPrefix("\(root)/inner/b.parley:2:1: error: unknown field 'speakr'; did you mean 'speaker'?"))
    }

    /// A results file or a transcript given to `.read` is refused before a line of it runs, in one error;
    /// a `.txt` file stops on its first line that is no query, with a note that `.load` searches a
    /// transcript; a `.parley` script (or one with no extension) gets none.
    @Test func readOfAFileNamedAsDataSaysLoadIsForTranscripts() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["table.csv", "table.parley", "table.txt"] {
            try "speaker,utterances\nBeria,8\n".write(toFile: root + "/" + name, atomically: false, encoding: .utf8)
        }
        let table = BufferOutput()
        #expect(session(table).runScript(".read table.csv", name: "s.parley", folder: root) == .queryError)
        #expect(table.errors == "s.parley:1:1: error: '\(root)/table.csv' is a .csv file, not a script: '.read' and '-f' run a query or "
                + "command a line; '.load \(root)/table.csv' (or 'parley \(root)/table.csv') searches a transcript\n")
        let output = BufferOutput()
        #expect(session(output).runScript(".read table.txt", name: "s.parley", folder: root) == .queryError)
        #expect(output.errors.hasPrefix("\(root)/table.txt:1:8: error: unexpected character ','"))
        #expect(output.errors.hasSuffix("note: '.read' and '-f' run a file as a script, a query or command a line; if "
                                        + "'\(root)/table.txt' is a transcript, '.load \(root)/table.txt' (or 'parley \(root)/table.txt') searches it\n"))
        #expect(output.errors.components(separatedBy: "note:").count == 2)
        for name in ["table.parley", "s"] {
            let script = BufferOutput()
            let text = try String(contentsOfFile: root + "/table.parley", encoding: .utf8)
            #expect(session(script).runScript(text, name: name) == .queryError)
            #expect(!script.errors.contains("note:"), "\(name)")
        }
    }

    @Test func readOfAMissingScriptAndOfItself() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = BufferOutput()
        #expect(session(output).runScript(".read nowhere.parley", name: "s", folder: root) == .queryError)
        #expect(output.errors == "s:1:1: error: cannot read script '\(root)/nowhere.parley': no such file\n")
        try ".read self.parley\n".write(toFile: root + "/self.parley", atomically: true, encoding: .utf8)
        let loop = BufferOutput()
        #expect(session(loop).runScript(".read self.parley", name: "s", folder: root) == .queryError)
        #expect(loop.errors.contains("scripts read each other too deeply"))
    }

    @Test func loadGoesOnAfterAMissingPath() throws {
        let output = BufferOutput()
        let s = session(output)
        #expect(s.runScript(".load /nonexistent/x.txt\n* | count", name: "s") == .success)
        #expect(s.inputFailed)
        #expect(output.errors.hasPrefix("s:1:1: error: /nonexistent/x.txt: no such file or directory\n"))
        #expect(output.output == "72 utterances, 23 turns with a hit, 1 document\n")
    }

    @Test func exportWritesJSONLinesThatLoadBackEqual() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = BufferOutput()
        #expect(session(output).runScript(".export corpus.jsonl", name: "s", folder: root) == .success)
        #expect(output.errors == "s:1:1: note: wrote 1 document, 72 utterances to '\(root)/corpus.jsonl'\n")
        let loaded = Loader().load([root + "/corpus.jsonl"])
        #expect(loaded.messages.isEmpty)
        #expect(loaded.documents == [Self.reference])
        // It is written beside the file and put in its place at the end: nothing else is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["corpus.jsonl", "inner"])
        // Written again over it; and a folder is refused before anything is written.
        #expect(session(output).runScript(".export corpus.jsonl", name: "s", folder: root) == .success)
        #expect(try String(contentsOfFile: root + "/corpus.jsonl", encoding: .utf8) == JSONLinesWriter.write([Self.reference]))
        let refused = BufferOutput()
        #expect(session(refused).runScript(".export \(root)", name: "s", folder: root) == .queryError)
        #expect(refused.errors == "s:1:1: error: cannot write to '\(root)': it is a folder\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["corpus.jsonl", "inner"])
    }

    @Test func quitStopsAScriptWithoutError() {
        let output = BufferOutput()
        #expect(session(output).runScript("* | count\n.quit\narmy | count", name: "s") == .success)
        #expect(output.output == "72 utterances, 23 turns with a hit, 1 document\n")
    }

    @Test func outputModeAndLimit() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = BufferOutput()
        let s = session(output)
        #expect(s.runScript(".mode csv\n.output \(root)/counts.csv\n* | count by kind\n.output\n.limit 2\n.mode text\narmy", name: "s") == .success)
        let lines = try String(contentsOfFile: root + "/counts.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3 && lines[0] == "kind,utterances,share,turns,words,hits,rate,query")
        #expect(lines.count == 3 && lines[1].hasPrefix("speech,69,0.9583,") && lines[2].hasPrefix("interjection,3,0.0417,"))
        // Results that are not on a terminal take no "more" line; the note says what was cut.
        #expect(output.errors.hasSuffix("note: 7 more not shown; .limit 0 shows them all\n"))
        #expect(output.output.components(separatedBy: "\n[").count == 2)
    }

    @Test func helpListsEveryCommandAndTopic() {
        let output = BufferOutput()
        let s = session(output)
        #expect(s.run(".help") == .success)
        for command in Commands.all { #expect(output.output.contains(".\(command.name) "), "\(command.name)") }
        #expect(s.run(".help fields") == .success)
        for field in QueryVocabulary.fields { #expect(output.output.contains("\(field.name):"), "\(field.name)") }
        for field in QueryVocabulary.queryFields {
            #expect(output.output.contains(field.syntax), "\(field.name)")
            #expect(!parseQuery(field.example).hasErrors, "\(field.example)")
        }
        #expect(s.run(".help near") == .success)
        #expect(output.output.contains("near:(QUERY)~L,R WORD  (field) "))
        #expect(s.run(".help expl") == .success)
        #expect(output.output.contains(".explain QUERY\n"))
        #expect(s.run(".help nonsense") == .queryError)
        #expect(output.errors == "error: no command, field, stage or topic 'nonsense'; '.help' lists them\n")
    }

    @Test func completionOffersWhatMayStandThere() {
        let s = session()
        func complete(_ line: String) -> [String] {
            let word = String(line.reversed().prefix { $0 != " " && $0 != "(" }.reversed())
            return StatementCompletion.candidates(line: line, word: word, session: s)
        }
        #expect(complete(".sp") == [".speakers"])
        #expect(complete(".t") == [".tables", ".timer", ".topic", ".topics"])
        #expect(complete(".within t") == ["turn"])
        #expect(complete(".mode c") == ["csv"])
        #expect(complete(".help st") == ["stages", "stopwords"])
        #expect(complete("speaker:Rá") == ["speaker:Rákosi"])
        #expect(complete("speaker:ra") == ["speaker:Rákosi"])
        #expect(complete("army -speaker:Be") == ["-speaker:Beria"])
        #expect(complete("army | co") == ["count", "collocates"])
        #expect(complete("army | count by sp") == ["speaker"])
        #expect(complete("army | count by speaker, t") == ["time", "turn"])
        #expect(complete("army | collocates by l") == ["ll", "logdice"])
        #expect(complete("army | count by speaker | sort by r") == ["rate", "role"])
        #expect(complete("topic:ag") == ["topic:agriculture"])
        #expect(complete("kind:in") == ["kind:interjection"])
        #expect(complete("spe") == ["speaker:"])
        #expect(complete("army (men") == ["mentions:"])
        #expect(complete("ne") == ["next:", "near:"])
        #expect(complete("wr") == ["written:"])
        #expect(complete("army aft") == ["after:"])
        // After a stage's name, its own words, not fields; inside `vs (...)`, a query's.
        #expect(complete("army | count b") == ["by"])
        #expect(complete("army | collocates w") == ["window"])
        #expect(complete("army | cite b") == ["bibtex"])
        #expect(complete("army | keywords vs (spe") == ["speaker:"])
    }
}

@Suite struct WrapTests {
    @Test func showWrapsAtSpacesToTheWidth() {
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output)
        session.width = 40
        session.run("\"collective leadership\"")
        let lines = output.output.split(separator: "\n").dropFirst()
        #expect(lines.count > 3)
        #expect(lines.allSatisfy { $0.count <= 40 })
        // Nothing lost: the text is the utterance's, with line breaks for spaces.
        let unwrapped = BufferOutput()
        let plain = Session(documents: [Loader.embeddedReference()], output: unwrapped)
        plain.run("\"collective leadership\"")
        #expect(output.output.replacingOccurrences(of: "\n", with: " ") == unwrapped.output.replacingOccurrences(of: "\n", with: " "))
    }
}
