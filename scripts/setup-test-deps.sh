#!/usr/bin/env bash
# Installs the Debian packages that Backstop's tests and benchmarks need, when missing.
# Idempotent; safe to run on every test run. Needs root (or sudo) only when something is missing.
set -euo pipefail

want=(postfix libsisimai-perl python3 opendkim opendkim-tools openssl chromium chromium-driver)

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "setup-test-deps: installing ${missing[*]}" >&2
# Postfix asks how to configure itself; "No configuration" leaves /etc/postfix alone:
# the tests run private instances with their own config directories.
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian package starts the system Postfix; the tests never use it.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now postfix >/dev/null 2>&1 || true; fi
$SUDO postfix stop >/dev/null 2>&1 || true
