import QueryEngine
import QueryLanguage

/// What TAB completion offers after a command.
public enum CompletionKind: Sendable {
    case none, query, choices([String]), path, command
}

/// One dot-command: the single place its name, syntax, help and action are declared. Dispatch, `.help`
/// and completion all read `Commands.all`.
public struct Command: Sendable {
    public let name: String
    /// How it is written after its name: `NAME = QUERY`.
    public let arguments: String
    public let summary: String
    /// More than the summary, for `.help NAME`.
    public let help: String
    public let completion: CompletionKind
    let action: @Sendable (Session, String) -> ExitStatus
}

/// The table of dot-commands, and dispatch by name or unique prefix.
public enum Commands {
    public static let all: [Command] = [
        .check, .context, .define, .doc, .docs, .editorial, .expect, .explain, .export, .help, .history, .limit, .load, .mode,
        .output, .quit, .read, .show, .speakers, .timer, .topic, .topics, .within,
    ].sorted { $0.name < $1.name }

    /// The commands a typed name stands for: itself when exact, else every command it is a prefix of.
    public static func candidates(_ typed: String) -> [Command] {
        if let exact = all.first(where: { $0.name == typed }) { return [exact] }
        return all.filter { $0.name.hasPrefix(typed) }
    }

    /// Runs `.NAME ARGUMENTS`; an ambiguous prefix lists the candidates and does nothing.
    static func run(_ line: String, in session: Session) -> ExitStatus {
        let body = line.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let arguments = String(body.dropFirst(name.count)).trimmingCharacters(in: " \t")
        let matches = candidates(name.lowercased())
        switch matches.count {
        case 1:
            return matches[0].action(session, arguments)
        case 0:
            let nearest = Suggestions.nearest(to: name, among: all.map(\.name)).map { "; did you mean '.\($0)'?" } ?? ""
            return session.fail("unknown command '.\(name)'\(nearest)")
        default:
            return session.fail("'.\(name)' could be " + matches.map { "'.\($0.name)'" }.joined(separator: ", ") + "; type more of the name")
        }
    }

    /// Splits `NAME = QUERY`.
    static func definition(_ arguments: String) -> (name: String, query: String)? {
        guard let equals = arguments.firstIndex(of: "=") else { return nil }
        let name = String(arguments[..<equals]).trimmingCharacters(in: " \t")
        let query = String(arguments[arguments.index(after: equals)...]).trimmingCharacters(in: " \t")
        guard !name.isEmpty, !query.isEmpty, !name.contains(" ") else { return nil }
        return (name, query)
    }
}
