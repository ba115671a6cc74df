import QueryEngine
import QueryLanguage

extension Command {
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
}
