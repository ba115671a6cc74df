import QueryEngine
import QueryLanguage
import TranscriptModel

extension Command {
    static let docs = Command(
        name: "docs", arguments: "", summary: "list the loaded documents",
        help: "Lists each document: its id (for `doc:`), date, turns, utterances and title.",
        completion: .none) { session, _ in
            let rows = session.documents.map { d in
                [d.id, d.date?.description ?? "", String(d.turns.count), String(d.utterances.count), d.title ?? ""]
            }
            session.writeList(["id", "date", "turns", "utterances", "title"], rows)
            return .success
        }
}
