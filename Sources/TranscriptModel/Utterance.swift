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
/// A large corpus holds millions of these, so the stored form is small: numbers as 32 bits, and the text as
/// a slice of a `TextArena` that all the utterances of a compacted document share (see `sharingText`),
/// instead of a string allocation each. Line numbers, speaker and turn numbers are therefore limited to
/// 32 bits, and one utterance's text to 4 GiB; the readers never make larger ones.
public struct Utterance: Hashable, Sendable {
    private var arena: TextArena
    private var textStart: UInt32
    private var textCount: UInt32
    private var line: Int32
    /// -1 for none.
    private var speakerIndex: Int32
    /// 0 for none (turns are numbered from 1).
    private var turnNumber: Int32
    public var kind: UtteranceKind
    /// Editorial spans inside `text`, in order.
    public var editorial: [EditorialSpan]
    /// Figures inside `text`, in order.
    public var figures: [Figure]

    /// What a paragraph's text shows where an interjection or direction was taken out.
    public static let marker = "(…)"

    public init(kind: UtteranceKind, speaker: Int?, turn: Int?, text: String, location: SourceLocation,
                editorial: [EditorialSpan] = [], figures: [Figure] = []) {
        arena = TextArena(path: location.path, bytes: Array(text.utf8))
        textStart = 0
        textCount = UInt32(clamping: arena.bytes.count)
        line = Int32(clamping: location.line)
        speakerIndex = Int32(clamping: speaker ?? -1)
        turnNumber = Int32(clamping: turn ?? 0)
        self.kind = kind
        self.editorial = editorial
        self.figures = figures
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
            if newValue.path != arena.path {
                arena = withTextUTF8 { TextArena(path: newValue.path, bytes: Array($0)) }
                textStart = 0
            }
            line = Int32(clamping: newValue.line)
        }
    }

    /// The text as written, whitespace runs collapsed to single spaces. Interjections and directions taken
    /// out of a paragraph leave `Utterance.marker` where they stood. Reading it makes a string; the
    /// engine's loops read the bytes with `withTextUTF8` instead.
    public var text: String {
        get { withTextUTF8 { String(decoding: $0, as: UTF8.self) } }
        set {
            arena = TextArena(path: arena.path, bytes: Array(newValue.utf8))
            textStart = 0
            textCount = UInt32(clamping: arena.bytes.count)
        }
    }

    /// The text's UTF-8 bytes, without making a string.
    @inline(__always)
    public func withTextUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try arena.bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[Int(textStart)..<Int(textStart) + Int(textCount)]))
        }
    }

    /// The length of the text in UTF-8 bytes.
    public var textByteCount: Int { Int(textCount) }

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

    /// The same utterances, with the text of all that share a path in one arena: one allocation for a
    /// document's text instead of one per utterance. The array is exactly its size.
    public static func sharingText(_ utterances: [Utterance]) -> [Utterance] {
        var result: [Utterance] = []
        result.reserveCapacity(utterances.count)
        // Arenas under construction, by path; a new one starts where 32-bit offsets would overflow.
        var building: [String: (bytes: [UInt8], members: [Int])] = [:]
        var finished: [(path: String, bytes: [UInt8], members: [Int])] = []
        for (i, utterance) in utterances.enumerated() {
            let path = utterance.arena.path
            var entry = building.removeValue(forKey: path) ?? ([], [])
            if entry.bytes.count + utterance.textByteCount > Int(UInt32.max) {
                finished.append((path, entry.bytes, entry.members))
                entry = ([], [])
            }
            result.append(utterance)
            result[i].textStart = UInt32(entry.bytes.count)
            utterance.withTextUTF8 { entry.bytes.append(contentsOf: $0) }
            entry.members.append(i)
            building[path] = entry
        }
        finished += building.map { ($0.key, $0.value.bytes, $0.value.members) }
        for (path, bytes, members) in finished {
            let arena = TextArena(path: path, bytes: bytes.withUnsafeBufferPointer { Array($0) })
            for i in members { result[i].arena = arena }
        }
        return result
    }
}

/// The UTF-8 bytes behind utterances' text, and the path they were read from. Immutable, so utterances
/// that share one stay values.
final class TextArena: Sendable {
    let path: String
    let bytes: [UInt8]

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
