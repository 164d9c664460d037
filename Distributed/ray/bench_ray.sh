#!/usr/bin/env bash
# bench_ray.sh BOOK TRIALS SHARDS: one process (1 thread and 2 threads) against the Ray driver
# on a local cluster of 1 and of 2 CPUs, in a loopback-only network namespace (as
# test_ray.sh), each run's wall time printed; the figures in docs/book.md come from here.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${VENV:-$ROOT/.build-venv-ray}"
BIN="${CLAIMSRISK:-$ROOT/.build/release/claimsrisk}"
BOOK="$1"; TRIALS="$2"; SHARDS="${3:-8}"
NS="claimsrisk-bench-$$"; RAY_TMP="/tmp/crbench-$$"; WORK="$(mktemp -d)"
cleanup() {
  local pids; pids="$(ip netns pids "$NS" 2>/dev/null || true)"
  [ -n "$pids" ] && { kill -TERM $pids 2>/dev/null || true; sleep 2; pids="$(ip netns pids "$NS" 2>/dev/null || true)"; [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true; }
  ip netns del "$NS" 2>/dev/null || true; rm -rf "$RAY_TMP" "$WORK"
}
trap cleanup EXIT INT TERM
ip netns add "$NS"; ip netns exec "$NS" ip link set lo up
# A home of its own: Ray keeps state (an auth token) in ~/.ray, which must not leak between runs.
mkdir -p "$WORK/home"
run_ns() { ip netns exec "$NS" env HOME="$WORK/home" RAY_USAGE_STATS_ENABLED=0 "$@"; }
now() { date +%s.%N; }
for t in 1 2; do
  s=$(now); "$BIN" book "$BOOK" --trials "$TRIALS" --threads $t --quiet --format json --output "$WORK/single.json"; e=$(now)
  echo "single process, $t thread(s): $(echo "$e - $s" | bc) s"
done
for cpus in 1 2; do
  run_ns "$VENV/bin/ray" start --head --node-ip-address=127.0.0.1 --port=6379 --num-cpus=$cpus \
    --include-dashboard=false --disable-usage-stats --temp-dir="$RAY_TMP" >/dev/null 2>&1
  s=$(now)
  run_ns "$VENV/bin/python" -m claimsrisk_ray.driver "$BOOK" --address 127.0.0.1:6379 --shards "$SHARDS" \
    --binary "$BIN" --trials "$TRIALS" --format json --output "$WORK/ray.json" --quiet 2>/dev/null
  e=$(now)
  cmp "$WORK/single.json" "$WORK/ray.json"
  echo "Ray, $cpus CPU(s), $SHARDS shards: $(echo "$e - $s" | bc) s (identical JSON)"
  pids="$(ip netns pids "$NS" || true)"; kill -TERM $pids 2>/dev/null || true; sleep 3
  pids="$(ip netns pids "$NS" || true)"; [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
  rm -rf "$RAY_TMP"
done
