import QueryEngine
import QueryLanguage
import TranscriptModel

extension Command {
    static let docs = Command(
        name: "docs", arguments: "", summary: "list the loaded documents",
        help: "Lists each document: its id (for `doc:`), date, turns, utterances and title.",
        completion: .none) { session, _ in
            let rows = session.documents.map { d -> [ResultTable.Cell] in
                [.text(d.id), .text(d.date?.description ?? ""), .integer(d.turns.count), .integer(d.utterances.count), .text(d.title ?? "")]
            }
            session.writeList(["id", "date", "turns", "utterances", "title"], rows)
            return .success
        }
}
