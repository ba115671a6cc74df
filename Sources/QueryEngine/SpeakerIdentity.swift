import TranscriptModel

/// Which speakers of different documents are one person: those with the same canonical name (folded), as
/// joined by the user's aliases (`.alias The Secretary = Kissinger`); a speaker known only by a role or
/// title (`The President`, `Q`, `Chairman`) is a different person in each document, since the role passes
/// from one person to another; so is a voice the transcriber numbers (`Speaker 1`, `P1`).
public struct SpeakerIdentity: Sendable, Equatable {
    /// Folded alias → the canonical name it stands for, as the user wrote it.
    public private(set) var aliases: [String: String] = [:]
    /// The aliases as the user wrote them, in order, for listing.
    public private(set) var written: [(name: String, canonical: String)] = []

    public init() {}

    public static func == (a: SpeakerIdentity, b: SpeakerIdentity) -> Bool { a.aliases == b.aliases }

    /// Roles and titles that name no one person: a speaker with one of these as its whole name is kept
    /// apart in each document (`The ...` and single letters such as `Q` and `A` too).
    public static let roles: Set<String> = [
        "chair", "chairman", "chairwoman", "chairperson", "speaker", "deputy speaker", "clerk", "moderator",
        "interviewer", "interviewee", "witness", "narrator", "announcer", "operator", "reporter", "host",
        "unidentified", "unknown", "unidentified speaker", "audience", "multiple speakers",
    ]

    /// Whether a folded canonical name is a role or title rather than a person's name: besides `roles`, a
    /// voice (`Respondent`, `Caller`, `Speaker 1`, `Participant 12`: see `Speaker.voiceWords`) or a
    /// transcriber's code of one letter and a number (`P1`, `R12`), which each interview numbers afresh.
    public static func isRole(_ folded: String) -> Bool {
        if folded.count == 1 || folded.hasPrefix("the ") || roles.contains(folded) || Speaker.voiceWords.contains(folded) { return true }
        let words = folded.split(separator: " ")
        func isNumber(_ s: Substring) -> Bool { !s.isEmpty && s.count <= 3 && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        if words.count == 2 { return Speaker.voiceWords.contains(String(words[0])) && isNumber(words[1]) }
        guard words.count == 1, let first = folded.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return isNumber(folded.dropFirst())
    }

    /// Makes `name` another name of `canonical`; refuses an alias that would lead back to itself.
    public mutating func alias(_ name: String, as canonical: String) throws(AliasCycle) {
        let key = Folding.fold(name)
        var chain = [name, canonical]
        var next = Folding.fold(canonical)
        while true {
            if next == key { throw AliasCycle(chain: chain) }
            guard let further = aliases[next] else { break }
            chain.append(further)
            next = Folding.fold(further)
        }
        aliases[key] = canonical
        written.removeAll { Folding.fold($0.name) == key }
        written.append((name, canonical))
    }

    /// The canonical name a folded name stands for after every alias, or nil when it is no alias.
    public func canonical(of folded: String) -> String? {
        guard var name = aliases[folded] else { return nil }
        while let further = aliases[Folding.fold(name)] { name = further }
        return name
    }

    /// An alias that would make a name stand for itself.
    public struct AliasCycle: Error, Sendable {
        public let chain: [String]
    }
}
