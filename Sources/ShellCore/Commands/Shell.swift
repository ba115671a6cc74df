import QueryEngine

extension Command {
    static let mode = Command(
        name: "mode", arguments: "text|kwic|table|json|csv|markdown", summary: "set how results are printed",
        help: "`.mode csv` prints the results of the queries that follow as CSV; `--format` sets it from the command line.",
        completion: .choices(OutputFormat.allCases.map(\.rawValue))) { session, arguments in
            if arguments.isEmpty { return session.showSetting("mode", session.format.rawValue) }
            guard let format = OutputFormat(rawValue: arguments.lowercased()) else {
                let nearest = Suggestions.nearest(to: arguments, among: OutputFormat.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                return session.fail("'.mode' takes text, kwic, table, json, csv or markdown, not '\(arguments)'\(nearest)")
            }
            session.format = format
            return .success
        }

    static let limit = Command(
        name: "limit", arguments: "N", summary: "cut results after N (0: no limit)",
        help: """
            `.limit N` cuts `show` and `kwic` results after N wherever they go (the screen, a pipe, an `.output`
            file); `.limit 0` never cuts. With no `.limit`, results shown on a terminal are cut after 20 and
            others are not cut. On a terminal a line says how many more there are; elsewhere a note on the
            error stream does, so CSV, JSON and Markdown hold nothing but data. `.limit` alone shows the limit.
            """,
        completion: .none) { session, arguments in
            if arguments.isEmpty { return session.showSetting("limit", session.limitDescription) }
            guard let n = Int(arguments), n >= 0 else { return session.fail("'.limit' takes a number (0 for no limit), not '\(arguments)'") }
            session.limit = n
            return .success
        }

    static let timer = Command(
        name: "timer", arguments: "on|off", summary: "print how long each query took",
        help: "`.timer on` prints each query's time on the error stream, so results stay clean.",
        completion: .choices(["on", "off"])) { session, arguments in
            switch arguments.lowercased() {
            case "": return session.showSetting("timer", session.timer ? "on" : "off")
            case "on": session.timer = true
            case "off": session.timer = false
            default: return session.fail("'.timer' takes on or off, not '\(arguments)'")
            }
            return .success
        }

    static let history = Command(
        name: "history", arguments: "", summary: "list the lines typed before",
        help: "Lists the shell's history, oldest first; it is kept across runs in ~/.parley_history (or $PARLEY_HISTORY).",
        completion: .none) { session, _ in
            guard let lines = session.history() else {
                session.note("there is no history outside the interactive shell")
                return .success
            }
            var out = ""
            for (i, line) in lines.enumerated() { out += String(i + 1).leftPadding(5) + "  " + line + "\n" }
            session.output.write(out)
            return .success
        }

    static let show = Command(
        name: "show", arguments: "", summary: "show the settings",
        help: "Shows the output mode, scope, context, editorial setting, limit, timer, output file and what is loaded.",
        completion: .none) { session, _ in
            let rows: [[String]] = [
                ["mode", session.format.rawValue],
                ["within", session.settings.scope.rawValue],
                ["context", String(session.context)],
                ["editorial", session.settings.editorial ? "on" : "off"],
                ["limit", session.limitDescription],
                ["echo", session.echo ? "on" : "off"],
                ["timer", session.timer ? "on" : "off"],
                ["output", session.outputFile?.path ?? "screen"],
                ["documents", String(session.documents.count)],
                ["utterances", String(session.index.utteranceCount)],
            ]
            session.output.write(rows.map { $0[0].padding(11) + $0[1] }.joined(separator: "\n") + "\n")
            return .success
        }

    static let expect = Command(
        name: "expect", arguments: "N", summary: "in scripts: fail unless the last query matched N utterances",
        help: "`.expect 3` after a query makes a script stop with status 1 unless that query matched 3 utterances.",
        completion: .none) { session, arguments in
            guard let n = Int(arguments), n >= 0 else { return session.fail("'.expect' takes a number of utterances, not '\(arguments)'") }
            guard let matched = session.lastMatched else { return session.fail("'.expect \(n)' needs a query before it") }
            guard matched == n else {
                return session.fail("expected \(plural(n, "utterance")), but the last query matched \(matched)", status: .expectationFailed)
            }
            return .success
        }

    static let quit = Command(
        name: "quit", arguments: "", summary: "leave Parley",
        help: "Leaves the shell (Ctrl-D does too); in a script, stops it without an error.",
        completion: .none) { session, _ in
            if session.interactive, !session.definitionsSaved, !session.quitWarned, !session.madeDefinitions.isEmpty {
                session.quitWarned = true
                session.note("\(session.madeDefinitions.joined(separator: ", ")) \(session.madeDefinitions.count == 1 ? "was" : "were") made in this session and not saved; '.topics save FILE' keeps them, '.quit' again leaves without")
                return .success
            }
            session.quitRequested = true
            return .success
        }
}

import QueryLanguage
