import QueryEngine
import QueryLanguage
import TranscriptModel

extension Command {
    static let doc = Command(
        name: "doc", arguments: "ID|PREFIX[*]", summary: "show what was read from one document",
        help: """
            Shows a document's metadata, speakers, turns, editorial spans and figures, as `parley --check` does.
            A prefix of an id works when one document has it; `PREFIX*` shows every document whose id starts so.
            TAB completes ids.
            """,
        completion: .documents) { session, typed in
            let arguments = Words.name(typed)
            let every = arguments.hasSuffix("*")
            let prefix = (every ? String(arguments.dropLast()) : arguments).lowercased()
            guard !prefix.isEmpty || every else { return session.fail("'.doc' needs a document id; .docs lists them") }
            let exact = session.documents.filter { $0.id.lowercased() == prefix }
            let matching = session.documents.filter { $0.id.lowercased().hasPrefix(prefix) }
            let shown = !every && !exact.isEmpty ? exact : matching
            guard !shown.isEmpty else {
                let nearest = Suggestions.nearest(to: arguments, among: session.documents.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                return session.fail("no document '\(arguments)'\(nearest)")
            }
            guard every || shown.count == 1 else {
                return session.fail("'\(arguments)' could be " + shown.prefix(5).map { "'\($0.id)'" }.joined(separator: ", ")
                                    + (shown.count > 5 ? " and \(shown.count - 5) more" : "") + "; type more of the id, or '\(arguments)*' for all of them")
            }
            session.output.write(shown.map { CheckReport($0).text }.joined(separator: "\n"))
            return .success
        }
}
