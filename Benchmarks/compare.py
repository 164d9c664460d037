#!/usr/bin/env python3
"""Side-by-side speed summary of claimsrisk against its yardsticks (docs/performance.md).

Runs, each `--repeats` times (best = shortest process wall time):
  reference W1 -n N -t 1, -t 2; reference W2 -c 15 -n N -t 2      (../shared/workloads/reference.c)
  claimsrisk simulate w1.yaml --trials N --threads 1, 2; w2-12-15.yaml --threads 2
  numpy_w1.py (vectorized numpy W1, one core)
and bench_primitives once, then prints one table and the ratios against the targets.
The C programs must already be built (the Makefile's `bench` target builds them).
"""
import argparse, json, os, re, resource, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
MEMBERS, CLAIMS_PER_MY = 1000, 6.0
NUMPY_README_MYS = 4.8e6  # ../shared/workloads/README.md, measured on this kind of machine


def cpu_stat():
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    with open("/proc/stat") as fh:
        v = [int(x) for x in fh.readline().split()[1:9]]
    return sum(v) - v[3] - v[4], sum(v)


def wait_quiet(max_wait, busy_limit=0.15):
    """Waits (at most max_wait s) until the machine is under busy_limit busy for 2 s."""
    deadline = time.time() + max_wait
    while True:
        b0, t0 = cpu_stat()
        time.sleep(2)
        b1, t1 = cpu_stat()
        if (b1 - b0) / max(1, t1 - t0) < busy_limit or time.time() > deadline:
            return


def timed(cmd, env=None):
    """Runs cmd; returns (process wall s, process CPU s, other processes' load in cores, stdout)."""
    hz = os.sysconf("SC_CLK_TCK")
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    b0, _ = cpu_stat()
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    wall = time.perf_counter() - t
    b1, _ = cpu_stat()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"compare.py: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    others = max(0.0, (b1 - b0) / hz - cpu) / wall
    return wall, cpu, others, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True, help="directory with reference and bench_primitives")
    ap.add_argument("--workloads", required=True)
    ap.add_argument("--claimsrisk", required=True)
    ap.add_argument("--trials", type=int, default=100_000)
    ap.add_argument("--numpy-trials", type=int, default=20_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--primitive-calls", type=int, default=5_000_000)
    ap.add_argument("--quiet-wait", type=float, default=0,
                    help="before each run, wait up to this many seconds for a quiet machine")
    ap.add_argument("--json", help="also write the raw figures here")
    a = ap.parse_args()
    n, R = a.trials, a.repeats
    ref = os.path.join(a.build, "reference")
    w1, w2 = os.path.join(a.workloads, "w1.yaml"), os.path.join(a.workloads, "w2-12-15.yaml")
    load0 = os.getloadavg()
    env = dict(os.environ)
    for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(k, None)
    env.setdefault("OPENBLAS_NUM_THREADS", "1")

    def cli(path, threads, method="claims"):
        # --method claims: the claim-level engine (the default, auto, takes the fast path of
        # member-year totals from exact FFT tables where the scenario allows it, as for W1).
        return [a.claimsrisk, "simulate", path, "--trials", str(n), "--threads", str(threads),
                "--format", "json", "--quiet", "--method", method]

    # (workload, threads, program, command, trials, env)
    configs = [
        ("W1", 1, "reference.c (mt19937, gsl_ran_*)", [ref, "W1", "-n", str(n), "-t", "1", "-j"], n, None),
        ("W1", 1, "claimsrisk (taus2)", cli(w1, 1), n, None),
        ("W1", 2, "reference.c (mt19937, gsl_ran_*)", [ref, "W1", "-n", str(n), "-t", "2", "-j"], n, None),
        ("W1", 2, "claimsrisk (taus2)", cli(w1, 2), n, None),
        ("W2 12/15", 2, "reference.c (mt19937, gsl_ran_*)", [ref, "W2", "-c", "15", "-n", str(n), "-t", "2", "-j"], n, None),
        ("W2 12/15", 2, "claimsrisk (taus2)", cli(w2, 2), n, None),
        ("W1", 2, "claimsrisk --method auto (fast path)", cli(w1, 2, "auto"), n, None),
        ("W1", 1, "numpy (vectorized)", [sys.executable, os.path.join(HERE, "numpy_w1.py"), str(a.numpy_trials)],
         a.numpy_trials, env),
    ]
    runs = {i: [] for i in range(len(configs))}
    print(f"timing {len(configs)} commands, {R} rounds (process wall time; {n:,} trials):", file=sys.stderr)
    # Round-robin, so that a burst of load from other processes hits every command alike.
    for rnd in range(R):
        for i, (wl, threads, program, cmd, trials, e) in enumerate(configs):
            if a.quiet_wait > 0:
                wait_quiet(a.quiet_wait)
            wall, cpu, others, out = timed(cmd, e)
            j = json.loads(out)
            if program.startswith("numpy"):
                wall = j["seconds"]  # the script's own loop time (no interpreter start-up)
            runs[i].append(dict(wall=wall, cpu=cpu, others=others, out=j))
            print(f"  round {rnd + 1}/{R}  {wl:<8} -t {threads}  {program:<34} {wall:8.3f} s wall  "
                  f"{cpu:8.3f} s CPU  others {others:4.2f} cores", file=sys.stderr, flush=True)
    rows = []
    for i, (wl, threads, program, cmd, trials, e) in enumerate(configs):
        best = min(runs[i], key=lambda r: r["wall"])
        j = best["out"]
        if program.startswith("reference"):
            note = f"own sim-only figure {j['member_years_per_s'] / 1e6:.2f} M/s"
        elif program.startswith("numpy"):
            program = f"numpy {j['numpy']} (vectorized)"
            note = f"{trials:,} trials, loop time"
        else:
            note = f"method {j.get('method', '?')}, E[aggregate_claims] {j['metrics']['aggregate_claims']['mean']:,.0f}"
        rows.append(dict(workload=wl, threads=threads, program=program, wall=best["wall"],
                         walls=[r["wall"] for r in runs[i]], cpu=min(r["cpu"] for r in runs[i]),
                         others=best["others"], trials=trials, mys=trials * MEMBERS / best["wall"], note=note))
    numpy_mys = next(r["mys"] for r in rows if r["program"].startswith("numpy"))

    print(f"bench_primitives {a.primitive_calls} 5 ...", file=sys.stderr, flush=True)
    if a.quiet_wait > 0:
        wait_quiet(a.quiet_wait)
    _, _, prim_others, prim_out = timed([os.path.join(a.build, "bench_primitives"), str(a.primitive_calls), "5"])
    prim = {}
    for line in prim_out.splitlines():
        m = re.match(r"^(gsl_\S+|exp\(5\+2\*ziggurat\))\s+([\d.]+)\s+([\d.]+)$", line.strip())
        if m:
            prim[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    load1 = os.getloadavg()

    # ---- the table
    print()
    print(f"{'workload':<9} {'thr':>3}  {'program':<34} {'best wall s':>11} {'M member-yr/s':>13} "
          f"{'ns/claim':>8} {'CPU ns/claim':>12} {'others':>6}  all runs (s)")
    for r in rows:
        claims = r["trials"] * MEMBERS * CLAIMS_PER_MY
        ns = r["wall"] * 1e9 / claims
        cpu_ns = r["cpu"] * 1e9 / claims if not r["program"].startswith("numpy") else float("nan")
        walls = " ".join(f"{w:.2f}" for w in r["walls"])
        print(f"{r['workload']:<9} {r['threads']:>3}  {r['program']:<34} {r['wall']:>11.3f} "
              f"{r['mys'] / 1e6:>13.2f} {ns:>8.2f} {cpu_ns:>12.2f} {r['others']:>6.2f}  {walls}   {r['note']}")
    print("(best of the rounds by wall time. ns/claim: wall time over the expected 6 claims per "
          "member-year; CPU ns/claim: least user+system time of the process over the rounds, all "
          "threads; others: cores other processes used during the best run. Process wall time "
          "includes start-up, scenario load, statistics and output.)")

    def get(prog, wl, t, key="mys"):
        for r in rows:
            if r["program"].startswith(prog + " (") and r["workload"] == wl and r["threads"] == t:
                return r[key]

    ours1, ours2, ref1, ref2 = get("claimsrisk", "W1", 1), get("claimsrisk", "W1", 2), get("reference.c", "W1", 1), get("reference.c", "W1", 2)
    ours_w2, ref_w2 = get("claimsrisk", "W2 12/15", 2), get("reference.c", "W2 12/15", 2)
    cpu = {(p, w, t): get(p, w, t, "cpu") for p in ("claimsrisk", "reference.c") for (w, t) in (("W1", 1), ("W1", 2), ("W2 12/15", 2))}
    print()
    print(f"primitives (ns per call, median of 5; bench_primitives; others {prim_others:.2f} cores):")
    for k, (mt, ta) in prim.items():
        print(f"  {k:<30} mt19937 {mt:7.2f}   taus2 {ta:7.2f}")
    floors = {}
    if prim:
        t = {k: v[1] for k, v in prim.items()}
        floors["taus2 exp(5+2*ziggurat) + gsl_ran_poisson(6)/6"] = t["exp(5+2*ziggurat)"] + t["gsl_ran_poisson(6)"] / 6
        floors["taus2 exp(5+2*ziggurat) + gsl_rng_uniform/6 (table Poisson)"] = t["exp(5+2*ziggurat)"] + t["gsl_rng_uniform"] / 6
        floors["mt19937 gsl_ran_lognormal + gsl_ran_poisson(6)/6 (reference.c)"] = prim["gsl_ran_lognormal(5,2)"][0] + prim["gsl_ran_poisson(6)"][0] / 6
    ours_ns1 = 1e9 / (ours1 * CLAIMS_PER_MY)
    ours_cpu_ns1 = cpu[("claimsrisk", "W1", 1)] * 1e9 / (n * MEMBERS * CLAIMS_PER_MY)

    def verdict(ok):
        return "MET" if ok else "NOT MET"

    print()
    print("ratios and targets:")
    print(f"  W1 ours/reference.c, 1 thread : {ours1 / ref1:5.2f}x")
    print(f"  W1 ours/reference.c, 2 threads: {ours2 / ref2:5.2f}x   target >= 4x: {verdict(ours2 / ref2 >= 4)}")
    print(f"  W2 12/15 ours/reference.c, 2 threads: {ours_w2 / ref_w2:5.2f}x")
    for (w, t) in (("W1", 1), ("W1", 2), ("W2 12/15", 2)):
        print(f"  {w} -t {t} CPU time per claim, reference.c/ours: {cpu[('reference.c', w, t)] / cpu[('claimsrisk', w, t)]:5.2f}x (less sensitive to other load)")
    print(f"  W1 ours (2 threads)/numpy README 4.8M/s: {ours2 / NUMPY_README_MYS:5.2f}x   target >= 4x: {verdict(ours2 / NUMPY_README_MYS >= 4)}")
    print(f"  W1 ours (2 threads)/numpy measured {numpy_mys / 1e6:.2f}M/s: {ours2 / numpy_mys:5.2f}x   target >= 4x: {verdict(ours2 / numpy_mys >= 4)}")
    print(f"  W1 ours (1 thread)/numpy measured: {ours1 / numpy_mys:5.2f}x")
    print(f"  scaling 2 threads/1 thread: ours {ours2 / ours1:4.2f}x ({verdict(ours2 / ours1 >= 1.8)} for >= 1.8x), reference.c {ref2 / ref1:4.2f}x")
    print(f"  W1 per claim, ours 1 thread: {ours_ns1:6.2f} ns (process wall), {ours_cpu_ns1:6.2f} ns (CPU)")
    for name, f in floors.items():
        print(f"    / floor {name} = {f:6.2f} ns: {ours_ns1 / f:4.2f}x wall, {ours_cpu_ns1 / f:4.2f}x CPU   "
              f"target <= 1.3x: {verdict(ours_ns1 / f <= 1.3)}")
    print(f"  load average before {load0[0]:.2f}, after {load1[0]:.2f} (2 cores; other builds may share the machine)")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(dict(rows=rows, runs={configs[i][2] + " " + configs[i][0] + f" -t {configs[i][1]}": v
                                           for i, v in runs.items()},
                           primitives=prim, primitives_raw=prim_out, floors=floors,
                           numpy_mys=numpy_mys, load=[load0, load1]), fh, indent=1, default=str)


if __name__ == "__main__":
    main()
