import Foundation
import QueryEngine
import QueryLanguage
import TranscriptModel

/// Runs compiled queries on the cluster and makes the same outputs the in-memory pipeline makes.
extension ServerCorpus {
    /// The SELECT over visible utterances that a compiled condition makes.
    static func from(_ condition: String) -> String {
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

    /// The matched utterances as (document id, utterance number in the document), in corpus order.
    public func utterances(_ compiled: QueryCompiler.Compiled) throws(ServerError) -> [(document: String, utterance: Int)] {
        let rows = try connection.rows("SELECT doc, u " + Self.from(compiled.condition))
        var found: [(Int, Int)] = []
        for row in rows {
            guard row.count == 2, let doc = UInt64(row[0]), let u = Int(row[1]), let d = documentNumber[doc] else { continue }
            found.append((d, u))
        }
        found.sort { $0 < $1 }
        return found.map { (index.documents[$0.0].id, $0.1) }
    }

    /// `count by speaker` or `count by doc` for a query of fields only: the table the in-memory pipeline
    /// makes, with hits the matched utterances (as it counts them when a query has no search words) and
    /// the rate per 1,000 words the group speaks in the whole pushed corpus. The `query` column is left
    /// empty: the drill-down queries are not written for the server yet.
    public func countBy(_ field: ResultField, _ compiled: QueryCompiler.Compiled, editorial: Bool) throws(ServerError) -> QueryOutput {
        let words = editorial ? "words" : "spoken_words"
        let matched = try connection.rows("SELECT doc, speaker, count(), uniqExactIf(turn, turn >= 0), sum(\(words)) "
                                          + Self.from(compiled.condition) + " GROUP BY doc, speaker")
        let spokenRows = try connection.rows("SELECT doc, speaker, sum(\(words)) " + Self.from("1") + " GROUP BY doc, speaker")
        // Groups: a corpus-wide speaker number, or a document number; -1 for no speaker.
        func group(_ doc: UInt64, _ speaker: Int) -> Int? {
            guard let d = documentNumber[doc] else { return nil }
            switch field {
            case .doc: return d
            default: return speaker >= 0 ? Int(index.speakers.numbers[d][speaker]) : -1
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
        var spoken: [Int: Int] = [:]
        for row in spokenRows {
            guard row.count == 3, let doc = UInt64(row[0]), let s = Int(row[1]), let g = group(doc, s) else { continue }
            spoken[g, default: 0] += Int(row[2]) ?? 0
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
            guard g >= 0 else { return nil }
            return field == .doc ? index.documents[g].id : index.speakerNames[g]
        }
        let order = rows.sorted { a, b in
            if a.value.utterances != b.value.utterances { return a.value.utterances > b.value.utterances }
            return Self.ascending(name(a.key) ?? "(none)", name(b.key) ?? "(none)")
        }
        let cells = order.map { g, row -> [ResultTable.Cell] in
            let hits = row.utterances
            let words = spoken[g] ?? 0
            return [.text(name(g) ?? "(none)"), .integer(row.utterances),
                    .decimal(total == 0 ? 0 : Double(row.utterances) / Double(total)), .integer(row.turns),
                    .integer(row.words), .integer(hits), .decimal(words == 0 ? 0 : Double(hits) * 1000 / Double(words)),
                    .text("")]
        }
        let columns = [field.rawValue, "utterances", "share", "turns", "words", "hits", "rate", "query"]
        return .table(ResultTable(columns: columns, rows: cells, keys: 1, rowNoun: "rows"))
    }

    /// The order of values in a table: whole numbers by value, other text by its characters.
    static func ascending(_ a: String, _ b: String) -> Bool {
        if let m = Int(a), let n = Int(b) { return m < n }
        return a < b
    }
}
