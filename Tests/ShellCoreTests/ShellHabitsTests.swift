import Foundation
import Testing
import TranscriptFormats
import TranscriptModel
@testable import ShellCore

/// Loading without doubles, `.open` and `.unload`, settings that show their value, help that finds
/// fields and stages, and the habits users bring from sqlite3 and psql.
@Suite struct ShellHabitsTests {
    /// A folder with two small transcripts of our own, a copy of one under another name, and the
    /// reference document's text.
    struct Files {
        let folder = NSTemporaryDirectory() + "parley-habits-" + UUID().uuidString
        var a: String { folder + "/a.txt" }
        var b: String { folder + "/b.txt" }
        var copy: String { folder + "/copy-of-a.txt" }
        var reference: String { folder + "/1953-06-13-kremlin-hungarian-delegation.txt" }

        init() throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "MR. ONE: First words here.\n\nMR. TWO: Second words here.\n".write(toFile: a, atomically: true, encoding: .utf8)
            try "MR. THREE: Other words.\n".write(toFile: b, atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(atPath: a, toPath: copy)
            try EmbeddedReference.text.write(toFile: reference, atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    func session(_ paths: [String] = [], quiet: Bool = false) -> (Session, BufferOutput) {
        let output = BufferOutput()
        var options = RunOptions(paths: paths, environment: [:])
        options.quiet = quiet
        return (Run.start(options, output: output).0, output)
    }

    @Test func aFileAlreadyLoadedIsSkippedWithANote() throws {
        let files = try Files()
        defer { files.remove() }
        let (s, output) = session([files.a, files.a, files.copy, files.b])
        #expect(s.documents.map(\.id) == ["a", "b"])
        #expect(output.errors == """
            note: \(files.a): skipped: already loaded as 'a'
            note: \(files.copy): skipped: the same text as '\(files.a)', already loaded as 'a'

            """)
        #expect(s.run(".load \(files.folder)") == .success)
        #expect(s.documents.map(\.id) == ["a", "b", "1953-06-13-kremlin-hungarian-delegation"])
    }

    /// A `.load` that reads nothing says why, and sums nothing up: it said `loaded 0 documents` and that
    /// the reference document was loaded too.
    @Test func aLoadThatReadsNothingSumsNothingUp() throws {
        let files = try Files()
        defer { files.remove() }
        let (s, output) = session([files.a])
        let table = files.folder + "/answers.csv"
        try "speaker,utterances\nBeria,2\n".write(toFile: table, atomically: true, encoding: .utf8)
        #expect(s.run(".load \(table)") == .success)
        #expect(output.errors.contains("error: \(table): a table (.csv), not a transcript"))
        #expect(!output.errors.contains("loaded 0") && !output.output.contains("loaded 0"))
        #expect(s.documents.map(\.id) == ["a"])
    }

    /// Files of one size are told apart by a digest of their bytes, hashed here or known beforehand (a
    /// snapshot's list of files), and then by the bytes themselves: equal digests alone make no copy.
    @Test func filesOfOneSizeAreCopiesOnlyWhenTheirBytesAreTheSame() throws {
        let files = try Files()
        defer { files.remove() }
        let other = files.folder + "/other.txt"
        try "MR. ONE: First words here.\n\nMR. TWO: Second words HERE.\n".write(toFile: other, atomically: true, encoding: .utf8)
        let (a, copy, sameSize) = (SourceFiles.File(files.a), SourceFiles.File(files.copy), SourceFiles.File(other))
        try #require(a.size == sameSize.size)
        let digestOfA = SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: files.a)))
        for digests in [nil, [:], [files.a: digestOfA]] as [[String: String]?] {
            var known = SourceFiles.Known(known: digests)
            known.add(a, id: "a")
            #expect(known.twin(of: sameSize) == nil, "\(String(describing: digests))")
            #expect(known.twin(of: copy)?.id == "a", "\(String(describing: digests))")
        }
        var misled = SourceFiles.Known(known: [files.a: "same", other: "same"])
        misled.add(a, id: "a")
        #expect(misled.twin(of: sameSize) == nil)
    }

    @Test func manyFilesSkippedAtOnceAreSaidOnce() throws {
        let files = try Files()
        defer { files.remove() }
        let (s, output) = session([files.folder])
        let before = s.documents.count
        #expect(s.run(".load \(files.folder)") == .success)
        #expect(s.documents.count == before)
        // Every file of the folder again: one line for the three read from the same paths (a copy of `a`
        // is among them, and was skipped at the first load already).
        let skipped = output.errors.split(separator: "\n").filter { $0.contains("skipped: already loaded") }
        #expect(skipped.last?.hasPrefix("note: 3 files: skipped: already loaded: ") == true)
    }

    @Test func theReferenceDocumentStaysOnceAndTheSummarySaysHowToLeaveItOut() throws {
        let files = try Files()
        defer { files.remove() }
        let (s, output) = session()
        #expect(s.run(".load \(files.folder)") == .success)
        // The folder's copy of the reference document is the built-in one: loaded once.
        #expect(s.documents.map(\.id).sorted() == ["1953-06-13-kremlin-hungarian-delegation", "a", "b"])
        #expect(output.errors.contains("note: \(files.reference): skipped: the same text as the built-in reference document, already loaded as '1953-06-13-kremlin-hungarian-delegation'\n"))
        #expect(output.errors.contains("note: 2 files: skipped:") == false)
        #expect(output.errors.hasSuffix("loaded 2 documents, 3 turns, 3 utterances; the built-in reference document '1953-06-13-kremlin-hungarian-delegation' is loaded too (.unload 1953* leaves it out)\n"))
        #expect(s.run(".unload 1953*") == .success)
        #expect(s.documents.map(\.id) == ["a", "b"])
        #expect(s.run(".unload nothing") == .queryError)
    }

    @Test func openReplacesWhatIsLoadedUnlessNothingCanBeRead() throws {
        let files = try Files()
        defer { files.remove() }
        let (s, output) = session([files.a])
        #expect(s.run(".open \(files.b)") == .success)
        #expect(s.documents.map(\.id) == ["b"])
        #expect(s.run(".open \(files.folder)/missing.txt") == .success)
        #expect(s.documents.map(\.id) == ["b"] && s.inputFailed)
        #expect(output.errors.contains("note: nothing was read from"))
        #expect(s.run(".open") == .success)
        #expect(s.documents.map(\.id) == ["1953-06-13-kremlin-hungarian-delegation"])
    }

    @Test func aNoteForManyFilesIsSaidOnceAndQuietDropsNotes() {
        let messages = (1...5).map { LoadMessage(.note, path: "f\($0).htm", message: "skipped: not a transcript file (.htm)") }
            + [LoadMessage(.warning, path: "g.vtt", message: "line 2: odd")]
        #expect(Loading.report(messages, quiet: false) == [
            "note: 5 files: skipped: not a transcript file (.htm): f1.htm, f2.htm, f3.htm and 2 more",
            "warning: g.vtt: line 2: odd",
        ])
        #expect(Loading.report(messages, quiet: true) == ["warning: g.vtt: line 2: odd"])
        let (s, output) = session(quiet: true)
        #expect(s.run("speaker:Berija") == .success)
        #expect(output.errors.isEmpty)
    }

    @Test func aSettingAloneShowsItsValue() {
        let (s, output) = session()
        for line in [".mode csv", ".mode", ".limit 5", ".limit", ".timer", ".context 2", ".context", ".within turn", ".within", ".editorial off", ".editorial", ".echo"] {
            #expect(s.run(line) == .success, "\(line)")
        }
        #expect(output.output == "mode: csv\nlimit: 5\ntimer: off\ncontext: 2\nwithin: turn\neditorial: off\necho: off\n")
    }

    @Test func echoPrintsEachStatementOfAScript() {
        let (s, output) = session()
        #expect(s.runScript(".echo on\nkind:interjection | count\n", name: "s") == .success)
        #expect(output.output == "kind:interjection | count\n3 utterances, 2 turns with a hit, 1 document\n")
    }

    @Test func habitsFromOtherShells() {
        for quit in [".exit", "\\q", ".quit"] {
            let (s, _) = session()
            #expect(s.run(quit) == .success && s.quitRequested, "\(quit)")
        }
        let (s, output) = session()
        #expect(s.run(".tables") == .success && s.run("\\d") == .success && s.run(".schema") == .success)
        #expect(output.errors.components(separatedBy: ".docs lists them").count == 3)
        #expect(output.errors.contains(".help fields lists the fields"))
        #expect(s.run("\\x") == .queryError)
    }

    @Test func helpFindsCommandsFieldsAndStagesByName() {
        let (s, output) = session()
        #expect(s.run(".help kwic") == .success)
        #expect(output.output.hasPrefix("| kwic [WIDTH] [sort KEY [KEY [KEY]]]  (stage, hits to output)"))
        let (s2, both) = session()
        #expect(s2.run(".help limit") == .success)
        #expect(both.output.hasPrefix(".limit N\n") && both.output.contains("| limit N  (stage"))
        let (s3, time) = session()
        #expect(s3.run(".help time") == .success)
        #expect(time.output.hasPrefix("time:  (field)") && !time.output.contains(".timer"))
    }

    @Test func docTakesAPrefixWithOrWithoutAStarAndCompletesIds() {
        let (s, output) = session()
        #expect(s.run(".doc 1953*") == .success && s.run(".doc 1953") == .success)
        #expect(output.output.components(separatedBy: "1953-06-13-kremlin-hungarian-delegation  (text").count == 3)
        #expect(StatementCompletion.candidates(line: ".doc 19", word: "19", session: s) == ["1953-06-13-kremlin-hungarian-delegation"])
    }

    @Test func aTildeIsHome() {
        let (s, _) = session()
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        #expect(s.resolve("~/paper.md") == home + "/paper.md")
    }

    @Test func topicsMadeInASessionAreSavedAndAQuitAsksOnce() throws {
        let files = try Files()
        defer { files.remove() }
        let (s, output) = session()
        s.interactive = true
        #expect(s.run(".topic police = ÁVH OR arrest*") == .success)
        #expect(s.run(".define purge = army purg*") == .success)
        #expect(s.run(".quit") == .success && !s.quitRequested)
        #expect(output.errors.hasSuffix("note: topic:police, @purge were made in this session and not saved; '.topics save FILE' keeps them, '.quit' again leaves without\n"))
        #expect(s.run(".topics save \(files.folder)/mine.parley") == .success)
        let saved = try String(contentsOfFile: files.folder + "/mine.parley", encoding: .utf8)
        #expect(saved.hasSuffix(".topic police = ÁVH OR arrest*\n.define purge = army purg*\n"))
        // The saved file gives them back.
        let (other, _) = session()
        #expect(other.run(".read \(files.folder)/mine.parley") == .success)
        #expect(other.named.topic("police") != nil && other.named.definition("purge") != nil)
        #expect(s.run(".quit") == .success && s.quitRequested)
    }
}

/// A turn with no words cannot hold a hit: the load summary and `--check` say how many there are, so that
/// the turns loaded and the turns `count` finds agree once those are taken out.
@Suite struct SilentTurnTests {
    @Test func turnsWithNoUtteranceAreCountedAndSaid() throws {
        // Three labels; the second is followed at once by the third, so its turn holds nothing.
        let text = "Mr. Alpha Adams (Northtown, Lib.): We begin.\n\nMr. Bert Brown (Southtown, BQ):\nMr. Carl Cole (Westtown, PC): I answer.\n\nMr. Alpha Adams (Northtown, Lib.): Thank you.\n"
        let path = NSTemporaryDirectory() + "parley-silent-" + UUID().uuidString + ".txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = BufferOutput()
        let session = Run.start(RunOptions(paths: [], environment: [:]), output: output).0
        #expect(session.run(".open \(path)") == .success)
        let labels = text.split(separator: "\n").filter { $0.contains("):") }.count
        #expect(output.errors.hasSuffix("loaded 1 document, \(labels) turns (1 with no utterance), 3 utterances\n"))
        #expect(session.run("* | count") == .success)
        #expect(output.output == "3 utterances, \(labels - 1) turns with a hit, 1 document\n")
        #expect(CheckReport(session.documents[0]).text.contains("  1 turn with no utterance (a label with no words after it)"))
    }
}

/// `.who` finds speakers as `speaker:` does; an empty structure table says what it lacks; the hint to leave
/// the reference document out never names another document.
@Suite struct ReviewFixTests {
    func run(_ lines: [String], documents: [Document] = [Loader.embeddedReference()]) -> BufferOutput {
        let output = BufferOutput()
        let session = Session(documents: documents, output: output)
        for line in lines { _ = session.run(line) }
        return output
    }

    @Test func whoReadsANameAsSpeakerDoes() {
        #expect(run([".who rak*"]).output.hasPrefix("Rákosi  (1953-06-13-kremlin-hungarian-delegation, 1953-06-13)\n"))
        #expect(run([".alias Beria = Boss", ".who Boss"]).output.hasPrefix("Boss  (1953-06-13-kremlin-hungarian-delegation"))
    }

    @Test func anInterjectionAfterAHeadingKeepsItsSpeaker() throws {
        let path = NSTemporaryDirectory() + "parley-heading-" + UUID().uuidString + ".txt"
        try "Mr. Smith: The committee will come to order.\n\nMr. Jones: Thank you, Mr. Chairman.\n\nSTATEMENT OF JOHN DOE, DIRECTOR\n\nThe witness was sworn in. (Mr. Smith: Please sit down.) Then he sat.\n\nMr. Smith: Proceed.\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = run(["speaker:Smith kind:interjection"], documents: Loader().load([path]).documents)
        #expect(output.output.contains("Please sit down."))
        // The narrative after the heading is in no turn, and no one's speech.
        #expect(run(["kind:narrative sworn | count"], documents: Loader().load([path]).documents).output.hasPrefix("1 utterance, 0 turns"))
    }

    @Test func anEmptyTableOfPairsSaysSo() {
        // The reference's army paragraphs hold no interjection and no turn cut off with a dash.
        #expect(run(["army | interruptions"]).output == "0 pairs of speakers\n")
    }

    @Test func theHintNamesTheReferenceAloneWhenOtherIdsShareItsYear() throws {
        let folder = NSTemporaryDirectory() + "parley-1953-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "MR. A: Another record of that year.\n".write(toFile: folder + "/1953-07-01-other.txt", atomically: true, encoding: .utf8)
        let output = run([".load \(folder)"])
        #expect(output.errors.hasSuffix("(.unload 1953-06-13-kremlin-hungarian-delegation leaves it out)\n"))
    }
}
