/// HTML's named character references in XML, which XML itself does not know: transcripts exported from
/// web tools write `Let&nbsp;us`, `&mdash;`, `caf&eacute;`, and an XML parser stops at the first of them.
enum XMLEntities {
    /// An entity reference that is neither XML's nor HTML's: where it stands a space is read.
    struct Unknown: Equatable {
        var name: String
        /// The line of its first use, and how many uses there are.
        var line: Int
        var uses: Int
    }

    /// XML's own entities, which the parser reads.
    static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    /// The bytes with each reference to an HTML named entity (`&nbsp;`, `&rsquo;`, `&eacute;`) replaced by
    /// its character, and each other named reference but XML's five by a space, so that no two words join;
    /// the unknown names, in the order first used. Comments, CDATA sections, processing instructions and the
    /// DOCTYPE are left as written. Lines keep their numbers: no replacement holds a line break.
    static func resolvingHTMLNames(_ bytes: [UInt8]) -> (bytes: [UInt8], unknown: [Unknown]) {
        var out: [UInt8] = []
        var copied = 0
        var unknown: [Unknown] = []
        var line = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                i += 1
            } else if b == 0x3C, let end = skipped(bytes, at: i) {
                line += bytes[i..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                i = end
            } else if b == 0x26, let (name, next) = reference(bytes, at: i), !predefined.contains(name) {
                if out.isEmpty { out.reserveCapacity(bytes.count) }
                out += bytes[copied..<i]
                if let character = HTMLText.character(named: name) {
                    out += Array(character.utf8)
                } else {
                    out.append(0x20)
                    if let known = unknown.firstIndex(where: { $0.name == name }) {
                        unknown[known].uses += 1
                    } else {
                        unknown.append(Unknown(name: name, line: line, uses: 1))
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
        return "line \(entity.line): the entity &\(entity.name);\(uses) is neither XML's nor HTML's, and a DOCTYPE's "
            + "declarations are not read: a space stands in its place"
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
