import QueryLanguage
import TranscriptModel

/// What a query's pipeline produces, ready for a renderer.
public enum QueryOutput: Sendable {
    /// `show`: the matched units in order (`Pipeline.utterances(ofUnit:)` gives their utterances).
    case units([Int], cut: Cut?)
    /// `kwic`: one line per match (`Pipeline.kwicLine` makes its text); `width` characters either side
    /// (columns, in aligned text), nil to fit the screen.
    case kwic([KwicMatch], width: Int?, cut: Cut?)
    /// `count`: utterances, turns and documents matched.
    case counts(utterances: Int, turns: Int, documents: Int)
    /// A table: `count by`, `words`, `collocates`, `keywords`, `ngrams`, `interruptions`, `transitions`.
    case table(ResultTable)
    /// `timeline`: where the hits fall in each document.
    case timeline(Timeline)
    /// `cite`: the matched units, a citation for each utterance.
    case citations([Int], style: CitationStyle, cut: Cut?)

    /// Results not shown because a limit cut them: how many, and which limit.
    public struct Cut: Sendable, Equatable {
        public var more: Int
        /// The `limit N` stage's N, or nil when the session's limit (`.limit`) cut them.
        public var stageLimit: Int?

        public init(more: Int, stageLimit: Int?) {
            self.more = more
            self.stageLimit = stageLimit
        }
    }

    /// The results not shown, if any.
    public var cut: Cut? {
        switch self {
        case .units(_, let cut), .kwic(_, _, let cut), .citations(_, _, let cut): return cut
        default: return nil
        }
    }
}

/// Where a query's words matched, for a keyword-in-context line: the utterance and the UTF-8 byte range
/// of the match in its text. Small, as a query can have a million matches; the line's text is made when
/// it is shown.
public struct KwicMatch: Sendable {
    private let number: Int32
    private let start: Int32
    private let end: Int32

    public init(utterance: Int, range: Range<Int>) {
        number = Int32(clamping: utterance)
        start = Int32(clamping: range.lowerBound)
        end = Int32(clamping: range.upperBound)
    }

    public var utterance: Int { Int(number) }
    public var range: Range<Int> { Int(start)..<Int(max(start, end)) }
}

/// One keyword-in-context line.
public struct KwicLine: Sendable {
    public var utterance: Int
    public var left: String
    public var match: String
    public var right: String
}

/// Runs the stages after `|` over the matched units.
public struct Pipeline {
    public let index: CorpusIndex
    public let scope: Scope
    public var context = 0
    public var stopWords: StopWordChoice
    /// Whether words the editor inserted count in `words` (`.editorial on`), as they do in matching.
    public var editorial = true
    /// Finds the words to highlight and to align `kwic` on.
    public var highlighter: Highlighter
    /// The query, as a table's drill-down queries start: `(army)`.
    public var query = "(*)"
    /// The hits of `keywords vs (QUERY)`'s query, as units of the scope.
    public var versus: Bitset?
    /// Asked between utterances by the stages that read every matched utterance's words (`words`,
    /// `collocates`, `keywords`, `ngrams`): true (Ctrl-C) ends them early, and the answer is then dropped.
    /// Safe to call from any thread.
    public var shouldStop: () -> Bool = { false }

    public init(index: CorpusIndex, scope: Scope, context: Int = 0, stopWords: StopWordChoice, highlighter: Highlighter) {
        self.index = index
        self.scope = scope
        self.context = context
        self.stopWords = stopWords
        self.highlighter = highlighter
    }

    /// The utterances (global numbers) that make up unit `u` of the scope.
    public func utterances(ofUnit u: Int) -> [Int] {
        switch scope {
        case .utterance: return [u]
        case .turn: return index.utterances(ofTurnUnit: u)
        case .document: return Array(index.documentStarts[u]..<index.documentStarts[u + 1])
        }
    }

    /// The utterances of several units, in order.
    public func utterances(ofUnits units: [Int]) -> [Int] {
        scope == .utterance ? units : units.flatMap(utterances(ofUnit:))
    }

    /// The stage that makes the output: the first that is not `limit` or `sort` (the parser has checked
    /// that only those follow it), or `show` when there is none.
    public static func output(of stages: [Stage]) -> Stage.Kind {
        stages.first { stage in
            switch stage.kind {
            case .limit, .sort, .error: return false
            default: return true
            }
        }?.kind ?? .show
    }

    /// Runs the stages in order, as the parser checked them: `limit` and `sort` on the hits, the stage
    /// that makes the output, then `limit` and `sort` on its table. `displayLimit` (the session's limit)
    /// cuts `show`, `kwic` and `cite` output that no `limit` stage cut.
    public func run(_ matched: Bitset, stages: [Stage], displayLimit: Int? = nil) -> QueryOutput {
        var units = matched.members
        var stageLimit: Int?
        var sorted = false
        var rest = stages[...]
        while let stage = rest.first {
            if case .limit(let n) = stage.kind {
                stageLimit = n
                units = Array(units.prefix(n))
            } else if case .sort(.grouping(let grouping), let descending) = stage.kind {
                units = sort(units, by: grouping, descending: descending)
                sorted = true
            } else if stage.kind != .error {
                break
            }
            rest = rest.dropFirst()
        }
        // Only a `limit` stage cuts (and counting a corpus-wide set of hits is a pass over all its words).
        let cutByStage = stageLimit == nil ? 0 : matched.count - units.count
        let output = rest.first?.kind ?? .show
        let tableStages = rest.dropFirst().map(\.kind)
        /// The units shown, and what a limit cut: the `limit N` stage's, else the session's.
        func limited(_ units: [Int]) -> ([Int], QueryOutput.Cut?) {
            if cutByStage > 0 { return (units, .init(more: cutByStage, stageLimit: stageLimit)) }
            guard let displayLimit, units.count > displayLimit else { return (units, nil) }
            return (Array(units.prefix(displayLimit)), .init(more: units.count - displayLimit, stageLimit: nil))
        }
        switch output {
        case .count(by: []):
            let utterances = utterances(ofUnits: units)
            var turns = Bitset(capacity: index.turnUnitCount)
            var documents = Bitset(capacity: index.documents.count)
            // Utterances come in order (unless a `sort` stage came first): the document moves on, never
            // back, and is found by a search only when it does go back.
            let starts = index.documentStarts
            var d = 0
            var last = -1
            for u in utterances {
                if u < last { d = index.address(u).document }
                while starts[d + 1] <= u { d += 1 }
                last = u
                // An utterance outside any turn (narrative, a caption without a speaker) has a unit of its
                // own for `.within turn`, but it is no turn: "turns with a hit" counts turns the sources have.
                let unit = Int(index.turnUnit[u])
                if index.unitIsTurn.contains(unit) { turns.insert(unit) }
                documents.insert(d)
            }
            return .counts(utterances: utterances.count, turns: turns.count, documents: documents.count)
        case .timeline(let bySpeaker, let bins):
            return .timeline(timeline(utterances(ofUnits: units), bySpeaker: bySpeaker, bins: bins))
        case .count, .words, .collocates, .keywords, .ngrams, .interruptions, .transitions:
            // A table's figures do not depend on the order of the hits, and its counting takes them in
            // corpus order (a document's, a turn's utterances one after another): a `sort` before it only
            // chose which ones a `limit` kept.
            var table = makeTable(output, utterances(ofUnits: sorted ? units.sorted() : units))
            table.apply(tableStages)
            return .table(table)
        case .cite(let style):
            let (shown, cut) = limited(units)
            return .citations(shown, style: style, cut: cut)
        case .kwic(let width, let keys):
            var matches: [KwicMatch] = []
            for unit in units {
                for u in utterances(ofUnit: unit) { matches += kwicMatches(u) }
            }
            if !keys.isEmpty { matches = sort(matches, by: keys) }
            if cutByStage > 0 { return .kwic(matches, width: width, cut: .init(more: cutByStage, stageLimit: stageLimit)) }
            guard let displayLimit, matches.count > displayLimit else { return .kwic(matches, width: width, cut: nil) }
            return .kwic(Array(matches.prefix(displayLimit)), width: width, cut: .init(more: matches.count - displayLimit, stageLimit: nil))
        default:
            let (shown, cut) = limited(units)
            return .units(shown, cut: cut)
        }
    }

    /// The utterances shown before and after a unit for `.context N`, within its document.
    public func context(ofUnit unit: Int) -> (before: [Int], after: [Int]) {
        let members = utterances(ofUnit: unit)
        guard context > 0, let first = members.first, let last = members.last else { return ([], []) }
        let document = index.address(first).document
        let start = index.documentStarts[document]
        let end = index.documentStarts[document + 1]
        return (Array(max(start, first - context)..<first), Array((last + 1)..<min(end, last + 1 + context)))
    }

    // MARK: Stages

    /// The value of a result field for one utterance; nil is shown as `(none)`.
    public func values(of field: ResultField, _ u: Int) -> [String?] {
        let a = index.address(u)
        let document = index.documents[a.document]
        let utterance = document.utterances[a.index]
        switch field {
        case .speaker:
            let n = Int(index.utteranceSpeaker[u])
            return [n >= 0 ? index.speakerNames[n] : nil]
        case .doc: return [document.id]
        case .kind: return [utterance.kind.rawValue]
        case .date: return [document.date?.description]
        case .turn: return [utterance.turn.map(String.init)]
        case .party, .role:
            return Self.attributeValues(field, of: utterance.speaker, in: document)
        case .unit:
            let units = Self.figureUnits(utterance)
            return units.isEmpty ? [nil] : units
        }
    }

    /// The units of an utterance's figures, each once, as `unit:` reads them: `ft.` is `ft`.
    public static func figureUnits(_ utterance: Utterance) -> [String] {
        var units: [String] = []
        for figure in utterance.figures {
            if let unit = figure.unit.map({ String($0.drop { $0 == "." }.reversed().drop { $0 == "." }.reversed()) }), !units.contains(unit) {
                units.append(unit)
            }
        }
        return units
    }

    /// A speaker's `party` or `role` as the source states it on the document's date; several at once count
    /// under each; nil for none.
    static func attributeValues(_ field: ResultField, of speaker: Int?, in document: Document) -> [String?] {
        guard let speaker else { return [nil] }
        let values = document.speakers[speaker].attributes.filter { $0.name == field.rawValue && $0.holds(on: document.date) }.map(\.value)
        let distinct = values.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return distinct.isEmpty ? [nil] : distinct
    }

    /// The most frequent words, each shown as most often written in lower case (see `SpokenWords`).
    func words(_ utterances: [Int], limit: Int) -> (words: [(word: String, count: Int)], distinct: Int, tied: Int) {
        SpokenWords.frequencies(utterances, index: index, stopWords: stopWords, editorial: editorial, limit: limit, shouldStop: shouldStop)
    }

    /// Where the query's words match in utterance `u`, in order (under `.editorial off`, none inside a word
    /// the editor inserted).
    public func kwicMatches(_ u: Int) -> [KwicMatch] {
        highlighter.matches(inUtterance: u, editorial: editorial).map { KwicMatch(utterance: u, range: $0) }
    }

    /// The keyword-in-context line of a match: up to `width` characters either side, in whole words; with
    /// `inColumns`, up to `width` columns of a terminal (`DisplayWidth`), so that aligned lines stay aligned
    /// whatever script their context is in.
    public func kwicLine(_ match: KwicMatch, width: Int, inColumns: Bool = false) -> KwicLine {
        index.utterance(match.utterance).withTextUTF8 { bytes in
            let range = match.range.clamped(to: 0..<bytes.count)
            let left = String(decoding: bytes[..<range.lowerBound], as: UTF8.self)
            let right = String(decoding: bytes[range.upperBound...], as: UTF8.self)
            return KwicLine(utterance: match.utterance, left: Self.context(before: left, width: width, inColumns: inColumns),
                            match: String(decoding: bytes[range], as: UTF8.self),
                            right: Self.context(after: right, width: width, inColumns: inColumns))
        }
    }

    /// The end of `text`, at most `width` characters (or columns), without a word the width cuts (unless it
    /// is the only one): `rade Rákosi. The tendency for` is `Rákosi. The tendency for`.
    static func context(before text: String, width: Int, inColumns: Bool = false) -> String {
        let kept = inColumns ? DisplayWidth.suffix(of: text, fitting: width) : text.suffix(width)
        guard kept.startIndex > text.startIndex, kept.first != " ", text[text.index(before: kept.startIndex)] != " ",
              let space = kept.firstIndex(of: " ") else { return String(kept) }
        return String(kept[kept.index(after: space)...])
    }

    /// The start of `text`, at most `width` characters (or columns), without a word the width cuts (unless
    /// it is the only one).
    static func context(after text: String, width: Int, inColumns: Bool = false) -> String {
        let kept = inColumns ? DisplayWidth.prefix(of: text, fitting: width) : text.prefix(width)
        guard kept.endIndex < text.endIndex, kept.last != " ", text[kept.endIndex] != " ",
              let space = kept.lastIndex(of: " ") else { return String(kept) }
        return String(kept[..<space])
    }
}

extension CorpusIndex {
    /// The utterances of turn unit `unit`, in order.
    func utterances(ofTurnUnit unit: Int) -> [Int] {
        // Units are numbered in utterance order, so a binary search finds the first.
        var low = 0
        var high = turnUnit.count
        while low < high {
            let mid = (low + high) / 2
            if Int(turnUnit[mid]) < unit { low = mid + 1 } else { high = mid }
        }
        var result: [Int] = []
        while low < turnUnit.count, Int(turnUnit[low]) == unit { result.append(low); low += 1 }
        return result
    }
}
