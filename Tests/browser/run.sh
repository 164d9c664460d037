#!/bin/sh
# run.sh: starts claimsrisk-serve on a free loopback port, runs the browser and load tests
# against it, then stops it with SIGTERM and checks that it exits 0. The server is stopped by
# its process id on every path (trap), also when a test fails.
set -u
BIN=${BIN:-.build/release}
VENV=${VENV:-.build-venv-browser}
LOG=$(mktemp)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN/claimsrisk-serve" --host 127.0.0.1 --port "$PORT" --concurrent-runs 2 --queue 8 --time-limit 120 >"$LOG" 2>&1 &
PID=$!
cleanup() { if kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null; fi; rm -f "$LOG"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
URL=""
for _ in $(seq 1 200); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$LOG" | head -n 1)
  [ -n "$URL" ] && break
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$URL" ]; then echo "claimsrisk-serve did not start:"; cat "$LOG"; exit 1; fi
echo "test-browser: claimsrisk-serve (pid $PID) at $URL"
CLAIMSRISK_URL="$URL" CLAIMSRISK_BIN="$BIN/claimsrisk" timeout 480 "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/browser/tests
STATUS=$?
# A clean stop: SIGTERM, then exit status 0.
kill -TERM "$PID"
wait "$PID"
RC=$?
if [ "$RC" -ne 0 ]; then echo "claimsrisk-serve exited $RC after SIGTERM (expected 0)"; cat "$LOG"; STATUS=1; fi
exit "$STATUS"
