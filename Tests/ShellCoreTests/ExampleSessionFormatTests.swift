import Testing
import ShellCore

/// The example-session format: `#` comments, `parley> ` inputs, outputs with `\#` for a leading `#`.
@Suite struct ExampleSessionFormatTests {
    @Test func parsingAndRenderingKeepEverything() {
        let text = "# Title\n# more\nparley> * | count\n72 utterances, 23 turns with a hit, 1 document\n\n# next\nparley> .docs\n\\# a line of output\n"
        let example = ExampleSession(parsing: text)
        #expect(example.title == "Title")
        #expect(example.steps.map(\.input) == ["* | count", ".docs"])
        #expect(example.steps.map(\.line) == [3, 7])
        #expect(example.steps[1].expected == ["# a line of output"])
        #expect(example.rendered() == text)
    }

    @Test func playingRecordsResultsAndMessagesInOrder() {
        let example = ExampleSession(parsing: "# t\nparley> kind:interjection | count\n\nparley> speakr:x\n\nparley> .timer on\n\nparley> * | count\n")
        let outputs = example.play(folder: nil)
        #expect(outputs[0] == ["3 utterances, 2 turns with a hit, 1 document"])
        #expect(outputs[1].first == "error: unknown field 'speakr'; did you mean 'speaker'?")
        // No timings in replays, so they read the same on every machine.
        #expect(outputs[3] == ["72 utterances, 23 turns with a hit, 1 document"])
        #expect(ExampleSession.diff(expected: ["a", "b"], actual: ["a", "c"]) == "  a\n- b\n+ c")
    }
}
