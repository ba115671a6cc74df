import ClickHouseBackend
import Foundation
import QueryEngine
import QueryLanguage
import TranscriptFormats
import TranscriptModel

/// `parley --push URL PATH...` and `parley --server URL -c ...`: the same loading, parser, diagnostics and
/// renderer as the shell, with a ClickHouse cluster holding the documents.
public enum ServerRun {
    /// Reads `paths` (none: the reference document) with Parley's importers and pushes them. Status 64 for
    /// a malformed URL, 69 when the server cannot be used, 66 at the end when a named path gave nothing.
    public static func push(_ url: String, options: RunOptions, output: OutputSink) -> ExitStatus {
        let address: ServerAddress
        do { address = try ServerAddress(url, environment: options.environment) } catch {
            output.writeError("error: \(error.description)\n")
            return .usage
        }
        // Loaded as the shell loads them: a file with another's text skipped, ids kept unique, each said once.
        let loaded = Loading.load(options.paths, loader: options.loader, output: output, quiet: options.quiet, mentionDoubtful: false)
        let status = push(loaded.documents, to: address, quiet: options.quiet, output: output)
        return status == .success && loaded.failed ? .inputFailed : status
    }

    /// Pushes documents already read (`parley --push`, `.push`): status 69 when the server cannot be used.
    static func push(_ documents: [Document], to address: ServerAddress, quiet: Bool, output: OutputSink) -> ExitStatus {
        do {
            let summary = try Pusher(connection: Connection(address)).push(documents)
            if !quiet {
                output.writeError("pushed \(plural(summary.documents, "document")), \(plural(summary.utterances, "utterance")), "
                                  + "\(plural(summary.tokens, "word form")) to \(address)\n")
            }
            return .success
        } catch {
            output.writeError("error: \(error.description)\n")
            return error.isUnavailable ? .unavailable : .internalError
        }
    }

    /// A statement as history and records keep it: the password of a `.push` or `.connect` URL replaced by `***`.
    public static func withoutPassword(_ statement: String) -> String {
        let trimmed = statement.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix(".push") || trimmed.hasPrefix(".connect") ? ServerAddress.redacted(statement) : statement
    }

    /// Connects to the cluster at `url` (`--server`, `.connect`): the corpus, or the status to stop with (64
    /// for a malformed URL, 69 when the server cannot be used), its one line already written.
    public static func connect(_ url: String, environment: [String: String], output: OutputSink) -> Result<ServerCorpus, StatusError> {
        let address: ServerAddress
        do { address = try ServerAddress(url, environment: environment) } catch {
            output.writeError("error: \(error.description)\n")
            return .failure(StatusError(status: .usage))
        }
        do {
            return .success(try ServerCorpus(connection: Connection(address)))
        } catch {
            output.writeError("error: \(error.description)\n")
            return .failure(StatusError(status: error.isUnavailable ? .unavailable : .internalError))
        }
    }

    /// A status to stop with, its message already written.
    public struct StatusError: Error {
        public let status: ExitStatus
    }
}
