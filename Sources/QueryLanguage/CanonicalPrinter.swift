/// Prints a query with every AND and OR in parentheses and operators upper case, so `.explain` can show how
/// precedence grouped it; the output parses back to the same tree (groups aside).
///
/// `missing` and `error` nodes print as `<missing>` and `<error>`, which do not parse: only a query without
/// errors round-trips.
public enum CanonicalPrinter: Sendable {
    /// The whole query, stages included: `((speaker:Beria AND topic:ÁVH) OR "collective leadership") | count`.
    public static func print(_ query: ParsedQuery) -> String {
        ([print(query.expression)] + query.stages.map(print)).joined(separator: " | ")
    }

    /// One expression; groups print as their contents, since every AND and OR brings its own parentheses.
    public static func print(_ expression: Expression) -> String {
        switch expression.kind {
        case .term(let term):
            return print(term)
        case .field(let field):
            return field.name + ":" + print(field.value)
        case .matchAll:
            return "*"
        case .namedReference(let name):
            return "@" + name
        case .not(let operand):
            return "NOT " + print(operand)
        case .and(let operands, _):
            return print(operands, joinedBy: " AND ")
        case .or(let operands):
            return print(operands, joinedBy: " OR ")
        case .group(let inner):
            return print(inner)
        case .sequence(let sequence):
            return print(sequence)
        case .near(let window):
            return print(window)
        case .missing:
            return "<missing>"
        case .error:
            return "<error>"
        }
    }

    /// The operands of an AND or OR in parentheses; apart from `print(_:)`, whose stack frame every
    /// level of nesting pays for.
    @inline(never)
    static func print(_ operands: [Expression], joinedBy separator: String) -> String {
        operands.count == 1 ? print(operands[0]) : "(" + operands.map { print($0) }.joined(separator: separator) + ")"
    }

    /// `after:(QUERY)~N`; apart from `print(_:)`, for the same reason.
    @inline(never)
    static func print(_ sequence: TurnSequence) -> String {
        let printed = print(sequence.query)
        return sequence.direction.rawValue + ":" + (printed.hasPrefix("(") ? printed : "(" + printed + ")")
            + (sequence.turns == 1 ? "" : "~\(sequence.turns)")
    }

    /// `near:(QUERY)~L,R WORD`, the window always written out; apart from `print(_:)`, for the same reason.
    @inline(never)
    public static func print(_ window: WordWindow) -> String {
        let printed = print(window.query)
        return "near:" + (printed.hasPrefix("(") ? printed : "(" + printed + ")")
            + "~\(window.left)" + (window.left == window.right ? "" : ",\(window.right)") + " " + print(window.word)
    }

    /// One term as it would be typed; a word that would not read back as one word is quoted instead.
    public static func print(_ term: Term) -> String {
        switch term.kind {
        case .word:
            return isPlainWord(term.text) ? term.text : quote(term.text)
        case .phrase(let proximity):
            return quote(term.text) + (proximity.map { "~\($0)" } ?? "")
        case .prefix:
            return term.text + "*"
        case .fuzzy(let distance):
            return term.text + (distance == 2 ? "~" : "~\(distance)")
        case .regex:
            return "/" + term.text + "/"
        }
    }

    /// A field's value after the colon.
    public static func print(_ value: FieldValue) -> String {
        switch value {
        // A signed number (`time:-00:00:00:10`) is one word after a colon, though it is two tokens alone.
        case .term(let term) where term.kind == .word && term.text.hasPrefix("-") && isNumber(String(term.text.dropFirst())):
            return term.text
        case .term(let term): return print(term)
        case .comparison(let comparison, let bound): return comparison.rawValue + bound.text
        case .range(let low, let high): return low.text + ".." + high.text
        case .any: return "*"
        case .missing: return "<missing>"
        }
    }

    /// One stage, in lower case with its arguments.
    public static func print(_ stage: Stage) -> String {
        switch stage.kind {
        case .show: return "show"
        case .kwic(let width, let sort):
            return "kwic" + (width.map { " \($0)" } ?? "") + (sort.isEmpty ? "" : " sort " + sort.map(\.name).joined(separator: " "))
        case .count(let groupings): return "count" + (groupings.isEmpty ? "" : " by " + groupings.map(\.text).joined(separator: ", "))
        case .words(let limit): return "words" + (limit.map { " \($0)" } ?? "")
        case .collocates(let o):
            let defaults = CollocatesOptions()
            return "collocates" + (o.left != defaults.left || o.right != defaults.right ? " window \(o.left) \(o.right)" : "")
                + (o.measure != defaults.measure ? " by \(o.measure.rawValue)" : "") + (o.minimum != defaults.minimum ? " min \(o.minimum)" : "")
                + (o.stopWords ? " stopwords" : "")
        case .keywords(let versus, let minimum):
            return "keywords" + (versus.map { " vs (" + print($0) + ")" } ?? "") + (minimum != 3 ? " min \(minimum)" : "")
        case .ngrams(let length, let minimum, let containing):
            return "ngrams \(length)" + (minimum != 2 ? " min \(minimum)" : "") + (containing.map { " containing " + (isPlainWord($0) ? $0 : quote($0)) } ?? "")
        case .timeline(let bySpeaker, let bins): return "timeline" + (bySpeaker ? " by speaker" : "") + (bins.map { " bins \($0)" } ?? "")
        case .limit(let limit): return "limit \(limit)"
        case .sort(let key, let descending):
            let name: String
            switch key {
            case .grouping(let grouping): name = grouping.text
            case .column(let column): name = column
            }
            return "sort by \(name)" + (descending ? " desc" : "")
        case .interruptions(let byDoc): return "interruptions" + (byDoc ? " by doc" : "")
        case .transitions: return "transitions"
        case .cite(let style): return "cite" + (style == .chicago ? "" : " \(style.rawValue)")
        case .error: return "<error>"
        }
    }

    /// Whether the text reads back as one word or number (not `OR`, not `two words`).
    static func isPlainWord(_ text: String) -> Bool {
        guard let kind = singleToken(text) else { return false }
        return kind == .word || kind == .number
    }

    static func isNumber(_ text: String) -> Bool { singleToken(text) == .number }

    /// The kind of the one token `text` lexes as, if it is one whole token.
    private static func singleToken(_ text: String) -> Token.Kind? {
        let tokens = Lexer.lex(Source(text))
        guard tokens.diagnostics.isEmpty, tokens.tokens.count == 2, let token = tokens.tokens.first,
              token.range == SourceRange(0, text.utf8.count) else { return nil }
        return token.kind
    }

    /// A phrase in straight quotes, escaping the quotes and backslashes the lexer would read specially.
    public static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            if Lexer.isQuote(scalar) || scalar == "\\" { result += "\\" }
            result.unicodeScalars.append(scalar)
        }
        return result + "\""
    }
}
