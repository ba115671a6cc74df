import Foundation
import Testing

/// The real `parley` binary: exit statuses, scripts, pipes, and the shell in a real terminal (tmux).
@Suite(.serialized) struct EndToEndTests {
    /// The binary SwiftPM built beside this test bundle.
    static let binary: String = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("parley").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("parley").path
    }()

    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")

    /// The program does not link libcurl, nor Foundation's networking library that wraps it: they and the
    /// thirty libraries they need would be loaded into every run. `.connect` and `.push` load libcurl
    /// when they first speak to a server.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd"), "ldd lists a program's libraries on Linux alone"))
    func theProgramDoesNotLinkANetworkingLibrary() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        process.arguments = [Self.binary]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let libraries = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(libraries.contains("libFoundation"), "\(libraries)")
        #expect(!libraries.contains("libcurl") && !libraries.contains("FoundationNetworking"), "\(libraries)")
    }

    /// Without libcurl, speaking to a server fails in one line that says what to install, status 69.
    @Test func withoutLibcurlAServerCommandSaysWhatToInstall() throws {
        let outcome = try Self.run(["--server", "http://127.0.0.1:1", "-c", "* | count"],
                                   environment: ["PARLEY_LIBCURL": "/nonexistent/libcurl.so.4"])
        #expect(outcome.status == 69)
        #expect(outcome.errors.hasPrefix("error: cannot reach the ClickHouse server at http://127.0.0.1:1: libcurl, which Parley speaks HTTP with, cannot be loaded (/nonexistent/libcurl.so.4"), "\(outcome.errors)")
        #expect(outcome.errors.contains("apt-get install libcurl4), or name it in PARLEY_LIBCURL") && outcome.errors.split(separator: "\n").count == 1, "\(outcome.errors)")
    }

    struct Outcome { var status: Int32; var output: String; var errors: String }

    /// Runs the binary with `arguments` (and `input` on standard input), in a clean environment, from
    /// `directory` when one is given.
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                    directory: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        // A cache of snapshots of its own, so that no run finds another's snapshot and notes a rebuild.
        let cache = NSTemporaryDirectory() + "parley-e2e-cache-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: cache) }
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "PARLEYRC": "", "NO_COLOR": "1", "XDG_CACHE_HOME": cache]
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                       errors: String(decoding: errors, as: UTF8.self))
    }

    @Test func exitStatusesOfSpec() throws {
        #expect(try Self.run(["-c", "* | count", "--format", "json"]).output == "{\"utterances\": 72, \"turns\": 23, \"documents\": 1}\n")
        let error = try Self.run(["-c", "speaker:Beria OR"])
        #expect(error.status == 65)
        #expect(error.errors == "error: expected a search term after 'OR'\n  | speaker:Beria OR\n  |               ^^\n")
        #expect(try Self.run(["-c", "-army", "-c", "* | count"]).status == 0)
        let missing = try Self.run(["-c", "* | count", "/nonexistent/file.txt", Self.shared.appendingPathComponent("corpus/1987-07-north-testimony-hearing.txt").path])
        #expect(missing.status == 66)
        #expect(missing.errors.hasPrefix("error: /nonexistent/file.txt: no such file or directory\n"))
        #expect(try Self.run(["--format", "nonsense"]).status == 64)
        #expect(try Self.run(["-c", "army | count", "-c", ".expect 1"]).status == 1)
        #expect(try Self.run(["-c", "speaker:Berija | count"]).errors.hasPrefix("note: no speaker 'Berija'; did you mean 'Beria'?"))
    }

    @Test func scriptsFromAFileAndFromStandardInput() throws {
        let folder = NSTemporaryDirectory() + "parley-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "# questions\n* | count\nspeakr:Beria\n".write(toFile: folder + "/q.parley", atomically: true, encoding: .utf8)
        let script = try Self.run(["-f", folder + "/q.parley"])
        #expect(script.status == 65)
        #expect(script.output == "72 utterances, 23 turns with a hit, 1 document\n")
        #expect(script.errors.hasPrefix("\(folder)/q.parley:3:1: error: unknown field 'speakr'; did you mean 'speaker'?"))
        let piped = try Self.run([], input: "kind:interjection | count\n.expect 3\n")
        #expect(piped.status == 0)
        #expect(piped.output == "3 utterances, 2 turns with a hit, 1 document\n")
        #expect(try Self.run(["-f", folder + "/none.parley"]).status == 66)
    }

    @Test func replayPlaysASessionAndSaysWhereItDiffers() throws {
        let folder = NSTemporaryDirectory() + "parley-replay-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = "# Counting\nparley> * | count\n72 utterances, 23 turns with a hit, 1 document\n\n# Interjections\nparley> kind:interjection | count\n"
        try (session + "3 utterances, 2 turns with a hit, 1 document\n").write(toFile: folder + "/good.session", atomically: true, encoding: .utf8)
        try (session + "4 utterances\n").write(toFile: folder + "/bad.session", atomically: true, encoding: .utf8)
        let good = try Self.run(["--replay", folder + "/good.session", "--no-pause"])
        #expect(good.status == 0)
        #expect(good.output.contains("# Interjections\nparley> kind:interjection | count\n3 utterances, 2 turns with a hit, 1 document\n"))
        let bad = try Self.run(["--replay", folder + "/bad.session", "--no-pause"])
        #expect(bad.status == 1)
        #expect(bad.errors.contains("bad.session:6: the output differs from the recorded one"))
        #expect(bad.errors.contains("- 4 utterances\n+ 3 utterances, 2 turns with a hit, 1 document"))
    }

    @Test func aClosedPipeEndsQuietly() throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "'\(Self.binary)' -c '*' | head -1"]
        let out = Pipe(), err = Pipe()
        shell.standardOutput = out
        shell.standardError = err
        shell.environment = ["PARLEYRC": "", "PATH": "/usr/bin:/bin"]
        try shell.run()
        shell.waitUntilExit()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output.hasPrefix("[1953-06-13-kremlin-hungarian-delegation, turn 1, Malenkov, line 10]\n"))
        #expect(errors.isEmpty)
    }
}

/// The shell in a real terminal, driven through tmux: typing, TAB, history across runs, Ctrl-C, Ctrl-D.
@Suite(.serialized, .enabled(if: Terminal.tmux != nil, "tmux is not installed: the terminal tests need it (apt-get install tmux)"))
struct TerminalTests {
    @Test func typingCompletionHistoryAndLeaving() throws {
        let history = NSTemporaryDirectory() + "parley-history-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: history) }
        var terminal = try Terminal(EndToEndTests.binary, history: history)
        try terminal.waitFor(#"parley>\s*$"#)
        terminal.type("topic:ÁVH | count")
        terminal.press("Enter")
        try terminal.waitFor(#"\d+ utterances, \d+ turns with a hit, 1 document"#)
        // Keys typed before the next prompt is drawn are echoed ahead of it, and TAB's redraw then mixes the two.
        try terminal.waitFor(#"parley>\s*$"#)
        terminal.type("speaker:Rá")
        terminal.press("Tab")
        try terminal.waitFor(#"parley> speaker:Rákosi\s*$"#)
        terminal.type("| count")
        terminal.press("Enter")
        try terminal.waitFor(#"6 utterances, 5 turns with a hit, 1 document"#)
        try terminal.waitFor(#"parley>\s*$"#)
        terminal.press("C-d")
        try terminal.waitFor("EXITED=0")
        terminal.close()

        // A new run recalls the last line with Up.
        var again = try Terminal(EndToEndTests.binary, history: history)
        try again.waitFor(#"parley>\s*$"#)
        again.press("Up")
        try again.waitFor(#"parley> speaker:Rákosi \| count\s*$"#)
        again.press("C-u")
        again.type(".quit")
        again.press("Enter")
        try again.waitFor("EXITED=0")
        again.close()
    }

    /// Utterances of the reference document, counted from its file: body paragraphs (non-blank lines
    /// between the four header lines and the `Document Information` footer) and interjections.
    static var referenceUtterances: Int {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/reference/1953-06-13-kremlin-hungarian-delegation.txt")
        let body = ((try? String(contentsOf: file, encoding: .utf8)) ?? "").components(separatedBy: "Document Information")[0]
        let paragraphs = body.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count - 4
        let interjections = (try? NSRegularExpression(pattern: #"\((?:Cde\. |Comrade )?\w+: "#))?
            .numberOfMatches(in: body, range: NSRange(body.startIndex..., in: body)) ?? 0
        return paragraphs + interjections
    }

    @Test func theScreenIsCutWithHowToSeeTheRestAndAFileGetsEverything() throws {
        let file = NSTemporaryDirectory() + "parley-all-" + UUID().uuidString + ".csv"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let total = Self.referenceUtterances
        var terminal = try Terminal(EndToEndTests.binary, history: "")
        try terminal.waitFor(#"parley>\s*$"#)
        terminal.type("*")
        terminal.press("Enter")
        try terminal.waitFor(#"^\.\.\. \#(total - 20) more not shown; \.limit 0 shows them all$"#)
        for line in [".mode csv", ".output \(file)", "*", ".output"] {
            terminal.type(line)
            terminal.press("Enter")
        }
        terminal.type(".mode text")
        terminal.press("Enter")
        // kwic lines fit the window (120 columns here), and the match is coloured, not bracketed.
        terminal.type("army | kwic")
        terminal.press("Enter")
        try terminal.waitFor(#"^1953-06-13-kremlin-hungarian-delegation:\d+ .*[Aa]rmy"#)
        let coloured = try terminal.tmux(["capture-pane", "-e", "-p", "-t", terminal.name])
        // tmux writes bold yellow as two sequences.
        #expect(coloured.contains("\u{1B}[33mArmy\u{1B}[0m") || coloured.contains("\u{1B}[33marmy\u{1B}[0m"))
        #expect(!terminal.screen.contains("⟦"))
        let kwic = terminal.screen.split(separator: "\n").filter { $0.contains("rmy") && $0.hasPrefix("1953") }
        #expect(!kwic.isEmpty && kwic.allSatisfy { $0.count <= 120 })
        // TAB completes a document id after .doc, typed once the prompt is back.
        try terminal.waitFor(#"parley>\s*$"#)
        terminal.type(".doc 19")
        terminal.press("Tab")
        try terminal.waitFor(#"parley> \.doc 1953-06-13-kremlin-hungarian-delegation\s*$"#)
        terminal.press("C-u")
        terminal.type(".quit")
        terminal.press("Enter")
        try terminal.waitFor("EXITED=0")
        terminal.close()
        let rows = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "doc,turn,speaker,kind,line,text,title,date,time,label,page")
        #expect(rows.count == total + 1, "the file holds every hit, not the screen's 20")
    }

    @Test func replayDropsKeysTypedWhileItWrites() throws {
        let folder = NSTemporaryDirectory() + "parley-replay-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A long input takes seconds to type: keys pressed meanwhile must not show or run it.
        let query = "(army OR leadership OR persecutions OR Rákosi OR Nagy OR collective OR agriculture) | count"
        try "# One step\nparley> \(query)\n\n# Two\nparley> kind:interjection | count\n".write(toFile: folder + "/s.session", atomically: true, encoding: .utf8)
        var terminal = try Terminal(EndToEndTests.binary, history: "", arguments: ["--replay", folder + "/s.session"])
        try terminal.waitFor(#"^parley> \(army"#)
        terminal.type("zzz")
        terminal.press("Enter")
        try terminal.waitFor(#"agriculture\) \| count$"#, seconds: 30)
        Thread.sleep(forTimeInterval: 0.5)
        // Typed and waiting: the early Enter was dropped, and nothing typed is on the screen.
        #expect(!terminal.screen.contains("zzz"))
        #expect(!terminal.screen.contains("turns with a hit"))
        terminal.press("Enter")
        try terminal.waitFor(#"^\d+ utterances, \d+ turns with a hit, 1 document$"#, seconds: 30)
        try terminal.waitFor(#"parley> kind:interjection \| count$"#, seconds: 30)
        // Keys that arrive before the prompt waits are dropped: give it a moment, as a reader does.
        Thread.sleep(forTimeInterval: 0.5)
        terminal.press("Enter")
        try terminal.waitFor("EXITED=", seconds: 30)
        terminal.close()
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: EndToEndTests.shared.appendingPathComponent("bench/gen_corpus.py").path),
                   "../shared/bench/gen_corpus.py is not beside the clone: the slow query needs a generated corpus"))
    func controlCCancelsASlowQuery() throws {
        let corpus = NSTemporaryDirectory() + "parley-slow-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generate.arguments = ["python3", EndToEndTests.shared.appendingPathComponent("bench/gen_corpus.py").path, "--turns", "10000", "--out", corpus]
        generate.standardError = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        try #require(generate.terminationStatus == 0, "gen_corpus.py failed")
        var terminal = try Terminal(EndToEndTests.binary, history: "", arguments: [corpus])
        try terminal.waitFor(#"parley>\s*$"#, seconds: 60)
        // A regular expression whose automaton is large runs for seconds over the corpus.
        terminal.type(#"/(\w+\s+){8}qqq/ | count"#)
        terminal.press("Enter")
        Thread.sleep(forTimeInterval: 1)
        terminal.press("C-c")
        try terminal.waitFor(#"^cancelled$"#, seconds: 20)
        try terminal.waitFor(#"parley>\s*$"#)
        terminal.type("* | count")
        terminal.press("Enter")
        try terminal.waitFor(#"\d+ utterances, 10000 turns with a hit, 50 documents"#, seconds: 20)
        terminal.press("C-d")
        try terminal.waitFor("EXITED=0")
        terminal.close()
    }

    /// A load in the shell that takes more than a second shows its progress, and Ctrl-C stops it: `.load`
    /// adds nothing and `.open` leaves the corpus loaded before.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: EndToEndTests.shared.appendingPathComponent("bench/gen_corpus.py").path),
                   "../shared/bench/gen_corpus.py is not beside the clone: the slow load needs a generated corpus"))
    func controlCStopsALoadThatShowsProgress() throws {
        let corpus = NSTemporaryDirectory() + "parley-big-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generate.arguments = ["python3", EndToEndTests.shared.appendingPathComponent("bench/gen_corpus.py").path,
                              "--turns", "200000", "--turns-per-doc", "400", "--seed", "7", "--out", corpus]
        generate.standardError = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        try #require(generate.terminationStatus == 0, "gen_corpus.py failed")
        var terminal = try Terminal(EndToEndTests.binary, history: "")
        try terminal.waitFor(#"parley>\s*$"#)
        for (command, stays) in [(".load", "the documents loaded before stay"), (".open", "what was loaded before stays")] {
            terminal.type("\(command) \(corpus)")
            terminal.press("Enter")
            try terminal.waitFor(#"loading: \d+ of 501 files, [\d.]+ MB, [\d.]+ MB/s"#, seconds: 30)
            terminal.press("C-c")
            try terminal.waitFor(#"^cancelled: nothing was loaded; \#(stays)$"#, seconds: 20)
            try terminal.waitFor(#"parley>\s*$"#)
            terminal.type("* | count")
            terminal.press("Enter")
            try terminal.waitFor(#"^\#(TerminalTests.referenceUtterances) utterances, \d+ turns with a hit, 1 document$"#)
            try terminal.waitFor(#"parley>\s*$"#)
            terminal.press("C-l")
        }
        terminal.press("C-d")
        try terminal.waitFor("EXITED=0")
        terminal.close()
        // Pressed while the shell reads the files it was started on, Ctrl-C ends the run before the prompt,
        // and no snapshot is written.
        var starting = try Terminal(EndToEndTests.binary, history: "", arguments: [corpus])
        try starting.waitFor(#"loading: \d+ of 501 files, [\d.]+ MB, [\d.]+ MB/s"#, seconds: 30)
        starting.press("C-c")
        try starting.waitFor(#"^cancelled: nothing was loaded$"#, seconds: 20)
        try starting.waitFor("EXITED=130")
        let kept = FileManager.default.enumerator(atPath: starting.cache)?.compactMap { $0 as? String } ?? []
        #expect(!kept.contains { $0.hasSuffix(".parley-index") }, "\(kept)")
        starting.close()
    }
}

/// A tmux session running one program, read by polling `capture-pane`.
struct Terminal {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let name = "parley-test-\(UUID().uuidString.prefix(8))"
    let socket = NSTemporaryDirectory() + "parley-tmux-\(UUID().uuidString.prefix(8))"
    /// The index cache of the program in the terminal: a folder of its own, never the user's.
    let cache = NSTemporaryDirectory() + "parley-tmux-cache-\(UUID().uuidString.prefix(8))"

    init(_ binary: String, history: String, arguments: [String] = []) throws {
        // As a user's terminal: the test runner's NO_COLOR is not passed on.
        let command = "env -u NO_COLOR PARLEY_HISTORY='\(history)' PARLEYRC= XDG_CACHE_HOME='\(cache)' LANG=C.UTF-8 '\(binary)' \(arguments.map { "'\($0)'" }.joined(separator: " ")); echo EXITED=$?; sleep 60"
        try tmux(["new-session", "-d", "-s", name, "-x", "120", "-y", "40", command])
    }

    /// Runs a tmux command and waits for its client to exit. `new-session` starts a server that keeps
    /// file descriptors of ours open, so commands other than `capture-pane` are spawned and reaped with
    /// waitpid, which does not wait for those descriptors as Foundation's Process does.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let argv = [Terminal.tmux ?? "/usr/bin/tmux", "-S", socket] + arguments
        guard arguments.first == "capture-pane" else {
            var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for fd: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
            var pid: pid_t = 0
            let cArguments = argv.map { strdup($0) } + [nil]
            defer { cArguments.forEach { free($0) } }
            guard posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ) == 0 else { throw CocoaError(.executableLoad) }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            return ""
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func type(_ text: String) { _ = try? tmux(["send-keys", "-t", name, "-l", text]) }
    func press(_ key: String) { _ = try? tmux(["send-keys", "-t", name, key]) }
    var screen: String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }

    /// Waits until the screen (trailing blank lines removed) matches `pattern`.
    func waitFor(_ pattern: String, seconds: Double = 10) throws {
        let regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        while Date() < deadline {
            text = screen.replacingOccurrences(of: #"\n+$"#, with: "", options: .regularExpression)
            if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("the screen never showed /\(pattern)/; it shows:\n\(text)")
        throw CancellationError()
    }

    mutating func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
        try? FileManager.default.removeItem(atPath: cache)
    }
}
