import Foundation
import QueryLanguage
import TranscriptModel

/// Where the hits fall in each document, by turn position or clock time: a row per document that holds
/// hits (per document and speaker with `by speaker`), each with its hits at their positions on the row's
/// axis and Gries' deviation of proportions. The hits are kept at their positions, not in bins, because
/// how many bins a strip has may depend on the screen; `Row.bins(_:)` makes them.
public struct Timeline: Sendable {
    /// What a row's axis measures.
    public enum Axis: Sendable, Equatable {
        /// Turn numbers: turn k spans k up to k + 1, and its hits stand in its middle, at k + ½.
        case turns
        /// Seconds from the source's zero point; `days`: the document writes its times `DD:HH:MM:SS`.
        case time(days: Bool)
    }

    /// The hits at one position: one turn's, or (in a timed document) one start time's.
    public struct Mark: Sendable, Equatable {
        /// Where on the axis: the middle of the turn (its number + ½), or the turn's start in seconds.
        public var position: Double
        /// The turn (1-based) the hits stand in, as `Timeline.parts` numbers it.
        public var turn: Int
        public var hits: Int
    }

    /// One bin of a row: the hits at positions from `start` up to (not including) `end`; the last bin
    /// includes its end.
    public struct Bin: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var hits: Int
    }

    /// A document's hits, or one speaker's in a document.
    public struct Row: Sendable {
        /// The document's id.
        public var document: String
        /// The speaker's name (corpus-wide, as `count by speaker` writes it; `(none)` for utterances with
        /// no speaker); nil in a timeline by document.
        public var speaker: String?
        public var axis: Axis
        /// Where the axis starts and ends: turn 1 to one past the last turn, or the earliest start to the
        /// latest end (or start) of the document's turns.
        public var start: Double
        public var end: Double
        /// The hits by position, in order; none has zero hits.
        public var marks: [Mark]
        /// Gries' DP over the row's turns (see `Timeline.deviation`); nil when the row's turns hold no words.
        public var dp: Double?

        /// All the row's hits.
        public var hits: Int { marks.reduce(0) { $0 + $1.hits } }

        /// `DOC`, or `DOC · Speaker`: the row's name in records.
        public var name: String { speaker.map { document + " · " + $0 } ?? document }

        /// The bin (0-based, of `count`) that holds `position`: bins split the axis evenly.
        public func bin(of position: Double, count: Int) -> Int {
            let span = end - start
            guard span > 0, count > 0 else { return 0 }
            // Multiplying first keeps turn positions exact: a hit on a bin's start is in that bin.
            let b = Int(((position - start) * Double(count) / span).rounded(.down))
            return min(count - 1, max(0, b))
        }

        /// The row's hits in `count` equal bins along its axis.
        public func bins(_ count: Int) -> [Bin] {
            let count = max(1, count)
            let span = end - start
            var bins = (0..<count).map { b in
                Bin(start: start + span * Double(b) / Double(count), end: start + span * Double(b + 1) / Double(count), hits: 0)
            }
            for mark in marks { bins[bin(of: mark.position, count: count)].hits += mark.hits }
            return bins
        }

        /// A position as the axis writes it: a turn number with at most two decimals (`12`, `1.46`), or a
        /// clock time as the document writes its times.
        public func format(_ position: Double) -> String {
            switch axis {
            case .turns:
                let rounded = Self.roundedTurn(position)
                return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
            case .time(let days):
                return ClockTime.format(position, days: days)
            }
        }

        /// A turn position rounded to two decimals, as records give it.
        public static func roundedTurn(_ position: Double) -> Double { (position * 100).rounded() / 100 }
    }

    public var rows: [Row]
    /// The bins the stage asked for (`bins N`); nil: the renderer decides (the screen's width for a strip,
    /// `defaultBins` elsewhere).
    public var bins: Int?
    /// Whether rows are speakers (`by speaker`).
    public var bySpeaker: Bool

    /// Bins when the stage names none and no screen width decides.
    public static let defaultBins = 50

    public init(rows: [Row], bins: Int?, bySpeaker: Bool) {
        self.rows = rows
        self.bins = bins
        self.bySpeaker = bySpeaker
    }

    /// The most hits any bin of any row holds with `count` bins a row (the strip's and the picture's scale).
    public func fullestBin(_ count: Int) -> Int {
        rows.map { $0.bins(count).map(\.hits).max() ?? 0 }.max() ?? 0
    }

    /// Gries' deviation of proportions (2008): half the sum over the parts of |observed share − expected
    /// share|, the observed share being the part's share of the hits and the expected its share of the
    /// words. 0 when hits fall as the words do, near 1 when they crowd into a small part. Nil when there
    /// are no hits or no words to share.
    public static func deviation(hits: [Int], words: [Int]) -> Double? {
        let totalHits = hits.reduce(0, +)
        let totalWords = words.reduce(0, +)
        guard totalHits > 0, totalWords > 0 else { return nil }
        var sum = 0.0
        for i in 0..<max(hits.count, words.count) {
            let v = i < hits.count ? Double(hits[i]) / Double(totalHits) : 0
            let s = i < words.count ? Double(words[i]) / Double(totalWords) : 0
            sum += abs(v - s)
        }
        return sum / 2
    }

    /// The turn (1-based) each utterance of `document` counts in: its own; for one outside any turn
    /// (narrative), the turn before it, or the first turn when none comes before. A document with no turns
    /// counts each utterance as a turn of its own. Also how many turns there are.
    public static func parts(of document: Document) -> (ofUtterance: [Int], count: Int) {
        guard let first = document.utterances.lazy.compactMap(\.turn).first else {
            return (document.utterances.indices.map { $0 + 1 }, document.utterances.count)
        }
        var current = first
        let parts = document.utterances.map { utterance -> Int in
            if let turn = utterance.turn { current = turn }
            return current
        }
        return (parts, max(document.turns.count, parts.max() ?? 0))
    }

    /// When each turn (by number, 1-based at index 0) starts, in a document whose turns have times: a
    /// turn without a time takes the start of the timed turn before it (the first timed turn's before any).
    /// Nil for an untimed document.
    public static func turnTimes(of document: Document) -> [Double]? {
        guard let first = document.turns.lazy.compactMap(\.start).first else { return nil }
        var current = first
        return document.turns.map { turn in
            if let start = turn.start { current = start }
            return current
        }
    }
}

extension Pipeline {
    /// `timeline`: a row per document that holds hits (per document and speaker with `bySpeaker`), hits
    /// counted as `count by` counts them (the query's matches, or one per utterance for a query of fields
    /// alone), in the middle of their turn or, in a timed document, at its start. `bins`: the stage's `bins N`.
    ///
    /// - Complexity: O(n) in the utterances of the documents that hold hits, plus finding the matches.
    func timeline(_ utterances: [Int], bySpeaker: Bool, bins: Int?) -> Timeline {
        let hitCounts = hitCounts(utterances)
        // The utterances with hits and their hits, in corpus order, then as runs of one document each.
        var hits: [(u: Int, hits: Int)] = []
        for (i, u) in utterances.enumerated() {
            let n = hitCounts.map { Int($0[i]) } ?? 1
            if n > 0 { hits.append((u, n)) }
        }
        if !zip(hits, hits.dropFirst()).allSatisfy({ $0.u <= $1.u }) { hits.sort { $0.u < $1.u } }
        var runs: [(document: Int, hits: ArraySlice<(u: Int, hits: Int)>)] = []
        var i = 0
        while i < hits.count {
            let d = index.address(hits[i].u).document
            var j = i + 1
            while j < hits.count, hits[j].u < index.documentStarts[d + 1] { j += 1 }
            runs.append((d, hits[i..<j]))
            i = j
        }
        let parts = Self.parts(of: Array(runs.indices), count: 8)
        let (index, editorial, documents) = (self.index, self.editorial, runs)
        let rows = parallelMap(parts.count) { p in
            documents[parts[p]].flatMap { run in
                Self.timelineRows(of: run.document, hits: run.hits, bySpeaker: bySpeaker, index: index, editorial: editorial)
            }
        }.flatMap { $0 }
        return Timeline(rows: rows, bins: bins, bySpeaker: bySpeaker)
    }

    /// Document `d`'s rows: one, or one per speaker with hits; `hits` are the document's utterances with
    /// hits (corpus-wide numbers, in order) and their hits.
    private static func timelineRows(of d: Int, hits: ArraySlice<(u: Int, hits: Int)>, bySpeaker: Bool, index: CorpusIndex,
                                     editorial: Bool) -> [Timeline.Row] {
        let document = index.documents[d]
        let (partOf, partCount) = Timeline.parts(of: document)
        let times = Timeline.turnTimes(of: document)
        let axis: Timeline.Axis
        let start: Double
        let end: Double
        if let times {
            axis = .time(days: document.timesRunForDays)
            let starts = document.turns.compactMap(\.start)
            let ends = document.turns.compactMap { $0.end ?? $0.start }
            start = starts.min() ?? times[0]
            let last = max(ends.max() ?? start, starts.max() ?? start)
            end = last > start ? last : start + 1
        } else {
            axis = .turns
            start = 1
            end = Double(partCount + 1)
        }
        let position = { (part: Int) -> Double in
            guard let times else { return Double(part) + 0.5 }
            return times[min(times.count, max(1, part)) - 1]
        }
        // A tally per speaker (corpus-wide number, -1 for none), or one for the document: words and hits
        // by part, whose numbers run from 1 to `partCount`.
        struct Tally { var words: [Int]; var hits: [Int] }
        var tallies: [Tally] = []
        var tallyOf: [Int: Int] = [:]
        let first = index.documentStarts[d]
        func tally(_ i: Int) -> Int {
            let key = bySpeaker ? Int(index.utteranceSpeaker[first + i]) : 0
            if let t = tallyOf[key] { return t }
            tallyOf[key] = tallies.count
            tallies.append(Tally(words: Array(repeating: 0, count: partCount + 1), hits: Array(repeating: 0, count: partCount + 1)))
            return tallies.count - 1
        }
        for i in document.utterances.indices {
            tallies[tally(i)].words[partOf[i]] += index.wordCount(first + i, editorial: editorial)
        }
        for (u, n) in hits { tallies[tally(u - first)].hits[partOf[u - first]] += n }
        var rows: [Timeline.Row] = []
        for (key, t) in tallyOf {
            let tally = tallies[t]
            guard tally.hits.contains(where: { $0 > 0 }) else { continue }
            // Hits at one position (turns of a timed document may share a start) make one mark, at the
            // first of those turns.
            var marks: [Timeline.Mark] = []
            var markAt: [Double: Int] = [:]
            for (part, n) in tally.hits.enumerated() where n > 0 {
                let p = position(part)
                if let m = markAt[p] {
                    marks[m].hits += n
                } else {
                    markAt[p] = marks.count
                    marks.append(Timeline.Mark(position: p, turn: part, hits: n))
                }
            }
            let speaker = bySpeaker ? (key >= 0 ? index.speakerNames[key] : "(none)") : nil
            rows.append(Timeline.Row(document: document.id, speaker: speaker, axis: axis, start: start, end: end,
                                     marks: marks.sorted { $0.position < $1.position },
                                     dp: Timeline.deviation(hits: tally.hits, words: tally.words)))
        }
        // Speakers with the most hits first, then by name.
        rows.sort { a, b in a.hits != b.hits ? a.hits > b.hits : (a.speaker ?? "") < (b.speaker ?? "") }
        return rows
    }
}
