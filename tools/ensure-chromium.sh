#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (a test tool's own browser download fails on an
# air-gapped or registry-only machine). Installs it when missing; needs root or sudo for apt-get.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "Chromium is missing: installing Debian's chromium package for the browser tests" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
