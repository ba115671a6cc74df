/// A parsed query: its expression, its pipeline stages and everything wrong with it.
public struct ParsedQuery: Sendable, Hashable {
    /// The text that was parsed; diagnostics' ranges index it.
    public var source: Source
    /// The search expression; contains `missing` or `error` nodes when there are errors.
    public var expression: Expression
    /// The stages after `|`, in order; empty means the default `show`.
    public var stages: [Stage]
    /// Errors, warnings and notes, in source order.
    public var diagnostics: [Diagnostic]

    /// Whether the query must not run.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The query of `keywords vs (QUERY)`, when a stage has one.
    public var keywordsVersus: Expression? {
        stages.lazy.compactMap { stage -> Expression? in
            if case .keywords(let versus?, _) = stage.kind { return versus }
            return nil
        }.first
    }
}

/// A node of the search expression, with the source range it came from so every node can be pointed at.
public struct Expression: Sendable, Hashable {
    /// The node's shape. AND and OR chains are flat lists, so a long query never makes a deep tree.
    public indirect enum Kind: Sendable, Hashable {
        /// A word, phrase, prefix, fuzzy word or regular expression on its own.
        case term(Term)
        /// `name:value`.
        case field(Field)
        /// `*`: every utterance.
        case matchAll
        /// `@NAME`: a query named with `.define` or `.topic`.
        case namedReference(String)
        /// `after:(Q)~N` or `before:(Q)~N`: the utterances of the N turns after (before) each turn with a
        /// hit for Q, in the same document.
        case sequence(TurnSequence)
        /// `near:(Q)~L,R WORD`: the utterances Q matches in which WORD stands within L words before or R
        /// after a match of Q's search words.
        case near(WordWindow)
        /// `NOT x` or `-x`.
        case not(Expression)
        /// Two or more operands that must all match; `joins[i]` says how operands i and i+1 were joined.
        case and([Expression], joins: [AndJoin])
        /// Two or more operands, any of which may match.
        case or([Expression])
        /// Parentheses, kept so `.explain` can show what the user wrote.
        case group(Expression)
        /// Nothing where a search term was expected; a diagnostic says why.
        case missing
        /// Input that could not be read as a search term; a diagnostic says why.
        case error
    }

    /// What the node is.
    public var kind: Kind
    /// The node's extent; empty for a `missing` node.
    public var range: SourceRange

    /// A node; the parser makes them, tests and the engine may too.
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// How two operands of an AND chain were joined.
public enum AndJoin: Sendable, Hashable {
    /// By juxtaposition: `a b`.
    case implied
    /// By the word `AND`.
    case written
}

/// A search term, on its own or as a field's value.
public struct Term: Sendable, Hashable {
    /// The form the term was written in.
    public enum Kind: Sendable, Hashable {
        /// `Beria`: the text is the word as written.
        case word
        /// `"army purge"~5`: the text is inside the quotes; `proximity` is the `~N`, if any.
        case phrase(proximity: Int?)
        /// `collectiv*`: the text is the stem without `*`.
        case prefix
        /// `Rakosy~`: the text is the word without `~`; `distance` is 1 or 2 (`~` alone means 2).
        case fuzzy(distance: Int)
        /// `/arrest(ed|s)?/`: the text is the pattern between the slashes, escapes kept, not yet compiled.
        case regex
    }

    /// The form the term was written in.
    public var kind: Kind
    /// The term's value, as described for each kind.
    public var text: String
    /// Where the term is, including quotes and suffixes.
    public var range: SourceRange

    /// A term of the given form.
    public init(_ kind: Kind, _ text: String, range: SourceRange) {
        self.kind = kind
        self.text = text
        self.range = range
    }
}

/// A field restriction, `name:value`.
public struct Field: Sendable, Hashable {
    /// The field's name in lower case; unknown names are kept (with an error) so completion still sees them.
    public var name: String
    /// Where the name is, without the colon.
    public var nameRange: SourceRange
    /// What follows the colon.
    public var value: FieldValue

    /// The field the name names, nil for an unknown one (which the parser has reported).
    public var field: FieldName? { FieldName(rawValue: name.lowercased()) }

    /// A field restriction.
    public init(name: String, nameRange: SourceRange, value: FieldValue) {
        self.name = name
        self.nameRange = nameRange
        self.value = value
    }
}

/// What follows a field's colon.
public enum FieldValue: Sendable, Hashable {
    /// `speaker:Beria`, `text:"Red Army"`, `speaker:rak*`.
    case term(Term)
    /// `date:>=1960`; the bound is a word term, and the value's range is the bound's.
    case comparison(ComparisonOperator, Term)
    /// `date:1953-06..1956-10`; both ends are word terms, inclusive.
    case range(Term, Term)
    /// `*`: any value at all (`speaker:*`, and `-speaker:*` for none).
    case any(SourceRange)
    /// Nothing after the colon; a diagnostic says so.
    case missing(SourceRange)

    /// Where the value is.
    public var range: SourceRange {
        switch self {
        case .term(let term): return term.range
        case .comparison(_, let bound): return bound.range
        case .range(let low, let high): return low.range.union(high.range)
        case .missing(let range), .any(let range): return range
        }
    }
}

/// The comparison in `date:>=1960`.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
}

/// `after:(QUERY)~N` or `before:(QUERY)~N`, one value so that comparing and hashing trees, which recurse
/// through every case, keep small stack frames.
public struct TurnSequence: Sendable, Hashable {
    public var direction: SequenceDirection
    /// The query whose hits the sequence starts from.
    public var query: Expression
    /// How many turns after (before) each hit's turn.
    public var turns: Int

    public init(_ direction: SequenceDirection, _ query: Expression, turns: Int) {
        self.direction = direction
        self.query = query
        self.turns = turns
    }
}

/// `near:(QUERY)~L,R WORD`, one value for the same reason as `TurnSequence`.
public struct WordWindow: Sendable, Hashable {
    /// The query whose matches the window stands around, and whose hits the utterances must be.
    public var query: Expression
    /// How many words before a match's first word, and after its last.
    public var left: Int
    public var right: Int
    /// The word that must stand in the window.
    public var word: Term

    /// The window `collocates` uses unless told otherwise.
    public static let defaultSpan = 5

    public init(_ query: Expression, left: Int, right: Int, word: Term) {
        self.query = query
        self.left = left
        self.right = right
        self.word = word
    }
}

/// Which way a sequence looks from the turns its query hits.
public enum SequenceDirection: String, Sendable, Hashable, CaseIterable {
    case after, before
}

/// One pipeline stage after `|`.
public struct Stage: Sendable, Hashable {
    /// The stage and its arguments.
    public enum Kind: Sendable, Hashable {
        /// `show`
        case show
        /// `kwic [WIDTH] [sort KEY KEY? KEY?]`
        case kwic(width: Int?, sort: [KwicSortKey])
        /// `count`, or `count by GROUP [, GROUP]` (empty: the plain count)
        case count(by: [Grouping])
        /// `words [N]`
        case words(limit: Int?)
        /// `collocates [window L R] [by MEASURE] [min N] [stopwords]`
        case collocates(CollocatesOptions)
        /// `keywords [vs (QUERY)] [min N]`; without `vs`, against the rest of the loaded corpus
        case keywords(versus: Expression?, minimum: Int)
        /// `ngrams N [min N] [containing WORD]`
        case ngrams(length: Int, minimum: Int, containing: String?)
        /// `timeline [by speaker] [bins N]`
        case timeline(bySpeaker: Bool, bins: Int?)
        /// `limit N`
        case limit(Int)
        /// `sort by FIELD [asc|desc]`, or `sort by COLUMN [asc|desc]` after a stage that makes a table
        case sort(by: SortKey, descending: Bool)
        /// `interruptions [by doc]`
        case interruptions(byDoc: Bool)
        /// `transitions`
        case transitions
        /// `cite [chicago|csl-json|bibtex]`
        case cite(CitationStyle)
        /// A stage that could not be read; a diagnostic says why.
        case error
    }

    /// Which stage, with its arguments.
    public var kind: Kind
    /// From the stage's name to its last argument, without the `|`.
    public var range: SourceRange

    /// A stage.
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
