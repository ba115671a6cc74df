import TranscriptModel

/// What a cue's text is made of, in order.
enum CaptionPiece {
    /// A speaker named by `<v Name>`, `Name:` or `[Name]`.
    case speaker(SpeakerLabel, line: Int)
    /// `>>`: a change to a speaker whose name is not given (the marker as written, entities decoded).
    case change(String, line: Int)
    /// Text of one line (tags removed, entities decoded), not yet cleaned of spaces.
    case text([UInt8], line: Int)
    /// Non-speech: `Laughs`, `MUSIC`, `applause`, without their tags or brackets.
    case direction(String, line: Int)
}

/// Splits cue text into pieces, byte by byte; every piece of markup looked for is ASCII.
enum CaptionText {
    /// The cue's pieces, and the label-like lines in it not taken as labels.
    static func pieces(of cue: CaptionCue, in bytes: [UInt8], namesBeforeColon: Bool = false) -> (pieces: [CaptionPiece], doubtful: [DoubtfulLabel]) {
        var scanner = CaptionScanner(bytes: bytes)
        scanner.namesBeforeColon = namesBeforeColon
        let dialogue = CaptionScanner.isDialogue(cue.lines, in: bytes)
        for line in cue.lines {
            if dialogue, !bytes[line.range].droppingLeadingSpaces.isEmpty { scanner.scanDialogue(line) } else { scanner.scan(line) }
        }
        return (scanner.pieces, scanner.doubtful)
    }

    /// Inline tags that are removed (their text kept); other `<...>` text stays as written.
    static let knownTags: Set<String> = ["v", "c", "i", "b", "u", "s", "ruby", "rt", "lang", "font", "br", "span",
                                         "em", "strong", "sub", "sup", "p", "div"]

    /// Words of non-speech descriptions (`[MUSIC PLAYING]`, `(laughter and applause)`).
    static let soundWords: Set<String> = [
        "laughter", "laughs", "laughing", "laugh", "chuckles", "chuckling", "chuckle", "giggles", "giggling",
        "applause", "applauding", "clapping", "claps", "cheering", "cheers", "booing", "boos", "music",
        "song", "singing", "sings", "humming", "inaudible", "indistinct", "unintelligible", "indiscernible",
        "crosstalk", "cross-talk", "overlapping", "silence", "pause", "pauses", "coughs", "coughing", "cough",
        "sighs", "sigh", "sighing", "gasps", "gasp", "groans", "groaning", "sniffles", "sobbing", "sobs",
        "crying", "cries", "screams", "screaming", "shouting", "yells", "whispers", "whispering", "murmuring",
        "murmurs", "chatter", "noise", "static", "beep", "beeps", "beeping", "ringing", "rings", "door",
        "knocking", "knocks", "footsteps", "gavel", "bell", "foreign", "audio", "feedback", "sound",
    ]

    /// Words that may stand beside sound words in a description: `(laughter and applause)`.
    static let fillerWords: Set<String> = [
        "and", "the", "a", "an", "in", "of", "on", "off", "softly", "loudly", "quietly", "continues",
        "continuing", "playing", "plays", "audience", "crowd", "background", "all", "both", "speaking",
        "language", "mic", "microphone", "distant", "slams", "closes", "opens", "phone", "upbeat", "soft",
        "dramatic", "gentle", "over", "with", "people", "man", "woman", "speaker", "speakers", "technical",
        "difficulties",
    ]

    /// Whether `text` describes a sound rather than words said: `Laughs`, `MUSIC PLAYING`, `applause`.
    static func isNonSpeech(_ text: String) -> Bool {
        let folded = text.lowercased().trimmingCharacters(in: " .!?,;:…")
        if Parentheticals.sounds.contains(folded) { return true }
        let words = folded.split { !($0.isLetter || $0 == "-" || $0 == "'") }
        guard !words.isEmpty, words.count <= 6 else { return false }
        var sound = false
        for word in words {
            let word = String(word)
            if soundWords.contains(word) { sound = true } else if !fillerWords.contains(word) { return false }
        }
        return sound
    }

    /// The text of `bytes` with tags removed and entities decoded, spaces collapsed and trimmed.
    static func plain(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x3C, let close = bytes[(i + 1)...].firstIndex(of: 0x3E) {
                i = close + 1
            } else if b == 0x26, let (decoded, end) = entity(bytes, at: i) {
                out += decoded
                i = end
            } else {
                out.append(b)
                i += 1
            }
        }
        return Text.clean(out, markdown: false)
    }

    /// The named and numeric character references captions use.
    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "nbsp": "\u{A0}", "quot": "\"", "apos": "'", "lrm": "\u{200E}",
        "rlm": "\u{200F}", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’",
        "ldquo": "“", "rdquo": "”", "copy": "©", "reg": "®", "trade": "™", "eacute": "é", "egrave": "è",
        "aacute": "á", "agrave": "à", "iacute": "í", "oacute": "ó", "uacute": "ú", "ntilde": "ñ",
        "ccedil": "ç", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "deg": "°", "shy": "\u{AD}",
    ]

    /// The character reference (`&amp;`, `&#39;`, `&#x2019;`) at `start`, decoded, and the offset after it.
    static func entity(_ bytes: ArraySlice<UInt8>, at start: Int) -> ([UInt8], Int)? {
        let limit = min(bytes.endIndex, start + 12)
        guard let semicolon = bytes[start..<limit].firstIndex(of: 0x3B), semicolon > start + 1 else { return nil }
        let name = bytes[(start + 1)..<semicolon]
        var scalar: Unicode.Scalar?
        if name.first == 0x23 {
            let digits = name.dropFirst()
            let hex = digits.first == 0x78 || digits.first == 0x58
            let text = String(decoding: hex ? digits.dropFirst() : digits, as: UTF8.self)
            if !text.isEmpty, text.count <= 8, let value = UInt32(text, radix: hex ? 16 : 10), value != 0 {
                scalar = Unicode.Scalar(value)
            }
        } else if let text = entities[String(decoding: name, as: UTF8.self)] {
            return (Array(text.utf8), semicolon + 1)
        }
        guard let scalar else { return nil }
        // A control character or a line break written as a reference (`&#10;`) is a space: it ends no line,
        // so that every line keeps its number.
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
            return ([0x20], semicolon + 1)
        }
        return (Array(String(Character(scalar)).utf8), semicolon + 1)
    }
}
