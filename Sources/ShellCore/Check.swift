import TranscriptFormats
import TranscriptModel

/// `parley --check PATH...`: reports what the importer made of each file.
public enum Check {
    /// Loads `paths` (none: the reference document), prints one report per document, and returns the
    /// exit status: 66 when a named path could not be read, else 0.
    public static func run(paths: [String], loader: Loader, format: OutputFormat, quiet: Bool = false, output: OutputSink) -> ExitStatus {
        let result = Loading.load(paths, loader: loader, output: output, quiet: quiet, mentionDoubtful: false)
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
/// the error stream, files already loaded skipped, and document ids kept unique.
public enum Loading {
    /// Loads `paths` beside the documents `loaded` already holds: the result's documents are the new ones,
    /// with ids that do not clash with `loaded`'s. `quiet` drops notes (warnings and errors stay);
    /// `mentionDoubtful` adds a note when labels were taken or left on weak evidence.
    /// `digests`: SHA-256 digests of files by path, known beforehand (see `SourceFiles.Known`).
    public static func load(_ paths: [String], loader: Loader, output: OutputSink, beside loaded: [Document] = [],
                            quiet: Bool = false, mentionDoubtful: Bool = true, earlier: Loader.EarlierReading? = nil,
                            digests: [String: String]? = nil) -> LoadResult {
        guard !paths.isEmpty else {
            return LoadResult(documents: [Loader.embeddedReference()])
        }
        var result = loader.load(paths, earlier: earlier)
        // Stopped: nothing was loaded, and what its files said is of no use.
        if result.cancelled { return result }
        let (kept, skipped) = SourceFiles.withoutDuplicates(result.documents, beside: loaded, digests: digests)
        result.messages += skipped
        var corpus = Corpus(loaded)
        for document in kept {
            corpus.add(document)
            if let added = corpus.documents.last, added.id != document.id {
                result.messages.append(LoadMessage(.note, path: document.path, message: renamed + "\(document.id)', so this one is '\(added.id)'"))
            }
        }
        result.documents = Array(corpus.documents.dropFirst(loaded.count))
        for line in report(result.messages, quiet: quiet) { output.writeError(line + "\n") }
        if mentionDoubtful, !quiet, let note = doubtfulNote(result.documents) { output.writeError(note + "\n") }
        return result
    }

    /// How the note of a document whose id was taken begins.
    static let renamed = "another document is '"

    /// The messages as lines, in order; a note said of three files or more of one load is said once, where
    /// it first stands, with how many files and the first few of them.
    static func report(_ messages: [LoadMessage], quiet: Bool) -> [String] {
        var files: [String: [String]] = [:]
        for message in messages where message.severity == .note { files[message.group ?? message.message, default: []].append(message.path) }
        var lines: [String] = []
        var said: Set<String> = []
        for message in messages {
            guard message.severity == .note else {
                lines.append(message.description)
                continue
            }
            let group = message.group ?? message.message
            guard !quiet, let paths = files[group] else { continue }
            // Two files are each named in full; from three on, the note is said once with a count.
            if paths.count < 3 {
                lines.append(message.description)
            } else if said.insert(group).inserted {
                let shown = paths.prefix(3).joined(separator: ", ") + (paths.count > 3 ? " and \(paths.count - 3) more" : "")
                lines.append("note: \(paths.count) files: \(group): \(shown)")
            }
        }
        return lines
    }

    /// `note: 3 doubtful labels in 2 documents; '.check' lists them`, with the lines a reader could not
    /// place (`4 lines not placed in 1 document`), or nil when there are none: nothing doubtful or lost is
    /// silent. Web page chrome and markup skipped on purpose are not counted.
    public static func doubtfulNote(_ documents: [Document]) -> String? {
        func count(_ perDocument: [Int], _ noun: String, _ what: String = "") -> String? {
            let counts = perDocument.filter { $0 > 0 }
            guard !counts.isEmpty else { return nil }
            return "\(plural(counts.reduce(0, +), noun))\(what) in \(plural(counts.count, "document"))"
        }
        let said = [count(documents.map(\.doubtfulLabels.count), "doubtful label"),
                    count(documents.map { $0.unplacedLines.filter { !$0.isKnownLayout }.count }, "line", " not placed")]
            .compactMap { $0 }
        guard !said.isEmpty else { return nil }
        return "note: " + said.joined(separator: "; ") + "; '.check' (or 'parley --check') lists them"
    }
}
