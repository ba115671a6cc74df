import TranscriptModel

/// Takes interjections `(Cde. Molotov: But you wanted ...)`, stage directions `(Laughter)` and reports of
/// another speaker's words `(Khrushchev interjected “...”)` out of a paragraph; other parentheticals, such
/// as `(abuses of power)`, stay in the speaker's text.
enum Parentheticals {
    /// What was taken out of a paragraph, in order.
    enum Part: Equatable {
        case interjection(SpeakerLabel, String)
        case direction(String)

        var isInterjection: Bool {
            if case .interjection = self { return true }
            return false
        }
    }

    /// Non-speech sounds that are directions wherever they stand and however they are written.
    /// In square brackets they are the editor's notes (`[Laughter.]`), not words the editor supplied.
    static let sounds: Set<String> = ["laughter", "laughs", "laughing", "applause", "inaudible", "crosstalk",
                                      "pause", "silence", "music", "coughs", "coughing", "sighs", "cheers",
                                      "booing", "indiscernible", "unintelligible", "no response",
                                      "whispering", "whispers", "interruption", "interruptions", "uproar"]

    /// Whether a direction's words are one of the `sounds` (`Laughter`, `laughs.`).
    static func isSound(_ words: String) -> Bool {
        sounds.contains(words.trimmingSpaces.trimmingCharacters(in: ".!").lowercased())
    }

    /// First- and second-person words, which mark an aside of the speaker's rather than a direction.
    static let personal: Set<String> = ["i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "me", "my",
                                        "we", "we're", "we’re", "we've", "we’ve", "we'll", "we’ll", "us", "our",
                                        "you", "you're", "you’re", "your"]

    /// Splits `text`; `isKnownSpeaker` confirms an interjection whose label has no title (`(Beria: ...)`), as
    /// does a group's name (`(Voices: Hear, hear)`),
    /// and `labels` keeps the labels analysed so far (a document repeats its interjections' labels).
    /// Square brackets hold an interjection too (Hansard's `[Hon. Members: "Why not?"]`), but nothing else:
    /// other bracketed text stays, for the editorial marks (`[agricultural]`, `[Interruption.]`).
    /// - Complexity: O(n log n) in the text's length, however many parentheses it holds.
    static func extract(_ text: String, isKnownSpeaker: (String) -> Bool, labels: LabelCache? = nil) -> (text: String, parts: [Part]) {
        var text = text
        // One pass to the first `(` or `[` (most paragraphs have neither), then one for the other kind.
        let (parens, brackets) = text.withUTF8 { bytes -> (Bool, Bool) in
            guard let at = ByteSearch.first(in: bytes, { ByteSearch.equal($0, 0x28) | ByteSearch.equal($0, 0x5B) }) else { return (false, false) }
            let paren = bytes[at] == 0x28
            let other = ByteSearch.first(in: bytes, from: at + 1) { ByteSearch.equal($0, paren ? 0x5B : 0x28) } != nil
            return paren ? (true, other) : (other, true)
        }
        guard parens || brackets else { return (text, []) }
        let round = parens ? outermostPairs(text) : []
        // Bracket pairs with a colon (a label's) apart from the parentheses' (a bracket inside a
        // parenthetical goes with it). Most brackets are the editor's: they are passed over here.
        let square = brackets ? outermostPairs(text, open: 0x5B, close: 0x5D).filter { pair in
            text.utf8[pair.0..<pair.1].contains(0x3A) && !round.contains { $0.0 <= pair.1 && pair.0 <= $0.1 }
        } : []
        guard !round.isEmpty || !square.isEmpty else { return (text, []) }
        var parts: [Part] = []
        var kept = ""
        var index = text.startIndex
        for (open, close) in (round + square).sorted(by: { $0.0 < $1.0 }) {
            let inner = String(text[text.index(after: open)..<close])
            let before = text[index..<open]
            let previous = before.last { $0 != " " } ?? kept.last { $0 != " " }
            let next = text[text.index(after: close)...].first { $0 != " " }
            let bracketed = text.utf8[open] == 0x5B
            if let part = classify(inner, previous: previous, next: next, isKnownSpeaker: isKnownSpeaker, labels: labels),
               !bracketed || part.isInterjection {
                parts.append(part)
                kept += before
                kept += Utterance.marker
            } else {
                kept += text[index...close]
            }
            index = text.index(after: close)
        }
        kept += text[index...]
        return (kept, parts)
    }

    /// The balanced parenthesis pairs (or pairs of `opening` and `closing`) not inside another, in order,
    /// each at most 4,000 characters (Unicode scalars) long; an unclosed `(` does not hide the pairs after
    /// it. Read on the UTF-8 bytes, from one parenthesis to the next; the scalars are counted only in a pair
    /// of more than 4,000 bytes.
    static func outermostPairs(_ text: String, open opening: UInt8 = 0x28, close closing: UInt8 = 0x29) -> [(String.Index, String.Index)] {
        var text = text
        let offsets = text.withUTF8 { bytes -> [(open: Int, close: Int)] in
            var stack: [Int] = []
            var pairs: [(open: Int, close: Int)] = []
            var from = 0
            while let i = ByteSearch.first(in: bytes, from: from, { ByteSearch.equal($0, opening) | ByteSearch.equal($0, closing) }) {
                from = i + 1
                if bytes[i] == opening {
                    stack.append(i)
                } else if let open = stack.popLast(),
                          i - open <= 4000 || bytes[open..<i].count(where: { $0 & 0xC0 != 0x80 }) <= 4000 {
                    // A pair that contains earlier pairs replaces them.
                    while let last = pairs.last, last.open > open { pairs.removeLast() }
                    pairs.append((open, i))
                }
            }
            return pairs
        }
        let utf8 = text.utf8
        return offsets.map { (utf8.index(utf8.startIndex, offsetBy: $0.open), utf8.index(utf8.startIndex, offsetBy: $0.close)) }
    }

    /// Verbs with which a record reports what someone said: `(Khrushchev interjected “Nor am I eternal.”)`.
    static let reportingVerbs: Set<String> = ["interjected", "interrupted", "interposed", "intervened", "said", "added",
                                              "remarked", "replied", "answered", "asked", "inquired", "commented",
                                              "observed", "noted", "responded", "exclaimed", "stated", "objected",
                                              "countered", "continued"]

    /// A parenthetical in which the record reports what someone said is not the paragraph speaker's. When
    /// it quotes the words of another of the document's speakers, it is that speaker's interjection,
    /// written as the record writes it (`(Khrushchev interjected “And another government after that”)`).
    /// Otherwise it is the record's narration, a direction (`(Gromyko interjected to say that the note
    /// said it was deliberate policy)`). The name, one to four words before the verb (in lower case), has a
    /// label's shape.
    private static func reported(_ trimmed: String, isKnownSpeaker: (String) -> Bool, labels: LabelCache?) -> Part? {
        // Asked of every parenthetical that is no interjection: the verb, written in lower case, is looked
        // for before anything else is made.
        let words = trimmed.splitAtSpaces(maxSplits: 5)
        guard words.count > 2, let verb = words.prefix(5).dropFirst().firstIndex(where: { reportingVerbs.contains(String($0)) }),
              let first = trimmed.unicodeScalars.first, first.properties.isUppercase,
              let label = SpeakerLabel.parse(ArraySlice((words[..<verb].joined(separator: " ") + ":").utf8), cache: labels)
        else { return nil }
        let quotes = trimmed.unicodeScalars.contains { $0 == "\"" || $0 == "\u{201C}" || $0 == "\u{201D}" }
        return quotes && isKnownSpeaker(label.key) ? .interjection(label, trimmed) : .direction(trimmed)
    }

    /// `previous` and `next` are the nearest Characters other than spaces before and after the parenthetical.
    private static func classify(_ inner: String, previous: Character?, next: Character?,
                                 isKnownSpeaker: (String) -> Bool, labels: LabelCache?) -> Part? {
        let trimmed = inner.trimmingSpaces
        if let label = SpeakerLabel.parse(ArraySlice(trimmed.utf8), cache: labels), label.written != "Q", label.written != "A",
           label.isStrong || isKnownSpeaker(label.key) || LineScan.groups.contains(label.key) {
            let speech = String(decoding: trimmed.utf8.dropFirst(label.length), as: UTF8.self)
            if !speech.isEmpty { return .interjection(label, speech) }
        }
        if isSound(trimmed) { return .direction(trimmed) }
        if let part = reported(trimmed, isKnownSpeaker: isKnownSpeaker, labels: labels) { return part }
        // A short capitalised phrase with no colon that stands between sentences or alone; a
        // parenthetical that is the whole paragraph (`(The House divided on the motion, which was
        // negatived on the following division:)` on a line of its own) may be longer and hold a colon.
        let whole = previous == nil && next == nil
        let words = trimmed.splitAtSpaces()
        guard let first = trimmed.unicodeScalars.first, first.properties.isUppercase,
              whole || (1...8).contains(words.count) && !trimmed.utf8.contains(0x3A) else { return nil }
        // A parenthetical in the first or second person is the speaker's own aside
        // (`(We're not talking about the Patriotic Front.)`), not a stage direction. A word in capitals
        // other than `I` is a name (`US`), not a pronoun, and so is a word of a title in which every word
        // is capitalised (`(Music - Willow Weep For Me)`).
        let letterWords = trimmed.split { !$0.isLetter && $0 != "'" && $0 != "’" }
        let titleCase = letterWords.count > 1 && letterWords.allSatisfy { $0.first?.isUppercase == true }
        if !titleCase, letterWords.contains(where: { word in
            personal.contains(word.lowercased()) && (word == "I" || word.hasPrefix("I'") || word.hasPrefix("I’") || word != word.uppercased())
        }) { return nil }
        let standsAlone = previous.map { ".!?:—–-)…".contains($0) } ?? true
        let followedBySentence = next.map { $0.isUppercase || "(—".contains($0) } ?? true
        return standsAlone && followedBySentence ? .direction(trimmed) : nil
    }
}
