import Foundation
import TranscriptFormats

extension Command {
    static let export = Command(
        name: "export", arguments: "FILE", summary: "write every loaded document as JSON Lines",
        help: """
            Writes the whole model (documents, speakers, turns, utterances, editorial spans, figures, metadata) as
            Parley's JSON Lines: a header line per document, then a line per utterance. Loading the file gives the
            same model back. It is written beside FILE under another name and takes FILE's place when complete,
            so a failed export leaves what was there. A name with a space goes in double quotes.
            """,
        completion: .path) { session, arguments in
            guard !arguments.isEmpty else { return session.fail("'.export' needs a file name, as in '.export corpus.jsonl'") }
            guard let file = Words.single(arguments) else { return session.fail(Words.oneFileOnly("export", arguments)) }
            let path = session.resolve(file)
            if let problem = WriteProblem.writeWhole(path, { write in try JSONLinesWriter.write(session.documents, to: write) }) {
                if problem.readerGone { return session.readerWentAway() }
                return session.fail("cannot write to '\(path)': \(problem.text)")
            }
            session.note("wrote \(plural(session.documents.count, "document")), \(plural(session.index.utteranceCount, "utterance")) to '\(path)'")
            return .success
        }
}
