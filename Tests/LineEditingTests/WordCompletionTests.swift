import Testing
@testable import LineEditing

@Suite("Word completion")
struct CompletionTests {
    @Test("common prefix is computed over Characters", arguments: [
        (["Rákosi", "Révai"], "R"),
        (["speaker:Rákosi"], "speaker:Rákosi"),
        (["speaker:Rákosi", "speaker:Rákos"], "speaker:Rákos"),
        (["speaker:Rákosi", "speaker:Révai", "speaker:Beria"], "speaker:"),
        (["Beria", "Molotov"], ""),
        ([], ""),
        // Precomposed and decomposed á are the same Character.
        (["R\u{E1}kosi", "Ra\u{301}kos"], "R\u{E1}kos"),
        // A flag is one Character of two scalars; the prefix never splits it.
        (["🇭🇺a", "🇭🇷b"], ""),
    ] as [([String], String)])
    func commonPrefix(words: [String], expected: String) {
        #expect(WordCompletion.commonPrefix(words) == expected)
    }

    @Test("the common prefix of non-ASCII words is whole UTF-8")
    func prefixIsWholeUTF8() {
        let prefix = WordCompletion.commonPrefix(["Rákosi", "Révai"])
        #expect(Array(prefix.utf8) == [0x52])
        // The bytes of every edit decode back to the same text: no sequence is cut.
        for edit in [WordCompletion.edit(word: "R", candidates: ["Rákosi", "Rákos"]),
                     WordCompletion.edit(word: "speaker:Rá", candidates: ["speaker:Rákosi"])] {
            guard case .replace(let text) = edit else {
                Issue.record("expected a replacement, got \(edit)")
                continue
            }
            #expect(String(validating: Array(text.utf8), as: UTF8.self) == text)
        }
    }

    @Test("the word is what follows the last break character", arguments: [
        ("speaker:Rá", "speaker:Rá"),
        ("ÁVH speaker:Rá", "speaker:Rá"),
        ("(army OR speaker:Ré", "speaker:Ré"),
        ("x | count by sp", "sp"),
        // Inside a quote left open, the word the quote stands in: a name with spaces is one word.
        ("\"collective lead", "\"collective lead"),
        ("army speaker:\"Rosa M", "speaker:\"Rosa M"),
        ("(speaker:\"Carl", "speaker:\"Carl"),
        ("\"collective leadership\" speaker:Ca", "speaker:Ca"),
        ("topic:ÁVH ", ""),
        ("", ""),
        ("\tspeaker:", "speaker:"),
    ])
    func word(line: String, expected: String) {
        #expect(WordCompletion.word(before: line) == expected)
    }

    @Test("one candidate replaces the word and gets a space")
    func single() {
        #expect(WordCompletion.edit(word: "speaker:Rá", candidates: ["speaker:Rákosi"]) == .replace("speaker:Rákosi "))
        #expect(WordCompletion.edit(word: "speaker:Rá", candidates: ["speaker:Rákosi", "speaker:Rákosi"]) == .replace("speaker:Rákosi "))
    }

    @Test("a folder gets no space, so it can be completed further")
    func folder() {
        #expect(WordCompletion.edit(word: "Exam", candidates: ["Examples/"]) == .replace("Examples/"))
        // A field's name is followed by its value, not a space: the next TAB completes the value.
        #expect(WordCompletion.edit(word: "spea", candidates: ["speaker:"]) == .replace("speaker:"))
        #expect(WordCompletion.edit(word: "-spea", candidates: ["-speaker:"]) == .replace("-speaker:"))
    }

    @Test("several candidates sharing only the word are listed, in the completer's order")
    func list() {
        #expect(WordCompletion.edit(word: "speaker:R", candidates: ["speaker:Révai", "speaker:Rákosi"])
                == .list(["speaker:Révai", "speaker:Rákosi"]))
        #expect(WordCompletion.edit(word: "speaker:", candidates: ["speaker:Rákosi", "speaker:Révai", "speaker:Beria"])
                == .list(["speaker:Rákosi", "speaker:Révai", "speaker:Beria"]))
    }

    @Test("several candidates with a longer common prefix replace the word with it")
    func extend() {
        #expect(WordCompletion.edit(word: "speaker:R", candidates: ["speaker:Rákosi", "speaker:Rákos"]) == .replace("speaker:Rákos"))
        // Candidates need not start with the word (the completer may ignore case and accents).
        #expect(WordCompletion.edit(word: "rak", candidates: ["Rákosi", "Rákos"]) == .replace("Rákos"))
    }

    @Test("no candidates change nothing")
    func none() {
        #expect(WordCompletion.edit(word: "xyz", candidates: []) == .none)
        #expect(WordCompletion.edit(word: "xyz", candidates: [""]) == .none)
    }

    @Test("a listing fills columns down, then across, within the width")
    func columns() {
        let text = WordCompletion.columns(["speaker:Rákosi", "speaker:Révai", "speaker:Beria"], width: 40)
        #expect(text == "speaker:Rákosi  speaker:Beria\nspeaker:Révai\n")
        #expect(WordCompletion.columns(["a", "b"], width: 0) == "a\nb\n")
        #expect(WordCompletion.columns([], width: 80) == "")
        let many = (1...5).map { "w\($0)" }
        #expect(WordCompletion.columns(many, width: 80, limit: 3) == "w1  w2  w3\n(2 more)\n")
        // `speaker:王丽` takes 12 columns, as `speaker:Tom ` does: the next column starts 14 along on both rows.
        let wide = WordCompletion.columns(["speaker:王丽", "speaker:Tom", "speaker:Ann"], width: 30)
        #expect(wide == "speaker:王丽  speaker:Ann\nspeaker:Tom\n")
    }
}

@Suite("Screen layout")
struct LayoutTests {
    @Test("display width counts columns, not bytes, and skips hidden prompt codes")
    func width() {
        #expect(WordCompletion.displayWidth("speaker:王丽") == 12)
        #expect(WordCompletion.displayWidth("\u{1}\u{1B}[1m\u{1}王丽>\u{1}\u{1B}[0m\u{1} ") == 6)
        #expect(WordCompletion.displayWidth("parley> ") == 8)
        #expect(WordCompletion.displayWidth("speaker:Rákosi") == 14)
        #expect(WordCompletion.displayWidth("\u{1}\u{1B}[1m\u{1}parley>\u{1}\u{1B}[0m\u{1} ") == 8)
    }

    @Test("rows below the cursor of a wrapped line")
    func rows() {
        #expect(WordCompletion.rowsBelowCursor(prompt: 8, before: "army", after: "", width: 80) == 0)
        let long = String(repeating: "é", count: 600)
        #expect(WordCompletion.rowsBelowCursor(prompt: 8, before: long, after: "", width: 120) == 0)
        #expect(WordCompletion.rowsBelowCursor(prompt: 8, before: "", after: long, width: 120) == 5)
        #expect(WordCompletion.rowsBelowCursor(prompt: 8, before: "x", after: "y", width: 0) == 0)
    }
}
