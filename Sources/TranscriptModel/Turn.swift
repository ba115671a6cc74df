/// A speaker's turn: everything from one speaker label to the next.
///
/// A large corpus holds a million of these, so numbers are stored in 32 bits and the fields only some
/// sources give (times, an addressee, source directives) are kept out of line.
public struct Turn: Hashable, Sendable {
    /// The label as written, without its colon: `Cde. Beria`, `PRESIDENT BIDEN`, `CDR`.
    public var label: String
    private var rare: Rare?
    private var storedNumber: Int32
    /// -1 for none.
    private var speakerIndex: Int32
    private var firstUtterance: Int32
    private var utteranceEnd: Int32

    public init(number: Int, speaker: Int?, label: String, addressee: String? = nil,
                start: Double? = nil, end: Double? = nil, utterances: Range<Int>, metadata: [MetadataField] = []) {
        self.label = label
        rare = Rare.make(addressee: addressee, start: start, end: end, metadata: metadata)
        storedNumber = Int32(clamping: number)
        speakerIndex = Int32(clamping: speaker ?? -1)
        firstUtterance = Int32(clamping: utterances.lowerBound)
        utteranceEnd = Int32(clamping: utterances.upperBound)
    }

    /// 1-based number within the document.
    public var number: Int {
        get { Int(storedNumber) }
        set { storedNumber = Int32(clamping: newValue) }
    }

    /// Index into the document's `speakers`.
    public var speaker: Int? {
        get { speakerIndex < 0 ? nil : Int(speakerIndex) }
        set { speakerIndex = Int32(clamping: newValue ?? -1) }
    }

    /// Whom the speaker addresses, when the label says so: `Dr. Kissinger (to General Haig):`.
    public var addressee: String? {
        get { rare?.addressee }
        set { rare = Rare.make(addressee: newValue, start: start, end: end, metadata: metadata) }
    }

    /// Start and end in seconds from the source's zero point, for timed formats (negative before it).
    public var start: Double? {
        get { rare?.start }
        set { rare = Rare.make(addressee: addressee, start: newValue, end: end, metadata: metadata) }
    }

    public var end: Double? {
        get { rare?.end }
        set { rare = Rare.make(addressee: addressee, start: start, end: newValue, metadata: metadata) }
    }

    /// Indices into the document's `utterances`: the turn's paragraphs, interjections and directions.
    public var utterances: Range<Int> {
        get { Int(firstUtterance)..<Int(max(firstUtterance, utteranceEnd)) }
        set {
            firstUtterance = Int32(clamping: newValue.lowerBound)
            utteranceEnd = Int32(clamping: newValue.upperBound)
        }
    }

    /// Source directives that belong to this turn but are not speech (the Apollo log's `_page : 8`).
    public var metadata: [MetadataField] {
        get { rare?.metadata ?? [] }
        set { rare = Rare.make(addressee: addressee, start: start, end: end, metadata: newValue) }
    }

    /// The fields only some sources give, shared between copies; nil when a turn has none of them.
    private final class Rare: Hashable, Sendable {
        let addressee: String?
        let start: Double?
        let end: Double?
        let metadata: [MetadataField]

        /// The rare parts, or nil when there are none: tested before the object is made, as a failable
        /// initialiser of a class allocates it first (a turn is made for every turn read).
        static func make(addressee: String?, start: Double?, end: Double?, metadata: [MetadataField]) -> Rare? {
            guard addressee != nil || start != nil || end != nil || !metadata.isEmpty else { return nil }
            return Rare(addressee: addressee, start: start, end: end, metadata: metadata)
        }

        private init(addressee: String?, start: Double?, end: Double?, metadata: [MetadataField]) {
            self.addressee = addressee
            self.start = start
            self.end = end
            self.metadata = metadata
        }

        static func == (a: Rare, b: Rare) -> Bool {
            a.addressee == b.addressee && a.start == b.start && a.end == b.end && a.metadata == b.metadata
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(addressee)
            hasher.combine(start)
            hasher.combine(end)
            hasher.combine(metadata)
        }
    }
}
