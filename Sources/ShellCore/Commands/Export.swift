import Foundation
import TranscriptFormats

extension Command {
    static let export = Command(
        name: "export", arguments: "FILE", summary: "write every loaded document as JSON Lines",
        help: """
            Writes the whole model (documents, speakers, turns, utterances, editorial spans, figures, metadata) as
            Parley's JSON Lines: a header line per document, then a line per utterance. Loading the file gives the
            same model back.
            """,
        completion: .path) { session, arguments in
            guard !arguments.isEmpty else { return session.fail("'.export' needs a file name, as in '.export corpus.jsonl'") }
            let path = session.resolve(arguments)
            do {
                try JSONLinesWriter.write(session.documents).write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                return session.fail("cannot write to '\(path)': \(WriteProblem.reason(path, errno: WriteProblem.code(of: error)))")
            }
            session.note("wrote \(plural(session.documents.count, "document")), \(plural(session.index.utteranceCount, "utterance")) to '\(path)'")
            return .success
        }
}
