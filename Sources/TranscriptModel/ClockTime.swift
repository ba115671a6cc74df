/// A time in a timed transcript, in seconds from the source's zero point, written the way captions and
/// mission logs write them: `MM:SS`, `HH:MM:SS` or `DD:HH:MM:SS`, with optional decimals on the seconds
/// (`00:10:00.5`) and a leading `-` before the zero point (`-00:00:00:10`, ten seconds before lift-off).
public struct ClockTime: Hashable, Sendable {
    /// Seconds from the zero point; negative before it.
    public var seconds: Double
    /// The smallest unit written: 1 for whole seconds, 0.1 for one decimal. `45:00` stands for the whole
    /// second from 45:00 up to 45:01, as a date stands for its whole day.
    public var resolution: Double

    /// Parses `45:00`, `1:05:00`, `00:10:00.250`, `05:22:54:56` and `-00:00:00:10`. The first field has
    /// one to three digits; the others two, minutes and seconds below 60, hours below 24 after a day field.
    public init?(_ text: Substring) {
        var body = text.utf8[...]
        var sign = 1.0
        if body.first == UInt8(ascii: "-") {
            sign = -1
            body = body.dropFirst()
        }
        var fraction: Substring.UTF8View.SubSequence = body[body.endIndex...]
        if let dot = body.firstIndex(of: UInt8(ascii: ".")) {
            fraction = body[body.index(after: dot)...]
            body = body[..<dot]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy(Self.isDigit) else { return nil }
        }
        let fields = body.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard (2...4).contains(fields.count) else { return nil }
        var values: [Int] = []
        for (n, field) in fields.enumerated() {
            let widths = n == 0 ? 1...3 : 2...2
            guard widths.contains(field.count), field.allSatisfy(Self.isDigit) else { return nil }
            values.append(field.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
        }
        let limits = fields.count == 4 ? [Int.max, 24, 60, 60] : Array([Int.max, 60, 60].suffix(fields.count))
        guard zip(values, limits).dropFirst().allSatisfy({ $0 < $1 }) else { return nil }
        let multipliers = fields.count == 4 ? [86_400, 3_600, 60, 1] : Array([3_600, 60, 1].suffix(fields.count))
        // Whole seconds and decimals as one whole number, divided once, so that `01:01.26` is exactly the
        // `Double` nearest 61.26, as the caption reader's times are.
        var scaled = zip(values, multipliers).reduce(0) { $0 + $1.0 * $1.1 }
        var scale = 1
        for digit in fraction {
            scaled = scaled * 10 + Int(digit - UInt8(ascii: "0"))
            scale *= 10
        }
        seconds = sign * Double(scaled) / Double(scale)
        resolution = 1 / Double(scale)
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
