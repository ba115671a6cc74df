/// A speaker's turn: everything from one speaker label to the next.
public struct Turn: Hashable, Sendable {
    /// 1-based number within the document.
    public var number: Int
    /// Index into the document's `speakers`.
    public var speaker: Int?
    /// The label as written, without its colon: `Cde. Beria`, `PRESIDENT BIDEN`, `CDR`.
    public var label: String
    /// Whom the speaker addresses, when the label says so: `Dr. Kissinger (to General Haig):`.
    public var addressee: String?
    /// Start and end in seconds from the source's zero point, for timed formats (negative before it).
    public var start: Double?
    public var end: Double?
    /// Indices into the document's `utterances`: the turn's paragraphs, interjections and directions.
    public var utterances: Range<Int>
    /// Source directives that belong to this turn but are not speech (the Apollo log's `_page : 8`).
    public var metadata: [MetadataField]

    public init(number: Int, speaker: Int?, label: String, addressee: String? = nil,
                start: Double? = nil, end: Double? = nil, utterances: Range<Int>, metadata: [MetadataField] = []) {
        self.number = number
        self.speaker = speaker
        self.label = label
        self.addressee = addressee
        self.start = start
        self.end = end
        self.utterances = utterances
        self.metadata = metadata
    }
}
