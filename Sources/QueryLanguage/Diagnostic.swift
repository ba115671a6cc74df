/// A problem found in a query, kept as data so that the shell, scripts and tests can each present it their own way.
public struct Diagnostic: Sendable, Hashable {
    /// A stable name for the kind of problem; tests and scripts match on it instead of on the wording.
    public struct ID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The id as written in docs and tests, e.g. `unknown-field`.
        public let rawValue: String
        /// An id from its written form.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// An id from its written form, for `static let` declarations.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    /// How bad the problem is: an error stops the query, a warning or note does not.
    public enum Severity: String, Sendable, Hashable {
        /// The query does not run (a script stops with status 65).
        case error
        /// The query runs, but probably not as meant.
        case warning
        /// Information, such as an unknown speaker with a suggestion.
        case note
    }

    /// Extra information attached to a diagnostic, optionally pointing at another place.
    public struct Note: Sendable, Hashable {
        /// Lower case, like a diagnostic's message.
        public var message: String
        /// Where the note points, if anywhere.
        public var range: SourceRange?
        /// A note with an optional place.
        public init(_ message: String, range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }
    }

    /// A mechanical fix: replace `range` with `replacement` (an empty range inserts).
    public struct FixIt: Sendable, Hashable {
        /// What to replace.
        public var range: SourceRange
        /// The new text.
        public var replacement: String
        /// A fix replacing `range` with `replacement`.
        public init(range: SourceRange, replacement: String) {
            self.range = range
            self.replacement = replacement
        }
    }

    /// What kind of problem this is, stable across wording changes.
    public var id: ID
    /// Whether the query can still run.
    public var severity: Severity
    /// Lower case, the user's text in single quotes, no internal names.
    public var message: String
    /// Where the carets go.
    public var range: SourceRange
    /// More to say, e.g. how `|` differs from `OR`.
    public var notes: [Note]
    /// The fix the message suggests, when there is exactly one.
    public var fixIt: FixIt?

    /// A diagnostic; the message follows the rules above.
    public init(
        id: ID, severity: Severity = .error, message: String, range: SourceRange,
        notes: [Note] = [], fixIt: FixIt? = nil
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        self.fixIt = fixIt
    }
}

/// The stable ids of the query language's diagnostics; other modules add their own in extensions.
extension Diagnostic.ID {
    // Lexical problems.
    public static let unexpectedCharacter = Self("unexpected-character")
    public static let unterminatedQuote = Self("unterminated-quote")
    public static let unterminatedRegex = Self("unterminated-regex")
    public static let emptyPhrase = Self("empty-phrase")
    public static let emptyRegex = Self("empty-regex")
    public static let regexFlags = Self("regex-flags")
    public static let invalidProximity = Self("invalid-proximity")
    public static let invalidFuzzyDistance = Self("invalid-fuzzy-distance")
    public static let misplacedWildcard = Self("misplaced-wildcard")
    public static let expectedReferenceName = Self("expected-reference-name")

    // Expressions.
    public static let emptyQuery = Self("empty-query")
    public static let expectedTermAfterOr = Self("expected-term-after-or")
    public static let expectedTermAfterAnd = Self("expected-term-after-and")
    public static let expectedTermAfterNot = Self("expected-term-after-not")
    public static let ambiguousMinus = Self("ambiguous-minus")
    public static let expectedTermAfterParen = Self("expected-term-after-paren")
    public static let expectedTermBeforeOperator = Self("expected-term-before-operator")
    public static let expectedTermBeforePipe = Self("expected-term-before-pipe")
    public static let emptyParentheses = Self("empty-parentheses")
    public static let unbalancedParen = Self("unbalanced-paren")
    public static let nestingTooDeep = Self("nesting-too-deep")
    public static let tooManyErrors = Self("too-many-errors")

    // Fields.
    public static let unknownField = Self("unknown-field")
    public static let expectedFieldValue = Self("expected-field-value")
    public static let unknownFieldValue = Self("unknown-field-value")
    public static let invalidFieldValue = Self("invalid-field-value")
    public static let comparisonNotAllowed = Self("comparison-not-allowed")
    public static let rangeNotAllowed = Self("range-not-allowed")
    public static let comparisonWithoutField = Self("comparison-without-field")
    public static let rangeWithoutField = Self("range-without-field")
    public static let expectedComparisonValue = Self("expected-comparison-value")
    public static let expectedRangeEnd = Self("expected-range-end")
    public static let emptyRange = Self("empty-range")

    // Pipeline stages.
    public static let expectedStage = Self("expected-stage")
    public static let unknownStage = Self("unknown-stage")
    public static let doublePipe = Self("double-pipe")
    public static let expectedBy = Self("expected-by")
    public static let expectedResultField = Self("expected-result-field")
    public static let unknownResultField = Self("unknown-result-field")
    public static let expectedStageNumber = Self("expected-stage-number")
    public static let invalidStageNumber = Self("invalid-stage-number")
    public static let invalidStageArgument = Self("invalid-stage-argument")
    public static let expectedSortKey = Self("expected-sort-key")
    public static let unexpectedAfterStage = Self("unexpected-after-stage")
    public static let stageCannotFollow = Self("stage-cannot-follow")
    public static let invalidTurnCount = Self("invalid-turn-count")
    public static let expectedSequenceQuery = Self("expected-sequence-query")
    public static let invalidWindow = Self("invalid-window")
    public static let expectedNearWord = Self("expected-near-word")
}
