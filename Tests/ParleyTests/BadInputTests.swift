import Foundation
import TestSupport
import Testing

/// Every hostile input of SPEC section 6, given to the real `parley` binary: the exact messages on standard
/// error, the exit status, and that nothing else was lost (the other files load, the other queries run, the
/// file's other text is there). The figures asserted are counted from the inputs written here.
@Suite(.serialized) struct BadInputTests {
    // MARK: Inputs

    /// A transcript of titled labels (`Mr. SMITH:`), one paragraph a turn: each turn is one utterance.
    struct Transcript {
        var turns: [(label: String, text: String)]

        static let plain = Transcript(turns: [
            ("Mr. SMITH", "The army moved at dawn."),
            ("Mr. JONES", "The zeppelin stayed over the harbour, Rákosi said."),
            ("Mr. SMITH", "Collective leadership was the answer, and the army agreed."),
            ("Mr. BROWN", "We spoke of collective leadership again."),
        ])

        var texts: [String] { turns.map(\.text) }
        var speakers: Int { Set(turns.map(\.label)).count }

        /// The file's text, with `lineEnd` between lines and a blank line between turns.
        func text(lineEnd: String = "\n") -> String {
            turns.map { "\($0.label): \($0.text)" }.joined(separator: lineEnd + lineEnd) + lineEnd
        }

        /// Utterances containing `word` as a word, ignoring case and diacritics.
        func count(_ word: String) -> Int { texts.filter { Self.words($0).contains(Self.fold(word)) }.count }

        /// Utterances containing the two words one after the other.
        func count(phrase first: String, _ second: String) -> Int {
            texts.filter { text in
                let words = Self.words(text)
                return zip(words, words.dropFirst()).contains { $0 == Self.fold(first) && $1 == Self.fold(second) }
            }.count
        }

        static func fold(_ text: String) -> String { text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        static func words(_ text: String) -> [String] { fold(text).split { !$0.isLetter && !$0.isNumber }.map(String.init) }
    }

    /// `N utterances, T turns, D documents`, as `count` prints it.
    static func counted(_ utterances: Int, turns: Int, documents: Int) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(utterances, "utterance")), \(plural(turns, "turn")) with a hit, \(plural(documents, "document"))\n"
    }

    /// The `text` of each object of a `show --format json` array.
    static func texts(_ json: String) throws -> [String] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return array.compactMap { $0["text"] as? String }
    }

    /// Runs `executable` with `arguments` in the clean environment `EndToEndTests.run` uses, for the few
    /// cases it cannot express: another program in front of parley, or standard output that is not a pipe.
    static func spawn(_ executable: String, _ arguments: [String], output: FileHandle? = nil) throws -> EndToEndTests.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let cache = NSTemporaryDirectory() + "parley-e2e-cache-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: cache) }
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "PARLEYRC": "", "NO_COLOR": "1", "XDG_CACHE_HOME": cache]
        let out = Pipe(), err = Pipe()
        process.standardOutput = output ?? out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try out.fileHandleForWriting.close()
        let printed = output == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return EndToEndTests.Outcome(status: process.terminationStatus, output: String(decoding: printed, as: UTF8.self),
                                     errors: String(decoding: errors, as: UTF8.self))
    }

    /// Seconds `body` takes.
    /// Seconds within which a run on a megabyte or more of bad input must end: a guard against a hang or
    /// work that grows with the square of the input (hours here), not a measure of speed, so it is far
    /// above the second or two these take even on a loaded machine (speed is the benchmarks' business).
    static let hangGuard = 120.0

    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = Date()
        let value = try body()
        return (value, Date().timeIntervalSince(start))
    }

    // MARK: 1, 2. Empty and binary files

    @Test func anEmptyFileOrFolderGetsOneLineAndTheOthersLoad() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let good = try folder.write("good.txt", Transcript.plain.text())
        let empty = try folder.write("empty.txt", [])
        let blank = try folder.write("blank.txt", " \n\r\n\t\n")
        // Only a byte-order mark (UTF-8; UTF-16 and spaces): empty too, once decoded.
        let mark = try folder.write("mark.txt", [0xEF, 0xBB, 0xBF, 0x0A])
        let mark16 = try folder.write("mark16.txt", Self.utf16(" \r\n", bigEndian: false))
        let nothing = try folder.folder("nothing")
        try folder.write("nothing/.hidden.txt", Transcript.plain.text())
        let run = try EndToEndTests.run(["-c", "* | count", empty, good, blank, mark, mark16, nothing])
        #expect(run.errors == """
            error: \(empty): empty file
            error: \(blank): empty file
            error: \(mark): empty file
            error: \(mark16): empty file
            note: \(nothing)/.hidden.txt: skipped: hidden
            error: \(nothing): no transcripts in this folder

            """)
        #expect(run.output == Self.counted(Transcript.plain.turns.count, turns: Transcript.plain.turns.count, documents: 1))
        #expect(run.status == 66)
    }

    @Test(arguments: [
        ("picture.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52], "not a transcript: a PNG image"),
        ("program", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0], "not a transcript: an ELF executable"),
        ("disguised.txt", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0x41, 0x42], "not a transcript: an ELF executable"),
        ("nul.txt", Array("Mr. SMITH: text\n".utf8) + [0, 0, 0, 7, 0xFF], "not a transcript: binary data (NUL bytes)"),
    ] as [(String, [UInt8], String)])
    func aBinaryFileGetsOneLineAndTheOthersLoad(name: String, bytes: [UInt8], reason: String) throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let good = try folder.write("good.txt", Transcript.plain.text())
        // The header, then bytes of every value, as a real file of that kind has.
        let binary = try folder.write(name, bytes + (0...255).map(UInt8.init))
        let run = try EndToEndTests.run(["-c", "army | count", binary, good])
        #expect(run.errors == "error: \(binary): \(reason)\n")
        #expect(run.output == Self.counted(Transcript.plain.count("army"), turns: Transcript.plain.count("army"), documents: 1))
        #expect(run.status == 66)
    }

    // MARK: 3, 4, 5. Encodings and line ends

    @Test func invalidUTF8IsReportedWithItsLineAndTheRestOfTheFileIsKept() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        // Line 1: a label. Line 3: a lone 0xFF, then words. Line 5: a cut three-byte sequence (2 bytes), then words.
        let lines: [[UInt8]] = [
            Array("Mr. SMITH: The army moved at dawn.".utf8), [],
            Array("Mr. JONES: The zeppelin ".utf8) + [0xFF] + Array(" stayed, then the quokka left.".utf8), [],
            Array("Mr. SMITH: A caf".utf8) + [0xE2, 0x82] + Array(" wombat was open.".utf8),
        ]
        let file = try folder.write("bad.txt", Array(lines.joined(separator: [0x0A])) + [0x0A])
        let run = try EndToEndTests.run(["-c", "quokka | count", "-c", "wombat | count", "-c", "* | count", "-c", "*", "--format", "json", file])
        #expect(run.errors == """
            warning: \(file): line 3: invalid UTF-8 (1 byte replaced by U+FFFD)
            warning: \(file): line 5: invalid UTF-8 (2 bytes replaced by U+FFFD)

            """)
        let outputs = run.output.split(separator: "\n", maxSplits: 3).map(String.init)
        #expect(outputs.count == 4)
        #expect(Array(outputs.prefix(3)) == [#"{"utterances": 1, "turns": 1, "documents": 1}"#,
                                            #"{"utterances": 1, "turns": 1, "documents": 1}"#,
                                            #"{"utterances": 3, "turns": 3, "documents": 1}"#])
        // Every word is there, the bad bytes stand as U+FFFD where they were.
        #expect(try Self.texts(outputs.last ?? "") == ["The army moved at dawn.", "The zeppelin \u{FFFD} stayed, then the quokka left.",
                                                       "A caf\u{FFFD} wombat was open."])
        #expect(run.status == 0)
        let check = try EndToEndTests.run(["--check", file])
        #expect(check.status == 0)
        #expect(check.errors == run.errors)
    }

    @Test(arguments: [false, true])
    func utf16WithAByteOrderMarkIsRead(bigEndian: Bool) throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let text = Transcript.plain.text()
        let utf8 = try folder.write("utf8/talk.txt", text)
        let utf16 = try folder.write("utf16/talk.txt", Self.utf16(text, bigEndian: bigEndian))
        let queries = ["-c", "rakosi | count", "-c", "zeppelin | count", "-c", "*", "--format", "json"]
        let expected = try EndToEndTests.run(queries + [utf8])
        let run = try EndToEndTests.run(queries + [utf16])
        #expect(run.errors == "warning: \(utf16): read as UTF-16 (byte-order mark)\n")
        #expect(run.output.hasPrefix(#"{"utterances": \#(Transcript.plain.count("Rákosi")), "#))
        #expect(run.output == expected.output)
        #expect(run.status == 0)

        // A lone surrogate and an odd last byte are replaced and reported with their lines, as bad UTF-8 is.
        var damaged = Self.utf16("Mr. SMITH: One.\n\nMr. JONES: Two ", bigEndian: bigEndian)
        damaged += bigEndian ? [0xD8, 0x00] : [0x00, 0xD8]
        damaged += Self.utf16(" three.\n", bigEndian: bigEndian).dropFirst(2) + [0x41]
        let bad = try folder.write("damaged.txt", damaged)
        let repaired = try EndToEndTests.run(["-c", "*", "--format", "json", bad])
        #expect(repaired.errors == """
            warning: \(bad): read as UTF-16 (byte-order mark)
            warning: \(bad): line 3: invalid UTF-16 (1 unpaired surrogate replaced by U+FFFD)
            warning: \(bad): line 4: an odd last byte (UTF-16 comes in pairs) replaced by U+FFFD

            """)
        #expect(try Self.texts(repaired.output) == ["One.", "Two \u{FFFD} three. \u{FFFD}"])
        #expect(repaired.status == 0)
    }

    /// `text` in UTF-16 with a byte-order mark.
    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) + text.utf16.flatMap { unit in
            bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
    }

    @Test(arguments: ["\r\n", "\r"])
    func crlfAndLoneCRGiveWhatLFGives(lineEnd: String) throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let lf = try folder.write("lf/talk.txt", Transcript.plain.text())
        let other = try folder.write("other/talk.txt", Transcript.plain.text(lineEnd: lineEnd))
        let queries = ["-c", "* | count", "-c", "\"collective leadership\" | count", "-c", "*", "--format", "json"]
        let expected = try EndToEndTests.run(queries + [lf])
        let run = try EndToEndTests.run(queries + [other])
        let turns = Transcript.plain.turns.count
        #expect(run.output.hasPrefix(#"{"utterances": \#(turns), "turns": \#(turns), "documents": 1}"#
                                     + "\n" + #"{"utterances": \#(Transcript.plain.count(phrase: "collective", "leadership")), "#))
        // The same utterances, texts and line numbers.
        #expect(run.output == expected.output)
        #expect(run.errors.isEmpty)
        #expect(run.status == 0)
    }

    // MARK: 6. A 10 MB line

    @Test func aTenMegabyteLineLoadsAndIsQueryable() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        // One 10 MB line: a label, 5-word groups, 'quokka' in the middle and 'zeppelin' at the very end;
        // then a short second turn.
        let group = "alpha bravo charlie delta echo "
        let half = String(repeating: group, count: 5_000_000 / group.utf8.count)
        let line = "Mr. SMITH: " + half + "quokka " + half + "zeppelin"
        #expect(line.utf8.count >= 10_000_000)
        let file = try folder.write("long.txt", line + "\n\nMr. JONES: The army stayed.\n")
        let (run, seconds) = try Self.timed {
            try EndToEndTests.run(["-c", "zeppelin quokka | count", "-c", "\"echo alpha\" | count", "-c", "army | count",
                                   "-c", "* | count", "-c", "army", file])
        }
        #expect(run.errors.isEmpty)
        #expect(run.output == Self.counted(1, turns: 1, documents: 1) + Self.counted(1, turns: 1, documents: 1)
                + Self.counted(1, turns: 1, documents: 1) + Self.counted(2, turns: 2, documents: 1)
                + "[long, turn 2, Jones, line 3]\nThe army stayed.\n\n")
        #expect(run.status == 0)
        // About 4 s in a debug build on two cores (3 s loading, the rest indexing and querying).
        #expect(seconds < Self.hangGuard, "a 10 MB line took \(seconds) s")
    }

    // MARK: 7. A folder of mixed files

    @Test func aFolderSkipsWhatIsNotATranscriptWithANote() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let root = folder.path
        let a = Transcript.plain
        let b = Transcript(turns: [("Dr. KOVACS", "The army was late."), ("Mr. LIMAN", "It was.")])
        try folder.write("a.txt", a.text())
        try folder.write("sub/b.md", b.text())
        // Prose in Markdown is a text with no labels: SPEC section 1 reads it as narrative, not a guess,
        // so it loads (one utterance a block, its heading the title) rather than being skipped.
        let prose = ["# Notes on the folder", "These are the transcripts of the meetings.", "Read them in order."]
        try folder.write("notes.md", prose.joined(separator: "\n\n") + "\n")
        try folder.write("picture.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])
        try folder.write("fake.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])
        try folder.write("manifest.json", #"{"files": ["a.txt", "sub/b.md"], "version": 1}"# + "\n")
        try folder.write("data.sqlite", Array("SQLite format 3".utf8) + [0, 0x10, 0])
        try folder.write("empty.txt", [])
        try folder.write(".hidden.txt", a.text())
        try folder.link("gone.txt", to: root + "/nowhere.txt")
        try folder.link("sub/up", to: root)
        // A named pipe: opening it to read used to wait for ever for a writer.
        #expect(mkfifo(root + "/pipe.txt", 0o644) == 0)
        let run = try EndToEndTests.run(["-c", "army | count", "-c", ".docs", "--format", "csv", root])
        #expect(run.errors == """
            note: \(root)/.hidden.txt: skipped: hidden
            note: \(root)/data.sqlite: skipped: not a transcript file (.sqlite)
            note: \(root)/empty.txt: skipped: empty file
            note: \(root)/fake.txt: skipped: not a transcript: a PNG image
            note: \(root)/gone.txt: skipped: no such file or directory
            note: \(root)/manifest.json: skipped: JSON, but not a transcript: no speaker-labelled utterances (AssemblyAI 'utterances' or Amazon Transcribe 'speaker_labels')
            note: \(root)/picture.png: skipped: not a transcript file (.png)
            note: \(root)/pipe.txt: skipped: not a regular file (a named pipe)
            note: \(root)/sub/up: skipped: a link back to a folder already read

            """)
        let army = a.count("army") + b.count("army")
        #expect(run.output == """
            utterances,turns,documents
            \(army),\(army),2
            id,date,turns,utterances,title
            a,,\(a.turns.count),\(a.turns.count),
            notes,,0,\(prose.count),Notes on the folder
            b,,\(b.turns.count),\(b.turns.count),

            """)
        #expect(run.status == 0)
    }

    // MARK: 8, 9. Paths that cannot be read, and files gone by the time they are read

    @Test func pathsThatCannotBeReadGetOneLineEachAndTheOthersLoad() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let good = try folder.write("good.txt", Transcript.plain.text())
        // A named pipe stands for a path that exists but cannot be read as a file, even by root (chmod 000
        // does not stop root): before the fix, opening it waited for a writer for ever.
        let pipe = folder.path + "/pipe.txt"
        #expect(mkfifo(pipe, 0o644) == 0)
        let loopA = try folder.link("a.txt", to: folder.path + "/b.txt")
        try folder.link("b.txt", to: loopA)
        let device = "/dev/null"
        let run = try EndToEndTests.run(["-c", "* | count", pipe, loopA, good, device])
        #expect(run.errors == """
            error: \(pipe): not a regular file (a named pipe)
            error: \(loopA): too many levels of symbolic links
            error: \(device): not a regular file (a character device)

            """)
        let turns = Transcript.plain.turns.count
        #expect(run.output == Self.counted(turns, turns: turns, documents: 1))
        #expect(run.status == 66)

        // The same through `.load` in a script: one line each, in the order given, where in the script,
        // then what loaded; the script goes on and ends with 66.
        // A second file with other text, so that it is not skipped as the one already loaded.
        let other = try folder.write("other.txt", Transcript.plain.text() + "\n")
        let script = "* | count\n.load \(pipe) \(loopA) \(other)\n* | count\n"
        let loaded = try EndToEndTests.run(["--format", "json", good], input: script)
        #expect(loaded.errors == """
            <stdin>:2:1: error: \(pipe): not a regular file (a named pipe)
            <stdin>:2:1: error: \(loopA): too many levels of symbolic links
            loaded 1 document, \(turns) turns, \(turns) utterances

            """)
        #expect(loaded.output == """
            {"utterances": \(turns), "turns": \(turns), "documents": 1}
            {"utterances": \(2 * turns), "turns": \(2 * turns), "documents": 2}

            """)
        #expect(loaded.status == 66)
    }

    /// How to run parley so that a chmod 000 file cannot be read: directly when not root; as root, with
    /// the capabilities that let root read any file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) dropped by
    /// `setpriv`, so the permission bits hold as they do for everyone else. Nil when neither works.
    static let withoutReadOverride: [String]? = {
        if geteuid() != 0 { return [] }
        guard let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: FileManager.default.isExecutableFile) else { return nil }
        let command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
        // Proof that it works here: cat must fail on a chmod 000 file.
        guard let folder = try? TemporaryFolder(prefix: "parley-bad-input") else { return nil }
        defer { folder.remove() }
        guard let file = try? folder.write("locked", "x"), chmod(file, 0) == 0,
              let probe = try? spawn(command[0], Array(command.dropFirst()) + ["/bin/cat", file]) else { return nil }
        return probe.status != 0 ? command : nil
    }()

    @Test(.enabled(if: withoutReadOverride != nil, "running as root without setpriv: chmod 000 does not stop root reading"))
    func aFileWithoutReadPermissionGetsOneLine() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let good = try folder.write("good.txt", Transcript.plain.text())
        let locked = try folder.write("locked.txt", Transcript.plain.text())
        #expect(chmod(locked, 0) == 0)
        let lockedFolder = try folder.folder("locked-folder")
        try folder.write("locked-folder/inside.txt", Transcript.plain.text())
        #expect(chmod(lockedFolder, 0) == 0)
        let prefix = try #require(Self.withoutReadOverride)
        let arguments = ["-c", "* | count", locked, good, lockedFolder]
        let run = prefix.isEmpty ? try EndToEndTests.run(arguments)
                                 : try Self.spawn(prefix[0], Array(prefix.dropFirst()) + [EndToEndTests.binary] + arguments)
        #expect(run.errors == """
            error: \(locked): permission denied
            error: \(lockedFolder): permission denied

            """)
        let turns = Transcript.plain.turns.count
        #expect(run.output == Self.counted(turns, turns: turns, documents: 1))
        #expect(run.status == 66)
    }

    @Test func aFileGoneByTheTimeItIsReadGetsOneLine() throws {
        // Deleting a file in the instant between the folder walk and the read cannot be done on cue from
        // outside the process. A dangling symlink is a file that is gone by the time it is read: it is listed
        // in its folder, and opening it fails with ENOENT, as opening a file deleted after the walk does.
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let good = try folder.write("in/good.txt", Transcript.plain.text())
        let vanished = folder.path + "/in/vanished.txt"
        try folder.write("in/vanished.txt", Transcript.plain.text())
        let gone = try folder.link("in/gone.txt", to: vanished)
        try FileManager.default.removeItem(atPath: vanished)
        let turns = Transcript.plain.turns.count
        // Named: an error, status 66.
        let named = try EndToEndTests.run(["-c", "* | count", gone, good])
        #expect(named.errors == "error: \(gone): no such file or directory\n")
        #expect(named.output == Self.counted(turns, turns: turns, documents: 1))
        #expect(named.status == 66)
        // Met in a folder: a note, status 0.
        let walked = try EndToEndTests.run(["-c", "* | count", folder.path + "/in"])
        #expect(walked.errors == "note: \(gone): skipped: no such file or directory\n")
        #expect(walked.output == Self.counted(turns, turns: turns, documents: 1))
        #expect(walked.status == 0)
    }

    /// A transcript or a script whose path is one character, in the folder the program runs in, reads as
    /// any other (the folder part of such a path once stopped the program).
    @Test func aPathOfOneCharacterIsReadAsAnyOther() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        try folder.write("t", Transcript.plain.text())
        try folder.write("q", "army | count\n")
        let turns = Transcript.plain.turns.count
        let all = try EndToEndTests.run(["-c", "* | count", "t"], directory: folder.path)
        #expect(all.status == 0, "\(all.errors)")
        #expect(all.output == Self.counted(turns, turns: turns, documents: 1))
        let army = Transcript.plain.count("army")
        let script = try EndToEndTests.run(["-f", "q", "t"], directory: folder.path)
        #expect(script.status == 0, "\(script.errors)")
        #expect(script.output == Self.counted(army, turns: army, documents: 1))
        #expect(try EndToEndTests.run(["-c", ".load t", "-c", ".read q"], directory: folder.path).status == 0)
    }

    // MARK: 10. Hostile queries

    @Test func aHundredThousandNestedParenthesesGiveOneBoundedMessage() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let file = try folder.write("talk.txt", Transcript.plain.text())
        // 200,000 bytes on one line: too long for one argument (Linux allows 128 KiB), so a script on standard input.
        let nested = String(repeating: "(", count: 100_000) + "army" + String(repeating: ")", count: 100_000)
        let (run, seconds) = try Self.timed { try EndToEndTests.run([file], input: "army | count\n\(nested) | count\n* | count\n") }
        // The limit is 128, so the 129th '(' is marked, in a window of 100 characters with a third before it.
        #expect(run.errors == """
            <stdin>:2:129: error: parentheses and NOT are nested more than 128 deep; simplify the query
              | …\(String(repeating: "(", count: 100))…
              | \(String(repeating: " ", count: 34))^

            """)
        #expect(run.output == Self.counted(Transcript.plain.count("army"), turns: Transcript.plain.count("army"), documents: 1))
        #expect(run.status == 65)
        #expect(seconds < Self.hangGuard)
    }

    @Test func aNULByteInAQueryIsPointedAt() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let file = try folder.write("talk.txt", Transcript.plain.text())
        // An argument cannot hold a NUL, so a script on standard input.
        let run = try EndToEndTests.run([file], input: "army | count\narmy\u{0}dawn | count\n")
        #expect(run.errors == "<stdin>:2:5: error: unexpected character U+0000\n  | army\u{2400}dawn | count\n  |     ^\n")
        #expect(run.output == Self.counted(Transcript.plain.count("army"), turns: Transcript.plain.count("army"), documents: 1))
        #expect(run.status == 65)
    }

    @Test func anUnterminatedQuoteOrRegexSaysWhatToAdd() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let file = try folder.write("talk.txt", Transcript.plain.text())
        let army = Self.counted(Transcript.plain.count("army"), turns: Transcript.plain.count("army"), documents: 1)
        let quote = try EndToEndTests.run(["-c", "army | count", "-c", "\"army moved | count", "-c", "* | count", file])
        #expect(quote.errors == "error: '\"' is not closed; add '\"' after the phrase\n  | \"army moved | count\n  | ^\n")
        #expect(quote.output == army)
        #expect(quote.status == 65)
        let regex = try EndToEndTests.run(["-c", "army | count", "-c", "/arm(y | count", "-c", "* | count", file])
        #expect(regex.errors == "error: '/' is not closed; add '/' after the regular expression\n  | /arm(y | count\n  | ^\n")
        #expect(regex.output == army)
        #expect(regex.status == 65)
        // In a script, an open regular expression does not swallow the lines after it (its '(' is not a
        // parenthesis of the query), and a closed one holding '(' or '"' ends its line.
        let open = try EndToEndTests.run([file], input: "/arm(y | count\narmy | count\n")
        #expect(open.errors == "<stdin>:1:1: error: '/' is not closed; add '/' after the regular expression\n  | /arm(y | count\n  | ^\n")
        #expect(open.output.isEmpty)
        #expect(open.status == 65)
        let closed = try EndToEndTests.run([file], input: "/[(]/ | count\n/\"/ | count\narmy | count\n")
        let withParenthesis = Transcript.plain.texts.filter { $0.contains("(") }.count
        let withQuote = Transcript.plain.texts.filter { $0.contains("\"") }.count
        #expect(closed.output == Self.counted(withParenthesis, turns: withParenthesis, documents: withParenthesis == 0 ? 0 : 1)
                + Self.counted(withQuote, turns: withQuote, documents: withQuote == 0 ? 0 : 1) + army)
        #expect(closed.errors.isEmpty)
        #expect(closed.status == 0)
    }

    @Test func smartQuotesAreQuotes() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let file = try folder.write("talk.txt", Transcript.plain.text())
        let phrase = Transcript.plain.count(phrase: "collective", "leadership")
        let run = try EndToEndTests.run(["-c", "“collective leadership” | count", "-c", "\"collective leadership\" | count",
                                         "-c", "“collective leadership“ | count", "-c", "army | count", file])
        let expected = Self.counted(phrase, turns: phrase, documents: 1)
        #expect(run.output == expected + expected + expected
                + Self.counted(Transcript.plain.count("army"), turns: Transcript.plain.count("army"), documents: 1))
        #expect(run.errors.isEmpty)
        #expect(run.status == 0)
    }

    @Test func aMegabyteQueryFinishesWithBoundedMessages() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let file = try folder.write("talk.txt", Transcript.plain.text())
        // 1 MB of one word: a valid query, answered.
        let words = String(repeating: "army ", count: 200_000)
        let (valid, validSeconds) = try Self.timed { try EndToEndTests.run([file], input: words + "| count\n") }
        #expect(valid.output == Self.counted(Transcript.plain.count("army"), turns: Transcript.plain.count("army"), documents: 1))
        #expect(valid.errors.isEmpty)
        #expect(valid.status == 0)
        #expect(validSeconds < Self.hangGuard, "1 MB of words took \(validSeconds) s")
        // 1 MB of query punctuation on one line: at most 20 errors, each line cut to a window, then it stops.
        var state: UInt64 = 2025
        let alphabet = Array("()\"/|*@<>-:~^!$%&abc ÁVH“”\\")
        let garbage = String((0..<1_000_000).map { _ -> Character in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return alphabet[Int(state >> 33) % alphabet.count]
        })
        let (run, seconds) = try Self.timed { try EndToEndTests.run([file], input: "army | count\n" + garbage + "\n") }
        #expect(run.status == 65)
        #expect(run.output == valid.output)
        let lines = run.errors.split(separator: "\n")
        #expect(lines.filter { $0.contains(": error: ") }.count <= 20)
        #expect(lines.allSatisfy { $0.count <= 120 }, "a line longer than the 100-character window")
        #expect(run.errors.utf8.count < 20_000)
        #expect(seconds < Self.hangGuard, "1 MB of garbage took \(seconds) s")
    }

    @Test func aRegexThatWouldBacktrackForEverFinishes() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        // `(a+)+$` against a's followed by '!' takes a backtracking engine exponential time; an automaton
        // runs in time linear in the text. It matches an utterance that ends in an 'a'.
        let transcript = Transcript(turns: [("Mr. SMITH", String(repeating: "a", count: 200_000) + "!"),
                                            ("Mr. JONES", "The army stayed."), ("Mr. BROWN", "Ha ha")])
        let file = try folder.write("talk.txt", transcript.text())
        let endsInA = transcript.texts.filter { $0.lowercased().hasSuffix("a") }.count
        let (run, seconds) = try Self.timed {
            try EndToEndTests.run(["-c", "/(a+)+$/ | count", "-c", "/(a|a)*b/ | count", "-c", "army | count", file])
        }
        let withB = transcript.texts.filter { $0.lowercased().contains("b") }.count
        #expect(run.output == Self.counted(endsInA, turns: endsInA, documents: 1) + Self.counted(withB, turns: withB, documents: withB == 0 ? 0 : 1)
                + Self.counted(transcript.count("army"), turns: transcript.count("army"), documents: 1))
        #expect(run.errors.isEmpty)
        #expect(run.status == 0)
        // About 0.3 s in a debug build.
        #expect(seconds < Self.hangGuard, "the regular expressions took \(seconds) s")
    }

    // MARK: 11. Definitions that refer to themselves

    @Test func aSelfReferringTopicOrDefinitionIsRefused() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let file = try folder.write("talk.txt", Transcript.plain.text())
        let army = Self.counted(Transcript.plain.count("army"), turns: Transcript.plain.count("army"), documents: 1)
        let topic = try EndToEndTests.run(["-c", "army | count", "-c", ".topic t = topic:t OR army", "-c", "* | count", file])
        #expect(topic.errors == "error: 'topic:t' refers to itself: topic:t → topic:t\n  | topic:t OR army\n  | ^^^^^^^\n")
        #expect(topic.output == army)
        #expect(topic.status == 65)
        let define = try EndToEndTests.run(["-c", "army | count", "-c", ".define x = @x", "-c", "* | count", file])
        #expect(define.errors == "error: '@x' refers to itself: @x → @x\n  | @x\n  | ^^\n")
        #expect(define.output == army)
        #expect(define.status == 65)
        // Through another name: refused when the loop closes.
        let loop = try EndToEndTests.run(["-c", ".define x = army OR @y", "-c", ".define y = @x", file])
        // The excerpt is the definition where the loop closes.
        #expect(loop.errors == "error: '@y' refers to itself: @y → @x → @y\n  | army OR @y\n  |         ^^\n")
        #expect(loop.status == 65)
    }

    // MARK: 12. Output that cannot be written

    @Test func outputToAPathThatCannotBeWrittenKeepsResultsOnTheScreen() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let file = try folder.write("talk.txt", Transcript.plain.text())
        let regular = try folder.write("regular", "a file, not a folder\n")
        let army = Self.counted(Transcript.plain.count("army"), turns: Transcript.plain.count("army"), documents: 1)
        // A folder, in a script: the line is named, the results so far are on the screen, the run stops.
        let script = "army | count\n.output \(folder.path)\n* | count\n"
        let toFolder = try EndToEndTests.run([file], input: script)
        #expect(toFolder.errors == "<stdin>:2:1: error: cannot write to '\(folder.path)': it is a folder; results stay on the screen\n")
        #expect(toFolder.output == army)
        #expect(toFolder.status == 65)
        // Below a regular file (no one, root included, can create it).
        let below = regular + "/results.txt"
        let toBelow = try EndToEndTests.run(["-c", "army | count", "-c", ".output \(below)", "-c", "* | count", file])
        #expect(toBelow.errors == "error: cannot write to '\(below)': '\(regular)' is not a folder; results stay on the screen\n")
        #expect(toBelow.output == army)
        #expect(toBelow.status == 65)
        let export = try EndToEndTests.run(["--export", below, file])
        #expect(export.errors == "error: cannot write to '\(below)': '\(regular)' is not a folder\n")
        #expect(export.status == 65)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "no /dev/full to stand for a full disk"))
    func aFullDiskIsReportedAndNothingIsLostInSilence() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let file = try folder.write("talk.txt", Transcript.plain.text())
        let army = Self.counted(Transcript.plain.count("army"), turns: Transcript.plain.count("army"), documents: 1)
        // `.output` to a full disk: the result that did not fit is shown on the screen, and the run stops.
        let run = try EndToEndTests.run(["-c", ".output /dev/full", "-c", "army | count", "-c", "* | count", file])
        #expect(run.errors == "error: cannot write to '/dev/full': no space left on device; results are back on the screen\n")
        #expect(run.output == army)
        #expect(run.status == 65)
        // `.export` to a full disk: said, and the status says it failed.
        let export = try EndToEndTests.run(["--export", "/dev/full", file])
        #expect(export.errors == "error: cannot write to '/dev/full': no space left on device\n")
        #expect(export.status == 65)
        // Standard output on a full disk: said, not swallowed, and the status says it failed.
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let stdout = try Self.spawn(EndToEndTests.binary, ["-c", "army | count", file], output: full)
        #expect(stdout.errors == "error: cannot write the results: no space left on device\n")
        #expect(stdout.status == 70)
    }

    /// The history file and `.output` need the interactive shell, which needs a terminal: tmux gives it one,
    /// as in `TerminalTests.typingCompletionHistoryAndLeaving`. (LineEditingTests check the history
    /// warnings in-process; this checks what the user sees.)
    @Test(.enabled(if: Terminal.tmux != nil, "tmux is not installed: the terminal tests need it (apt-get install tmux)"))
    func theShellWarnsOnceAboutItsHistoryAndGoesOnAfterErrors() throws {
        let folder = try TemporaryFolder(prefix: "parley-bad-input")
        defer { folder.remove() }
        let file = try folder.write("talk.txt", Transcript.plain.text())
        let regular = try folder.write("regular", "a file, not a folder\n")
        let history = regular + "/history"
        var terminal = try Terminal(EndToEndTests.binary, history: history, arguments: [file])
        defer { terminal.close() }
        try terminal.waitFor(#"parley>\s*$"#, seconds: 20)
        try Self.waitFor(terminal, line: "warning: cannot use history file '\(history)': not a directory; history will not be saved")
        terminal.type(".output \(regular)/out.txt")
        terminal.press("Enter")
        try Self.waitFor(terminal, line: "error: cannot write to '\(regular)/out.txt': '\(regular)' is not a folder; results stay on the screen")
        terminal.type(".output \(folder.path)")
        terminal.press("Enter")
        try Self.waitFor(terminal, line: "error: cannot write to '\(folder.path)': it is a folder; results stay on the screen")
        terminal.type(".topic t = topic:t OR army")
        terminal.press("Enter")
        try Self.waitFor(terminal, line: "error: 'topic:t' refers to itself: topic:t → topic:t")
        // The shell goes on, results on the screen, and the refused topic was not kept.
        terminal.type("army | count")
        terminal.press("Enter")
        let army = Transcript.plain.count("army")
        try Self.waitFor(terminal, line: Self.counted(army, turns: army, documents: 1).trimmingCharacters(in: .newlines))
        terminal.type("topic:t | count")
        terminal.press("Enter")
        try Self.waitFor(terminal, line: "note: no topic 't'; searching the word itself")
        terminal.press("C-d")
        try terminal.waitFor("EXITED=0")
        // The warning was given once, at start, and no history file was made.
        #expect(Self.lines(terminal.screen).filter { $0.hasPrefix("warning: ") }.count == 1)
        #expect(!FileManager.default.fileExists(atPath: history))
    }

    /// Waits until the terminal shows `line` as a whole line (long lines rejoined), or broken at spaces
    /// over lines that follow each other, as the shell fits a message to the window; as
    /// `Terminal.waitFor` does for a pattern.
    static func waitFor(_ terminal: Terminal, line: String, seconds: Double = 20) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var shown: [String] = []
        func shows(_ shown: [String]) -> Bool {
            shown.indices.contains { i in
                var joined = shown[i]
                for next in shown[(i + 1)...] where joined.count < line.count { joined += " " + next.trimmingCharacters(in: .whitespaces) }
                return joined == line || shown[i] == line
            }
        }
        while Date() < deadline {
            shown = lines(terminal.screen)
            if shows(shown) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("the screen never showed the line\n\(line)\nit shows:\n\(shown.joined(separator: "\n"))")
        throw CancellationError()
    }

    /// The screen's lines, with lines that tmux wrapped at the terminal's 120 columns joined again.
    static func lines(_ screen: String) -> [String] {
        var result: [String] = []
        var continues = false
        for line in screen.split(separator: "\n", omittingEmptySubsequences: false) {
            if continues, let last = result.popLast() { result.append(last + line) } else { result.append(String(line)) }
            continues = line.count == 120
        }
        return result
    }

    // MARK: 13. A closed pipe

    // Output into a closed pipe (`parley -c '*' | head -1`) ends quietly with the lines that were read:
    // EndToEndTests.aClosedPipeEndsQuietly. Standard output on a full disk is checked above.
}
