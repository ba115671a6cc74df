/// Utterances taken apart into flat arrays and put back together, for a stored copy of the model (the
/// index snapshot): the text bytes, figures and editorial spans of many utterances laid end to end, and a
/// small record per utterance, so that the bytes can be written and read in one piece each.
extension Utterance {
    /// What is kept of an utterance beside its parts: the numbers, and how many of each part it has.
    public struct Record: Hashable, Sendable {
        public var kind: UtteranceKind
        /// -1 for none.
        public var speaker: Int32
        /// 0 for none.
        public var turn: Int32
        public var line: Int32
        public var textCount: UInt32
        public var figureCount: UInt32
        public var editorialCount: UInt32

        public init(kind: UtteranceKind, speaker: Int32, turn: Int32, line: Int32, textCount: UInt32,
                    figureCount: UInt32, editorialCount: UInt32) {
            self.kind = kind
            self.speaker = speaker
            self.turn = turn
            self.line = line
            self.textCount = textCount
            self.figureCount = figureCount
            self.editorialCount = editorialCount
        }
    }

    /// This utterance's record.
    public var record: Record {
        Record(kind: kind, speaker: speakerIndex, turn: turnNumber, line: line, textCount: textCount,
               figureCount: figureCount, editorialCount: editorialCount)
    }

    /// Calls `body` with the utterance's text bytes, figures and editorial spans where they are stored.
    public func withParts<R>(_ body: (UnsafeBufferPointer<UInt8>, ArraySlice<Figure>, ArraySlice<EditorialSpan>) throws -> R) rethrows -> R {
        try withTextUTF8 { text in try body(text, arena.figures[figureRange], arena.editorial[editorialRange]) }
    }

    /// Utterances read from `path` that share one arena, from their records and their parts laid end to end
    /// in record order; nil when the records and the parts disagree (a record asks for more than is there,
    /// some part is left over, or a figure or editorial span reaches past its utterance's text), so that a
    /// damaged copy is refused instead of trapping later.
    ///
    /// - Complexity: O(n) in the records and parts; the arrays are kept, not copied.
    public static func restoring(path: String, text: SharedBytes, figures: [Figure], editorial: [EditorialSpan],
                                 records: [Record]) -> [Utterance]? {
        guard text.count <= Int(UInt32.max), figures.count <= Int(UInt32.max), editorial.count <= Int(UInt32.max) else { return nil }
        let arena = UtteranceArena(path: path, text: text, figures: figures, editorial: editorial)
        var result: [Utterance] = []
        result.reserveCapacity(records.count)
        var next = (text: 0, figure: 0, editorial: 0)
        for record in records {
            let textEnd = next.text + Int(record.textCount)
            let figureEnd = next.figure + Int(record.figureCount)
            let editorialEnd = next.editorial + Int(record.editorialCount)
            guard textEnd <= text.count, figureEnd <= figures.count, editorialEnd <= editorial.count else { return nil }
            for figure in figures[next.figure..<figureEnd] where figure.range.upperBound > Int(record.textCount) { return nil }
            for span in editorial[next.editorial..<editorialEnd]
            where span.range.lowerBound < 0 || span.range.lowerBound > span.range.upperBound || span.range.upperBound > Int(record.textCount) {
                return nil
            }
            var utterance = Utterance(arena: arena)
            utterance.textStart = UInt32(next.text)
            utterance.textCount = record.textCount
            utterance.figureStart = UInt32(next.figure)
            utterance.figureCount = record.figureCount
            utterance.editorialStart = UInt32(next.editorial)
            utterance.editorialCount = record.editorialCount
            utterance.line = record.line
            utterance.speakerIndex = record.speaker
            utterance.turnNumber = record.turn
            utterance.kind = record.kind
            result.append(utterance)
            next = (textEnd, figureEnd, editorialEnd)
        }
        guard next == (text.count, figures.count, editorial.count) else { return nil }
        return result
    }

    /// An empty utterance in `arena`, filled in by `restoring`.
    private init(arena: UtteranceArena) {
        self.arena = arena
        textStart = 0
        textCount = 0
        figureStart = 0
        figureCount = 0
        editorialStart = 0
        editorialCount = 0
        line = 0
        speakerIndex = -1
        turnNumber = 0
        kind = .speech
    }
}
