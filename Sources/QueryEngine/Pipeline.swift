import QueryLanguage
import TranscriptModel

/// What a query's pipeline produces, ready for a renderer.
public enum QueryOutput: Sendable {
    /// `show`: the matched units in order (`Pipeline.utterances(ofUnit:)` gives their utterances).
    case units([Int], cut: Cut?)
    /// `kwic`: one line per match (`Pipeline.kwicLine` makes its text); `width` characters either side,
    /// nil to fit the screen.
    case kwic([KwicMatch], width: Int?, cut: Cut?)
    /// `count`: utterances, turns and documents matched.
    case counts(utterances: Int, turns: Int, documents: Int)
    /// `count by FIELD`: rows of value and utterances (largest first unless sorted); `total` is all
    /// matched utterances, which shares are part of.
    case table(field: String, rows: [(value: String, utterances: Int)], total: Int)
    /// `words [N]`: the most frequent words, stop words left out.
    case words([(word: String, count: Int)])
    /// `interruptions` and `transitions`: rows of two speakers; `columns` names them.
    case pairs(columns: [String], rows: [PairRow])
    /// `cite`: the matched units, a citation for each utterance.
    case citations([Int], style: CitationStyle)

    /// Results not shown because a limit cut them: how many, and which limit.
    public struct Cut: Sendable, Equatable {
        public var more: Int
        /// The `limit N` stage's N, or nil when the session's limit (`.limit`) cut them.
        public var stageLimit: Int?
    }

    /// The results not shown, if any.
    public var cut: Cut? {
        switch self {
        case .units(_, let cut), .kwic(_, _, let cut): return cut
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
    /// cuts `show` and `kwic` output that no `limit` stage cut.
    public func run(_ matched: Bitset, stages: [Stage], displayLimit: Int? = nil) -> QueryOutput {
        var units = matched.members
        var stageLimit: Int?
        var rest = stages[...]
        while let stage = rest.first {
            if case .limit(let n) = stage.kind {
                stageLimit = n
                units = Array(units.prefix(n))
            } else if case .sort(let key, let descending) = stage.kind, let field = key.field {
                units = sort(units, by: field, descending: descending)
            } else if stage.kind != .error {
                break
            }
            rest = rest.dropFirst()
        }
        let cutByStage = matched.count - units.count
        let output = rest.first?.kind ?? .show
        let tableStages = rest.dropFirst().map(\.kind)
        switch output {
        case .count(by: nil):
            let utterances = utterances(ofUnits: units)
            var turns = Bitset(capacity: index.turnUnitCount)
            var documents = Bitset(capacity: index.documents.count)
            for u in utterances {
                // An utterance outside any turn (narrative, a caption without a speaker) has a unit of its
                // own for `.within turn`, but it is no turn: "turns with a hit" counts turns the sources have.
                let unit = Int(index.turnUnit[u])
                if index.unitIsTurn.contains(unit) { turns.insert(unit) }
                documents.insert(index.address(u).document)
            }
            return .counts(utterances: utterances.count, turns: turns.count, documents: documents.count)
        case .count(by: let field?):
            let utterances = utterances(ofUnits: units)
            let rows = Self.applyTableStages(tableStages, to: countBy(field, utterances), value: \.value, count: \.utterances,
                                             numeric: field == .turn)
            return .table(field: field.rawValue, rows: rows, total: utterances.count)
        case .words(let n):
            let rows = words(utterances(ofUnits: units), limit: n ?? 20)
            return .words(Self.applyTableStages(tableStages, to: rows, value: \.word, count: \.count, numeric: false))
        case .interruptions(let byDoc):
            let rows = interruptions(utterances(ofUnits: units), byDoc: byDoc)
            let columns = (byDoc ? ["doc"] : []) + ["interrupter", "interrupted", "count"]
            return .pairs(columns: columns, rows: Self.applyTableStages(tableStages, to: rows))
        case .transitions:
            let columns = ["from", "to", "count", "share"]
            return .pairs(columns: columns, rows: Self.applyTableStages(tableStages, to: transitions(utterances(ofUnits: units))))
        case .cite(let style):
            return .citations(units, style: style)
        case .kwic(let width):
            var matches: [KwicMatch] = []
            for unit in units {
                for u in utterances(ofUnit: unit) { matches += kwicMatches(u) }
            }
            if cutByStage > 0 { return .kwic(matches, width: width, cut: .init(more: cutByStage, stageLimit: stageLimit)) }
            guard let displayLimit, matches.count > displayLimit else { return .kwic(matches, width: width, cut: nil) }
            return .kwic(Array(matches.prefix(displayLimit)), width: width, cut: .init(more: matches.count - displayLimit, stageLimit: nil))
        default:
            if cutByStage > 0 { return .units(units, cut: .init(more: cutByStage, stageLimit: stageLimit)) }
            guard let displayLimit, units.count > displayLimit else { return .units(units, cut: nil) }
            return .units(Array(units.prefix(displayLimit)), cut: .init(more: units.count - displayLimit, stageLimit: nil))
        }
    }

    /// `limit N` and `sort by COLUMN` after a table, in order; `less` orders rows by a column. Ties keep
    /// the table's order.
    static func applyTableStages<Row>(_ stages: [Stage.Kind], to rows: [Row], less: (SortKey) -> (Row, Row) -> Bool) -> [Row] {
        var rows = rows
        for stage in stages {
            switch stage {
            case .limit(let n):
                rows = Array(rows.prefix(n))
            case .sort(let key, let descending):
                let less = less(key)
                rows = rows.indices.sorted { a, b in
                    let before = less(rows[a], rows[b])
                    let after = less(rows[b], rows[a])
                    if before != after { return descending ? after : before }
                    return a < b
                }.map { rows[$0] }
            default:
                break
            }
        }
        return rows
    }

    /// Sorting a table of a value and a count: by the count's columns, or by the value (numbers as numbers).
    static func applyTableStages<Row>(_ stages: [Stage.Kind], to rows: [Row], value: @escaping (Row) -> String,
                                      count: @escaping (Row) -> Int, numeric: Bool) -> [Row] {
        applyTableStages(stages, to: rows) { key in
            [SortKey.utterances, .share, .count].contains(key) ? { count($0) < count($1) }
                : { ascending(value($0), value($1), numeric: numeric) }
        }
    }

    /// Sorting rows of two speakers by any of their columns.
    static func applyTableStages(_ stages: [Stage.Kind], to rows: [PairRow]) -> [PairRow] {
        applyTableStages(stages, to: rows) { key in
            switch key {
            case .count: return { $0.count < $1.count }
            case .share: return { ($0.share ?? 0) < ($1.share ?? 0) }
            case .doc: return { ($0.doc ?? "") < ($1.doc ?? "") }
            case .interrupter, .from: return { $0.first < $1.first }
            default: return { $0.second < $1.second }
            }
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
            // As the source states it on the document's date; several at once count under each.
            guard let s = utterance.speaker else { return [nil] }
            let values = document.speakers[s].attributes.filter { $0.name == field.rawValue && $0.holds(on: document.date) }.map(\.value)
            let distinct = values.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            return distinct.isEmpty ? [nil] : distinct
        case .unit:
            var units: [String] = []
            for figure in utterance.figures { if let unit = figure.unit, !units.contains(unit) { units.append(unit) } }
            return units.isEmpty ? [nil] : units
        }
    }

    /// Rows for `count by`: utterances descending, then value ascending; no value counts as `(none)`.
    func countBy(_ field: ResultField, _ utterances: [Int]) -> [(value: String, utterances: Int)] {
        var counts: [String: Int] = [:]
        switch field {
        case .speaker, .doc:
            // Counted by number first: no string per utterance.
            let names = field == .speaker ? index.speakerNames : index.documents.map(\.id)
            var byNumber = Array(repeating: 0, count: names.count)
            var none = 0
            for u in utterances {
                let n = field == .speaker ? Int(index.utteranceSpeaker[u]) : index.address(u).document
                if n >= 0 { byNumber[n] += 1 } else { none += 1 }
            }
            for (n, c) in byNumber.enumerated() where c > 0 { counts[names[n], default: 0] += c }
            if none > 0 { counts["(none)"] = none }
        default:
            for u in utterances {
                for value in values(of: field, u) { counts[value ?? "(none)", default: 0] += 1 }
            }
        }
        return counts.map { (value: $0.key, utterances: $0.value) }.sorted {
            $0.utterances != $1.utterances ? $0.utterances > $1.utterances : Self.ascending($0.value, $1.value, numeric: field == .turn)
        }
    }

    private static func ascending(_ a: String, _ b: String, numeric: Bool) -> Bool {
        if numeric, let x = Int(a), let y = Int(b) { return x < y }
        return a < b
    }

    /// Units in the order of the field's value, ties by unit number. Each distinct value is ranked once,
    /// and the units are sorted as (rank, unit) pairs packed in 64 bits: sorting a million utterances by
    /// date holds no string per utterance.
    func sort(_ units: [Int], by field: ResultField, descending: Bool) -> [Int] {
        var distinct: [String] = []
        var position: [String: Int] = [:]
        var keys: [UInt64] = []
        keys.reserveCapacity(units.count)
        for unit in units {
            let first = scope == .utterance ? unit : utterances(ofUnit: unit).first ?? 0
            let value = values(of: field, first).first.flatMap { $0 } ?? ""
            let i = position[value] ?? distinct.count
            if i == distinct.count {
                position[value] = i
                distinct.append(value)
            }
            keys.append(UInt64(i) << 32 | UInt64(unit))
        }
        let order = distinct.indices.sorted { Self.ascending(distinct[$0], distinct[$1], numeric: field == .turn) }
        var rank = [UInt64](repeating: 0, count: distinct.count)
        for (r, i) in order.enumerated() { rank[i] = UInt64(descending ? distinct.count - 1 - r : r) }
        for k in keys.indices { keys[k] = rank[Int(keys[k] >> 32)] << 32 | keys[k] & 0xFFFF_FFFF }
        keys.sort()
        return keys.map { Int($0 & 0xFFFF_FFFF) }
    }

    /// The most frequent words, each shown as most often written in lower case (see `SpokenWords`).
    func words(_ utterances: [Int], limit: Int) -> [(word: String, count: Int)] {
        SpokenWords.frequencies(utterances, index: index, stopWords: stopWords, editorial: editorial, limit: limit)
    }

    /// Where the query's words match in utterance `u`, in order.
    public func kwicMatches(_ u: Int) -> [KwicMatch] {
        highlighter.matches(in: index.utterance(u).text, skipping: index.codes(ofUtterance: u)).map { KwicMatch(utterance: u, range: $0) }
    }

    /// The keyword-in-context line of a match: `width` characters either side.
    public func kwicLine(_ match: KwicMatch, width: Int) -> KwicLine {
        index.utterance(match.utterance).withTextUTF8 { bytes in
            let range = match.range.clamped(to: 0..<bytes.count)
            let left = String(decoding: bytes[..<range.lowerBound], as: UTF8.self)
            let right = String(decoding: bytes[range.upperBound...], as: UTF8.self)
            return KwicLine(utterance: match.utterance, left: String(left.suffix(width)),
                            match: String(decoding: bytes[range], as: UTF8.self), right: String(right.prefix(width)))
        }
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
