import Foundation
import QueryLanguage
import TranscriptModel

/// The stages that make a table, each row with the query whose hits are exactly the row's.
extension Pipeline {
    /// How many words `words` shows when no number is given.
    static let wordsShown = 20

    /// The table of a stage that makes one, before the `limit` and `sort` stages after it.
    func makeTable(_ stage: Stage.Kind, _ utterances: [Int]) -> ResultTable {
        guard let columns = TableColumns.of(stage) else { preconditionFailure("\(stage) makes no table") }
        switch stage {
        case .count(by: let groupings):
            return countTable(groupings, utterances)
        case .words(let n):
            let limit = n ?? Self.wordsShown
            let counted = words(utterances, limit: limit)
            let rows = counted.words.map { row -> [ResultTable.Cell] in
                [.text(row.word), .integer(row.count), .text(drill([Self.wordCondition(row.word)]))]
            }
            var table = ResultTable(columns: columns, rows: rows, rowNoun: "words")
            var notes: [String] = []
            if n == nil, counted.distinct > limit {
                notes.append("the \(limit) most frequent of \(counted.distinct) different words; 'words N' shows N")
            }
            if counted.tied > 0, let last = counted.words.last {
                notes.append("\(counted.tied) more \(counted.tied == 1 ? "word occurs" : "words occur") \(last.count) \(last.count == 1 ? "time" : "times"), "
                             + "as often as '\(last.word)', the last shown (words as frequent are taken in alphabetical order)")
            }
            table.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
            return table
        case .collocates(let options):
            return collocates(utterances, options, columns: columns)
        case .keywords(_, let minimum):
            return keywords(utterances, versus: versus.map(self.utterances(ofUnitsIn:)), minimum: minimum, columns: columns)
        case .ngrams(let length, let minimum, let containing):
            return ngrams(utterances, length: length, minimum: minimum, containing: containing, columns: columns)
        case .interruptions(let byDoc):
            let rows = interruptions(utterances, byDoc: byDoc).map { row -> [ResultTable.Cell] in
                let conditions = (row.doc.map { ["doc:" + CanonicalPrinter.quote($0)] } ?? [])
                    + [sideCondition("interrupter", row.first), sideCondition("interrupted", row.second)]
                return (row.doc.map { [.text($0)] } ?? []) + [.text(row.first), .text(row.second), .integer(row.count), .text(drill(conditions))]
            }
            return ResultTable(columns: columns, rows: rows, keys: byDoc ? 3 : 2, rowNoun: "pairs of speakers")
        case .transitions:
            let rows = transitions(utterances).map { row -> [ResultTable.Cell] in
                [.text(row.first), .text(row.second), .integer(row.count), .decimal(row.share ?? 0),
                 .text(drill([sideCondition("host", row.first), sideCondition("next", row.second)]))]
            }
            return ResultTable(columns: columns, rows: rows, keys: 2, rowNoun: "pairs of speakers")
        default:
            preconditionFailure("\(stage) makes no table")
        }
    }

    /// The utterances of the units a bitset holds.
    func utterances(ofUnitsIn set: Bitset) -> [Int] { utterances(ofUnits: set.members) }

    /// `(QUERY) AND CONDITION AND ...`, or nothing when a condition cannot be written.
    func drill(_ conditions: [String?]) -> String {
        let written = conditions.compactMap { $0 }
        guard written.count == conditions.count else { return "" }
        return ([query] + written).joined(separator: " AND ")
    }

    /// The query of a `count by` row whose group has this value: `(QUERY) AND speaker:"Beria"`.
    public func drillQuery(_ grouping: Grouping, _ value: String?) -> String { drill([condition(grouping, value)]) }

    /// A word of a table as a query matches it: quoted, so that `and` or `not` is a word, not an operator.
    static func wordCondition(_ word: String) -> String { CanonicalPrinter.quote(word) }

    /// `interrupter:"Molotov"` (as `speakerCondition` writes it), or `interrupter:"(none)"` as the table
    /// shows a side without a speaker.
    func sideCondition(_ field: String, _ name: String) -> String? {
        name == "(none)" || name == "(unknown)" ? "\(field):" + CanonicalPrinter.quote(name) : speakerCondition(name, field: field)
    }

    // MARK: count by

    /// `count by G` and `count by G1, G2`: per value (pair of values), the matched utterances, their share
    /// of all matched, the turns with a hit, the words of the matched utterances, the hits as `kwic` counts
    /// them, and hits per 1,000 words the group speaks in the loaded corpus. Largest first, then by value.
    ///
    /// Rows are kept by group number: in arrays when one grouping gives each utterance one number of a
    /// known few (speaker, doc), so that `* | count by speaker` over a million utterances looks nothing up;
    /// otherwise by key, one for each combination of the utterance's values.
    func countTable(_ groupings: [Grouping], _ utterances: [Int]) -> ResultTable {
        let classes = groupings.map(classifier)
        struct Row { var key: [Int]; var utterances = 0; var turns = 0; var lastUnit = -1; var words = 0; var hits = 0 }
        var rows: [Row] = []
        let dense = classes.count == 1 ? classes[0].dense : nil
        var rowOfKey: [[Int]: Int] = [:]
        func keys(_ u: Int, _ d: Int) -> [[Int]] { Self.combinations(classes.map { $0.ids(u, d) }) }
        func rowNumbers(_ u: Int, _ d: Int, adding: Bool, _ body: (Int) -> Void) {
            for key in keys(u, d) {
                if rowOfKey[key] == nil, adding {
                    rowOfKey[key] = rows.count
                    rows.append(Row(key: key))
                }
                if let r = rowOfKey[key] { body(r) }
            }
        }
        let hitCounts = hitCounts(utterances)
        let wordCounts = editorial ? index.wordCounts : index.spokenWordCounts
        var spoken: [Int]
        if let dense {
            // One pass of plain arrays by group number, on both cores (the utterances parted where a
            // document ends, so that no turn is in both parts), then the rows; the index's arrays held
            // here, not reached through it for every utterance.
            let index = self.index
            let (starts, turnUnit, unitIsTurn) = (index.documentStarts, index.turnUnit, index.unitIsTurn)
            var middle = utterances.count / 2
            if utterances.count < 10_000 {
                middle = utterances.count
            } else {
                let end = starts[index.address(utterances[middle]).document + 1]
                while middle < utterances.count, utterances[middle] < end { middle += 1 }
            }
            let parts = [0..<middle, middle..<utterances.count].filter { !$0.isEmpty }
            let tallies = parallelMap(parts.count) { part -> [Int] in
                // Utterances, turns, words and hits by group number, side by side: 4n, 4n+1, 4n+2, 4n+3.
                // Through the arrays' buffers: a million utterances, each touching six arrays, spent a
                // third of their time checking bounds and uniqueness.
                var tally = [Int](repeating: 0, count: 4 * dense.count)
                var lastUnitOf = [Int](repeating: -1, count: dense.count)
                var d = index.address(utterances[parts[part].lowerBound]).document
                tally.withUnsafeMutableBufferPointer { tally in
                    lastUnitOf.withUnsafeMutableBufferPointer { lastUnitOf in
                        utterances.withUnsafeBufferPointer { utterances in
                            turnUnit.withUnsafeBufferPointer { turnUnit in
                                wordCounts.withUnsafeBufferPointer { wordCounts in
                                    unitIsTurn.words.withUnsafeBufferPointer { isTurn in
                                        for i in parts[part] {
                                            let u = utterances[i]
                                            // Utterances come in order: the document moves on, never back.
                                            while starts[d + 1] <= u { d += 1 }
                                            let n = dense.id(u, d)
                                            let unit = Int(turnUnit[u])
                                            tally[4 * n] &+= 1
                                            // A turn of the group's not met just before, counted without a
                                            // branch: a turn has an utterance or two, so whether one starts
                                            // here is a coin toss to the processor.
                                            let turn = Int(truncatingIfNeeded: isTurn[unit >> 6] >> UInt64(unit & 63) & 1)
                                            tally[4 * n + 1] &+= (unit != lastUnitOf[n] ? 1 : 0) & turn
                                            lastUnitOf[n] = unit
                                            tally[4 * n + 2] &+= Int(wordCounts[u])
                                            tally[4 * n + 3] &+= hitCounts.map { Int($0[i]) } ?? 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                return tally
            }
            var sums = [Int](repeating: 0, count: 4 * dense.count)
            for tally in tallies { for k in sums.indices { sums[k] += tally[k] } }
            // The words each group speaks in the corpus: the same for every query, so counted once.
            let key = AnalysisCache.GroupWordsKey(grouping: groupings[0], editorial: editorial)
            let spokenOf = index.analysis.groupWords(key) ?? {
                var spokenOf = [Int](repeating: 0, count: dense.count)
                if let whole = index.analysis.wholeCorpus {
                    // Part of a corpus: the words each speaker speaks in each document, in the whole corpus.
                    let bySpeaker = dense.speakers != nil
                    spokenOf = index.groupWords(whole.words(by: UtteranceClass.Columns(document: true, speaker: bySpeaker), editorial: editorial),
                                                bySpeaker: bySpeaker)
                } else {
                    for d in index.documents.indices {
                        for u in starts[d]..<starts[d + 1] { spokenOf[dense.id(u, d)] += Int(wordCounts[u]) }
                    }
                }
                index.analysis.setGroupWords(spokenOf, for: key)
                return spokenOf
            }()
            spoken = []
            for n in 0..<dense.count where sums[4 * n] > 0 {
                rows.append(Row(key: [n], utterances: sums[4 * n], turns: sums[4 * n + 1], words: sums[4 * n + 2], hits: sums[4 * n + 3]))
                spoken.append(spokenOf[n])
            }
        } else {
            var d = 0
            for (i, u) in utterances.enumerated() {
                while index.documentStarts[d + 1] <= u { d += 1 }
                let unit = Int(index.turnUnit[u])
                let words = Int(wordCounts[u])
                let hits = hitCounts.map { Int($0[i]) } ?? 1
                rowNumbers(u, d, adding: true) { r in
                    rows[r].utterances += 1
                    if unit != rows[r].lastUnit, index.unitIsTurn.contains(unit) { rows[r].turns += 1 }
                    rows[r].lastUnit = unit
                    rows[r].words += words
                    rows[r].hits += hits
                }
            }
            // The words each group speaks in the whole corpus, for the rate.
            spoken = Array(repeating: 0, count: rows.count)
            if let whole = index.analysis.wholeCorpus {
                // Part of a corpus: the words of each class of its utterances, each added to the row of its values.
                func folded(_ values: [String?]) -> [String?] { values.map { $0.map(Folding.fold) } }
                var rowOfValues: [[String?]: Int] = [:]
                for (r, row) in rows.enumerated() { rowOfValues[folded(zip(classes, row.key).map { $0.name($1) })] = r }
                let days = timesRunForDays
                for c in whole.words(by: Self.columns(groupings), editorial: editorial) {
                    for key in Self.combinations(groupings.map { values(of: c, $0, days: days) }) {
                        if let r = rowOfValues[folded(key)] { spoken[r] += c.words }
                    }
                }
            } else {
                for d in index.documents.indices {
                    for u in index.documentStarts[d]..<index.documentStarts[d + 1] where wordCounts[u] > 0 {
                        rowNumbers(u, d, adding: false) { spoken[$0] += Int(wordCounts[u]) }
                    }
                }
            }
        }
        let total = utterances.count
        let names = { (row: Row) in zip(classes, row.key).map { $0.name($1) } }
        let order = rows.indices.sorted { a, b in
            if rows[a].utterances != rows[b].utterances { return rows[a].utterances > rows[b].utterances }
            let (x, y) = (names(rows[a]), names(rows[b]))
            for (p, q) in zip(x, y) where p != q { return ResultTable.Cell.ascending(.text(p ?? "(none)"), .text(q ?? "(none)")) }
            return false
        }
        let cells = order.map { r -> [ResultTable.Cell] in
            let row = rows[r]
            let values = names(row)
            let conditions = zip(groupings, values).map { condition($0, $1) }
            return values.map { .text($0 ?? "(none)") } + [
                .integer(row.utterances), .decimal(total == 0 ? 0 : Double(row.utterances) / Double(total)), .integer(row.turns),
                .integer(row.words), .integer(row.hits), spoken[r] == 0 ? .none : .decimal(Double(row.hits) * 1000 / Double(spoken[r])),
                .text(drill(conditions)),
            ]
        }
        return ResultTable(columns: TableColumns.of(.count(by: groupings)) ?? [], rows: cells, keys: groupings.count, rowNoun: "rows")
    }

    /// The hits of each utterance as `kwic` counts them, counted on every core (finding the matches reads
    /// each utterance's words again); nil for one each, when the query has no search words. An utterance
    /// matched with none of them in it, by a field on the other side of an `OR` (`kind:interjection OR
    /// army`), is one hit, as every utterance is when the query has only fields; under `.within turn` or
    /// `document` the other utterances of a matched unit are matched with none, and count none. Under
    /// `.editorial off` a match of the editor's words alone is none, as in matching.
    func hitCounts(_ utterances: [Int]) -> [Int32]? {
        guard !highlighter.isEmpty else { return nil }
        let finder = NodeFinder(highlighter, editorial: editorial)
        let index = self.index
        let least: Int32 = scope == .utterance ? 1 : 0
        let parts = Self.parts(of: utterances, count: 8)
        return parallelMap(parts.count) { p in
            var words = UtteranceWords(index)
            var spans: [(first: Int, last: Int)] = []
            return utterances[parts[p]].map { Swift.max(least, Int32(clamping: finder.count(in: $0, &words, &spans))) }
        }.flatMap { $0 }
    }

    /// Sorts each utterance into groups: `ids` gives its groups' numbers (several for a speaker of two
    /// parties at once, a turn across two time buckets), `name` a number's value (nil: none). `dense`, when
    /// each utterance has exactly one number below a known count (speaker, doc), says how to find it
    /// without a call or an array per utterance.
    struct Classifier {
        var dense: Dense?
        let ids: (Int, Int) -> [Int]
        let name: (Int) -> String?

        /// One number per utterance, below `count`: its document's, or its speaker's (from
        /// `CorpusIndex.utteranceSpeaker`, whose -1 is the last number).
        struct Dense {
            let count: Int
            let speakers: [Int32]?

            @inline(__always)
            func id(_ u: Int, _ d: Int) -> Int {
                guard let speakers else { return d }
                let s = Int(speakers[u])
                return s >= 0 ? s : count - 1
            }
        }

        init(ids: @escaping (Int, Int) -> [Int], name: @escaping (Int) -> String?) {
            self.ids = ids
            self.name = name
        }

        init(_ dense: Dense, name: @escaping (Int) -> String?) {
            self.init(ids: { [dense.id($0, $1)] }, name: name)
            self.dense = dense
        }
    }

    /// Values kept once each: numbers for grouping, by their folded form, shown as first written.
    final class Values {
        var shown: [String?] = []
        var numbers: [String: Int] = [:]
        var none: Int?

        func number(_ value: String?) -> Int {
            guard let value else {
                if let none { return none }
                none = shown.count
                shown.append(nil)
                return shown.count - 1
            }
            let key = Folding.fold(value)
            if let n = numbers[key] { return n }
            numbers[key] = shown.count
            shown.append(value)
            return shown.count - 1
        }
    }

    func classifier(_ grouping: Grouping) -> Classifier {
        let values = Values()
        switch grouping {
        case .field(.speaker):
            // No speaker is the number after the last speaker's.
            let names = index.speakerNames
            return Classifier(.init(count: names.count + 1, speakers: index.utteranceSpeaker), name: { $0 < names.count ? names[$0] : nil })
        case .field(.doc):
            return Classifier(.init(count: index.documents.count, speakers: nil), name: { index.documents[$0].id })
        case .field(.date), .date:
            // The same for every utterance of a document: worked out once per document.
            var ofDocument: [Int: Int] = [:]
            return Classifier(ids: { _, d in
                if let n = ofDocument[d] { return [n] }
                let n = values.number(dateValue(index.documents[d].date, grouping))
                ofDocument[d] = n
                return [n]
            }, name: { values.shown[$0] })
        case .field(let field) where field == .party || field == .role:
            // The same for every utterance of one speaker in a document.
            var ofSpeaker: [Int: [Int]] = [:]
            return Classifier(ids: { u, d in
                let local = index.documents[d].utterances[u - index.documentStarts[d]].speaker ?? -1
                let key = d << 20 | (local + 1)
                if let n = ofSpeaker[key] { return n }
                let n = self.values(of: field, u).map(values.number)
                ofSpeaker[key] = n
                return n
            }, name: { values.shown[$0] })
        case .field(let field):
            return Classifier(ids: { u, _ in self.values(of: field, u).map(values.number) }, name: { values.shown[$0] })
        case .time(let seconds):
            let days = timesRunForDays
            return Classifier(ids: { u, d in timeBuckets(u, d, seconds: seconds, days: days).map(values.number) }, name: { values.shown[$0] })
        }
    }

    /// A document's date cut to a grouping's precision; a date less precise keeps its own.
    func dateValue(_ date: PartialDate?, _ grouping: Grouping) -> String? {
        guard let date else { return nil }
        switch grouping {
        case .date(.year): return PartialDate(year: date.year)?.description
        case .date(.month): return PartialDate(year: date.year, month: date.month)?.description
        default: return date.description
        }
    }

    /// The buckets of `seconds` a timed turn is spoken in, each written as the time it starts at
    /// (`00:10:00` for 10 minutes up to, not including, 00:20:00; `00:00:10:00` when `days`): a turn across
    /// a bucket's edge is in both, as `time:` finds it there.
    func timeBuckets(_ u: Int, _ d: Int, seconds: Int, days: Bool) -> [String?] {
        let document = index.documents[d]
        guard let number = document.utterances[u - index.documentStarts[d]].turn, let turn = document.turn(numbered: number) else { return [nil] }
        return Self.timeBuckets(start: turn.start, end: turn.end, seconds: seconds, days: days)
    }

    /// Whether some document's times run past a day: every time bucket is then written with its days,
    /// `01:02:00:00`, so that one column does not hold `02:00:00` (two hours) beside `01:02:00:00`.
    var timesRunForDays: Bool { index.documents.contains(where: \.timesRunForDays) }

    /// Every list made of one element of each of `lists`, in order: a key of each combination of an
    /// utterance's values.
    static func combinations<T>(_ lists: [[T]]) -> [[T]] {
        lists.reduce([[]]) { partial, list in partial.flatMap { prefix in list.map { prefix + [$0] } } }
    }

    /// The class columns that `groupings` read, for the words of a whole corpus by class.
    static func columns(_ groupings: [Grouping]) -> UtteranceClass.Columns {
        var columns = UtteranceClass.Columns()
        for grouping in groupings {
            switch grouping {
            case .field(.speaker), .field(.party), .field(.role): columns.document = true; columns.speaker = true
            case .field(.kind): columns.kind = true
            case .field(.turn): columns.turn = true
            case .field(.unit): columns.unit = true
            case .time: columns.time = true
            default: columns.document = true
            }
        }
        return columns
    }

    /// A grouping's values for a class of a whole corpus's utterances, as `values(of:_:)` gives them for
    /// one utterance: several for a speaker of two parties at once, a turn across two time buckets.
    func values(of c: UtteranceClass, _ grouping: Grouping, days: Bool) -> [String?] {
        switch grouping {
        case .field(.speaker): return [c.speaker.flatMap { s in c.document.map { index.speakerName(document: $0, local: s) } }]
        case .field(.doc): return [c.document.map { index.documents[$0].id }]
        case .field(.kind): return [c.kind]
        case .field(.turn): return [c.turn.map(String.init)]
        case .field(.unit): return [c.unit]
        case .time(let seconds): return Self.timeBuckets(start: c.start, end: c.end, seconds: seconds, days: days)
        case .field(let field) where field == .party || field == .role:
            guard let d = c.document else { return [nil] }
            return Self.attributeValues(field, of: c.speaker, in: index.documents[d])
        default: return [c.document.flatMap { dateValue(index.documents[$0].date, grouping) }]
        }
    }

    /// The buckets of a turn spoken from `start` to `end` (nil: not timed).
    static func timeBuckets(start: Double?, end: Double?, seconds: Int, days: Bool) -> [String?] {
        guard let start else { return [nil] }
        let size = Double(seconds)
        let first = Int((start / size).rounded(.down))
        var last = first
        if let end, end > start { last = max(first, Int((end / size).rounded(.up)) - 1) }
        return (first...last).map { b in
            ClockTime.format(Double(b) * size, days: days)
        }
    }

    /// The condition that picks out a row's value of a grouping: exactly those utterances.
    func condition(_ grouping: Grouping, _ value: String?) -> String? {
        // Under `.within turn` a row's query matches whole turns: a group that changes inside a turn (a
        // speaker, an interjection's kind) has none that finds only its row; under `.within document`, nor
        // has a turn.
        switch (scope, grouping) {
        case (.utterance, _), (_, .field(.doc)), (_, .field(.date)), (_, .date): break
        case (.turn, .field(.turn)), (.turn, .field(.unit)), (.turn, .time): break
        default: return nil
        }
        guard let value else { return "-\(grouping.name):*" }
        switch grouping {
        case .field(.speaker): return speakerCondition(value, field: "speaker")
        case .field(.doc): return "doc:" + CanonicalPrinter.quote(value)
        case .field(.kind): return "kind:" + value
        case .field(.turn): return "turn:" + value
        case .field(.date): return PartialDate(iso: Substring(value)).map { Self.dateCondition($0, precision: .day) }
        case .date(let precision): return PartialDate(iso: Substring(value)).map { Self.dateCondition($0, precision: precision) }
        case .field(let field): return field.rawValue + ":" + CanonicalPrinter.quote(value)
        case .time(let seconds):
            // `time:A..B` takes in all of B's second; the bucket ends before B.
            guard let start = ClockTime(value) else { return nil }
            return "time:>=" + value + " AND time:<" + ClockTime.format(start.seconds + Double(seconds))
        }
    }

    /// `date:` matches documents whose date overlaps its value, so a document dated only `1953` is found
    /// by `date:1953-06-13`. A row of dates cut to `precision` holds the documents dated within its value,
    /// not those dated less precisely: they overlap a neighbour of the value too (`-date:1953-06-14`). A
    /// row of a date less precise than `precision` (kept as it is) holds the documents dated exactly so:
    /// those overlap two parts of it (`date:1953-01 date:1953-02`).
    static func dateCondition(_ date: PartialDate, precision: DatePrecision) -> String {
        var parts: [String] = []
        let own: DatePrecision = date.day != nil ? .day : date.month != nil ? .month : .year
        if own == precision {
            parts.append("date:" + date.description)
        } else if let month = date.month {
            parts += [1, 2].compactMap { PartialDate(year: date.year, month: month, day: $0).map { "date:" + $0.description } }
        } else {
            parts += [1, 2].compactMap { PartialDate(year: date.year, month: $0).map { "date:" + $0.description } }
        }
        if let month = date.month {
            let neighbour = date.day.map { PartialDate(year: date.year, month: month, day: $0 < 28 ? $0 + 1 : $0 - 1) }
                ?? PartialDate(year: date.year, month: month < 12 ? month + 1 : month - 1)
            if let neighbour { parts.append("-date:" + neighbour.description) }
        }
        return parts.joined(separator: " AND ")
    }

    /// `speaker:"NAME"`, with `-speaker:"OTHER"` for each other speaker that value also finds (a name
    /// that is a word of another's), so that the condition finds that speaker alone; nil when it cannot.
    /// `field` is `speaker` or a field that names speakers the same way (`host`, `interrupter` ...).
    func speakerCondition(_ name: String, field: String) -> String? {
        guard let n = index.speakerNames.firstIndex(of: name) else { return nil }
        let found = speakers(named: name)
        var parts = ["\(field):" + CanonicalPrinter.quote(name)]
        for m in found where m != n {
            let other = index.speakerNames[m]
            guard !speakers(named: other).contains(n) else { return nil }
            parts.append("-\(field):" + CanonicalPrinter.quote(other))
        }
        return parts.joined(separator: " AND ")
    }

    /// The speakers `speaker:"NAME"` finds.
    func speakers(named name: String) -> [Int] {
        if let known = index.analysis.speakers(named: name) { return known }
        let matcher = NameMatcher(Term(.phrase(proximity: nil), name, range: .point(0)), program: nil)
        let found = index.speakers.forms.indices.filter { index.speakers.forms[$0].contains(where: matcher.matches) }
        index.analysis.setSpeakers(found, named: name)
        return found
    }

    // MARK: sort

    /// The value hits are sorted by: the first of a field's values.
    func sortValue(_ grouping: Grouping, _ u: Int, days: Bool) -> String {
        let d = index.address(u).document
        switch grouping {
        case .field(let field): return values(of: field, u).first.flatMap { $0 } ?? ""
        case .date: return dateValue(index.documents[d].date, grouping) ?? ""
        case .time(let seconds): return timeBuckets(u, d, seconds: seconds, days: days).first.flatMap { $0 } ?? ""
        }
    }

    /// Units in the order of a grouping's value, ties by unit number. Each distinct value is ranked once,
    /// and the units are sorted as (rank, unit) pairs packed in 64 bits: sorting a million utterances by
    /// date holds no string per utterance.
    func sort(_ units: [Int], by grouping: Grouping, descending: Bool) -> [Int] {
        var distinct: [String] = []
        var position: [String: Int] = [:]
        var keys: [UInt64] = []
        keys.reserveCapacity(units.count)
        let days: Bool
        if case .time = grouping { days = timesRunForDays } else { days = false }
        for unit in units {
            let first = scope == .utterance ? unit : utterances(ofUnit: unit).first ?? 0
            let value = sortValue(grouping, first, days: days)
            let i = position[value] ?? distinct.count
            if i == distinct.count {
                position[value] = i
                distinct.append(value)
            }
            keys.append(UInt64(i) << 32 | UInt64(unit))
        }
        let order = distinct.indices.sorted { ResultTable.Cell.ascending(.text(distinct[$0]), .text(distinct[$1])) }
        var rank = [UInt64](repeating: 0, count: distinct.count)
        for (r, i) in order.enumerated() { rank[i] = UInt64(descending ? distinct.count - 1 - r : r) }
        for k in keys.indices { keys[k] = rank[Int(keys[k] >> 32)] << 32 | keys[k] & 0xFFFF_FFFF }
        keys.sort()
        return keys.map { Int($0 & 0xFFFF_FFFF) }
    }

    /// `kwic sort 1R 2R 1L`: matches by the folded words at those places right or left of the match (none
    /// before any word), ties in corpus order.
    func sort(_ matches: [KwicMatch], by keys: [KwicSortKey]) -> [KwicMatch] {
        let sortKeys = matches.map { match in keys.map { word(at: $0, of: match) } }
        return matches.indices.sorted { a, b in
            for (x, y) in zip(sortKeys[a], sortKeys[b]) where x != y { return x < y }
            return a < b
        }.map { matches[$0] }
    }

    /// The folded word `key` places from a match: `1R` the first after its end, `1L` the last before its
    /// start; "" where the utterance has none.
    func word(at key: KwicSortKey, of match: KwicMatch) -> String {
        let marks = index.marks(ofUtterance: match.utterance)
        return index.utterance(match.utterance).withTextUTF8 { bytes in
            var before: [String] = []
            var after: [String] = []
            var lastPosition = -1
            Tokenizer.scan(bytes, marks: marks) { form, word in
                // One word per position: its first form, as written.
                guard word.position != lastPosition else { return }
                lastPosition = word.position
                if word.range.upperBound <= match.range.lowerBound {
                    before.append(String(decoding: form, as: UTF8.self))
                } else if word.range.lowerBound >= match.range.upperBound, after.count < key.distance {
                    after.append(String(decoding: form, as: UTF8.self))
                }
            }
            if key.right { return after.count >= key.distance ? after[key.distance - 1] : "" }
            return before.count >= key.distance ? before[before.count - key.distance] : ""
        }
    }
}
