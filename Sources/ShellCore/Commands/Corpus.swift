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
        name: "doc", arguments: "ID|PREFIX[*]", summary: "show what was read from one document",
        help: """
            Shows a document's metadata, speakers, turns, editorial spans and figures, as `parley --check` does.
            A prefix of an id works when one document has it; `PREFIX*` shows every document whose id starts so.
            TAB completes ids.
            """,
        completion: .documents) { session, arguments in
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

    static let speakers = Command(
        name: "speakers", arguments: "[PATTERN]", summary: "list the speakers, or those whose name starts with PATTERN",
        help: """
            Lists each speaker with the turns its labels open (turns spoken), its utterances (interjections
            included), the words in them (words spoken), the documents it speaks in, and the labels it was
            written as. `count` says "turns with a hit": the turns that hold a matched utterance, which for a
            speaker's interjections are other speakers' turns.
            """,
        completion: .none) { session, arguments in
            struct Row { var name: String; var turns = 0, utterances = 0, words = 0; var documents: Set<Int> = []; var labels: [String] = [] }
            var rows: [String: Row] = [:]
            var order: [String] = []
            for (d, document) in session.documents.enumerated() {
                let report = CheckReport(document)
                let keys = document.speakers.map { TextFolding.fold($0.name) }
                for (i, speaker) in document.speakers.enumerated() {
                    let key = keys[i]
                    if rows[key] == nil { order.append(key); rows[key] = Row(name: speaker.name) }
                    rows[key]?.turns += report.speakers[i].turns
                    rows[key]?.utterances += report.speakers[i].utterances
                    rows[key]?.documents.insert(d)
                    for label in speaker.labels where rows[key]?.labels.contains(label) == false { rows[key]?.labels.append(label) }
                }
                let first = session.index.documentStarts[d]
                for (u, utterance) in document.utterances.enumerated() {
                    if let s = utterance.speaker { rows[keys[s]]?.words += session.index.wordCount(first + u) }
                }
            }
            let pattern = TextFolding.fold(arguments)
            let shown = order.compactMap { rows[$0] }
                .filter { pattern.isEmpty || TextFolding.fold($0.name).split(separator: " ").contains { $0.hasPrefix(pattern) } || TextFolding.fold($0.name).hasPrefix(pattern) }
            if shown.isEmpty, !arguments.isEmpty {
                session.note("no speaker matches '\(arguments)'")
                return .success
            }
            session.output.write(Renderer(index: session.index, format: session.format.tabular).table(
                ["speaker", "turns spoken", "utterances", "words spoken", "documents", "labels"],
                shown.map { [$0.name, String($0.turns), String($0.utterances), String($0.words), String($0.documents.count), $0.labels.joined(separator: "; ")] }))
            return .success
        }
}

extension OutputFormat {
    /// The format lists of documents and speakers use: text and kwic print aligned columns.
    var tabular: OutputFormat { self == .kwic ? .text : self }
}

import QueryLanguage
