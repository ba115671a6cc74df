import QueryLanguage
import TranscriptModel

/// A table a stage made (`count by`, `words`, `collocates`, `keywords`, `ngrams`, `interruptions`,
/// `transitions`): named columns, rows of cells, and in the `query` column each row's drill-down query,
/// whose hits are exactly the row's. One type, so that sorting, limits, every output format and `.drill`
/// work the same for every table.
public struct ResultTable: Sendable {
    /// One cell: text, a whole number, a decimal shown to four places, or no value (the rate of a group
    /// that speaks no words: empty in a table and CSV, null in JSON).
    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case decimal(Double)
        case none

        /// As printed in a table or CSV.
        public var text: String {
            switch self {
            case .text(let text): return text
            case .integer(let n): return String(n)
            case .decimal(let x): return x.isFinite ? String(format4: x) : (x > 0 ? "inf" : x < 0 ? "-inf" : "nan")
            case .none: return ""
            }
        }

        /// Numbers before text, and no value last; numbers by value; text that is a whole number (`turn`)
        /// or a time (`count by time`) by value, else by its characters.
        static func ascending(_ a: Cell, _ b: Cell) -> Bool {
            switch (a, b) {
            case (.none, _): return false
            case (_, .none): return true
            case (.integer(let x), .integer(let y)): return x < y
            case (.decimal(let x), .decimal(let y)): return x < y
            case (.integer(let x), .decimal(let y)): return Double(x) < y
            case (.decimal(let x), .integer(let y)): return x < Double(y)
            case (.text(let x), .text(let y)):
                if let m = Int(x), let n = Int(y) { return m < n }
                // Times by value: `-00:00:20` before `-00:00:10`, `23:00:00` before `01:00:00:00`.
                if x.contains(":"), y.contains(":"), let s = ClockTime(x), let t = ClockTime(y) { return s.seconds < t.seconds }
                return x < y
            case (.text, _): return false
            case (_, .text): return true
            }
        }
    }

    /// Column names, lower case, as `TableColumns.of` gives them for the stage.
    public let columns: [String]
    public var rows: [[Cell]]
    /// How many columns at the left say what the row counts: 2 for a cross-table (`count by doc, speaker`),
    /// which a terminal shows as a grid.
    public var keys = 1
    /// What a row is, for `0 words` when utterances matched but made no row.
    public var rowNoun = "rows"
    /// Why the table is empty when the stage could not count (a query with no search words for
    /// `collocates`), said as a note.
    public var note: String?

    public init(columns: [String], rows: [[Cell]], keys: Int = 1, rowNoun: String = "rows") {
        self.columns = columns
        self.rows = rows
        self.keys = keys
        self.rowNoun = rowNoun
    }

    /// The index of a column.
    public func column(_ name: String) -> Int? { columns.firstIndex(of: name) }

    /// Row `i`'s drill-down query, when the row can be written as one.
    public func query(ofRow i: Int) -> String? {
        guard let c = column("query"), rows.indices.contains(i), case .text(let query) = rows[i][c], !query.isEmpty else { return nil }
        return query
    }

    /// `limit N` and `sort by COLUMN` after the table, in order. Ties keep the table's order.
    mutating func apply(_ stages: [Stage.Kind]) {
        for stage in stages {
            switch stage {
            case .limit(let n):
                rows = Array(rows.prefix(n))
            case .sort(let key, let descending):
                guard let c = column(key.name) else { continue }
                rows = rows.indices.sorted { a, b in
                    let before = Cell.ascending(rows[a][c], rows[b][c])
                    let after = Cell.ascending(rows[b][c], rows[a][c])
                    if before != after { return descending ? after : before }
                    return a < b
                }.map { rows[$0] }
            default:
                break
            }
        }
    }
}

extension String {
    /// A decimal to four places, `-0.0000` written `0.0000`.
    init(format4 x: Double) {
        guard x.magnitude < 1e14 else {
            self = "\(x)"
            return
        }
        let scaled = Int64((x * 10_000).rounded())
        var text = String(scaled.magnitude)
        while text.count < 5 { text = "0" + text }
        let cut = text.index(text.endIndex, offsetBy: -4)
        self = (scaled < 0 ? "-" : "") + text[..<cut] + "." + text[cut...]
    }
}
