#!/usr/bin/env python3
"""W1 as a vectorized numpy script: the yardstick of docs/performance.md (one core).

Per member-year N ~ Poisson(6) claims, each X ~ Lognormal(5, 2); per member S = sum X,
retained min(S, 50,000); aggregate over 1,000 members per trial. Prints one JSON line.
Usage: numpy_w1.py [trials=20000] [seed=1] [block=200]
"""
import json, sys, time
import numpy as np

MEMBERS, LAM, MU, SIGMA, DED = 1000, 6.0, 5.0, 2.0, 50_000.0
trials = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
block = int(sys.argv[3]) if len(sys.argv) > 3 else 200        # trials per vectorized block
rng = np.random.default_rng(seed)
agg = np.empty(trials)
claims = 0
t0 = time.perf_counter()
for start in range(0, trials, block):
    b = min(block, trials - start)
    n = rng.poisson(LAM, size=b * MEMBERS)                   # claims per member-year
    x = rng.standard_normal(int(n.sum()))                    # every claim's severity:
    x *= SIGMA; x += MU; np.exp(x, out=x)                    # Lognormal(5, 2), in place
    owner = np.repeat(np.arange(b * MEMBERS), n)             # member-year of each claim
    s = np.bincount(owner, weights=x, minlength=b * MEMBERS)  # per-member sum
    agg[start:start + b] = np.minimum(s, DED).reshape(b, MEMBERS).sum(axis=1)
    claims += int(n.sum())
sec = time.perf_counter() - t0
print(json.dumps({"trials": trials, "members": MEMBERS, "claims": claims, "seconds": sec,
                  "member_years_per_s": trials * MEMBERS / sec, "ns_per_claim": sec * 1e9 / claims,
                  "mean_aggregate": float(agg.mean()), "numpy": np.__version__}))
