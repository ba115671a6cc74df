import Foundation

/// Folds words for matching: lower case, diacritics removed (`Rákosi` → `rakosi`, `ÁVH` → `avh`), on
/// UTF-8 bytes, the same way for the index and for queries.
///
/// Latin letters up to U+024F fold through a table built once from Foundation's case- and
/// diacritic-insensitive folding (the same folding speaker names use); other scripts are lower-cased.
public enum TextFolding {
    /// Folded UTF-8 for each scalar from U+0080 to U+024F; empty when the scalar is not a letter or digit.
    static let latinTable: [[UInt8]] = (0x80...0x24F).map { value -> [UInt8] in
        guard let scalar = Unicode.Scalar(value), isWordScalar(scalar) else { return [] }
        let folded = String(Character(scalar)).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return Array(folded.utf8)
    }

    /// Whether each scalar from U+0080 to U+024F is a letter or digit: the tokenizer asks for every
    /// accented letter, and a table answers faster than the scalar's properties.
    static let latinIsWord: [Bool] = (0x80...0x24F).map { Unicode.Scalar($0).map(isWordScalar) ?? false }

    /// Letters and digits of any script, and combining marks (which fold away).
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        return p.isAlphabetic || p.numericType != nil
    }

    /// Appends the folded form of a non-ASCII word scalar to `out`; combining marks add nothing.
    @inline(__always)
    static func appendFolded(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        if scalar.value <= 0x24F {
            out.append(contentsOf: latinTable[Int(scalar.value) - 0x80])
        } else if scalar.properties.generalCategory == .nonspacingMark {
            return
        } else {
            out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
        }
    }

    /// The folded form of a whole string, word characters and all: for query terms and names.
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let b = UInt8(scalar.value)
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            } else if isWordScalar(scalar) || scalar.properties.generalCategory == .nonspacingMark {
                appendFolded(scalar, to: &out)
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
