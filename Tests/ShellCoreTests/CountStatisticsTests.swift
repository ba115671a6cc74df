import Foundation
import Testing
import ShellCore
import TranscriptFormats
import TranscriptModel

/// `count by speaker`'s figures (utterances, share, turns, words, hits, rate) against Tests/Oracle/counts.py,
/// which counts them from Parley's export of the model with its own word rules, written from README.md.
@Suite struct CountStatisticsTests {
    static let oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Oracle/counts.py").path
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The oracle's figures for a word (or `*`) over the documents of `paths`.
    func expected(_ paths: [String], word: String) throws -> [String: [String: Double]] {
        let folder = NSTemporaryDirectory() + "parley-counts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session(documents: documents(paths), output: BufferOutput())
        try #require(session.run(".export \(folder)/model.jsonl") == .success)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = [Self.oracle, folder + "/model.jsonl", word]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Double]])
    }

    /// The documents of `paths`; none: the reference document.
    func documents(_ paths: [String]) -> [Document] {
        paths.isEmpty ? [Loader.embeddedReference()] : Loader().load(paths).documents
    }

    /// Parley's rows, by speaker.
    func actual(_ paths: [String], query: String) -> [String: [String: Double]] {
        let output = BufferOutput()
        _ = Session(documents: documents(paths), output: output, format: .csv).run(query + " | count by speaker")
        let lines = output.output.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [:] }
        var rows: [String: [String: Double]] = [:]
        for line in lines.dropFirst() {
            rows[line[0]] = Dictionary(uniqueKeysWithValues: zip(header, line).dropFirst().compactMap { name, cell in Double(cell).map { (name, $0) } })
        }
        return rows
    }

    func compare(_ paths: [String], word: String) throws {
        let expected = try expected(paths, word: word)
        let actual = actual(paths, query: word)
        try #require(!expected.isEmpty)
        #expect(Set(actual.keys) == Set(expected.keys), "\(word): speakers")
        for (speaker, figures) in expected {
            // An empty cell (the rate of a speaker of no words) is no figure: the oracle gives none either.
            #expect(Set(actual[speaker]?.keys.map { $0 } ?? []) == Set(figures.keys), "\(word): \(speaker)")
            for (name, value) in figures {
                // Parley prints shares and rates to four places.
                let printed = actual[speaker]?[name] ?? .nan
                #expect(abs(printed - value) <= 0.00005 + 1e-9, "\(word): \(speaker) \(name): \(printed), expected \(value)")
            }
        }
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"), arguments: ["army", "*", "comrades", "Hungary"])
    func theReferenceDocument(word: String) throws {
        try compare([], word: word)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"),
          .enabled(if: python != nil, "python3 is not installed"),
          arguments: ["*", "the", "colonel"])
    func aHearing(word: String) throws {
        try compare([sharedCorpus + "/1987-07-north-testimony-hearing.txt"], word: word)
    }

    /// The Apollo 13 log has a speaker whose one utterance is `...`: no words, so no rate.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCorpus), "../shared/corpus is not beside the clone"),
          .enabled(if: python != nil, "python3 is not installed"))
    func aLogWithASpeakerOfNoWords() throws {
        let path = sharedCorpus + "/1970-04-apollo13-air-to-ground.txt"
        try compare([path], word: "*")
        #expect(actual([path], query: "*").contains { $0.value["rate"] == nil })
    }

    /// The words each speaker speaks are counted once and kept; `.alias` joins two speakers, and the rates
    /// after it are those of a session that joined them first.
    @Test func ratesFollowAnAlias() {
        func rows(countingFirst: Bool) -> String {
            let output = BufferOutput()
            let session = Session(documents: [Loader.embeddedReference()], output: output, format: .csv)
            if countingFirst { _ = session.run("army | count by speaker") }
            _ = session.run(".alias Beria = Malenkov")
            let before = output.output.count
            _ = session.run("army | count by speaker")
            return String(output.output.dropFirst(before))
        }
        let joined = rows(countingFirst: true)
        #expect(joined == rows(countingFirst: false))
        #expect(joined.contains("\nMalenkov,") && !joined.contains("\nBeria,"))
    }
}

/// A `sort` stage before a table chooses which hits a `limit` keeps, and changes no figure of the table.
@Suite struct SortBeforeATableTests {
    func csv(_ query: String, _ documents: [Document]) -> [String] {
        let output = BufferOutput()
        _ = Session(documents: documents, output: output, format: .csv).run(query)
        return output.output.split(separator: "\n").map(String.init)
    }

    /// The reference document has 23 turns (SPEC); sorted by speaker, its utterances come turn by turn out
    /// of order, and each turn must still count once.
    @Test func theReferenceDocumentKeepsItsTurns() {
        let reference = [Loader.embeddedReference()]
        let rows = csv("* | sort by speaker | count by doc", reference)
        #expect(rows.dropFirst().first?.split(separator: ",")[3] == "23")
        for grouping in ["doc", "speaker", "kind", "turn", "doc, speaker"] {
            for sort in ["speaker", "doc desc", "kind", "turn desc"] {
                #expect(csv("* | sort by \(sort) | count by \(grouping)", reference) == csv("* | count by \(grouping)", reference), "sort by \(sort), count by \(grouping)")
            }
        }
    }

    /// Two documents, the second's speaker first in the sort: each utterance stays in its own document.
    @Test func eachUtteranceStaysInItsDocument() throws {
        let first = try AnnotationWordTests.read("Mr. ZED: One harbour.\n\nMr. ZED: Two harbours.\n\nMr. YOUNG: Three.\n", path: "a.txt")
        let second = try AnnotationWordTests.read("Mr. ABLE: Four.\n\nMr. ABLE: Five six.\n", path: "b.txt")
        let rows = csv("* | sort by speaker | count by doc", first + second).map { $0.split(separator: ",").prefix(5).joined(separator: ",") }
        // a: 3 utterances in 3 turns, 2 + 2 + 1 words; b: 2 in 2, 1 + 2 words.
        #expect(rows == ["doc,utterances,share,turns,words", "a,3,0.6000,3,5", "b,2,0.4000,2,3"])
        #expect(csv("* | sort by speaker | limit 2 | count by doc", first + second).dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == ["b,2"])
    }
}
