#!/usr/bin/env bash
# test_ray.sh: the Ray driver end to end (called by `make test-ray`). In a network namespace
# with only loopback: a local Ray head on 127.0.0.1 with 2 CPUs; the bundled book in 4 shards
# through the driver must give byte for byte the single-process JSON; then again with one
# task's worker killed mid-run (Ray retries it) and the same answer. Every process started in
# the namespace is stopped by its pid on exit (also on failure), then the namespace is deleted.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${VENV:-$ROOT/.build-venv-ray}"
BIN="${CLAIMSRISK:-$ROOT/.build/release/claimsrisk}"
BOOK="$ROOT/Scenarios/book-example.yaml"
TRIALS="${RAY_TEST_TRIALS:-600}"
NS="claimsrisk-ray-$$"
WORK="$(mktemp -d /tmp/claimsrisk-ray-XXXXXX)"
RAY_TMP="/tmp/crray-$$"   # short: Ray's socket paths must stay under 107 bytes
HEAD_STARTED=0

cleanup() {
  local status=$?
  if ip netns list 2>/dev/null | grep -qw "$NS"; then
    # Every process in the namespace was started by this script: stop them by pid.
    local pids
    pids="$(ip netns pids "$NS" 2>/dev/null || true)"
    if [ -n "$pids" ]; then
      echo "test-ray: stopping $(echo $pids | wc -w) processes of the Ray cluster by pid"
      kill -TERM $pids 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        pids="$(ip netns pids "$NS" 2>/dev/null || true)"
        [ -z "$pids" ] && break
        sleep 0.5
      done
      [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
    fi
    ip netns del "$NS" || true
  fi
  rm -rf "$WORK" "$RAY_TMP"
  exit $status
}
trap cleanup EXIT INT TERM

[ -x "$BIN" ] || { echo "test-ray: $BIN not built (make build)"; exit 1; }
command -v ip >/dev/null || { echo "test-ray: the ip command (iproute2) is missing"; exit 1; }

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
# A home of its own: Ray keeps state (an auth token) in ~/.ray, which must not leak between runs.
mkdir -p "$WORK/home"
run_ns() { ip netns exec "$NS" env HOME="$WORK/home" RAY_USAGE_STATS_ENABLED=0 "$@"; }

echo "test-ray: Ray head on 127.0.0.1 (2 CPUs) in network namespace $NS"
run_ns "$VENV/bin/ray" start --head --node-ip-address=127.0.0.1 --port=6379 --num-cpus=2 \
  --include-dashboard=false --disable-usage-stats --temp-dir="$RAY_TMP" >"$WORK/ray-start.log" 2>&1 \
  || { cat "$WORK/ray-start.log"; exit 1; }
HEAD_STARTED=1
# Nothing of the cluster may listen outside loopback.
if run_ns ss -ltnH 2>/dev/null | awk '{print $4}' | grep -v -E '^(127\.|\[::1\]|\[::ffff:127\.)' | grep -q .; then
  echo "test-ray: a Ray process listens outside loopback:"; run_ns ss -ltn; exit 1
fi

"$BIN" book "$BOOK" --trials "$TRIALS" --format json --quiet --output "$WORK/single.json"

driver() {
  run_ns "$VENV/bin/python" -m claimsrisk_ray.driver "$BOOK" --address 127.0.0.1:6379 --shards 4 \
    --binary "$BIN" --trials "$TRIALS" --format json "$@"
}

start=$(date +%s.%N)
driver --output "$WORK/ray.json"
end=$(date +%s.%N)
cmp "$WORK/single.json" "$WORK/ray.json"
echo "test-ray: 4 shards through Ray == single process, byte for byte ($(python3 -c "print(f'{$end-$start:.1f}')") s)"

# Kill the worker of shard 2 mid-run; Ray retries the task; the answer must not change.
mkdir -p "$WORK/pids"
driver --output "$WORK/ray-retry.json" --pid-dir "$WORK/pids" --max-retries 3 &
DRIVER=$!
for _ in $(seq 1 600); do
  [ -f "$WORK/pids/shard-2.attempt-1.pid" ] && break
  sleep 0.05
done
[ -f "$WORK/pids/shard-2.attempt-1.pid" ] || { echo "test-ray: shard 2 never started"; kill "$DRIVER"; exit 1; }
VICTIM="$(cat "$WORK/pids/shard-2.attempt-1.pid")"
kill -KILL "$VICTIM"
echo "test-ray: killed the worker (pid $VICTIM) running shard 2/4"
wait "$DRIVER"
[ -f "$WORK/pids/shard-2.attempt-2.pid" ] || { echo "test-ray: shard 2 was not retried"; exit 1; }
cmp "$WORK/single.json" "$WORK/ray-retry.json"
echo "test-ray: after the retry the merged JSON is still identical"
