"""Write the left-truncated severity fixture: a lognormal sample above a threshold and scipy's
maximum-likelihood answers (truncated and naive), computed once and stored in the repository.

    python -m crosscheck.truncated_fixture > Tests/ClaimsCalibrationTests/Fixtures/truncated-lognormal.csv
"""
import numpy as np
from scipy import optimize, stats

MU, SIGMA, THRESHOLD, SEED, N_TOTAL = 9.0, 1.6, 25_000.0, 20261201, 40_000


def main():
    rng = np.random.default_rng(SEED)
    x = rng.lognormal(MU, SIGMA, N_TOTAL)
    x = np.round(x[x > THRESHOLD], 2)
    logs = np.log(x)

    def nll(p):
        mu, log_s = p
        s = np.exp(log_s)
        return -(stats.norm.logpdf(logs, mu, s).sum() - logs.sum()
                 - len(x) * stats.norm.logsf(np.log(THRESHOLD), mu, s))

    res = optimize.minimize(nll, [logs.mean(), np.log(logs.std())], method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000})
    mu_t, s_t = res.x[0], float(np.exp(res.x[1]))
    naive_mu, naive_s = logs.mean(), logs.std()  # the untruncated lognormal MLE
    print(f"# Lognormal(mu={MU}, sigma={SIGMA}) draws above {THRESHOLD:.0f} (numpy seed {SEED}, {N_TOTAL} draws).")
    print("# Written by Tools/crosscheck/crosscheck/truncated_fixture.py (scipy.optimize on the left-truncated likelihood).")
    print(f"# scipy truncated MLE: mu={mu_t:.8f} sigma={s_t:.8f} loglik={-res.fun:.6f}")
    print(f"# naive MLE (truncation ignored): mu={naive_mu:.8f} sigma={naive_s:.8f}")
    for v in x:
        print(f"{v:.2f}")


if __name__ == "__main__":
    main()
