/// A date as precise as the source gives it: `1953-06-13`, `1953-06` or `1953`.
public struct PartialDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int?
    public var day: Int?

    /// Nil unless the parts make a real calendar date (a day needs a month).
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month, !(1...12).contains(month) { return nil }
        if let day {
            guard let month, (1...PartialDate.days(inMonth: month, year: year)).contains(day) else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses ISO 8601 forms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`.
    public init?(iso text: Substring) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]) else { return nil }
        self.init(year: year, month: parts.count > 1 ? Int(parts[1]) : nil, day: parts.count > 2 ? Int(parts[2]) : nil)
    }

    public var description: String {
        var text = padded(year, to: 4)
        if let month { text += "-" + padded(month, to: 2) }
        if let day { text += "-" + padded(day, to: 2) }
        return text
    }

    /// Orders by the earliest day each date covers, the less precise first on ties.
    public static func < (a: PartialDate, b: PartialDate) -> Bool {
        (a.year, a.month ?? 0, a.day ?? 0) < (b.year, b.month ?? 0, b.day ?? 0)
    }

    /// The first and last day the date covers, as (year, month, day): `1953-06` runs from 1953-06-01 to
    /// 1953-06-30, `1953` from 1953-01-01 to 1953-12-31.
    public var days: (first: (Int, Int, Int), last: (Int, Int, Int)) {
        let lastMonth = month ?? 12
        return ((year, month ?? 1, day ?? 1), (year, lastMonth, day ?? PartialDate.days(inMonth: lastMonth, year: year)))
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension String {
    /// The string with leading zeros up to `width`: `U+0015`, `\x0a`.
    public func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

func padded(_ n: Int, to width: Int) -> String {
    let digits = "\(n)"
    return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
}
