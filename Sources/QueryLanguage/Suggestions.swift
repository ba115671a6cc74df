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

    /// The edit distance of folded Characters: Parley's one edit distance (`EditDistance`).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        EditDistance.distance(a, b)
    }
}
