import ArgumentParser
import Foundation
import ShellCore
import TranscriptFormats
import TranscriptModel

/// The `parley` command: argument parsing and wiring only.
@main
struct Parley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Ask questions of conversation transcripts.",
        discussion: """
            With no paths, Parley opens its built-in reference document: the Soviet leadership's \
            13 June 1953 conversation with the Hungarian delegation.
            """,
        version: ProgramVersion.current)

    @Argument(help: "Transcript files or folders (folders are read recursively). None: the reference document.")
    var paths: [String] = []

    @Option(name: .customShort("c"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Run a query or dot-command, print its output and exit; repeat to run several in order.", valueName: "query"))
    var commands: [String] = []

    @Option(name: .customShort("f"), help: ArgumentHelp("Run a script of queries and dot-commands, stop at the first error, and exit.", valueName: "script"))
    var script: String?

    @Flag(help: "Report what the importer made of each file: turns per speaker, interjections, editorial spans, figures, metadata, and lines it could not place.")
    var check = false

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Write the whole model of the paths as JSON Lines to this file, and exit.", valueName: "file"))
    var export: String?

    @Option(help: ArgumentHelp("Play an example session for a class: each step's comments, its input, Enter to run it, its output.", valueName: "session"))
    var replay: String?

    @Flag(name: .customLong("no-pause"), help: "With --replay: run straight through without waiting for Enter.")
    var noPause = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output (as when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Leave out notes (files skipped, unknown speakers, what a limit cut); warnings and errors are still written.")
    var quiet = false

    @Option(name: .customLong("format-in"), help: "Read every input in this format instead of detecting it: \(TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var formatIn: TranscriptFormat?

    @Option(help: ArgumentHelp("Load the paths (none: the reference document) into the ClickHouse cluster at this URL, replacing earlier pushes of the same files, and exit.", valueName: "url"))
    var push: String?

    @Option(help: ArgumentHelp("Ask the documents of the ClickHouse cluster at this URL instead of loaded files: the shell, -c queries or a script.", valueName: "url"))
    var server: String?

    @Option(name: .customLong("index"), help: ArgumentHelp("Keep snapshots of loaded corpora in this folder (default: $XDG_CACHE_HOME/parley, else ~/.cache/parley).", valueName: "dir"))
    var indexFolder: String?

    @Flag(name: .customLong("no-index"), help: "Neither read nor write a snapshot of the corpus: read and index the files.")
    var noIndex = false

    func validate() throws {
        if push != nil, server != nil || check || script != nil || !commands.isEmpty || export != nil || replay != nil {
            throw ValidationError("--push takes only paths")
        }
        if server != nil, !paths.isEmpty || check || export != nil || replay != nil {
            throw ValidationError("--server asks the cluster's documents; it takes no paths, --check, --export or --replay")
        }
        if noIndex, indexFolder != nil {
            throw ValidationError("--index and --no-index cannot be used together")
        }
        if check, !commands.isEmpty || script != nil {
            throw ValidationError("--check cannot be used with -c or -f")
        }
        if replay != nil, check || script != nil || !commands.isEmpty || !paths.isEmpty {
            throw ValidationError("--replay plays a session on the reference document; it takes no other paths, -c, -f or --check")
        }
        if script != nil, !commands.isEmpty {
            throw ValidationError("-c and -f cannot be used together")
        }
        if check, ![.text, .json].contains(format) {
            throw ValidationError("--check prints 'text' or 'json', not '\(format.rawValue)'")
        }
    }

    func run() throws {
        let output = StandardOutput()
        let environment = ProcessInfo.processInfo.environment
        let terminal = isatty(0) != 0 && isatty(1) != 0
        let color = terminal && !noColor && environment["NO_COLOR"].map(\.isEmpty) != false
        var loader = Loader(formatOverride: formatIn, progress: terminal && !paths.isEmpty ? LoadProgress().report : nil)
        if let written = environment["PARLEY_TEXT_FILE_ABOVE"], !written.isEmpty {
            if let size = IndexCache.size(written) {
                loader.spillsTextAbove = size
            } else {
                output.writeError("warning: PARLEY_TEXT_FILE_ABOVE: '\(written)' is not a size (bytes, or a number with K, M or G, "
                                  + "as in 64M); loads of \(Loader.defaultSpillSize >> 20)M or more keep their text in a file\n")
            }
        }
        var options = RunOptions(paths: paths, loader: loader, format: format, color: color,
                                 terminal: isatty(1) != 0, width: terminal ? terminalWidth() : nil,
                                 environment: environment)
        options.quiet = quiet
        options.endsProcess = true
        // Each `.load` and `.open` shows its own progress, timed from its own start.
        if terminal { options.loadProgress = { LoadProgress().report } }
        options.indexCache = noIndex ? nil : IndexCache.standard(folder: indexFolder, environment: environment)
        if let server {
            // The cluster's documents in place of files: every way of running below asks them.
            switch ServerRun.connect(server, environment: environment, output: output) {
            case .success(let corpus): options.server = corpus
            case .failure(let failure): throw ExitCode(failure.status.rawValue)
            }
        }
        let status: ExitStatus
        if let push {
            status = ServerRun.push(push, options: options, output: output)
        } else if let export {
            status = Run.commands([".export \(export)"], options: options, output: output)
        } else if let replay {
            status = Replay.run(replay, pause: !noPause, color: color, output: output)
        } else if check {
            status = Check.run(paths: paths, loader: options.loader, format: format, quiet: quiet, output: output)
        } else if !commands.isEmpty {
            status = Run.commands(commands, options: options, output: output)
        } else if let script {
            status = runScript(script, options: options, output: output)
        } else if isatty(0) == 0 {
            // Standard input that is not a terminal is a script.
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            status = Run.script(text, name: "<stdin>", folder: nil, options: options, output: output)
        } else {
            status = Interactive.run(options: options, output: output)
        }
        output.flush()
        if status != .success { throw ExitCode(status.rawValue) }
    }

    private func runScript(_ path: String, options: RunOptions, output: StandardOutput) -> ExitStatus {
        guard let data = FileManager.default.contents(atPath: path) else {
            output.writeError("error: cannot read script '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")\n")
            return .inputFailed
        }
        let folder = path.enclosingFolder
        return Run.script(String(decoding: data, as: UTF8.self), name: path, folder: folder.isEmpty ? "." : folder,
                          options: options, output: output)
    }
}

/// Progress of a load that takes more than a second, on one line of standard error:
/// `loading: 120 of 500 files, 11.3 MB, 40.2 MB/s`; the line is cleared when the load ends. One per load.
final class LoadProgress: @unchecked Sendable {
    private let start = Date()
    private let lock = NSLock()
    private var shown = Date.distantPast
    /// Reports come from the reading threads and can arrive out of order: one that arrives after the
    /// summary would leave a stray progress line.
    private var finished = false

    func report(done: Int, total: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = done == total
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 1 else { return }
        let megabytes = Double(bytes) / 1e6
        if finished {
            FileDescriptor.write("\r\u{1B}[K".utf8, to: 2)
            FileDescriptor.write(String(format: "loaded %d files, %.1f MB of text in %.1f s\n", total, megabytes, elapsed).utf8, to: 2)
        } else if now.timeIntervalSince(shown) > 0.2 {
            shown = now
            FileDescriptor.write(String(format: "\rloading: %d of %d files, %.1f MB, %.1f MB/s", done, total, megabytes, megabytes / elapsed).utf8, to: 2)
        }
    }
}

/// The terminal's width in columns, for wrapping `show` output.
func terminalWidth() -> Int? {
    var size = winsize()
    guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
}

extension OutputFormat: ExpressibleByArgument {}
extension TranscriptFormat: ExpressibleByArgument {}

/// Standard output and standard error, buffered. A closed pipe is no error: what would go to it is
/// dropped, without a word, and the run stops after the statement with the status it had so far
/// (`readerGone`), so that `parley -f checks.parley | head` still fails when a check failed.
final class StandardOutput: OutputSink {
    private var buffer: [UInt8] = []
    private(set) var readerGone = false
    private var errorReaderGone = false

    init() {
        signal(SIGPIPE, SIG_IGN)
    }

    func write(_ text: String) {
        guard !readerGone else { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func writeError(_ text: String) {
        flush()
        guard !errorReaderGone else { return }
        if FileDescriptor.write(text.utf8, to: 2) == .readerGone { errorReaderGone = true }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        if FileDescriptor.write(buffer, to: 1) == .readerGone { readerGone = true }
        buffer.removeAll(keepingCapacity: true)
    }
}

enum FileDescriptor {
    enum Outcome { case written, readerGone }

    /// Writes all of `bytes`, or says that the reader has gone away (EPIPE: a closed pipe, as `head`
    /// leaves it), which is no error. When results cannot be written otherwise (a full disk), says so and
    /// stops with status 70, rather than lose them in silence.
    @discardableResult
    static func write(_ bytes: some Sequence<UInt8>, to fd: Int32) -> Outcome {
        let data = Array(bytes)
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                return Foundation.write(fd, base + offset, data.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { return .readerGone }
                if fd == 1 {
                    write("error: cannot write the results: \(systemError())\n".utf8, to: 2)
                    exit(ExitStatus.internalError.rawValue)
                }
                return .written
            }
            offset += n
        }
        return .written
    }
}
