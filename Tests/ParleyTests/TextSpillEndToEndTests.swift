import Foundation
import TestSupport
import Testing

/// A load that keeps its text in a temporary file (`TextSpill`; `PARLEY_TEXT_FILE_ABOVE=0` asks it of any
/// load) answers as one whose text stays in memory, also when the file cannot grow past a hundred
/// kilobytes (a full disk, here a file size limit): the text written before stays in the file, the rest
/// in memory, nothing is lost.
@Suite(.serialized) struct TextSpillEndToEndTests {
    /// Half a megabyte of transcripts in 4 files, of words drawn so that queries have hundreds of hits.
    static func corpus(in folder: TemporaryFolder) throws -> Int {
        var random = SplitMix64(seed: 42)
        let speakers = ["Cde. Beria", "Cde. Malenkov", "Cde. Molotov", "Cde. Nagy", "Cde. Rákosi"]
        var size = 0
        for file in 0..<4 {
            var text = "Session \(file)\n\n"
            while text.utf8.count < 120_000 {
                let words = (0..<Int(random.next() % 40 + 3)).map { _ in "w\(random.next() % 3_000)" }.joined(separator: " ")
                text += "\(speakers[Int(random.next() % 5)]): \(words).\n\n"
            }
            try folder.write("session-\(file).txt", text)
            size += text.utf8.count
        }
        return size
    }

    /// Runs parley on `folder` with bash's `ulimit -f` (kilobytes) when a limit is given, `SIGXFSZ`
    /// ignored so that a write past it fails as on a full disk, and `settings` in the environment.
    static func run(_ arguments: [String], limit kilobytes: Int? = nil, settings: String) throws -> EndToEndTests.Outcome {
        let limit = kilobytes.map { "ulimit -f \($0); " } ?? ""
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        return try BadInputTests.spawn("/bin/bash", ["-c", "trap '' XFSZ; \(limit)\(settings) exec '\(EndToEndTests.binary)' \(quoted)"])
    }

    @Test func aFileThatCannotGrowKeepsTheRestInMemory() throws {
        let folder = try TemporaryFolder()
        let size = try Self.corpus(in: folder)
        let temporary = try TemporaryFolder()
        let queries = ["* | count", "* | count by speaker", "w17 | count", "\"w1 w2\" | count", "/w29[0-9]9/ | count", "w2999 | kwic", "*"]
        let arguments = ["--no-index", "--format", "json"] + queries.flatMap { ["-c", $0] } + [folder.path]
        let inMemory = try Self.run(arguments, settings: "TMPDIR='\(temporary.path)'")
        #expect(inMemory.status == 0 && inMemory.errors.isEmpty)
        #expect(inMemory.output.contains("{\"utterances\": ") && inMemory.output.utf8.count > size)
        for limit in [0, 128, nil] {
            let spilled = try Self.run(arguments, limit: limit, settings: "PARLEY_TEXT_FILE_ABOVE=0 TMPDIR='\(temporary.path)'")
            #expect(spilled.status == 0 && spilled.errors.isEmpty)
            #expect(spilled.output == inMemory.output, "the file limited to \(limit.map { "\($0) KB" } ?? "nothing")")
        }
        // The file was deleted as soon as it was made.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }

    @Test func aSettingThatIsNoSizeIsSaid() throws {
        let run = try Self.run(["-c", "* | count"], settings: "PARLEY_TEXT_FILE_ABOVE=lots")
        #expect(run.status == 0 && run.output == "72 utterances, 23 turns with a hit, 1 document\n")
        #expect(run.errors == "warning: PARLEY_TEXT_FILE_ABOVE: 'lots' is not a size (bytes, or a number with K, M or G, as in 64M); "
                + "loads of 16M or more keep their text in a file\n")
    }
}
