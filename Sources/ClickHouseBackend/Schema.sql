-- Parley's tables on a ClickHouse cluster, schema version 5. Runs on ClickHouse 18.16 (Debian 12) and later.
--
-- Every table but schema_version exists twice on every server: NAME_local, a MergeTree table holding the
-- rows of the documents this shard keeps, and NAME, a Distributed table over the cluster `{cluster}`
-- sharded by `intHash64(doc)`, so that all the rows of one document live on one shard. Queries read the
-- Distributed tables; the subqueries inside them read the _local tables, which each shard answers for its
-- own documents. (Version 1 sharded by `doc` itself, whose lowest bit FNV-1a keeps the same for ids and
-- paths that repeat each other's characters, as `doc-000123` does in `/corpus/doc-000123.txt`: a whole
-- corpus went to one shard.)
--
-- `packets` holds each document whole, in base64, as the client's in-memory model encodes it: `show`,
-- `kwic` and the stages that read text fetch the packets of the documents their matches are in and print
-- them with the same code as in memory. A packet is large (a document's whole text), so its table's index
-- marks every 4 rows, not every 8,192: a fetch reads the granules of the documents it asks, not the table;
-- `bytes` is the packet's length, so that a fetch's size is known before any packet is read.
-- (Version 2 had no packets.)
--
-- A document is identified by its absolute source path and its number among the documents of that file:
-- `doc` is a 64-bit hash of the two (FNV-1a of path, a NUL byte, and the number in decimal). (Version 4
-- hashed the id with the path: a file pushed beside another of the same name got the id `NAME-2`, and
-- pushed alone later it was `NAME`, another document, so both stood on the cluster.) Each push of a document writes all its rows under a new `load`
-- number (microseconds since 1970), and only then its row in `loads`. A document's visible rows are those
-- of its highest load in `loads`: a push that fails before that last row leaves nothing visible, and a
-- push of the same file again replaces the document at the moment its `loads` row lands. Rows of loads
-- that are not visible are deleted after a push succeeds, and are never read.
--
-- Documents stand in the order they were first pushed: `since` is the load of a document's first push
-- and `seq` its place in that push, both kept when it is pushed again.
--
-- A speaker's attributes (`party`, `role`, `sex`, `age`, each with the dates it holds from and to, ISO or
-- empty, and where the source states it) are five arrays of `speakers`, one element each.
--
-- `utterances.folded` is the text folded scalar by scalar as regular expressions match it (Parley's
-- `RegexProgram.fold`): a pattern's required run of letters is looked for there, and the pattern itself then
-- runs on the client, on the text of the utterances that hold it.
--
-- `tokens.editorial` says whose words a token is: 0 the speaker's, 1 the editor's (an insertion,
-- `[agricultural]`), 2 an editor's note (`[inaudible]`), which a query finds but which counts as no one's
-- words; `utterances.words` and `spoken_words` leave notes out. (Version 3 had no 2: a note was 0.)
--
-- `{cluster}` is replaced by the cluster's name (default `parley`) before the statements run.
CREATE DATABASE IF NOT EXISTS parley;
CREATE TABLE IF NOT EXISTS parley.schema_version (version UInt32) ENGINE = TinyLog;
CREATE TABLE IF NOT EXISTS parley.loads_local (doc UInt64, load UInt64, id String, path String, pushed DateTime) ENGINE = MergeTree ORDER BY (doc, load);
CREATE TABLE IF NOT EXISTS parley.documents_local (doc UInt64, load UInt64, seq UInt32, id String, path String, format String, title String, date String, place String, utterances UInt32, turns UInt32, since UInt64) ENGINE = MergeTree ORDER BY (doc, load);
CREATE TABLE IF NOT EXISTS parley.speakers_local (doc UInt64, load UInt64, speaker Int32, name String, labels Array(String), titles Array(String), attribute_names Array(String), attribute_values Array(String), attribute_from Array(String), attribute_to Array(String), attribute_sources Array(String)) ENGINE = MergeTree ORDER BY (doc, load, speaker);
CREATE TABLE IF NOT EXISTS parley.turns_local (doc UInt64, load UInt64, turn UInt32, speaker Int32, label String, addressee String, start Float64, end Float64, timed UInt8) ENGINE = MergeTree ORDER BY (doc, load, turn);
CREATE TABLE IF NOT EXISTS parley.utterances_local (doc UInt64, load UInt64, u UInt32, turn Int32, speaker Int32, kind String, line UInt32, words UInt32, spoken_words UInt32, text String, folded String, units Array(String)) ENGINE = MergeTree ORDER BY (doc, load, u);
CREATE TABLE IF NOT EXISTS parley.tokens_local (doc UInt64, load UInt64, u UInt32, pos UInt32, form String, editorial UInt8, capitalised UInt8) ENGINE = MergeTree ORDER BY (form, doc, load, u, pos);
CREATE TABLE IF NOT EXISTS parley.terms_local (doc UInt64, load UInt64, form String, occurrences UInt32) ENGINE = MergeTree ORDER BY (form, doc, load);
CREATE TABLE IF NOT EXISTS parley.packets_local (doc UInt64, load UInt64, bytes UInt64, packet String) ENGINE = MergeTree ORDER BY (doc, load) SETTINGS index_granularity = 4;
CREATE TABLE IF NOT EXISTS parley.loads AS parley.loads_local ENGINE = Distributed({cluster}, parley, loads_local, intHash64(doc));
CREATE TABLE IF NOT EXISTS parley.documents AS parley.documents_local ENGINE = Distributed({cluster}, parley, documents_local, intHash64(doc));
CREATE TABLE IF NOT EXISTS parley.speakers AS parley.speakers_local ENGINE = Distributed({cluster}, parley, speakers_local, intHash64(doc));
CREATE TABLE IF NOT EXISTS parley.turns AS parley.turns_local ENGINE = Distributed({cluster}, parley, turns_local, intHash64(doc));
CREATE TABLE IF NOT EXISTS parley.utterances AS parley.utterances_local ENGINE = Distributed({cluster}, parley, utterances_local, intHash64(doc));
CREATE TABLE IF NOT EXISTS parley.tokens AS parley.tokens_local ENGINE = Distributed({cluster}, parley, tokens_local, intHash64(doc));
CREATE TABLE IF NOT EXISTS parley.terms AS parley.terms_local ENGINE = Distributed({cluster}, parley, terms_local, intHash64(doc));
CREATE TABLE IF NOT EXISTS parley.packets AS parley.packets_local ENGINE = Distributed({cluster}, parley, packets_local, intHash64(doc));
INSERT INTO parley.schema_version SELECT 5 FROM system.one WHERE (SELECT count() FROM parley.schema_version) = 0;
