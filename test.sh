#!/usr/bin/env bash
# The project's test command (README, Quick start; .ci/run runs exactly this). The suite drives real programs:
# Debian's headless chromium with its chromedriver (web console tests), nginx (scale-out test) and redis-server
# (the reply store a fleet shares; the tests start their own on a free loopback port). Those that
# are missing are installed when run as root, or named with the command to install them; then the whole suite
# runs. Arguments go to Maven: ./test.sh -DskipWarContainers leaves out the application-server tests.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]} from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: the test suite drives Debian's ${missing[*]}, not installed here. Install as root, then run ./test.sh again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
exec mvn -B verify "$@"
