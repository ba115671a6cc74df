import TranscriptFormats
import TranscriptModel

extension Command {
    static let check = Command(
        name: "check", arguments: "[ID]", summary: "report what the importer made of the loaded documents",
        help: """
            Prints the report of `parley --check` for every loaded document, or for the one whose id is given:
            turns per speaker, interjections, directions, editorial spans, figures, metadata, lines not placed,
            the doubtful labels (label-like lines not taken, and labels taken on weak evidence, each with its line
            and reason), and the sidecar of speaker rules applied and the lines it changed. In `.mode json` it
            prints the JSON of `parley --check --format json`.
            """,
        completion: .none) { session, arguments in
            let id = Words.name(arguments)
            let documents = id.isEmpty ? session.documents : session.documents.filter { $0.id == id }
            guard !documents.isEmpty else { return session.fail("no loaded document has the id '\(id)'; '.docs' lists them") }
            let reports = documents.map(CheckReport.init)
            if session.format == .json {
                session.output.write(JSON.object([("documents", .array(reports.map(\.json)))]).serialized() + "\n")
            } else {
                session.output.write(reports.map(\.text).joined(separator: "\n"))
            }
            return .success
        }
}
