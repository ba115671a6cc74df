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
    /// voice the transcriber names or numbers afresh in each interview, unless a title marks a person
    /// (`Mrs. Child`, `Mr. Guest`): voice words (`Respondent`, `Audience Member`, `Female Speaker`: see
    /// `Speaker.voiceWords`), alone or with a number (`Speaker 1`, `Participant 12`, `说话人1`, a
    /// diarizer's `SPEAKER_00`), and a transcriber's code of one letter and a number (`P1`, `R12`).
    public static func isRole(_ folded: String, titled: Bool = false) -> Bool {
        if folded.count == 1 || folded.hasPrefix("the ") || roles.contains(folded) { return true }
        guard !titled else { return false }
        // On the bytes: asked of every speaker of every document at each start.
        let bytes = folded.utf8
        let digits = bytes.reversed().prefix { $0 >= 0x30 && $0 <= 0x39 }.count
        guard digits <= 3 else { return false }
        let name = Substring(folded).dropLast(digits).drop { $0 == " " }.reversed().drop { $0 == " " || digits > 0 && $0 == "_" }.reversed()
        guard !name.isEmpty else { return false }
        if digits > 0, name.count == 1, name.first?.isLetter == true { return true }
        var words = String(name).split(separator: " ")
        // `Speaker A`, as AssemblyAI letters its voices.
        if digits == 0, words.count >= 2, let last = words.last, last.count == 1, last.first?.isLetter == true { words.removeLast() }
        return words.allSatisfy { Speaker.voiceWords.contains(String($0)) }
    }

    /// Whether `speaker` is a role in the sense of `isRole`: by its name, and its titles.
    public static func isRole(_ speaker: Speaker, folded: String? = nil) -> Bool {
        isRole(folded ?? Folding.fold(speaker.name), titled: !speaker.titles.isEmpty)
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
