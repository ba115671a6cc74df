/// What a field's value may be; the parser checks values against it so mistakes are caught before a query runs.
public enum FieldValueKind: Sendable, Hashable {
    /// Any term: word, phrase, prefix, fuzzy word or regular expression.
    case text
    /// One word from a fixed list (a prefix of one also counts).
    case choice([String])
    /// A whole number, a comparison or a range of them (turn numbers).
    case wholeNumber
    /// A number with optional `,` thousands separators and `.` decimals, a comparison or a range (figures).
    case number
    /// A date `1953`, `1953-06` or `1953-06-13`, a comparison or a range of them.
    case date
    /// A time `45:00`, `00:10:00` or `-00:00:00:10` (`[-][[DD:]HH:]MM:SS[.fff]`), a comparison or a range.
    case time

    /// Whether `>=1960` and `3..7` make sense for this kind of value.
    public var isOrdered: Bool {
        switch self {
        case .text, .choice: return false
        case .wholeNumber, .number, .date, .time: return true
        }
    }
}

/// The fields of SPEC section 3. The evaluator switches over them without a `default`, so a field added
/// here and to the table does not compile until it is evaluated.
public enum FieldName: String, Sendable, Hashable, CaseIterable {
    case speaker, to, label, mentions, topic, text, written, kind, doc, date, time, turn, number, unit, editorial, code,
         party, role, sex, age, host, next, interrupter, interrupted
}

/// One field of SPEC section 3's table: the single place a field is declared.
public struct FieldSpec: Sendable, Hashable {
    /// The field.
    public let field: FieldName
    /// The name as written before the colon, lower case.
    public var name: String { field.rawValue }
    /// The values the field accepts.
    public let values: FieldValueKind
    /// What the field matches, for `.help` and completion.
    public let summary: String
    /// A typical use, also used in messages (`as in 'turn:3..7'`).
    public let example: String

    /// A table entry.
    public init(_ field: FieldName, _ values: FieldValueKind, _ summary: String, example: String) {
        self.field = field
        self.values = values
        self.summary = summary
        self.example = example
    }
}

/// One pipeline stage, for `.help` and completion; the parser has one method per stage.
public struct StageSpec: Sendable, Hashable {
    /// The stage's name, lower case.
    public let name: String

    /// The words written as they are after the name, as `syntax` gives them (`by`, `window`, `chicago`);
    /// the upper-case words there stand for values.
    public var keywords: [String] {
        syntax.split { " []|(),".contains($0) }.dropFirst().map(String.init)
            .filter { $0.first?.isLowercase == true }
    }
    /// How it is written, e.g. `count [by FIELD]`.
    public let syntax: String
    /// What it prints.
    public let summary: String
    /// What it takes and gives, for `.help`: `hits to hits`, `hits to output`, `hits to table`.
    public let type: String
}

/// The fields a `count by` or `sort by` stage can use.
public enum ResultField: String, Sendable, Hashable, CaseIterable {
    case speaker, doc, kind, date, turn, unit, party, role
}

/// How `cite` writes a citation.
public enum CitationStyle: String, Sendable, Hashable, CaseIterable {
    case chicago
    case cslJSON = "csl-json"
    case bibtex
}

/// What `count by` groups by: a result field, a date at a granularity, or clock time in buckets.
public enum Grouping: Sendable, Hashable {
    /// `speaker`, `doc`, `kind`, `date`, `turn`, `unit`, `party` or `role`.
    case field(ResultField)
    /// `date year|month|day`: a date cut to that precision (a date that is coarser keeps its own).
    case date(DatePrecision)
    /// `time 10m`: a timed turn's start, in buckets of that many seconds.
    case time(seconds: Int)

    /// The name of the table's column for it: the field's name.
    public var name: String {
        switch self {
        case .field(let field): return field.rawValue
        case .date: return "date"
        case .time: return "time"
        }
    }

    /// As written in a query: `speaker`, `date month`, `time 10m`.
    public var text: String {
        switch self {
        case .field(let field): return field.rawValue
        case .date(let precision): return "date " + precision.rawValue
        case .time(let seconds):
            if seconds % 3600 == 0 { return "time \(seconds / 3600)h" }
            if seconds % 60 == 0 { return "time \(seconds / 60)m" }
            return "time \(seconds)s"
        }
    }
}

/// How much of a date `count by date` keeps.
public enum DatePrecision: String, Sendable, Hashable, CaseIterable {
    case year, month, day
}

/// What `sort by` orders by: a grouping (hits by a field; a `count by` table by its grouped column), or
/// another column of a table.
public enum SortKey: Sendable, Hashable {
    case grouping(Grouping)
    /// A column's name, lower case.
    case column(String)

    /// The table column it names.
    public var name: String {
        switch self {
        case .grouping(let grouping): return grouping.name
        case .column(let name): return name
        }
    }
}

/// One position of `kwic ... sort`: `1R` is the first word right of the match, `2L` the second left.
public struct KwicSortKey: Sendable, Hashable {
    /// 1 to 5.
    public var distance: Int
    public var right: Bool

    public init(distance: Int, right: Bool) {
        self.distance = distance
        self.right = right
    }

    public var name: String { "\(distance)\(right ? "R" : "L")" }
}

/// The association measure of `collocates`.
public enum AssociationMeasure: String, Sendable, Hashable, CaseIterable {
    case mi, ll, t, logdice
}

/// The arguments of `collocates`.
public struct CollocatesOptions: Sendable, Hashable {
    /// Words left and right of a match that count as near it.
    public var left = 5
    public var right = 5
    public var measure = AssociationMeasure.logdice
    /// The fewest co-occurrences a row needs.
    public var minimum = 3
    /// Whether stop words are kept.
    public var stopWords = false

    public init() {}
}

/// The columns of the table a stage makes, in order, or nil for a stage that makes none: the one place
/// that names them, for `sort by`, the renderer and `.help`.
public enum TableColumns {
    /// What `count by` adds after its grouped columns.
    public static let counts = ["utterances", "share", "turns", "words", "hits", "rate", "query"]

    /// What each of `count by`'s columns counts, for `.help` and the legend under the table on a terminal.
    public static let countMeanings: KeyValuePairs<String, String> = [
        "utterances": "the matched utterances with that value",
        "share": "the utterances' share of all matched utterances",
        "turns": "the turns with a hit",
        "words": "words of the matched utterances",
        "hits": "the matches, as kwic counts them (the matched utterances when the query has only fields)",
        "rate": "hits per 1,000 words the group speaks in the whole loaded corpus, not per the words column; empty (null in JSON) for a group that speaks no words",
        "query": "the query that gives the row's utterances (.drill N runs it)",
    ]

    public static func of(_ kind: Stage.Kind) -> [String]? {
        switch kind {
        case .count(by: let groupings) where !groupings.isEmpty: return groupings.map(\.name) + counts
        case .words: return ["word", "count", "query"]
        case .interruptions(let byDoc): return (byDoc ? ["doc"] : []) + ["interrupter", "interrupted", "count", "query"]
        case .transitions: return ["from", "to", "count", "share", "query"]
        case .collocates(let options): return ["word", "o", "e", "f_node", "f_coll", options.measure.rawValue, "query"]
        case .keywords: return ["word", "a", "b", "ll", "log_ratio", "query"]
        case .ngrams: return ["ngram", "count", "query"]
        default: return nil
        }
    }

    /// Every column any table has, for completion and messages.
    public static let all = ResultField.allCases.map(\.rawValue) + counts
        + ["word", "count", "interrupter", "interrupted", "from", "to", "o", "e", "f_node", "f_coll", "ngram", "a", "b", "log_ratio"]
        + AssociationMeasure.allCases.map(\.rawValue)
}

/// The names a query can use, in one place so that parser, completion and help agree.
public enum QueryVocabulary: Sendable {
    /// The known fields, in the order of SPEC section 3's table. Adding a field is one line here.
    public static let fields: [FieldSpec] = [
        FieldSpec(.speaker, .text, "spoken by that speaker", example: "speaker:Beria"),
        FieldSpec(.to, .text, "addressed to that speaker: a label's (to X), CHAT's %add", example: "to:Dobrynin"),
        FieldSpec(.label, .text, "in turns whose label as written, qualifiers included, contains the text", example: "label:Con"),
        FieldSpec(.mentions, .text, "naming that person or body", example: "mentions:Rákosi"),
        FieldSpec(.topic, .text, "matching a named topic", example: "topic:ÁVH"),
        FieldSpec(.text, .text, "containing the text, like a bare term", example: "text:\"Red Army\""),
        FieldSpec(.written, .text, "containing the words as written whole, not as a part or joined form of a longer word (a word or a phrase)",
                  example: "written:\"comrade rákosi\""),
        FieldSpec(.kind, .choice(utteranceKinds), "of that kind", example: "kind:interjection"),
        FieldSpec(.doc, .text, "in documents whose id, a word of it, a title word or phrase, or file name matches", example: "doc:1953*"),
        FieldSpec(.date, .date, "in documents dated within", example: "date:1953-06..1956-10"),
        FieldSpec(.time, .time, "in turns spoken at that time (timed documents)", example: "time:00:10:00..00:20:00"),
        FieldSpec(.turn, .wholeNumber, "in turns with that number", example: "turn:3..7"),
        FieldSpec(.number, .number, "containing a figure in range", example: "number:1000..50000"),
        FieldSpec(.unit, .text, "containing a figure with that unit", example: "unit:forints"),
        FieldSpec(.editorial, .text, "containing editorial spans of that kind or text", example: "editorial:sic"),
        FieldSpec(.code, .text, "holding that annotation code of a transcription system (CHAT)", example: "code:x"),
        FieldSpec(.party, .text, "by speakers of that party on the document's date (ParlaMint)", example: "party:PSC"),
        FieldSpec(.role, .text, "by speakers in that role on the document's date (ParlaMint, CHAT @ID)", example: "role:Target_Child"),
        FieldSpec(.sex, .text, "by speakers of that sex, as the source states it", example: "sex:F"),
        FieldSpec(.age, .text, "by speakers of that age, as the source writes it (CHAT @ID)", example: "age:1*"),
        FieldSpec(.host, .text, "in turns of that speaker: an interjection's host, the turn a transition starts from; \"(none)\" for turns without one",
                  example: "host:Rákosi"),
        FieldSpec(.next, .text, "in turns that a turn of that speaker follows, as transitions counts them", example: "next:Beria"),
        FieldSpec(.interrupter, .text, "counted by interruptions with that speaker interrupting; \"(unknown)\" for a caption's >> change",
                  example: "interrupter:Molotov"),
        FieldSpec(.interrupted, .text, "counted by interruptions with that speaker interrupted", example: "interrupted:Rákosi"),
    ]

    /// The kinds of utterance `kind:` accepts.
    public static let utteranceKinds = ["speech", "interjection", "direction", "narrative"]

    /// The pipeline stages, in the order of SPEC section 3's table.
    public static let stages: [StageSpec] = [
        StageSpec(name: "show", syntax: "show", summary: "each utterance with its citation header", type: "hits to output"),
        StageSpec(name: "kwic", syntax: "kwic [WIDTH] [sort KEY [KEY [KEY]]]",
                  summary: "one keyword-in-context line per match, up to WIDTH characters either side in whole words (on screen, WIDTH columns: a Chinese character takes two); sort 1R 2R 1L orders by the words right (R) or left (L) of it",
                  type: "hits to output"),
        StageSpec(name: "count", syntax: "count [by GROUP[, GROUP]]",
                  summary: "utterances, turns and documents matched; by GROUP, a table with utterances, share, turns, words, hits and rate (hits per 1,000 words the group speaks); two groups make a cross-table. GROUP is a field, date year|month|day, or time 10m",
                  type: "hits to output; by GROUP: hits to table"),
        StageSpec(name: "words", syntax: "words [N]", summary: "the most frequent words in the matches", type: "hits to table"),
        StageSpec(name: "collocates", syntax: "collocates [window L R] [by mi|ll|t|logdice] [min N] [stopwords]",
                  summary: "words near the matches (5 left and 5 right), with an association measure (logDice)", type: "hits to table"),
        StageSpec(name: "keywords", syntax: "keywords [vs (QUERY)] [min N]",
                  summary: "words distinctive of the matched utterances against the rest of the corpus, or against QUERY's", type: "hits to table"),
        StageSpec(name: "ngrams", syntax: "ngrams N [min N] [containing WORD]",
                  summary: "the most frequent sequences of N (2 to 5) words in the matches", type: "hits to table"),
        StageSpec(name: "timeline", syntax: "timeline [by speaker] [bins N]",
                  summary: "where the hits fall in each document, by turn or clock time, with Gries' DP; an SVG picture with .output FILE.svg",
                  type: "hits to output"),
        StageSpec(name: "interruptions", syntax: "interruptions [by doc]",
                  summary: "who interrupts whom: interjections, and turns cut off with a dash by another speaker", type: "hits to table"),
        StageSpec(name: "transitions", syntax: "transitions", summary: "who speaks after whom: each matched turn and the next",
                  type: "hits to table"),
        StageSpec(name: "cite", syntax: "cite [chicago|csl-json|bibtex]", summary: "a citation for each hit, from the document's metadata",
                  type: "hits to output"),
        StageSpec(name: "limit", syntax: "limit N", summary: "the first N hits, or the first N rows of a table",
                  type: "hits to hits, table to table"),
        StageSpec(name: "sort", syntax: "sort by FIELD|COLUMN [desc]", summary: "hits by a field, or a table's rows by a column",
                  type: "hits to hits, table to table"),
    ]

    /// The boolean operators, which are upper case only.
    public static let operators = ["AND", "OR", "NOT"]

    /// The known field names, for completion.
    public static var fieldNames: [String] { fields.map(\.name) }

    /// The names written like a field that take a query in parentheses, for `.help` and completion; the
    /// parser reads each with a method of its own.
    public static let queryFields: [(name: String, syntax: String, summary: String, example: String)] = [
        ("after", "after:(QUERY)~N", "the utterances of the N turns (default 1) after each turn with a hit for QUERY",
         "speaker:Rákosi after:(speaker:Beria)"),
        ("before", "before:(QUERY)~N", "the same for the N turns before", "before:(speaker:Beria)~2"),
        ("near", "near:(QUERY)~L,R WORD", "the utterances of QUERY with WORD within L words before or R after a match of its words (~L: L either side; none: 5)",
         "near:(army)~0,3 purging"),
    ]

    public static var queryFieldNames: [String] { queryFields.map(\.name) }

    /// The stage names, for completion.
    public static var stageNames: [String] { stages.map(\.name) }

    /// The names `count by` and `sort by` accept.
    public static var resultFieldNames: [String] { ResultField.allCases.map(\.rawValue) }

    /// The field with this name, ignoring case.
    public static func field(named name: String) -> FieldSpec? {
        let lowered = name.lowercased()
        return fields.first { $0.name == lowered }
    }

    /// The ordered fields, for messages such as "comparisons work with date:, time:, turn: and number:".
    static var orderedFieldNames: [String] { fields.filter(\.values.isOrdered).map(\.name) }
}
