import QueryEngine

extension Command {
    static let stopwords = Command(
        name: "stopwords", arguments: "", summary: "show which stop list `words` uses for each document",
        help: "Shows, for each document, the language whose stop list `words` leaves out, how it was chosen (the "
            + "document's metadata, or detected from its words, English when unsure) and how many words the list "
            + "holds. With PARLEY_STOPWORDS naming one file, that list applies to every document.",
        completion: .none) { session, _ in
            let lists = StopLists.standard
            let rows = session.documents.map { document -> [ResultTable.Cell] in
                if case .single(let list) = session.stopWords {
                    return [.text(document.id), .text("PARLEY_STOPWORDS"), .text("one list for every language"), .integer(list.count)]
                }
                let (code, reason) = lists.language(of: document)
                return [.text(document.id), .text(code), .text(reason), .integer(lists.lists[code]?.count ?? 0)]
            }
            session.writeList(["document", "list", "chosen by", "words"], rows)
            return .success
        }
}
