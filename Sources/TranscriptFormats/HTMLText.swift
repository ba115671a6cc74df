import Foundation

/// HTML character references in text that is otherwise plain: a Markdown file's (`Si&ocirc;n`)
/// and the printed text that a web page holds in `<pre>` (the GPO's hearings).
enum HTMLText {
    /// The accented letters HTML names by letter and accent (`ocirc`, `Eacute`, `uuml` ...), beside the
    /// named references captions use.
    static let accented: [String: String] = {
        let marks: [(String, String)] = [("acute", "\u{301}"), ("grave", "\u{300}"), ("circ", "\u{302}"), ("uml", "\u{308}"),
                                         ("tilde", "\u{303}"), ("cedil", "\u{327}"), ("ring", "\u{30A}"), ("caron", "\u{30C}")]
        var table: [String: String] = [:]
        for letter in "aceinorsuyzACEINORSUYZ" {
            for (name, mark) in marks {
                let composed = (String(letter) + mark).precomposedStringWithCanonicalMapping
                if composed.unicodeScalars.count == 1 { table[String(letter) + name] = composed }
            }
        }
        table["oslash"] = "ø"; table["Oslash"] = "Ø"; table["aelig"] = "æ"; table["AElig"] = "Æ"
        return table
    }()

    /// Named references transcripts use beside those of captions and the accented letters: quotation
    /// marks of European languages, spaces and signs.
    static let signs: [String: String] = [
        "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›", "sbquo": "‚", "bdquo": "„", "iexcl": "¡",
        "iquest": "¿", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}",
        "zwj": "\u{200D}", "bull": "•", "middot": "·", "sect": "§", "para": "¶", "euro": "€", "pound": "£",
        "yen": "¥", "cent": "¢", "times": "×", "divide": "÷", "plusmn": "±", "minus": "−", "ordm": "º",
        "ordf": "ª", "frac12": "½", "frac14": "¼", "frac34": "¾", "prime": "′", "Prime": "″", "dagger": "†",
        "Dagger": "‡", "permil": "‰", "not": "¬", "micro": "µ",
    ]

    /// The character an HTML named reference stands for (`nbsp`, `rsquo`, `eacute`), or nil.
    static func character(named name: String) -> String? {
        CaptionText.entities[name] ?? accented[name] ?? signs[name]
    }

    /// The bytes with every character reference they hold decoded; a reference it does not know stays as written.
    static func decodeReferences(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x26 {
                if let (decoded, next) = CaptionText.entity(bytes, at: i) {
                    out += decoded
                    i = next
                    continue
                }
                let limit = min(bytes.endIndex, i + 10)
                if let semicolon = bytes[i..<limit].firstIndex(of: 0x3B),
                   let letter = accented[String(decoding: bytes[(i + 1)..<semicolon], as: UTF8.self)] {
                    out += Array(letter.utf8)
                    i = semicolon + 1
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// The printed text of a web page that holds its transcript in one `<pre>` block (as the GPO publishes
    /// hearings), with the page's `<title>`; nil when the bytes are no such page. Lines outside the block
    /// are kept empty, so that every line keeps its number in the file.
    static func preformatted(_ bytes: [UInt8]) -> (text: [UInt8], title: String?)? {
        // Most transcripts have no `<` at their start: no string is made of them.
        guard bytes.prefix(512).contains(0x3C) else { return nil }
        let head = String(decoding: bytes.prefix(512), as: UTF8.self).lowercased()
        guard head.contains("<html") || head.contains("<!doctype html") else { return nil }
        let lower = bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        guard let open = find(Array("<pre>".utf8), in: lower, from: 0),
              let close = find(Array("</pre>".utf8), in: lower, from: open) else { return nil }
        var title: String?
        if let t = find(Array("<title>".utf8), in: lower, from: 0), let e = find(Array("</title>".utf8), in: lower, from: t), e < open {
            let raw = String(decoding: decodeReferences(bytes[(t + 7)..<e]), as: UTF8.self)
            let cleaned = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                .trimmingCharacters(in: CharacterSet(charactersIn: " -"))
            if !cleaned.isEmpty { title = cleaned }
        }
        var out: [UInt8] = bytes[..<open].filter { $0 == 0x0A }
        out += decodeReferences(bytes[(open + 5)..<close])
        return (out, title)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
