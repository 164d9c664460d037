#!/usr/bin/env python3
"""Thread scaling and payment-order cost of the CLI on the bundled scenarios, side by side for
one or more builds (docs/performance.md, "Every path scales").

For every case and build it runs `--threads 1` and `--threads 2`, round-robin over all
(case, build, threads) commands `--repeats` times, so that a burst of load from other
processes hits every command alike. It prints, per command, the best and the median process
wall time, the CPU time, and the cores other processes used meanwhile (`others`), then the
ratios: 2 threads over 1, and the named pairs (payment order over the scalar path, six
options over one).

  python3 Benchmarks/scaling.py --build new=.build/release/claimsrisk \
      --build base=.build-base/release/claimsrisk --repeats 3

On a machine shared with busy builds, run it at a higher priority (`nice -n -20`, as root) so
that the runs get whole cores; the `others` column shows what other processes still used.
"""
import argparse, os, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import timed, wait_quiet  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
S = lambda name: os.path.join(ROOT, "Scenarios", name)

# name, arguments (trials chosen for about 1-5 s on one core)
CASES = [
    ("abc-default", ["simulate", S("abc-incorporated.yaml"), "--trials", "50000"]),
    ("tiered600-default", ["simulate", S("tiered-600.yaml"), "--trials", "10000"]),
    ("tiered600-laser", ["simulate", S("tiered-600-laser.yaml"), "--trials", "10000"]),
    ("compare-1", ["compare", S("tiered-600.yaml"), "--specific", "100000", "--trials", "5000"]),
    ("compare-6", ["compare", S("tiered-600.yaml"), "--specific", "50000,75000,100000",
                   "--basis", "12/15,12/12", "--trials", "5000"]),
    ("attach", ["attach", S("abc-incorporated.yaml"), "--probability", "0.1", "--trials", "50000"]),
    ("fund", ["fund", S("level-funded-12-18.yaml"), "--trials", "50000"]),
    ("w1-claims", ["simulate", S("w1.yaml"), "--trials", "20000", "--method", "claims"]),
]
PAIRS = [("tiered600-laser", "tiered600-default", "payment order / scalar path"),
         ("compare-6", "compare-1", "six options / one")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", action="append", required=True, help="label=path to a claimsrisk binary")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", action="append", help="case names to run (default: all)")
    ap.add_argument("--quiet-wait", type=float, default=0, help="wait up to this many s for a quiet machine before each run")
    a = ap.parse_args()
    builds = [b.split("=", 1) for b in a.build]
    cases = [c for c in CASES if not a.only or c[0] in a.only]
    runs = {}
    for _ in range(a.repeats):
        for name, args in cases:
            for label, path in builds:
                for threads in (1, 2):
                    if a.quiet_wait:
                        wait_quiet(a.quiet_wait)
                    cmd = [path] + args + ["--threads", str(threads), "--format", "json", "--quiet"]
                    wall, cpu, others, _ = timed(cmd)
                    runs.setdefault((name, label, threads), []).append((wall, cpu, others))
    print("| case | build | threads | best wall s | median wall s | CPU s (best run) | others (cores, mean) | runs (s) |")
    print("|---|---|---|---|---|---|---|---|")
    best = {}
    for (name, label, threads), r in runs.items():
        walls = [w for w, _, _ in r]
        b = min(r)
        best[(name, label, threads)] = b[0]
        print(f"| {name} | {label} | {threads} | {b[0]:.3f} | {statistics.median(walls):.3f} | {b[1]:.3f} | "
              f"{statistics.mean(o for _, _, o in r):.2f} | {' '.join(f'{w:.2f}' for w in walls)} |")
    print()
    for name, _ in cases:
        for label, _ in builds:
            one, two = best.get((name, label, 1)), best.get((name, label, 2))
            if one and two:
                print(f"{name} [{label}]: 2 threads / 1 thread = {one / two:.2f}x")
    for x, y, what in PAIRS:
        for label, _ in builds:
            for threads in (1, 2):
                if (x, label, threads) in best and (y, label, threads) in best:
                    print(f"{what} [{label}, {threads} thread(s)]: {best[(x, label, threads)] / best[(y, label, threads)]:.2f}x")


if __name__ == "__main__":
    main()
