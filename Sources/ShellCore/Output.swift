import Foundation

/// Where ShellCore writes: results to one stream, errors and notes to the other. The terminal stays at
/// the edge (the `parley` target); tests collect the text in a `BufferOutput`.
public protocol OutputSink: AnyObject {
    /// Writes results (standard output).
    func write(_ text: String)
    /// Writes errors, warnings and notes (standard error).
    func writeError(_ text: String)
    /// Sends what was written on, at the end of each statement.
    func flush()
    /// Whether whoever reads the results went away (`parley ... | head` once `head` has its lines): what
    /// is written from then on is dropped, and the run stops after the statement, with its status so far.
    var readerGone: Bool { get }
}

extension OutputSink {
    public func flush() {}
    public var readerGone: Bool { false }
}

/// Collects what was written, for tests and for checking output in-process.
public final class BufferOutput: OutputSink {
    public private(set) var output = ""
    public private(set) var errors = ""

    public init() {}
    public func write(_ text: String) { output += text }
    public func writeError(_ text: String) { errors += text }
}

/// The error stream of a statement in a script: each `error:`, `warning:` and `note:` line gets the
/// statement's `FILE:LINE:1: ` before it, as a query's errors and `Session.fail` say where they stand.
/// Lines that name a place of their own (`corpus/names.tsv:3:1: warning: ...`) are left as they are.
final class PlacedMessages: OutputSink {
    let base: OutputSink
    let place: String

    init(_ base: OutputSink, place: String) {
        self.base = base
        self.place = place
    }

    func write(_ text: String) { base.write(text) }
    func flush() { base.flush() }
    var readerGone: Bool { base.readerGone }

    func writeError(_ text: String) {
        var placed = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex(of: "\n").map(rest.index(after:)) ?? rest.endIndex
            let line = rest[..<end]
            if ["error: ", "warning: ", "note: "].contains(where: line.hasPrefix) { placed += place }
            placed += line
            rest = rest[end...]
        }
        base.writeError(placed)
    }
}

/// Exit statuses of SPEC section 5 (the BSD sysexits values).
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case expectationFailed = 1
    case usage = 64
    case queryError = 65
    case inputFailed = 66
    /// A ClickHouse server unreachable, refusing the credentials, of another schema version, or lost.
    case unavailable = 69
    case internalError = 70
    /// Ctrl-C while the shell's first load read its files: the shell does not open (128 + SIGINT, as a
    /// shell reports a program Ctrl-C ended).
    case interrupted = 130
}

/// Output formats of `--format` and `.mode`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, kwic, table, json, csv, markdown

    /// The data format a file's name asks for (`answers.csv`, `rows.json`, `table.md`), in any case.
    init?(fileNamed path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": self = .csv
        case "json": self = .json
        case "md", "markdown": self = .markdown
        default: return nil
        }
    }

    /// The name a note gives the format.
    var name: String {
        switch self {
        case .csv, .json: rawValue.uppercased()
        case .markdown: "Markdown"
        default: rawValue
        }
    }
}
