/// The one edit distance of Parley, for did-you-mean and for fuzzy words (`Rakosy~`): insertions, deletions,
/// substitutions and transpositions of two neighbours each count one edit (Damerau–Levenshtein in its
/// optimal-string-alignment form), so `Rakosy` is one edit from `Rakosi` and `Rkaosi` one from `Rakosi`.
public enum EditDistance {
    /// The number of edits between `a` and `b`; with `limit`, any number above it may be returned as
    /// `limit + 1` as soon as no alignment can stay within it.
    /// - Complexity: O(`a.count` × `b.count`), and O(`a.count` × `limit`) with a limit (a band around the
    ///   diagonal).
    public static func distance<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int? = nil) -> Int {
        let big = limit.map { $0 + 1 } ?? Int.max / 2
        if let limit, abs(a.count - b.count) > limit { return big }
        if a.isEmpty { return min(b.count, big) }
        if b.isEmpty { return min(a.count, big) }
        let band = limit ?? max(a.count, b.count)
        var previousPrevious = [Int](repeating: big, count: b.count + 1)
        var previous = (0...b.count).map { min($0, big) }
        var current = [Int](repeating: big, count: b.count + 1)
        for i in 1...a.count {
            current[0] = min(i, big)
            var rowMin = current[0]
            let from = max(1, i - band)
            let to = min(b.count, i + band)
            // Only the band is computed; the cells just outside it, which this row and the next read, are
            // out of reach (the rows are reused, so they may hold an older row's values).
            if from - 1 >= 1 { current[from - 1] = big }
            if to + 1 <= b.count { current[to + 1] = big }
            if from <= to {
                for j in from...to {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = min(value, previousPrevious[j - 2] + 1)
                    }
                    current[j] = min(value, big)
                    rowMin = min(rowMin, current[j])
                }
            }
            if limit != nil, rowMin >= big { return big }
            swap(&previousPrevious, &previous)
            swap(&previous, &current)
        }
        return min(previous[b.count], big)
    }

    /// Whether `a` and `b` are at most `limit` edits apart.
    public static func within<Element: Equatable>(_ a: [Element], _ b: [Element], _ limit: Int) -> Bool {
        distance(a, b, limit: limit) <= limit
    }
}
