import Testing
@testable import QueryLanguage

/// NOT binds tightest, then AND (written or implied), then OR; the canonical print shows the grouping.
@Suite("Precedence")
struct PrecedenceTests {
    @Test("the SPEC example: AND before OR")
    func specExample() {
        #expect(canonical(#"speaker:Beria topic:ÁVH OR "collective leadership""#)
                == #"((speaker:Beria AND topic:ÁVH) OR "collective leadership")"#)
    }

    @Test("NOT applies to the next operand only")
    func notBindsTightest() {
        #expect(canonical("NOT a b") == "(NOT a AND b)")
        #expect(canonical("a NOT b") == "(a AND NOT b)")
        #expect(canonical("NOT a OR b") == "(NOT a OR b)")
    }

    @Test("a leading '-' is NOT")
    func minusIsNot() {
        #expect(canonical("-a OR b") == "(NOT a OR b)")
        #expect(canonical("army -purge") == "(army AND NOT purge)")
        #expect(canonical("--a") == "NOT NOT a")
    }

    @Test("implied AND binds tighter than OR")
    func impliedAndBeforeOr() {
        #expect(canonical("a OR b c") == "(a OR (b AND c))")
        #expect(canonical("a b OR c d") == "((a AND b) OR (c AND d))")
    }

    @Test("written and implied AND are the same operator, in one flat chain")
    func writtenAndImplied() {
        #expect(canonical("a AND b c") == "(a AND b AND c)")
        #expect(canonical("a OR b OR c") == "(a OR b OR c)")
        let parsed = parseQuery("a AND b c")
        guard case .and(let operands, let joins) = parsed.expression.kind else {
            Issue.record("expected an AND, got \(parsed.expression.kind)")
            return
        }
        #expect(operands.count == 3)
        #expect(joins == [.written, .implied])
    }

    @Test("parentheses override precedence")
    func parentheses() {
        #expect(canonical("(a OR b) c") == "((a OR b) AND c)")
        #expect(canonical("NOT (a OR b)") == "NOT (a OR b)")
        #expect(canonical("a (b OR (c d))") == "(a AND (b OR (c AND d)))")
        #expect(canonical("((a))") == "a")
    }

    @Test("lower-case and, or, not are words")
    func lowerCaseOperatorsAreWords() {
        #expect(canonical("war and peace") == "(war AND and AND peace)")
        #expect(canonical("or not") == "(or AND not)")
        #expect(canonical("And Or") == "(And AND Or)")
    }

    @Test("the tree keeps the group so .explain can show what was written")
    func groupsAreKept() {
        let parsed = parseQuery("(a OR b)")
        guard case .group(let inner) = parsed.expression.kind, case .or = inner.kind else {
            Issue.record("expected a group around an OR, got \(parsed.expression.kind)")
            return
        }
        #expect(parsed.expression.range == SourceRange(0, 8))
    }
}
