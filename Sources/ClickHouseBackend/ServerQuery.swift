import Foundation
import QueryEngine
import QueryLanguage
import TranscriptModel

/// Runs compiled queries on the cluster and makes the same outputs the in-memory pipeline makes.
extension ServerCorpus {
    /// The SELECT over visible utterances that a compiled condition makes.
    public static func from(_ condition: String) -> String {
        "FROM parley.utterances WHERE \(visible) AND (\(condition))"
    }

    /// The statement `counts` sends.
    public static func countsSQL(_ compiled: QueryCompiler.Compiled) -> String {
        "SELECT count(), uniqExactIf((doc, turn), turn >= 0), uniqExact(doc) " + from(compiled.condition)
    }

    /// `count`: utterances, turns with a hit, documents.
    public func counts(_ compiled: QueryCompiler.Compiled) throws(ServerError) -> QueryOutput {
        let row = try connection.rows(Self.countsSQL(compiled)).first ?? []
        let n = row.map { Int($0) ?? 0 }
        guard n.count == 3 else { return .counts(utterances: 0, turns: 0, documents: 0) }
        return .counts(utterances: n[0], turns: n[1], documents: n[2])
    }

    /// The matched utterances as (document number, utterance number in the document), in corpus order.
    public func matches(_ compiled: QueryCompiler.Compiled) throws(ServerError) -> [(document: Int, utterance: Int)] {
        let rows = try connection.rows("SELECT doc, u " + Self.from(compiled.condition))
        var found: [(document: Int, utterance: Int)] = []
        found.reserveCapacity(rows.count)
        for row in rows {
            guard row.count == 2, let doc = UInt64(row[0]), let u = Int(row[1]), let d = documentNumber[doc] else { continue }
            found.append((d, u))
        }
        found.sort { $0 < $1 }
        return found
    }

    /// The first `count` matched utterances in corpus order, as `matches` gives them, and how many there
    /// are in all: the server counts each document's, and sends the utterances of the documents that hold
    /// the first `count` only.
    public func firstMatches(_ compiled: QueryCompiler.Compiled, count: Int) throws(ServerError) -> (matches: [(document: Int, utterance: Int)], total: Int) {
        var perDocument: [(Int, Int)] = []
        for row in try connection.rows("SELECT doc, count() " + Self.from(compiled.condition) + " GROUP BY doc") {
            guard row.count == 2, let doc = UInt64(row[0]), let d = documentNumber[doc], let n = Int(row[1]) else { continue }
            perDocument.append((d, n))
        }
        perDocument.sort { $0.0 < $1.0 }
        let total = perDocument.reduce(0) { $0 + $1.1 }
        var wanted: [Int] = []
        var seen = 0
        for (d, n) in perDocument where seen < count {
            wanted.append(d)
            seen += n
        }
        guard !wanted.isEmpty else { return ([], total) }
        var restricted = compiled
        restricted.condition = "doc IN " + keyList(wanted) + " AND (" + compiled.condition + ")"
        return (Array(try matches(restricted).prefix(count)), total)
    }

    /// The words the whole pushed corpus holds, with or without the editor's insertions.
    public func totalWords(editorial: Bool) throws(ServerError) -> Int {
        Int(try connection.rows("SELECT sum(\(editorial ? "words" : "spoken_words")) " + Self.from("1")).first?.first ?? "") ?? 0
    }

    /// The positions each form holds in the whole pushed corpus, as `CorpusIndex.positionCounts` counts them.
    public func positionCounts(of forms: [String], editorial: Bool) throws(ServerError) -> [Int] {
        guard !forms.isEmpty else { return [] }
        var found: [String: Int] = [:]
        let rows = try connection.rows("SELECT form, count() FROM parley.tokens WHERE \(Self.visible) AND form IN " + SQL.list(forms)
                                       + (editorial ? " AND editorial != 2" : " AND editorial = 0") + " GROUP BY form")
        for row in rows where row.count == 2 { found[row[0]] = Int(row[1]) ?? 0 }
        return forms.map { found[$0] ?? 0 }
    }

    /// The documents (by number, in order) with an utterance that meets `condition`.
    public func documents(holding condition: String) throws(ServerError) -> [Int] {
        let rows = try connection.rows("SELECT DISTINCT doc " + Self.from(condition))
        return rows.compactMap { $0.first.flatMap(UInt64.init).flatMap { documentNumber[$0] } }.sorted()
    }

    /// Fetches those of `numbers` not in `fetched` yet, when they keep within `fetchLimit`; else fetches
    /// nothing and gives how many there are and the bytes they would take.
    public func fetch(_ numbers: [Int], into fetched: inout [Int: Document]) throws(ServerError) -> (documents: Int, bytes: Int)? {
        let wanted = numbers.filter { fetched[$0] == nil }
        guard !wanted.isEmpty else { return nil }
        let row = try connection.rows("SELECT sum(bytes) FROM parley.packets WHERE \(Self.visible) AND doc IN " + keyList(wanted)).first
        let bytes = row?.first.flatMap { Int($0) } ?? 0
        guard bytes <= fetchLimit else { return (wanted.count, bytes) }
        for (d, document) in try documents(wanted) { fetched[d] = document }
        return nil
    }

    /// These documents (by number) whole, as they were pushed.
    func documents(_ numbers: [Int]) throws(ServerError) -> [(Int, Document)] {
        guard !numbers.isEmpty else { return [] }
        let rows = try connection.rows("SELECT doc, packet FROM parley.packets WHERE \(Self.visible) AND doc IN " + keyList(numbers))
        var found: [(Int, Document)] = []
        for row in rows {
            guard row.count == 2, let doc = UInt64(row[0]), let d = documentNumber[doc] else { continue }
            guard let bytes = Data(base64Encoded: row[1]), var document = try? SnapshotDocuments.document(fromPacket: [UInt8](bytes)) else {
                throw .rejected(connection.address.description, "the stored document '\(index.documents[d].id)' is damaged; push it again")
            }
            // Its id as made unique at connection (`meeting-2`), whatever it was when pushed.
            document.id = index.documents[d].id
            found.append((d, document))
        }
        guard found.count == Set(numbers).count else {
            throw .rejected(connection.address.description, "a document pushed without its packet; push it again")
        }
        return found
    }

    private func keyList(_ documents: [Int]) -> String {
        "(" + documents.map { String(keys[$0]) }.joined(separator: ", ") + ")"
    }

    /// The words each group of `count by FIELD` (speaker or doc) speaks in the whole pushed corpus, by
    /// the group numbers of the corpus's index (no speaker: the last).
    func groupWords(_ field: ResultField, editorial: Bool) throws(ServerError) -> [Int] {
        index.groupWords(try words(by: UtteranceClass.Columns(document: true, speaker: field != .doc), editorial: editorial),
                         bySpeaker: field != .doc)
    }

    /// The words of the whole pushed corpus's utterances by the columns asked, asked once each.
    public func words(by columns: UtteranceClass.Columns, editorial: Bool) throws(ServerError) -> [UtteranceClass] {
        let key = ClassKey(columns: columns, editorial: editorial)
        if let known = classWords[key] { return known }
        // A turn's times are the turn's: its document and number find them.
        let byTurn = columns.time
        let names = [(columns.document || byTurn, "doc"), (columns.speaker, "speaker"), (columns.kind, "kind"), (columns.turn || byTurn, "turn"),
                     (columns.unit, "arrayJoin(if(empty(units), [''], units))")].filter(\.0).map(\.1)
        let list = names.joined(separator: ", ")
        let rows = try connection.rows("SELECT \(list), sum(\(editorial ? "words" : "spoken_words")) " + Self.from("1") + " GROUP BY \(list)")
        var times: [UInt64: [Int: (Double, Double?)]] = [:]
        if byTurn {
            for row in try connection.rows("SELECT doc, turn, start, end, timed FROM parley.turns WHERE \(Self.visible) AND timed = 1") {
                guard row.count == 5, let doc = UInt64(row[0]), let turn = Int(row[1]), let start = Double(row[2]), let end = Double(row[3]) else { continue }
                times[doc, default: [:]][turn] = (start, end > start ? end : nil)
            }
        }
        let found = rows.compactMap { row -> UtteranceClass? in
            guard row.count == names.count + 1, let words = Int(row[names.count]) else { return nil }
            var c = UtteranceClass(words: words)
            var key: UInt64 = 0
            for (name, value) in zip(names, row) {
                switch name {
                case "doc":
                    guard let doc = UInt64(value), let d = documentNumber[doc] else { return nil }
                    key = doc
                    c.document = d
                case "speaker": c.speaker = Int(value).flatMap { $0 >= 0 ? $0 : nil }
                case "kind": c.kind = value
                case "turn": c.turn = Int(value).flatMap { $0 >= 0 ? $0 : nil }
                default: c.unit = value.isEmpty ? nil : value
                }
            }
            if byTurn, let turn = c.turn, let (start, end) = times[key]?[turn] {
                c.start = start
                c.end = end
            }
            return c
        }
        classWords[key] = found
        return found
    }

    /// `count by speaker` or `count by doc` for a query of fields only: the table the in-memory pipeline
    /// makes, with hits the matched utterances (as it counts them when a query has no search words), the
    /// rate per 1,000 words the group speaks in the whole pushed corpus, and `drill(value)` each row's
    /// query; and how many utterances matched.
    public func countBy(_ field: ResultField, _ compiled: QueryCompiler.Compiled, editorial: Bool,
                        drill: (String?) -> String) throws(ServerError) -> (ResultTable, Int) {
        let words = editorial ? "words" : "spoken_words"
        let matched = try connection.rows("SELECT doc, speaker, count(), uniqExactIf(turn, turn >= 0), sum(\(words)) "
                                          + Self.from(compiled.condition) + " GROUP BY doc, speaker")
        // Groups: a corpus-wide speaker number (none: the last), or a document number, as `groupWords` numbers them.
        let spoken = try groupWords(field, editorial: editorial)
        func group(_ doc: UInt64, _ speaker: Int) -> Int? {
            guard let d = documentNumber[doc] else { return nil }
            switch field {
            case .doc: return d
            default: return speaker >= 0 ? Int(index.speakers.numbers[d][speaker]) : spoken.count - 1
            }
        }
        struct Row { var utterances = 0, turns = 0, words = 0 }
        var rows: [Int: Row] = [:]
        for row in matched {
            guard row.count == 5, let doc = UInt64(row[0]), let s = Int(row[1]), let g = group(doc, s) else { continue }
            rows[g, default: Row()].utterances += Int(row[2]) ?? 0
            // A speaker's turns in one document are distinct from those in another: the sum is theirs.
            rows[g, default: Row()].turns += Int(row[3]) ?? 0
            rows[g, default: Row()].words += Int(row[4]) ?? 0
        }
        // A document's turns counted per speaker would count a turn of two speakers twice: per document, once.
        if field == .doc {
            let turns = try connection.rows("SELECT doc, uniqExactIf(turn, turn >= 0) " + Self.from(compiled.condition) + " GROUP BY doc")
            for row in turns {
                guard row.count == 2, let doc = UInt64(row[0]), let g = group(doc, 0) else { continue }
                rows[g]?.turns = Int(row[1]) ?? 0
            }
        }
        let total = rows.values.reduce(0) { $0 + $1.utterances }
        func name(_ g: Int) -> String? {
            field == .doc ? index.documents[g].id : g < index.speakerNames.count ? index.speakerNames[g] : nil
        }
        let order = rows.sorted { a, b in
            if a.value.utterances != b.value.utterances { return a.value.utterances > b.value.utterances }
            return Self.ascending(name(a.key) ?? "(none)", name(b.key) ?? "(none)")
        }
        let cells = order.map { g, row -> [ResultTable.Cell] in
            let hits = row.utterances
            return [.text(name(g) ?? "(none)"), .integer(row.utterances),
                    .decimal(total == 0 ? 0 : Double(row.utterances) / Double(total)), .integer(row.turns),
                    .integer(row.words), .integer(hits), spoken[g] == 0 ? .none : .decimal(Double(hits) * 1000 / Double(spoken[g])),
                    .text(drill(name(g)))]
        }
        let columns = [field.rawValue, "utterances", "share", "turns", "words", "hits", "rate", "query"]
        return (ResultTable(columns: columns, rows: cells, keys: 1, rowNoun: "rows"), total)
    }

    /// The order of values in a table: whole numbers by value, other text by its characters.
    static func ascending(_ a: String, _ b: String) -> Bool {
        if let m = Int(a), let n = Int(b) { return m < n }
        return a < b
    }
}

/// A cluster's counts of forms, for an index of the documents fetched for one answer. A failure is kept
/// (the stages cannot throw) and the answer is then not given.
final class ServerFrequencies: WholeCorpusFrequencies, @unchecked Sendable {
    let corpus: ServerCorpus
    private(set) var failure: ServerError?

    init(_ corpus: ServerCorpus) { self.corpus = corpus }

    func positionCounts(of forms: [String], editorial: Bool) -> [Int] {
        do {
            return try corpus.positionCounts(of: forms, editorial: editorial)
        } catch {
            failure = error
            return forms.map { _ in 0 }
        }
    }

    func words(by columns: UtteranceClass.Columns, editorial: Bool) -> [UtteranceClass] {
        do {
            return try corpus.words(by: columns, editorial: editorial)
        } catch {
            failure = error
            return []
        }
    }
}
