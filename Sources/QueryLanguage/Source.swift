/// The text of one query, kept as UTF-8 so that ranges are cheap byte offsets.
public struct Source: Sendable, Hashable {
    /// The query as the user typed it.
    public let text: String
    /// The same text as UTF-8 bytes; every `SourceRange` indexes this array.
    let bytes: [UInt8]

    /// Wraps a query's text.
    public init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// The number of UTF-8 bytes, which is also the offset just past the last character.
    public var count: Int { bytes.count }

    /// The text a range covers, clamped to the source so a stale range cannot trap.
    public func text(in range: SourceRange) -> String {
        let clamped = clamp(range)
        return String(decoding: bytes[clamped.start..<clamped.end], as: UTF8.self)
    }

    /// A range that is guaranteed to lie inside the source.
    func clamp(_ range: SourceRange) -> SourceRange {
        let start = min(max(range.start, 0), bytes.count)
        let end = min(max(range.end, start), bytes.count)
        return SourceRange(start, end)
    }

    /// Two sources are equal when their texts are; the bytes follow from the text.
    public static func == (lhs: Source, rhs: Source) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// A half-open range of UTF-8 byte offsets into a `Source`; lines and columns are computed only when printing.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The offset of the first byte.
    public var start: Int
    /// The offset just past the last byte; equal to `start` for an empty range (a point).
    public var end: Int

    /// A range from `start` up to, not including, `end`.
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// An empty range, used where something is missing.
    public static func point(_ offset: Int) -> SourceRange { SourceRange(offset, offset) }

    /// The number of bytes covered.
    public var length: Int { end - start }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public var description: String { "\(start)..<\(end)" }
}
