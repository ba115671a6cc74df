import TranscriptModel

/// Did-you-mean by edit distance; public because the engine suggests speakers and topics the same way.
public enum Suggestions: Sendable {
    /// The candidate nearest to `word`, ignoring case and diacritics, or nil when none is close enough to help.
    ///
    /// Ties go to the earlier candidate, so callers list the likelier names first.
    /// - Complexity: O(*n* · *m*²) for *n* candidates of length about *m*; candidates whose length alone
    ///   rules them out are skipped without computing a distance.
    public static func nearest(to word: String, among candidates: [String]) -> String? {
        let folded = fold(word)
        guard !folded.isEmpty else { return nil }
        var best: (candidate: String, distance: Int)? = nil
        for candidate in candidates {
            let other = fold(candidate)
            let limit = allowedDistance(forLength: min(folded.count, other.count))
            guard abs(folded.count - other.count) <= limit else { continue }
            let distance = editDistance(folded, other)
            guard distance <= limit else { continue }
            if best.map({ distance < $0.distance }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The number of single-character insertions, deletions, substitutions and adjacent transpositions
    /// between two strings, ignoring case and diacritics (`Rakosy` and `Rákosi` are 1 apart).
    public static func distance(_ a: String, _ b: String) -> Int {
        editDistance(fold(a), fold(b))
    }

    /// How many edits still make a useful suggestion: none for very short words, where anything is 2 edits
    /// from anything, and growing slowly with length.
    public static func allowedDistance(forLength length: Int) -> Int {
        switch length {
        case ..<3: return 0
        case 3...4: return 1
        case 5...8: return 2
        default: return 3
        }
    }

    /// Case- and diacritic-folded Characters, so that `ÁVH`, `avh` and `Avh` are the same word.
    static func fold(_ text: String) -> [Character] {
        Array(Folding.fold(text))
    }

    /// Damerau–Levenshtein distance in its optimal-string-alignment form, with three rolling rows.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            swap(&previousPrevious, &previous)
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
