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
    /// The editor's words without brackets (`agricultural`, `sic`, `…`); for a correction, the replacement.
    public var content: String
    /// For a correction, the struck-through text it replaces.
    public var replaced: String?
    // Offsets in 32 bits, as a figure's: a corpus holds hundreds of thousands of spans.
    private var start: UInt32
    private var end: UInt32

    public init(kind: EditorialKind, range: Range<Int>, content: String, replaced: String? = nil) {
        self.kind = kind
        self.content = content
        self.replaced = replaced
        start = UInt32(clamping: range.lowerBound)
        end = UInt32(clamping: range.upperBound)
    }

    /// UTF-8 byte offsets of the whole span in the utterance text, brackets included.
    public var range: Range<Int> {
        get { Int(start)..<Int(max(start, end)) }
        set {
            start = UInt32(clamping: newValue.lowerBound)
            end = UInt32(clamping: newValue.upperBound)
        }
    }
}
