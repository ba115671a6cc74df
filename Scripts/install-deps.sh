#!/bin/sh
# Installs what building and testing Parley needs and is missing: libedit's headers (Debian package
# libedit-dev; macOS ships libedit). Swift itself must already be installed: https://www.swift.org/install
set -eu
if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: Swift is not installed; see https://www.swift.org/install (Swift 6.0 or later)" >&2
  exit 1
fi
case "$(uname -s)" in
  Linux)
    if ! dpkg -s libedit-dev >/dev/null 2>&1; then
      if command -v apt-get >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "install-deps: installing libedit-dev" >&2
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libedit-dev >/dev/null
      else
        echo "install-deps: please install libedit's development headers (libedit-dev)" >&2
        exit 1
      fi
    fi
    ;;
esac
