/// A number written with digits inside an utterance, with its scale and unit.
///
/// `19 billion [forints]` is 19,000,000,000 with scale `billion` and unit `forints`; `75%` is 75 with
/// unit `%`; the range `8-10,000` is one figure from 8,000 to 10,000.
public struct Figure: Hashable, Sendable {
    /// UTF-8 byte offsets of the figure in the utterance text, scale word and unit included.
    public var range: Range<Int>
    /// The value with its scale applied; for a range, the lower end.
    public var value: Double
    /// For a range, the upper end with its scale applied.
    public var upper: Double?
    /// The scale word as written (`million`), if any.
    public var scale: String?
    /// The unit (`%`, `forints`, `people`, `q`), without brackets or a closing full stop.
    public var unit: String?

    public init(range: Range<Int>, value: Double, upper: Double? = nil, scale: String? = nil, unit: String? = nil) {
        self.range = range
        self.value = value
        self.upper = upper
        self.scale = scale
        self.unit = unit
    }

    /// Whether either end of the figure satisfies `condition`, as a range matches when either end does.
    public func matches(_ condition: (Double) -> Bool) -> Bool {
        condition(value) || (upper.map(condition) ?? false)
    }
}
