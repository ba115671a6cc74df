/// The `encoding` of an XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`) at the start of a
/// file: the file's own word about how its bytes are written.
///
/// Parley decodes every file to UTF-8 before reading it (`DecodedText`), so the declaration is read twice:
/// once on the file's bytes, to decode a Latin-1 file as Latin-1, and once on the decoded text, where it
/// must say UTF-8, or the XML parser would decode the text a second time (a UTF-16 file not well-formed, a
/// Latin-1 file in mojibake).
enum XMLDeclaration {
    /// The declared encoding's name as written and where it stands (between its quotes); nil when the bytes
    /// do not open with an XML declaration that names an encoding.
    static func encoding(in bytes: ArraySlice<UInt8>) -> (name: String, range: Range<Int>)? {
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        let limit = min(bytes.endIndex, bytes.startIndex + 256)
        guard let close = bytes[bytes.startIndex..<limit].firstRange(of: Array("?>".utf8)),
              let key = bytes[bytes.startIndex..<close.lowerBound].firstRange(of: Array("encoding".utf8)) else { return nil }
        var i = key.upperBound
        func skipSpaces() { while i < close.lowerBound, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        skipSpaces()
        guard i < close.lowerBound, bytes[i] == 0x3D else { return nil }
        i += 1
        skipSpaces()
        guard i < close.lowerBound, bytes[i] == 0x22 || bytes[i] == 0x27 else { return nil }
        let quote = bytes[i]
        let start = i + 1
        guard let end = bytes[start..<close.lowerBound].firstIndex(of: quote), end > start else { return nil }
        return (String(decoding: bytes[start..<end], as: UTF8.self), start..<end)
    }

    /// Whether `name` is UTF-8 under any of its spellings (`UTF-8`, `utf8`).
    static func isUTF8(_ name: String) -> Bool {
        ["utf-8", "utf8"].contains(name.lowercased())
    }

    /// Whether `name` is Latin-1 or its Windows superset, which `DecodedText` decodes.
    static func isLatin1(_ name: String) -> Bool {
        ["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252",
         "x-cp1252"].contains(name.lowercased())
    }

    /// `bytes` (decoded UTF-8) with any other encoding the declaration names replaced by `UTF-8`, padded
    /// with spaces inside the declaration so that columns after it stay where they were.
    static func declaringUTF8(_ bytes: [UInt8]) -> [UInt8] {
        guard let declared = encoding(in: bytes[...]), !isUTF8(declared.name) else { return bytes }
        let name = Array("UTF-8".utf8)
        let padding = [UInt8](repeating: 0x20, count: max(0, declared.range.count - name.count))
        // The padding goes after the closing quote, where the declaration allows spaces.
        let afterQuote = declared.range.upperBound + 1
        return Array(bytes[..<declared.range.lowerBound]) + name + [bytes[declared.range.upperBound]] + padding
            + bytes[afterQuote...]
    }
}
