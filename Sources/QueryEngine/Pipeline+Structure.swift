import QueryLanguage
import TranscriptModel

/// One row of `interruptions` or `transitions`: two speakers (interrupter and interrupted; from and to),
/// how often, and for `transitions` the share of `first`'s matched turns that were followed by `second`.
public struct PairRow: Sendable, Equatable {
    /// The document, for `interruptions by doc`.
    public var doc: String?
    public var first: String
    public var second: String
    public var count: Int
    public var share: Double?
}

/// The conversation's structure: who interrupts whom, and who speaks after whom.
extension Pipeline {
    /// `interruptions`: among the matched utterances, each interjection (its speaker interrupts the
    /// speaker of the turn it stands in), each turn cut off with a dash (`-`, `--`, `–`, `—` at the end of
    /// its last paragraph) that a turn of another speaker follows (`(unknown)` interrupts when narrative no
    /// label credits stands between them), and each `>>` change inside a caption cue (both speakers
    /// `(unknown)`). Directions never count.
    func interruptions(_ utterances: [Int], byDoc: Bool) -> [PairRow] {
        var counts: [PairRow: Int] = [:]
        for u in utterances {
            let a = index.address(u)
            let document = index.documents[a.document]
            guard let (interrupter, interrupted) = Self.interruption(document, utterance: a.index, speakers: index.speakers.numbers[a.document]) else { continue }
            let row = PairRow(doc: byDoc ? document.id : nil, first: name(interrupter, a.document), second: name(interrupted, a.document), count: 0)
            counts[row, default: 0] += 1
        }
        return Self.ordered(counts.map { row, n in var row = row; row.count = n; return row })
    }

    /// A side of an interruption or transition as the tables show it.
    func name(_ side: TurnSide, _ d: Int) -> String {
        switch side {
        case .speaker(let local): return index.speakerName(document: d, local: local)
        case .none: return "(none)"
        case .unknown: return "(unknown)"
        }
    }

    /// Who interrupts whom at utterance `i` of a document, if `interruptions` counts it. `speakers` gives
    /// the corpus-wide number of each of the document's speakers: after `.alias The Chairman = Smith` a
    /// turn of the chairman's after Smith's is Smith going on, not cutting himself off.
    static func interruption(_ document: Document, utterance i: Int, speakers: [Int32]) -> (TurnSide, TurnSide)? {
        let utterance = document.utterances[i]
        guard let number = utterance.turn, let turn = document.turn(numbered: number) else { return nil }
        switch utterance.kind {
        case .interjection:
            return (TurnSide(utterance.speaker), TurnSide(turn))
        case .speech where changesInsideACue(document, turn: number, utterance: i):
            // A `>>` change inside a caption cue: someone else speaks before the cue is over.
            return (.unknown, .unknown)
        case .speech:
            // The turn's last paragraph, ending in a dash, and a next turn by someone else.
            let last = turn.utterances.last { document.utterances[$0].kind == .speech }
            // A caption's `>>` says someone else speaks, whoever it is; one inside a cue is counted as such
            // (above), not twice.
            guard last == i, let spoken = spokenText(document, utterance: i), endsCutOff(spoken), let next = document.turn(numbered: number + 1),
                  TurnSide(next).person(speakers) != TurnSide(turn).person(speakers) || TurnSide(next) == .unknown,
                  !next.metadata.contains(where: { $0.name == "change_inside_cue" }) else { return nil }
            // Words no label credits between the two (the chair's unlabelled `The hon. member for Drummond.`)
            // may be who cut the speaker off: the next turn's speaker is not named for it.
            // A heading in capitals between them (`CANADIAN NATIONAL SOCCER TEAM`) is no one's words.
            let between = (i + 1)..<(next.utterances.first ?? i + 1)
            if between.contains(where: { document.utterances[$0].kind == .narrative && document.utterances[$0].text.contains(where: \.isLowercase) }) {
                return (.unknown, TurnSide(turn))
            }
            return (TurnSide(next), TurnSide(turn))
        case .direction, .narrative:
            return nil
        }
    }

    /// Whether utterance `index` opens a turn that a caption's `>>` started inside a cue, after text of the
    /// same cue (the caption reader marks such turns `change_inside_cue`).
    static func changesInsideACue(_ document: Document, turn number: Int, utterance index: Int) -> Bool {
        guard let turn = document.turn(numbered: number), turn.utterances.first == index else { return false }
        return turn.metadata.contains { $0.name == "change_inside_cue" }
    }

    /// A paragraph's text as its speaker left it: without the markers, at its end, of the directions taken
    /// out of it (`the budget is fine -- (Laughter)` stops short with a dash; the laughter is no one's
    /// words). Nil when an interjection stood at its end: that interjection is the interruption, counted
    /// as such, and the next turn is not counted again for it.
    static func spokenText(_ document: Document, utterance i: Int) -> String? {
        let utterance = document.utterances[i]
        // What was taken out of the paragraph follows it in the document, in order.
        var removed: [UtteranceKind] = []
        var j = i + 1
        while j < document.utterances.count, document.utterances[j].turn == utterance.turn,
              document.utterances[j].kind == .direction || document.utterances[j].kind == .interjection {
            removed.append(document.utterances[j].kind)
            j += 1
        }
        var text = Substring(utterance.text)
        // The markers at its end stand for the last of them.
        while let kind = removed.last {
            while text.last?.isWhitespace == true { text = text.dropLast() }
            guard text.hasSuffix(Utterance.marker) else { break }
            if kind == .interjection { return nil }
            removed.removeLast()
            text = text.dropLast(Utterance.marker.count)
        }
        return String(text)
    }

    /// Whether a paragraph stops short with a dash, as hearings print a speaker cut off.
    static func endsCutOff(_ text: String) -> Bool {
        let trimmed = text.reversed().drop { $0.isWhitespace || "\"”’)".contains($0) }
        return trimmed.first.map { "-–—".contains($0) } ?? false
    }

    /// `transitions`: from each turn holding a matched utterance to the next turn of its document.
    /// `share` is the count over the matched turns of that speaker that have a next turn.
    func transitions(_ utterances: [Int]) -> [PairRow] {
        var seen: Set<Int> = []
        var counts: [PairRow: Int] = [:]
        var followed: [String: Int] = [:]
        for u in utterances {
            let unit = Int(index.turnUnit[u])
            let a = index.address(u)
            let document = index.documents[a.document]
            guard let number = document.utterances[a.index].turn, seen.insert(unit).inserted,
                  let turn = document.turn(numbered: number), let next = document.turn(numbered: number + 1) else { continue }
            let from = name(TurnSide(turn), a.document)
            followed[from, default: 0] += 1
            counts[PairRow(first: from, second: name(TurnSide(next), a.document), count: 0), default: 0] += 1
        }
        return Self.ordered(counts.map { row, n in
            var row = row
            row.count = n
            row.share = Double(n) / Double(followed[row.first] ?? n)
            return row
        })
    }

    /// Largest count first, then by document, first and second name.
    static func ordered(_ rows: [PairRow]) -> [PairRow] {
        rows.sorted {
            if $0.count != $1.count { return $0.count > $1.count }
            return ($0.doc ?? "", $0.first, $0.second) < ($1.doc ?? "", $1.first, $1.second)
        }
    }
}

extension PairRow: Hashable {}

/// One side of an interruption or a transition: a speaker of the document (by local number), no speaker,
/// or a speaker the source does not name (a caption's `>>`).
public enum TurnSide: Hashable, Sendable {
    case speaker(Int)
    case none
    case unknown

    init(_ local: Int?) { self = local.map(TurnSide.speaker) ?? .none }

    /// The side with its speaker's corpus-wide number (`speakers`, by local number) in place of the local
    /// one, so that two labels of one person, joined by `.alias`, are one side.
    func person(_ speakers: [Int32]) -> TurnSide {
        guard case .speaker(let local) = self, local < speakers.count else { return self }
        return .speaker(Int(speakers[local]))
    }

    /// A turn's speaker; a turn a caption's `>>` opened has one no one names: `(unknown)`.
    init(_ turn: Turn) {
        if let speaker = turn.speaker {
            self = .speaker(speaker)
        } else {
            // `>>`, or a caption's dialogue dash (`- In the barn.`): someone else speaks.
            self = turn.label.hasPrefix(">>") || turn.label == "-" ? .unknown : .none
        }
    }
}
