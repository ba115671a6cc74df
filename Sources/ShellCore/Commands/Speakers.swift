import QueryEngine
import QueryLanguage
import TranscriptModel

extension Command {
    static let speakers = Command(
        name: "speakers", arguments: "[PATTERN]", summary: "list the speakers, or those whose name starts with PATTERN",
        help: """
            Lists each speaker with the turns its labels open (turns spoken), its utterances (interjections
            included), the words in them (words spoken, not an editor's notes such as [inaudible]; under
            .editorial off without the words an editor inserted either, as count by counts them), the documents it speaks in, and the labels it was written as. `count` says "turns with a hit": the turns that hold a matched utterance, which for a
            speaker's interjections are other speakers' turns.
            """,
        completion: .speakers) { session, arguments in
            struct Row { var name: String; var turns = 0, utterances = 0, words = 0; var documents: Set<Int> = []; var labels: [String] = [] }
            var rows: [Int: Row] = [:]
            var order: [Int] = []
            // Speakers as the index joins them: by canonical name, with aliases, roles kept apart.
            let speakers = session.index.speakers
            for (d, document) in session.documents.enumerated() {
                let report = CheckReport(document)
                let keys = speakers.numbers[d].map { Int($0) }
                for (i, speaker) in document.speakers.enumerated() {
                    let key = keys[i]
                    if rows[key] == nil { order.append(key); rows[key] = Row(name: speakers.names[key]) }
                    rows[key]?.turns += report.speakers[i].turns
                    rows[key]?.utterances += report.speakers[i].utterances
                    rows[key]?.documents.insert(d)
                    for label in speaker.labels where rows[key]?.labels.contains(label) == false { rows[key]?.labels.append(label) }
                }
                let first = session.index.documentStarts[d]
                for (u, utterance) in document.utterances.enumerated() {
                    if let s = utterance.speaker { rows[keys[s]]?.words += session.index.wordCount(first + u, editorial: session.settings.editorial) }
                }
            }
            let written = Words.name(arguments)
            let pattern = TextFolding.fold(written)
            let shown = order.compactMap { rows[$0] }
                .filter { pattern.isEmpty || TextFolding.fold($0.name).split(separator: " ").contains { $0.hasPrefix(pattern) } || TextFolding.fold($0.name).hasPrefix(pattern) }
            if shown.isEmpty, !written.isEmpty {
                session.note("no speaker matches '\(written)'")
                return .success
            }
            session.writeList(["speaker", "turns spoken", "utterances", "words spoken", "documents", "labels"],
                              shown.map { [.text($0.name), .integer($0.turns), .integer($0.utterances), .integer($0.words), .integer($0.documents.count),
                                           .text($0.labels.joined(separator: "; "))] })
            return .success
        }
}
