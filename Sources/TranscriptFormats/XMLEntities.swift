/// Named entity references in XML that the parser is not left to read: HTML's, which XML itself does not
/// know (transcripts exported from web tools write `Let&nbsp;us`, `&mdash;`, `caf&eacute;`, and an XML
/// parser stops at the first of them), and those a DOCTYPE declares (`<!ENTITY boss "The Chairman">`).
enum XMLEntities {
    /// An entity reference read as a space: neither XML's nor HTML's nor declared with plain text.
    struct Unknown: Equatable {
        var name: String
        /// The line of its first use, and how many uses there are.
        var line: Int
        var uses: Int
        /// How the DOCTYPE declares it (an external file, or with markup), if it does.
        var declared: Declared?
    }

    /// What a DOCTYPE declares an entity to be.
    enum Declared: Equatable {
        /// Plain text, as the bytes to write in place of a reference: XML's own references and character
        /// references kept for the parser, HTML's entities as their characters, quotes as references (so
        /// the text may stand in an attribute value) and line breaks as spaces (so lines keep their numbers).
        case text([UInt8])
        /// An external file (`SYSTEM "logo.xml"`).
        case external
        /// Text with markup (`"<hi>bold</hi>"`, another entity).
        case markup
    }

    /// XML's own entities, which the parser reads.
    static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    /// The bytes with each reference to an entity the DOCTYPE declares with plain text replaced by that
    /// text, each reference to an HTML named entity (`&nbsp;`, `&rsquo;`, `&eacute;`) by its character, and
    /// each other named reference but XML's five by a space, so that no two words join; the names read as a
    /// space, in the order first used. A declaration comes first, as XML would have it: a DOCTYPE that
    /// declares `mdash` as `--` means `--`. Comments, CDATA sections, processing instructions and the
    /// DOCTYPE are left as written. Lines keep their numbers: no replacement holds a line break.
    static func resolvingNamedReferences(_ bytes: [UInt8]) -> (bytes: [UInt8], unknown: [Unknown]) {
        var out: [UInt8] = []
        var copied = 0
        var unknown: [Unknown] = []
        var declared: [String: Declared] = [:]
        var line = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                i += 1
            } else if b == 0x3C, let end = skipped(bytes, at: i) {
                line += bytes[i..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                if bytes[i...].starts(with: Array("<!DOCTYPE".utf8)) {
                    declared.merge(declarations(bytes, from: i, to: end)) { first, _ in first }
                }
                i = end
            } else if b == 0x26, let (name, next) = reference(bytes, at: i), !predefined.contains(name) {
                if out.isEmpty { out.reserveCapacity(bytes.count) }
                out += bytes[copied..<i]
                if case .text(let text) = declared[name] {
                    out += text
                } else if let character = HTMLText.character(named: name) {
                    out += Array(character.utf8)
                } else {
                    out.append(0x20)
                    if let known = unknown.firstIndex(where: { $0.name == name }) {
                        unknown[known].uses += 1
                    } else {
                        unknown.append(Unknown(name: name, line: line, uses: 1, declared: declared[name]))
                    }
                }
                copied = next
                i = next
            } else {
                i += 1
            }
        }
        guard copied > 0 else { return (bytes, unknown) }
        out += bytes[copied...]
        return (out, unknown)
    }

    /// The warning for an unknown entity: its name, where it is first used, and what is read in its place.
    static func warning(_ entity: Unknown) -> String {
        let uses = entity.uses > 1 ? " (used \(entity.uses) times)" : ""
        let why = switch entity.declared {
        case .external: "is declared in the DOCTYPE as an external file, which is not read"
        case .markup, .text: "is declared in the DOCTYPE with markup, which is not read"
        case nil: "is neither XML's nor HTML's, nor declared in the DOCTYPE"
        }
        return "line \(entity.line): the entity &\(entity.name);\(uses) \(why): a space stands in its place"
    }

    /// The general entities declared in the DOCTYPE at `start..<end`, the first declaration of a name being
    /// the one that holds (as in XML). Comments are passed over; parameter entities (`<!ENTITY % name`)
    /// are not general entities and are left out.
    static func declarations(_ bytes: [UInt8], from start: Int, to end: Int) -> [String: Declared] {
        var found: [String: Declared] = [:]
        let comment = Array("<!--".utf8), entity = Array("<!ENTITY".utf8)
        var i = start
        while i < end {
            if bytes[i] != 0x3C {
                i += 1
            } else if bytes[i..<end].starts(with: comment) {
                i = bytes[(i + 4)..<end].firstRange(of: Array("-->".utf8))?.upperBound ?? end
            } else if bytes[i..<end].starts(with: entity) {
                i += entity.count
                guard i < end, isSpace(bytes[i]) else { continue }
                while i < end, isSpace(bytes[i]) { i += 1 }
                if i < end, bytes[i] == 0x25 { continue }
                let nameStart = i
                while i < end, !isSpace(bytes[i]), bytes[i] != 0x3E, bytes[i] != 0x22, bytes[i] != 0x27 { i += 1 }
                let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
                while i < end, isSpace(bytes[i]) { i += 1 }
                guard !name.isEmpty, i < end else { continue }
                var value: Declared = .external
                let quote = bytes[i]
                if quote == 0x22 || quote == 0x27 {
                    guard let close = bytes[(i + 1)..<end].firstIndex(of: quote) else { break }
                    value = plainText(bytes[(i + 1)..<close]).map(Declared.text) ?? .markup
                    i = close + 1
                }
                if found[name] == nil { found[name] = value }
            } else {
                i += 1
            }
        }
        return found
    }

    /// An entity's declared value as the bytes to write where it is used, when it is plain text: no
    /// markup, and no reference but a character reference, XML's five and HTML's names; nil otherwise.
    private static func plainText(_ value: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        var i = value.startIndex
        while i < value.endIndex {
            let b = value[i]
            switch b {
            case 0x3C, 0x25:
                // Markup, or a parameter entity reference.
                return nil
            case 0x26:
                let rest = Array(value[i...])
                if let end = characterReferenceEnd(rest) {
                    out += rest[..<end]
                    i += end
                    continue
                }
                guard let (name, next) = reference(rest, at: 0) else { return nil }
                if predefined.contains(name) {
                    out += rest[..<next]
                } else if let character = HTMLText.character(named: name) {
                    out += Array(character.utf8)
                } else {
                    return nil
                }
                i += next
                continue
            case 0x22:
                out += Array("&quot;".utf8)
            case 0x27:
                out += Array("&apos;".utf8)
            case 0x09, 0x0A, 0x0D:
                out.append(0x20)
            default:
                out.append(b)
            }
            i += 1
        }
        return out
    }

    /// The offset after the character reference (`&#8212;`, `&#x2014;`) that `bytes` opens with, if one does.
    private static func characterReferenceEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count > 3, bytes[1] == 0x23 else { return nil }
        let hex = bytes[2] == 0x78
        var j = hex ? 3 : 2
        let digitsStart = j
        while j < bytes.count, (0x30...0x39).contains(bytes[j])
                || (hex && ((0x41...0x46).contains(bytes[j]) || (0x61...0x66).contains(bytes[j]))) {
            j += 1
        }
        guard j > digitsStart, j < bytes.count, bytes[j] == 0x3B else { return nil }
        return j + 1
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// The name of the named reference at `i` (`&nbsp;`) and the offset after its `;`; nil for a character
    /// reference (`&#160;`) or a bare `&`.
    private static func reference(_ bytes: [UInt8], at i: Int) -> (String, Int)? {
        let limit = min(bytes.count, i + 34)
        var j = i + 1
        guard j < limit, isNameStart(bytes[j]) else { return nil }
        while j < limit, isNameStart(bytes[j]) || (0x30...0x39).contains(bytes[j]) || bytes[j] == 0x2D || bytes[j] == 0x2E {
            j += 1
        }
        guard j < limit, bytes[j] == 0x3B else { return nil }
        return (String(decoding: bytes[(i + 1)..<j], as: UTF8.self), j + 1)
    }

    private static func isNameStart(_ b: UInt8) -> Bool {
        (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F
    }

    /// The offset after a comment, CDATA section, processing instruction or DOCTYPE opening at `i`, whose
    /// `&` are no references in text; nil for any other `<`. One left open runs to the end of the bytes.
    private static func skipped(_ bytes: [UInt8], at i: Int) -> Int? {
        let rest = bytes[i...]
        let close: [UInt8]
        if rest.starts(with: Array("<!--".utf8)) {
            close = Array("-->".utf8)
        } else if rest.starts(with: Array("<![CDATA[".utf8)) {
            close = Array("]]>".utf8)
        } else if rest.starts(with: Array("<?".utf8)) {
            close = Array("?>".utf8)
        } else if rest.starts(with: Array("<!DOCTYPE".utf8)) {
            // With an internal subset, `]>` ends it; without one, the first `>`.
            let bracket = rest.firstIndex(of: 0x5B)
            let angle = rest.firstIndex(of: 0x3E)
            if let bracket, angle.map({ bracket < $0 }) ?? true {
                close = Array("]>".utf8)
            } else {
                close = [0x3E]
            }
        } else {
            return nil
        }
        guard let found = bytes[(i + 2)...].firstRange(of: close) else { return bytes.count }
        return found.upperBound
    }
}
