import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TranscriptModel

/// Reads TEI XML transcripts in two dialects, told apart by content.
///
/// **ParlaMint** (any `<u>` element): one document per file.
/// - Each `<u who="#ID">` is one turn of the person `ID`; the speaker's name comes from the `listPerson`
///   text given by the caller or a `<listPerson>` inside the file (`<forename>`s, then `<surname>`s and
///   `<nameLink>`s in source order: `Germà Gordò i Aubarell`), else the id itself (with a warning).
/// - The `<note type="speaker">` just before a `<u>` is the turn's printed label (`La presidenta`); without one
///   the label is the id. Every printed label is kept among the speaker's labels.
/// - Each `<seg>` is a speech utterance. `<note>` (not type speaker), `<kinesic>`, `<vocal>` and `<incident>`
///   inside `<u>` are directions (their `<desc>` text, else their text, else their `type`); inside a `<seg>` they
///   leave `Utterance.marker` and follow the segment. `<gap>` is the elision `[…]` in the text (a speech
///   utterance of its own when it stands between segments).
/// - A linguistically annotated `<seg>` (ParlaMint's `.ana` files: `<w>` and `<pc>` tokens inside `<s>`) is
///   read from its tokens, not the whitespace between elements: a space between two tokens, none after
///   `join="right"` nor before `join="left"`, a space between sentences; the syntax `<linkGrp>` adds nothing.
/// - Text outside any `<u>` (`<head>`, narrative notes, a speaker note with no `<u>` after it) is narrative.
/// - Title: the English main title, else the first main title; date: `<setting><date when>`; place: the
///   setting's city. Header facts (titles, meetings, idno, licence, language) are metadata.
///
/// **FRUS** and other TEI prose: each `<div type="document">` is one document (`id#1`, `id#2` ... when several;
/// with none, the whole `<body>` is one).
/// - Title: `<head>` text without its notes; date: `@frus:doc-dateTime-min`, else the `<dateline>` date
///   (`@when`, `@from`), else any `<date>`; place: the dateline's `<placeName>`. Head notes (the source note),
///   `@n`, `@xml:id`, the dateline and the participants and subject lists are metadata.
/// - A `<p>` whose text opens with a label (`<persName>Kissinger</persName>:`, possibly inside `<hi>`, the colon
///   inside or outside it, titles before the name, `(to General Haig)` after it) starts a turn; the label is
///   analysed by `SpeakerLabel`, and a titled name with a particle (`President de Gaulle`) is read from its
///   `<persName>`. A label needs a `<persName>` before the colon: a bracket (`[Hands him Tab A]:`) or a
///   quotation inside speech is never a label. Names fold case, so `de Gaulle` and `De Gaulle` are one speaker.
/// - A `<p>` opening with a parenthetical and a colon, `(Raising his hands above his head): God is my witness`,
///   gives a direction and continues the current turn.
/// - Other `<p>` continue the current turn; a `<p>` wholly in square brackets (`[Botha reads it.]` alone)
///   is a direction. Before the first label, `<p>` are narrative.
/// - `<pb>` is ignored; a `<p>` after a `<pb>` whose previous paragraph ends mid-sentence (no closing
///   punctuation) is joined to that paragraph: the page break split one sentence.
/// - Footnotes (`<note>` inside a `<p>`) are not part of what was said: they become metadata of the turn
///   (`note N`), or of the document outside any turn, so searches and figures see only the speech.
/// - Interjections and directions in parentheses are taken out by `Parentheticals` as in plain text (where a
///   parenthetical in the first or second person, `(We're not talking about the Patriotic Front.)`, is the
///   speaker's own aside and stays in the speech).
///
/// A file that is not well-formed XML is read as far as it is well-formed: the elements complete before the
/// break (inside the `<TEI>`, `<body>`, `<div>` or `<u>` still open there) are read as a whole file's would
/// be, and the lines from the break on (from the start of an element it cut off) are kept as unplaced lines,
/// with a warning naming the parser's line. Without even a root element, every line is unplaced.
public struct TEIReader: Sendable {
    public init() {}

    /// `listPerson`: the speakers' names from a ParlaMint list of persons beside the document (see
    /// `persons(inListPerson:)`), asked for only when the file is a ParlaMint session. A TEI file that is
    /// not a transcript (ParlaMint's lists of persons and organisations, its taxonomies) is refused.
    public func read(_ decoded: DecodedText, id: String, path: String,
                     listPerson: () -> (persons: [String: ListedPerson], warnings: [String]) = { ([:], []) })
        -> Result<(documents: [Document], warnings: [String]), LoaderReadError> {
        var warnings: [String] = []
        let root: TEINode
        /// The first line of a broken file not read into `root`: it and the lines after it are kept unplaced.
        var unreadFrom: Int?
        switch TEITree.parse(decoded.bytes, warnings: &warnings, what: "TEI") {
        case .tree(let tree):
            root = tree
        case .tooDeep(let line):
            return .failure(LoaderReadError(message: TEITree.tooDeepMessage(line: line)))
        case .malformed(let message, let prefix):
            // The elements complete before the break are read, as a well-formed file's would be.
            if let prefix, ["TEI", "teiCorpus"].contains(prefix.root.name) {
                root = prefix.root
                unreadFrom = prefix.unreadFrom
                warnings.append(message + "; what comes before is read, and the rest, from line \(prefix.unreadFrom), "
                                + "could not be read and is listed as unplaced lines")
            } else {
                var document = Document(id: id, path: path, format: "tei")
                document.unplacedLines = Self.unplacedLines(decoded.bytes, from: 1)
                return .success(([document], warnings + [message]))
            }
        }
        switch readTree(root, id: id, path: path, listPerson: listPerson) {
        case .failure(let error):
            return .failure(error)
        case .success((var documents, let more)):
            if let unreadFrom, !documents.isEmpty {
                documents[documents.count - 1].unplacedLines += Self.unplacedLines(decoded.bytes, from: unreadFrom)
            }
            return .success((documents, warnings + more))
        }
    }

    /// The non-empty lines from line `first` on, as lines not placed, for XML that could not be read.
    static func unplacedLines(_ bytes: [UInt8], from first: Int) -> [UnplacedLine] {
        var lines: [UnplacedLine] = []
        var number = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            guard number >= first else { continue }
            let text = String(decoding: line, as: UTF8.self)
            if !text.trimmingSpaces.isEmpty {
                lines.append(UnplacedLine(line: number, text: text, reason: "not well-formed XML"))
            }
        }
        return lines
    }

    /// The documents of a parsed TEI file, or why it is no transcript.
    private func readTree(_ root: TEINode, id: String, path: String,
                          listPerson: () -> (persons: [String: ListedPerson], warnings: [String]))
        -> Result<(documents: [Document], warnings: [String]), LoaderReadError> {
        var warnings: [String] = []
        switch root.name {
        case "TEI", "teiCorpus": break
        case "listPerson": return .failure(LoaderReadError(message: "a ParlaMint list of persons: it names the speakers of the documents beside it"))
        default: return .failure(LoaderReadError(message: "TEI, but a <\(root.name)> file, not a transcript"))
        }
        if root.first(where: { $0.name == "u" }) != nil {
            let (listed, listWarnings) = listPerson()
            var persons = listed
            for (key, value) in ParlaMintReader.persons(in: root) where persons[key] == nil { persons[key] = value }
            var reader = ParlaMintReader(id: id, path: path, persons: persons)
            reader.read(root)
            return .success(([reader.document], warnings + listWarnings + reader.warnings))
        }
        var divisions: [TEINode] = []
        root.collect(into: &divisions) { $0.name == "div" && $0.attributes["type"] == "document" }
        if divisions.isEmpty {
            divisions = [root.first(where: { $0.name == "body" }) ?? root]
        }
        var documents: [Document] = []
        for (index, division) in divisions.enumerated() {
            var reader = FRUSReader(id: divisions.count == 1 ? id : "\(id)#\(index + 1)", path: path)
            reader.read(division)
            documents.append(reader.document)
            warnings += reader.warnings
        }
        return .success((documents, warnings))
    }

    /// The speakers' names (`xml:id` to name) in a ParlaMint list of persons, and what was wrong with it.
    public static func persons(inListPerson decoded: DecodedText) -> (persons: [String: ListedPerson], warnings: [String]) {
        var warnings: [String] = []
        switch TEITree.parse(decoded.bytes, warnings: &warnings, what: "listPerson") {
        case .tree(let list):
            return (ParlaMintReader.persons(in: list), warnings)
        case .malformed(let message, let prefix):
            // The persons listed complete before the break are read.
            guard let prefix else { return ([:], warnings + [message]) }
            return (ParlaMintReader.persons(in: prefix.root), warnings + [message + "; the persons listed before it are read"])
        case .tooDeep(let line):
            return ([:], warnings + ["listPerson: " + TEITree.tooDeepMessage(line: line)])
        }
    }
}

/// `1977-01-15T11:05:00` or `1953-06-13` or `1953`: the date part as precise as it is.
func isoDate(_ text: String?) -> PartialDate? {
    guard let text else { return nil }
    let datePart = text.split(separator: "T").first ?? Substring(text)
    return PartialDate(iso: datePart.trimmingSpaces[...])
}
