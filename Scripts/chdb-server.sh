#!/bin/sh
# Runs Scripts/chdb-server.py (a current ClickHouse through chdb, behind ClickHouse's HTTP interface) with
# a Python that has chdb: a virtual environment in $PARLEY_CHDB_VENV (default
# ${XDG_CACHE_HOME:-~/.cache}/parley-tests/chdb-venv), made with `pip install chdb` the first time (about 1 GB).
#
#   Scripts/chdb-server.sh --port 18423 --data /tmp/parley-chdb
set -eu
venv=${PARLEY_CHDB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/parley-tests/chdb-venv}
# The release the differential tests were last checked with; a newer one is a change to check, not a surprise.
chdb_version=4.4.0
if ! "$venv/bin/python" -c "import chdb" >/dev/null 2>&1; then
  echo "chdb-server: installing chdb $chdb_version into $venv" >&2
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "chdb==$chdb_version" >&2
fi
exec "$venv/bin/python" "$(dirname "$0")/chdb-server.py" "$@"
