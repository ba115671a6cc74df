/// A time in a timed transcript, in seconds from the source's zero point, written the way captions and
/// mission logs write them: `MM:SS`, `HH:MM:SS` or `DD:HH:MM:SS`, with optional decimals on the seconds
/// (`00:10:00.5`) and a leading `-` before the zero point (`-00:00:00:10`, ten seconds before lift-off).
public struct ClockTime: Hashable, Sendable {
    /// Seconds from the zero point; negative before it.
    public var seconds: Double
    /// The smallest unit written: 1 for whole seconds, 0.1 for one decimal. `45:00` stands for the whole
    /// second from 45:00 up to 45:01, as a date stands for its whole day.
    public var resolution: Double

    /// How a source writes its times: the query language's `time:` values, or caption cue timings.
    public enum Dialect: Sendable {
        /// `45:00`, `1:05:00`, `00:10:00.250`, `05:22:54:56`, `-00:00:00:10`: two to four fields, the first
        /// of one to three digits and the others of two, minutes and seconds below 60, hours below 24 after a
        /// day field; decimals after `.`; a sign before the zero point.
        case query
        /// WebVTT and SRT cue timings: `00:01.000`, `01:02:03,500`, `123:00:00.0`: two or three fields, the
        /// first of up to eight digits and the others of one or two; decimals after `.` or `,` (the first six
        /// digits count); no sign.
        case caption
    }

    /// Parses a whole `time:` value (see `Dialect.query`).
    public init?(_ text: Substring) {
        let bytes = Array(text.utf8)
        guard let (time, end) = Self.scan(bytes[...], at: 0, .query), end == bytes.count else { return nil }
        self = time
    }

    /// Reads a time at `start` of `bytes`, the one clock parser of Parley: the time and the offset after it.
    /// Whole seconds and decimals are one whole number divided once, so that `01:01.26` is exactly the
    /// `Double` nearest 61.26, as `Double("61.26")` is.
    public static func scan(_ bytes: ArraySlice<UInt8>, at start: Int, _ dialect: Dialect) -> (ClockTime, Int)? {
        var i = start
        var sign = 1.0
        if dialect == .query, i < bytes.endIndex, bytes[i] == UInt8(ascii: "-") {
            sign = -1
            i += 1
        }
        let maxFields = dialect == .query ? 4 : 3
        var fields: [Int] = []
        while fields.count < maxFields {
            var value = 0
            var digits = 0
            while i < bytes.endIndex, isDigit(bytes[i]), digits < 8 {
                value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                digits += 1
                i += 1
            }
            let widths: ClosedRange<Int>
            switch dialect {
            case .query: widths = fields.isEmpty ? 1...3 : 2...2
            case .caption: widths = fields.isEmpty ? 1...8 : 1...2
            }
            guard widths.contains(digits) else { return nil }
            fields.append(value)
            guard i + 1 < bytes.endIndex, bytes[i] == UInt8(ascii: ":"), isDigit(bytes[i + 1]) else { break }
            i += 1
        }
        guard fields.count >= 2 else { return nil }
        // Minutes and seconds below 60, and hours below 24 after days; a caption's `00:00:99.500` is no time.
        let limits = fields.count == 4 ? [Int.max, 24, 60, 60] : Array([Int.max, 60, 60].suffix(fields.count))
        guard zip(fields, limits).dropFirst().allSatisfy({ $0 < $1 }) else { return nil }
        let multipliers = fields.count == 4 ? [86_400, 3_600, 60, 1] : Array([3_600, 60, 1].suffix(fields.count))
        var scaled = zip(fields, multipliers).reduce(0) { $0 + $1.0 * $1.1 }
        var scale = 1
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") || (dialect == .caption && bytes[i] == UInt8(ascii: ",")) {
            i += 1
            var digits = 0
            while i < bytes.endIndex, isDigit(bytes[i]) {
                if digits < (dialect == .query ? 9 : 6) {
                    scaled = scaled * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                    scale *= 10
                } else if dialect == .query {
                    return nil
                }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
        }
        return (ClockTime(seconds: sign * Double(scaled) / Double(scale), resolution: 1 / Double(scale)), i)
    }

    private init(seconds: Double, resolution: Double) {
        self.seconds = seconds
        self.resolution = resolution
    }

    /// Parses a whole string; see `init?(_: Substring)`.
    public init?(_ text: String) {
        self.init(text[...])
    }

    /// `HH:MM:SS`, or `DD:HH:MM:SS` from a day on or when `days` asks for it (a mission log that runs
    /// for days writes its first minutes `00:00:00:10` too), with milliseconds when the time has a
    /// fraction of a second, and `-` before the zero point: a form `time:` reads back.
    public static func format(_ seconds: Double, days showDays: Bool = false) -> String {
        let milliseconds = Int((abs(seconds) * 1000).rounded())
        var whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        let days = whole / 86_400
        whole %= 86_400
        var parts = [whole / 3600, whole % 3600 / 60, whole % 60]
        if days > 0 || showDays { parts.insert(days, at: 0) }
        var text = (seconds < 0 && milliseconds > 0 ? "-" : "") + parts.map { padded($0, to: 2) }.joined(separator: ":")
        if fraction > 0 { text += "." + padded(fraction, to: 3) }
        return text
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
