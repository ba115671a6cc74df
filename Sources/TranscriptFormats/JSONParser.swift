/// A JSON value; numbers keep their text so that they convert exactly.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    func object(_ key: String) throws -> [String: JSONValue] {
        guard case .object(let o) = self else { throw JSONError("'\(key)' must hold objects") }
        return o
    }
}

/// Why a text is not valid JSON, or not the JSON a reader expects.
struct JSONError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The one JSON parser of the readers: strict RFC 8259, bounded in nesting depth, over a line of JSON Lines
/// or a whole speech-to-text file.
struct JSONParser {
    let bytes: ArraySlice<UInt8>
    var i: Int
    /// The line the parser is on (1 for a line of JSON Lines), and where it starts.
    private var line = 1
    private var lineStart: Int
    static let maxDepth = 64

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.i = bytes.startIndex
        lineStart = bytes.startIndex
    }

    mutating func parseDocument() throws -> JSONValue {
        let value = try parseValue(depth: 0)
        skipSpace()
        guard i == bytes.endIndex else { throw JSONError("unexpected text after the value at \(place())") }
        return value
    }

    /// Where the parser stands, `back` bytes before it, as a message says it: the column of a line of JSON
    /// Lines; the line and column in a whole file once past its first line.
    func place(back: Int = 0) -> String {
        let column = i - back - lineStart + 1
        return line == 1 ? "column \(column)" : "line \(line), column \(column)"
    }

    var peek: UInt8? { i < bytes.endIndex ? bytes[i] : nil }

    mutating func skipSpace() {
        while let b = peek, b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A {
            i += 1
            if b == 0x0A {
                line += 1
                lineStart = i
            }
        }
    }

    mutating func expect(_ literal: String) throws {
        for b in literal.utf8 {
            guard peek == b else { throw JSONError("unexpected character at \(place())") }
            i += 1
        }
    }

    mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < JSONParser.maxDepth else { throw JSONError("nested too deeply") }
        skipSpace()
        guard let b = peek else { throw JSONError(line == 1 ? "unexpected end of line at \(place())" : "unexpected end of the file at \(place())") }
        switch b {
        case UInt8(ascii: "{"):
            i += 1
            var object: [String: JSONValue] = [:]
            skipSpace()
            if peek == UInt8(ascii: "}") { i += 1; return .object(object) }
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw JSONError("expected a key at \(place())") }
                let key = try parseString()
                skipSpace()
                try expect(":")
                object[key] = try parseValue(depth: depth + 1)
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                if peek == UInt8(ascii: "}") { i += 1; return .object(object) }
                throw JSONError("expected ',' or '}' at \(place())")
            }
        case UInt8(ascii: "["):
            i += 1
            var array: [JSONValue] = []
            skipSpace()
            if peek == UInt8(ascii: "]") { i += 1; return .array(array) }
            while true {
                array.append(try parseValue(depth: depth + 1))
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                if peek == UInt8(ascii: "]") { i += 1; return .array(array) }
                throw JSONError("expected ',' or ']' at \(place())")
            }
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw JSONError("unexpected character at \(place())")
        }
    }

    mutating func digits() -> Int {
        var n = 0
        while let b = peek, (0x30...0x39).contains(b) { i += 1; n += 1 }
        return n
    }

    mutating func parseNumber() throws -> String {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        if peek == UInt8(ascii: "0") {
            i += 1
        } else if digits() == 0 {
            throw JSONError("bad number at \(place())")
        }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw JSONError("bad number at \(place())") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw JSONError("bad number at \(place())") }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let b = peek else { throw JSONError("unfinished \\u escape") }
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw JSONError("bad \\u escape at \(place())")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    mutating func parseString() throws -> String {
        let opening = i
        i += 1  // the opening quote
        var out: [UInt8] = []
        while true {
            guard let b = peek else { throw JSONError("unterminated string, which opens at \(place(back: i - opening))") }
            i += 1
            switch b {
            case 0x22:
                return String(decoding: out, as: UTF8.self)
            case 0x5C:
                guard let e = peek else { throw JSONError("unterminated string, which opens at \(place(back: i - opening))") }
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar), peek == 0x5C, i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "u") {
                        let save = i
                        i += 2
                        let low = try hex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = save
                        }
                    }
                    out.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default:
                    throw JSONError("bad escape at \(place(back: 1))")
                }
            case 0..<0x20:
                throw JSONError("control character in a string at \(place(back: 1))")
            default:
                out.append(b)
            }
        }
    }
}
