import TranscriptModel
import TranscriptFormats
import Foundation
import QueryEngine
import QueryLanguage

/// What TAB completion offers after a command.
public enum CompletionKind: Sendable {
    case none, query, choices([String]), path, command, documents
    /// A speaker's name, as after `speaker:` (`.who`, `.speakers`, `.alias`).
    case speakers
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
        .alias, .check, .checksum, .connect, .context, .define, .doc, .docs, .drill, .echo, .editorial, .exit, .expect, .explain, .export, .help, .history, .index, .limit, .load,
        .mode, .open, .output, .push, .quit, .read, .record, .schema, .show, .speakers, .stopwords, .tables, .timer, .topic, .topics, .unload,
        .who, .within,
    ].sorted { $0.name < $1.name }

    /// The commands a typed name stands for: itself when exact, else every command it is a prefix of.
    public static func candidates(_ typed: String) -> [Command] {
        if let exact = all.first(where: { $0.name == typed }) { return [exact] }
        return all.filter { $0.name.hasPrefix(typed) }
    }

    /// The commands that work while queries ask a ClickHouse cluster (`.connect`): settings, named
    /// queries, scripts and output. The others read the documents themselves, which stay on the server.
    static let answeredOnServer: Set<String> = [
        "connect", "context", "define", "drill", "echo", "editorial", "exit", "expect", "explain", "help", "history", "limit",
        "mode", "open", "output", "quit", "read", "schema", "show", "stopwords", "tables", "timer", "topic", "topics", "within",
    ]

    /// Habits from other shells (psql's `\q` and `\d`), read as the command they mean.
    static let habits = ["\\q": "exit", "\\d": "tables", "\\dt": "tables"]

    /// Runs `.NAME ARGUMENTS`; an ambiguous prefix lists the candidates and does nothing.
    static func run(_ line: String, in session: Session) -> ExitStatus {
        let word = String(line.prefix { !$0.isWhitespace })
        if line.hasPrefix("\\") {
            guard let meant = habits[word] else { return session.fail("unknown command '\(word)'; Parley's commands start with '.', as in '.help'") }
            return run("." + meant + line.dropFirst(word.count), in: session)
        }
        let body = line.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let arguments = String(body.dropFirst(name.count)).trimmingCharacters(in: " \t")
        let matches = candidates(name.lowercased())
        switch matches.count {
        case 1:
            if let server = session.server, !answeredOnServer.contains(matches[0].name) {
                return session.fail("'.\(matches[0].name)' reads transcripts loaded here, and queries ask the ClickHouse server at "
                                    + "\(server.connection.address); '.open PATH' comes back to transcripts")
            }
            return matches[0].action(session, arguments)
        case 0:
            let nearest = Suggestions.nearest(to: name, among: all.map(\.name)).map { "; did you mean '.\($0)'?" } ?? "; '.help' lists the commands"
            return session.fail("unknown command '.\(name)'\(nearest)")
        default:
            return session.fail("'.\(name)' could be " + matches.map { "'.\($0.name)'" }.joined(separator: ", ") + "; type more of the name")
        }
    }

    /// The action of a setting that is on or off: `.NAME on`, `.NAME off`, and `.NAME` alone to show it.
    static func onOff(_ name: String, _ setting: ReferenceWritableKeyPath<Session, Bool>) -> @Sendable (Session, String) -> ExitStatus {
        // Key path literals hold no state; the commands table is built once and never changes them.
        nonisolated(unsafe) let setting = setting
        return { session, arguments in
            switch arguments.lowercased() {
            case "": return session.showSetting(name, session[keyPath: setting] ? "on" : "off")
            case "on": session[keyPath: setting] = true
            case "off": session[keyPath: setting] = false
            default: return session.fail("'.\(name)' takes on or off, not '\(arguments)'")
            }
            return .success
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

extension Session {
    /// Writes a list (of documents, speakers ...) as a table in the session's mode: text and kwic print
    /// aligned columns, fitted to the terminal (a long last column goes on under where it starts); JSON
    /// gives counts as numbers.
    func writeList(_ columns: [String], _ rows: [[ResultTable.Cell]]) {
        let format = self.format == .kwic ? .text : self.format
        let table = Renderer(index: index, format: format).table(columns, rows)
        if [.text, .table].contains(format) { writeFitted(table) } else { output.write(table) }
    }

    /// A listing with a layout of its own as text (`.topics`' lines, `.who`'s blocks, `.index`'s report),
    /// fitted to the terminal, and a list of `columns` in the other modes, as `writeList` gives.
    func writeListing(_ columns: [String], _ rows: () -> [[ResultTable.Cell]], text: () -> String) {
        if [.text, .kwic].contains(format) { writeFitted(text()) } else { writeList(columns, rows()) }
    }
}

extension Loading {
    /// `loaded 3 documents, 120 turns, 410 utterances`, and, when the built-in reference document stays
    /// loaded beside others, how to leave it out.
    static func summary(of documents: [Document], in session: Session) -> String {
        let turns = documents.reduce(0) { $0 + $1.turns.count }
        let utterances = documents.reduce(0) { $0 + $1.utterances.count }
        let silent = documents.reduce(0) { $0 + $1.silentTurns }
        var line = "loaded \(plural(documents.count, "document")), \(plural(turns, "turn"))"
            + (silent > 0 ? " (\(silent) with no utterance)" : "") + ", \(plural(utterances, "utterance"))"
        if session.documents.count > documents.count,
           let reference = session.documents.first(where: { $0.path == EmbeddedReference.path }) {
            // `1953*` when that names the reference document alone; its whole id when other ids match too.
            let short = String(reference.id.prefix { $0 != "-" }) + "*"
            let pattern = session.documents.filter { fnmatch(short, $0.id, 0) == 0 }.count == 1 ? short : reference.id
            line += "; the built-in reference document '\(reference.id)' is loaded too (.unload \(pattern) leaves it out)"
        }
        return line
    }
}

/// The one quoting rule of every dot-command argument that is a file or a name: words are apart at
/// spaces, and a "quoted part" is one word, its quotes left out (`.export "my corpus.jsonl"`,
/// `.speakers "Rosa Maria"`).
enum Words {
    /// Splits command arguments at spaces, keeping "quoted parts" together.
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == " " && !quoted {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The file of a command that takes one: nil when the arguments hold none, or several words (a name
    /// with a space must be quoted, as `.load` and `.open`, which take several, need it).
    static func single(_ text: String) -> String? {
        let words = split(text)
        return words.count == 1 ? words[0] : nil
    }

    /// The error for a command that takes one file and was given several words.
    static func oneFileOnly(_ command: String, _ arguments: String) -> String {
        "'.\(command)' takes one file (in double quotes when its name holds a space), not '\(arguments)'"
    }

    /// A name that may hold spaces (a speaker, a document id): its words with one space between them, so
    /// `Rosa Maria` and `"Rosa Maria"` are the same name.
    static func name(_ text: String) -> String {
        split(text).joined(separator: " ")
    }
}
