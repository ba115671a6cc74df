import QueryEngine
import QueryLanguage

extension Command {
    static let history = Command(
        name: "history", arguments: "", summary: "list the lines typed before",
        help: "Lists the shell's history, oldest first; it is kept across runs in ~/.parley_history (or $PARLEY_HISTORY).",
        completion: .none) { session, _ in
            guard let lines = session.history() else {
                session.note("there is no history outside the interactive shell")
                return .success
            }
            var out = ""
            for (i, line) in lines.enumerated() { out += String(i + 1).leftPadding(5) + "  " + line + "\n" }
            session.output.write(out)
            return .success
        }
}
