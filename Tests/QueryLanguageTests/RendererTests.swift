import Testing
@testable import QueryLanguage

/// The rendered form of SPEC section 6, with carets counted in Characters.
@Suite("Renderer")
struct RendererTests {
    func render(_ text: String, fileName: String? = nil, firstLine: Int = 1) -> String {
        let parsed = parseQuery(text)
        return DiagnosticRenderer(fileName: fileName, firstLine: firstLine).render(parsed.diagnostics, in: parsed.source)
    }

    @Test("the SPEC's example, exactly")
    func specExample() {
        #expect(render("speaker:Beria OR") == """
            error: expected a search term after 'OR'
              | speaker:Beria OR
              |               ^^
            """)
    }

    @Test("carets under ÁVH count Characters, not bytes")
    func caretsUnderAccents() {
        #expect(render("topic:ÁVH OR") == """
            error: expected a search term after 'OR'
              | topic:ÁVH OR
              |           ^^
            """)
        #expect(render("mentions:Rákosi speakr:ÁVH") == """
            error: unknown field 'speakr'; did you mean 'speaker'?
              | mentions:Rákosi speakr:ÁVH
              |                 ^^^^^^
            """)
        #expect(render("kind:spéach") == """
            error: unknown kind 'spéach'; did you mean 'speech'?
              | kind:spéach
              |      ^^^^^^
            """)
    }

    @Test("a decomposed accent takes no column of its own, an emoji or a Chinese character two, as on a terminal")
    func graphemeClusters() {
        #expect(render("Pe\u{301}ter 😀 OR") == """
            error: unexpected character '😀'
              | Pe\u{301}ter 😀 OR
              |       ^^
            error: expected a search term after 'OR'
              | Pe\u{301}ter 😀 OR
              |          ^^
            """)
        #expect(render("speaker:王丽 OR") == """
            error: expected a search term after 'OR'
              | speaker:王丽 OR
              |              ^^
            """)
    }

    @Test("a range at the end of input gets one caret after the last character")
    func caretAtEnd() {
        let source = Source("topic:ÁVH")
        let diagnostic = Diagnostic(id: .emptyQuery, message: "expected more", range: .point(source.count))
        #expect(DiagnosticRenderer().render(diagnostic, in: source) == """
            error: expected more
              | topic:ÁVH
              |          ^
            """)
    }

    @Test("the script form puts file, line and column first")
    func scriptForm() {
        #expect(render("speaker:Beria OR", fileName: "questions.parley", firstLine: 4) == """
            questions.parley:4:15: error: expected a search term after 'OR'
              | speaker:Beria OR
              |               ^^
            """)
        #expect(render("topic:ÁVH OR", fileName: "q.parley", firstLine: 1).hasPrefix("q.parley:1:11: error:"))
    }

    @Test("a query over several lines shows the line of the mistake and counts lines from the script's")
    func multiLineQuery() {
        #expect(render("(army\n  OR", fileName: "q.parley", firstLine: 10) == """
            q.parley:11:3: error: expected a search term after 'OR'
              |   OR
              |   ^^
            """)
    }

    @Test("a NUL byte and a tab are shown one column wide")
    func controlCharacters() {
        #expect(render("a\tb \u{0} c") == """
            error: unexpected character U+0000
              | a b \u{2400} c
              |     ^
            """)
    }

    @Test("warnings and notes are labelled as such")
    func severities() {
        #expect(render("/x/g") == """
            warning: 'g' after a regular expression is ignored; matching is always case-insensitive
              | /x/g
              |    ^
            """)
        #expect(render("a | b") == """
            error: unknown stage 'b'; stages are show, kwic, count, words, collocates, keywords, ngrams, timeline, interruptions, transitions, cite, limit and sort
              | a | b
              |     ^
            note: '|' starts a stage; to match either of two terms, write 'OR'
            """)
    }

    @Test("a very long line is cut to a window around the carets")
    func longLine() {
        let text = String(repeating: "word ", count: 10_000) + "OR"
        let lines = render(text).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].count <= 110)
        #expect(lines[1].hasPrefix("  | …"))
        #expect(lines[1].hasSuffix("OR"))
        let caretColumn = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        let orColumn = lines[1].range(of: "OR").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }
        #expect(caretColumn != nil && caretColumn == orColumn)
    }
}
