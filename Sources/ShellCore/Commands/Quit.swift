import QueryEngine
import QueryLanguage

extension Command {
    static let quit = Command(
        name: "quit", arguments: "", summary: "leave Parley",
        help: "Leaves the shell (Ctrl-D at the `parley> ` prompt does too; at `   ...> ` it ends the statement half typed); in a script, stops it without an error.",
        completion: .none) { session, _ in
            if session.interactive, !session.definitionsSaved, !session.quitWarned, !session.madeDefinitions.isEmpty {
                session.quitWarned = true
                session.note("\(session.madeDefinitions.joined(separator: ", ")) \(session.madeDefinitions.count == 1 ? "was" : "were") made in this session and not saved; '.topics save FILE' keeps them, '.quit' again leaves without")
                return .success
            }
            session.quitRequested = true
            return .success
        }
}
