import Foundation
import QueryLanguage
import TranscriptModel

/// What corpus linguists ask of hits: the words near them, the words that set them apart, and the
/// sequences they form.
///
/// A word is a position of the index's tokenizer, and a row's word is one of the forms at a position, so
/// that a row agrees with what a query word finds: `you` finds `you're`'s position, so `you're`'s position
/// counts for the rows `you're`, `you` and `re` (each form once a position). N, the words of the loaded
/// corpus, counts positions (`CorpusIndex.wordCount`), and a corpus frequency is the number of positions
/// holding the form (`CorpusIndex.positionCount`); under `.editorial off` the words the editor inserted are
/// in neither. `collocates` and `keywords` leave out forms of one character, numbers, the markers of
/// unintelligible speech and (unless `collocates ... stopwords`) the stop words of the languages of the
/// documents the matches come from; `ngrams` keeps every word, as written.
extension Pipeline {
    /// What an empty `collocates` table says when the query has no search words to stand near.
    public static let noNodes = "collocates are counted around the query's search words, and this query has none (only fields); use keywords or words"

    /// What an empty `keywords` table says when there is nothing to compare with.
    public static let nothingElse = "keywords compare the matched utterances with the rest of the corpus (or with 'vs (QUERY)'), and there are no words left to compare with"

    // MARK: collocates

    /// `collocates`: words within a window of the matches, with an association measure.
    ///
    /// The nodes are the matches `kwic` shows; a match covers the positions whose words start inside it
    /// (a regular expression's match inside a word is at that word). The window is the `left` positions
    /// before a node's first position and the `right` after its last, in its utterance. O counts, for each
    /// node, each position of its window (not the node's own) once for each distinct form there; f(node) is
    /// the number of nodes, f(coll) the corpus frequency of the form, N the words of the corpus, and
    /// E = f(node) · f(coll) · (L + R) / N. Sorted by the measure, highest first, then by word.
    func collocates(_ utterances: [Int], _ options: CollocatesOptions, columns: [String]) -> ResultTable {
        guard !highlighter.isEmpty else {
            var table = ResultTable(columns: columns, rows: [], rowNoun: "words")
            table.note = Self.noNodes
            return table
        }
        let (left, right) = (options.left, options.right)
        let filter = WordFilter(index: index, stop: options.stopWords ? [] : stopWords(of: utterances))
        let editorial = self.editorial
        let index = self.index
        let finder = NodeFinder(highlighter, editorial: editorial)
        let parts = Self.parts(of: utterances)
        nonisolated(unsafe) let stop = shouldStop
        let tallies = parallelMap(parts.count) { part -> CollocateTally in
            var tally = CollocateTally(terms: index.terms.count)
            var filter = filter
            var words = UtteranceWords(index)
            var spans: [(first: Int, last: Int)] = []
            for u in utterances[parts[part]] {
                if stop() { break }
                words.read(u)
                finder.spans(u, words, into: &spans)
                for span in spans {
                    tally.nodes += 1
                    let window = finder.window(around: span, left: left, right: right, count: words.count)
                    for q in window.before { tally.count(q, words, &filter, editorial: editorial) }
                    for q in window.after { tally.count(q, words, &filter, editorial: editorial) }
                }
            }
            return tally
        }
        if stop() { return ResultTable(columns: columns, rows: [], rowNoun: "words") }
        var tally = tallies[0]
        for other in tallies.dropFirst() { tally.add(other) }
        let total = index.totalWords(editorial: editorial)
        let candidates = tally.touched.filter { tally.observed[Int($0)] >= Swift.max(options.minimum, 1) }.map(Int.init)
        guard tally.nodes > 0, total > 0, !candidates.isEmpty else { return ResultTable(columns: columns, rows: [], rowNoun: "words") }
        let frequencies = index.positionCounts(ofTerms: candidates, editorial: editorial)
        let fNode = Double(tally.nodes)
        let n = Double(total)
        let span = Double(left + right)
        struct Row { var word: String; var o: Int; var e: Double; var fColl: Int; var measure: Double }
        var rows = zip(candidates, frequencies).map { id, fColl -> Row in
            let o = Int(tally.observed[id])
            let e = fNode * Double(fColl) * span / n
            let measure: Double
            switch options.measure {
            case .mi: measure = log2(Double(o) / e)
            case .t: measure = (Double(o) - e) / Double(o).squareRoot()
            case .logdice: measure = 14 + log2(2 * Double(o) / (fNode + Double(fColl)))
            case .ll: measure = Self.logLikelihood(o11: Double(o), row1: fNode * span, column1: Double(fColl), total: n)
            }
            return Row(word: index.terms.string(id), o: o, e: e, fColl: fColl, measure: measure)
        }
        // Log-likelihood measures any difference from chance, a word kept away from the node as much as one
        // drawn to it: words seen more often than expected come first, as in `keywords`. The other
        // measures fall below 0 (MI, t) or low (logDice) for those already.
        rows.sort { x, y in
            let (drawnX, drawnY) = (Double(x.o) > x.e, Double(y.o) > y.e)
            if options.measure == .ll, drawnX != drawnY { return drawnX }
            return x.measure != y.measure ? x.measure > y.measure : x.word < y.word
        }
        // A row's utterances are those with the word in a node's window: `near:(Q)~L,R WORD`.
        let window = "near:" + query + "~\(left)" + (left == right ? "" : ",\(right)") + " "
        let cells = rows.map { row -> [ResultTable.Cell] in
            let query = Self.isOneWord(row.word) ? window + Self.wordCondition(row.word) : ""
            return [.text(row.word), .integer(row.o), .decimal(row.e), .integer(tally.nodes), .integer(row.fColl), .decimal(row.measure), .text(query)]
        }
        return ResultTable(columns: columns, rows: cells, rowNoun: "words")
    }

    /// Log-likelihood, 2 · Σ O·ln(O/E) over the four cells of the 2×2 table whose first cell is `o11`, first
    /// row total `row1`, first column total `column1`, of `total` in all; E = row total · column total /
    /// total. A cell of 0 adds nothing (0·ln 0 = 0), nor does one below 0 (overlapping windows can count a
    /// word more often than the corpus holds it).
    static func logLikelihood(o11: Double, row1: Double, column1: Double, total: Double) -> Double {
        let observed = [o11, row1 - o11, column1 - o11, total - row1 - column1 + o11]
        let rows = [row1, total - row1]
        let columns = [column1, total - column1]
        var sum = 0.0
        for i in 0..<2 {
            for j in 0..<2 {
                let o = observed[i * 2 + j]
                let e = rows[i] * columns[j] / total
                if o > 0, e > 0 { sum += o * log(o / e) }
            }
        }
        return 2 * sum
    }

    /// Whether a form reads back as itself when typed in a phrase, so that a drill-down query finds it.
    static func isOneWord(_ form: String) -> Bool {
        let words = Tokenizer.words(form)
        return words.count == 1 && words[0].first == form
    }

    // MARK: keywords

    /// `keywords`: words distinctive of the matched utterances against the rest of the corpus, or against
    /// `versus`'s utterances.
    ///
    /// a is the word's positions in the matched utterances, N1 their words; b and N2 the same in the rest of
    /// the corpus (the corpus frequency less a, N less N1), or in `versus`'s utterances. Log-likelihood over
    /// the 2×2 table (a, N1 − a; b, N2 − b), and log ratio log2((a/N1) / (b/N2)), 0.5 for a count of 0.
    /// Positive keywords (a/N1 > b/N2) first, each group by log-likelihood, highest first, then by word.
    func keywords(_ utterances: [Int], versus: [Int]?, minimum: Int, columns: [String]) -> ResultTable {
        let filter = WordFilter(index: index, stop: stopWords(of: utterances))
        let editorial = self.editorial
        let index = self.index
        let parts = Self.parts(of: utterances)
        nonisolated(unsafe) let stop = shouldStop
        let counted = parallelMap(parts.count) { part -> (counts: [Int32], touched: [Int32], words: Int) in
            var counts = [Int32](repeating: 0, count: index.terms.count)
            var touched: [Int32] = []
            var words = UtteranceWords(index)
            var total = 0
            for u in utterances[parts[part]] where !stop() {
                total += index.wordCount(u, editorial: editorial)
                words.read(u)
                for p in 0..<words.count where words.isWord(at: p, editorial: editorial) {
                    for form in words.forms(at: p) where form >= 0 {
                        if counts[Int(form)] == 0 { touched.append(form) }
                        counts[Int(form)] += 1
                    }
                }
            }
            return (counts, touched, total)
        }
        var counts = counted[0].counts
        var touched = counted[0].touched
        for other in counted.dropFirst() {
            for form in other.touched {
                if counts[Int(form)] == 0 { touched.append(form) }
                counts[Int(form)] += other.counts[Int(form)]
            }
        }
        let n1 = counted.reduce(0) { $0 + $1.words }
        var keep = filter
        let candidates = touched.filter { counts[Int($0)] >= Swift.max(minimum, 1) && keep.keeps($0) }.map(Int.init)
        let n2: Int
        let others: [Int]
        if let versus {
            n2 = versus.reduce(0) { $0 + index.wordCount($1, editorial: editorial) }
            var members = Bitset(capacity: index.utteranceCount)
            for u in versus { members.insert(u) }
            let set = members
            let ids = candidates
            let parts = Self.parts(of: ids)
            others = parallelMap(parts.count) { part in
                ids[parts[part]].map { index.positionCount(ofTerm: $0, editorial: editorial, in: set) }
            }.flatMap { $0 }
        } else {
            n2 = index.totalWords(editorial: editorial) - n1
            others = zip(candidates, index.positionCounts(ofTerms: candidates, editorial: editorial)).map { $1 - Int(counts[$0]) }
        }
        guard n1 > 0, n2 > 0 else {
            var table = ResultTable(columns: columns, rows: [], rowNoun: "words")
            if n2 == 0 { table.note = Self.nothingElse }
            return table
        }
        struct Row { var word: String; var a: Int; var b: Int; var ll: Double; var ratio: Double; var positive: Bool }
        var rows = zip(candidates, others).map { id, b -> Row in
            let a = Int(counts[id])
            let ll = Self.logLikelihood(o11: Double(a), row1: Double(n1), column1: Double(a + b), total: Double(n1 + n2))
            let ratio = log2((Double(a) / Double(n1)) / (Double(b == 0 ? 0.5 : Double(b)) / Double(n2)))
            return Row(word: index.terms.string(id), a: a, b: b, ll: ll, ratio: ratio, positive: a * n2 > b * n1)
        }
        rows.sort { x, y in
            if x.positive != y.positive { return x.positive }
            return x.ll != y.ll ? x.ll > y.ll : x.word < y.word
        }
        let cells = rows.map { row -> [ResultTable.Cell] in
            [.text(row.word), .integer(row.a), .integer(row.b), .decimal(row.ll), .decimal(row.ratio),
             .text(Self.isOneWord(row.word) ? drill([Self.wordCondition(row.word)]) : "")]
        }
        return ResultTable(columns: columns, rows: cells, rowNoun: "words")
    }

    // MARK: ngrams

    /// `ngrams N`: the most frequent sequences of N words in the matches.
    ///
    /// Each position counts as its first form (the word as written, folded); every word is kept, stop
    /// words too. A sequence never crosses an utterance, an editor's note or elision (`[?]`, `[…]`, `[sic]`),
    /// nor, under `.editorial off`, a word the editor inserted. `containing WORD` keeps the sequences one of whose words is WORD (folded). By count,
    /// highest first, then by the words.
    func ngrams(_ utterances: [Int], length: Int, minimum: Int, containing: String?, columns: [String]) -> ResultTable {
        var wanted: Int32?
        if let containing {
            let forms = Tokenizer.words(containing)
            guard forms.count == 1, let first = forms[0].first, let id = index.term(first) else {
                return ResultTable(columns: columns, rows: [], rowNoun: "n-grams")
            }
            wanted = Int32(id)
        }
        let required = wanted
        let editorial = self.editorial
        let index = self.index
        let n = length
        let least = Swift.max(minimum, 1)
        // The first forms of the matched utterances' words, one after another, -1 where a sequence may not
        // go on (between utterances, at a word the editor inserted under `.editorial off`).
        let parts = Self.parts(of: utterances, count: 8)
        nonisolated(unsafe) let stop = shouldStop
        let ids = parallelMap(parts.count) { part -> [Int32] in
            var ids: [Int32] = []
            var words = UtteranceWords(index)
            for u in utterances[parts[part]] where !stop() {
                words.appendFirstForms(of: u, editorial: editorial, to: &ids)
                ids.append(-1)
            }
            return ids
        }.flatMap { $0 }
        if stop() { return ResultTable(columns: columns, rows: [], rowNoun: "n-grams") }
        // Two tables, each counting the sequences of one half of the hashes.
        let repeated = least > 1 ? ids.withUnsafeBufferPointer { NgramCounts.repeatedHashes($0, length: n, containing: required) } : nil
        let tables = parallelMap(2) { part -> NgramCounts in
            // Room for about as many sequences as a part of the matches' words tends to repeat.
            var table = NgramCounts(length: n, capacity: ids.count / (repeated == nil ? 4 : 16))
            ids.withUnsafeBufferPointer { table.count($0, part: UInt64(part), containing: required, repeated: repeated) }
            return table
        }
        var rows = tables.flatMap { $0.entries(minimum: least) }
        // In order: by count, then by the words, compared by their rank in byte order (the order of the
        // joined text, since a space sorts before every character of a word).
        var local = [Int32](repeating: -1, count: index.terms.count)
        var distinct: [Int32] = []
        for row in rows {
            for k in 0..<n where local[Int(row.key[k])] < 0 {
                local[Int(row.key[k])] = Int32(distinct.count)
                distinct.append(row.key[k])
            }
        }
        let texts = distinct.map { index.terms.string(Int($0)) }
        var rank = [Int32](repeating: 0, count: distinct.count)
        for (r, i) in texts.indices.sorted(by: { texts[$0].utf8.lexicographicallyPrecedes(texts[$1].utf8) }).enumerated() {
            rank[i] = Int32(r)
        }
        // Each row's words as their ranks, so that sorting compares numbers; the words by rank.
        var byRank = texts
        for (i, text) in texts.enumerated() { byRank[Int(rank[i])] = text }
        for r in rows.indices {
            for k in 0..<n { rows[r].key[k] = rank[Int(local[Int(rows[r].key[k])])] }
        }
        rows.sort { x, y in
            if x.count != y.count { return x.count > y.count }
            for k in 0..<n where x.key[k] != y.key[k] { return x.key[k] < y.key[k] }
            return false
        }
        // Whether each word reads back as itself in a phrase query; the cells made on both cores.
        let plain = byRank.map(Self.isOneWord)
        // Every row's query is `drill`'s, `(Q) AND written:"w1 w2"` (the words as written, as they were
        // counted, so that `Rákosi's` is not found for `rakosi`): its start once.
        let (prefix, finished, words) = (drill(["written:"]), rows, byRank)
        let cells = parallelMap(2) { part -> [[ResultTable.Cell]] in
            let half = finished.count / 2
            return finished[part == 0 ? 0..<half : half..<finished.count].map { row -> [ResultTable.Cell] in
                var phrase = ""
                var typable = true
                for k in 0..<n {
                    let word = Int(row.key[k])
                    if k > 0 { phrase += " " }
                    phrase += words[word]
                    typable = typable && plain[word]
                }
                return [.text(phrase), .integer(row.count), .text(typable ? prefix + Self.quote(phrase) : "")]
            }
        }.flatMap { $0 }
        return ResultTable(columns: columns, rows: cells, rowNoun: "n-grams")
    }

    /// `CanonicalPrinter.quote`, without its work for the plain words and spaces of most rows.
    static func quote(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }) ? "\"" + text + "\"" : CanonicalPrinter.quote(text)
    }

    // MARK: Shared

    /// A list in two parts, for two cores, one when it is short; with `count`, that many parts, which
    /// the cores take in turn, so that one that is slowed down (by another process) takes fewer.
    static func parts(of list: [Int], count parts: Int = 2) -> [Range<Int>] {
        guard list.count >= 2_000 else { return [0..<list.count] }
        return (0..<parts).map { k in list.count * k / parts..<list.count * (k + 1) / parts }
    }

    /// The stop words that apply to these utterances: those of the languages of their documents, or the
    /// one list every document uses.
    func stopWords(of utterances: [Int]) -> Set<String> {
        switch stopWords {
        case .single(let list):
            return list
        case .perLanguage:
            let lists = StopLists.standard
            let languages = index.stopListLanguages()
            var codes: Set<String> = []
            var end = 0
            for u in utterances where u >= end {
                let d = index.address(u).document
                end = index.documentStarts[d + 1]
                codes.insert(languages[d])
            }
            return codes.reduce(into: Set<String>()) { $0.formUnion(lists.lists[$1] ?? lists.lists["en"] ?? []) }
        }
    }
}

/// Which forms may be a row of `collocates` or `keywords`: not one character, not a number, not a marker
/// of unintelligible speech (`SpokenWords.markers`), not a stop word; decided once a term.
struct WordFilter: Sendable {
    let index: CorpusIndex
    let stop: Set<String>
    /// 0 not decided yet, 1 kept, 2 left out; by term id.
    private var verdicts: [UInt8] = []

    init(index: CorpusIndex, stop: Set<String>) {
        self.index = index
        self.stop = stop
    }

    mutating func keeps(_ id: Int32) -> Bool {
        guard id >= 0 else { return false }
        if verdicts.isEmpty { verdicts = Array(repeating: 0, count: index.terms.count) }
        let i = Int(id)
        if verdicts[i] == 0 {
            let form = index.terms.string(i)
            let kept = form.count > 1 && !stop.contains(form) && !SpokenWords.markers.contains(form)
                && !form.utf8.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x2C || $0 == 0x2E }
            verdicts[i] = kept ? 1 : 2
        }
        return verdicts[i] == 1
    }
}

/// An utterance's words as the index reads them (annotation codes left out): where each position's word
/// stands, its distinct forms as term ids (the word as written first), and whose words it is (`WordSource`).
struct UtteranceWords {
    let index: CorpusIndex
    /// The index's terms, held here: reaching them through the index for every word retained and released
    /// their arrays each time, and two cores doing so fought over the counts.
    private let terms: TermTable
    var ranges: [Range<Int>] = []
    private var formStarts: [Int] = [0]
    private var forms: [Int32] = []
    var source: [WordSource] = []

    /// The term ids of words of up to 16 bytes (folded) met lately, by their bytes packed into two numbers
    /// (`packed`): most words are such, and a slot holds its word, so a hit reads nothing else; looking
    /// each word up in the index's term table, whose hashes and text lie far apart in memory, took twice
    /// as long.
    private var short = [(word: UInt64, more: UInt64, id: Int32)](repeating: (0, 0, -1), count: 1 << 16)
    /// While `appendFirstForms(of:)` reads: where each word's first form goes, instead of `ranges` and
    /// `forms`.
    private var firstOnly: [Int32]? = nil
    private var scratch: [UInt8] = []

    init(_ index: CorpusIndex) {
        self.index = index
        terms = index.terms
    }

    /// The term id of a folded form, -1 when the index has none.
    @inline(__always)
    mutating func id(of form: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard form.count <= 16 else { return terms.find(form).map(Int32.init) ?? -1 }
        return id(ofPacked: Self.packed(form), length: form.count)
    }

    var count: Int { ranges.count }

    func forms(at p: Int) -> ArraySlice<Int32> { forms[formStarts[p]..<formStarts[p + 1]] }

    func firstForm(at p: Int) -> Int32 { forms[formStarts[p]] }

    /// Appends the first form of each word of utterance `u` to `ids` (-1 for a word of an editor's note,
    /// or one the editor inserted under `.editorial off`). Only the first forms are kept, not where the
    /// words stand nor their other forms, unless the utterance has annotation codes, notes or (under
    /// `.editorial off`) insertions: `ngrams` reads its matches so, and keeping the rest took a third of
    /// the time.
    /// A note or an elision without words between two words (`million [?] Rub`, `the […] plan`) stands
    /// between them as -1 too: no sequence runs across an editor's mark. Nor across the marker of an
    /// interjection or direction taken out of the paragraph (`deep enough (…) and`): someone else spoke
    /// there.
    mutating func appendFirstForms(of u: Int, editorial: Bool, to ids: inout [Int32]) {
        let utterance = index.utterance(u)
        let breaks = (utterance.editorial.filter { $0.kind == .note || $0.kind == .elision }.map(\.range)
            + utterance.withTextUTF8(Self.markers)).sorted { $0.lowerBound < $1.lowerBound }
        guard index.marks(ofUtterance: u).isEmpty, breaks.isEmpty,
              !utterance.editorial.contains(where: { !editorial && $0.kind == .insertion }) else {
            read(u)
            var next = 0
            for p in 0..<count {
                let start = ranges[p].lowerBound
                // A mark that ends before this word and starts after the word before it.
                while next < breaks.count, breaks[next].upperBound <= start {
                    if p > 0, breaks[next].lowerBound >= ranges[p - 1].upperBound { ids.append(-1) }
                    next += 1
                }
                ids.append(isWord(at: p, editorial: editorial) ? firstForm(at: p) : -1)
            }
            return
        }
        firstOnly = ids
        ids = []
        utterance.withTextUTF8 { scanQuickly($0) }
        ids = firstOnly ?? []
        firstOnly = nil
    }

    static let markerBytes = Array(Utterance.marker.utf8)

    /// Where a paragraph's text holds `Utterance.marker`, `(…)`: an interjection or direction stood there.
    static func markers(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let marker = markerBytes
        var found: [Range<Int>] = []
        var i = 0
        while i + marker.count <= text.count {
            if text[i] == 0x28, marker.indices.allSatisfy({ text[i + $0] == marker[$0] }) {
                found.append(i..<(i + marker.count))
                i += marker.count
            } else {
                i += 1
            }
        }
        return found
    }

    /// Reads utterance `u`, as `CorpusIndex` indexes it.
    mutating func read(_ u: Int) {
        ranges.removeAll(keepingCapacity: true)
        formStarts.removeAll(keepingCapacity: true)
        formStarts.append(0)
        forms.removeAll(keepingCapacity: true)
        source.removeAll(keepingCapacity: true)
        let utterance = index.utterance(u)
        let marks = index.marks(ofUtterance: u)
        utterance.withTextUTF8 { text in
            if marks.isEmpty { scanQuickly(text) } else { scan(text, marks: marks) }
        }
        // A word is the editor's when it starts inside an insertion or a note, as the index reads it.
        var sources = WordSource.Cursor(utterance.editorial)
        guard !sources.isEmpty else {
            source.append(contentsOf: repeatElement(.spoken, count: ranges.count))
            return
        }
        for range in ranges { source.append(sources.source(at: range.lowerBound)) }
    }

    /// Whether the word at position `p` is a word the analysis counts: never one of an editor's note, and
    /// one the editor inserted only under `.editorial on`.
    @inline(__always)
    func isWord(at p: Int, editorial: Bool) -> Bool { source[p].counts(editorial: editorial) }

    /// Reads text with the tokenizer: each word's range and distinct forms.
    private mutating func scan(_ text: UnsafeBufferPointer<UInt8>, marks: WordMarks, as offset: Int = 0) {
        let first = ranges.count
        Tokenizer.scan(text, marks: marks) { form, word in
            let id = self.id(of: form)
            if first + word.position == ranges.count {
                ranges.append((word.range.lowerBound + offset)..<(word.range.upperBound + offset))
                forms.append(id)
                formStarts.append(forms.count)
            } else {
                // A correction's word shares the position of the word it replaces, as the highlighter reads it.
                var shifted = word
                shifted.range = (word.range.lowerBound + offset)..<(word.range.upperBound + offset)
                if let last = ranges.last { ranges[ranges.count - 1] = shifted.widening(last) }
                if !forms[formStarts[formStarts.count - 2]...].contains(id) {
                    forms.append(id)
                    formStarts[formStarts.count - 1] = forms.count
                }
            }
        }
    }

    /// Reads text without annotation codes as `Tokenizer.scan` reads it, without the tokenizer's copy and
    /// call for every form of every word: a word is a run of letters, digits and marks, joined by an
    /// apostrophe, hyphen or middle dot between two of them and by `,` or `.` between two digits, and a
    /// word without an apostrophe, hyphen or middle dot has one form, its characters folded as the tokenizer
    /// folds them. A word with one has several forms (its parts, joined): the tokenizer reads it. On the
    /// matches of `army` in the generated corpus of 1,000,000 turns the tokenizer took most of the time of
    /// `ngrams`; `AnalysisTests` checks that both read every utterance of the shared corpus alike.
    private mutating func scanQuickly(_ text: UnsafeBufferPointer<UInt8>) {
        var folded: [UInt8] = []
        swap(&folded, &scratch)
        defer { swap(&folded, &scratch) }
        let n = text.count
        var i = 0
        while i < n {
            let byte = text[i]
            if byte < 0x80 {
                guard Tokenizer.isASCIIWord(byte) else {
                    i += 1
                    continue
                }
                if let (end, id) = shortASCIIWord(text, from: i) {
                    if firstOnly != nil {
                        firstOnly?.append(id)
                    } else {
                        ranges.append(i..<end)
                        forms.append(id)
                        formStarts.append(forms.count)
                    }
                    i = end
                    continue
                }
            } else {
                let (scalar, width) = Tokenizer.decode(text, i)
                guard Folding.isWord(scalar) else {
                    i += width
                    continue
                }
            }
            let start = i
            folded.removeAll(keepingCapacity: true)
            // A run that holds Chinese characters or kana is several words (`Tokenizer.standsAlone`): the
            // tokenizer reads it, as it reads a joined word.
            var joined = false
            var lastWasDigit = false
            while i < n {
                let b = text[i]
                if b < 0x80, Tokenizer.isASCIIWord(b) {
                    folded.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                    lastWasDigit = b <= 0x39
                    i += 1
                    continue
                }
                let (s, w) = Tokenizer.decode(text, i)
                if Folding.isWord(s) {
                    if Tokenizer.standsAlone(s) { joined = true }
                    Folding.appendFolded(s, to: &folded)
                    lastWasDigit = false
                    i += w
                    continue
                }
                // A joiner counts only between two word characters.
                guard i + w < n else { break }
                let (next, _) = Tokenizer.decode(text, i + w)
                guard Folding.isWord(next) else { break }
                if s == "'" || s == "\u{2019}" || s == "-" || s == "\u{2010}" || s == "\u{2011}" || s == "\u{00B7}" || s == "\u{2027}" {
                    joined = true
                } else if s == "," || s == ".", lastWasDigit, next.isASCII, (0x30...0x39).contains(next.value) {
                    folded.append(UInt8(s.value))
                } else {
                    break
                }
                lastWasDigit = false
                i += w
            }
            // Letters then digits (`senate22`) have a second form: the tokenizer's reading gives both.
            if !joined, folded.withUnsafeBufferPointer({ Tokenizer.lettersBeforeDigits($0) }) != nil { joined = true }
            if firstOnly != nil {
                // The first form of a joined word is the whole word, its joiners kept: the tokenizer's; a run
                // of Chinese characters is a word a character.
                if joined, var list = firstOnly {
                    // Taken out while the tokenizer's calls look terms up, so that no copy is made.
                    firstOnly = nil
                    var position = -1
                    Tokenizer.scan(UnsafeBufferPointer(rebasing: text[start..<i])) { form, word in
                        guard word.position != position else { return }
                        position = word.position
                        list.append(self.id(of: form))
                    }
                    firstOnly = list
                } else {
                    let first = folded.withUnsafeBufferPointer { id(of: $0) }
                    firstOnly?.append(first)
                }
            } else if joined {
                scan(UnsafeBufferPointer(rebasing: text[start..<i]), marks: .none, as: start)
            } else {
                ranges.append(start..<i)
                forms.append(folded.withUnsafeBufferPointer { id(of: $0) })
                formStarts.append(forms.count)
            }
        }
    }

    /// A word of up to sixteen ASCII letters and digits starting at `start`, not joined to another (a
    /// joiner ends it only when no word character follows), with its end and term id; nil for any other
    /// word, which the general reading takes. Most words are such: their folded bytes, packed into two
    /// numbers, find their id in `short`, which stays in the processor's cache, where the general reading
    /// hashes the bytes and compares them with the index's text of the term, far off in memory.
    @inline(__always)
    private mutating func shortASCIIWord(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, id: Int32)? {
        let n = text.count
        // The first eight folded bytes, then the next eight, each packed first byte highest.
        var packed: (UInt64, UInt64) = (0, 0)
        var i = start
        let limit = Swift.min(n, start + 16)
        while i < limit {
            let b = text[i]
            guard Tokenizer.isASCIIWord(b) else { break }
            let folded = UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            if i - start < 8 { packed.0 = packed.0 << 8 | folded } else { packed.1 = packed.1 << 8 | folded }
            i += 1
        }
        // Letters then digits (`senate22`) are two forms: the general reading takes them.
        if i - start >= 4, text[i - 1] <= 0x39, text[start] > 0x39 { return nil }
        if i < n {
            let b = text[i]
            if b >= 0x80 || Tokenizer.isASCIIWord(b) { return nil }
            if b == 0x27 || b == 0x2D || b == 0x2C || b == 0x2E, i + 1 < n, text[i + 1] >= 0x80 || Tokenizer.isASCIIWord(text[i + 1]) {
                return nil
            }
        }
        return (i, id(ofPacked: packed, length: i - start))
    }

    /// The term id of a folded form of up to 16 bytes, packed (`packed`): from `short` when met lately,
    /// else from the index.
    @inline(__always)
    private mutating func id(ofPacked packed: (UInt64, UInt64), length: Int) -> Int32 {
        // No folded word has a zero byte, so the packed numbers are the word: an empty slot is no word's.
        let mixed = (packed.0 ^ (packed.1 &* 0xBF58_476D_1CE4_E5B9)) &* 0x9E37_79B9_7F4A_7C15
        let slot = Int(truncatingIfNeeded: mixed >> 48)
        if short[slot].word == packed.0, short[slot].more == packed.1 { return short[slot].id }
        var bytes = (packed.0.bigEndian, packed.1.bigEndian)
        let id = withUnsafeBytes(of: &bytes) { raw -> Int32 in
            var word = Array(raw[(8 - Swift.min(length, 8))..<8])
            if length > 8 { word += raw[(24 - length)...] }
            return word.withUnsafeBufferPointer { terms.find($0) }.map(Int32.init) ?? -1
        }
        short[slot] = (packed.0, packed.1, id)
        return id
    }

    /// A folded form of up to 16 bytes as `shortASCIIWord` packs it: the first eight bytes, then the next
    /// eight, each first byte highest.
    @inline(__always)
    private static func packed(_ form: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var packed: (UInt64, UInt64) = (0, 0)
        for (k, byte) in form.enumerated() {
            if k < 8 { packed.0 = packed.0 << 8 | UInt64(byte) } else { packed.1 = packed.1 << 8 | UInt64(byte) }
        }
        return packed
    }

    /// Where a query's words and phrases match, as first and last positions, as `Highlighter.matches` finds
    /// them without a regular expression: each word holding one of `terms` among its forms, each run of
    /// words holding a phrase's terms in order, each word of a proximity phrase within its proximity of
    /// the others, in order of their start; overlapping matches joined into one. Matches side by side stay
    /// apart: `word word` is two hits.
    func matches(_ terms: Bitset, _ phrases: [[Int32]], _ proximities: [ProximityGroup] = [],
                 into spans: inout [(first: Int, last: Int)]) {
        var found: [(first: Int, last: Int)] = []
        for p in 0..<count {
            if forms(at: p).contains(where: { $0 >= 0 && terms.contains(Int($0)) }) { found.append((p, p)) }
            for phrase in phrases where p + phrase.count <= count {
                if phrase.indices.allSatisfy({ forms(at: p + $0).contains(phrase[$0]) }) { found.append((p, p + phrase.count - 1)) }
            }
        }
        for group in proximities {
            for p in group.matchedPositions(count: count, holds: { p, k in forms(at: p).contains(Int32(group.ids[k])) }) {
                found.append((p, p))
            }
        }
        if !phrases.isEmpty || !proximities.isEmpty { found.sort { $0.first < $1.first } }
        for match in found {
            if let last = spans.last, match.first > last.last {
                spans.append(match)
            } else if let last = spans.last {
                spans[spans.count - 1].last = Swift.max(last.last, match.last)
            } else {
                spans.append(match)
            }
        }
    }

    /// The first and last positions a match covers: those whose words start inside it, or else the word
    /// it starts in; nil when it is in no word.
    func positions(covering match: Range<Int>) -> (Int, Int)? {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].lowerBound < match.lowerBound { low = mid + 1 } else { high = mid }
        }
        var last = low - 1
        while last + 1 < ranges.count, ranges[last + 1].lowerBound < match.upperBound { last += 1 }
        if last >= low { return (low, last) }
        if low > 0, ranges[low - 1].upperBound > match.lowerBound { return (low - 1, low - 1) }
        return nil
    }
}

/// Where a query's matches stand in an utterance, as `collocates` and `near:` stand windows around them.
///
/// A match is one `kwic` shows; it covers the positions whose words start inside it (a regular expression's
/// match inside a word is at that word). Under `.editorial off` a match all of whose words the editor
/// inserted is none.
struct NodeFinder: Sendable {
    let highlighter: Highlighter
    let editorial: Bool
    private let terms: Bitset
    private let phrases: [[Int32]]
    private let proximities: [ProximityGroup]

    init(_ highlighter: Highlighter, editorial: Bool) {
        self.highlighter = highlighter
        self.editorial = editorial
        var terms = Bitset(capacity: highlighter.index?.terms.count ?? 0)
        for id in highlighter.terms { terms.insert(id) }
        self.terms = terms
        phrases = highlighter.phrases.map { $0.map(Int32.init) }
        proximities = highlighter.proximities
    }

    /// The matches in utterance `u`, whose words `words` holds, as first and last positions.
    func spans(_ u: Int, _ words: UtteranceWords, into spans: inout [(first: Int, last: Int)]) {
        spans.removeAll(keepingCapacity: true)
        if highlighter.patterns.isEmpty {
            words.matches(terms, phrases, proximities, into: &spans)
        } else {
            // A regular expression matches the text, not the words: the highlighter finds them.
            spans = highlighter.matches(inUtterance: u, editorial: editorial).compactMap(words.positions(covering:))
        }
        if !editorial {
            spans.removeAll { span in (span.first...span.last).allSatisfy { words.source[$0] == .inserted } }
        }
    }

    /// How many matches `kwic` shows in utterance `u`: from its words, read into `words`, as `spans`
    /// finds them, which is quicker than the highlighter's reading; the highlighter's own count for a
    /// regular expression, which may match outside the words.
    func count(in u: Int, _ words: inout UtteranceWords, _ spans: inout [(first: Int, last: Int)]) -> Int {
        guard highlighter.patterns.isEmpty else { return highlighter.matches(inUtterance: u, editorial: editorial).count }
        words.read(u)
        self.spans(u, words, into: &spans)
        return spans.count
    }

    /// The positions of a match's window, `left` before its first word and `right` after its last, in an
    /// utterance of `count` words: two ranges, so that a node's window makes no array.
    func window(around span: (first: Int, last: Int), left: Int, right: Int, count: Int) -> (before: Range<Int>, after: Range<Int>) {
        (Swift.max(0, span.first - left)..<span.first, (span.last + 1)..<Swift.max(span.last + 1, Swift.min(count, span.last + 1 + right)))
    }
}

/// What one core counts for `collocates`: nodes and co-occurrences by term.
struct CollocateTally {
    var nodes = 0
    var observed: [Int32]
    var touched: [Int32] = []

    init(terms: Int) {
        observed = Array(repeating: 0, count: terms)
    }

    /// Counts the forms at window position `q`.
    mutating func count(_ q: Int, _ words: UtteranceWords, _ filter: inout WordFilter, editorial: Bool) {
        guard words.isWord(at: q, editorial: editorial) else { return }
        for form in words.forms(at: q) where filter.keeps(form) {
            let i = Int(form)
            if observed[i] == 0 { touched.append(form) }
            observed[i] += 1
        }
    }

    /// Adds another core's counts.
    mutating func add(_ other: CollocateTally) {
        nodes += other.nodes
        for form in other.touched {
            let i = Int(form)
            if observed[i] == 0 { touched.append(form) }
            observed[i] += other.observed[i]
        }
    }
}

/// Counts of n-grams (up to 5 words): an open-addressing table whose slots hold the words' ids and the
/// count, 24 bytes, so that a probe touches one place in memory. A Dictionary keyed by arrays of ids took
/// several times as long and as much memory on a large corpus.
struct NgramCounts: Sendable {
    /// Up to five term ids; the unused ones 0.
    struct Key: Sendable {
        var ids: (Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0)

        init(_ words: some Collection<Int32>) {
            for (k, id) in words.enumerated() { self[k] = id }
        }

        subscript(k: Int) -> Int32 {
            get {
                switch k {
                case 0: return ids.0
                case 1: return ids.1
                case 2: return ids.2
                case 3: return ids.3
                default: return ids.4
                }
            }
            set {
                switch k {
                case 0: ids.0 = newValue
                case 1: ids.1 = newValue
                case 2: ids.2 = newValue
                case 3: ids.3 = newValue
                default: ids.4 = newValue
                }
            }
        }

        /// `NgramCounts.hash` of the first `length` ids.
        func hash(length: Int) -> UInt64 { NgramCounts.hash((0..<length).map { self[$0] }) }

        @inline(__always)
        func equals(_ words: Slice<UnsafeBufferPointer<Int32>>) -> Bool {
            var k = 0
            for id in words {
                if self[k] != id { return false }
                k += 1
            }
            return true
        }
    }

    private struct Slot {
        var key = Key([Int32]())
        var count: Int32 = 0
    }

    private let length: Int
    private var slots: [Slot]
    private var mask: Int
    private var used = 0

    /// Room for `capacity` sequences before growing.
    init(length: Int, capacity: Int = 1 << 11) {
        precondition(length <= 5, "n-grams are at most 5 words")
        self.length = length
        var size = 1 << 12
        while size * 7 < capacity * 10 { size <<= 1 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
    }

    /// The hashes of the sequences that may occur more than once, as a bitmap: a bit for each hash's part
    /// (bit 0) and bits 20 and up (`RepeatedHashes.index`), set when two sequences have it. A sequence whose bit is clear
    /// occurs once.
    ///
    /// Most sequences occur once, and a table of them all is far larger than the processor's caches (on
    /// the matches of `army` in the corpus of 1,000,000 turns it took 200 MB, and the query's peak memory
    /// rose by a quarter). So `count` takes only the sequences whose bit is set (those that repeat, and
    /// some that share a bit with one that does), and its table takes a tenth of the room. Each core marks
    /// the sequences of a half of `ids` (split where an utterance ends) in bitmaps of its own, about a bit a
    /// word, small enough to stay in the processor's caches; a bit is then set if either half saw it twice
    /// or both saw it.
    static func repeatedHashes(_ ids: UnsafeBufferPointer<Int32>, length n: Int, containing: Int32?) -> RepeatedHashes {
        var size = 1 << 16
        while size < ids.count / 2 { size <<= 1 }
        // Each part's bits in a half of their own, so that `count`, which takes one part, reads half the room.
        let (bits, bitMask) = (size, size / 2 - 1)
        var middle = ids.count / 2
        while middle < ids.count, ids[middle] >= 0 { middle += 1 }
        let halves = [0..<middle, middle..<ids.count]
        nonisolated(unsafe) let words = ids
        // Word 2k of a half's marks holds bits 64k..<64k+64 of "seen", word 2k + 1 the same of "again":
        // both in one cache line, so that marking a sequence waits for memory once.
        let marks = parallelMap(2) { half -> [UInt64] in
            var marks = [UInt64](repeating: 0, count: bits / 32)
            marks.withUnsafeMutableBufferPointer { marks in
                forEachSequence(UnsafeBufferPointer(rebasing: words[halves[half]]), length: n, part: nil, containing: containing) { _, hash in
                    let i = RepeatedHashes.index(hash, bitMask)
                    let bit: UInt64 = 1 << UInt64(i & 63)
                    let w = (i >> 6) << 1
                    // Without a branch, which would be a coin toss too.
                    marks[w + 1] |= marks[w] & bit
                    marks[w] |= bit
                }
            }
            return marks
        }
        let (a, b) = (marks[0], marks[1])
        var again = [UInt64](repeating: 0, count: bits / 64)
        for k in again.indices {
            let seenInBoth = a[2 * k] & b[2 * k]
            again[k] = a[2 * k + 1] | b[2 * k + 1] | seenInBoth
        }
        return RepeatedHashes(bits: again, mask: bitMask)
    }

    /// Which sequence hashes `repeatedHashes` found more than once.
    struct RepeatedHashes: Sendable {
        let bits: [UInt64]
        let mask: Int

        @inline(__always)
        static func index(_ hash: UInt64, _ mask: Int) -> Int {
            Int(truncatingIfNeeded: hash & 1) * (mask + 1) | Int(truncatingIfNeeded: hash >> 20) & mask
        }
    }

    /// Counts every sequence of `length` ids in `ids` without a negative id, whose hash's lowest bit is
    /// `part`, and which holds `containing` when given; with `repeated`, only those whose bit it sets.
    /// Probes of the table wait for memory: the sequences are taken 32 at a time, and all their slots read
    /// first, so that those waits overlap.
    mutating func count(_ ids: UnsafeBufferPointer<Int32>, part: UInt64, containing: Int32?, repeated: RepeatedHashes?) {
        let n = length
        let batch = 32
        var starts = [Int](repeating: 0, count: batch)
        var hashes = [UInt64](repeating: 0, count: batch)
        var pending = 0
        var warm: Int32 = 0
        func flush() {
            if (used + pending) * 10 > slots.count * 7 { grow() }
            let mask = self.mask
            var added = 0
            slots.withUnsafeMutableBufferPointer { slots in
                for i in 0..<pending { warm &+= slots[Int(truncatingIfNeeded: hashes[i] >> 1) & mask].count }
                for i in 0..<pending {
                    let start = starts[i]
                    var slot = Int(truncatingIfNeeded: hashes[i] >> 1) & mask
                    while true {
                        if slots[slot].count == 0 {
                            slots[slot] = Slot(key: Key(ids[start..<(start + n)]), count: 1)
                            added += 1
                            break
                        }
                        if slots[slot].key.equals(ids[start..<(start + n)]) {
                            slots[slot].count += 1
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
            used += added
            pending = 0
        }
        let bits = repeated?.bits ?? []
        let bitMask = repeated?.mask ?? 0
        bits.withUnsafeBufferPointer { bits in
            let all = repeated == nil
            let half = Int(truncatingIfNeeded: part) * (bitMask + 1)
            Self.forEachSequence(ids, length: n, part: nil, containing: containing) { start, hash in
                // Taken or not without a branch: whether a sequence is this part's and whether it repeats
                // are coin tosses to the processor, and a branch on either was mispredicted half the time.
                let i = half | Int(truncatingIfNeeded: hash >> 20) & bitMask
                let repeats = all ? 1 : bits[i >> 6] >> UInt64(i & 63)
                starts[pending] = start
                hashes[pending] = hash
                pending += Int(truncatingIfNeeded: (hash ^ part ^ 1) & repeats & 1)
                if pending == batch { flush() }
            }
        }
        flush()
        warmth = warm
    }

    /// Calls `body` with the start and hash of each sequence of `length` ids without a negative id, whose
    /// hash's lowest bit is `part` (any with nil), and which holds `containing` when given.
    @inline(__always)
    static func forEachSequence(_ ids: UnsafeBufferPointer<Int32>, length n: Int, part: UInt64?, containing: Int32?,
                                _ body: (_ start: Int, _ hash: UInt64) -> Void) {
        var run = 0
        for end in 0..<ids.count {
            run = ids[end] < 0 ? 0 : run + 1
            guard run >= n else { continue }
            let start = end - n + 1
            if let containing, !ids[start...end].contains(containing) { continue }
            let hash = hash(ids[start...end])
            if let part, hash & 1 != part { continue }
            body(start, hash)
        }
    }

    /// What the loads of `count`'s first pass read, kept so that they are not optimised away.
    private(set) var warmth: Int32 = 0

    /// A 64-bit hash of a sequence of ids; its lowest bit chooses the table, the others the slot.
    @inline(__always)
    static func hash(_ words: some Collection<Int32>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for id in words {
            h = (h ^ UInt64(UInt32(bitPattern: id))) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
        }
        return h &* 0x94D0_49BB_1331_11EB ^ (h >> 32)
    }

    /// The sequences counted at least `minimum` times, with their counts.
    func entries(minimum: Int) -> [(key: Key, count: Int)] {
        slots.lazy.filter { Int($0.count) >= minimum }.map { ($0.key, Int($0.count)) }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.count != 0 {
            var slot = Int(truncatingIfNeeded: entry.key.hash(length: length) >> 1) & mask
            while slots[slot].count != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
