import QueryLanguage
import TranscriptModel

/// The fields of SPEC section 3: `speaker:`, `mentions:`, `topic:`, `text:`, `kind:`, `doc:`, `date:`,
/// `time:`, `turn:`, `number:`, `unit:`, `editorial:`.
extension Evaluator {
    func evaluateField(_ field: Field, range: SourceRange) throws(EvaluationError) -> Bitset {
        switch field.name {
        case "topic":
            guard case .term(let term) = field.value else { throw valueError(field) }
            if let entry = named.topic(term.text) { return try expand(entry, at: range) }
            note("unknown-topic", "no topic '\(term.text)'; searching the word itself" + suggestion(term.text, named.topics.values.map(\.name)), term.range)
            return lift(try utterances(term))
        case "text":
            guard case .term(let term) = field.value else { throw valueError(field) }
            return lift(try utterances(term))
        default:
            return lift(try fieldUtterances(field))
        }
    }

    /// Utterances a field other than `topic:` and `text:` matches.
    func fieldUtterances(_ field: Field) throws(EvaluationError) -> Bitset {
        var set = Bitset(capacity: index.utteranceCount)
        switch (field.name, field.value) {
        case ("speaker", .term(let term)):
            let keys = speakerKeys(matching: term)
            if keys.isEmpty {
                note("unknown-speaker", "no speaker '\(term.text)'" + suggestion(term.text, index.speakerNames), term.range)
            }
            for (n, key) in index.speakerKeys.enumerated() where keys.contains(key) {
                for u in index.speakerUtterances[n] { set.insert(Int(u)) }
            }
        case ("mentions", .term(let term)):
            set = mentions(term)
        case ("kind", .term(let term)):
            let kinds = UtteranceKind.allCases.filter { $0.rawValue.hasPrefix(term.text.lowercased()) }
            forEachUtterance { u, utterance, _ in if kinds.contains(utterance.kind) { set.insert(u) } }
        case ("doc", .term(let term)):
            let pattern = TextFolding.fold(term.text)
            for (d, document) in index.documents.enumerated() {
                let id = TextFolding.fold(document.id)
                let titleWords = Tokenizer.words(document.title ?? "").flatMap { $0 }
                let hit = term.kind == .prefix
                    ? id.hasPrefix(pattern) || titleWords.contains { $0.hasPrefix(pattern) }
                    : id == pattern || titleWords.contains(pattern)
                if hit { for u in index.documentStarts[d]..<index.documentStarts[d + 1] { set.insert(u) } }
            }
        case ("date", let value):
            let bounds = try dateBounds(value, field)
            for (d, document) in index.documents.enumerated() {
                guard let date = document.date else { continue }
                let (first, last) = DateBounds.span(of: date)
                if last >= bounds.lower && first <= bounds.upper {
                    for u in index.documentStarts[d]..<index.documentStarts[d + 1] { set.insert(u) }
                }
            }
        case ("time", let value):
            let window = try timeWindow(value, field)
            var timed = false
            for (d, document) in index.documents.enumerated() {
                for turn in document.turns {
                    guard let start = turn.start else { continue }
                    timed = true
                    if window.meets(start: start, end: turn.end) {
                        for u in turn.utterances { set.insert(index.documentStarts[d] + u) }
                    }
                }
            }
            if !timed {
                note("no-times", "no loaded document has times; 'time:' matches turns of captions, speech-to-text, CHAT and timed logs", field.value.range)
            }
        case ("turn", let value):
            let test = try numberTest(value, field)
            forEachUtterance { u, utterance, _ in
                if let turn = utterance.turn, test(Double(turn)) { set.insert(u) }
            }
        case ("number", let value):
            let test = try numberTest(value, field)
            forEachUtterance { u, utterance, _ in
                if utterance.figures.contains(where: { $0.matches(test) }) { set.insert(u) }
            }
        case ("unit", .term(let term)):
            let unit = TextFolding.fold(term.text).trimmingCharacters(in: ".")
            forEachUtterance { u, utterance, _ in
                if utterance.figures.contains(where: { f in f.unit.map { TextFolding.fold($0).trimmingCharacters(in: ".") == unit } ?? false }) { set.insert(u) }
            }
        case ("editorial", .term(let term)):
            let wanted = TextFolding.fold(term.text)
            let kind = EditorialKind.allCases.first { $0.rawValue == wanted }
            forEachUtterance { u, utterance, _ in
                if utterance.editorial.contains(where: { span in
                    if let kind { return span.kind == kind }
                    return TextFolding.fold(span.content) == wanted || span.replaced.map { TextFolding.fold($0) == wanted } == true
                }) { set.insert(u) }
            }
        default:
            throw valueError(field)
        }
        return set
    }

    private func forEachUtterance(_ body: (Int, Utterance, Int) -> Void) {
        var u = 0
        for (d, document) in index.documents.enumerated() {
            for utterance in document.utterances {
                body(u, utterance, d)
                u += 1
            }
        }
    }

    /// Speakers named by a `speaker:` value: canonical name, any label, or a word of the name; `rak*` by prefix.
    func speakerKeys(matching term: Term) -> Set<String> {
        let wanted = TextFolding.fold(term.text)
        var keys: Set<String> = []
        for (key, forms) in index.speakerForms {
            let hit: Bool
            if term.kind == .prefix {
                hit = forms.contains { $0.hasPrefix(wanted) || $0.split(separator: " ").contains { $0.hasPrefix(wanted) } }
            } else {
                hit = forms.contains { $0 == wanted || $0.split(separator: " ").contains { $0 == wanted } }
            }
            if hit { keys.insert(key) }
        }
        return keys
    }

    /// Capitalised uses of a name or acronym: every spelling of a speaker of that name, else the word itself.
    func mentions(_ term: Term) -> Bitset {
        let keys = term.kind == .word ? speakerKeys(matching: term) : []
        var spellings: Set<String> = [TextFolding.fold(term.text)]
        for key in keys { spellings.insert(key) }
        var set = Bitset(capacity: index.utteranceCount)
        for spelling in spellings {
            let words = Tokenizer.words(spelling)
            if words.count == 1 {
                set.formUnion(wordUtterances(words[0], editorial: settings.editorial, capitalisedOnly: true))
            } else if words.count > 1 {
                // A name of several words: the phrase, capitalised where it starts.
                let phrase = index.utterances(ofPhrase: words.map { $0.first.flatMap(index.term) }, within: nil, editorial: settings.editorial)
                let first = wordUtterances(words[0], editorial: settings.editorial, capitalisedOnly: true)
                var both = phrase
                both.formIntersection(first)
                set.formUnion(both)
            }
        }
        return set
    }

    // MARK: Values

    func valueError(_ field: Field) -> EvaluationError {
        error("invalid-field-value", "'\(field.name):' cannot take '\(source.text(in: field.value.range))'", field.value.range)
    }

    /// A test for numbers: `5`, `>100000`, `3..7`, `1000..50000` (thousands separators allowed).
    func numberTest(_ value: FieldValue, _ field: Field) throws(EvaluationError) -> (Double) -> Bool {
        func number(_ term: Term) throws(EvaluationError) -> Double {
            guard let n = Double(term.text.filter { $0 != "," }) else {
                throw error("invalid-number", "'\(term.text)' is not a number", term.range)
            }
            return n
        }
        switch value {
        case .term(let term):
            let n = try number(term)
            return { $0 == n }
        case .comparison(let op, let term):
            let n = try number(term)
            switch op {
            case .greater: return { $0 > n }
            case .greaterOrEqual: return { $0 >= n }
            case .less: return { $0 < n }
            case .lessOrEqual: return { $0 <= n }
            }
        case .range(let low, let high):
            let (a, b) = (try number(low), try number(high))
            return { $0 >= a && $0 <= b }
        case .missing:
            throw valueError(field)
        }
    }

    /// The stretch of time a `time:` value covers: `45:00` is the whole second, `>=45:00` from 45:00 on,
    /// `00:10:00..00:20:00` up to the end of 00:20:00.
    func timeWindow(_ value: FieldValue, _ field: Field) throws(EvaluationError) -> TimeWindow {
        func time(_ term: Term) throws(EvaluationError) -> ClockTime {
            guard let t = ClockTime(term.text) else {
                throw error("invalid-time", "'\(term.text)' is not a time; write MM:SS, HH:MM:SS or DD:HH:MM:SS", term.range)
            }
            return t
        }
        switch value {
        case .term(let term):
            let t = try time(term)
            return TimeWindow(from: t.seconds, before: t.seconds + t.resolution)
        case .comparison(let op, let term):
            let t = try time(term)
            switch op {
            case .greater: return TimeWindow(from: t.seconds + t.resolution, before: .infinity)
            case .greaterOrEqual: return TimeWindow(from: t.seconds, before: .infinity)
            case .less: return TimeWindow(from: -.infinity, before: t.seconds)
            case .lessOrEqual: return TimeWindow(from: -.infinity, before: t.seconds + t.resolution)
            }
        case .range(let low, let high):
            let (a, b) = (try time(low), try time(high))
            return TimeWindow(from: a.seconds, before: b.seconds + b.resolution)
        case .missing:
            throw valueError(field)
        }
    }

    /// The first and last day a `date:` value covers.
    func dateBounds(_ value: FieldValue, _ field: Field) throws(EvaluationError) -> (lower: DateBounds.Day, upper: DateBounds.Day) {
        func date(_ term: Term) throws(EvaluationError) -> PartialDate {
            guard let d = PartialDate(iso: term.text[...]) else {
                throw error("invalid-date", "'\(term.text)' is not a date; write 1953, 1953-06 or 1953-06-13", term.range)
            }
            return d
        }
        switch value {
        case .term(let term):
            return DateBounds.span(of: try date(term))
        case .comparison(let op, let term):
            let (first, last) = DateBounds.span(of: try date(term))
            switch op {
            case .greater: return (DateBounds.next(last), DateBounds.latest)
            case .greaterOrEqual: return (first, DateBounds.latest)
            case .less: return (DateBounds.earliest, DateBounds.previous(first))
            case .lessOrEqual: return (DateBounds.earliest, last)
            }
        case .range(let low, let high):
            return (DateBounds.span(of: try date(low)).0, DateBounds.span(of: try date(high)).1)
        case .missing:
            throw valueError(field)
        }
    }
}

/// The times a `time:` value covers, from `lower` up to but not including `upper`.
struct TimeWindow {
    var lower: Double
    var upper: Double

    init(from lower: Double, before upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether a turn spoken from `start` up to `end` (a moment when it has no end) falls in the window.
    func meets(start: Double, end: Double?) -> Bool {
        guard start < upper else { return false }
        if let end, end > start { return end > lower }
        return start >= lower
    }
}

/// Days as comparable values, for dates as precise as their sources.
enum DateBounds {
    struct Day: Comparable {
        var year: Int, month: Int, day: Int
        static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    }

    static let earliest = Day(year: 0, month: 0, day: 0)
    static let latest = Day(year: 99999, month: 99, day: 99)

    /// The first and last day of a partial date: 1953-06 covers 1953-06-01 to 1953-06-31 (days past a
    /// month's end never occur, so they do no harm).
    static func span(of date: PartialDate) -> (Day, Day) {
        (Day(year: date.year, month: date.month ?? 1, day: date.day ?? 1),
         Day(year: date.year, month: date.month ?? 12, day: date.day ?? 31))
    }

    static func next(_ d: Day) -> Day { Day(year: d.year, month: d.month, day: d.day + 1) }
    static func previous(_ d: Day) -> Day { Day(year: d.year, month: d.month, day: d.day - 1) }
}
