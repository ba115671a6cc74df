import CSQLite
import QueryEngine

/// The utterances of an index in an in-memory SQLite FTS5 table (tokenizer `unicode61 remove_diacritics 2`),
/// row `u + 1` for utterance `u`: column `text` holds its text and column `speaker` its speaker's canonical
/// name and labels.
final class FTS5Table {
    private var db: OpaquePointer?

    /// SQLite's version, for the report.
    static var version: String { String(cString: sqlite3_libversion()) }

    init(index: CorpusIndex) throws(FTS5Error) {
        guard sqlite3_open(":memory:", &db) == SQLITE_OK else { throw FTS5Error("cannot open an in-memory database") }
        try execute("CREATE VIRTUAL TABLE t USING fts5(text, speaker, tokenize = 'unicode61 remove_diacritics 2')")
        try execute("BEGIN")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO t(rowid, text, speaker) VALUES (?, ?, ?)", -1, &statement, nil) == SQLITE_OK else {
            throw FTS5Error(message)
        }
        defer { sqlite3_finalize(statement) }
        for u in 0..<index.utteranceCount {
            let utterance = index.utterance(u)
            sqlite3_bind_int64(statement, 1, Int64(u + 1))
            sqlite3_bind_text(statement, 2, utterance.text, -1, csqlite_transient())
            let speaker = utterance.speaker.map { s -> String in
                let speaker = index.documents[index.address(u).document].speakers[s]
                return ([speaker.name] + speaker.labels).joined(separator: " | ")
            } ?? ""
            sqlite3_bind_text(statement, 3, speaker, -1, csqlite_transient())
            guard sqlite3_step(statement) == SQLITE_DONE else { throw FTS5Error(message) }
            sqlite3_reset(statement)
        }
        try execute("COMMIT")
    }

    deinit { sqlite3_close(db) }

    private var message: String { String(cString: sqlite3_errmsg(db)) }

    private func execute(_ sql: String) throws(FTS5Error) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw FTS5Error(message + " in " + sql) }
    }

    /// The utterance numbers an FTS5 `MATCH` expression finds.
    func utterances(matching expression: String) throws(FTS5Error) -> Set<Int> {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?", -1, &statement, nil) == SQLITE_OK else {
            throw FTS5Error(message)
        }
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, expression, -1, csqlite_transient())
        var found: Set<Int> = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw FTS5Error(message + " for " + expression) }
            found.insert(Int(sqlite3_column_int64(statement, 0)) - 1)
        }
        return found
    }
}

/// What went wrong in SQLite.
public struct FTS5Error: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
