import Foundation
import QueryEngine
import QueryLanguage

extension Command {
    static let topic = Command(
        name: "topic", arguments: "NAME = QUERY", summary: "define a topic, used as topic:NAME",
        help: """
            Names a query as a topic: `.topic security = ÁVH OR "Ministry of the Interior" OR arrest*`.
            `topic:security` then matches what the query matches. A topic may use other topics, but not itself.
            The shipped topics for the reference document are listed by `.topics`.
            """,
        completion: .query) { session, arguments in
            define(session, arguments, command: "topic") { session.named.setTopic($0, $1) }
        }

    static let define = Command(
        name: "define", arguments: "NAME = QUERY", summary: "name a query, used as @NAME",
        help: "Names any query: `.define purge = army purg*`, then `@purge speaker:Bulganin`.",
        completion: .query) { session, arguments in
            define(session, arguments, command: "define") { session.named.define($0, $1) }
        }

    static let topics = Command(
        name: "topics", arguments: "[save FILE]", summary: "list the topics and named queries, or save those made in this session",
        help: """
            Lists every topic (`topic:NAME`) and named query (`@NAME`) with its query. `.topics save FILE` writes
            the topics and definitions made in this session as a script of `.topic` and `.define` lines, which
            `.read FILE` (or `~/.parleyrc`) reads back.
            """,
        completion: .none) { session, arguments in
            let words = Words.split(arguments)
            if let first = words.first {
                guard first == "save", words.count == 2 else {
                    return session.fail("'.topics' takes nothing, or 'save FILE', not '\(arguments)'")
                }
                return saveDefinitions(session, to: session.resolve(words[1]))
            }
            var out = ""
            for entry in session.named.topics.values.sorted(by: { $0.name < $1.name }) {
                out += "topic:\(entry.name) = \(entry.query.source.text)\n"
            }
            for entry in session.named.definitions.values.sorted(by: { $0.name < $1.name }) {
                out += "@\(entry.name) = \(entry.query.source.text)\n"
            }
            session.output.write(out)
            return .success
        }

    /// Parses the query and stores it; refuses a query that does not parse or that refers to itself.
    private static func define(_ session: Session, _ arguments: String, command: String,
                               store: (String, ParsedQuery) -> Void) -> ExitStatus {
        guard let (name, text) = Commands.definition(arguments) else {
            return session.fail("'.\(command)' needs NAME = QUERY, as in '.\(command) security = ÁVH OR arrest*'")
        }
        let query = parseQuery(text)
        if query.hasErrors {
            session.report(query.diagnostics, in: query.source)
            return .queryError
        }
        if !query.stages.isEmpty {
            return session.fail("'.\(command) \(name)' names a search, not a pipeline: leave out '| \(CanonicalPrinter.print(query.stages[0]))'")
        }
        let previous = (session.named, session.madeDefinitions, session.definitionsSaved)
        store(name, query)
        if session.recordsDefinitions {
            let reference = command == "topic" ? "topic:\(name)" : "@\(name)"
            session.madeDefinitions.removeAll { $0.lowercased() == reference.lowercased() }
            session.madeDefinitions.append(reference)
            session.definitionsSaved = false
        }
        // A definition that refers to itself, directly or through others, is refused now, not at use.
        let entry = command == "topic" ? session.named.topic(name) : session.named.definition(name)
        let evaluator = Evaluator(index: session.index, settings: session.settings, named: session.named, source: query.source)
        do {
            if let entry { _ = try evaluator.expand(entry, at: SourceRange(0, query.source.count)) }
        } catch where error.diagnostic.id.rawValue == "self-reference" {
            (session.named, session.madeDefinitions, session.definitionsSaved) = previous
            session.report([error.diagnostic], in: error.source)
            return .queryError
        } catch {
            // Other problems (an unknown @NAME not yet defined) show when the query is used.
        }
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
            return session.fail("cannot write to '\(path)': \(problem)")
        }
        session.definitionsSaved = true
        session.note("wrote \(session.madeDefinitions.count) topics and definitions to '\(path)'")
        return .success
    }
}
