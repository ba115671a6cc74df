import Foundation
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// A citation for one hit, built from what the document's source states and where the hit stands; a
/// field the source leaves out is left out, never made up.
struct Citation {
    let document: Document
    /// The utterance cited; nil for the whole document (`.within document`).
    let utterance: Utterance?
    /// The printed pages the utterance stands on, where the source marks pages: the one it starts on, and
    /// those it runs onto (`pages 445–446`).
    let pages: [String]
    /// Which of the utterances that start on the same line in the same turn this is (1 for the first):
    /// an interjection and the speech it interrupts are told apart in the key.
    var ordinal = 1

    /// The archive and call number (`archive`, `signature`), or where a FRUS-style `source` note says the
    /// document is held: its first sentence (`Department of State, Central Files, 396.1/5–1660`); the rest
    /// (classification, who drafted it, other accounts) is no part of a citation, and `.doc` shows it.
    var holding: [String] {
        let parts = [document.metadata("archive"), document.metadata("signature").map(Self.withoutFinalPeriod)].compactMap { $0 }
        if !parts.isEmpty { return parts }
        return document.metadata("source").map { [Self.withoutFinalPeriod(Self.firstSentence($0.hasPrefix("Source: ") ? String($0.dropFirst(8)) : $0))] } ?? []
    }

    /// Abbreviations that a full stop ends inside a sentence.
    private static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "no", "nos", "vol", "pp", "p", "ca", "cf", "jr", "sr", "amb", "sec", "secy", "gen",
        "adm", "col", "lt", "capt", "gov", "sen", "rep", "pres", "dept", "conv", "tel", "telg", "memo", "msg", "ref",
    ]

    /// Up to the first full stop that ends a sentence: one followed by a space and a capital, after a word
    /// that is no abbreviation or initials (`No. 5`, `U.S. Embassy` go on; `396.1/5–1660. Confidential`
    /// ends).
    static func firstSentence(_ text: String) -> String {
        var index = text.startIndex
        while let stop = text[index...].firstIndex(of: ".") {
            let after = text.index(after: stop)
            let word = text[..<stop].split(separator: " ").last ?? ""
            let initials = word.split(separator: ".").allSatisfy { $0.count == 1 && $0.allSatisfy(\.isLetter) }
            if text[after...].hasPrefix(" "), text[after...].dropFirst().first?.isUppercase == true,
               !initials, !abbreviations.contains(word.lowercased()) {
                return String(text[...stop])
            }
            index = after
        }
        return text
    }

    /// Where the hit stands: the page and printed line where the source marks them, the turn and its
    /// speaker, the time in a timed document, and the line of the file.
    /// An interjection or a direction is named first, with whoever it is of, so that the turn's speaker in
    /// parentheses is not taken for its author: `interjection by Beria, turn 11 (Rákosi), line 162`.
    var position: String {
        guard let utterance else { return "" }
        var parts: [String] = []
        if let first = pages.first, let last = pages.last { parts.append(pages.count == 1 ? "page \(first)" : "pages \(first)–\(last)") }
        if let printed = document.printedLocation(ofLine: utterance.location.line) { parts.append("printed line \(printed.printedLine)") }
        if utterance.kind == .interjection || utterance.kind == .direction {
            parts.append(utterance.kind.rawValue + (utterance.speaker.map { " by " + document.speakers[$0].name } ?? ""))
        }
        if let number = utterance.turn {
            let turn = document.turn(numbered: number)
            var text = "turn \(number)"
            if let speaker = turn?.speaker.map({ document.speakers[$0].name }) { text += " (\(speaker))" }
            if let start = turn?.start { text += " at " + ClockTime.format(start, days: document.timesRunForDays) }
            parts.append(text)
        }
        parts.append("line \(utterance.location.line)")
        return parts.joined(separator: ", ")
    }

    /// The name of the file the document was read from, for a document without a title.
    private var fileName: String { (document.path as NSString).lastPathComponent }

    /// Chicago style, for a note: `"Title," Place, June 13, 1953, Archive, call number, turn 3 (Beria),
    /// line 48. Translated by ...`
    var chicago: String {
        let rest = [document.place, document.date.map(Self.longDate)].compactMap { $0 } + holding + [position].filter { !$0.isEmpty }
        // The title ends with a comma before what follows, and with the note's full stop when nothing does
        // (a whole document of a source that states nothing else): never `, .`.
        let stop = rest.isEmpty ? "." : ","
        // A title the source does not give is not quoted, as if it did: the file is described instead.
        let title = document.title.map { "\"" + $0 + stop + "\"" } ?? "Untitled transcript, " + fileName + stop
        var text = rest.isEmpty ? title : title + " " + rest.joined(separator: ", ") + "."
        if let translators = document.metadata("translators") { text += " Translated by \(Self.withoutFinalPeriod(translators))." }
        return text
    }

    /// A CSL-JSON item (as Zotero imports): `manuscript` when an archive holds the document, else
    /// `interview`.
    var cslJSON: JSON {
        var fields: [(String, JSON)] = [
            ("id", .string(key)),
            ("type", .string(document.metadata("archive") == nil && document.metadata("source") == nil ? "interview" : "manuscript")),
            ("title", .string(document.title ?? "[Untitled transcript, \(fileName)]")),
        ]
        if let date = document.date {
            let parts = [date.year, date.month, date.day].compactMap { $0 }.map { JSON.number(Double($0)) }
            fields.append(("issued", .object([("date-parts", .array([.array(parts)]))])))
        }
        if let place = document.place { fields.append(("event-place", .string(place))) }
        if let archive = document.metadata("archive") { fields.append(("archive", .string(archive))) }
        if let signature = document.metadata("signature") { fields.append(("archive_location", .string(Self.withoutFinalPeriod(signature)))) }
        if document.metadata("archive") == nil, let source = holding.first { fields.append(("archive", .string(source))) }
        if let translators = document.metadata("translators") {
            fields.append(("translator", .array(Self.names(translators).map { .object([("literal", .string($0))]) })))
        }
        if !position.isEmpty { fields.append(("note", .string(position))) }
        return .object(fields)
    }

    /// A BibTeX `@misc` entry with a stable key: the document id, turn and line.
    var bibtex: String {
        func braced(_ s: String) -> String { "{" + Self.latex(s) + "}" }
        var lines = ["  title = " + braced(document.title ?? "[Untitled transcript, \(fileName)]")]
        if let date = document.date {
            lines.append("  year = {\(date.year)}")
            if let month = date.month { lines.append("  month = {\(month)}") }
            if date.day != nil { lines.append("  date = {\(date)}") }
        }
        if let place = document.place { lines.append("  address = " + braced(place)) }
        // A note only when there is something to say: an empty `note = {}` is a field with nothing in it.
        let note = [(holding + [position].filter { !$0.isEmpty }).joined(separator: ", "),
                    document.metadata("translators").map { "Translated by " + Self.withoutFinalPeriod($0) }]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ". ")
        if !note.isEmpty { lines.append("  note = " + braced(note)) }
        return "@misc{\(key),\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// Text as LaTeX reads it inside a BibTeX field: its special characters written as commands, so that
    /// `R&D`, `50%` (a comment to the end of the line otherwise), `$5`, `#1`, `a_b`, `~`, `^` and `\`
    /// print as typed. BibTeX counts every brace, even `\{`, to find where a field ends: braces that pair
    /// up are written `\{` `\}`, and one without its partner `\textbraceleft{}` or `\textbraceright{}`.
    static func latex(_ text: String) -> String {
        let characters = Array(text)
        var paired: Set<Int> = []
        var open: [Int] = []
        for (i, c) in characters.enumerated() {
            if c == "{" { open.append(i) } else if c == "}", let start = open.popLast() { paired.formUnion([start, i]) }
        }
        var out = ""
        for (i, c) in characters.enumerated() {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "{": out += paired.contains(i) ? "\\{" : "\\textbraceleft{}"
            case "}": out += paired.contains(i) ? "\\}" : "\\textbraceright{}"
            case "&", "%", "$", "#", "_": out += "\\" + String(c)
            case "^", "~": out += "\\" + String(c) + "{}"
            default: out.append(c)
            }
        }
        return out
    }

    /// The people a field such as `translators` names, each apart: `Mónika Borbély and Csaba Békés`,
    /// `A. Smith, B. Jones & C. Brown` or `Smith; Jones`. A comma parts names only when each part holds a
    /// space, so `Borbély, Mónika` stays one name.
    static func names(_ text: String) -> [String] {
        var parts = [text]
        for separator in [";", ", and ", " and ", " & "] {
            parts = parts.flatMap { $0.components(separatedBy: separator) }
        }
        parts = parts.flatMap { part -> [String] in
            let pieces = part.components(separatedBy: ",").map { $0.trimmingCharacters(in: " ") }
            return pieces.count > 1 && pieces.allSatisfy({ $0.contains(" ") }) ? pieces : [part]
        }
        let names = parts.map { $0.trimmingCharacters(in: " ,.") }.filter { !$0.isEmpty }
        return names.isEmpty ? [text] : names
    }

    /// `DOC-tTURN-lLINE` (`-2`, `-3` ... after it for the second and later utterances starting on that
    /// line, as an interjection does; `DOC` alone for a whole document), with only letters, digits and `-`
    /// kept from the id.
    var key: String {
        let id = String(document.id.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" })
        guard let utterance else { return id }
        return id + (utterance.turn.map { "-t\($0)" } ?? "") + "-l\(utterance.location.line)" + (ordinal > 1 ? "-\(ordinal)" : "")
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    /// `June 13, 1953`, `April 1970` or `1987`: as precise as the source.
    static func longDate(_ date: PartialDate) -> String {
        guard let month = date.month else { return String(date.year) }
        return months[month - 1] + (date.day.map { " \($0)," } ?? "") + " \(date.year)"
    }

    static func withoutFinalPeriod(_ text: String) -> String {
        text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}
