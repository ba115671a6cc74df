import Testing
@testable import LineEditing
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif


/// Reads a whole file as bytes.
func contents(of path: String) -> [UInt8] {
    guard let stream = fopen(path, "r") else { return [] }
    defer { fclose(stream) }
    var bytes: [UInt8] = []
    while case let byte = getc(stream), byte != EOF { bytes.append(UInt8(truncatingIfNeeded: byte)) }
    return bytes
}

/// The warnings an editor gave.
final class Warnings: @unchecked Sendable {
    var messages: [String] = []
    func record(_ message: String) { messages.append(message) }
}

@Suite("History file")
struct HistoryTests {
    @Test("a history round-trips through the file, non-ASCII and spaces included, with mode 0600")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("history")
        let warnings = Warnings()
        do {
            let editor = LineEditor(historyPath: path, warn: warnings.record)
            editor.remember("topic:ÁVH army")
            editor.remember("speaker:Beria \"collective leadership\"")
            #expect(editor.history == ["topic:ÁVH army", "speaker:Beria \"collective leadership\""])
        }
        let text = String(decoding: contents(of: path), as: UTF8.self)
        #expect(text.hasPrefix("_HiStOrY_V2_\n"))
        #expect(text.contains("topic:ÁVH\\040army"))
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)

        let again = LineEditor(historyPath: path, warn: warnings.record)
        #expect(again.history == ["topic:ÁVH army", "speaker:Beria \"collective leadership\""])
        #expect(warnings.messages.isEmpty)
    }

    @Test("two shells at once keep both their lines in the file")
    func twoShellsAtOnce() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("history")
        let warnings = Warnings()
        let first = LineEditor(historyPath: path, warn: warnings.record)
        let second = LineEditor(historyPath: path, warn: warnings.record)
        first.remember("alpha | count")
        second.remember("beta | count")
        first.remember("gamma | count")
        // Each shell's own list is its own lines; the file has all three, in the order entered.
        #expect(first.history == ["alpha | count", "gamma | count"])
        #expect(LineEditor(historyPath: path, warn: warnings.record).history == ["alpha | count", "beta | count", "gamma | count"])
        #expect(warnings.messages.isEmpty)
    }

    @Test("blank lines and repeats of the newest entry are not added, also across runs")
    func blankAndRepeated() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("history")
        let warnings = Warnings()
        do {
            let editor = LineEditor(historyPath: path, warn: warnings.record)
            for line in ["army", "", "   ", "army", "ÁVH", "army"] { editor.remember(line) }
            #expect(editor.history == ["army", "ÁVH", "army"])
        }
        let again = LineEditor(historyPath: path, warn: warnings.record)
        again.remember("army")
        #expect(again.history == ["army", "ÁVH", "army"])
        #expect(warnings.messages.isEmpty)
    }

    @Test("the history keeps its newest entries, in memory and in the file")
    func bounded() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("history")
        do {
            let editor = LineEditor(historyPath: path, historyLimit: 3, warn: { _ in })
            for number in 1...5 { editor.remember("query \(number)") }
            #expect(editor.history == ["query 3", "query 4", "query 5"])
        }
        let again = LineEditor(historyPath: path, historyLimit: 2, warn: { _ in })
        #expect(again.history == ["query 4", "query 5"])
    }

    @Test("a missing file is no problem and is created at the first line")
    func missing() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("history")
        let warnings = Warnings()
        let editor = LineEditor(historyPath: path, warn: warnings.record)
        #expect(editor.history.isEmpty)
        #expect(access(path, F_OK) != 0)
        editor.remember(".docs")
        #expect(access(path, F_OK) == 0)
        #expect(warnings.messages.isEmpty)
    }

    @Test("an empty file is no problem")
    func empty() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("history", "")
        let warnings = Warnings()
        let editor = LineEditor(historyPath: path, warn: warnings.record)
        editor.remember(".docs")
        #expect(warnings.messages.isEmpty)
        #expect(String(decoding: contents(of: path), as: UTF8.self).hasPrefix("_HiStOrY_V2_\n"))
    }

    @Test("a directory as the path gives exactly one warning, naming it")
    func directory() throws {
        let folder = try TemporaryFolder()
        let warnings = Warnings()
        let editor = LineEditor(historyPath: folder.path, warn: warnings.record)
        editor.remember("army")
        editor.remember("ÁVH")
        #expect(warnings.messages.count == 1)
        #expect(warnings.messages.first?.contains("'\(folder.path)'") == true)
        #expect(warnings.messages.first?.contains("is a directory") == true)
        #expect(editor.history == ["army", "ÁVH"])  // the session still has its history
    }

    @Test("an unwritable file gives exactly one warning, and is read but left unchanged",
          .enabled(if: geteuid() != 0, "root may write any file"))
    func unwritableFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("history", "_HiStOrY_V2_\narmy\n")
        chmod(path, 0o400)
        let warnings = Warnings()
        let editor = LineEditor(historyPath: path, warn: warnings.record)
        #expect(editor.history == ["army"])
        editor.remember("ÁVH")
        editor.remember("count")
        #expect(warnings.messages.count == 1)
        #expect(warnings.messages.first?.contains("'\(path)'") == true)
        #expect(contents(of: path) == Array("_HiStOrY_V2_\narmy\n".utf8))
    }

    @Test("a path below a regular file gives exactly one warning (unwritable even for root)")
    func pathBelowAFile() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("plain", "not a folder\n")
        let path = file + "/history"
        let warnings = Warnings()
        let editor = LineEditor(historyPath: path, warn: warnings.record)
        editor.remember("army")
        editor.remember("ÁVH")
        #expect(warnings.messages.count == 1)
        #expect(warnings.messages.first?.contains("'\(path)'") == true)
    }

    @Test("a file that fails to save gives one warning and no more attempts")
    func saveFails() throws {
        let folder = try TemporaryFolder()
        let inner = folder.file("inner")
        #expect(mkdir(inner, 0o700) == 0)
        let path = inner + "/history"
        let warnings = Warnings()
        let editor = LineEditor(historyPath: path, warn: warnings.record)
        #expect(warnings.messages.isEmpty)
        // The folder disappears after the editor started: the first save fails.
        #expect(rmdir(inner) == 0)
        editor.remember("army")
        editor.remember("ÁVH")
        #expect(warnings.messages.count == 1)
        #expect(warnings.messages.first?.hasPrefix("could not write history file '\(path)'") == true)
    }

    @Test("a damaged file (not libedit's format) gives one warning and is never overwritten")
    func damaged() throws {
        let folder = try TemporaryFolder()
        let original = "army\nspeaker:Beria\n"  // GNU readline's plain format
        let path = try folder.write("history", original)
        let warnings = Warnings()
        let editor = LineEditor(historyPath: path, warn: warnings.record)
        editor.remember("ÁVH")
        editor.remember("count")
        #expect(warnings.messages.count == 1)
        #expect(warnings.messages.first?.contains("'\(path)'") == true)
        #expect(warnings.messages.first?.contains("_HiStOrY_V2_") == true)
        #expect(contents(of: path) == Array(original.utf8))
        #expect(editor.history == ["ÁVH", "count"])
    }

    @Test("no path, an empty path and /dev/null mean no history file, without a warning")
    func noFile() {
        let warnings = Warnings()
        for path in [nil, ""] as [String?] {
            let editor = LineEditor(historyPath: path, warn: warnings.record)
            editor.remember("army")
            #expect(editor.history == ["army"])
        }
        // /dev/null is only classified here: a save there as root would chmod it.
        #expect(HistoryFile.check("/dev/null") == .off)
        #expect(warnings.messages.isEmpty)
    }

    @Test("a non-regular file other than /dev/null is refused")
    func device() {
        guard case .unusable(let message) = HistoryFile.check("/dev/zero") else {
            Issue.record("/dev/zero was accepted")
            return
        }
        #expect(message.contains("'/dev/zero' is not a regular file"))
    }
}
