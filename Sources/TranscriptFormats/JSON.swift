/// A JSON value whose objects keep their keys in the order given, for output contracts that fix the
/// order: the shell's `--format json`, `--check`'s report and Parley's JSON Lines.
///
/// Numbers: integral values below 10^15 are written without a fraction (`19000000000`), others in
/// Swift's shortest exact form (`1.5`, `1e+20`), and `-0.0` keeps its sign, so every value reads back
/// equal. Non-finite values, which JSON cannot hold, are written as the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"`.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    /// A string, or null when there is none.
    public static func string(_ value: String?) -> JSON { value.map { .string($0) } ?? .null }

    /// A whole number, or null when there is none.
    public static func number(_ value: Int?) -> JSON { value.map { .number(Double($0)) } ?? .null }

    /// A number, or null when there is none.
    public static func number(_ value: Double?) -> JSON { value.map { .number($0) } ?? .null }

    /// An array of strings.
    public static func strings(_ values: [String]) -> JSON { .array(values.map { .string($0) }) }

    /// `[lower, upper]`.
    public static func range(_ range: Range<Int>) -> JSON { .array([.number(range.lowerBound), .number(range.upperBound)]) }

    /// The text: with `": "` and `", "` separators, as in `{"utterances": 72, "turns": 23}`, or compact,
    /// without spaces, for JSON Lines.
    public func serialized(compact: Bool = false) -> String {
        var out = ""
        write(to: &out, colon: compact ? ":" : ": ", comma: compact ? "," : ", ")
        return out
    }

    private func write(to out: inout String, colon: String, comma: String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            if n.isNaN {
                out += "\"NaN\""
            } else if n.isInfinite {
                out += n < 0 ? "\"-Infinity\"" : "\"Infinity\""
            } else if n == n.rounded(.towardZero), abs(n) < 1e15, !(n == 0 && n.sign == .minus) {
                out += String(Int64(n))
            } else {
                out += n.description
            }
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += comma }
                item.write(to: &out, colon: colon, comma: comma)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += comma }
                JSON.quote(key, into: &out)
                out += colon
                value.write(to: &out, colon: colon, comma: comma)
            }
            out += "}"
        }
    }

    /// Writes `s` as a JSON string: quotes, backslashes and control characters escaped.
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most text has nothing to escape: then it is copied whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x7F:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
