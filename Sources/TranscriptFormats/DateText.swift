import TranscriptModel

/// Dates and times as transcripts write them: `June 13, 1953`, `13 June 1953`, `1953-06-13`, `[03:10:24:48]`.
enum DateText {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]

    /// Names of the days of the week, in the languages of the transcripts Parley reads most.
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
                                        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
                                        "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
                                        "dilluns", "dimarts", "dimecres", "dijous", "divendres", "dissabte", "diumenge"]

    /// Whether `text` is a day of the week (`Wednesday`, `Wed.`), which a date line may open with.
    static func isWeekday(_ text: String) -> Bool {
        let word = text.trimmingCharacters(in: ",. ").lowercased()
        return weekdays.contains(word) || word.count == 3 && weekdays.contains { $0.hasPrefix(word) && $0.count > 3 }
    }

    /// A date written in `text`, and the text before it (`Kremlin, 13 June 1953.` gives `Kremlin`).
    static func find(in text: String) -> (date: PartialDate, before: String, after: String)? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" })
        func number(_ w: Substring) -> Int? { Int(w.trimmingCharacters(in: ",.")) }
        func month(_ w: Substring) -> Int? {
            let name = w.trimmingCharacters(in: ",.").lowercased()
            guard name.count >= 3 else { return nil }
            if let index = months.firstIndex(of: name) { return index + 1 }
            return months.firstIndex { $0.hasPrefix(name) && name.count == 3 }.map { $0 + 1 }
        }
        func result(_ date: PartialDate?, _ from: Int, _ to: Int) -> (PartialDate, String, String)? {
            guard let date else { return nil }
            let before = words[..<from].joined(separator: " ").trimmingCharacters(in: ", ")
            let after = words[to...].joined(separator: " ")
            return (date, before, after)
        }
        for (i, word) in words.enumerated() {
            // `1953-06-13` anywhere; a bare year only when it is the whole text (a year inside a sentence is not
            // a date line).
            let isoWord = word.trimmingCharacters(in: ",.;()")
            if let iso = PartialDate(iso: isoWord[...]), isoWord.contains("-") || words.count == 1 {
                return result(iso, i, i + 1)
            }
            if let m = month(word) {
                // June 13, 1953 / June 1953
                if i + 2 < words.count, let d = number(words[i + 1]), words[i + 1].hasSuffix(","), let y = year(words[i + 2]) {
                    return result(PartialDate(year: y, month: m, day: d), i, i + 3)
                }
                if i + 1 < words.count, let y = year(words[i + 1]) {
                    // 13 June 1953
                    if i > 0, let d = number(words[i - 1]), (1...31).contains(d) {
                        return result(PartialDate(year: y, month: m, day: d), i - 1, i + 2)
                    }
                    return result(PartialDate(year: y, month: m), i, i + 2)
                }
            }
        }
        return nil
    }

    private static func year(_ word: Substring) -> Int? {
        let digits = word.trimmingCharacters(in: ",.;")
        guard digits.count == 4, let y = Int(digits), (1000...2999).contains(y) else { return nil }
        return y
    }

    /// A date at the start of a file name: `1987-07-north-testimony` gives 1987-07.
    static func fromFileName(_ name: String) -> PartialDate? {
        let parts = name.split(separator: "-", maxSplits: 3, omittingEmptySubsequences: false)
        for count in stride(from: min(3, parts.count), through: 1, by: -1) {
            let candidate = parts[..<count].joined(separator: "-")
            if let date = PartialDate(iso: candidate[...]) { return date }
        }
        return nil
    }

    /// Seconds of an elapsed-time line `[DD:HH:MM:SS]` or `[-DD:HH:MM:SS]` standing alone, or of hours,
    /// minutes and seconds without brackets (`00:05:00`, `1:02:03`), as Google Meet marks every five
    /// minutes and other services each turn: a time, never words of the turn above it.
    static func elapsed(_ line: ArraySlice<UInt8>) -> Double? {
        var line = line
        if line.last == 0x0D { line = line.dropLast() }
        guard let first = line.first else { return nil }
        if first == 0x5B, line.last == 0x5D {
            return ClockTime(String(decoding: line.dropFirst().dropLast(), as: UTF8.self))?.seconds
        }
        // Told on the first byte and the length for most lines.
        guard (0x30...0x39).contains(first), line.count >= 7, line.count <= 10,
              line.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x3A }), line.filter({ $0 == 0x3A }).count == 2 else { return nil }
        return ClockTime(String(decoding: line, as: UTF8.self))?.seconds
    }

    /// Whether a line is only a clock time: `5:05 P.M. EDT`, `17:05`.
    static func isClockTime(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" })
        guard let first = words.first, (1...4).contains(words.count) else { return false }
        let hm = first.split(separator: ":")
        guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m) else { return false }
        return words.dropFirst().allSatisfy { w in
            let s = w.trimmingCharacters(in: ".")
            return ["a.m", "p.m", "am", "pm"].contains(s.lowercased()) || (s.count <= 4 && s.allSatisfy { $0.isUppercase })
        }
    }
}
