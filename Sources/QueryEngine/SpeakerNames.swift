/// The words by which `speaker:` finds a speaker, from its folded name and labels.
///
/// A label's parenthetical part is a qualifier or an addressee (`Secretary Rusk (to Ambassador Dobrynin)`,
/// `Mr. Cameron (Witney) (Con)`), not the speaker's name, so its words do not count; and a particle alone
/// (`de`, `van`, `of`, `la` ...) names no one: `speaker:de` finds neither de Gaulle nor
/// `El conseller de Justícia`. The whole name or label still matches as written (`speaker:"de Gaulle"`).
public enum SpeakerNames {
    /// A folded name or label as `speaker:` matches it.
    public struct Form: Sendable {
        /// The form as written and without its parenthetical parts.
        public let whole: [String]
        /// Its words outside parentheses, particles left out.
        public let words: [String]
        /// Its words outside parentheses in order, each with its forms, particles kept: where a phrase is
        /// looked for (`speaker:"Prime Minister"` in `PRIME MINISTER SUGA`).
        public let sequence: [[String]]

        public init(_ form: String) {
            let outside = SpeakerNames.withoutParentheses(form)
            whole = [form, outside]
            sequence = Tokenizer.words(outside)
            words = sequence.flatMap { $0 }.filter { !particles.contains($0) }
        }

        /// Whether the words `phrase` (one form each) stand in a row in the form.
        public func contains(phrase: [String]) -> Bool {
            guard !phrase.isEmpty, phrase.count <= sequence.count else { return false }
            return (0...(sequence.count - phrase.count)).contains { start in
                phrase.indices.allSatisfy { sequence[start + $0].contains(phrase[$0]) }
            }
        }
    }

    /// Particles and articles that appear inside names and offices and name no one on their own.
    public static let particles: Set<String> = [
        "a", "al", "d", "da", "das", "de", "dei", "del", "della", "der", "des", "di", "do", "dos", "du", "e", "el",
        "i", "la", "le", "les", "lo", "of", "st", "ten", "ter", "the", "to", "und", "van", "von", "y", "z", "zu",
    ]

    /// The form without any parenthetical part, spaces collapsed: `secretary rusk (to dobrynin)` → `secretary rusk`.
    public static func withoutParentheses(_ form: String) -> String {
        guard form.contains("(") || form.contains("[") else { return form }
        var depth = 0
        var kept = ""
        for c in form {
            if c == "(" || c == "[" { depth += 1; continue }
            if c == ")" || c == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 { kept.append(c) }
        }
        return kept.split(separator: " ").joined(separator: " ")
    }

    /// The words of a folded form outside its parenthetical parts, as the index's tokenizer reads them (each
    /// word as written, its parts and joined form: `espejo-saavedra`, `espejo`, `saavedra`, `espejosaavedra`),
    /// particles left out.
    public static func words(_ form: String) -> [String] {
        Form(form).words
    }
}
