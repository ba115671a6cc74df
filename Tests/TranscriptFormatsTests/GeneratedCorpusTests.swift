import Foundation
import TestSupport
import Testing
@testable import TranscriptFormats
import TranscriptModel

/// A corpus made by `../shared/bench/gen_corpus.py`, whose `manifest.json` holds the true counts.
@Suite struct GeneratedCorpusTests {
    static let generator = SharedCorpus.folder.deletingLastPathComponent().appendingPathComponent("bench/gen_corpus.py").path
    static var canGenerate: Bool {
        FileManager.default.fileExists(atPath: generator) && Process.which("python3") != nil
    }

    @Test(.enabled(if: canGenerate, "needs python3 and ../shared/bench/gen_corpus.py beside the clone"))
    func importerMatchesTheManifest() throws {
        let folder = try TemporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Process.which("python3")))
        process.arguments = [Self.generator, "--turns", "10000", "--out", folder.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/manifest.json"))) as? [String: Any])

        let result = Loader().load([folder.path])
        #expect(!result.failed)
        // The manifest itself is not a transcript: skipped with a note.
        #expect(result.messages.map(\.description) == ["note: \(folder.path)/manifest.json: skipped: JSON, but not a transcript: no speaker-labelled utterances (AssemblyAI 'utterances' or Amazon Transcribe 'speaker_labels')"])
        let documents = result.documents
        #expect(documents.count == manifest["documents"] as? Int)
        #expect(documents.reduce(0) { $0 + $1.turns.count } == manifest["turns"] as? Int)
        #expect(documents.reduce(0) { $0 + $1.utterances.filter { $0.kind == .speech }.count } == manifest["paragraphs"] as? Int)
        #expect(documents.reduce(0) { $0 + $1.utterances.filter { $0.kind == .interjection }.count } == manifest["interjections"] as? Int)

        var turnsBySpeaker: [String: Int] = [:]
        var interjectionsBySpeaker: [String: Int] = [:]
        for document in documents {
            for turn in document.turns { turnsBySpeaker[document.speakers[turn.speaker ?? -1].name, default: 0] += 1 }
            for u in document.utterances where u.kind == .interjection {
                interjectionsBySpeaker[document.speakers[u.speaker ?? -1].name, default: 0] += 1
            }
        }
        #expect(turnsBySpeaker == manifest["turns_by_speaker"] as? [String: Int])
        #expect(interjectionsBySpeaker == manifest["interjections_by_speaker"] as? [String: Int])
    }
}

extension Process {
    /// The full path of a program on PATH, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
