/// The kinds of text an editor or translator adds inside an utterance.
public enum EditorialKind: String, Sendable, CaseIterable, Codable {
    /// Text left out: `[…]`, `[...]`.
    case elision
    /// Words supplied to complete the sense: `[agricultural]`, `[with the Party]`.
    case insertion
    /// A remark about the text: `[sic]`, `[?]`, `[Page 3 of the original is missing.]`.
    case note
    /// Struck-through text and its replacement: `<s>Reliance </s>\[Resilience\]`.
    case correction
}

/// Text an editor added inside an utterance, kept apart from what was said.
public struct EditorialSpan: Hashable, Sendable {
    public var kind: EditorialKind
    /// UTF-8 byte offsets of the whole span in the utterance text, brackets included.
    public var range: Range<Int>
    /// The editor's words without brackets (`agricultural`, `sic`, `…`); for a correction, the replacement.
    public var content: String
    /// For a correction, the struck-through text it replaces.
    public var replaced: String?

    public init(kind: EditorialKind, range: Range<Int>, content: String, replaced: String? = nil) {
        self.kind = kind
        self.range = range
        self.content = content
        self.replaced = replaced
    }
}
