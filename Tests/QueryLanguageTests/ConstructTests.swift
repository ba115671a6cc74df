import Testing
@testable import QueryLanguage

/// Every construct of SPEC section 3, with the canonical print it must give; printing and parsing again is stable.
@Suite("Constructs")
struct ConstructTests {
    static let cases: [(query: String, printed: String)] = [
        // Words, with the characters SPEC allows inside them.
        ("rakosi", "rakosi"),
        ("Péter's", "Péter's"),
        ("Péter’s", "Péter’s"),
        ("co-operatives", "co-operatives"),
        ("1953-06", "1953-06"),
        ("100,000", "100,000"),
        ("1.5", "1.5"),
        ("75%", "75%"),
        // Phrases and proximity; smart quotes are quotes.
        (#""collective leadership""#, #""collective leadership""#),
        (#""army purge"~5"#, #""army purge"~5"#),
        ("“collective leadership”", #""collective leadership""#),
        ("„collective leadership“", #""collective leadership""#),
        (#""say \„no\“""#, #""say \„no\“""#),
        (#""say \"no\" now""#, #""say \"no\" now""#),
        // Prefix, fuzzy, regex.
        ("collectiv*", "collectiv*"),
        ("Rakosy~", "Rakosy~"),
        ("Rakosy~2", "Rakosy~"),
        ("Rakosy~1", "Rakosy~1"),
        ("/arrest(ed|s)?/", "/arrest(ed|s)?/"),
        (#"/a\/b/"#, #"/a\/b/"#),
        ("/two words/", "/two words/"),
        // Boolean.
        ("army AND leadership", "(army AND leadership)"),
        ("army leadership", "(army AND leadership)"),
        ("army OR leadership", "(army OR leadership)"),
        ("NOT army", "NOT army"),
        ("-army", "NOT army"),
        ("(army)", "army"),
        // Everything, named queries.
        ("*", "*"),
        ("* | count", "* | count"),
        ("@security", "@security"),
        ("@security -ÁVH", "(@security AND NOT ÁVH)"),
        // Every field of the table, with its examples.
        ("speaker:Beria", "speaker:Beria"),
        (#"speaker:"Imre Nagy""#, #"speaker:"Imre Nagy""#),
        ("speaker:rak*", "speaker:rak*"),
        ("Speaker:Beria", "speaker:Beria"),
        ("speaker: Beria", "speaker:Beria"),
        ("mentions:Rákosi", "mentions:Rákosi"),
        ("mentions:ÁVH", "mentions:ÁVH"),
        ("topic:ÁVH", "topic:ÁVH"),
        ("topic:agriculture", "topic:agriculture"),
        (#"text:"Red Army""#, #"text:"Red Army""#),
        ("kind:speech", "kind:speech"),
        ("kind:interjection", "kind:interjection"),
        ("kind:direction", "kind:direction"),
        ("kind:narrative", "kind:narrative"),
        ("doc:1953*", "doc:1953*"),
        ("date:1953", "date:1953"),
        ("date:1953-06..1956-10", "date:1953-06..1956-10"),
        ("date:>=1960", "date:>=1960"),
        ("date:<1953-06-13", "date:<1953-06-13"),
        ("time:00:10:00..00:20:00", "time:00:10:00..00:20:00"),
        ("time:>=45:00", "time:>=45:00"),
        ("time:-00:00:00:10..00:00:01:00", "time:-00:00:00:10..00:00:01:00"),
        ("time:<=-00:00:00:05", "time:<=-00:00:00:05"),
        ("time:01:02:03.5", "time:01:02:03.5"),
        ("time:-00:00:00:10", "time:-00:00:00:10"),
        ("turn:5", "turn:5"),
        ("turn:3..7", "turn:3..7"),
        ("turn:>10", "turn:>10"),
        ("number:>100000", "number:>100000"),
        ("number:1000..50000", "number:1000..50000"),
        ("number:<=1,000", "number:<=1,000"),
        ("unit:forints", "unit:forints"),
        ("unit:%", "unit:%"),
        ("editorial:elision", "editorial:elision"),
        ("editorial:sic", "editorial:sic"),
        // Spaces between a field and its value are allowed; the canonical form has none.
        ("date:> 1960", "date:>1960"),
        ("turn:3 .. 7", "turn:3..7"),
        ("- army", "NOT army"),
        ("kind:inter*", "kind:inter*"),
        ("10:30", "10:30"),
        // Stages.
        ("army | show", "army | show"),
        ("army | kwic", "army | kwic"),
        ("army | kwic 60", "army | kwic 60"),
        ("army | count", "army | count"),
        ("ÁVH | count by speaker", "ÁVH | count by speaker"),
        ("army | count by doc", "army | count by doc"),
        ("army | count by kind", "army | count by kind"),
        ("army | count by date", "army | count by date"),
        ("army | count by turn", "army | count by turn"),
        ("army | count by unit", "army | count by unit"),
        ("army | words", "army | words"),
        ("army | words 20", "army | words 20"),
        ("army | limit 5", "army | limit 5"),
        ("army | sort by date", "army | sort by date"),
        ("army | sort by speaker desc", "army | sort by speaker desc"),
        ("army | sort by turn asc", "army | sort by turn"),
        ("army | COUNT BY Speaker", "army | count by speaker"),
        ("army | sort by date desc | limit 3 | kwic", "army | sort by date desc | limit 3 | kwic"),
        // A bigger query, as a user would type it.
        (#"speaker:Beria (ÁVH OR "Ministry of the Interior") -kind:interjection | count by speaker"#,
         #"(speaker:Beria AND (ÁVH OR "Ministry of the Interior") AND NOT kind:interjection) | count by speaker"#),
    ]

    @Test("each construct prints canonically", arguments: cases)
    func printsCanonically(query: String, printed: String) {
        #expect(canonical(query) == printed)
    }

    @Test("print, parse, print again is stable and keeps the tree", arguments: cases)
    func roundTrip(query: String, printed: String) {
        let first = parseQuery(query)
        let text = CanonicalPrinter.print(first)
        let second = parseQuery(text)
        #expect(second.diagnostics.isEmpty, "\(second.diagnostics.map(\.message))")
        #expect(CanonicalPrinter.print(second) == text)
        #expect(stripped(second.expression) == stripped(first.expression))
        #expect(stripped(second.stages) == stripped(first.stages))
    }

    @Test("terms keep their values and ranges")
    func termValues() {
        let parsed = parseQuery(#"speaker:"Imre Nagy" "army purge"~5 Rakosy~1 collectiv* /arr(est)/"#)
        guard case .and(let operands, _) = parsed.expression.kind, operands.count == 5 else {
            Issue.record("expected five operands, got \(parsed.expression.kind)")
            return
        }
        #expect(operands[0].kind == .field(Field(
            name: "speaker", nameRange: SourceRange(0, 7),
            value: .term(Term(.phrase(proximity: nil), "Imre Nagy", range: SourceRange(8, 19))))))
        #expect(operands[1].kind == .term(Term(.phrase(proximity: 5), "army purge", range: SourceRange(20, 34))))
        #expect(operands[2].kind == .term(Term(.fuzzy(distance: 1), "Rakosy", range: SourceRange(35, 43))))
        #expect(operands[3].kind == .term(Term(.prefix, "collectiv", range: SourceRange(44, 54))))
        #expect(operands[4].kind == .term(Term(.regex, "arr(est)", range: SourceRange(55, 65))))
    }

    @Test("comparisons and ranges keep their parts")
    func comparisonsAndRanges() {
        let comparison = parseQuery("date:>=1960").expression
        guard case .field(let field) = comparison.kind,
              case .comparison(let op, let bound) = field.value else {
            Issue.record("expected a comparison, got \(comparison.kind)")
            return
        }
        #expect(op == .greaterOrEqual)
        #expect(bound.text == "1960")

        let range = parseQuery("date:1953-06..1956-10").expression
        guard case .field(let rangeField) = range.kind, case .range(let low, let high) = rangeField.value else {
            Issue.record("expected a range, got \(range.kind)")
            return
        }
        #expect(low.text == "1953-06" && high.text == "1956-10")
        #expect(range.range == SourceRange(0, 21))
    }

    @Test("a '-' against a number in a field value is a sign; elsewhere it is NOT")
    func signedFieldValues() {
        let range = parseQuery("time:-00:00:00:10..00:00:01:00").expression
        guard case .field(let field) = range.kind, case .range(let low, let high) = field.value else {
            Issue.record("expected a range, got \(range.kind)")
            return
        }
        #expect(low.text == "-00:00:00:10" && low.range == SourceRange(5, 17))
        #expect(high.text == "00:00:01:00")
        #expect(parseQuery("time:-00:00:10").diagnostics.isEmpty)
        // With a space, or before a word, the '-' is not a sign.
        #expect(canonical("-00:00:10 army") == "(NOT 00:00:10 AND army)")
        #expect(parseQuery("time:- 00:00:10").diagnostics.map(\.id) == [.expectedFieldValue])
        guard case .and(let operands, _) = parseQuery("time:45:00 -army").expression.kind,
              case .not = operands[1].kind else {
            Issue.record("expected 'time:45:00 AND NOT army'")
            return
        }
    }

    @Test("stages are data the engine can switch on")
    func stageValues() {
        let parsed = parseQuery("a | kwic 40 sort 1r 2L | count by speaker, date month | words | limit 7 | sort by date desc | show | count by time 90s | sort by rate")
        #expect(parsed.stages.map(\.kind) == [
            .kwic(width: 40, sort: [KwicSortKey(distance: 1, right: true), KwicSortKey(distance: 2, right: false)]),
            .count(by: [.field(.speaker), .date(.month)]), .words(limit: nil), .limit(7),
            .sort(by: .grouping(.field(.date)), descending: true), .show, .count(by: [.time(seconds: 90)]), .sort(by: .column("rate"), descending: false),
        ])
        #expect(parsed.source.text(in: parsed.stages[1].range) == "count by speaker, date month")
    }

    @Test("a printed term that would not read back as one word is quoted")
    func printerQuotesOddWords() {
        #expect(CanonicalPrinter.print(Term(.word, "two words", range: .point(0))) == #""two words""#)
        #expect(CanonicalPrinter.print(Term(.word, "OR", range: .point(0))) == #""OR""#)
        #expect(CanonicalPrinter.print(Term(.word, "Beria", range: .point(0))) == "Beria")
    }
}
