import Foundation
import QueryLanguage

extension Command {
    static let unload = Command(
        name: "unload", arguments: "ID|PATTERN...", summary: "remove documents from the session",
        help: """
            Removes the documents with these ids, or whose ids match a pattern with `*` (`.unload 1953*`);
            `.docs` lists the ids. The others stay loaded, and `.load` can bring a document back.
            """,
        completion: .documents) { session, arguments in
            let patterns = Words.split(arguments)
            guard !patterns.isEmpty else { return session.fail("'.unload' needs a document id or a pattern, as in '.unload 1953*'") }
            var gone: Set<String> = []
            for pattern in patterns {
                let matching = session.documents.filter { fnmatch(pattern, $0.id, 0) == 0 }.map(\.id)
                guard !matching.isEmpty else {
                    let nearest = Suggestions.nearest(to: pattern, among: session.documents.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                    return session.fail("no document '\(pattern)'\(nearest)")
                }
                gone.formUnion(matching)
            }
            session.replace(with: session.documents.filter { !gone.contains($0.id) })
            session.note("unloaded \(plural(gone.count, "document")); \(plural(session.documents.count, "document")) \(session.documents.count == 1 ? "stays" : "stay") loaded")
            return .success
        }
}
