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
            storeDefinition(session, arguments, command: "topic") { session.named.setTopic($0, $1) }
        }

    /// Parses the query and stores it; refuses a query that does not parse or that refers to itself.
    static func storeDefinition(_ session: Session, _ arguments: String, command: String,
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
            // Names are one name whatever their case and diacritics, as `NamedQueries` keys them.
            session.madeDefinitions.removeAll { TextFolding.fold($0) == TextFolding.fold(reference) }
            session.madeDefinitions.append(reference)
            session.definitionsSaved = false
        }
        // A definition that refers to itself, directly or through others, is refused now, not at use.
        let entry = command == "topic" ? session.named.topic(name) : session.named.definition(name)
        let evaluator = Evaluator(index: session.index, settings: session.settings, named: session.named, source: query.source)
        do {
            if let entry { try evaluator.checkReferences(entry, at: SourceRange(0, query.source.count)) }
        } catch {
            (session.named, session.madeDefinitions, session.definitionsSaved) = previous
            session.report([error.diagnostic], in: error.source)
            return .queryError
        }
        return .success
    }
}
