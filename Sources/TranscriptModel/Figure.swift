/// A number written with digits inside an utterance, with its scale and unit.
///
/// `19 billion [forints]` is 19,000,000,000 with scale `billion` and unit `forints`; `75%` is 75 with
/// unit `%`; the range `8-10,000` is one figure from 8,000 to 10,000.
public struct Figure: Hashable, Sendable {
    /// The value with its scale applied; for a range, the lower end.
    public var value: Double
    // A corpus holds hundreds of thousands of figures, so each takes 40 bytes: the upper end NaN for
    // none (figures are read from digits, never NaN), the scale word and unit in one string, offsets in
    // 32 bits.
    private var upperValue: Double
    /// `scale`, `Figure.joiner` and `unit`; empty for neither.
    private var words: String
    private var start: UInt32
    private var end: UInt32

    /// Stands between the scale word and the unit in `words`, which is split at its first: a scale word
    /// never holds it (the reader of Parley's JSON lines refuses one that does).
    public static let joiner: Character = "\u{1F}"

    public init(range: Range<Int>, value: Double, upper: Double? = nil, scale: String? = nil, unit: String? = nil) {
        self.init(range: range, value: value, upper: upper, words: Self.words(scale: scale, unit: unit))
    }

    /// A figure whose scale word and unit are given as UTF-8 (empty for none), as a snapshot holds them:
    /// one string is made of both, and none of either.
    public init(range: Range<Int>, value: Double, upper: Double?, scaleUTF8: UnsafeRawBufferPointer,
                unitUTF8: UnsafeRawBufferPointer) {
        self.init(range: range, value: value, upper: upper, words: Self.words(scaleUTF8, unitUTF8))
    }

    private init(range: Range<Int>, value: Double, upper: Double?, words: String) {
        self.value = value
        upperValue = upper ?? .nan
        self.words = words
        start = UInt32(clamping: range.lowerBound)
        end = UInt32(clamping: range.upperBound)
    }

    /// The scale word as written (`million`), if any; an empty one is none.
    public var scale: String? {
        get { part(0) }
        set { words = Self.words(scale: newValue, unit: unit) }
    }

    /// The unit (`%`, `forints`, `people`, `q`), without brackets or a closing full stop; an empty one is none.
    public var unit: String? {
        get { part(1) }
        set { words = Self.words(scale: scale, unit: newValue) }
    }

    private static func words(scale: String?, unit: String?) -> String {
        var (scale, unit) = (scale ?? "", unit ?? "")
        return scale.withUTF8 { s in unit.withUTF8 { u in words(UnsafeRawBufferPointer(s), UnsafeRawBufferPointer(u)) } }
    }

    /// `words` made of the scale word's and the unit's UTF-8 in one string; empty for neither.
    private static func words(_ scale: UnsafeRawBufferPointer, _ unit: UnsafeRawBufferPointer) -> String {
        guard !scale.isEmpty || !unit.isEmpty else { return "" }
        let count = scale.count + 1 + unit.count
        return String(unsafeUninitializedCapacity: count) { out in
            let raw = UnsafeMutableRawBufferPointer(out)
            raw.copyMemory(from: scale)
            raw[scale.count] = 0x1F  // `joiner`
            UnsafeMutableRawBufferPointer(rebasing: raw[(scale.count + 1)...]).copyMemory(from: unit)
            return count
        }
    }

    /// The scale word (0) or the unit (1) of `words`.
    private func part(_ n: Int) -> String? {
        guard let joiner = words.firstIndex(of: Self.joiner) else { return nil }
        let part = n == 0 ? words[..<joiner] : words[words.index(after: joiner)...]
        return part.isEmpty ? nil : String(part)
    }

    /// UTF-8 byte offsets of the figure in the utterance text, scale word and unit included.
    public var range: Range<Int> {
        get { Int(start)..<Int(max(start, end)) }
        set {
            start = UInt32(clamping: newValue.lowerBound)
            end = UInt32(clamping: newValue.upperBound)
        }
    }

    /// For a range, the upper end with its scale applied; setting NaN is setting none.
    public var upper: Double? {
        get { upperValue.isNaN ? nil : upperValue }
        set { upperValue = newValue ?? .nan }
    }

    public static func == (a: Figure, b: Figure) -> Bool {
        a.value == b.value && a.upper == b.upper && a.words == b.words && a.start == b.start && a.end == b.end
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(upper)
        hasher.combine(words)
        hasher.combine(start)
        hasher.combine(end)
    }

    /// Whether either end of the figure satisfies `condition`, as a range matches when either end does.
    public func matches(_ condition: (Double) -> Bool) -> Bool {
        condition(value) || (upper.map(condition) ?? false)
    }
}
