import QueryEngine
import TranscriptModel

extension Command {
    static let docs = Command(
        name: "docs", arguments: "", summary: "list the loaded documents",
        help: "Lists each document: its id (for `doc:`), date, turns, utterances and title.",
        completion: .none) { session, _ in
            let rows = session.documents.map { d in
                [d.id, d.date?.description ?? "", String(d.turns.count), String(d.utterances.count), d.title ?? ""]
            }
            session.output.write(Renderer(index: session.index, format: session.format.tabular).table(["id", "date", "turns", "utterances", "title"], rows))
            return .success
        }

    static let doc = Command(
        name: "doc", arguments: "ID", summary: "show what was read from one document",
        help: "Shows a document's metadata, speakers, turns, editorial spans and figures, as `parley --check` does.",
        completion: .none) { session, arguments in
            guard let document = session.documents.first(where: { $0.id == arguments })
                ?? session.documents.first(where: { $0.id.lowercased().hasPrefix(arguments.lowercased()) && !arguments.isEmpty }) else {
                let nearest = Suggestions.nearest(to: arguments, among: session.documents.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                return session.fail("no document '\(arguments)'\(nearest)")
            }
            session.output.write(CheckReport(document).text)
            return .success
        }

    static let speakers = Command(
        name: "speakers", arguments: "[PATTERN]", summary: "list the speakers, or those whose name starts with PATTERN",
        help: "Lists each speaker with the turns its labels open, its utterances and the labels it was written as.",
        completion: .none) { session, arguments in
            var counts: [String: (name: String, turns: Int, utterances: Int, labels: [String])] = [:]
            var order: [String] = []
            for document in session.documents {
                let report = CheckReport(document)
                for (i, speaker) in document.speakers.enumerated() {
                    let key = TextFolding.fold(speaker.name)
                    if counts[key] == nil { order.append(key); counts[key] = (speaker.name, 0, 0, []) }
                    counts[key]?.turns += report.speakers[i].turns
                    counts[key]?.utterances += report.speakers[i].utterances
                    for label in speaker.labels where counts[key]?.labels.contains(label) == false { counts[key]?.labels.append(label) }
                }
            }
            let pattern = TextFolding.fold(arguments)
            let rows = order.compactMap { counts[$0] }
                .filter { pattern.isEmpty || TextFolding.fold($0.name).split(separator: " ").contains { $0.hasPrefix(pattern) } || TextFolding.fold($0.name).hasPrefix(pattern) }
                .map { [$0.name, String($0.turns), String($0.utterances), $0.labels.joined(separator: "; ")] }
            if rows.isEmpty, !arguments.isEmpty {
                session.note("no speaker matches '\(arguments)'")
                return .success
            }
            session.output.write(Renderer(index: session.index, format: session.format.tabular).table(["speaker", "turns", "utterances", "labels"], rows))
            return .success
        }
}

extension OutputFormat {
    /// The format lists of documents and speakers use: text and kwic print aligned columns.
    var tabular: OutputFormat { self == .kwic ? .text : self }
}

import QueryLanguage
