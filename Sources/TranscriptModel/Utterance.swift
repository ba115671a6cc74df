/// What an utterance is: the unit a query matches by default.
public enum UtteranceKind: String, Sendable, CaseIterable, Codable {
    /// A paragraph of a speaker's turn.
    case speech
    /// A remark by another speaker inside a turn, such as `(Cde. Molotov: But you wanted ...)`.
    case interjection
    /// A stage direction with no speaker, such as `(Laughter)` or `(As interpreted.)`.
    case direction
    /// A paragraph outside any turn, in a text with no speaker labels.
    case narrative
}

/// Where a piece of text came from, so that a hit can be cited and opened.
public struct SourceLocation: Hashable, Sendable {
    /// The path as given by the user, or `embedded:NAME` for the built-in reference document.
    public var path: String
    /// 1-based line number of the first line of the text.
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }
}

/// One utterance: a paragraph, an interjection, a direction or a narrative paragraph.
///
/// A large corpus holds millions of these, so the stored form is small: numbers in 32 bits, and the text,
/// figures and editorial spans as slices of an `UtteranceArena` that all the utterances of a compacted
/// document share (see `sharingArenas`), instead of an allocation each. Line numbers, speaker and turn
/// numbers are therefore limited to 32 bits, and one utterance's text to 4 GiB; the readers never make
/// larger ones.
public struct Utterance: Hashable, Sendable {
    // Internal rather than private so that `Utterance+Storage.swift` can take them apart and put them together.
    var arena: UtteranceArena
    var textStart: UInt32
    var textCount: UInt32
    var figureStart: UInt32
    var figureCount: UInt32
    var editorialStart: UInt32
    var editorialCount: UInt32
    var line: Int32
    /// -1 for none.
    var speakerIndex: Int32
    /// 0 for none (turns are numbered from 1).
    var turnNumber: Int32
    public var kind: UtteranceKind

    /// What a paragraph's text shows where an interjection or direction was taken out.
    public static let marker = "(…)"

    public init(kind: UtteranceKind, speaker: Int?, turn: Int?, text: String, location: SourceLocation,
                editorial: [EditorialSpan] = [], figures: [Figure] = []) {
        self.init(kind: kind, speaker: speaker, turn: turn, utf8: Array(text.utf8), location: location, editorial: editorial, figures: figures)
    }

    /// The same from the text's UTF-8 bytes, which must be valid: they are kept as they are.
    public init(kind: UtteranceKind, speaker: Int?, turn: Int?, utf8 text: [UInt8], location: SourceLocation,
                editorial: [EditorialSpan] = [], figures: [Figure] = []) {
        arena = UtteranceArena(path: location.path, text: SharedBytes(text), figures: figures, editorial: editorial)
        textStart = 0
        textCount = UInt32(clamping: arena.text.count)
        figureStart = 0
        figureCount = UInt32(clamping: figures.count)
        editorialStart = 0
        editorialCount = UInt32(clamping: editorial.count)
        line = Int32(clamping: location.line)
        speakerIndex = Int32(clamping: speaker ?? -1)
        turnNumber = Int32(clamping: turn ?? 0)
        self.kind = kind
    }

    /// Index into the document's `speakers`; nil for directions and narrative.
    public var speaker: Int? {
        get { speakerIndex < 0 ? nil : Int(speakerIndex) }
        set { speakerIndex = Int32(clamping: newValue ?? -1) }
    }

    /// 1-based number of the turn this utterance belongs to; nil for narrative outside any turn.
    public var turn: Int? {
        get { turnNumber == 0 ? nil : Int(turnNumber) }
        set { turnNumber = Int32(clamping: newValue ?? 0) }
    }

    public var location: SourceLocation {
        get { SourceLocation(path: arena.path, line: Int(line)) }
        set {
            if newValue.path != arena.path { self = replacing(path: newValue.path) }
            line = Int32(clamping: newValue.line)
        }
    }

    /// The text as written, whitespace runs collapsed to single spaces. Interjections and directions taken
    /// out of a paragraph leave `Utterance.marker` where they stood. Reading it makes a string; the
    /// engine's loops read the bytes with `withTextUTF8` instead.
    public var text: String {
        get { withTextUTF8 { String(decoding: $0, as: UTF8.self) } }
        set { self = replacing(text: Array(newValue.utf8)) }
    }

    /// Editorial spans inside `text`, in order.
    public var editorial: [EditorialSpan] {
        get { editorialCount == 0 ? [] : Array(arena.editorial[editorialRange]) }
        set { self = replacing(editorial: newValue) }
    }

    /// Figures inside `text`, in order.
    public var figures: [Figure] {
        get { figureCount == 0 ? [] : Array(arena.figures[figureRange]) }
        set { self = replacing(figures: newValue) }
    }

    /// The text's UTF-8 bytes, without making a string.
    @inline(__always)
    public func withTextUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try arena.text.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[Int(textStart)..<Int(textStart) + Int(textCount)]))
        }
    }

    /// Where this utterance's figures and editorial spans stand in its arena.
    var figureRange: Range<Int> { Int(figureStart)..<Int(figureStart) + Int(figureCount) }
    var editorialRange: Range<Int> { Int(editorialStart)..<Int(editorialStart) + Int(editorialCount) }

    /// The length of the text in UTF-8 bytes.
    public var textByteCount: Int { Int(textCount) }

    /// The same utterance in an arena of its own, with one part changed.
    private func replacing(path: String? = nil, text: [UInt8]? = nil, figures: [Figure]? = nil,
                           editorial: [EditorialSpan]? = nil) -> Utterance {
        var copy = self
        copy.arena = UtteranceArena(path: path ?? arena.path, text: SharedBytes(text ?? withTextUTF8 { Array($0) }),
                                    figures: figures ?? self.figures, editorial: editorial ?? self.editorial)
        copy.textStart = 0
        copy.textCount = UInt32(clamping: copy.arena.text.count)
        copy.figureStart = 0
        copy.figureCount = UInt32(clamping: copy.arena.figures.count)
        copy.editorialStart = 0
        copy.editorialCount = UInt32(clamping: copy.arena.editorial.count)
        return copy
    }

    public static func == (a: Utterance, b: Utterance) -> Bool {
        a.kind == b.kind && a.speakerIndex == b.speakerIndex && a.turnNumber == b.turnNumber && a.line == b.line
            && a.arena.path == b.arena.path && a.editorial == b.editorial && a.figures == b.figures
            && a.withTextUTF8 { x in b.withTextUTF8 { y in x.elementsEqual(y) } }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(speakerIndex)
        hasher.combine(turnNumber)
        hasher.combine(line)
        withTextUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The same utterances, those that share a path sharing one arena: one allocation each for a
    /// document's text, figures and editorial spans instead of up to three per utterance. Every array
    /// is made its size. `storeText`, when given, keeps each arena's text where it chooses (a file
    /// mapped back, see `TextSpill`) instead of in an array.
    public static func sharingArenas(_ utterances: [Utterance], storeText: (([UInt8]) -> SharedBytes)? = nil) -> [Utterance] {
        var result = utterances.withUnsafeBufferPointer { Array($0) }
        // Arenas being filled, and which is open for each path; a new one starts where 32-bit offsets
        // would overflow. Utterances mostly share one path, so the last arena is tried first.
        var builders: [ArenaBuilder] = []
        var open: [String: Int] = [:]
        var last = -1
        // What each path's utterances hold in all, so that an arena's arrays are made their size at once
        // instead of grown and copied to their size.
        var totals: [String: (text: Int, figures: Int, editorial: Int)] = [:]
        var run = (path: "", text: 0, figures: 0, editorial: 0)
        func addRun() {
            let sum = totals[run.path] ?? (0, 0, 0)
            totals[run.path] = (sum.text + run.text, sum.figures + run.figures, sum.editorial + run.editorial)
        }
        for utterance in utterances {
            if utterance.arena.path != run.path {
                addRun()
                run = (utterance.arena.path, 0, 0, 0)
            }
            run.text += utterance.textByteCount
            run.figures += Int(utterance.figureCount)
            run.editorial += Int(utterance.editorialCount)
        }
        addRun()
        for i in utterances.indices {
            let path = utterances[i].arena.path
            var b = last >= 0 && builders[last].path == path ? last : open[path] ?? -1
            if b < 0 || !builders[b].hasRoom(for: utterances[i]) {
                if b >= 0, let sum = totals[path] {
                    // What the full arena took is no longer to come.
                    totals[path] = (sum.text - builders[b].text.count, sum.figures - builders[b].figures.count,
                                    sum.editorial - builders[b].editorial.count)
                }
                b = builders.count
                builders.append(ArenaBuilder(path: path, room: totals[path] ?? (0, 0, 0)))
                open[path] = b
            }
            builders[b].add(utterances[i], as: &result[i])
            builders[b].members.append(i)
            last = b
        }
        for builder in builders {
            let arena = builder.arena(storeText: storeText)
            for i in builder.members { result[i].arena = arena }
        }
        return result
    }

    /// Collects utterances' parts for one arena.
    private struct ArenaBuilder {
        let path: String
        /// The utterances whose parts it holds.
        var members: [Int] = []
        var text: [UInt8] = []
        var figures: [Figure] = []
        var editorial: [EditorialSpan] = []

        /// A builder whose arrays have room for `room` (up to an arena's limit): the arena takes them as they are.
        init(path: String, room: (text: Int, figures: Int, editorial: Int)) {
            self.path = path
            let limit = Int(UInt32.max)
            text.reserveCapacity(min(room.text, limit))
            figures.reserveCapacity(min(room.figures, limit))
            editorial.reserveCapacity(min(room.editorial, limit))
        }

        func hasRoom(for utterance: Utterance) -> Bool {
            let limit = Int(UInt32.max)
            return text.count + utterance.textByteCount <= limit && figures.count + Int(utterance.figureCount) <= limit
                && editorial.count + Int(utterance.editorialCount) <= limit
        }

        /// Adds the parts of `utterance`, and points `copy` (the same utterance) at where they will be.
        mutating func add(_ utterance: Utterance, as copy: inout Utterance) {
            copy.textStart = UInt32(text.count)
            copy.figureStart = UInt32(figures.count)
            copy.editorialStart = UInt32(editorial.count)
            utterance.withTextUTF8 { text.append(contentsOf: $0) }
            let arena = utterance.arena
            figures += arena.figures[utterance.figureRange]
            editorial += arena.editorial[utterance.editorialRange]
        }

        func arena(storeText: (([UInt8]) -> SharedBytes)?) -> UtteranceArena {
            UtteranceArena(path: path, text: storeText?(text) ?? SharedBytes(text), figures: figures, editorial: editorial)
        }
    }
}

/// What utterances keep out of line: the UTF-8 bytes of their text, their figures and editorial spans,
/// and the path they were read from. Immutable, so utterances that share one stay values.
final class UtteranceArena: Sendable {
    let path: String
    let text: SharedBytes
    let figures: [Figure]
    let editorial: [EditorialSpan]

    init(path: String, text: SharedBytes, figures: [Figure], editorial: [EditorialSpan]) {
        self.path = path
        self.text = text
        self.figures = figures
        self.editorial = editorial
    }
}
