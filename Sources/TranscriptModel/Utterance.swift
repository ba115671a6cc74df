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
public struct Utterance: Hashable, Sendable {
    public var kind: UtteranceKind
    /// Index into the document's `speakers`; nil for directions and narrative.
    public var speaker: Int?
    /// 1-based number of the turn this utterance belongs to; nil for narrative outside any turn.
    public var turn: Int?
    /// The text as written, whitespace runs collapsed to single spaces. Interjections and
    /// directions taken out of a paragraph leave `Utterance.marker` where they stood.
    public var text: String
    public var location: SourceLocation
    /// Editorial spans inside `text`, in order.
    public var editorial: [EditorialSpan]
    /// Figures inside `text`, in order.
    public var figures: [Figure]

    /// What a paragraph's text shows where an interjection or direction was taken out.
    public static let marker = "(…)"

    public init(kind: UtteranceKind, speaker: Int?, turn: Int?, text: String, location: SourceLocation,
                editorial: [EditorialSpan] = [], figures: [Figure] = []) {
        self.kind = kind
        self.speaker = speaker
        self.turn = turn
        self.text = text
        self.location = location
        self.editorial = editorial
        self.figures = figures
    }
}
