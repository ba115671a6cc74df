import QueryEngine

extension Command {
    static let stopwords = Command(
        name: "stopwords", arguments: "", summary: "show which stop list `words` uses for each document",
        help: "Shows, for each document, the language whose stop list `words` leaves out, how it was chosen (the "
            + "document's metadata, or detected from its words, English when unsure) and how many words the list "
            + "holds. With PARLEY_STOPWORDS naming one file, that list applies to every document.",
        completion: .none) { session, _ in
            let lists = StopLists.standard
            let rows = session.documents.map { document -> [String] in
                if case .single(let list) = session.stopWords {
                    return [document.id, "PARLEY_STOPWORDS", "one list for every language", String(list.count)]
                }
                let (code, reason) = lists.language(of: document)
                return [document.id, code, reason, String(lists.lists[code]?.count ?? 0)]
            }
            session.writeList(["document", "list", "chosen by", "words"], rows)
            return .success
        }
}
