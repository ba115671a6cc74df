import Foundation
import Testing
import QueryEngine
@testable import ShellCore
import TestSupport
import TranscriptFormats
import TranscriptModel

/// Defects a review of the shell found: scripts with Windows line ends, BibTeX escaping, quoted
/// arguments of dot-commands, exit statuses on a closed pipe, and the teaching sessions' comments.
@Suite struct ShellReviewTests {
    static let reference = Loader.embeddedReference()

    func session(_ output: BufferOutput = BufferOutput()) -> Session {
        Session(documents: [Self.reference], output: output)
    }

    // MARK: Line ends

    @Test func linesEndAtLineFeedCarriageReturnAndBoth() {
        #expect("a\nb\r\nc\rd".lines == ["a", "b", "c", "d"])
        #expect("a\r\n".lines == ["a", ""])
        #expect("a\r\r\nb".lines == ["a", "", "b"])
        #expect("".lines == [""])
        #expect("Rákosi\r\nÁVH".lines == ["Rákosi", "ÁVH"])
    }

    /// A script saved on Windows runs as the same script with `\n` line ends, and its errors name the
    /// same lines and columns.
    @Test(arguments: ["\r\n", "\r"])
    func scriptsWithOtherLineEndsRunAsWithLineFeeds(end: String) {
        let script = "# questions\narmy | count\n\nStalin | count\n(army OR\n  bogus:x)\n"
        let unix = BufferOutput()
        #expect(session(unix).runScript(script, name: "s.parley") == .queryError)
        let other = BufferOutput()
        #expect(session(other).runScript(script.replacingOccurrences(of: "\n", with: end), name: "s.parley") == .queryError)
        #expect(other.output == "9 utterances, 8 turns with a hit, 1 document\n6 utterances, 6 turns with a hit, 1 document\n")
        #expect(other.output == unix.output)
        #expect(other.errors.hasPrefix("s.parley:6:3: error: unknown field 'bogus'"))
        #expect(other.errors == unix.errors)
        #expect(Statements.split("a\r\n(b OR\r\n c)\r\nd").map(\.line) == [1, 2, 4])
        #expect(Statements.split("a\r\n(b OR\r\n c)\r\nd")[1].text == "(b OR\n c)")
    }

    @Test func readRunsAScriptWithWindowsLineEnds() throws {
        let folder = try TemporaryFolder()
        try folder.write("w.parley", "army | count\r\n.expect 9\r\nStalin | count\r\n.expect 6\r\n")
        let output = BufferOutput()
        #expect(session(output).runScript(".read w.parley", name: folder.file("main.parley"), folder: folder.path) == .success)
        #expect(output.errors == "")
        #expect(output.output == "9 utterances, 8 turns with a hit, 1 document\n6 utterances, 6 turns with a hit, 1 document\n")
    }

    @Test func exampleSessionsWithWindowsLineEndsReplay() {
        let text = "# Counting\r\nparley> army | count\r\n9 utterances, 8 turns with a hit, 1 document\r\n\r\n# More\r\nparley> Stalin | count\r\n6 utterances, 6 turns with a hit, 1 document\r\n"
        let example = ExampleSession(parsing: text)
        #expect(example.steps.map(\.input) == ["army | count", "Stalin | count"])
        #expect(example.steps.map(\.line) == [2, 6])
        #expect(example.steps[0].comments == ["# Counting"])
        #expect(example.play(folder: nil) == example.steps.map(\.expected))
    }

    @Test func stopListsWithWindowsLineEnds() {
        #expect(StopLists.words("# mine\r\nthe\r\nÁVH\r\n") == ["the", "avh"])
    }

    // MARK: Citations

    /// A title with every character LaTeX treats specially comes out of `cite bibtex` as typed.
    @Test func bibtexEscapesWhatLaTeXReadsAsCommands() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("fixture.txt", "R&D at 50% for $5: #1 a_b {x} ~y ^z \\w\n\nThe army was here, and the army went.\n")
        let output = BufferOutput()
        let session = Session(documents: Loader().load([path]).documents, output: output)
        #expect(session.run("army | limit 1 | cite bibtex") == .success)
        let lines = output.output.split(separator: "\n")
        #expect(lines.contains(##"  title = {R\&D at 50\% for \$5: \#1 a\_b \{x\} \~{}y \^{}z \textbackslash{}w},"##))
        // BibTeX counts every brace, `\{` too, to find where a field ends.
        var depth = 0
        for character in output.output {
            if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
            #expect(depth >= 0)
        }
        #expect(depth == 0)
    }

    @Test func bibtexKeepsBracesBalancedWhenTheTextDoesNot() {
        #expect(Citation.latex("a } b { c {d}") == #"a \textbraceright{} b \textbraceleft{} c \{d\}"#)
        #expect(Citation.latex("100% ~ 5_000") == #"100\% \~{} 5\_000"#)
    }

    /// The reference document's two translators are two CSL-JSON names, not one.
    @Test func cslJSONGivesEachTranslatorAnEntry() {
        let output = BufferOutput()
        #expect(session(output).run("army | limit 1 | cite csl-json") == .success)
        #expect(output.output.contains(#""translator": [{"literal": "Mónika Borbély"}, {"literal": "Csaba Békés"}]"#))
        #expect(Citation.names("A. Smith, B. Jones & C. Brown") == ["A. Smith", "B. Jones", "C. Brown"])
        #expect(Citation.names("Borbély, Mónika") == ["Borbély, Mónika"])
        #expect(Citation.names("Smith; Jones") == ["Smith", "Jones"])
    }

    // MARK: Quoted arguments

    /// `.export`, `.output`, `.read` and `.record` read a quoted file name as `.open` and `.load` do:
    /// without its quotes, and with its spaces.
    @Test func quotedFileNamesLoseTheirQuotes() throws {
        let folder = try TemporaryFolder()
        try folder.folder("dir with space")
        try folder.write("dir with space/s.parley", "army | count\n")
        let output = BufferOutput()
        let status = session(output).runScript("""
            .export "q.jsonl"
            .output "q.txt"
            army | count
            .output "dir with space/o.txt"
            Stalin | count
            .output
            .record "dir with space/r.parley"
            .read "dir with space/s.parley"
            .record off
            """, name: folder.file("main.parley"), folder: folder.path)
        #expect(status == .success)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["dir with space", "q.jsonl", "q.txt"])
        #expect(try String(contentsOfFile: folder.file("q.txt"), encoding: .utf8) == "9 utterances, 8 turns with a hit, 1 document\n")
        #expect(try String(contentsOfFile: folder.file("dir with space/o.txt"), encoding: .utf8) == "6 utterances, 6 turns with a hit, 1 document\n")
        #expect(FileManager.default.fileExists(atPath: folder.file("dir with space/r.parley")))
        #expect(output.output == "9 utterances, 8 turns with a hit, 1 document\n")
    }

    /// A command that takes one file refuses several words rather than write, or read, a file named by
    /// the first of them or by all of them with their spaces.
    @Test(arguments: ["export", "output", "read", "record"])
    func oneFileCommandsRefuseSeveralWords(command: String) throws {
        let folder = try TemporaryFolder()
        let output = BufferOutput()
        #expect(session(output).runScript(".\(command) my file.txt", name: "s", folder: folder.path) == .queryError)
        #expect(output.errors == "s:1:1: error: '.\(command)' takes one file (in double quotes when its name holds a space), not 'my file.txt'\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A name is the same quoted or not: `.speakers`, `.doc`, `.check`, `.alias`.
    @Test func quotedNamesAreTheNamesWithoutQuotes() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("two names.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Rosa Maria>The army is here.\n\n00:00:04.000 --> 00:00:06.000\n<v John Smith>Yes, the army.\n")
        let documents = Loader().load([path]).documents
        func run(_ statement: String) -> BufferOutput {
            let output = BufferOutput()
            let session = Session(documents: documents, output: output)
            #expect(session.run(statement) == .success)
            return output
        }
        let quoted = run(#".speakers "Rosa Maria""#)
        #expect(quoted.errors == "")
        #expect(quoted.output.contains("Rosa Maria") && !quoted.output.contains("John Smith"))
        #expect(quoted.output == run(".speakers Rosa Maria").output)
        #expect(run(#".doc "two names""#).output == run(".doc two names").output)
        #expect(run(#".check "two names""#).output.contains("Rosa Maria"))
        let output = BufferOutput()
        let session = Session(documents: documents, output: output)
        #expect(session.run(#".alias "The Chair" = "Rosa Maria""#) == .success)
        #expect(session.run(".alias") == .success)
        #expect(output.output == "The Chair = Rosa Maria\n")
    }

    // MARK: A closed pipe

    /// The `parley` binary SwiftPM built beside this test bundle.
    static let binary: String = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("parley").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("parley").path
    }()

    /// Runs the binary with standard output (or standard error) a pipe whose reader is gone before it
    /// writes, as `head` leaves it; returns the status and what reached the stream still open.
    func runWithClosedPipe(_ arguments: [String], closing stream: Int32) throws -> (status: Int32, open: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let folder = try TemporaryFolder()
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "PARLEYRC": "", "NO_COLOR": "1",
                               "XDG_CACHE_HOME": folder.path]
        let closed = Pipe(), open = Pipe()
        try closed.fileHandleForReading.close()
        process.standardOutput = stream == 1 ? closed : open
        process.standardError = stream == 1 ? open : closed
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try closed.fileHandleForWriting.close()
        try open.fileHandleForWriting.close()
        let text = String(decoding: open.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// A failed check whose message meets a closed pipe still fails the run (it exited 0).
    @Test func aFailureMeetingAClosedPipeStaysAFailure() throws {
        let run = try runWithClosedPipe(["-c", "army | count", "-c", ".expect 10"], closing: 2)
        #expect(run.status == 1)
        #expect(run.open == "9 utterances, 8 turns with a hit, 1 document\n")
    }

    /// `--export /dev/stdout | head` and `.output /dev/stdout`: the reader has what it wanted, so no
    /// error is written and the run succeeds, as it had so far.
    @Test(arguments: [["--export", "/dev/stdout"], ["-c", ".output /dev/stdout", "-c", "* | show"]])
    func writingToAClosedPipeIsNoError(arguments: [String]) throws {
        let run = try runWithClosedPipe(arguments, closing: 1)
        #expect(run.open == "")
        #expect(run.status == 0)
    }

    /// Once results have nowhere to go, the run stops after the statement, with the status it had.
    @Test func aRunStopsOnceItsReaderIsGone() throws {
        let run = try runWithClosedPipe(["-c", "army", "-c", "speakr:x"], closing: 1)
        #expect(run.status == 0)
        #expect(run.open == "")
        let failed = try runWithClosedPipe(["-c", "speakr:x", "-c", "army"], closing: 1)
        #expect(failed.status == 65)
        #expect(failed.open.hasPrefix("error: unknown field 'speakr'"))
    }

    /// `parley --export /dev/stdout > corpus.jsonl` fills the shell's file, as it does through a pipe. (The
    /// test names `/dev/fd/1`, the same stream, so that a regression fails here rather than put a file in
    /// place of the machine's `/dev/stdout` link.)
    @Test func exportToStandardOutputThatIsAFile() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("corpus.jsonl")
        #expect(FileManager.default.createFile(atPath: target, contents: nil))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--export", "/dev/fd/1"]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "PARLEYRC": "", "XDG_CACHE_HOME": folder.path]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = try String(contentsOfFile: target, encoding: .utf8)
        #expect(text.hasPrefix(#"{"type":"document","parley":1,"id":"1953-06-13-kremlin-hungarian-delegation""#))
    }

    // MARK: Teaching sessions

    /// A session's comments name the marks its output shows: Parley marks matches with ⟦ ⟧, so a comment
    /// that says `[ ]` (or shows `[[sic]]`) teaches a class to look for what is not there.
    @Test func sessionCommentsNameTheMatchMarksTheOutputShows() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/sessions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".session") }
        #expect(!names.isEmpty)
        for name in names {
            let session = ExampleSession(parsing: try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
            let output = session.steps.flatMap(\.expected).joined(separator: "\n")
            for step in session.steps {
                for comment in step.comments {
                    #expect(!comment.contains("[ ]") && !comment.contains("[[sic]]"), "\(name): \(comment)")
                    if comment.contains("⟦ ⟧") { #expect(output.contains("⟦"), "\(name): \(comment)") }
                    if let shown = comment.range(of: #"\[⟦\w+⟧\]"#, options: .regularExpression) {
                        #expect(output.contains(comment[shown]), "\(name): \(comment)")
                    }
                }
            }
        }
    }

    // MARK: Ctrl-D at the continuation prompt

    /// Ctrl-D at `   ...>` ends the half-typed statement where it stands, which then says what is still
    /// open, rather than leave the shell and lose it; at `parley> ` there is nothing to end, and it leaves.
    @Test func endOfInputEndsAHalfTypedStatement() {
        var typed = TypedStatement()
        #expect(typed.add("(army OR") == nil)
        #expect(typed.isContinuing)
        #expect(typed.add("Stalin") == nil)
        let statement = typed.end()
        #expect(statement == "(army OR\nStalin")
        #expect(!typed.isContinuing)
        #expect(typed.end() == nil)
        let output = BufferOutput()
        #expect(session(output).run(statement ?? "") == .queryError)
        #expect(output.errors.hasPrefix("error: '(' is not closed; add ')'\n  | (army OR\n"))
        // Ctrl-C drops it instead; a complete line is a statement at once.
        #expect(typed.add("\"collective") == nil)
        typed.drop()
        #expect(!typed.isContinuing && typed.end() == nil)
        #expect(typed.add("army | count") == "army | count")
        // The lines of a statement typed over several are joined as a script joins them.
        #expect(typed.add("(army OR") == nil)
        #expect(typed.add("  Stalin) | count") == Statements.split("(army OR\n  Stalin) | count").first?.text)
    }

    // MARK: Listings in JSON

    /// `.docs`, `.speakers` and `.stopwords` give their counts as JSON numbers, as every query's table
    /// does, and CSV and Markdown print the same figures as before.
    @Test func listingsGiveCountsAsNumbersInJSON() throws {
        func printed(_ command: String, _ format: OutputFormat) -> String {
            let output = BufferOutput()
            let session = Session(documents: [Self.reference], output: output, format: format)
            #expect(session.run(command) == .success)
            return output.output
        }
        func objects(_ text: String) throws -> [[String: Any]] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        }
        #expect(printed(".docs", .json).contains(#""date": "1953-06-13", "turns": 23, "utterances": 72, "title": "#))
        #expect(printed(".speakers Beria", .json)
            == #"[{"speaker": "Beria", "turns spoken": 6, "utterances": 22, "words spoken": 1396, "documents": 1, "labels": "Cde. Beria; Beria"}]"# + "\n")
        let stopwords = try objects(printed(".stopwords", .json))
        #expect(stopwords.first?["list"] as? String == "en")
        #expect(stopwords.first?["words"] as? Int == StopLists.standard.lists["en"]?.count)
        #expect(stopwords.first?["words"] is NSNumber)
        // Every row of `.speakers`, whatever its counts.
        for row in try objects(printed(".speakers", .json)) {
            for column in ["turns spoken", "utterances", "words spoken", "documents"] { #expect(row[column] is NSNumber) }
        }
        #expect(printed(".speakers Beria", .csv) == "speaker,turns spoken,utterances,words spoken,documents,labels\nBeria,6,22,1396,1,Cde. Beria; Beria\n")
        #expect(printed(".docs", .markdown).contains("| 1953-06-13-kremlin-hungarian-delegation | 1953-06-13 | 23 | 72 | "))
    }

    // MARK: Where a command's error stands in a script

    /// A path `.load` or `.open` cannot read is reported with the script's `FILE:LINE:1:`, as a query's
    /// error and every other command's are; typed at the prompt it has none.
    @Test func loadErrorsInAScriptSayWhere() throws {
        let folder = try TemporaryFolder()
        let transcript = try folder.write("t.txt", "Title\n\nA: The army was here.\n")
        let output = BufferOutput()
        let session = self.session(output)
        let script = "# load\n* | count\n.load /nonexistent/x.txt\n.open \"/nonexistent/y z.txt\"\n.load \(transcript) /nonexistent/w\n"
        #expect(session.runScript(script, name: "s.parley") == .success)
        #expect(session.inputFailed)
        let lines = output.errors.split(separator: "\n")
        #expect(lines.contains("s.parley:3:1: error: /nonexistent/x.txt: no such file or directory"))
        #expect(lines.contains("s.parley:4:1: error: /nonexistent/y z.txt: no such file or directory"))
        #expect(lines.contains("s.parley:4:1: note: nothing was read from '\"/nonexistent/y z.txt\"'; what was loaded stays"))
        #expect(lines.contains("s.parley:5:1: error: /nonexistent/w: no such file or directory"))
        #expect(lines.allSatisfy { $0.hasPrefix("s.parley:") || $0.hasPrefix("loaded ") }, "\(lines)")
        let typed = BufferOutput()
        #expect(self.session(typed).run(".load /nonexistent/x.txt") == .success)
        #expect(typed.errors == "error: /nonexistent/x.txt: no such file or directory\n")
    }

    // MARK: Loads in the shell: Ctrl-C and progress

    /// Counts what reading threads tell it.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: Int] = [:]
        func add(_ key: String, _ n: Int = 1) { lock.withLock { values[key, default: 0] += n } }
        func set(_ key: String, _ n: Int) { lock.withLock { values[key] = n } }
        subscript(_ key: String) -> Int { lock.withLock { values[key] ?? 0 } }
    }

    /// A folder of `count` small transcripts.
    func transcripts(_ count: Int) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for i in 0..<count {
            try folder.write("t\(i).txt", "Meeting \(i)\n\nSMITH: The army was here on day \(i).\n\nJONES: And then it went.\n")
        }
        return folder
    }

    /// Ctrl-C during `.load` or `.open`, before or after some files were read, leaves what was loaded
    /// before as it was, and says so.
    @Test(arguments: [0, 1, 3])
    func controlCStopsALoadAndKeepsWhatWasLoaded(readBeforeStopping: Int) throws {
        let folder = try transcripts(40)
        let counter = Counter()
        let output = BufferOutput()
        let session = self.session(output)
        session.shouldStop = { counter["read"] >= readBeforeStopping }
        session.loadProgress = { { _, _, _ in counter.add("read") } }
        #expect(session.run(".load \(folder.path)") == .success)
        #expect(session.documents.map(\.id) == [Self.reference.id])
        #expect(output.errors.hasSuffix("cancelled: nothing was loaded; the documents loaded before stay\n"), "\(output.errors)")
        #expect(!output.errors.contains("loaded 1"))
        #expect(counter["read"] < 40)
        counter.set("read", 0)
        #expect(session.run(".open \(folder.path)") == .success)
        #expect(session.documents.map(\.id) == [Self.reference.id])
        #expect(output.errors.hasSuffix("cancelled: nothing was loaded; what was loaded before stays\n"))
        #expect(!session.inputFailed)
        // Not stopped, the same commands load every file.
        session.shouldStop = { false }
        #expect(session.run(".load \(folder.path)") == .success)
        #expect(session.documents.count == 41)
        #expect(session.run(".open \(folder.path)") == .success)
        #expect(session.documents.count == 40)
    }

    /// Every `.load` and `.open` of the shell shows progress of its own, from its first file to its last.
    @Test func eachShellLoadHasItsOwnProgress() throws {
        let folder = try transcripts(5)
        let counter = Counter()
        let session = self.session()
        session.loadProgress = {
            counter.add("loads")
            return { done, total, _ in
                counter.add("reports")
                if done == total { counter.add("finished") }
            }
        }
        #expect(session.run(".load \(folder.path)") == .success)
        #expect(session.run(".open \(folder.path)") == .success)
        #expect(session.run(".load \(folder.file("t0.txt"))") == .success)
        #expect(counter["loads"] == 3)
        #expect(counter["reports"] == 11)
        #expect(counter["finished"] == 3)
    }

    // MARK: Completing speakers after commands

    /// TAB after `.who`, `.speakers` and `.alias` completes a speaker's name, as after `speaker:`: folded,
    /// and a name with spaces in quotes, also from inside a quote the user opened.
    @Test func commandsThatTakeASpeakerCompleteOne() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("two names.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Rosa Maria>The army is here.\n\n00:00:04.000 --> 00:00:06.000\n<v John Smith>Yes, the army.\n")
        let s = session()
        #expect(s.run(".load \"\(path)\"") == .success)
        func complete(_ line: String) -> [String] {
            // The word as the line editor gives it: inside a quote left open, from the quote on.
            let open = line.filter { $0 == "\"" }.count % 2 == 1
            let word = open ? String(line[(line.lastIndex(of: "\"") ?? line.startIndex)...]) : String(line.split(separator: " ").last ?? "")
            return StatementCompletion.candidates(line: line, word: word, session: s)
        }
        for command in [".who", ".speakers", ".alias", ".sp"] {
            #expect(complete("\(command) Mal") == ["Malenkov"], "\(command)")
            #expect(complete("\(command) ra") == ["Rákosi"], "\(command)")
            #expect(complete("\(command) Ro") == ["\"Rosa Maria\""], "\(command)")
            #expect(complete("\(command) \"Rosa M") == ["\"Rosa Maria\""], "\(command)")
            #expect(complete("\(command) Qx").isEmpty, "\(command)")
        }
        #expect(complete(".alias The Chair = \"Rosa") == ["\"Rosa Maria\""])
        #expect(complete(".who M").contains("Molotov") && !complete(".who M").contains("speaker:"))
    }

    // MARK: A long query's error on a narrow screen

    /// The error of a query longer than the window shows the part of the line around the mistake, cut to
    /// fit with `…`, so that no line wraps and the carets stand under the mistake.
    @Test(arguments: [40, 80, 120])
    func aLongLinesErrorFitsTheWindowWithTheCaretUnderTheMistake(width: Int) {
        let query = (0..<20).map { "word\($0)" }.joined(separator: " OR ") + " OR speakr:x OR "
            + (0..<10).map { "more\($0)" }.joined(separator: " OR ")
        let output = BufferOutput()
        let session = Session(documents: [Self.reference], output: output, onTerminal: true)
        session.width = width
        #expect(session.run(query) == .queryError)
        let lines = output.errors.split(separator: "\n").map(String.init)
        #expect(lines.first == "error: unknown field 'speakr'; did you mean 'speaker'?")
        try? #require(lines.count == 3, "\(lines)")
        #expect(lines.dropFirst().allSatisfy { $0.count <= width }, "\(lines)")
        let text = lines[1], carets = lines[2]
        #expect(text.hasPrefix("  | …") && text.hasSuffix("…"))
        let underlined = text.dropFirst(carets.prefix { $0 != "^" }.count).prefix(carets.filter { $0 == "^" }.count)
        #expect(underlined == "speakr", "\(lines)")
        // Not on a terminal, the excerpt keeps its usual width.
        let file = BufferOutput()
        let script = Session(documents: [Self.reference], output: file)
        script.width = width
        #expect(script.run(query) == .queryError)
        #expect(file.errors.split(separator: "\n")[1].count == 4 + 1 + 100 + 1)
    }
}
