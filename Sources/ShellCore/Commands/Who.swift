import QueryEngine
import QueryLanguage
import TranscriptModel

extension Command {
    static let who = Command(
        name: "who", arguments: "NAME", summary: "show what the sources state of a speaker",
        help: """
            Shows each speaker a name finds (as `speaker:` finds them): in which documents, under which labels, and
            what the sources state of them (party, role, sex, age), each with the dates it holds and where it is
            stated (ParlaMint's `listPerson`, a CHAT file's `@ID` line). In `.mode table`, `json`, `csv` or
            `markdown`, a row for each speaker in each document: `speaker`, `doc`, `date`, `labels`, `stated`.
            """,
        completion: .speakers) { session, arguments in
            // The name is read as `speaker:` reads its value (prefix, fuzzy, regex, aliases), so `.who` shows
            // exactly the speakers `speaker:NAME` finds.
            let text = arguments.trimmingCharacters(in: " \t")
            guard !text.isEmpty else { return session.fail("'.who' needs a speaker's name, as in '.who Beria'") }
            let parsed = parseQuery(text)
            let term: Term
            if case .term(let written) = parsed.expression.kind, !parsed.hasErrors { term = written } else { term = Term(.phrase(proximity: nil), text, range: .point(0)) }
            let numbers: Set<Int>
            do throws(EvaluationError) {
                numbers = Set(try Evaluator(index: session.index, settings: session.settings, named: session.named,
                                            source: parsed.source).speakerNumbers(matching: term))
            } catch {
                session.report([error.diagnostic], in: error.source)
                return .queryError
            }
            // One row for each speaker in each document: its name, the document, its labels, and what is stated.
            var rows: [(name: String, document: Document, labels: [String], stated: [String])] = []
            let tables = session.index.speakers
            for (d, document) in session.documents.enumerated() {
                for (i, speaker) in document.speakers.enumerated() where numbers.contains(Int(tables.numbers[d][i])) {
                    let stated = speaker.attributes.map { a in
                        let dates = [a.from.map { "from \($0)" }, a.to.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
                        let now = a.holds(on: document.date) ? "" : " (not on this document's date)"
                        return "\(a.name): \(a.value)\(dates.isEmpty ? "" : " (\(dates))")\(now)  [\(a.source)]"
                    }
                    rows.append((tables.names[Int(tables.numbers[d][i])], document, speaker.labels, stated))
                }
            }
            guard !rows.isEmpty else {
                let nearest = Suggestions.nearest(to: arguments, among: session.index.speakerNames).map { "; did you mean '\($0)'?" } ?? ""
                session.note("no speaker '\(arguments)'\(nearest)")
                return .success
            }
            session.writeListing(["speaker", "doc", "date", "labels", "stated"], {
                rows.map { row in
                    [.text(row.name), .text(row.document.id), .text(row.document.date?.description ?? ""),
                     .text(row.labels.joined(separator: "; ")), .text(row.stated.joined(separator: "; "))]
                }
            }, text: {
                rows.map { row in
                    "\(row.name)  (\(row.document.id)\(row.document.date.map { ", \($0)" } ?? ""))\n  labels: \(row.labels.joined(separator: "; "))\n"
                        + row.stated.map { "  \($0)\n" }.joined()
                }.joined()
            })
            return .success
        }
}

