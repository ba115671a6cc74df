import Foundation
import QueryLanguage
import TranscriptModel

/// What the analysis stages (`collocates`, `keywords`) need of the whole corpus: how many positions hold
/// each term, how many words the corpus has, and the stop list of each document's language. Each is worked
/// out the first time it is asked for and kept for the life of the index, so that the second query on a
/// large corpus does not pay again.
extension CorpusIndex {
    /// How many positions of the corpus hold term `id` among their forms: `you're`'s position holds
    /// `you're`, `you` and `re`, once each (the part of `re-re` that the index lists twice counts once);
    /// positions inside an editor's note are left out, and without `editorial`, those inside words the
    /// editor inserted, as in word counts.
    ///
    /// - Complexity: O(postings of the term) the first time, O(1) after.
    func positionCount(ofTerm id: Int, editorial: Bool) -> Int {
        let cache = analysis
        if let known = cache.frequency(id, editorial: editorial) { return known }
        let counted = positionCount(ofTerm: id, editorial: editorial, in: nil)
        cache.setFrequency(id, editorial: editorial, counted)
        return counted
    }

    /// The same for many terms at once, the uncounted ones counted on every core.
    func positionCounts(ofTerms ids: [Int], editorial: Bool) -> [Int] {
        let cache = analysis
        var counts = ids.map { cache.frequency($0, editorial: editorial) ?? -1 }
        let missing = ids.indices.filter { counts[$0] < 0 }
        if !missing.isEmpty, let whole = cache.wholeCorpus {
            let found = whole.positionCounts(of: missing.map { terms.string(ids[$0]) }, editorial: editorial)
            for (k, i) in missing.enumerated() {
                counts[i] = found[k]
                cache.setFrequency(ids[i], editorial: editorial, found[k])
            }
        } else if !missing.isEmpty {
            // Two halves of about the same posting bytes, so that one frequent word does not leave a core idle.
            let bytes = missing.map { postingLength(ids[$0]) }
            let total = bytes.reduce(0, +)
            var cut = 0
            var sum = 0
            while cut < missing.count, sum * 2 < total { sum += bytes[cut]; cut += 1 }
            let parts = total > 1 << 20 ? [0..<cut, cut..<missing.count] : [0..<missing.count]
            let missingIDs = missing.map { ids[$0] }
            let counted = parallelMap(parts.count) { part in
                parts[part].map { self.positionCount(ofTerm: missingIDs[$0], editorial: editorial, in: nil) }
            }.flatMap { $0 }
            for (k, i) in missing.enumerated() {
                counts[i] = counted[k]
                cache.setFrequency(ids[i], editorial: editorial, counted[k])
            }
        }
        return counts
    }

    /// How many positions of the utterances in `set` (all when nil) hold term `id`, as `positionCount`
    /// counts them: not those of an editor's note (`[inaudible]`), which are no one's words.
    /// - Complexity: O(postings of the term).
    func positionCount(ofTerm id: Int, editorial: Bool, in set: Bitset?) -> Int {
        let inNotes = noteOccurrences()[Int32(id)].map { utterances in
            set.map { set in utterances.count { set.contains(Int($0)) } } ?? utterances.count
        } ?? 0
        return positionsInPostings(ofTerm: id, editorial: editorial, in: set) - inNotes
    }

    /// The utterance of each position inside an editor's note, by the terms the position holds (once a
    /// position). Notes are few: the utterances that have them are read once, the first time it is asked.
    func noteOccurrences() -> [Int32: [Int32]] {
        let cache = analysis
        if let known = cache.notes() { return known }
        var found: [Int32: [Int32]] = [:]
        var words = UtteranceWords(self)
        for (d, document) in documents.enumerated() {
            for (i, utterance) in document.utterances.enumerated() where utterance.editorial.contains(where: { $0.kind == .note }) {
                let u = documentStarts[d] + i
                words.read(u)
                for p in 0..<words.count where words.source[p] == .note {
                    for form in words.forms(at: p) where form >= 0 { found[form, default: []].append(Int32(u)) }
                }
            }
        }
        cache.setNotes(found)
        return found
    }

    /// `positionCount(ofTerm:editorial:in:)` as the postings give it, the positions in notes included.
    private func positionsInPostings(ofTerm id: Int, editorial: Bool, in set: Bitset?) -> Int {
        postings(id).bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            var utterance: UInt32 = 0
            var count = 0
            var first = true
            while offset < buffer.count {
                let packed = PostingEncoder.read(buffer, at: &offset)
                let position = PostingEncoder.read(buffer, at: &offset)
                let step = UInt32(truncatingIfNeeded: packed >> 2)
                utterance &+= step
                // In the same utterance a position is written as the step from the last: 0 is the same one.
                let repeated = !first && step == 0 && position == 0
                first = false
                if repeated || (!editorial && packed & 2 != 0) { continue }
                if let set, !set.contains(Int(utterance)) { continue }
                count += 1
            }
            return count
        }
    }

    /// The words of the loaded corpus, one a position (see `wordCount(_:editorial:)`).
    func totalWords(editorial: Bool) -> Int {
        let cache = analysis
        if let known = cache.total(editorial: editorial) { return known }
        var total = 0
        for u in 0..<utteranceCount { total += wordCount(u, editorial: editorial) }
        cache.setTotal(total, editorial: editorial)
        return total
    }

    /// The ISO 639-1 code of the standard stop list each document uses, as `StopLists.language(of:)` chooses
    /// it; worked out for every document the first time, then kept.
    ///
    /// Detection counts the stop words of each list in a document's first 5,000 words. Reading those words
    /// again took about a second on a corpus of 2,500 documents; the index already holds them, so each
    /// stop word's postings are walked once instead, counting those that stand within the first 5,000
    /// positions of their document (every form, as detection counts them).
    /// - Complexity: O(postings of the lists' words), once.
    func stopListLanguages() -> [String] {
        let cache = analysis
        if let known = cache.languages() { return known }
        let lists = StopLists.standard
        var languages = documents.map { lists.declaredLanguage(of: $0)?.code }
        let limit = StopLists.detectionWords
        // Where each undecided document's first `limit` words end: the utterance and the position in it.
        var cutUtterance = Array(repeating: -1, count: documents.count)
        var cutPosition = Array(repeating: 0, count: documents.count)
        for d in documents.indices where languages[d] == nil {
            var seen = 0
            cutUtterance[d] = documentStarts[d + 1]
            for u in documentStarts[d]..<documentStarts[d + 1] {
                let words = wordCount(u)
                if seen + words >= limit {
                    (cutUtterance[d], cutPosition[d]) = (u, limit - seen)
                    break
                }
                seen += words
            }
        }
        let codes = lists.lists.keys.sorted()
        var holders: [Int: [Int32]] = [:]
        for (c, code) in codes.enumerated() {
            for word in lists.lists[code] ?? [] {
                if let id = term(word) { holders[id, default: []].append(Int32(c)) }
            }
        }
        if languages.contains(where: { $0 == nil }), !holders.isEmpty {
            let ids = holders.keys.sorted()
            let cut = ids.count / 2
            let parts = [0..<cut, cut..<ids.count]
            let (cutU, cutP, lists2) = (cutUtterance, cutPosition, holders)
            let counted = parallelMap(parts.count) { part -> [Int32] in
                var counts = [Int32](repeating: 0, count: self.documents.count * codes.count)
                for id in ids[parts[part]] {
                    let held = lists2[id] ?? []
                    var d = 0
                    self.forEachPosting(ofTerm: id) { utterance, position in
                        while self.documentStarts[d + 1] <= utterance { d += 1 }
                        guard utterance < cutU[d] || (utterance == cutU[d] && position < cutP[d]) else { return }
                        for c in held { counts[d * codes.count + Int(c)] += 1 }
                    }
                }
                return counts
            }
            for d in documents.indices where languages[d] == nil {
                var hits: [String: Int] = [:]
                for (c, code) in codes.enumerated() {
                    let n = counted.reduce(0) { $0 + Int($1[d * codes.count + c]) }
                    if n > 0 { hits[code] = n }
                }
                languages[d] = StopLists.detected(hits).code
            }
        }
        let result = languages.map { $0 ?? "en" }
        cache.setLanguages(result)
        return result
    }

    /// Calls `body` with the utterance and position of each of term `id`'s postings, in order (a form the
    /// index lists twice at one position, twice).
    func forEachPosting(ofTerm id: Int, _ body: (_ utterance: Int, _ position: Int) -> Void) {
        postings(id).bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            var utterance: UInt32 = 0
            var position: UInt32 = 0
            var first = true
            while offset < buffer.count {
                let packed = PostingEncoder.read(buffer, at: &offset)
                let step = UInt32(truncatingIfNeeded: PostingEncoder.read(buffer, at: &offset))
                let delta = UInt32(truncatingIfNeeded: packed >> 2)
                position = !first && delta == 0 ? position &+ step : step
                utterance &+= delta
                first = false
                body(Int(utterance), Int(position))
            }
        }
    }
}

/// What `CorpusIndex+Frequencies` works out once per index and keeps (`CorpusIndex.analysis`): each
/// term's positions, the corpus's words, each document's stop-list language.
final class AnalysisCache: @unchecked Sendable {
    private let lock = NSLock()
    /// Positions per term, -1 for not counted yet; with and without the editor's insertions.
    private var frequencies: [Int32] = []
    private var spokenFrequencies: [Int32] = []
    private var totals: [Bool: Int] = [:]
    /// The language of each document's stop list, once worked out.
    private var documentLanguages: [String]?
    private let termCount: Int

    init(terms: Int) {
        termCount = terms
    }

    func frequency(_ id: Int, editorial: Bool) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        let list = editorial ? frequencies : spokenFrequencies
        guard id < list.count, list[id] >= 0 else { return nil }
        return Int(list[id])
    }

    func setFrequency(_ id: Int, editorial: Bool, _ count: Int) {
        lock.lock()
        defer { lock.unlock() }
        if editorial {
            if frequencies.isEmpty { frequencies = Array(repeating: -1, count: termCount) }
            frequencies[id] = Int32(clamping: count)
        } else {
            if spokenFrequencies.isEmpty { spokenFrequencies = Array(repeating: -1, count: termCount) }
            spokenFrequencies[id] = Int32(clamping: count)
        }
    }

    func total(editorial: Bool) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return totals[editorial]
    }

    func setTotal(_ total: Int, editorial: Bool) {
        lock.lock()
        defer { lock.unlock() }
        totals[editorial] = total
    }

    /// Where the positions of terms are counted when this index holds part of a corpus.
    private var whole: (any WholeCorpusFrequencies)?

    var wholeCorpus: (any WholeCorpusFrequencies)? {
        get { lock.lock(); defer { lock.unlock() }; return whole }
        set { lock.lock(); defer { lock.unlock() }; whole = newValue }
    }

    /// The positions inside notes, by term (`CorpusIndex.noteOccurrences`).
    private var noteOccurrences: [Int32: [Int32]]?

    func notes() -> [Int32: [Int32]]? {
        lock.lock()
        defer { lock.unlock() }
        return noteOccurrences
    }

    func setNotes(_ notes: [Int32: [Int32]]) {
        lock.lock()
        defer { lock.unlock() }
        noteOccurrences = notes
    }

    func languages() -> [String]? {
        lock.lock()
        defer { lock.unlock() }
        return documentLanguages
    }

    func setLanguages(_ languages: [String]) {
        lock.lock()
        defer { lock.unlock() }
        documentLanguages = languages
    }

    /// The words each group of a `count by` grouping speaks in the whole corpus, by group number, with and
    /// without the editor's insertions; `rejoinSpeakers` forgets those by speaker, whose numbers change.
    private var groupWords: [GroupWordsKey: [Int]] = [:]

    struct GroupWordsKey: Hashable {
        var grouping: Grouping
        var editorial: Bool
    }

    func groupWords(_ key: GroupWordsKey) -> [Int]? {
        lock.lock()
        defer { lock.unlock() }
        return groupWords[key]
    }

    func setGroupWords(_ words: [Int], for key: GroupWordsKey) {
        lock.lock()
        defer { lock.unlock() }
        groupWords[key] = words
    }

    /// The speakers (by number) `speaker:"NAME"` finds, by name: a table's drill conditions ask it of
    /// every row, and each answer looks at every speaker. `rejoinSpeakers` forgets them.
    private var speakersByName: [String: [Int]] = [:]

    func speakers(named name: String) -> [Int]? {
        lock.lock()
        defer { lock.unlock() }
        return speakersByName[name]
    }

    func setSpeakers(_ speakers: [Int], named name: String) {
        lock.lock()
        defer { lock.unlock() }
        speakersByName[name] = speakers
    }

    func forgetSpeakers() {
        lock.lock()
        defer { lock.unlock() }
        groupWords = groupWords.filter { $0.key.grouping != .field(.speaker) }
        speakersByName = [:]
    }
}

/// Figures of a whole corpus, for an index that holds part of it (a cluster's documents fetched for one
/// answer, the others standing in by their speakers): `collocates`, `keywords` and `count by`'s rate
/// divide by them.
public protocol WholeCorpusFrequencies: AnyObject, Sendable {
    /// The positions each form holds, with or without the editor's insertions, in the order asked.
    func positionCounts(of forms: [String], editorial: Bool) -> [Int]
    /// The words of the corpus's utterances by class: by document, speaker, kind and turn, as `columns`
    /// asks (a column not asked is nil in every class).
    func words(by columns: UtteranceClass.Columns, editorial: Bool) -> [UtteranceClass]
}

/// Utterances of a whole corpus that share a document, speaker, kind and turn (those asked), and their words.
public struct UtteranceClass: Sendable {
    /// Which of a class's values are asked.
    public struct Columns: Sendable, Hashable {
        public var document = false, speaker = false, kind = false, turn = false
        /// A class for each unit of the utterances' figures (`unit`), or the times of their turns (`start`, `end`).
        public var unit = false, time = false

        public init(document: Bool = false, speaker: Bool = false, kind: Bool = false, turn: Bool = false, unit: Bool = false, time: Bool = false) {
            self.document = document
            self.speaker = speaker
            self.kind = kind
            self.turn = turn
            self.unit = unit
            self.time = time
        }
    }

    /// The document's number.
    public var document: Int?
    /// The speaker's number in the document; nil: none, or not asked.
    public var speaker: Int?
    /// The kind's name (`speech`).
    public var kind: String?
    /// The turn's number; nil: none, or not asked.
    public var turn: Int?
    /// A unit of the utterances' figures; nil: none, or not asked.
    public var unit: String?
    /// When the utterances' turn starts and ends; nil: not timed, or not asked.
    public var start: Double?, end: Double?
    public var words: Int

    public init(document: Int? = nil, speaker: Int? = nil, kind: String? = nil, turn: Int? = nil, unit: String? = nil,
                start: Double? = nil, end: Double? = nil, words: Int) {
        self.document = document
        self.speaker = speaker
        self.kind = kind
        self.turn = turn
        self.unit = unit
        self.start = start
        self.end = end
        self.words = words
    }
}

extension CorpusIndex {
    /// Tells an index of part of a corpus how many words the whole corpus holds, and where to count its
    /// terms' positions and its groups' words.
    public func setWholeCorpus(words: Int, editorial: Bool, frequencies: any WholeCorpusFrequencies) {
        analysis.setTotal(words, editorial: editorial)
        analysis.wholeCorpus = frequencies
    }

    /// The words of `classes` (each of a document and, `bySpeaker`, a speaker in it) added up by the groups
    /// of `count by speaker` (numbered as `speakerNames`, no speaker the last) or `count by doc`.
    public func groupWords(_ classes: [UtteranceClass], bySpeaker: Bool) -> [Int] {
        var words = [Int](repeating: 0, count: bySpeaker ? speakerNames.count + 1 : documents.count)
        for c in classes {
            guard let d = c.document else { continue }
            words[bySpeaker ? c.speaker.map { Int(speakers.numbers[d][$0]) } ?? words.count - 1 : d] += c.words
        }
        return words
    }
}
