#!/usr/bin/env python3
"""A current ClickHouse, in process through chdb, behind the part of ClickHouse's HTTP interface Parley uses.

Parley's differential tests run their queries on Debian's ClickHouse 18.16 (a two-shard cluster, see
clickhouse-cluster.sh) and, through this server, on the ClickHouse release chdb carries, so that the SQL
Parley writes is checked on both. It answers POST requests as ClickHouse does: the statement (and an
INSERT's rows after it) in the body, settings in the URL, the answer in the statement's FORMAT, and an
error as status 500 with ClickHouse's `Code: N. DB::Exception: ...` text.

One server stands for a whole cluster: it makes Parley's tables from Schema.sql with each `Distributed`
table a `Merge` table over its `_local` table, and sends INSERTs into a Distributed table's name to the
`_local` table. `KILL QUERY` is answered and does nothing (statements run one at a time).

    python3 Scripts/chdb-server.py --port 18423 --data DIR
"""
import argparse
import http.server
import os
import re
import signal
import sys
import urllib.parse

from chdb import session as chdb_session

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "ClickHouseBackend", "Schema.sql")
DISTRIBUTED = re.compile(r"ENGINE = Distributed\(\{cluster\}, parley, (\w+)_local, [^;]*\)")
INSERT = re.compile(r"^(\s*INSERT\s+INTO\s+parley\.)(\w+)(?=[\s(])", re.IGNORECASE)


def schema_statements():
    with open(SCHEMA, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("--"):
                continue
            yield DISTRIBUTED.sub(lambda m: "ENGINE = Merge(parley, '^%s_local$')" % m.group(1), line.rstrip(";"))


class Handler(http.server.BaseHTTPRequestHandler):
    db = None

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.answer(200, b"Ok.\n")

    def do_POST(self):
        settings = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.path).query))
        length = int(self.headers.get("Content-Length") or 0)
        statement = self.rfile.read(length).decode("utf-8", "surrogateescape")
        if re.match(r"\s*KILL\s+QUERY", statement, re.IGNORECASE):
            self.answer(200, b"")
            return
        statement = INSERT.sub(lambda m: m.group(1) + (m.group(2) if m.group(2).endswith("_local") or m.group(2) == "schema_version"
                                                        else m.group(2) + "_local"), statement, count=1)
        try:
            for name, value in settings.items():
                if name in ("output_format_json_quote_64bit_integers", "max_query_size"):
                    self.db.query("SET %s = %s" % (name, int(value)), "TabSeparated")
            result = self.db.query(statement.encode("utf-8", "surrogateescape").decode("utf-8", "replace"), "TabSeparated")
            self.answer(200, result.bytes() if result is not None else b"")
        except Exception as error:  # chdb raises its errors with ClickHouse's text
            self.answer(500, str(error).encode("utf-8", "replace"))


def main():
    # A parent may start this server from a thread that blocks every signal, and the mask is inherited:
    # without this, SIGTERM and Ctrl-C would not stop it.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18423)
    parser.add_argument("--data", required=True, help="folder for the tables (made if missing)")
    arguments = parser.parse_args()
    os.makedirs(arguments.data, exist_ok=True)
    Handler.db = chdb_session.Session(arguments.data)
    for statement in schema_statements():
        Handler.db.query(statement, "TabSeparated")
    server = http.server.HTTPServer(("127.0.0.1", arguments.port), Handler)
    print("http://127.0.0.1:%d ClickHouse %s" % (arguments.port, Handler.db.query("SELECT version()", "TabSeparated").bytes().decode().strip()),
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
