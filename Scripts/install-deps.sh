#!/bin/sh
# Installs what building and testing Parley needs and is missing: libedit's headers (Debian package
# libedit-dev; macOS ships libedit) and SQLite's, for the differential test against FTS5 (Debian package
# libsqlite3-dev; macOS ships SQLite), libxml2's on Linux (libxml2-dev: the release build links the
# Swift libraries into the program, see the Makefile), and Python 3, whose standard library computes the
# statistics the tests check against (Tests/Oracle). Swift itself must already be installed: https://www.swift.org/install
set -eu
if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: Swift is not installed; see https://www.swift.org/install (Swift 6.0 or later)" >&2
  exit 1
fi
case "$(uname -s)" in
  Linux)
    missing=""
    for package in libedit-dev libsqlite3-dev libxml2-dev python3; do
      dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
    done
    if [ -n "$missing" ]; then
      if command -v apt-get >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "install-deps: installing$missing" >&2
        $sudo apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
      else
        echo "install-deps: please install the development headers of libedit, SQLite and libxml2 ($missing )" >&2
        exit 1
      fi
    fi
    ;;
esac
