/// Lines typed at the prompt gathered into statements, as a script's lines are (`Statements.split`): a
/// line, or several while a parenthesis or quote is open, the prompt saying `   ...>` meanwhile.
public struct TypedStatement: Sendable {
    /// The statement typed so far, its lines joined with `\n`; empty at the `parley> ` prompt.
    public private(set) var pending = ""

    public init() {}

    /// Whether a statement is half typed, so the next line continues it.
    public var isContinuing: Bool { !pending.isEmpty }

    /// Adds a typed line; the statement when it is complete, nil while a parenthesis or quote is open.
    public mutating func add(_ line: String) -> String? {
        pending = pending.isEmpty ? line : pending + "\n" + line
        guard !Statements.isOpen(pending) else { return nil }
        return take()
    }

    /// Ctrl-C: the half-typed statement is dropped, as the user asked.
    public mutating func drop() { pending = "" }

    /// Ctrl-D, or the end of input: the half-typed statement, ended where it stands, as a script's last
    /// statement is at the end of its file; run, it says what is still open (`'(' is not closed; add
    /// ')'`) rather than vanish. Nil when nothing is half typed: then Ctrl-D leaves the shell.
    public mutating func end() -> String? {
        isContinuing ? take() : nil
    }

    private mutating func take() -> String {
        defer { pending = "" }
        return pending
    }
}
