import TranscriptFormats

/// `parley -c QUERY [-c QUERY ...] [PATH...]`: runs each query or dot-command in order, printing its
/// complete output, and stops at the first that fails.
public enum Batch {
    public static func run(_ commands: [String], paths: [String], loader: Loader, format: OutputFormat,
                           output: OutputSink) -> ExitStatus {
        let loaded = Loading.load(paths, loader: loader, output: output)
        let session = Session(documents: loaded.documents, output: output, format: format)
        for command in commands {
            let status = session.run(command)
            if status != .success { return status }
        }
        return loaded.failed ? .inputFailed : .success
    }
}
