/// Values written into SQL: every value a user types reaches the server as one of these literals, never
/// as SQL text.
public enum SQL {
    /// A string literal: `'...'` with backslash, quote and control characters escaped, so that any text,
    /// NUL bytes and newlines included, is read back as the same bytes.
    public static func literal(_ text: String) -> String {
        var out = "'"
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\0": out += "\\0"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }

    /// An integer literal.
    public static func literal<N: BinaryInteger>(_ n: N) -> String { String(n) }

    /// A decimal literal that ClickHouse reads as the same Float64 (`inf` and `nan` included).
    public static func literal(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return "\(x)"
    }

    /// A parenthesised list of literals, `('a', 'b')`.
    public static func list(_ texts: some Sequence<String>) -> String {
        "(" + texts.map(literal).joined(separator: ", ") + ")"
    }
}

/// ClickHouse's TabSeparated format: one row a line, fields split by tabs, with backslash escapes.
public enum TabSeparated {
    /// A field read back from TabSeparated output.
    public static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var out: [UInt8] = []
        var bytes = Array(field.utf8)[...]
        while let byte = bytes.popFirst() {
            guard byte == 0x5C, let next = bytes.popFirst() else { out.append(byte); continue }
            switch next {
            case 0x74: out.append(0x09)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x30: out.append(0x00)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            default: out.append(next)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Rows for `INSERT ... FORMAT JSONEachRow`: one JSON object a line, written straight into bytes.
public struct JSONRows {
    public private(set) var bytes: [UInt8] = []
    private var fields = 0

    public init() {}

    public var isEmpty: Bool { bytes.isEmpty }

    public mutating func begin() { bytes.append(0x7B); fields = 0 }
    public mutating func end() { bytes += [0x7D, 0x0A] }

    private mutating func key(_ name: StaticString) {
        if fields > 0 { bytes.append(0x2C) }
        fields += 1
        bytes.append(0x22)
        name.withUTF8Buffer { bytes += $0 }
        bytes += [0x22, 0x3A]
    }

    public mutating func add(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    public mutating func add<N: BinaryInteger>(_ name: StaticString, _ value: N) {
        key(name)
        bytes += Array(String(value).utf8)
    }

    public mutating func add(_ name: StaticString, _ value: Double) {
        key(name)
        bytes += Array((value.isFinite ? "\(value)" : "0").utf8)
    }

    public mutating func add(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(0x5B)
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            string(value)
        }
        bytes.append(0x5D)
    }

    /// A JSON string: quote, backslash and control characters escaped; other bytes as they are (UTF-8).
    private mutating func string(_ text: String) {
        bytes.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case 0..<0x20:
                bytes += Array("\\u00".utf8)
                bytes += Array(String(byte, radix: 16).leftPadded(to: 2).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }
}
