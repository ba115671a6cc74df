/// A number written with digits inside an utterance, with its scale and unit.
///
/// `19 billion [forints]` is 19,000,000,000 with scale `billion` and unit `forints`; `75%` is 75 with
/// unit `%`; the range `8-10,000` is one figure from 8,000 to 10,000.
public struct Figure: Hashable, Sendable {
    /// The value with its scale applied; for a range, the lower end.
    public var value: Double
    private var upperValue: Double
    /// The scale word as written (`million`), if any.
    public var scale: String?
    /// The unit (`%`, `forints`, `people`, `q`), without brackets or a closing full stop.
    public var unit: String?
    // Offsets in 32 bits: a corpus holds hundreds of thousands of figures.
    private var start: UInt32
    private var end: UInt32
    private var hasUpper: Bool

    public init(range: Range<Int>, value: Double, upper: Double? = nil, scale: String? = nil, unit: String? = nil) {
        self.value = value
        upperValue = upper ?? 0
        hasUpper = upper != nil
        self.scale = scale
        self.unit = unit
        start = UInt32(clamping: range.lowerBound)
        end = UInt32(clamping: range.upperBound)
    }

    /// UTF-8 byte offsets of the figure in the utterance text, scale word and unit included.
    public var range: Range<Int> {
        get { Int(start)..<Int(max(start, end)) }
        set {
            start = UInt32(clamping: newValue.lowerBound)
            end = UInt32(clamping: newValue.upperBound)
        }
    }

    /// For a range, the upper end with its scale applied.
    public var upper: Double? {
        get { hasUpper ? upperValue : nil }
        set { upperValue = newValue ?? 0; hasUpper = newValue != nil }
    }

    /// Whether either end of the figure satisfies `condition`, as a range matches when either end does.
    public func matches(_ condition: (Double) -> Bool) -> Bool {
        condition(value) || (upper.map(condition) ?? false)
    }
}
