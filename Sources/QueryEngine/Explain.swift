import QueryLanguage

/// `.explain QUERY`: the query with its grouping made explicit, and how many units each node matches.
public enum Explain {
    /// Lines such as `  AND  6` under `OR  9`, one per node, children indented under their parent.
    public static func render(_ query: ParsedQuery, evaluator: Evaluator) throws(EvaluationError) -> String {
        var rows: [(label: String, count: Int)] = []
        try walk(query.expression, depth: 0, evaluator: evaluator, rows: &rows)
        let unit = evaluator.settings.scope.rawValue
        let width = max(rows.map(\.label.count).max() ?? 0, 20)
        var out = "query: \(CanonicalPrinter.print(query.expression))\n"
        out += "\(unit)s matched by each part:\n"
        for row in rows {
            out += "  " + row.label + String(repeating: " ", count: width - row.label.count + 2) + "\(row.count)\n"
        }
        return out
    }

    private static func walk(_ e: Expression, depth: Int, evaluator: Evaluator,
                             rows: inout [(label: String, count: Int)]) throws(EvaluationError) {
        let indent = String(repeating: "  ", count: depth)
        let count = try evaluator.evaluate(e).count
        switch e.kind {
        case .group(let inner):
            try walk(inner, depth: depth, evaluator: evaluator, rows: &rows)
        case .and(let operands, _):
            rows.append((indent + "AND", count))
            for operand in operands { try walk(operand, depth: depth + 1, evaluator: evaluator, rows: &rows) }
        case .or(let operands):
            rows.append((indent + "OR", count))
            for operand in operands { try walk(operand, depth: depth + 1, evaluator: evaluator, rows: &rows) }
        case .not(let inner):
            rows.append((indent + "NOT", count))
            try walk(inner, depth: depth + 1, evaluator: evaluator, rows: &rows)
        case .sequence(let sequence):
            rows.append((indent + sequence.direction.rawValue + ": " + (sequence.turns == 1 ? "1 turn" : "\(sequence.turns) turns"), count))
            try walk(sequence.query, depth: depth + 1, evaluator: evaluator, rows: &rows)
        case .near(let window):
            let word = CanonicalPrinter.print(window.word)
            rows.append((indent + "near: \(word) within \(window.left) words before, \(window.right) after a match of", count))
            try walk(window.query, depth: depth + 1, evaluator: evaluator, rows: &rows)
        default:
            rows.append((indent + CanonicalPrinter.print(e), count))
        }
    }
}
