#!/usr/bin/env bash
# Installs the real test peers (SIPp, baresip, Debian's Chromium, Node with JsSIP, SIP.js and
# playwright-core, iproute2 for the tests that make a network namespace, redis-server for the cluster)
# and runs the whole test suite: unit tests, then integration tests against the running gateway.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v baresip >/dev/null 2>&1 || missing+=(baresip-core)   # the softphone of BaresipInteropIT (no GUI)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)   # the shared state store of the cluster tests
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "installing test peers: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
# JsSIP and SIP.js (npm) bundled for the pages headless Chromium loads; playwright-core drives Chromium.
(cd sbc-core/src/test/browser && npm ci --no-audit --no-fund --loglevel=error && npm run -s bundle)
mvn -B verify
