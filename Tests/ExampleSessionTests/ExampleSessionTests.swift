import Foundation
import Testing
import ShellCore
import TranscriptFormats

/// Every example is replayed, so the examples in the docs are always true. `RECORD_SESSIONS=1 swift test`
/// rewrites the session files with what Parley prints now, and still fails, so each re-recording is a
/// reviewed diff.
@Suite struct ExampleSessionTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples")
    static let sessions = examples.appendingPathComponent("sessions")
    static let scripts = examples.appendingPathComponent("scripts")

    static func files(_ folder: URL, _ ending: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(ending) }.sorted()
    }

    @Test(arguments: files(sessions, ".session"))
    func sessionReplays(_ name: String) throws {
        let path = Self.sessions.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let example = ExampleSession(parsing: text)
        #expect(!example.steps.isEmpty, "\(name) has no 'parley> ' lines")
        #expect(example.title != nil, "\(name) does not open with a comment")
        let outputs = example.play(folder: Self.sessions.path)
        if ProcessInfo.processInfo.environment["RECORD_SESSIONS"] == "1" {
            let recorded = example.rendered(outputs: outputs)
            if recorded != text {
                try recorded.write(toFile: path, atomically: true, encoding: .utf8)
                Issue.record("\(name) was re-recorded: review the diff and run the tests again")
            }
            return
        }
        #expect(outputs.count == example.steps.count, "\(name): the session stopped early (.quit?)")
        for (step, actual) in zip(example.steps, outputs) where step.expected != actual {
            Issue.record("\(name):\(step.line): 'parley> \(step.input)' printed something else:\n\(ExampleSession.diff(expected: step.expected, actual: actual))")
        }
    }

    @Test func thereIsACourse() {
        #expect(Self.files(Self.sessions, ".session").count >= 10)
        #expect(Self.files(Self.scripts, ".parley").count >= 3)
    }

    @Test(arguments: files(scripts, ".parley"))
    func scriptPasses(_ name: String) throws {
        let path = Self.scripts.appendingPathComponent(name).path
        let output = BufferOutput()
        let session = Session(documents: [Loader.embeddedReference()], output: output)
        let status = session.runScript(try String(contentsOfFile: path, encoding: .utf8), name: name, folder: Self.scripts.path)
        #expect(status == .success, "\(name): \(output.errors)")
    }

    /// The README quotes sessions between `<!-- session: NAME -->` and the fence after it; each quote must
    /// be the file as it is.
    @Test func readmeQuotesAreTheFiles() throws {
        let readme = try String(contentsOf: Self.examples.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let parts = readme.components(separatedBy: "<!-- session: ").dropFirst()
        #expect(!parts.isEmpty, "the README quotes no session")
        for part in parts {
            let name = String(part.prefix { $0 != " " })
            let body = part.components(separatedBy: "```").dropFirst().first.map { String($0.drop { $0 != "\n" }.dropFirst()) } ?? ""
            let file = try String(contentsOfFile: Self.sessions.appendingPathComponent(name).path, encoding: .utf8)
            #expect(body == file, "README's quote of \(name) differs from the file")
        }
    }

    @Test func parsingKeepsEverything() {
        let text = "# Title\n# more\nparley> * | count\n72 utterances, 23 turns with a hit, 1 document\n\n# next\nparley> .docs\n\\# a line of output\n"
        let example = ExampleSession(parsing: text)
        #expect(example.title == "Title")
        #expect(example.steps.map(\.input) == ["* | count", ".docs"])
        #expect(example.steps[1].expected == ["# a line of output"])
        #expect(example.rendered() == text)
    }
}
