import Foundation
import QueryLanguage
import TranscriptModel

/// The fields of SPEC section 3: `speaker:`, `mentions:`, `topic:`, `text:`, `kind:`, `doc:`, `date:`,
/// `time:`, `turn:`, `number:`, `unit:`, `editorial:`.
extension Evaluator {
    func evaluateField(_ field: Field, range: SourceRange) throws(EvaluationError) -> Bitset {
        guard let name = field.field else { throw valueError(field) }
        if case .any = field.value { return lift(try anyValue(name, field)) }
        switch name {
        case .topic:
            guard case .term(let term) = field.value else { throw valueError(field) }
            if let entry = named.topic(term.text) { return try expand(entry, at: range) }
            note("unknown-topic", named.unknownTopic(term.text), term.range)
            return lift(try utterances(term))
        case .text:
            guard case .term(let term) = field.value else { throw valueError(field) }
            return lift(try utterances(term))
        case .written:
            guard case .term(let term) = field.value else { throw valueError(field) }
            return lift(try writtenUtterances(term))
        case .speaker, .to, .label, .mentions, .kind, .doc, .date, .time, .turn, .number, .unit, .editorial, .code,
             .party, .role, .sex, .age:
            return lift(try fieldUtterances(name, field))
        case .host, .next, .interrupter, .interrupted:
            guard case .term(let term) = field.value else { throw valueError(field) }
            let matcher = try sideMatcher(term)
            return lift(structureUtterances(name) { d, side in matcher(d, side) })
        }
    }

    /// `written:WORD` and `written:"PHRASE"`: the utterances in which the words stand one after another as
    /// written whole, each folded as a query word is but not found as a part or joined form of a longer
    /// word: `written:rakosi` finds `Rákosi` and not `Rákosi's`, `written:cooperatives` not `co-operatives`.
    /// This is how `ngrams` reads words (each position as its first form), so an n-gram's row is
    /// `written:"w1 w2"`. Under `.editorial off` no word the editor inserted is one of them.
    func writtenUtterances(_ term: Term) throws(EvaluationError) -> Bitset {
        switch term.kind {
        case .word, .phrase(proximity: nil): break
        default:
            throw error("invalid-field-value", "'written:' takes a word or a phrase, as in 'written:\"comrade rákosi\"'", term.range)
        }
        var set = Bitset(capacity: index.utteranceCount)
        let typed = Tokenizer.words(term.text)
        let wanted = typed.compactMap { $0.first.flatMap(index.term).map(Int32.init) }
        guard !typed.isEmpty, wanted.count == typed.count else { return set }
        // Each candidate's words as `ngrams` reads them: first forms, -1 for the editor's under `.editorial off`.
        var words = UtteranceWords(index)
        var written: [Int32] = []
        for u in try utterances(Term(.phrase(proximity: nil), term.text, range: term.range)).members {
            written.removeAll(keepingCapacity: true)
            words.appendFirstForms(of: u, editorial: settings.editorial, to: &written)
            if written.count >= wanted.count, (0...(written.count - wanted.count)).contains(where: { written[$0..<($0 + wanted.count)].elementsEqual(wanted) }) {
                set.insert(u)
            }
        }
        return set
    }

    /// Utterances a field other than `topic:` and `text:` matches. Every field has its case and there is no
    /// `default`: a field added to `FieldName` does not compile until it is evaluated here.
    func fieldUtterances(_ name: FieldName, _ field: Field) throws(EvaluationError) -> Bitset {
        var set = Bitset(capacity: index.utteranceCount)
        func term() throws(EvaluationError) -> Term {
            guard case .term(let term) = field.value else { throw valueError(field) }
            return term
        }
        switch name {
        case .speaker:
            let term = try term()
            let speakers = try speakerNumbers(matching: term)
            if speakers.isEmpty {
                note("unknown-speaker", "no speaker '\(term.text)'" + suggestion(term.text, index.speakerNames), term.range)
            }
            for n in speakers {
                for u in index.speakerUtterances[n] { set.insert(Int(u)) }
            }
        case .to:
            let matcher = try nameMatcher(try term())
            forEachTurn { d, document, turn in
                if addressees(of: turn, in: document).contains(where: matcher.matches) {
                    for u in turn.utterances { set.insert(index.documentStarts[d] + u) }
                }
            }
        case .label:
            let term = try term()
            let wanted = TextFolding.fold(term.text)
            let program = term.kind == .regex ? try compile(term) : nil
            forEachTurn { d, document, turn in
                let label = TextFolding.fold(turn.label)
                let hit: Bool
                switch term.kind {
                case .word, .phrase: hit = label.contains(wanted)
                case .prefix: hit = Tokenizer.words(label).joined().contains { $0.hasPrefix(wanted) }
                case .fuzzy(let distance):
                    hit = Tokenizer.words(label).joined().contains {
                        CorpusIndex.withinDistance(Array(wanted.unicodeScalars), Array($0.unicodeScalars), distance)
                    }
                case .regex: hit = program?.matches(turn.label) == true
                }
                if hit { for u in turn.utterances { set.insert(index.documentStarts[d] + u) } }
            }
        case .mentions:
            let term = try term()
            set = try mentions(term)
        case .kind:
            let term = try term()
            let kinds = UtteranceKind.allCases.filter { $0.rawValue.hasPrefix(term.text.lowercased()) }
            forEachUtterance { u, utterance, _ in if kinds.contains(utterance.kind) { set.insert(u) } }
        case .doc:
            let term = try term()
            let match = try documentMatcher(term)
            var any = false
            for (d, document) in index.documents.enumerated() where match(document) {
                any = true
                for u in index.documentStarts[d]..<index.documentStarts[d + 1] { set.insert(u) }
            }
            if !any {
                let words = index.documents.flatMap { Tokenizer.words($0.id + " " + ($0.title ?? "")).joined() }
                let names = index.documents.map(\.id) + Array(Set(words)).sorted()
                note("unknown-document", "no document matches 'doc:\(term.text)'" + suggestion(term.text, names)
                     + " (doc: takes an id, a word of it, a title word or phrase, a prefix, or a file name; .docs lists them)", term.range)
            }
        case .date:
            let value = field.value
            let bounds = try dateBounds(value, field)
            for (d, document) in index.documents.enumerated() {
                guard let date = document.date else { continue }
                let (first, last) = DateBounds.span(of: date)
                if last >= bounds.lower && first <= bounds.upper {
                    for u in index.documentStarts[d]..<index.documentStarts[d + 1] { set.insert(u) }
                }
            }
        case .time:
            let value = field.value
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
        case .turn:
            let value = field.value
            let test = try numberTest(value, field)
            forEachUtterance { u, utterance, _ in
                if let turn = utterance.turn, test(Double(turn)) { set.insert(u) }
            }
        case .number:
            let value = field.value
            let test = try numberTest(value, field)
            forEachUtterance { u, utterance, _ in
                if utterance.figures.contains(where: { $0.matches(test) }) { set.insert(u) }
            }
        case .unit:
            let matches = try valueMatcher(try term(), trimming: ".")
            forEachUtterance { u, utterance, _ in
                if utterance.figures.contains(where: { $0.unit.map(matches) ?? false }) { set.insert(u) }
            }
        case .editorial:
            let term = try term()
            let kind = term.kind == .word ? EditorialKind.allCases.first { $0.rawValue == TextFolding.fold(term.text) } : nil
            let matches = try valueMatcher(term, trimming: ".!")
            forEachUtterance { u, utterance, _ in
                if utterance.editorial.contains(where: { span in
                    if let kind { return span.kind == kind }
                    return matches(span.content) || span.replaced.map(matches) == true
                }) { set.insert(u) }
            }
        case .code:
            // Annotation codes are kept per document: `code:x` is CHAT's [x N], `code:"*"` its error code [*].
            let matches = try valueMatcher(try term())
            for (d, document) in index.documents.enumerated() {
                for annotation in document.annotations where matches(annotation.code) {
                    set.insert(index.documentStarts[d] + annotation.utterance)
                }
            }
        case .party, .role, .sex, .age:
            set = attributeUtterances(name.rawValue, try valueMatcher(try term()))
        case .topic, .text, .written, .host, .next, .interrupter, .interrupted:
            // `evaluateField` answers these itself.
            throw valueError(field)
        }
        return set
    }

    /// Whether a field's whole value (a unit, a bracket's text, a code, an attribute) is what `term` asks
    /// for: the same word or phrase, folded, with the characters of `trimming` taken off the ends of both
    /// (`unit:forints.`, `editorial:"Rest of communication not received"`); a prefix of it; within the
    /// fuzzy word's distance of it; or, for a regular expression, a match anywhere in it as written.
    func valueMatcher(_ term: Term, trimming: String = "") throws(EvaluationError) -> (String) -> Bool {
        func folded(_ value: String) -> String {
            let value = TextFolding.fold(value)
            return trimming.isEmpty ? value : value.trimmingCharacters(in: trimming)
        }
        let wanted = folded(term.text)
        switch term.kind {
        case .word, .phrase: return { folded($0) == wanted }
        case .prefix: return { folded($0).hasPrefix(wanted) }
        case .fuzzy(let distance):
            let scalars = Array(wanted.unicodeScalars)
            return { CorpusIndex.withinDistance(scalars, Array(folded($0).unicodeScalars), distance) }
        case .regex:
            let program = try compile(term)
            return { program.matches($0) == true }
        }
    }

    /// Utterances whose speaker has, on the document's date, an attribute `name` whose value passes `test`.
    func attributeUtterances(_ name: String, _ test: (String) -> Bool) -> Bitset {
        var set = Bitset(capacity: index.utteranceCount)
        for (d, document) in index.documents.enumerated() {
            let chosen = document.speakers.map { speaker in
                speaker.attributes.contains { $0.name == name && $0.holds(on: document.date) && test($0.value) }
            }
            guard chosen.contains(true) else { continue }
            for (u, utterance) in document.utterances.enumerated() {
                if let s = utterance.speaker, chosen[s] { set.insert(index.documentStarts[d] + u) }
            }
        }
        return set
    }

    /// The utterances of the conversation's structure whose side `name` passes `test`: `host:` the turn's
    /// speaker, `next:` the next turn's, `interrupter:` and `interrupted:` the sides of what `interruptions`
    /// counts.
    func structureUtterances(_ name: FieldName, _ test: (Int, TurnSide) -> Bool) -> Bitset {
        var set = Bitset(capacity: index.utteranceCount)
        for (d, document) in index.documents.enumerated() {
            let first = index.documentStarts[d]
            switch name {
            case .host, .next:
                for turn in document.turns {
                    let side: TurnSide
                    if name == .host {
                        side = TurnSide(turn)
                    } else {
                        guard let next = document.turn(numbered: turn.number + 1) else { continue }
                        side = TurnSide(next)
                    }
                    if test(d, side) { for u in turn.utterances { set.insert(first + u) } }
                }
            default:
                for i in document.utterances.indices {
                    guard let (interrupter, interrupted) = Pipeline.interruption(document, utterance: i, speakers: index.speakers.numbers[d]) else { continue }
                    if test(d, name == .interrupter ? interrupter : interrupted) { set.insert(first + i) }
                }
            }
        }
        return set
    }

    /// A test of a side for a name: a speaker `speaker:` would find by it, or, written as the tables show
    /// them, `(none)` and `(unknown)`.
    func sideMatcher(_ term: Term) throws(EvaluationError) -> (Int, TurnSide) -> Bool {
        switch term.text.lowercased() {
        case "(none)": return { _, side in side == .none }
        case "(unknown)": return { _, side in side == .unknown }
        default:
            let speakers = Set(try speakerNumbers(matching: term))
            if speakers.isEmpty {
                note("unknown-speaker", "no speaker '\(term.text)'" + suggestion(term.text, index.speakerNames), term.range)
            }
            return { [index] d, side in
                guard case .speaker(let local) = side else { return false }
                return speakers.contains(Int(index.speakers.numbers[d][local]))
            }
        }
    }

    /// `FIELD:*`: the utterances that have a value for the field (`-FIELD:*`: those with none).
    func anyValue(_ name: FieldName, _ field: Field) throws(EvaluationError) -> Bitset {
        var set = Bitset(capacity: index.utteranceCount)
        func turns(_ keep: (Document, Turn) -> Bool) {
            forEachTurn { d, document, turn in
                if keep(document, turn) { for u in turn.utterances { set.insert(index.documentStarts[d] + u) } }
            }
        }
        func documents(_ keep: (Document) -> Bool) {
            for (d, document) in index.documents.enumerated() where keep(document) {
                for u in index.documentStarts[d]..<index.documentStarts[d + 1] { set.insert(u) }
            }
        }
        switch name {
        case .speaker:
            for (u, s) in index.utteranceSpeaker.enumerated() where s >= 0 { set.insert(u) }
        case .to: turns { document, turn in !addressees(of: turn, in: document).isEmpty }
        case .label: turns { _, turn in !turn.label.isEmpty }
        case .time: turns { _, turn in turn.start != nil }
        case .kind, .doc: return .all(index.utteranceCount)
        case .date: documents { $0.date != nil }
        case .turn: forEachUtterance { u, utterance, _ in if utterance.turn != nil { set.insert(u) } }
        case .number: forEachUtterance { u, utterance, _ in if !utterance.figures.isEmpty { set.insert(u) } }
        case .unit: forEachUtterance { u, utterance, _ in if utterance.figures.contains(where: { $0.unit != nil }) { set.insert(u) } }
        case .editorial: forEachUtterance { u, utterance, _ in if !utterance.editorial.isEmpty { set.insert(u) } }
        case .code:
            for (d, document) in index.documents.enumerated() {
                for annotation in document.annotations { set.insert(index.documentStarts[d] + annotation.utterance) }
            }
        case .party, .role, .sex, .age:
            return attributeUtterances(name.rawValue) { _ in true }
        case .host, .next:
            return structureUtterances(name) { _, side in if case .speaker = side { return true } else { return false } }
        case .interrupter, .interrupted:
            // Every interruption the table counts, an `(unknown)` side too: a caption's `>>` cuts in unnamed.
            return structureUtterances(name) { _, _ in true }
        case .mentions, .topic, .text, .written:
            throw error("no-any-value", "'\(name.rawValue):*' would match everything or nothing; '*' alone matches every utterance", field.value.range)
        }
        return set
    }

    private func forEachTurn(_ body: (Int, Document, Turn) -> Void) {
        for (d, document) in index.documents.enumerated() {
            for turn in document.turns { body(d, document, turn) }
        }
    }

    /// Who a turn is addressed to, as forms `to:` matches: a label's `(to X)`, and CHAT's `%add` tier, whose
    /// participant codes also stand for the names of the speakers with those codes.
    func addressees(of turn: Turn, in document: Document) -> [SpeakerNames.Form] {
        var names = turn.addressee.map { [$0] } ?? []
        for field in turn.metadata where field.name == "add" {
            for code in (field.value ?? "").split(whereSeparator: { $0 == "," || $0 == " " }) {
                names.append(String(code))
                for speaker in document.speakers where speaker.labels.contains(where: { $0 == code || $0 == "*" + code }) {
                    names.append(speaker.name)
                }
            }
        }
        // An alias names the same person: a turn addressed to `The Secretary` is addressed to Kissinger.
        names += names.compactMap { index.speakerIdentity.canonical(of: TextFolding.fold($0)) }
        return names.map { SpeakerNames.Form(TextFolding.fold($0)) }
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

    /// Speakers named by a `speaker:` value (see `SpeakerNames`): its canonical name, any label, or a word of
    /// the name or of a label's title, never a label's parenthetical part nor a particle alone; `rak*`,
    /// `Rakosy~` and `/^B/` match names, labels and their words.
    public func speakerNumbers(matching term: Term) throws(EvaluationError) -> [Int] {
        let matcher = try nameMatcher(term)
        return index.speakers.forms.indices.filter { index.speakers.forms[$0].contains(where: matcher.matches) }
    }

    /// A matcher for a name value; a regular expression that does not compile is an error at its place.
    func nameMatcher(_ term: Term) throws(EvaluationError) -> NameMatcher {
        NameMatcher(term, program: term.kind == .regex ? try compile(term) : nil)
    }

    /// Capitalised uses of a name or acronym: every spelling of a speaker of that name, else the word itself;
    /// for a prefix (`mentions:Rák*`) or a fuzzy word (`mentions:Rakosy~`), every word of the corpus it
    /// stands for, written with a capital. A regular expression is refused: it matches text, not names.
    func mentions(_ term: Term) throws(EvaluationError) -> Bitset {
        switch term.kind {
        case .word, .phrase: break
        case .prefix, .fuzzy:
            // The value would otherwise be looked up as a word spelt `rák` or `rakosy`, and find nothing.
            return union(expansion(of: term), editorial: settings.editorial, capitalisedOnly: true)
        case .regex:
            throw error("invalid-field-value", "'mentions:' takes a name: a word, a phrase, a prefix or a fuzzy word, as in 'mentions:Rák*'; "
                        + "a regular expression matches text, so write it alone: '/\(term.text)/'", term.range)
        }
        // Every speaker of that name is spelt by its folded canonical name (a role's document left off).
        let speakers = term.kind == .word ? (try? speakerNumbers(matching: term)) ?? [] : []
        var spellings: Set<String> = [TextFolding.fold(term.text)]
        for n in speakers { spellings.insert(SpeakerNames.withoutParentheses(index.speakerKeys[n])) }
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
        case .missing, .any:
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
        case .missing, .any:
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
        case .missing, .any:
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

extension Evaluator {
    /// Whether a document answers to a `doc:` value: its id, a word of the id, a word or phrase of its
    /// title, the name of the file it came from (so `doc:NAME` finds every document of a CHAT file), any
    /// of these by prefix, or a regular expression over the id, title and file name.
    func documentMatcher(_ term: Term) throws(EvaluationError) -> (Document) -> Bool {
        func words(_ text: String) -> [[String]] { Tokenizer.words(text) }
        func names(_ document: Document) -> [String] {
            let file = ((document.path as NSString).lastPathComponent as NSString).deletingPathExtension
            return [document.id, file].map(TextFolding.fold)
        }
        func forms(_ document: Document) -> [String] {
            names(document) + ([document.id, (document.path as NSString).lastPathComponent, document.title ?? ""]
                .flatMap(words).flatMap { $0 })
        }
        let wanted = TextFolding.fold(term.text)
        switch term.kind {
        case .prefix:
            return { forms($0).contains { $0.hasPrefix(wanted) } }
        case .phrase:
            let phrase = words(term.text).compactMap(\.first)
            return { document in
                if names(document).contains(wanted) { return true }
                let title = words(document.title ?? "").compactMap(\.first)
                guard !phrase.isEmpty, title.count >= phrase.count else { return false }
                return (0...(title.count - phrase.count)).contains { Array(title[$0..<($0 + phrase.count)]) == phrase }
            }
        case .regex:
            let program = try compile(term)
            return { document in
                [document.id, document.title ?? "", (document.path as NSString).lastPathComponent].contains { program.matches($0) == true }
            }
        case .fuzzy(let distance):
            return { forms($0).contains { CorpusIndex.withinDistance(Array($0.unicodeScalars), Array(wanted.unicodeScalars), distance) } }
        case .word:
            return { forms($0).contains(wanted) }
        }
    }
}

/// Whether a name, label or addressee answers to a `speaker:` or `to:` value: the whole form or one of
/// its words (see `SpeakerNames`), by prefix, within an edit distance, or a regular expression over the
/// whole form.
struct NameMatcher {
    let term: Term
    let wanted: String
    let target: [Unicode.Scalar]
    /// A phrase's words, which a name or label may hold in a row (`speaker:"Prime Minister"`).
    let phrase: [String]
    let program: RegexProgram?

    init(_ term: Term, program: RegexProgram?) {
        self.term = term
        wanted = TextFolding.fold(term.text)
        target = Array(wanted.unicodeScalars)
        if case .phrase = term.kind { phrase = Tokenizer.words(wanted).compactMap(\.first) } else { phrase = [] }
        self.program = program
    }

    func matches(_ form: SpeakerNames.Form) -> Bool {
        let whole = form.whole
        let words = form.words
        switch term.kind {
        case .word:
            return whole.contains(wanted) || words.contains(wanted)
        case .phrase:
            return whole.contains(wanted) || words.contains(wanted) || phrase.count > 1 && form.contains(phrase: phrase)
        case .prefix:
            return whole.contains { $0.hasPrefix(wanted) } || words.contains { $0.hasPrefix(wanted) }
        case .fuzzy(let distance):
            return (whole + words).contains { CorpusIndex.withinDistance(target, Array($0.unicodeScalars), distance) }
        case .regex:
            return program.map { p in whole.contains { p.matches($0) == true } } ?? false
        }
    }
}
