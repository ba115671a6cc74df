import Foundation
import TestSupport
import Testing
@testable import QueryLanguage

/// Hostile input: nothing crashes, nothing hangs, and each gives a clear error.
@Suite("Recovery")
struct RecoveryTests {
    @Test("the brief's list of broken queries: one error each")
    func brokenQueries() {
        let cases: [(String, Diagnostic.ID)] = [
            ("speaker:Beria OR", .expectedTermAfterOr),
            ("((a", .unbalancedParen),
            ("a)", .unbalancedParen),
            ("\"open", .unterminatedQuote),
            ("/open", .unterminatedRegex),
            ("speakr:x", .unknownField),
            ("a | cuont", .unknownStage),
            ("a |", .expectedStage),
            ("a | count by nobody", .unknownResultField),
            ("a \u{0} b", .unexpectedCharacter),
            ("\u{0}", .unexpectedCharacter),
        ]
        for (query, id) in cases {
            let parsed = parseQuery(query)
            #expect(parsed.diagnostics.map(\.id) == [id], "\(query.debugDescription)")
            #expect(parsed.hasErrors)
        }
    }

    @Test("100,000 '(' is one error about nesting, not a stack overflow")
    func deepParentheses() {
        let parsed = parseQuery(String(repeating: "(", count: 100_000))
        #expect(parsed.diagnostics.map(\.id) == [.nestingTooDeep])
        #expect(parsed.diagnostics.first?.message
                == "parentheses and NOT are nested more than 128 deep; simplify the query")
        let limit = Parser.maximumDepth
        #expect(parsed.diagnostics.first?.range == SourceRange(limit, limit + 1))
    }

    @Test("deep nesting of NOT, and of balanced parentheses, is refused the same way")
    func deepNotAndBalanced() {
        let nots = parseQuery(String(repeating: "NOT ", count: 100_000) + "a")
        #expect(nots.diagnostics.map(\.id) == [.nestingTooDeep])
        let minuses = parseQuery(String(repeating: "-", count: 100_000) + "a")
        #expect(minuses.diagnostics.map(\.id) == [.nestingTooDeep])
        let balanced = parseQuery(String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000))
        #expect(balanced.diagnostics.map(\.id) == [.nestingTooDeep])
    }

    @Test("nesting just under the limit parses, and prints back")
    func nestingAtTheLimit() {
        let depth = Parser.maximumDepth
        let text = String(repeating: "(a OR ", count: depth) + "b" + String(repeating: ")", count: depth)
        let parsed = parseQuery(text)
        #expect(parsed.diagnostics.isEmpty)
        let printed = CanonicalPrinter.print(parsed)
        #expect(parseQuery(printed).diagnostics.isEmpty)
        let deeper = "(" + text + ")"
        #expect(parseQuery(deeper).diagnostics.map(\.id) == [.nestingTooDeep])
    }

    @Test("the deepest query the parser accepts fits in a 512 KiB thread stack, as macOS gives secondary threads")
    func smallStack() {
        // Each group holds a NOT, which counts as one more level inside the innermost group.
        let depth = Parser.maximumDepth - 1
        let text = String(repeating: "(NOT a OR ", count: depth) + "NOT b" + String(repeating: ")", count: depth)
        final class Box: @unchecked Sendable { var result: ParsedQuery?; var same = false }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let parsed = parseQuery(text)
            let printed = CanonicalPrinter.print(parsed)
            let again = parseQuery(printed)
            box.result = parsed
            box.same = again.diagnostics.isEmpty && CanonicalPrinter.print(again) == printed && again == again
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        #expect(box.result?.diagnostics.isEmpty == true)
        #expect(box.same)
    }

    @Test("100,000 ')' and 100,000 operators are one error each")
    func floods() {
        #expect(parseQuery(String(repeating: ")", count: 100_000)).diagnostics.map(\.id) == [.unbalancedParen])
        #expect(parseQuery(String(repeating: "OR ", count: 100_000)).diagnostics.map(\.id) == [.expectedTermBeforeOperator])
        #expect(parseQuery("a " + String(repeating: "AND ", count: 100_000)).diagnostics.count == 1)
    }

    @Test("a long flat query is a flat tree, so nothing recurses per word")
    func longFlatQuery() {
        let words = (0..<100_000).map { "w\($0)" }
        let parsed = parseQuery(words.joined(separator: " "))
        #expect(parsed.diagnostics.isEmpty)
        guard case .and(let operands, _) = parsed.expression.kind else {
            Issue.record("expected one AND")
            return
        }
        #expect(operands.count == 100_000)
        let alternatives = parseQuery(words.joined(separator: " OR "))
        guard case .or(let options) = alternatives.expression.kind else {
            Issue.record("expected one OR")
            return
        }
        #expect(options.count == 100_000)
    }

    @Test("a megabyte of separate bad characters stops reporting after 20 errors")
    func manyErrorsAreCapped() {
        let text = String(repeating: "? ", count: 500_000)
        let parsed = parseQuery(text)
        #expect(parsed.diagnostics.count == Parser.maximumErrors + 1)
        #expect(parsed.diagnostics.last?.id == .tooManyErrors)
        #expect(parsed.diagnostics.last?.severity == .note)
    }

    @Test("a long unterminated phrase or regex is one error and renders a short excerpt")
    func longUnterminated() {
        let text = "\"" + String(repeating: "word ", count: 200_000)
        let parsed = parseQuery(text)
        #expect(parsed.diagnostics.map(\.id) == [.unterminatedQuote])
        let rendered = DiagnosticRenderer().render(parsed.diagnostics, in: parsed.source)
        #expect(rendered.count < 400)
        #expect(parseQuery("/" + String(repeating: "\\", count: 100_001)).diagnostics.map(\.id) == [.unterminatedRegex])
    }

    @Test("random input never crashes or hangs, ranges stay inside the text, and clean parses round-trip")
    func randomInput() {
        let pieces = [
            "a", "Beria", "ÁVH", "OR", "AND", "NOT", "-", "(", ")", "speaker:", "kind:", "turn:", "date:",
            "\"x y\"", "“", "\"", "*", "|", "count", "by", "speaker", "limit", "3", "1953-06", "..", ">=",
            "/r(e)?/", "/", "~", "~1", "@t", "@", " ", " ", " ", "é", "\u{301}", "\u{0}", "?", "\\", "\n", "😀",
            "rak*", "sort", "desc", "kwic", ":", "'", "’s", ",", ".",
        ]
        var generator = SplitMix64(seed: 1953)
        for _ in 0..<3000 {
            let length = Int(generator.next() % 14)
            var text = ""
            for _ in 0..<length {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            let parsed = parseQuery(text)
            let count = text.utf8.count
            for diagnostic in parsed.diagnostics {
                #expect(diagnostic.range.start >= 0 && diagnostic.range.end <= count, "\(text.debugDescription)")
                #expect(!diagnostic.message.isEmpty)
                #expect(diagnostic.message.first?.isUppercase == false, "\(diagnostic.message)")
            }
            _ = DiagnosticRenderer(fileName: "q.parley", firstLine: 3).render(parsed.diagnostics, in: parsed.source)
            if !parsed.hasErrors {
                let printed = CanonicalPrinter.print(parsed)
                let again = parseQuery(printed)
                #expect(!again.hasErrors, "\(text.debugDescription) printed as \(printed.debugDescription)")
                #expect(CanonicalPrinter.print(again) == printed, "\(text.debugDescription)")
                #expect(stripped(again.expression) == stripped(parsed.expression), "\(text.debugDescription)")
                #expect(stripped(again.stages) == stripped(parsed.stages), "\(text.debugDescription)")
            }
        }
    }
}
