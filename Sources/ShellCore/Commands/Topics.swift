import Foundation
import QueryEngine
import QueryLanguage

extension Command {
    static let topics = Command(
        name: "topics", arguments: "[save FILE]", summary: "list the topics and named queries, or save those made in this session",
        help: """
            Lists every topic (`topic:NAME`) and named query (`@NAME`) with its query. `.topics save FILE` writes
            the topics and definitions made in this session as a script of `.topic` and `.define` lines, which
            `.read FILE` (or `~/.parleyrc`) reads back. In `.mode table`, `json`, `csv` or `markdown` the list has
            two columns, `name` and `query`.
            """,
        completion: .none) { session, arguments in
            let words = Words.split(arguments)
            if let first = words.first {
                guard first == "save", words.count == 2 else {
                    return session.fail("'.topics' takes nothing, or 'save FILE', not '\(arguments)'")
                }
                return saveDefinitions(session, to: session.resolve(words[1]))
            }
            let entries = session.named.topics.values.sorted(by: { $0.name < $1.name }).map { ("topic:" + $0.name, $0.query.source.text) }
                + session.named.definitions.values.sorted(by: { $0.name < $1.name }).map { ("@" + $0.name, $0.query.source.text) }
            // As text, the lines a script's `.topic` and `.define` would be read from; in the other modes a
            // list of two columns, as `.speakers` and `.docs` give.
            session.writeListing(["name", "query"], { entries.map { [.text($0.0), .text($0.1)] } },
                                 text: { entries.map { "\($0.0) = \($0.1)\n" }.joined() })
            return .success
        }

    /// Writes the topics and definitions made in the session as `.topic` and `.define` lines.
    private static func saveDefinitions(_ session: Session, to path: String) -> ExitStatus {
        var script = "# Topics and definitions made in a Parley session; `.read` this file to have them again.\n"
        for reference in session.madeDefinitions {
            let isTopic = reference.hasPrefix("topic:")
            let name = String(reference.drop { $0 != ":" && $0 != "@" }.dropFirst())
            guard let entry = isTopic ? session.named.topic(name) : session.named.definitions[TextFolding.fold(name)] else { continue }
            script += (isTopic ? ".topic " : ".define ") + entry.name + " = " + entry.query.source.text + "\n"
        }
        if let problem = WriteProblem.writeWhole(path, { write in try write(script) }) {
            if problem.readerGone { return session.readerWentAway() }
            return session.fail("cannot write to '\(path)': \(problem.text)")
        }
        session.definitionsSaved = true
        session.note("wrote \(session.madeDefinitions.count) topics and definitions to '\(path)'")
        return .success
    }
}
