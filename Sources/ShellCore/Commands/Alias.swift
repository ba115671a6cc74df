import QueryEngine
import TranscriptModel

extension Command {
    static let alias = Command(
        name: "alias", arguments: "[NAME = CANONICAL]", summary: "make NAME another name of a speaker",
        help: """
            `.alias The Secretary = Kissinger` makes every speaker named `The Secretary` the speaker Kissinger, in
            every loaded document: `speaker:`, `mentions:`, `to:`, `count by speaker`, completion and `.speakers`
            all see one speaker. An alias that would lead back to itself is refused. `.alias` alone lists the
            aliases. A sidecar file (`NAME.speakers`) does the same for the documents it covers.
            """,
        completion: .speakers) { session, arguments in
            if arguments.isEmpty {
                let aliases = session.index.speakerIdentity.written
                session.output.write(aliases.isEmpty ? "no aliases\n" : aliases.map { "\($0.name) = \($0.canonical)\n" }.joined())
                return .success
            }
            guard let equals = arguments.firstIndex(of: "=") else {
                return session.fail("'.alias' needs NAME = CANONICAL, as in '.alias The Secretary = Kissinger'")
            }
            let name = Words.name(String(arguments[..<equals]))
            let canonical = Words.name(String(arguments[arguments.index(after: equals)...]))
            guard !name.isEmpty, !canonical.isEmpty else {
                return session.fail("'.alias' needs NAME = CANONICAL, as in '.alias The Secretary = Kissinger'")
            }
            var identity = session.index.speakerIdentity
            do throws(SpeakerIdentity.AliasCycle) {
                try identity.alias(name, as: canonical)
            } catch {
                return session.fail("'.alias \(name) = \(canonical)' would make a name stand for itself: " + error.chain.joined(separator: " → "))
            }
            if !session.documents.contains(where: { $0.speakers.contains { Folding.fold($0.name) == Folding.fold(name) || $0.labels.contains { Folding.fold($0) == Folding.fold(name) } } }) {
                session.note("no loaded speaker is named '\(name)'; the alias applies to documents loaded later")
            }
            session.setSpeakers(identity)
            return .success
        }
}
