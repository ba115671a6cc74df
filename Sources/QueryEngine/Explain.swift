import QueryLanguage

/// `.explain QUERY`: the query with its grouping made explicit, and how many units each node matches.
public enum Explain {
    /// Lines such as `  AND  6` under `OR  9`, one per node, children indented under their parent.
    public static func render(_ query: ParsedQuery, evaluator: Evaluator) throws(EvaluationError) -> String {
        try render(query, unit: evaluator.settings.scope.rawValue) { e throws(EvaluationError) in try evaluator.evaluate(e).count }
    }

    /// The same, each part counted by `count` (on a ClickHouse server, a query each); `unit` names what
    /// is counted.
    public static func render<E: Error>(_ query: ParsedQuery, unit: String, count: (Expression) throws(E) -> Int) throws(E) -> String {
        var rows: [(label: String, count: Int)] = []
        try walk(query.expression, depth: 0, count: count, rows: &rows)
        let width = max(rows.map(\.label.count).max() ?? 0, 20)
        var out = "query: \(CanonicalPrinter.print(query.expression))\n"
        out += "\(unit)s matched by each part:\n"
        for row in rows {
            out += "  " + row.label + String(repeating: " ", count: width - row.label.count + 2) + "\(row.count)\n"
        }
        return out
    }

    private static func walk<E: Error>(_ e: Expression, depth: Int, count: (Expression) throws(E) -> Int,
                                       rows: inout [(label: String, count: Int)]) throws(E) {
        let indent = String(repeating: "  ", count: depth)
        let n = try count(e)
        switch e.kind {
        case .group(let inner):
            try walk(inner, depth: depth, count: count, rows: &rows)
        case .and(let operands, _):
            rows.append((indent + "AND", n))
            for operand in operands { try walk(operand, depth: depth + 1, count: count, rows: &rows) }
        case .or(let operands):
            rows.append((indent + "OR", n))
            for operand in operands { try walk(operand, depth: depth + 1, count: count, rows: &rows) }
        case .not(let inner):
            rows.append((indent + "NOT", n))
            try walk(inner, depth: depth + 1, count: count, rows: &rows)
        case .sequence(let sequence):
            rows.append((indent + sequence.direction.rawValue + ": " + (sequence.turns == 1 ? "1 turn" : "\(sequence.turns) turns"), n))
            try walk(sequence.query, depth: depth + 1, count: count, rows: &rows)
        case .near(let window):
            let word = CanonicalPrinter.print(window.word)
            rows.append((indent + "near: \(word) within \(window.left) words before, \(window.right) after a match of", n))
            try walk(window.query, depth: depth + 1, count: count, rows: &rows)
        default:
            rows.append((indent + CanonicalPrinter.print(e), n))
        }
    }
}
