import Testing
@testable import QueryLanguage

/// Queries that could mean two things are errors that say how to write each meaning, never a silent guess.
@Suite("Ambiguities")
struct AmbiguityTests {
    /// `army- purge` was read as `army AND NOT purge`; the `-` may as well end a hyphenated word
    /// (`pre- and post-war`), and a leading `-` is written before its term, after a space.
    @Test func aMinusRightAfterAWordIsAnError() {
        let message = "'-' after a term could end a hyphenated word or leave out the next term"
        // With its `error: `, the line fits a terminal of 80 columns (it took 86).
        #expect("error: ".count + message.count <= 80)
        expectDiagnostics("army1️⃣- purge", [Expected("1️⃣", .ambiguousMinus, message)])
        expectDiagnostics("pre1️⃣- and post-war", [Expected("1️⃣", .ambiguousMinus, message)])
        expectDiagnostics("\"army\"1️⃣-(purge)", [Expected("1️⃣", .ambiguousMinus, message)])
        // The notes say how to write each meaning, with the user's words while they are short.
        #expect(parseQuery("army- purge").diagnostics.first?.notes.map(\.message)
                == ["to leave 'purge' out, write 'army -purge'", "to search the words as written, quote them: '\"army- purge\"'"])
        #expect(parseQuery("\"army\"-(purge)").diagnostics.first?.notes.map(\.message)
                == ["to leave the term after it out, put a space before the '-'"])
        let long = String(repeating: "a", count: 30)
        #expect(parseQuery("\(long)- \(long)").diagnostics.first?.notes.allSatisfy { !$0.message.contains(long) } == true)
    }

    /// A leading `-` (after a space, an operator, a parenthesis or a field name as a sign) stays what it was.
    @Test func aLeadingMinusStillMeansNot() {
        #expect(canonical("army -purge") == "(army AND NOT purge)")
        #expect(canonical("army - purge") == "(army AND NOT purge)")
        #expect(canonical("(army)-purge") == "(army AND NOT purge)")
        #expect(canonical("-army OR purge") == "(NOT army OR purge)")
        #expect(canonical("army-purge") == "army-purge")
        #expect(canonical("time:-00:00:00:10..00:00:01:00").hasPrefix("time:-00:00:00:10"))
    }

    /// A proximity counts words between words said; a field other than `text:` ignored it, so
    /// `speaker:"Alpha"~3` was `speaker:Alpha` and `mentions:"Comrade Alpha"~3` the exact phrase.
    @Test func aProximityOnAFieldOtherThanTextIsAnError() {
        expectDiagnostics("speaker:1️⃣\"Imre Nagy\"~3", [Expected("1️⃣", .invalidFieldValue,
            "'speaker:' takes a phrase without '~3': a proximity counts the words between words said, as in 'text:\"Imre Nagy\"~3'; write 'speaker:\"Imre Nagy\"'")])
        expectDiagnostics("mentions:1️⃣\"Comrade Alpha\"~3", [Expected("1️⃣", .invalidFieldValue,
            "'mentions:' takes a phrase without '~3': a proximity counts the words between words said, as in 'text:\"Comrade Alpha\"~3'; write 'mentions:\"Comrade Alpha\"'")])
        for field in ["doc", "topic", "unit", "label", "editorial", "kind", "written", "to"] {
            let parsed = parseQuery("\(field):\"a b\"~2")
            #expect(parsed.diagnostics.map(\.id) == [.invalidFieldValue], "\(field)")
        }
        #expect(canonical("text:\"army purge\"~5") == "text:\"army purge\"~5")
    }
}
