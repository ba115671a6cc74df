import Foundation
import TranscriptModel

/// Which stop words `words` leaves out: each document's own language's list (the shipped lists, or those of
/// the folder `PARLEY_STOPWORDS` names), or one list for every document (the file it names).
public enum StopWordChoice: Sendable, Equatable, ExpressibleByArrayLiteral {
    case perLanguage
    case single(Set<String>)

    public init(arrayLiteral words: String...) { self = .single(Set(words)) }
}

/// The stop lists `words` chooses from, one a language, and the language of each document.
///
/// Lists ship for English, Spanish, Catalan, French, German, Italian, Portuguese, Dutch, Russian, Hungarian and
/// Slovene (`Examples/stopwords-en.txt` and `Examples/stopwords/`, each file stating its source and licence).
/// `PARLEY_STOPWORDS` naming a folder replaces the shipped list of each language with the folder's `CODE.txt`
/// (`ca.txt`, `fr.txt` ...); naming one file, that list applies to every language, as it always has.
public struct StopLists: Sendable {
    /// Folded stop words by ISO 639-1 code.
    public let lists: [String: Set<String>]
    /// Every list's words in one table, for detecting a document's language without a string per word.
    private let detector: LanguageDetector

    /// The shipped lists, with those of the folder `PARLEY_STOPWORDS` names, if it names a folder.
    public static let standard = StopLists(environment: ProcessInfo.processInfo.environment)

    public init(environment: [String: String]) {
        var texts = EmbeddedStopLists.byLanguage
        var isFolder: ObjCBool = false
        if let folder = environment["PARLEY_STOPWORDS"], !folder.isEmpty,
           FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue,
           let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            for name in names where name.hasSuffix(".txt") {
                if let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) {
                    texts[String(name.dropLast(4)).lowercased()] = text
                }
            }
        }
        lists = texts.mapValues(Self.words)
        detector = LanguageDetector(lists)
    }

    /// The folded words of a stop-list file: one a line, `#` starts a comment line.
    public static func words(_ text: String) -> Set<String> {
        var words: Set<String> = []
        for line in text.lines {
            let word = line.trimmingCharacters(in: .whitespaces)
            if !word.isEmpty, !word.hasPrefix("#") { words.insert(Folding.fold(word)) }
        }
        return words
    }

    /// Language names and ISO 639-2/3 codes, as metadata writes them, by ISO 639-1 code.
    static let codes: [String: String] = [
        "eng": "en", "english": "en", "spa": "es", "spanish": "es", "español": "es", "cat": "ca", "catalan": "ca",
        "català": "ca", "fra": "fr", "fre": "fr", "french": "fr", "français": "fr", "deu": "de", "ger": "de",
        "german": "de", "deutsch": "de", "ita": "it", "italian": "it", "italiano": "it", "por": "pt",
        "portuguese": "pt", "português": "pt", "nld": "nl", "dut": "nl", "dutch": "nl", "nederlands": "nl",
        "rus": "ru", "russian": "ru", "hun": "hu", "hungarian": "hu", "magyar": "hu", "slv": "sl", "slovene": "sl",
        "slovenian": "sl", "slovenščina": "sl",
    ]

    /// The ISO 639-1 code of a metadata value (`ca`, `en-US`, `eng`, `Catalan`, `eng, fra`: the first), if
    /// a list exists for it.
    func code(ofMetadata value: String) -> String? {
        let first = value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).first.map(String.init) ?? ""
        let lowered = first.lowercased()
        let base = String(lowered.split(separator: "-").first ?? "")
        for candidate in [lowered, base] {
            if lists[candidate] != nil { return candidate }
            if let code = Self.codes[candidate], lists[code] != nil { return code }
        }
        return nil
    }

    /// The language whose list a document uses and how it was chosen: its metadata (TEI `xml:lang`, CHAT
    /// `@Languages`, a front-matter `language` or `lang`), else detected from its words, else English.
    ///
    /// Detection counts, over the document's first 5,000 words (as the index reads them: annotation codes
    /// are not words), the words each list holds, every form of a word (`you're` is `you're`, `you` and
    /// `re`); a language other than English wins when it holds at least 50 of them and half again as many as
    /// the English list.
    public func language(of document: Document) -> (code: String, reason: String) {
        if let declared = declaredLanguage(of: document) { return declared }
        return Self.detected(detector.hits(inFirst: Self.detectionWords, wordsOf: document))
    }

    /// How many words of a document detection reads.
    static let detectionWords = 5_000

    /// The language a document's metadata names, when a list exists for it.
    func declaredLanguage(of document: Document) -> (code: String, reason: String)? {
        for name in ["language", "languages", "lang"] {
            if let value = document.metadata(name), let code = code(ofMetadata: value) { return (code, "metadata '\(name)'") }
        }
        for field in document.metadata where field.name.hasSuffix(".language") {
            if let value = field.value, let code = code(ofMetadata: value) { return (code, "metadata '\(field.name)'") }
        }
        return nil
    }

    /// The language detection chooses from each list's hits in a document's first words.
    static func detected(_ hits: [String: Int]) -> (code: String, reason: String) {
        let english = hits["en"] ?? 0
        if let (code, count) = hits.filter({ $0.key != "en" }).max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
           count >= 50, Double(count) >= 1.5 * Double(english) {
            return (code, "detected from its words")
        }
        return ("en", english > 0 ? "detected from its words" : "English by default")
    }
}

/// Counts, in the first words of a document, the words each stop list holds: every form of each word, as
/// the index reads it (`you're` counts `you're`, `you` and `re`). The lists' words are interned once, so a
/// word is looked up by its bytes; on a corpus of 2,500 documents, a string and eleven set lookups per word
/// took seconds.
private struct LanguageDetector: Sendable {
    private var table = TermTable(capacity: 1 << 12)
    /// For each interned word, the lists that hold it, as indices into `codes`.
    private var holders: [[Int]] = []
    private let codes: [String]

    init(_ lists: [String: Set<String>]) {
        codes = lists.keys.sorted()
        for (i, code) in codes.enumerated() {
            for word in lists[code] ?? [] {
                var word = word
                let id = word.withUTF8 { table.intern($0) }
                if id == holders.count { holders.append([]) }
                holders[id].append(i)
            }
        }
    }

    /// Each list's hits among the forms of the document's first `limit` words (positions), in order.
    func hits(inFirst limit: Int, wordsOf document: Document) -> [String: Int] {
        var counts = Array(repeating: 0, count: codes.count)
        var seen = 0
        let annotations = document.annotations
        var annotation = 0
        for (u, utterance) in document.utterances.enumerated() where seen < limit {
            // Annotation codes (CHAT's `[x 2]`) and corrections are read as the index reads them.
            let marks = WordMarks(utterance: u, editorial: utterance.editorial, annotations: annotations, cursor: &annotation)
            utterance.withTextUTF8 { text in
                // Positions start again at 0 in each utterance: `seen` counts them across the document.
                var last = -1
                Tokenizer.scan(text, marks: marks) { form, word in
                    if word.position != last {
                        last = word.position
                        seen += 1
                    }
                    guard seen <= limit, let id = table.find(form) else { return }
                    for i in holders[id] { counts[i] += 1 }
                }
            }
        }
        var hits: [String: Int] = [:]
        for (i, code) in codes.enumerated() where counts[i] > 0 { hits[code] = counts[i] }
        return hits
    }
}
