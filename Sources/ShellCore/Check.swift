import TranscriptFormats
import TranscriptModel

/// `parley --check PATH...`: reports what the importer made of each file.
public enum Check {
    /// Loads `paths` (none: the reference document), prints one report per document, and returns the
    /// exit status: 66 when a named path could not be read, else 0.
    public static func run(paths: [String], loader: Loader, format: OutputFormat, output: OutputSink) -> ExitStatus {
        let result = Loading.load(paths, loader: loader, output: output, mentionDoubtful: false)
        let reports = result.documents.map(CheckReport.init)
        switch format {
        case .json:
            output.write(JSON.object([("documents", .array(reports.map(\.json)))]).serialized() + "\n")
        default:
            output.write(reports.map(\.text).joined(separator: "\n"))
        }
        return result.failed ? .inputFailed : .success
    }
}

/// Loading as every command does it: the reference document when no paths are given, each message on
/// the error stream as it comes, and document ids kept unique.
public enum Loading {
    public static func load(_ paths: [String], loader: Loader, output: OutputSink, mentionDoubtful: Bool = true) -> LoadResult {
        guard !paths.isEmpty else {
            return LoadResult(documents: [Loader.embeddedReference()])
        }
        var result = loader.load(paths)
        for message in result.messages { output.writeError(message.description + "\n") }
        result.documents = Corpus(result.documents).documents
        if mentionDoubtful, let note = doubtfulNote(result.documents) { output.writeError(note + "\n") }
        return result
    }

    /// `note: 3 doubtful labels in 2 documents; '.check' lists them`, or nil when there are none: nothing
    /// doubtful is silent.
    public static func doubtfulNote(_ documents: [Document]) -> String? {
        let counts = documents.map(\.doubtfulLabels.count).filter { $0 > 0 }
        guard !counts.isEmpty else { return nil }
        let total = counts.reduce(0, +)
        return "note: \(plural(total, "doubtful label")) in \(plural(counts.count, "document")); '.check' (or 'parley --check') lists them"
    }
}
