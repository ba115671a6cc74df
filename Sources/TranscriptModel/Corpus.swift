/// The documents loaded in one session, with ids kept unique.
public struct Corpus: Sendable {
    public private(set) var documents: [Document] = []
    private var ids: Set<String> = []

    public init(_ documents: [Document] = []) {
        for document in documents { add(document) }
    }

    /// Adds a document; when its id is taken, it gets the first free `-2`, `-3` ... suffix.
    public mutating func add(_ document: Document) {
        var document = document
        if ids.contains(document.id) {
            var n = 2
            while ids.contains("\(document.id)-\(n)") { n += 1 }
            document.id = "\(document.id)-\(n)"
        }
        ids.insert(document.id)
        documents.append(document)
    }
}
