import ClickHouseBackend
import Foundation
import QueryEngine
import QueryLanguage
import TestSupport
import TranscriptFormats
import TranscriptModel

/// The two-shard cluster of `Scripts/clickhouse-cluster.sh`, started once for the test run on ports of its
/// own and with fresh data, stopped when the test process ends.
enum Cluster {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sharedCorpus = repository.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static let environment = [
        "PARLEY_CLICKHOUSE_DIR": NSTemporaryDirectory() + "parley-clickhouse-tests",
        "PARLEY_CLICKHOUSE_HTTP_PORT": "18323",
        "PARLEY_CLICKHOUSE_TCP_PORT": "19300",
    ]
    static let url = "http://127.0.0.1:18323"

    /// Nil when the cluster runs; otherwise why the tests that need it are skipped.
    static let unavailableReason: String? = {
        if (try? script("stop", "--clean")) == nil { return "Scripts/clickhouse-cluster.sh could not run" }
        do {
            try script("start")
        } catch {
            return "the ClickHouse cluster could not start (clickhouse-server cannot be installed here?): \(error)"
        }
        atexit {
            _ = try? Cluster.script("stop", "--clean")
            try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "parley-clickhouse-generated")
        }
        return nil
    }()

    /// Starts the cluster the first time it is asked; when it cannot start, says why on standard error
    /// (the skipped tests' comment points there).
    static var isAvailable: Bool {
        if let reason = unavailableReason { FileHandle.standardError.write(Data("ClickHouse tests skipped: \(reason)\n".utf8)) }
        return unavailableReason == nil
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    static func script(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [repository.appendingPathComponent("Scripts/clickhouse-cluster.sh").path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailed(description: String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Ends a server the tests started, for certain. A child spawned from one of the test runner's worker
    /// threads inherits that thread's signal mask, which blocks SIGTERM, so `terminate()` may never end it;
    /// SIGKILL cannot be blocked.
    static func end(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func connection() throws -> Connection { Connection(try ServerAddress(url, environment: [:])) }

    /// Files of the shared corpus the comparisons push beside the reference document: several formats (a
    /// ParlaMint folder for speakers' parties and roles), small enough to push and index in a few seconds.
    static let corpusFiles = [
        "1963-08-09-khrushchev-rusk-record.md",
        "2021-04-16-biden-suga-press-conference.md",
        "1960-05-16-frus-paris-summit-memcon.tei.xml",
        "2021-08-02-seattle-council-briefing.vtt",
        "1962-10-brown-eve-010600a.cha",
        "parlamint-es-ct",
    ]

    static var sharedCorpusAvailable: Bool { FileManager.default.fileExists(atPath: sharedCorpus.path) }

    /// The documents both engines hold: the reference document, then the corpus files when present;
    /// pushed once for the whole run (the reference document alone first, as a push of its own).
    static let documents: [Document] = {
        var documents = [Loader.embeddedReference()]
        if sharedCorpusAvailable {
            documents += Loader().load(corpusFiles.map { sharedCorpus.appendingPathComponent($0).path }).documents
        }
        if let generated = generatedCorpus() { documents += Loader().load([generated]).documents }
        documents += Loader().load([prefixedWords(), wordsNearQQQQ()] + namesakes()).documents
        // Ids unique as a session makes them: the second `namesake` is `namesake-2`.
        return Corpus(documents).documents
    }()

    /// Two transcripts of the same name in two folders, `a/namesake.txt` and `b/namesake.txt`.
    static func namesakes() -> [String] {
        let folder = NSTemporaryDirectory() + "parley-clickhouse-namesakes/"
        return ["a", "b"].map { name in
            try? FileManager.default.createDirectory(atPath: folder + name, withIntermediateDirectories: true)
            let path = folder + name + "/namesake.txt"
            try? "Mr. BROWN: The namesake in folder \(name).\n".write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    /// A transcript of 6,000 turns, one word each, `pre0000` to `pre5999`: `pre*` stands for more words than
    /// a prefix is expanded to.
    static func prefixedWords() -> String {
        let path = NSTemporaryDirectory() + "parley-clickhouse-prefixed.txt"
        let text = (0..<6_000).map { "Mr. SMITH: pre" + String(format: "%04d", $0) + "." }.joined(separator: "\n\n") + "\n"
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A transcript of the 7,491 four-character words at most two changes from `qqqq` (letters and
    /// digits), one a turn, the last in byte order first: `qqqq~` is close to more words than a fuzzy word
    /// is expanded to, and the words met first are not the first in byte order. With them, a regular
    /// expression that matches every utterance sends the server a list longer than its default limits.
    static func wordsNearQQQQ() -> String {
        let words = wordsWithinTwoChanges(of: "qqqq")
        let path = NSTemporaryDirectory() + "parley-clickhouse-near-qqqq.txt"
        let text = words.reversed().map { "Mr. JONES: \($0)." }.joined(separator: "\n\n") + "\n"
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A small corpus made by `../shared/bench/gen_corpus.py` (1,500 turns in 15 documents, seeded), when
    /// python3 and the generator are there: many speakers and documents, words in bulk, and documents
    /// named as the generator names them (`doc-000001` in `doc-000001.txt`).
    static func generatedCorpus() -> String? {
        let generator = sharedCorpus.deletingLastPathComponent().appendingPathComponent("bench/gen_corpus.py").path
        let python = "/usr/bin/python3"
        guard FileManager.default.fileExists(atPath: generator), FileManager.default.isExecutableFile(atPath: python) else { return nil }
        let folder = NSTemporaryDirectory() + "parley-clickhouse-generated"
        try? FileManager.default.removeItem(atPath: folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [generator, "--turns", "1500", "--turns-per-doc", "100", "--seed", "18", "--out", folder]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? folder : nil
    }

    static let pushed: Result<ServerCorpus, Error> = {
        Result {
            let pusher = Pusher(connection: try connection())
            _ = try pusher.push([documents[0]])
            _ = try pusher.push(Array(documents.dropFirst()))
            return try ServerCorpus(connection: try connection())
        }
    }()

    static let memory = CorpusIndex(documents)
}
