#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TranscriptModel

/// Turns a file's bytes into valid UTF-8 with `\n` line ends, and says what it had to change.
///
/// Invalid bytes become U+FFFD and are reported with their line; nothing else is dropped.
public struct DecodedText: Sendable {
    /// Valid UTF-8, `\n` line ends, no byte-order mark.
    public var bytes: [UInt8]
    /// One line per problem, naming the line: `line 12: invalid UTF-8 (2 bytes replaced by U+FFFD)`.
    public var warnings: [String]

    /// Why a file cannot be read as text at all.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case binary(String)

        public var description: String {
            switch self {
            case .empty: return "empty file"
            case .binary(let what): return "not a transcript: \(what)"
            }
        }
    }

    /// Decodes `bytes`: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark (or
    /// without, when it shows), or Latin-1 where the file's XML declaration says so and the bytes are not UTF-8.
    public static func decode(_ bytes: [UInt8]) -> Result<DecodedText, Refusal> {
        var warnings: [String] = []
        var utf8: [UInt8]
        if let bigEndian = utf16WithoutMark(bytes) {
            // Text whose every other byte is NUL: UTF-16, saved without its byte-order mark.
            warnings.append("read as UTF-16 (\(bigEndian ? "big" : "little")-endian, without a byte-order mark)")
            utf8 = fromUTF16(bytes[...], bigEndian: bigEndian, warnings: &warnings)
        } else if let kind = binaryKind(bytes) {
            return .failure(.binary(kind))
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            warnings.append("read as UTF-16 (byte-order mark)")
            utf8 = fromUTF16(bytes.dropFirst(2), bigEndian: bytes[0] == 0xFE, warnings: &warnings)
        } else if let declared = XMLDeclaration.encoding(in: bytes[...]), XMLDeclaration.isLatin1(declared.name),
                  !isValidUTF8(bytes) {
            // The file's own declaration says Latin-1, and its bytes are not UTF-8: read them as it says.
            warnings.append("read as \(declared.name), as its XML declaration says")
            utf8 = fromWindows1252(bytes)
        } else {
            utf8 = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            // A declaration of another encoding matters only where a byte is not ASCII.
            if let declared = XMLDeclaration.encoding(in: utf8[...]), !XMLDeclaration.isUTF8(declared.name),
               declared.name.lowercased() != "us-ascii", declared.name.lowercased() != "ascii",
               utf8.withUnsafeBufferPointer({ ByteSearch.contains($0, ByteSearch.nonASCII) }) {
                warnings.append(XMLDeclaration.isLatin1(declared.name) || declared.name.lowercased().hasPrefix("utf-16")
                    ? "its XML declaration says \(declared.name), but the bytes are UTF-8: read as UTF-8"
                    : "its XML declaration says \(declared.name), which Parley does not read: read as UTF-8")
            }
        }
        // Nothing, or only white space after any byte-order mark: an empty file.
        if utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return .failure(.empty) }
        utf8 = normalizeLineEnds(utf8)
        if let repaired = repairUTF8(utf8, warnings: &warnings) { utf8 = repaired }
        replaceControls(&utf8, warnings: &warnings)
        return .success(DecodedText(bytes: utf8, warnings: warnings))
    }

    /// Control characters read as spaces, and a terminal's escape sequences (`ESC[31m`, which colour what
    /// follows) taken out, with a warning for each line that holds any: shown, they would colour or move
    /// the terminal, and a NUL is no character. Tabs, line and page breaks stay, and so does CHAT's timing
    /// bullet (U+0015).
    static func replaceControls(_ bytes: inout [UInt8], warnings: inout [String]) {
        func isControl(_ b: UInt8) -> Bool { (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0C && b != 0x15) || b == 0x7F }
        // Every byte of every file passes here, eight at a time; the bytes below a space, most eight bytes
        // have none, are told apart only where there are some.
        let controls = { (word: UInt64) -> UInt64 in
            let low = ByteSearch.between(word, 0x00, 0x1F)
            let delete = ByteSearch.equal(word, 0x7F)
            guard low != 0 else { return delete }
            return low & ~(ByteSearch.equal(word, 0x09) | ByteSearch.equal(word, 0x0A) | ByteSearch.equal(word, 0x0C)
                | ByteSearch.equal(word, 0x15)) | delete
        }
        guard bytes.withUnsafeBufferPointer({ ByteSearch.contains($0, controls) }) else { return }
        var line = 1
        var lines: [Int: Set<UInt8>] = [:]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1 }
            guard isControl(b) else { out.append(b); i += 1; continue }
            lines[line, default: []].insert(b)
            if b == 0x1B, i + 1 < bytes.count, bytes[i + 1] == 0x5B {
                // A control sequence: ESC [, parameters and intermediates, a final byte from @ to ~.
                var j = i + 2
                while j < bytes.count, (0x20...0x3F).contains(bytes[j]) { j += 1 }
                if j < bytes.count, (0x40...0x7E).contains(bytes[j]) { i = j + 1; continue }
            }
            out.append(0x20)
            i += 1
        }
        bytes = out
        for (number, controls) in lines.sorted(by: { $0.key < $1.key }) {
            let names = controls.sorted().map { "U+" + String($0, radix: 16, uppercase: true).leftPadded(to: 4) }
            warnings.append("line \(number): control characters (\(names.joined(separator: ", "))) taken out")
        }
    }

    /// Whether the first 8 KiB read as UTF-16 without a byte-order mark, and in which byte order (true:
    /// big-endian): an even number of bytes, and nine characters in ten, over at least eight, of the Latin
    /// range (a NUL high byte beside a byte that is not NUL). Nil for anything else.
    static func utf16WithoutMark(_ bytes: [UInt8]) -> Bool? {
        let head = bytes.prefix(8192)
        guard head.count >= 16, bytes.count % 2 == 0, !bytes.starts(with: [0xFF, 0xFE]), !bytes.starts(with: [0xFE, 0xFF]) else { return nil }
        var little = 0, big = 0
        for i in stride(from: head.startIndex, to: head.endIndex - 1, by: 2) {
            if head[i] != 0, head[i + 1] == 0 { little += 1 }
            if head[i] == 0, head[i + 1] != 0 { big += 1 }
        }
        let pairs = head.count / 2
        if little * 10 >= pairs * 9 { return false }
        if big * 10 >= pairs * 9 { return true }
        return nil
    }

    /// Names a binary format from its magic bytes, or any file with NUL bytes in its first 8 KiB.
    static func binaryKind(_ bytes: [UInt8]) -> String? {
        let magic: [([UInt8], String)] = [
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"), ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            ([0x47, 0x49, 0x46, 0x38], "a GIF image"), ([0x25, 0x50, 0x44, 0x46], "a PDF document"),
            ([0x7F, 0x45, 0x4C, 0x46], "an ELF executable"), ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive"),
            (Array("SQLite format 3".utf8), "an SQLite database"), ([0x1F, 0x8B], "a gzip archive"),
        ]
        for (prefix, name) in magic where bytes.starts(with: prefix) { return name }
        let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        if !utf16, bytes.prefix(8192).contains(0) { return "binary data (NUL bytes)" }
        return nil
    }

    /// `\r\n` and lone `\r` become `\n`.
    static func normalizeLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        // `memchr` looks for the byte many at a time: most files have no `\r`.
        let hasReturn = bytes.withUnsafeBytes { raw in raw.baseAddress.map { memchr($0, 0x0D, raw.count) != nil } ?? false }
        guard hasReturn else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D {
                out.append(0x0A)
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(bytes[i])
            }
            i += 1
        }
        return out
    }

    /// Replaces each maximal invalid sequence with U+FFFD, one warning per affected line; nil when valid.
    static func repairUTF8(_ bytes: [UInt8], warnings: inout [String]) -> [UInt8]? {
        if isValidUTF8(bytes) { return nil }
        var out: [UInt8] = []
        var line = 1
        var i = 0
        var repaired = false
        var badLines: [Int: Int] = [:]
        while i < bytes.count {
            let b = bytes[i]
            let length = validSequenceLength(bytes, at: i)
            if length > 0 {
                if repaired { out.append(contentsOf: bytes[i..<(i + length)]) }
                if b == 0x0A { line += 1 }
                i += length
            } else {
                if !repaired { out = Array(bytes[0..<i]); out.reserveCapacity(bytes.count + 16); repaired = true }
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                badLines[line, default: 0] += 1
                i += 1
                // Continuation bytes of the broken sequence are part of the same replacement.
                while i < bytes.count, bytes[i] & 0xC0 == 0x80, validSequenceLength(bytes, at: i) == 0 {
                    badLines[line, default: 0] += 1
                    i += 1
                }
            }
        }
        for (line, count) in badLines.sorted(by: { $0.key < $1.key }) {
            warnings.append("line \(line): invalid UTF-8 (\(count) byte\(count == 1 ? "" : "s") replaced by U+FFFD)")
        }
        return repaired ? out : nil
    }

    /// Whether the last UTF-8 sequence of `bytes` is whole: its lead byte followed by as many bytes as it
    /// announces (an empty text ends no sequence, and ends whole).
    static func endsWholeSequence(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var lead = bytes.count - 1
        while lead >= 0, bytes.count - lead <= 4, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        guard lead >= 0 else { return bytes.isEmpty }
        let b = bytes[lead]
        let length = b < 0x80 ? 1 : b & 0xE0 == 0xC0 ? 2 : b & 0xF0 == 0xE0 ? 3 : b & 0xF8 == 0xF0 ? 4 : 0
        return bytes.count - lead == length
    }

    /// Whether `bytes` are valid UTF-8: from one byte outside ASCII to the next (found eight bytes at a time,
    /// as most of a transcript is ASCII), each sequence checked as `validSequenceLength` checks it. (The
    /// standard library's `String(validating:)` also copies the text into a string, and looks at each byte
    /// alone.)
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while let next = ByteSearch.first(in: buffer, from: i, ByteSearch.nonASCII) {
                let length = validSequenceLength(bytes, at: next)
                if length == 0 { return false }
                i = next + length
            }
            return true
        }
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0 when it is invalid.
    static func validSequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let c = b[i]
        if c < 0x80 { return 1 }
        func cont(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool { i + k < b.count && range.contains(b[i + k]) }
        switch c {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0...0xBF) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80...0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90...0xBF) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80...0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// Windows-1252 to UTF-8, for files that declare ISO-8859-1 or Windows-1252. Bytes 0x80 to 0x9F are
    /// Windows-1252's (curly quotes, dashes, `€`), as browsers read ISO-8859-1 too: as Latin-1's control
    /// characters they would show as nothing, and text of that label holds none.
    static func fromWindows1252(_ bytes: [UInt8]) -> [UInt8] {
        let high: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
                continue
            }
            let value = (0x80...0x9F).contains(b) ? high[Int(b - 0x80)] : UInt32(b)
            if let scalar = Unicode.Scalar(value) { UTF8.encode(scalar) { out.append($0) } }
        }
        return out
    }

    /// UTF-16 to UTF-8. A lone surrogate, or a last byte without its partner, becomes U+FFFD and is
    /// reported with its line, as invalid UTF-8 is.
    static func fromUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, warnings: inout [String]) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let (hi, lo) = bigEndian ? (bytes[i], bytes[i + 1]) : (bytes[i + 1], bytes[i])
            units.append(UInt16(hi) << 8 | UInt16(lo))
            i += 2
        }
        let odd = i < bytes.endIndex
        // The standard library validates quickly; only invalid text needs the slow walk.
        if !odd, let valid = String(validating: units, as: UTF16.self) { return Array(valid.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(units.count + units.count / 2)
        var line = 1
        var badLines: [Int: Int] = [:]
        var afterCR = false
        var iterator = units.makeIterator()
        var parser = UTF16.ForwardParser()
        decoding: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = UTF16.decode(encoded)
                // A line ends at LF, or at CR (CRLF counts once); line ends are normalized later.
                if scalar == "\r" || scalar == "\n" && !afterCR { line += 1 }
                afterCR = scalar == "\r"
                UTF8.encode(scalar) { out.append($0) }
            case .error:
                badLines[line, default: 0] += 1
                afterCR = false
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            case .emptyInput:
                break decoding
            }
        }
        for (line, count) in badLines.sorted(by: { $0.key < $1.key }) {
            warnings.append("line \(line): invalid UTF-16 (\(count) unpaired surrogate\(count == 1 ? "" : "s") replaced by U+FFFD)")
        }
        if odd {
            warnings.append("line \(line): an odd last byte (UTF-16 comes in pairs) replaced by U+FFFD")
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])
        }
        return out
    }
}
