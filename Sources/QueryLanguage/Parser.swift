/// Parses a query. It never throws: broken input still gives a tree (with `missing` and `error` nodes)
/// for completion to work on, and diagnostics that say, once per mistake, what is wrong.
public func parseQuery(_ text: String) -> ParsedQuery {
    Parser.parse(Source(text))
}

/// A recursive-descent parser with one method per rule of `Grammar/ParleyQuery.ebnf`.
///
/// Recovery follows two rules: a method that finds nothing it can use reports it and returns a `missing`
/// node without consuming, and every loop either consumes a token or ends, so any input terminates.
/// It is a class, not a struct, because a debug build copies a struct's whole state into the frame of every
/// recursive call; as a class, one level of nesting costs under 2 KB of stack even unoptimised.
final class Parser {
    /// How deep parentheses and `NOT` may nest; deeper input is an error, not a stack overflow. 128 levels fit
    /// a 512 KiB thread stack (what macOS gives secondary threads) with room to spare, even in a debug build.
    static let maximumDepth = 128
    /// After this many errors the rest are dropped: by then they are noise, and a 10 MB line must not give millions.
    static let maximumErrors = 20

    let source: Source
    /// Tokens come from the lexer as they are needed, so input after a point the parser gives up is never read.
    var lexer: Lexer
    /// The token at the cursor.
    private(set) var current: Token
    /// The token after the cursor.
    private(set) var peek: Token
    /// The token before the cursor, if any.
    private(set) var previous: Token? = nil
    /// The token before that, to see runs of operators.
    private(set) var beforePrevious: Token? = nil
    /// How many tokens have been consumed: loops compare it to make sure they make progress.
    private(set) var position = 0
    var diagnostics: [Diagnostic] = []
    /// Errors reported by the parser so far; a group that saw one does not also complain about its ')'.
    var errorCount = 0
    /// Warnings reported so far; capped like errors.
    var warningCount = 0
    /// The '(' currently open, outermost first.
    var openParens: [SourceRange] = []
    /// Groups plus `NOT` operators around the current point.
    var depth = 0
    /// Set when nesting went too deep or errors passed the cap: the rest of the input is skipped and nothing
    /// more is reported.
    var gaveUpAt: Int? = nil
    /// Where the last operator reported as lacking a term starts, so a run of operators gives one message.
    var lastMissingTermAt: Int? = nil
    /// Set once a '(' was reported as not closed, so the ')' a user left after a stage is not reported again.
    var reportedUnclosedParen = false
    /// The nesting depths at which the group of an `after:(...)` or `before:(...)` is open, whose `)` may
    /// carry `~N`.
    var sequenceDepths: Set<Int> = []

    init(source: Source) {
        var lexer = Lexer(source)
        let first = lexer.next()
        self.source = source
        self.current = first
        self.peek = first.kind == .end ? first : lexer.next()
        self.lexer = lexer
    }

    /// Parses a whole query and merges the lexer's and parser's diagnostics in source order.
    static func parse(_ source: Source) -> ParsedQuery {
        let parser = Parser(source: source)
        let (expression, stages) = parser.parseQuery()
        var all = parser.lexer.diagnostics
        if let cutoff = parser.gaveUpAt {
            all.removeAll { $0.range.start > cutoff }
        }
        all += parser.diagnostics
        let ordered = all.enumerated()
            .sorted { ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset) }
            .map(\.element)
        return ParsedQuery(
            source: source, expression: expression, stages: stages, diagnostics: capped(ordered))
    }

    /// The first `maximumErrors` errors and what came with them, plus a note that more were dropped.
    static func capped(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var kept: [Diagnostic] = []
        var errors = 0
        for diagnostic in diagnostics {
            if diagnostic.severity == .error {
                errors += 1
                if errors > maximumErrors {
                    kept.append(Diagnostic(
                        id: .tooManyErrors, severity: .note,
                        message: "stopped after \(maximumErrors) errors; fix these first",
                        range: diagnostic.range))
                    break
                }
            }
            kept.append(diagnostic)
        }
        return kept
    }

    // MARK: Expressions

    /// query ::= or_expr ( "|" stage )*
    ///
    /// The stages are then checked against `stages`, the rule of which stage may follow which.
    func parseQuery() -> (Expression, [Stage]) {
        let expression = parseOrExpr()
        var stages: [Stage] = []
        while current.kind != .end {
            if current.kind == .pipe {
                stages.append(parseStage())
            } else {
                // The expression stops only at '|' or the end at this level; this keeps the loop finite regardless.
                let token = advance()
                report(.unexpectedCharacter, "unexpected \(quoted(token.range))", token.range)
            }
        }
        // One mistake, one message: the stages are checked against each other only when each parsed.
        if !diagnostics.contains(where: { $0.severity == .error }) { checkStageTypes(stages) }
        return (expression, stages)
    }

    /// or_expr ::= and_expr ( "OR" and_expr )*
    func parseOrExpr() -> Expression {
        var operands = [parseAndExpr()]
        while currentKind == .or {
            skip()
            operands.append(parseAndExpr())
        }
        return operands.count == 1 ? operands[0] : Self.disjunction(operands)
    }

    /// and_expr ::= not_expr ( "AND"? not_expr )*
    func parseAndExpr() -> Expression {
        var operands = [parseNotExpr()]
        var joins: [AndJoin] = []
        while true {
            let kind = currentKind
            if kind == .rightParen && openParens.isEmpty {
                skipUnmatchedClosingParens()
                continue
            }
            if kind == .and {
                skip()
                joins.append(.written)
            } else if kind.startsOperand {
                joins.append(.implied)
            } else {
                break
            }
            let before = position
            operands.append(parseNotExpr())
            if position == before && kind != .and {
                // Cannot happen for tokens that start an operand; guards the loop's progress all the same.
                skip()
            }
        }
        return operands.count == 1 ? operands[0] : Self.conjunction(operands, joins)
    }

    /// not_expr ::= ( "NOT" | "-" )* primary
    func parseNotExpr() -> Expression {
        var operators: [SourceRange] = []
        if currentKind == .minus { checkMinusAfterTerm() }
        while currentKind == .not || currentKind == .minus {
            if depth + operators.count >= Self.maximumDepth { return giveUpTooDeep() }
            operators.append(currentRange)
            skip()
        }
        if operators.isEmpty { return parsePrimary() }
        depth += operators.count
        let operand = parsePrimary()
        depth -= operators.count
        return Self.negated(operand, by: operators)
    }

    /// A `-` written right after a word, as in `army- purge` or `"army"-purge`, is no leading `-`: it may be
    /// the end of a hyphenated word (`pre- and post-war`) as well as a NOT, so it is an error that says how
    /// to write each, rather than a NOT the user did not see.
    @inline(never)
    func checkMinusAfterTerm() {
        guard let previous, previous.range.end == current.range.start else { return }
        switch previous.kind {
        case .word, .number, .phrase, .prefix, .fuzzy, .regex: break
        default: return
        }
        let before = source.text(in: previous.range)
        // The worked example in notes, and only for terms short enough to keep each line in a window.
        var notes: [Diagnostic.Note]
        switch peek.kind {
        case .word, .number:
            let after = source.text(in: peek.range)
            let written = source.text(in: previous.range.union(peek.range))
            notes = written.count <= 40
                ? [.init("to leave \(Lexer.quoted(after)) out, write '\(before) -\(after)'"),
                   .init("to search the words as written, quote them: '\"\(written)\"'")]
                : [.init("to leave the term after it out, put a space before the '-'; to search the words as written, quote them")]
        default:
            notes = [.init("to leave the term after it out, put a space before the '-'")]
        }
        report(.ambiguousMinus, "'-' after a term could end a hyphenated word or leave out the next term",
               current.range, notes: notes)
    }

    /// primary ::= group | sequence | near | field | term | "*" | NAMED_REF
    func parsePrimary() -> Expression {
        // Only a group recurses; the rest lives in `parseLeaf` so that each level of nesting costs a small
        // stack frame (a debug build's frame holds every temporary of every branch).
        currentKind == .leftParen ? parseGroup() : parseLeaf()
    }

    /// The alternatives of `primary` other than a group.
    @inline(never)
    func parseLeaf() -> Expression {
        switch current.kind {
        case .leftParen:
            return parseGroup()
        case .fieldName:
            if current.text.lowercased() == "near" { return parseNear() }
            return startsSequence() ? parseSequence() : parseField()
        case .word, .number:
            if peek.kind == .dots { return rangeWithoutField() }
            let term = parseTerm()
            return Expression(.term(term), range: term.range)
        case .phrase, .prefix, .fuzzy, .regex:
            let term = parseTerm()
            return Expression(.term(term), range: term.range)
        case .star:
            return Expression(.matchAll, range: advance().range)
        case .namedReference:
            let token = advance()
            return Expression(.namedReference(token.text), range: token.range)
        case .comparison:
            return comparisonWithoutField()
        case .dots:
            return rangeWithoutField()
        case .unexpected, .comma:
            let token = advance()
            report(.unexpectedCharacter, Self.unexpectedMessage(source.text(in: token.range)), token.range)
            return Expression(.error, range: token.range)
        case .rightParen where openParens.isEmpty:
            let start = current.range.start
            skipUnmatchedClosingParens()
            if current.kind.startsOperand && current.kind != .not && current.kind != .minus {
                return parsePrimary()
            }
            return Expression(.error, range: SourceRange(start, previousEnd))
        case .not, .minus, .and, .or, .rightParen, .pipe, .end:
            return missingTerm()
        }
    }

    /// group ::= "(" or_expr ")"
    func parseGroup() -> Expression {
        guard depth < Self.maximumDepth else { return giveUpTooDeep() }
        let open = currentRange
        skip()
        depth += 1
        openParens.append(open)
        let errorsBefore = errorCount
        let inner = parseOrExpr()
        depth -= 1
        return closeGroup(open, inner, errorsBefore: errorsBefore)
    }

    /// Whether the field name is `after:` or `before:`; apart, so that `parseLeaf`'s frame stays small.
    @inline(never)
    func startsSequence() -> Bool {
        SequenceDirection(rawValue: current.text.lowercased()) != nil
    }

    /// sequence ::= ( "after:" | "before:" ) "(" or_expr ")" TURNS?
    @inline(never) func parseSequence() -> Expression {
        let nameToken = advance()
        let direction = SequenceDirection(rawValue: nameToken.text.lowercased()) ?? .after
        guard current.kind == .leftParen else {
            report(.expectedSequenceQuery, "'\(direction.rawValue):' takes a query in parentheses, as in '\(direction.rawValue):(speaker:Beria)'",
                   nameToken.range)
            if current.kind.startsOperand, current.kind != .not, current.kind != .minus { _ = parseLeaf() }
            return Expression(.error, range: SourceRange(nameToken.range.start, previousEnd))
        }
        sequenceDepths.insert(depth)
        let group = parseGroup()
        guard case .group(let inner) = group.kind else { return group }
        var turns = 1
        if let close = previous, close.kind == .rightParen, let number = close.argument {
            if number < 1 {
                report(.invalidTurnCount, "expected a number of turns from 1 up after ')~', not '\(number)'", close.range)
            }
            turns = max(number, 1)
        }
        return Expression(.sequence(TurnSequence(direction, inner, turns: turns)), range: nameToken.range.union(group.range))
    }

    /// near ::= "near:" "(" or_expr ")" ( TURNS ( "," NUMBER )? )? ( WORD | NUMBER | PHRASE )
    ///
    /// `~L` is L words either side, `~L,R` L before and R after; none is `WordWindow.defaultSpan` either side.
    /// A phrase (without `~N`) is for a word that must be quoted (`"and"`); the evaluator checks that it is
    /// one word.
    @inline(never) func parseNear() -> Expression {
        let nameToken = advance()
        let example = "near:(army)~5 comrade"
        guard current.kind == .leftParen else {
            report(.expectedSequenceQuery, "'near:' takes a query in parentheses, then a word, as in '\(example)'", nameToken.range)
            if current.kind.startsOperand, current.kind != .not, current.kind != .minus { _ = parseLeaf() }
            return Expression(.error, range: SourceRange(nameToken.range.start, previousEnd))
        }
        sequenceDepths.insert(depth)
        let group = parseGroup()
        guard case .group(let inner) = group.kind else { return group }
        var (left, right) = (WordWindow.defaultSpan, WordWindow.defaultSpan)
        var windowRange = group.range
        if let close = previous, close.kind == .rightParen, let number = close.argument {
            (left, right) = (number, number)
            if current.kind == .comma {
                let comma = advance()
                guard current.kind == .number, let after = Int(current.text) else {
                    report(.invalidWindow, "expected the words after a match after ',', as in 'near:(army)~5,3 comrade'", comma.range)
                    return Expression(.error, range: SourceRange(nameToken.range.start, previousEnd))
                }
                right = after
                advance()
            }
            windowRange = close.range.union(previousRange)
            if left + right == 0 || max(left, right) > 50 {
                report(.invalidWindow, "a window is 0 to 50 words before and after a match, and not 0 on both sides", windowRange)
            }
        }
        guard current.kind == .word || current.kind == .number || (current.kind == .phrase && current.argument == nil) else {
            report(.expectedNearWord, "expected a word after '\(source.text(in: nameToken.range.union(windowRange)))', the word to find near the matches, as in '\(example)'",
                   windowRange)
            return Expression(.error, range: SourceRange(nameToken.range.start, previousEnd))
        }
        let word = parseTerm()
        return Expression(.near(WordWindow(inner, left: left, right: right, word: word)), range: nameToken.range.union(word.range))
    }

    /// Consumes the ')' of a group, or reports that there is none.
    @inline(never)
    func closeGroup(_ open: SourceRange, _ inner: Expression, errorsBefore: Int) -> Expression {
        checkTurnCount()
        guard current.kind == .rightParen else { return unclosedGroup(open, inner, errorsBefore: errorsBefore) }
        _ = openParens.popLast()
        return Expression(.group(inner), range: open.union(advance().range))
    }

    /// A `)~N` closes the group of a sequence, or it is an error; apart, so that each level of nesting
    /// costs a small stack frame.
    @inline(never)
    func checkTurnCount() {
        let sequence = sequenceDepths.remove(depth) != nil
        if current.kind == .rightParen, current.argument != nil, !sequence {
            report(.invalidTurnCount, "'~N' after ')' counts turns after 'after:(...)' or 'before:(...)', or words after 'near:(...)', and nowhere else", current.range)
        }
    }

    /// A group that ends at '|' or the end. Only the innermost unclosed group speaks, for all of them (they are
    /// all still open); an error inside the group already explains the rest.
    @inline(never)
    func unclosedGroup(_ open: SourceRange, _ inner: Expression, errorsBefore: Int) -> Expression {
        let stillOpen = openParens
        _ = openParens.popLast()
        if errorCount == errorsBefore && !hasLexicalError(from: open.start, to: current.range.end) {
            let count = stillOpen.count
            let closers = String(repeating: ")", count: count)
            let before = current.kind == .pipe ? " before '|'" : ""
            let message = count == 1
                ? "'(' is not closed\(before); add ')'"
                : "\(count) '(' are not closed\(before); add '\(closers)'"
            report(.unbalancedParen, message, stillOpen.first ?? open,
                   fixIt: .init(range: .point(current.kind == .pipe ? current.range.start : source.count),
                                replacement: closers))
            reportedUnclosedParen = true
        }
        return Expression(.group(inner), range: open.union(inner.range))
    }

    // MARK: Recovery

    /// Skips a run of ')' that close nothing and reports it once, so ')))' is one mistake.
    @inline(never)
    func skipUnmatchedClosingParens() {
        let first = current.range
        var last = first
        var count = 0
        while current.kind == .rightParen {
            last = advance().range
            count += 1
        }
        let message = count == 1 ? "')' has no matching '('" : "these \(count) ')' have no matching '('"
        report(.unbalancedParen, message, first.union(last))
    }

    /// Reports a search term that is not there, in words that depend on what came before it.
    @inline(never)
    func missingTerm() -> Expression {
        let missing = Expression(.missing, range: .point(previousEnd))
        let next = current
        // In 'a OR OR OR b' the first 'OR' is the mistake; the ones after it are the same mistake again.
        if let previous, previous.kind == .or || previous.kind == .and,
           let reported = lastMissingTermAt, beforePrevious?.range.start == reported {
            lastMissingTermAt = previous.range.start
            return missing
        }
        if let previous {
            switch previous.kind {
            case .or:
                report(.expectedTermAfterOr, "expected a search term after 'OR'", previous.range)
                lastMissingTermAt = previous.range.start
                return missing
            case .and:
                report(.expectedTermAfterAnd, "expected a search term after 'AND'", previous.range)
                lastMissingTermAt = previous.range.start
                return missing
            case .not, .minus:
                report(.expectedTermAfterNot, "expected a search term after \(quoted(previous.range))",
                       previous.range)
                return missing
            case .leftParen where next.kind == .rightParen:
                report(.emptyParentheses, "expected a search term between '(' and ')'",
                       previous.range.union(next.range))
                return missing
            case .leftParen where next.kind != .and && next.kind != .or:
                report(.expectedTermAfterParen, "expected a search term after '('", previous.range)
                return missing
            default:
                break
            }
        }
        switch next.kind {
        case .and, .or:
            report(.expectedTermBeforeOperator, "expected a search term before \(quoted(next.range))", next.range)
            lastMissingTermAt = next.range.start
        case .pipe:
            report(.expectedTermBeforePipe,
                   "expected a search term before '|'; write '*' to use every utterance", next.range,
                   fixIt: .init(range: .point(next.range.start), replacement: "* "))
        default:
            report(.emptyQuery, "expected a search term", next.range)
        }
        return missing
    }

    /// Reports nesting past the limit and abandons the rest of the input, so 100,000 '(' cost one message.
    @inline(never)
    func giveUpTooDeep() -> Expression {
        let token = current
        report(.nestingTooDeep,
               "parentheses and NOT are nested more than \(Self.maximumDepth) deep; simplify the query",
               token.range)
        stopReading(at: token.range.start)
        return Expression(.error, range: SourceRange(token.range.start, source.count))
    }

    /// Abandons the rest of the input: every method sees the end and returns, and nothing more is reported.
    func stopReading(at offset: Int) {
        gaveUpAt = offset
        current = Token(.end, .point(source.count))
        peek = current
    }

    /// The message for characters that start no token, with a hint for the usual suspects.
    static func unexpectedMessage(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first else { return "unexpected character" }
        let shown: String
        if scalars.count == 1 && first.properties.generalCategory == .control {
            shown = "character " + Lexer.displayable(text)
        } else {
            shown = (scalars.count == 1 ? "character " : "characters ") + Lexer.quoted(text)
        }
        let hint: String
        switch first {
        case "&": hint = "; write 'AND', or just a space, to require both terms"
        case "!": hint = "; write 'NOT' or '-' to leave a term out"
        case "=", ":": hint = "; a field is written 'name:value', as in 'speaker:Beria'"
        case "'", "‘", "’": hint = "; write a phrase in double quotes, as in '\"collective leadership\"'"
        case ",", ";": hint = "; separate terms with spaces, and write 'OR' to match either"
        case "~": hint = "; '~' goes right after a word or phrase, as in 'Rakosy~' or '\"army purge\"~5'"
        case ".": hint = "; put punctuation inside a phrase, as in '\"Mr. Liman\"'"
        default: hint = ""
        }
        return "unexpected \(shown)\(hint)"
    }

    // MARK: Building nodes

    /// An OR node over its operands; kept out of `parseOrExpr` to keep the recursive frames small.
    @inline(never)
    static func disjunction(_ operands: [Expression]) -> Expression {
        Expression(.or(operands), range: span(operands))
    }

    /// An AND node over its operands.
    @inline(never)
    static func conjunction(_ operands: [Expression], _ joins: [AndJoin]) -> Expression {
        Expression(.and(operands, joins: joins), range: span(operands))
    }

    /// The operand wrapped in one NOT per operator, innermost last written.
    @inline(never)
    static func negated(_ operand: Expression, by operators: [SourceRange]) -> Expression {
        var expression = operand
        for op in operators.reversed() {
            expression = Expression(.not(expression), range: op.union(expression.range))
        }
        return expression
    }

    /// The smallest range covering a non-empty list of nodes.
    static func span(_ nodes: [Expression]) -> SourceRange {
        guard let first = nodes.first, let last = nodes.last else { return .point(0) }
        return first.range.union(last.range)
    }

    // MARK: Tokens

    /// The kind of the current token; the recursive methods read only this much.
    var currentKind: Token.Kind { current.kind }

    /// The range of the current token.
    var currentRange: SourceRange { current.range }

    /// Consumes the current token without returning it.
    func skip() {
        advance()
    }

    /// Where the last consumed token ended: missing things are placed there.
    var previousEnd: Int { previous?.range.end ?? 0 }

    /// The last consumed token's range.
    var previousRange: SourceRange { previous?.range ?? .point(0) }

    /// Consumes the current token; at `end` it stays put, so callers must test for `end` to stop.
    @discardableResult
    func advance() -> Token {
        let token = current
        guard token.kind != .end else { return token }
        beforePrevious = previous
        previous = token
        current = peek
        peek = current.kind == .end ? current : lexer.next()
        position += 1
        return token
    }

    /// Whether the current token is the word `word`, ignoring case (stage keywords are contextual).
    func currentIs(_ word: String) -> Bool {
        current.kind == .word && current.text.lowercased() == word
    }

    /// The user's text at `range` in single quotes.
    func quoted(_ range: SourceRange) -> String {
        Lexer.quoted(source.text(in: range))
    }

    // MARK: Reporting

    /// Records a diagnostic unless the parser gave up, or the same place already has an error (one mistake,
    /// one message: 'OR' alone is "a term before 'OR'", not also "a term after 'OR'").
    func report(
        _ id: Diagnostic.ID, _ message: String, _ range: SourceRange,
        severity: Diagnostic.Severity = .error, notes: [Diagnostic.Note] = [], fixIt: Diagnostic.FixIt? = nil
    ) {
        guard gaveUpAt == nil else { return }
        if severity == .error {
            if diagnostics.contains(where: { $0.severity == .error && $0.range == range }) { return }
            errorCount += 1
            if errorCount > Self.maximumErrors {
                // One past the cap: keep it so the caller can say more were found, and read no further.
                diagnostics.append(Diagnostic(id: id, severity: severity, message: message, range: range))
                stopReading(at: range.start)
                return
            }
        } else {
            warningCount += 1
            guard warningCount <= Self.maximumErrors else { return }
        }
        diagnostics.append(Diagnostic(
            id: id, severity: severity, message: message, range: range, notes: notes, fixIt: fixIt))
    }

    /// Whether the lexer reported an error between two offsets (an open quote inside a group, say).
    func hasLexicalError(from start: Int, to end: Int) -> Bool {
        lexer.diagnostics.contains { $0.severity == .error && $0.range.start >= start && $0.range.start <= end }
    }
}
