import QueryEngine
import QueryLanguage
import TranscriptModel

extension Command {
    static let who = Command(
        name: "who", arguments: "NAME", summary: "show what the sources state of a speaker",
        help: """
            Shows each speaker a name finds (as `speaker:` finds them): in which documents, under which labels, and
            what the sources state of them (party, role, sex, age), each with the dates it holds and where it is
            stated (ParlaMint's `listPerson`, a CHAT file's `@ID` line).
            """,
        completion: .query) { session, arguments in
            let wanted = Folding.fold(arguments.trimmingCharacters(in: " \"\t"))
            guard !wanted.isEmpty else { return session.fail("'.who' needs a speaker's name, as in '.who Beria'") }
            var out = ""
            for document in session.documents {
                for speaker in document.speakers {
                    let forms = ([speaker.name] + speaker.labels).map { SpeakerNames.Form(Folding.fold($0)) }
                    guard forms.contains(where: { $0.whole.contains(wanted) || $0.words.contains(wanted) }) else { continue }
                    out += "\(speaker.name)  (\(document.id)\(document.date.map { ", \($0)" } ?? ""))\n"
                    out += "  labels: \(speaker.labels.joined(separator: "; "))\n"
                    for a in speaker.attributes {
                        let dates = [a.from.map { "from \($0)" }, a.to.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
                        let now = a.holds(on: document.date) ? "" : " (not on this document's date)"
                        out += "  \(a.name): \(a.value)\(dates.isEmpty ? "" : " (\(dates))")\(now)  [\(a.source)]\n"
                    }
                }
            }
            guard !out.isEmpty else {
                let nearest = Suggestions.nearest(to: arguments, among: session.index.speakerNames).map { "; did you mean '\($0)'?" } ?? ""
                session.note("no speaker '\(arguments)'\(nearest)")
                return .success
            }
            session.output.write(out)
            return .success
        }
}
