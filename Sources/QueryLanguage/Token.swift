/// One lexical unit of a query; public so that completion and highlighting can work on half-typed input.
public struct Token: Sendable, Hashable {
    /// What the token is, as the grammar names it.
    public enum Kind: Sendable, Hashable {
        /// `WORD`: `Beria`, `Péter's`, `co-operatives`, `1953-06`.
        case word
        /// `NUMBER`: `1953`, `100,000`, `1.5`, `10:30`.
        case number
        /// `FIELD_NAME`: `speaker:`; `text` is the name without the colon.
        case fieldName
        /// `PHRASE`: `"army purge"~5`; `text` is the inside with escapes resolved, `argument` the proximity.
        case phrase
        /// `PREFIX`: `collectiv*`; `text` is the stem without `*`.
        case prefix
        /// `FUZZY`: `Rakosy~1`; `text` is the word without `~`, `argument` the distance if written.
        case fuzzy
        /// `REGEX`: `/arrest(ed|s)?/`; `text` is the pattern between the slashes, escapes kept.
        case regex
        /// `NAMED_REF`: `@security`; `text` is the name without `@`.
        case namedReference
        /// `AND`, upper case only.
        case and
        /// `OR`, upper case only.
        case or
        /// `NOT`, upper case only.
        case not
        /// A `-` that starts a token: negation.
        case minus
        /// `(`
        case leftParen
        /// `)`
        case rightParen
        /// `*` alone: every utterance.
        case star
        /// `|`: the start of a pipeline stage.
        case pipe
        /// `>`, `>=`, `<` or `<=`; `text` is the operator.
        case comparison
        /// `..` between the ends of a range.
        case dots
        /// `,` between the groupings of `count by doc, speaker`.
        case comma
        /// Characters that start no token; the parser reports them where it meets them.
        case unexpected
        /// The end of the input; always the last token.
        case end
    }

    /// What the token is.
    public var kind: Kind
    /// Where the token is, including quotes, colons and suffixes.
    public var range: SourceRange
    /// The token's value, as described for each kind.
    public var text: String
    /// A number written as part of the token (phrase proximity or fuzzy distance).
    public var argument: Int?

    /// A token of the given kind.
    public init(_ kind: Kind, _ range: SourceRange, text: String = "", argument: Int? = nil) {
        self.kind = kind
        self.range = range
        self.text = text
        self.argument = argument
    }
}

extension Token.Kind {
    /// Whether a token of this kind can begin a `not_expr`, which decides whether juxtaposition continues an AND chain.
    var startsOperand: Bool {
        switch self {
        case .word, .number, .fieldName, .phrase, .prefix, .fuzzy, .regex, .namedReference,
             .not, .minus, .leftParen, .star, .comparison, .dots, .unexpected, .comma:
            return true
        case .and, .or, .rightParen, .pipe, .end:
            return false
        }
    }
}
