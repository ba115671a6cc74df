import Foundation
import Testing

/// The README's examples of `parley` on the reference document print what the program prints: each
/// `$ parley ...` line of a code block that asks only the reference document (no paths, no files written)
/// is run, and its output compared with the lines under it. A figure that a change of the rules moves is
/// then mended in the README in the same change.
@Suite struct ReadmeExampleTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// A command line of the README and the lines it shows under it.
    struct Example: CustomStringConvertible {
        var line: Int
        var arguments: [String]
        var expected: String
        var description: String { "README.md:\(line): parley \(arguments.joined(separator: " "))" }
    }

    /// The examples to run: within code blocks, `$ parley` lines whose arguments are only `-c QUERY`
    /// (no `.output`, `.record` or `.export`, which write files), `--format FORMAT` and `--check`.
    static func examples() throws -> [Example] {
        let lines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        var examples: [Example] = []
        var inBlock = false
        var current: Example?
        func finish() {
            guard var example = current else { return }
            while example.expected.hasSuffix("\n\n") { example.expected.removeLast() }
            if !example.expected.isEmpty { examples.append(example) }
            current = nil
        }
        for (number, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                finish()
                inBlock.toggle()
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") {
                finish()
                guard line.hasPrefix("$ parley "), let arguments = shellWords(String(line.dropFirst(9))), runnable(arguments) else { continue }
                current = Example(line: number + 1, arguments: arguments, expected: "")
            } else if current != nil {
                // The block's indent is the example's, not the output's.
                let indent = raw.prefix { $0 == " " }.count
                current?.expected += String(raw.dropFirst(min(indent, blockIndent(lines, before: number)))) + "\n"
            }
        }
        return examples
    }

    /// The indent of the `$` line above line `number`.
    static func blockIndent(_ lines: [String], before number: Int) -> Int {
        let command = lines[..<number].last { $0.trimmingCharacters(in: .whitespaces).hasPrefix("$ ") } ?? ""
        return command.prefix { $0 == " " }.count
    }

    static func runnable(_ arguments: [String]) -> Bool {
        var rest = arguments[...]
        while let first = rest.popFirst() {
            switch first {
            case "-c":
                guard let query = rest.popFirst(), ![".output", ".record", ".export", ".push", ".connect"].contains(where: query.hasPrefix) else { return false }
            case "--format":
                guard rest.popFirst() != nil else { return false }
            case "--check":
                continue
            default:
                return false
            }
        }
        return true
    }

    /// The words of a command line as a POSIX shell splits them (single and double quotes); nil for what
    /// the test does not take (a comment, a `$VAR`).
    static func shellWords(_ text: String) -> [String]? {
        var words: [String] = []
        var word: String?
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { word?.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                if word == nil { word = "" }
            } else if character == " " {
                if let done = word { words.append(done) }
                word = nil
            } else if character == "#" || character == "$" || character == "\\" {
                return nil
            } else {
                word = (word ?? "") + String(character)
            }
        }
        guard quote == nil else { return nil }
        if let done = word { words.append(done) }
        return words
    }

    @Test func theExamplesOnTheReferenceDocumentPrintWhatTheProgramPrints() throws {
        let examples = try Self.examples()
        // The README's examples of queries, `.explain`, an error, a timeline and `--check` are among them.
        #expect(examples.count >= 6, "\(examples)")
        #expect(examples.contains { $0.arguments == ["--check"] })
        for example in examples {
            let run = try EndToEndTests.run(example.arguments + ["--no-index"])
            var printed = run.output + run.errors
            while printed.hasSuffix("\n\n") { printed.removeLast() }
            #expect(Self.shows(printed, as: example.expected), "\(example):\n\(printed)")
        }
    }

    /// Whether `printed` is what the README shows: line for line, where a line the README ends with ` ...`
    /// stands for any line that starts as it does, and the legend a count table has on a terminal (which
    /// the README's examples show, and a pipe does not get) is left out.
    static func shows(_ printed: String, as expected: String) -> Bool {
        var wanted = expected.components(separatedBy: "\n")
        if let legend = wanted.firstIndex(where: { $0.hasPrefix("words: words of the matched utterances") }) {
            wanted.removeSubrange(legend..<(wanted.endIndex - 1))
        }
        let got = printed.components(separatedBy: "\n")
        guard got.count == wanted.count else { return false }
        return zip(got, wanted).allSatisfy { line, shown in
            shown.hasSuffix(" ...") ? line.hasPrefix(shown.dropLast(4)) : line == shown
        }
    }
}
