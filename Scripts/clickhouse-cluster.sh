#!/bin/sh
# Starts, stops or reports on a two-shard ClickHouse cluster on loopback, for trying `parley --push` and
# `parley --server` and for the tests. Each server has its own data folder and configuration under
# $PARLEY_CLICKHOUSE_DIR (default /tmp/parley-clickhouse); both know the cluster `parley` of two shards,
# one on 127.0.0.1 and one on 127.0.0.2, so a `Distributed` table made on either spreads over both.
#
#   Scripts/clickhouse-cluster.sh start    installs Debian's clickhouse-server if missing, starts both and
#                                          makes Parley's tables on each (Sources/ClickHouseBackend/Schema.sql)
#   Scripts/clickhouse-cluster.sh stop     stops both (the data folders stay until `stop --clean`)
#   Scripts/clickhouse-cluster.sh status   says which are answering; status 0 when both are
#
# Ports: HTTP $PARLEY_CLICKHOUSE_HTTP_PORT (default 18123) and native TCP $PARLEY_CLICKHOUSE_TCP_PORT
# (default 19000) on both addresses, so the second shard differs by address only. `start` prints the
# URL to give `parley --push` and `parley --server`.
set -eu

base=${PARLEY_CLICKHOUSE_DIR:-/tmp/parley-clickhouse}
http_port=${PARLEY_CLICKHOUSE_HTTP_PORT:-18123}
tcp_port=${PARLEY_CLICKHOUSE_TCP_PORT:-19000}
hosts="127.0.0.1 127.0.0.2"

find_server() {
  for candidate in /usr/bin/clickhouse-server /usr/sbin/clickhouse-server /usr/bin/clickhouse; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  command -v clickhouse-server 2>/dev/null || return 1
}

install_server() {
  find_server >/dev/null 2>&1 && command -v curl >/dev/null 2>&1 && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "clickhouse-cluster: clickhouse-server is not installed and there is no apt-get to install it" >&2
    return 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "clickhouse-cluster: installing clickhouse-server and curl" >&2
  $sudo apt-get update -qq
  # The package's own service is not wanted: the cluster runs its servers itself.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clickhouse-server curl >/dev/null
  find_server >/dev/null
}

# Writes one server's configuration: its addresses and folders, and the two-shard cluster.
write_config() {
  host=$1 dir=$2
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/log"
  cat > "$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>warning</level>
        <log>$dir/log/server.log</log>
        <errorlog>$dir/log/server.err.log</errorlog>
        <size>10M</size>
        <count>2</count>
    </logger>
    <listen_host>$host</listen_host>
    <http_port>$http_port</http_port>
    <tcp_port>$tcp_port</tcp_port>
    <interserver_http_port>$((http_port + 10))</interserver_http_port>
    <interserver_http_host>$host</interserver_http_host>
    <max_connections>64</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>32</max_concurrent_queries>
    <uncompressed_cache_size>67108864</uncompressed_cache_size>
    <mark_cache_size>67108864</mark_cache_size>
    <path>$dir/data/</path>
    <tmp_path>$dir/tmp/</tmp_path>
    <user_files_path>$dir/user_files/</user_files_path>
    <users_config>$dir/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
    <remote_servers>
        <parley>
            <shard><replica><host>127.0.0.1</host><port>$tcp_port</port></replica></shard>
            <shard><replica><host>127.0.0.2</host><port>$tcp_port</port></replica></shard>
        </parley>
    </remote_servers>
    <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
</yandex>
EOF
  cat > "$dir/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>2000000000</max_memory_usage>
            <load_balancing>random</load_balancing>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.0/8</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
}

answers() {
  curl -s --max-time 2 "http://$1:$http_port/?query=SELECT%201" 2>/dev/null | grep -q '^1$'
}

start() {
  install_server
  server=$(find_server)
  for host in $hosts; do
    dir="$base/$host"
    if answers "$host"; then continue; fi
    write_config "$host" "$dir"
    # The Debian binary is a multi-tool on some releases (`clickhouse server`), a server on others.
    case "$server" in
      */clickhouse) set -- "$server" server ;;
      *) set -- "$server" ;;
    esac
    "$@" --config-file="$dir/config.xml" --pid-file="$dir/server.pid" >"$dir/log/stdout.log" 2>&1 &
    echo $! > "$dir/launcher.pid"
  done
  for host in $hosts; do
    tries=0
    until answers "$host"; do
      tries=$((tries + 1))
      if [ $tries -gt 150 ]; then
        echo "clickhouse-cluster: the server on $host did not answer within 30 s; see $base/$host/log/" >&2
        tail -5 "$base/$host/log/server.err.log" >&2 2>/dev/null || true
        return 1
      fi
      sleep 0.2
    done
  done
  for host in $hosts; do apply_schema "$host"; done
  echo "http://127.0.0.1:$http_port"
}

# Makes Parley's tables on one server (Sources/ClickHouseBackend/Schema.sql; every statement may run again).
apply_schema() {
  schema="$(dirname "$0")/../Sources/ClickHouseBackend/Schema.sql"
  grep -v '^--' "$schema" | sed 's/{cluster}/parley/g; s/;$//' | while IFS= read -r statement; do
    [ -n "$statement" ] || continue
    answer=$(curl -s --max-time 30 "http://$1:$http_port/" --data-binary "$statement")
    if [ -n "$answer" ]; then echo "clickhouse-cluster: $1: $answer" >&2; return 1; fi
  done
}

stop() {
  for host in $hosts; do
    dir="$base/$host"
    for file in "$dir/server.pid" "$dir/launcher.pid"; do
      [ -f "$file" ] || continue
      pid=$(cat "$file")
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        tries=0
        while kill -0 "$pid" 2>/dev/null && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
        kill -9 "$pid" 2>/dev/null || true
      fi
      rm -f "$file"
    done
  done
  if [ "${1:-}" = "--clean" ]; then rm -rf "$base"; fi
}

status() {
  all=0
  for host in $hosts; do
    if answers "$host"; then echo "$host:$http_port answering"; else echo "$host:$http_port not answering"; all=1; fi
  done
  return $all
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  status) status ;;
  *) echo "usage: $0 start|stop [--clean]|status" >&2; exit 64 ;;
esac
