import Testing
@testable import QueryLanguage

/// The position markers a test writes inside a query, in swift-syntax's style.
let markers: Set<Character> = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

/// A query with its markers removed, and the UTF-8 offset where each marker stood.
struct MarkedQuery {
    let text: String
    let offsets: [Character: Int]

    init(_ marked: String) {
        var text = ""
        var offsets: [Character: Int] = [:]
        for character in marked {
            if markers.contains(character) {
                offsets[character] = text.utf8.count
            } else {
                text.append(character)
            }
        }
        self.text = text
        self.offsets = offsets
    }
}

/// One diagnostic a test expects: where it starts (a marker), its id and its exact message.
struct Expected {
    let marker: Character
    let id: Diagnostic.ID
    let message: String

    init(_ marker: Character, _ id: Diagnostic.ID, _ message: String) {
        self.marker = marker
        self.id = id
        self.message = message
    }
}

/// Parses a marked query and checks that it gives exactly the expected diagnostics, in order, each starting
/// at its marker. Returns the parse for further checks.
@discardableResult
func expectDiagnostics(
    _ marked: String, _ expected: [Expected], sourceLocation: SourceLocation = #_sourceLocation
) -> ParsedQuery {
    let query = MarkedQuery(marked)
    let parsed = parseQuery(query.text)
    let actual = parsed.diagnostics
    #expect(actual.count == expected.count,
            "expected \(expected.count) diagnostics, got \(actual.map { "\($0.id): \($0.message)" })",
            sourceLocation: sourceLocation)
    for (diagnostic, wanted) in zip(actual, expected) {
        #expect(diagnostic.message == wanted.message, sourceLocation: sourceLocation)
        #expect(diagnostic.id == wanted.id, sourceLocation: sourceLocation)
        #expect(diagnostic.range.start == query.offsets[wanted.marker],
                "\(wanted.marker) is at \(query.offsets[wanted.marker] ?? -1), the diagnostic at \(diagnostic.range)",
                sourceLocation: sourceLocation)
    }
    return parsed
}

/// The canonical print of a query that must parse without diagnostics.
func canonical(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let parsed = parseQuery(text)
    #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics.map(\.message))", sourceLocation: sourceLocation)
    return CanonicalPrinter.print(parsed)
}

/// The tree without what printing cannot keep: source ranges, parentheses and how an AND was written.
func stripped(_ expression: Expression) -> Expression {
    let zero = SourceRange.point(0)
    func term(_ t: Term) -> Term { Term(t.kind, t.text, range: zero) }
    let kind: Expression.Kind
    switch expression.kind {
    case .group(let inner):
        return stripped(inner)
    case .term(let t):
        kind = .term(term(t))
    case .field(let field):
        let value: FieldValue
        switch field.value {
        case .term(let t): value = .term(term(t))
        case .comparison(let op, let bound): value = .comparison(op, term(bound))
        case .range(let low, let high): value = .range(term(low), term(high))
        case .missing: value = .missing(zero)
        case .any: value = .any(zero)
        }
        kind = .field(Field(name: field.name, nameRange: zero, value: value))
    case .not(let operand):
        kind = .not(stripped(operand))
    case .and(let operands, let joins):
        kind = .and(operands.map(stripped), joins: joins.map { _ in .written })
    case .or(let operands):
        kind = .or(operands.map(stripped))
    case .sequence(let sequence):
        kind = .sequence(TurnSequence(sequence.direction, stripped(sequence.query), turns: sequence.turns))
    case .near(let window):
        kind = .near(WordWindow(stripped(window.query), left: window.left, right: window.right, word: term(window.word)))
    case .matchAll, .namedReference, .missing, .error:
        kind = expression.kind
    }
    return Expression(kind, range: zero)
}

/// The stages without their ranges.
func stripped(_ stages: [Stage]) -> [Stage] {
    stages.map { Stage($0.kind, range: .point(0)) }
}
