internal import CLineEdit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading a line gave.
public enum LineResult: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C at the prompt: the typed text is dropped and the caller shows a fresh prompt.
    case interrupted
    /// Ctrl-D on an empty line, or the end of standard input.
    case endOfInput
}

/// Parley's line editor: libedit's editing, a history file kept across runs, and TAB completion
/// through `complete`. The only part of Parley that talks to the terminal.
///
/// ```
/// let editor = LineEditor(historyPath: path, warn: { note("warning: \($0)") })
/// editor.complete = { line, word in shell.completions(line: line, word: word) }
/// while case .line(let text) = editor.readLine(prompt: "parley> ") { ... editor.remember(text) }
/// ```
///
/// It uses libedit only when standard input and output are both terminals (`isInteractive`);
/// otherwise `readLine` reads plain lines. Use one editor at a time: they would share the terminal.
public final class LineEditor {
    /// Called on TAB with the text of the line up to the cursor and the word that ends there
    /// (`line` always ends with `word`; words break at whitespace and `()|"`). Returns full
    /// replacement words for `word`: one is inserted with a space after it (none after a trailing
    /// `/`); several are replaced by their common prefix when it is longer than the word, and
    /// listed otherwise. Candidates are shown in the order given.
    public var complete: ((_ line: String, _ word: String) -> [String])?

    /// True when standard input and output are both terminals, so libedit edits the line.
    public let isInteractive: Bool

    /// libedit's history (a `History *`), shared with the editor for Up and Down; nil when disabled.
    private let historyStore: OpaquePointer?
    /// The most entries kept.
    private let historyLimit: Int
    /// Where the history is saved after each new entry; nil when there is no usable file.
    private var historySavePath: String?
    /// The editor (an `EditLine *`), made at the first interactive read.
    private var editor: OpaquePointer?
    /// The prompt libedit shows, as a C string this object owns.
    fileprivate var promptText: UnsafeMutablePointer<CChar>
    /// Columns the prompt takes on screen.
    private var promptWidth = 0
    private let warn: (String) -> Void
    private var hasWarned = false

    /// Sets the locale (the user's, or C.UTF-8 when it is not UTF-8) before any libedit call, installs
    /// the Ctrl-C handler (`Interrupt.install()`), and reads the history file, keeping its newest
    /// `historyLimit` entries. A file that cannot be used (a directory, unreadable, unwritable, damaged)
    /// calls `warn` once with a message naming it, and the editor goes on without saving there;
    /// a missing file is created at the first `remember`. `nil`, `""` and `/dev/null` mean no file.
    public init(historyPath: String?, historyLimit: Int = 1000, warn: @escaping (String) -> Void) {
        TerminalLocale.useUTF8()
        self.warn = warn
        self.historyLimit = max(0, historyLimit)
        self.isInteractive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        self.promptText = Self.makeCString("")
        self.historyStore = historyLimit > 0 ? history_init() : nil
        Interrupt.install()
        if let store = historyStore {
            cle_history_set_size(store, Int32(clamping: self.historyLimit))
            cle_history_set_unique(store, 1)
            if let path = historyPath, !path.isEmpty {
                openHistory(at: path, into: store)
            }
        }
    }

    deinit {
        if let editor { el_end(editor) }
        if let historyStore { history_end(historyStore) }
        promptText.deallocate()
    }

    /// Reads one line with `prompt` ("parley> ", or a continuation prompt such as "   ...> ").
    /// After Ctrl-C it moves to a new line and returns `.interrupted`; after Ctrl-D it moves to a new
    /// line (libedit leaves the cursor on the prompt line) and returns `.endOfInput`.
    public func readLine(prompt: String) -> LineResult {
        guard isInteractive, let editor = editLine() else { return readPlainLine(prompt: prompt) }
        promptText.deallocate()
        promptText = Self.makeCString(prompt)
        promptWidth = WordCompletion.displayWidth(prompt)
        Interrupt.reset()
        var count: Int32 = 0
        if let text = el_gets(editor, &count), count > 0 {
            Interrupt.reset()
            return .line(Self.decodeLine(UnsafeRawBufferPointer(start: text, count: Int(count))))
        }
        if Interrupt.isRequested {
            Interrupt.reset()
            cle_write("^C\n")
            return .interrupted
        }
        cle_write("\n")
        return .endOfInput
    }

    /// Adds a line to the history (not a blank line, not a repeat of the newest entry) and saves the
    /// file. Remember a query typed over several lines as one line.
    public func remember(_ line: String) {
        guard let store = historyStore, line.contains(where: { !$0.isWhitespace }) else { return }
        if let newest = cle_history_newest(store), String(cString: newest) == line { return }
        guard cle_history_enter(store, line) >= 0 else { return }
        saveHistory(store, adding: line)
    }

    /// The history, oldest first (for `.history`).
    public var history: [String] {
        guard let store = historyStore, let oldest = cle_history_oldest(store) else { return [] }
        var entries = [String(cString: oldest)]
        while entries.count < max(historyLimit, 1), let next = cle_history_newer(store) {
            entries.append(String(cString: next))
        }
        return entries
    }

    // MARK: - The editor

    /// Makes the editor at first use, so a process that never reads from a terminal never sets one up.
    private func editLine() -> OpaquePointer? {
        if let editor { return editor }
        guard let made = cle_init("parley") else { return nil }
        cle_set_client_data(made, Unmanaged.passUnretained(self).toOpaque())
        cle_set_prompt(made, editorPrompt)
        cle_set_editor(made, "emacs")
        cle_set_signal_handling(made, 1)
        if let historyStore { cle_set_history(made, historyStore) }
        cle_add_function(made, "parley-complete", "Complete the word before the cursor", editorComplete)
        for (keys, command) in Self.bindings {
            cle_bind(made, keys, command)
        }
        el_source(made, nil)  // ~/.editrc (lines starting "parley:" apply only here) may rebind keys
        editor = made
        return made
    }

    /// TAB, and the keys libedit's readline emulation binds that its emacs map lacks.
    private static let bindings: [(String, String)] = [
        ("^I", "parley-complete"),
        ("^R", "em-inc-search-prev"),
        ("\\e[1~", "ed-move-to-beg"), ("\\e[4~", "ed-move-to-end"),
        ("\\e[7~", "ed-move-to-beg"), ("\\e[8~", "ed-move-to-end"),
        ("\\e[H", "ed-move-to-beg"), ("\\e[F", "ed-move-to-end"),
        ("\\e[3~", "ed-delete-next-char"),
        ("\\e[1;5C", "em-next-word"), ("\\e[1;5D", "ed-prev-word"),
        ("\\e[5C", "em-next-word"), ("\\e[5D", "ed-prev-word"),
        ("\\e\\e[C", "em-next-word"), ("\\e\\e[D", "ed-prev-word"),
    ]

    /// Without a terminal on both sides: plain lines, the prompt on standard error if input is a terminal.
    private func readPlainLine(prompt: String) -> LineResult {
        if isatty(STDIN_FILENO) == 1 { cle_write_error(prompt) }
        Interrupt.reset()
        if let line = Swift.readLine(strippingNewline: true) {
            return .line(line)
        }
        if Interrupt.isRequested {
            Interrupt.reset()
            cle_clear_input_error()
            return .interrupted
        }
        return .endOfInput
    }

    /// TAB: asks `complete` for candidates for the word before the cursor and edits the line.
    fileprivate func completeWord(in editor: OpaquePointer) -> UInt8 {
        // el_line converts the line afresh on every call; its pointers are not kept past this call.
        guard let complete, let info = el_line(editor)?.pointee,
              let start = info.buffer, let cursor = info.cursor, let end = info.lastchar,
              start <= cursor, cursor <= end
        else { return UInt8(CC_ERROR) }
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        let word = WordCompletion.word(before: before)
        switch WordCompletion.edit(word: word, candidates: complete(before, word)) {
        case .none:
            return UInt8(CC_ERROR)
        case .replace(let text):
            // libedit counts wide characters, one per Unicode scalar.
            el_deletestr(editor, Int32(clamping: word.unicodeScalars.count))
            _ = text.withCString { el_insertstr(editor, $0) }
            return UInt8(CC_REFRESH)
        case .list(let items):
            let reported = Int(cle_terminal_columns(STDOUT_FILENO))
            let width = reported > 0 ? reported : 80
            // Go below the last row of a line that wraps, print, and redraw from there: libedit's
            // CC_REDISPLAY would move up by the rows it believes it is on and erase the listing.
            let after = String(decoding: UnsafeRawBufferPointer(start: cursor, count: end - cursor), as: UTF8.self)
            let rowsBelow = WordCompletion.rowsBelowCursor(prompt: promptWidth, before: before, after: after, width: width)
            cle_write(String(repeating: "\n", count: rowsBelow + 1) + WordCompletion.columns(items, width: width))
            return cle_redraw(editor) == 1 ? UInt8(CC_NORM) : UInt8(CC_REDISPLAY)
        }
    }

    // MARK: - History file

    private func openHistory(at path: String, into store: OpaquePointer) {
        let status = HistoryFile.check(path)
        switch status {
        case .off:
            break
        case .missing, .empty:
            historySavePath = path
        case .unusable(let message):
            warnOnce(message)
        case .usable, .readOnly:
            guard cle_history_load(store, path) >= 0 else {
                warnOnce("could not read history file '\(path)'; it is left unchanged and history will not be saved")
                return
            }
            if case .readOnly(let message) = status {
                warnOnce(message)
            } else {
                historySavePath = path
            }
        }
    }

    /// Adds `line` to the file as it is now, so that two shells at once keep both their lines (each
    /// writing its own history whole kept the last one's only); the whole history when the file cannot
    /// be read back.
    private func saveHistory(_ store: OpaquePointer, adding line: String) {
        guard let path = historySavePath else { return }
        if let file = history_init() {
            defer { history_end(file) }
            cle_history_set_size(file, Int32(clamping: historyLimit))
            cle_history_set_unique(file, 1)
            if cle_history_load(file, path) >= 0 || access(path, F_OK) != 0 {
                cle_history_enter(file, line)
                if cle_history_save(file, path) >= 0 { return }
            }
        }
        guard cle_history_save(store, path) >= 0 else {
            let reason = HistoryFile.describe(errno)
            historySavePath = nil
            warnOnce("could not write history file '\(path)': \(reason); history will not be saved")
            return
        }
    }

    /// History problems are reported once per editor, however many saves fail after.
    private func warnOnce(_ message: String) {
        guard !hasWarned else { return }
        hasWarned = true
        warn(message)
    }

    // MARK: - Helpers

    /// A NUL-terminated copy of `text` that the caller deallocates.
    private static func makeCString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (offset, byte) in bytes.enumerated() {
            (buffer + offset).initialize(to: CChar(bitPattern: byte))
        }
        (buffer + bytes.count).initialize(to: 0)
        return buffer
    }

    /// The line libedit returned, without its line ending; invalid UTF-8 becomes U+FFFD.
    static func decodeLine(_ bytes: UnsafeRawBufferPointer) -> String {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
    }
}

/// libedit's prompt callback: the prompt of the editor that owns `editor`.
private func editorPrompt(_ editor: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    guard let editor, let owner = cle_client_data(editor) else { return noPrompt }
    return Unmanaged<LineEditor>.fromOpaque(owner).takeUnretainedValue().promptText
}

/// libedit's TAB callback: completion by the editor that owns `editor`.
private func editorComplete(_ editor: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let editor, let owner = cle_client_data(editor) else { return UInt8(CC_ERROR) }
    return Unmanaged<LineEditor>.fromOpaque(owner).takeUnretainedValue().completeWord(in: editor)
}

/// An empty prompt for the case that cannot happen (an editor without its owner): libedit
/// dereferences whatever the prompt callback returns. Written once, never changed.
nonisolated(unsafe) private let noPrompt: UnsafeMutablePointer<CChar> = {
    let empty = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    empty.initialize(to: 0)
    return empty
}()
