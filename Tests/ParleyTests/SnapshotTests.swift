import Foundation
import Testing
import TestSupport

/// The persistent index across processes: shells started at once on one cache all answer right, and a
/// snapshot is never seen half written.
@Suite struct SnapshotTests {
    /// Runs parley with `arguments`, with `cache` as `XDG_CACHE_HOME`, without waiting for it.
    static func start(_ arguments: [String], cache: String) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "PARLEYRC": "", "NO_COLOR": "1", "XDG_CACHE_HOME": cache]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    static func finish(_ run: (Process, Pipe, Pipe)) -> EndToEndTests.Outcome {
        let output = run.1.fileHandleForReading.readDataToEndOfFile()
        let errors = run.2.fileHandleForReading.readDataToEndOfFile()
        run.0.waitUntilExit()
        return EndToEndTests.Outcome(status: run.0.terminationStatus, output: String(decoding: output, as: UTF8.self),
                                     errors: String(decoding: errors, as: UTF8.self))
    }

    @Test func shellsStartedAtOnceOnOneCacheAllAnswerRight() throws {
        let folder = try TemporaryFolder()
        var random = SplitMix64(seed: 11)
        let names = ["Cde. Beria", "Cde. Rákosi", "Comrade Molotov", "Cde. Nagy"]
        let words = ["army", "party", "leadership", "the", "must", "collective", "ÁVH", "plan", "of", "industry"]
        for f in 0..<20 {
            var text = ""
            for _ in 0..<200 {
                text += names.randomElement(using: &random)! + ": "
                text += (0..<12).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") + ".\n\n"
            }
            try folder.write("corpus/doc-\(f).txt", text)
        }
        let corpus = folder.file("corpus")
        let cache = folder.file("cache")
        let queries = ["-c", "army | count", "-c", "* | count by speaker", "-c", "\"collective leadership\" | count"]
        let expected = EndToEndTests.Outcome(status: 0, output: "", errors: "")
        let plain = Self.finish(try Self.start(queries + ["--no-index", corpus], cache: cache))
        #expect(plain.status == 0 && plain.errors == expected.errors)
        // Four at once on an empty cache (each may write it), then four at once that read it.
        for round in 0..<2 {
            let runs = try (0..<4).map { _ in try Self.start(queries + [corpus], cache: cache) }
            for outcome in runs.map(Self.finish) {
                #expect(outcome.status == 0, "round \(round)")
                #expect(outcome.output == plain.output, "round \(round)")
                #expect(outcome.errors == "", "round \(round)")
            }
        }
        // A file changes: four at once, each updating the snapshot, all answer as a fresh load does.
        try folder.write("corpus/doc-3.txt", "Cde. Nagy: The collective leadership of the army.\n")
        let changed = Self.finish(try Self.start(queries + ["--no-index", corpus], cache: cache))
        #expect(changed.output != plain.output)
        let runs = try (0..<4).map { _ in try Self.start(queries + [corpus], cache: cache) }
        for outcome in runs.map(Self.finish) {
            #expect(outcome.status == 0 && outcome.output == changed.output)
            #expect(outcome.errors == "" || outcome.errors == "note: the index of these files is updated: '\(corpus)/doc-3.txt' changed\n",
                    "\(outcome.errors)")
        }
        // One snapshot, and beside it the file of changes that holds the changed file.
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: cache + "/parley").sorted()
        #expect(snapshots.count == 2 && snapshots[0].hasSuffix(".changes.parley-index") && snapshots[1].hasSuffix(".parley-index"), "\(snapshots)")
        let state = Self.finish(try Self.start(["-c", ".index", corpus], cache: cache))
        #expect(state.output.hasSuffix("(what changed since it was written, read with it)\nstate: valid; read instead of the files\n"), "\(state.output)")
    }
}
