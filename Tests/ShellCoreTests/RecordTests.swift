import Foundation
import Testing
@testable import ShellCore
import TestSupport
import TranscriptFormats

/// Research records (`.record`), the `.checksum` lines they hold, and the SHA-256 behind them.
@Suite struct RecordTests {
    // MARK: SHA-256

    /// FIPS 180-4's examples (and the NIST vectors for the empty message and a million 'a's).
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ])
    func knownVectors(message: String, hex: String) {
        #expect(SHA256.hex(Array(message.utf8)) == hex)
    }

    /// A message fed in pieces of any size hashes as it does whole, across every block boundary.
    @Test func piecesHashAsTheWhole() {
        var random = SplitMix64(seed: 8)
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var hash = SHA256()
            var rest = bytes[...]
            while !rest.isEmpty {
                let piece = rest.prefix(Int.random(in: 1...70, using: &random))
                hash.update(Array(piece))
                rest = rest.dropFirst(piece.count)
            }
            #expect(hash.hex == SHA256.hex(bytes), "length \(length)")
        }
    }

    static let sha256sum = "/usr/bin/sha256sum"
    static let hasSHA256Sum = FileManager.default.isExecutableFile(atPath: sha256sum)

    /// The hash as `sha256sum` prints it for the file.
    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sha256sum)
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix { $0 != " " })
    }

    /// The hash of a file, from `sha256sum` where the system has it, else from the hash tested above.
    static func independentHash(_ path: String) throws -> String {
        hasSHA256Sum ? try sha256sum(path) : SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Files of every length around the block boundaries, read in small chunks, hash as `sha256sum` says.
    @Test(.enabled(if: hasSHA256Sum)) func filesHashAsSHA256SumSays() throws {
        let folder = try TemporaryFolder()
        var random = SplitMix64(seed: 256)
        for length in [0, 55, 56, 63, 64, 65, 1000, 70_001] {
            let path = try folder.write("f\(length)", (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
            for chunk in [7, 64, 1 << 20] {
                #expect(try Checksum.sha256(of: path, chunk: chunk).get() == Self.sha256sum(path), "length \(length), chunk \(chunk)")
            }
        }
    }

    // MARK: A fixture

    /// A meeting of four turns, one paragraph each.
    static let minutes = """
        Meeting of the harbour committee, 3 March 1990

        Mr. SMITH: The harbour must be dredged this year.

        Mrs. JONES: The harbour can wait; the school roof cannot.

        Mr. SMITH: Then the school roof first, and the harbour next year.

        Mrs. JONES: Agreed.

        """

    /// The labelled paragraphs of a text like `minutes` (each one utterance) whose words, in lower case,
    /// pass `test` (with the speaker's label, in lower case, as its second argument): counted from the
    /// text, not by Parley.
    static func paragraphs(of text: String, _ test: (_ words: String, _ label: String) -> Bool) -> Int {
        text.components(separatedBy: "\n\n").filter { paragraph in
            guard paragraph.hasPrefix("Mr"), let colon = paragraph.firstIndex(of: ":") else { return false }
            return test(paragraph[paragraph.index(after: colon)...].lowercased(), paragraph[..<colon].lowercased())
        }.count
    }

    /// The paragraphs of `minutes` that hold a word starting `word`.
    static func paragraphs(holding word: String, in text: String = minutes) -> Int {
        paragraphs(of: text) { words, _ in words.contains(word) }
    }

    /// A folder holding `data/committee.txt`, with the session started on it (no startup file).
    struct Setting {
        let folder: TemporaryFolder
        let transcript: String
        let session: Session
        let output = BufferOutput()

        init(sidecar: Bool = false, paths: (TemporaryFolder) throws -> [String] = { [$0.file("data/committee.txt")] }) throws {
            folder = try TemporaryFolder(prefix: "parley-record")
            transcript = try folder.write("data/committee.txt", RecordTests.minutes)
            if sidecar { try folder.write("data/committee.speakers", "Mrs. JONES = Jane Jones\n") }
            try folder.folder("notes")
            session = Run.start(RunOptions(paths: try paths(folder), environment: ["PARLEYRC": ""]), output: output).0
        }

        var record: String { folder.file("notes/r.parley") }

        /// Runs statements, each of which must succeed.
        func run(_ statements: [String]) {
            for statement in statements { #expect(session.run(statement) == .success, "\(statement)") }
        }

        /// The record's text.
        func recorded() throws -> String { try String(contentsOfFile: record, encoding: .utf8) }

        /// Runs the record as `parley -f` does: a fresh session on no paths, from the test's working folder.
        func replay(environment: [String: String] = ["PARLEYRC": ""]) throws -> (ShellCore.ExitStatus, BufferOutput) {
            let output = BufferOutput()
            let status = Run.script(try recorded(), name: record, folder: (record as NSString).deletingLastPathComponent,
                                    options: RunOptions(paths: [], environment: environment), output: output)
            return (status, output)
        }
    }

    /// The recorded lines after the opening ones (the version, the files and the settings in effect).
    static func statements(_ record: String) -> [String] {
        let lines = record.split(separator: "\n").map(String.init)
        return Array(lines.drop { !$0.hasPrefix(".mode ") }.dropFirst().drop { $0.hasPrefix(".limit ") })
    }

    // MARK: Records

    @Test func aRecordHoldsTheVersionTheFilesTheirHashesAndEachStatementWithItsCount() throws {
        let setting = try Setting(sidecar: true)
        let text = Self.minutes
        setting.run([".record \(setting.record)", "harbour | count", ".within turn", "roof", ".within utterance", ".mode csv",
                     "speaker:Jones", ".docs", ".help record", ".topic works = dredg* OR roof", "topic:works | count", ".timer on",
                     "year", ".record off", "Agreed"])
        #expect(setting.session.run("harbour OR") == .queryError)
        let record = try setting.recorded()
        let lines = record.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "# parley \(ProgramVersion.current)")
        #expect(lines.last == "")
        let hash = try Self.independentHash(setting.transcript)
        let sidecarHash = try Self.independentHash(setting.folder.file("data/committee.speakers"))
        #expect(lines.filter { !$0.hasPrefix("#") }.prefix(3) == [
            ".open ../data/committee.txt",
            ".checksum ../data/committee.txt sha256:\(hash)",
            ".checksum ../data/committee.speakers sha256:\(sidecarHash)",
        ])
        #expect(Self.statements(record) == [
            "harbour | count", ".expect \(Self.paragraphs(holding: "harbour"))",
            ".within turn",
            "roof", ".expect \(Self.paragraphs(holding: "roof"))",
            ".within utterance",
            ".mode csv",
            "speaker:Jones", ".expect \(Self.paragraphs(of: text) { _, label in label.hasSuffix("jones") })",
            ".topic works = dredg* OR roof",
            "topic:works | count", ".expect \(Self.paragraphs(of: text) { words, _ in words.contains("dredg") || words.contains("roof") })",
            "year", ".expect \(Self.paragraphs(holding: "year"))",
        ])
    }

    @Test func aRecordReplaysWithTheSameAnswers() throws {
        let setting = try Setting()
        setting.run([".record \(setting.record)"])
        let before = setting.output.output
        setting.run(["harbour | count", ".within turn", "roof | count", ".mode csv", "speaker:Smith", ".record off"])
        let (status, replayed) = try setting.replay()
        #expect(status == .success)
        #expect(replayed.output == String(setting.output.output.dropFirst(before.count)))
        #expect(!replayed.errors.contains("error") && !replayed.errors.contains("warning"))
    }

    @Test func aChangedFileStopsTheReplayWithStatusOneNamingTheFileAndBothHashes() throws {
        let setting = try Setting()
        setting.run([".record \(setting.record)", "harbour | count", ".record off"])
        let before = try Self.independentHash(setting.transcript)
        try setting.folder.write("data/committee.txt", Self.minutes + "Mr. SMITH: One word more.\n")
        let after = try Self.independentHash(setting.transcript)
        let (status, replayed) = try setting.replay()
        #expect(status == .expectationFailed)
        #expect(replayed.output == "")
        let line = try #require(replayed.errors.split(separator: "\n").first { $0.contains("error:") })
        let lines = try setting.recorded().split(separator: "\n", omittingEmptySubsequences: false)
        let checksumLine = try #require(lines.firstIndex { $0.hasPrefix(".checksum") }) + 1
        #expect(line.hasPrefix("\(setting.record):\(checksumLine):1: error: '\(setting.transcript)' differs"))
        #expect(line.contains(before) && line.contains(after))
    }

    @Test func aChangedCountStopsTheReplayAtItsExpect() throws {
        let setting = try Setting()
        setting.run([".record \(setting.record)", "roof | count", "harbour | count", ".record off"])
        let changed = Self.minutes + "Mr. SMITH: The harbour, once more.\n"
        try setting.folder.write("data/committee.txt", changed)
        // The checksum line is brought up to date, so only the count can fail.
        let old = try setting.recorded()
        let oldHash = try #require(old.split(separator: "\n").first { $0.hasPrefix(".checksum") }?.split(separator: ":").last)
        try old.replacingOccurrences(of: String(oldHash), with: try Self.independentHash(setting.transcript))
            .write(toFile: setting.record, atomically: true, encoding: .utf8)
        let record = try setting.recorded()
        #expect(record != old)
        let (status, replayed) = try setting.replay()
        #expect(status == .expectationFailed)
        let lines = record.split(separator: "\n", omittingEmptySubsequences: false)
        let expectLine = try #require(lines.indices.last { lines[$0].hasPrefix(".expect") }) + 1
        let was = Self.paragraphs(holding: "harbour")
        let now = Self.paragraphs(holding: "harbour", in: changed)
        #expect(now != was)
        #expect(replayed.errors.hasSuffix("\(setting.record):\(expectLine):1: error: expected \(was) utterances, but the last query matched \(now)\n"))
        // The query before it still held.
        #expect(replayed.output.hasPrefix("\(Self.paragraphs(holding: "roof", in: changed)) utterances"))
    }

    @Test func anotherVersionWarnsAndTheReplayGoesOn() throws {
        let setting = try Setting()
        setting.run([".record \(setting.record)", "harbour | count", ".record off"])
        let record = try setting.recorded()
        #expect(record.hasPrefix("# parley \(ProgramVersion.current)\n"))
        try record.replacingOccurrences(of: "# parley \(ProgramVersion.current)\n", with: "# parley 0.0.1-old\n")
            .write(toFile: setting.record, atomically: true, encoding: .utf8)
        let (status, replayed) = try setting.replay()
        #expect(status == .success)
        #expect(replayed.errors.hasPrefix("\(setting.record):1:1: warning: this script was made with parley 0.0.1-old; this is parley \(ProgramVersion.current)"))
        #expect(replayed.output == setting.output.output)
        // Only a first line of that shape names a version.
        #expect(Recording.version(of: "# parley 2.0\n* | count") == "2.0")
        #expect(Recording.version(of: "# parley is a shell\n") == nil)
        #expect(Recording.version(of: "* | count\n# parley 2.0\n") == nil)
    }

    @Test func loadingOpeningUnloadingAndReadingAfterTheRecordBegan() throws {
        // Begun on the built-in reference document: a bare `.open`, and no checksum.
        let setting = try Setting(paths: { _ in [] })
        let folder = setting.folder
        try folder.write("data/minutes 2.txt", "Mr. BROWN: The harbour is silting up.\n\nMrs. GREEN: Then dredge it.\n")
        try folder.write("notes/inner.parley", ".within turn\nharbour | count\n.within utterance\n")
        setting.run([".record \(setting.record)", "army | count", ".load \(folder.file("data/committee.txt"))", "harbour | count",
                     ".unload committee", "harbour | count", ".read \(folder.file("notes/inner.parley"))",
                     ".output \(folder.file("notes/out.csv"))", "Stalin | count", ".output",
                     ".open \(folder.file("data/committee.txt")) \"\(folder.file("data/minutes 2.txt"))\"", "harbour | count",
                     ".load \(folder.file("data/committee.txt"))", ".record off"])
        let record = try setting.recorded()
        let hash = try Self.independentHash(setting.transcript)
        let hash2 = try Self.independentHash(folder.file("data/minutes 2.txt"))
        let lines = record.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix(".open") || $0.hasPrefix(".checksum") || $0.hasPrefix(".load") || $0.hasPrefix(".unload") || $0.hasPrefix(".read") } == [
            ".open",
            ".load ../data/committee.txt",
            ".checksum ../data/committee.txt sha256:\(hash)",
            ".unload committee",
            ".open ../data/committee.txt \"../data/minutes 2.txt\"",
            ".checksum ../data/committee.txt sha256:\(hash)",
            ".checksum \"../data/minutes 2.txt\" sha256:\(hash2)",
        ])
        // The script's statements stand in the record; the output file is named in a comment only.
        #expect(record.contains("\n.within turn\nharbour | count\n.expect "))
        #expect(record.contains("\n# .output \(folder.file("notes/out.csv")) (not run again"))
        // The file's name chose CSV, and the screen has text again: the record says so, for the replay.
        #expect(record.contains("instead of writing the file)\n.mode csv\nStalin | count\n"))
        #expect(record.contains("\n# .output (results went back to the screen)\n.mode text\n"))
        #expect(!record.contains("\n.output"))
        // The replay prints what went to the file, and leaves the file alone.
        let written = try String(contentsOfFile: folder.file("notes/out.csv"), encoding: .utf8)
        try FileManager.default.removeItem(atPath: folder.file("notes/out.csv"))
        let (status, replayed) = try setting.replay()
        #expect(status == .success)
        #expect(!written.isEmpty && replayed.output.contains(written))
        #expect(!FileManager.default.fileExists(atPath: folder.file("notes/out.csv")))
    }

    @Test func settingsTopicsAndAliasesInEffectOpenTheRecord() throws {
        let setting = try Setting()
        setting.run([".within turn", ".editorial off", ".limit 5", ".context 1", ".alias Jane = Jones", ".define smith = speaker:Smith",
                     ".topic ÁVH = harbour", ".record \(setting.record)", "@smith harbour | count", ".record off"])
        let record = try setting.recorded()
        for line in [".within turn", ".editorial off", ".context 1", ".mode text", ".limit 5", ".alias Jane = Jones",
                     ".define smith = speaker:Smith", ".topic ÁVH = harbour"] {
            #expect(record.contains("\n" + line + "\n"), "\(line)")
        }
        // The topics every session starts with are not written again.
        #expect(!record.contains(".topic army"))
        // A startup file that sets other settings and topics does not change the replay.
        try setting.folder.write("rc.parley", ".within document\n.define smith = speaker:Jones\n")
        let (status, replayed) = try setting.replay(environment: ["PARLEYRC": setting.folder.file("rc.parley")])
        #expect(status == .success, Comment(rawValue: replayed.errors))
    }

    @Test func recordAloneSaysWhereAndOffStops() throws {
        let setting = try Setting()
        let s = setting.session
        #expect(s.run(".record") == .success)
        #expect(s.run(".record off") == .success)
        #expect(setting.output.errors.hasSuffix("note: no record is being written\n"))
        setting.run([".record \(setting.record)", "harbour | count", ".record"])
        #expect(setting.output.output.hasPrefix("record: off\n"))
        #expect(setting.output.output.hasSuffix("record: '\(setting.record)' (1 statement so far)\n"))
        // A second record ends the first.
        let second = setting.folder.file("notes/second.parley")
        setting.run([".record \(second)", "roof | count", ".record off"])
        #expect(try setting.recorded().hasSuffix("harbour | count\n.expect \(Self.paragraphs(holding: "harbour"))\n"))
        #expect(try String(contentsOfFile: second, encoding: .utf8).hasSuffix(".mode text\nroof | count\n.expect \(Self.paragraphs(holding: "roof"))\n"))
        // A record that cannot be written is an error, and nothing is recorded.
        #expect(s.run(".record \(setting.folder.path)") == .queryError)
        #expect(setting.output.errors.hasSuffix("error: cannot write to '\(setting.folder.path)': it is a folder; nothing is recorded\n"))
        #expect(s.run(".record") == .success && setting.output.output.hasSuffix("record: off\n"))
        // A name with a space is quoted; unquoted, it is refused rather than cut at the space.
        #expect(s.run(".record \(setting.folder.path)/my notes.parley") == .queryError)
        #expect(!FileManager.default.fileExists(atPath: setting.folder.file("my")))
        #expect(s.run(".record \"\(setting.folder.path)/my notes.parley\"") == .success)
        #expect(s.run(".record off") == .success)
        #expect(FileManager.default.fileExists(atPath: setting.folder.file("my notes.parley")))
    }

    // MARK: .checksum

    @Test func checksumOfAMissingFileOrAFolderAndMalformedHashes() throws {
        let setting = try Setting()
        let s = setting.session
        let output = setting.output
        let hash = try Self.independentHash(setting.transcript)
        #expect(s.run(".checksum \(setting.transcript) sha256:\(hash)") == .success)
        #expect(s.run(".checksum \(setting.transcript) SHA256:\(hash.uppercased())") == .success)
        #expect(s.run(".checksum \(setting.transcript)") == .success)
        #expect(output.output == ".checksum \(setting.transcript) sha256:\(hash)\n")
        let missing = setting.folder.file("data/gone.txt")
        #expect(s.run(".checksum \(missing) sha256:\(hash)") == .expectationFailed)
        #expect(output.errors.hasSuffix("error: cannot check '\(missing)': no such file or directory\n"))
        #expect(s.run(".checksum \(setting.folder.path) sha256:\(hash)") == .expectationFailed)
        #expect(output.errors.hasSuffix("error: cannot check '\(setting.folder.path)': it is a folder\n"))
        for malformed in ["sha256:\(hash.dropLast())", "md5:\(hash)", "sha256:\(hash.dropLast())g", hash] {
            #expect(s.run(".checksum \(setting.transcript) \(malformed)") == .queryError)
            #expect(output.errors.hasSuffix("error: '.checksum' takes 'sha256:' and 64 hexadecimal digits after the file, not '\(malformed)'\n"))
        }
        #expect(s.run(".checksum") == .queryError)
        #expect(s.run(".checksum a b c") == .queryError)
        // In a script, a relative path is read from the script's folder.
        #expect(s.runScript(".checksum ../data/committee.txt sha256:\(hash)", name: "s", folder: setting.folder.file("notes")) == .success)
    }
}
