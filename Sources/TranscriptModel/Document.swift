/// One transcript: its metadata, speakers, turns and utterances in order.
public struct Document: Hashable, Sendable {
    /// The file name without extension, made unique within a corpus (`-2`, `-3` ...), with `#1`, `#2` ...
    /// when one file holds several documents.
    public var id: String
    /// The path as given by the user, or `embedded:NAME` for the built-in reference document.
    public var path: String
    /// The format name it was read as: `text`, `markdown` ...
    public var format: String
    public var title: String?
    public var date: PartialDate?
    public var place: String?
    /// Whatever the source states about itself, in source order: archive, publication, translators ...
    public var metadata: [MetadataField]
    public var speakers: [Speaker]
    public var turns: [Turn]
    public var utterances: [Utterance]
    /// Source lines not placed in any utterance or field (web boilerplate, say), with the reason.
    public var unplacedLines: [UnplacedLine]
    /// Label-like lines not taken as labels, and labels taken on weak evidence, in line order.
    public var doubtfulLabels: [DoubtfulLabel] = []
    /// The sidecar of speaker rules applied to the document (`NAME.speakers`, `parley.speakers`), if any.
    public var sidecar: String?
    /// The lines whose label the sidecar decided, each with the sidecar line that did (`reason`).
    public var sidecarChanges: [DoubtfulLabel] = []
    /// Codes of a transcription system on the utterances (CHAT), in utterance order.
    public var annotations: [Annotation] = []
    /// The printed page and line of each numbered file line, in file order (line-numbered transcripts only).
    public var printedLines: [PrintedLine] = []
    /// Where the source's printed pages start, by file line, in file order (a TEI edition's `<pb n>`): an
    /// utterance stands on the last page started at or before its line.
    public var pageStarts: [PageStart] = []

    public init(id: String, path: String, format: String, title: String? = nil, date: PartialDate? = nil,
                place: String? = nil, metadata: [MetadataField] = [], speakers: [Speaker] = [],
                turns: [Turn] = [], utterances: [Utterance] = [], unplacedLines: [UnplacedLine] = []) {
        self.id = id
        self.path = path
        self.format = format
        self.title = title
        self.date = date
        self.place = place
        self.metadata = metadata
        self.speakers = speakers
        self.turns = turns
        self.utterances = utterances
        self.unplacedLines = unplacedLines
    }

    /// The value of the first metadata field with this name; nil when absent or empty.
    public func metadata(_ name: String) -> String? {
        metadata.first { $0.name == name }?.value
    }

    /// The same document with its turns and utterances in arrays of exactly their size (arrays built by
    /// appending keep up to twice the memory they need, and a large corpus holds them all at once), its
    /// utterances' text, figures and editorial spans in one arena (`Utterance.sharingArenas`), and turns
    /// with the same label sharing one string. `storeText`, when given, keeps the text where it chooses
    /// (see `Utterance.sharingArenas`).
    public func compacted(storeText: (([UInt8]) -> SharedBytes)? = nil) -> Document {
        var copy = self
        copy.turns = turns.withUnsafeBufferPointer { Array($0) }
        // A document's turns go back and forth between a few speakers: their labels are numbered
        // (`StringNumbers`) rather than each hashed.
        var labels = StringNumbers()
        for t in copy.turns.indices {
            let number = labels.number(copy.turns[t].label)
            copy.turns[t].label = labels.strings[number]
        }
        copy.utterances = Utterance.sharingArenas(utterances, storeText: storeText)
        return copy
    }

    /// The same document with its text in memory of its own (`SharedBytes.inMemory`): for a pass that reads
    /// a document's text once, such as indexing, when the text was written to a file while it was loaded.
    public func withTextInMemory() -> Document {
        var copy = self
        var last: (old: UtteranceArena, new: UtteranceArena?)?
        for u in utterances.indices {
            let arena = utterances[u].arena
            if last?.old !== arena {
                last = (arena, arena.text.inMemory().map { UtteranceArena(path: arena.path, text: $0, figures: arena.figures, editorial: arena.editorial) })
            }
            if let new = last?.new { copy.utterances[u].arena = new }
        }
        return copy
    }

    /// Whether the document's times run past a day, so that they are all written `DD:HH:MM:SS`.
    public var timesRunForDays: Bool {
        (turns.last { $0.start != nil }?.start ?? 0) >= 86_400
    }

    /// The printed page and line of a file line, for citing an utterance as the source prints it: `3:12`.
    ///
    /// - Complexity: O(log n) in the document's numbered lines.
    public func printedLocation(ofLine line: Int) -> PrintedLine? {
        var low = 0
        var high = printedLines.count
        while low < high {
            let mid = (low + high) / 2
            if printedLines[mid].line < line { low = mid + 1 } else { high = mid }
        }
        return low < printedLines.count && printedLines[low].line == line ? printedLines[low] : nil
    }

    /// The printed page an utterance stands on, where the source marks pages: a court transcript's page
    /// above its numbered lines, the last page started at or before its line (`pageStarts`), or the last
    /// page directive (the Apollo log's `_page : 8`) at or before its turn, from `pagesByTurn` (worked out
    /// once for the document).
    public func page(of utterance: Utterance, pagesByTurn: [String?]) -> String? {
        if let printed = printedLocation(ofLine: utterance.location.line) { return printed.page.map(String.init) }
        if !pageStarts.isEmpty {
            // The last start at or before the line: binary search for the first after it.
            var low = 0
            var high = pageStarts.count
            while low < high {
                let mid = (low + high) / 2
                if pageStarts[mid].line <= utterance.location.line { low = mid + 1 } else { high = mid }
            }
            return low > 0 ? pageStarts[low - 1].page : nil
        }
        guard let number = utterance.turn, pagesByTurn.indices.contains(number - 1) else { return nil }
        return pagesByTurn[number - 1]
    }

    /// The pages a paragraph's utterance starting on line `line` runs onto, past the one it starts on:
    /// breaks inside the paragraph (`PageStart.inParagraph`, kept at the line after the paragraph's first
    /// when it stands on that line) up to `next`, the line the next paragraph's utterances start on.
    public func pagesRunOnto(fromLine line: Int, upTo next: Int) -> [String] {
        pageStarts.filter { $0.inParagraph && $0.line > line && $0.line <= next }.map(\.page)
    }

    /// For each turn, the page its last page directive (or an earlier turn's) names; nil before the first.
    public var pagesByTurn: [String?] {
        var page: String?
        return turns.map { turn in
            if let value = turn.metadata.last(where: { $0.name == "page" })?.value { page = value }
            return page
        }
    }

    /// Turns that hold no utterance: a label followed at once by another (an aligned Hansard's other
    /// language, a speaker called on who says nothing). They are turns spoken, never turns with a hit.
    public var silentTurns: Int {
        turns.filter { $0.utterances.isEmpty }.count
    }

    /// The turn with this 1-based number; nil when there is none.
    public func turn(numbered number: Int) -> Turn? {
        turns.indices.contains(number - 1) ? turns[number - 1] : nil
    }
}
