"""Compare claimsrisk's chain ladder and Mack standard errors with chainladder-python.

Runs chainladder-python's MackChainladder on its RAA and GenIns samples (both sigma
conventions), and `claimsrisk calibrate --triangle FILE --format json` on the repository's
fixture copies of the same triangles; prints both and exits non-zero on a difference of more
than a dollar.  Usage (from the repository root, after `make crosscheck` built the venv):

    .build-venv/crosscheck/bin/claimsrisk-crosscheck --claimsrisk .build/release/claimsrisk
"""
import argparse
import json
import subprocess
import sys
import warnings


def reference():
    import chainladder as cl
    out = {}
    for name in ("raa", "genins"):
        t = cl.load_sample(name)
        loglin = cl.MackChainladder().fit(t)
        mack = cl.MackChainladder().fit(cl.Development(sigma_interpolation="mack").fit_transform(t))
        out[name] = {
            "ibnr": float(loglin.ibnr_.sum()),
            "se_log_linear": float(loglin.total_mack_std_err_.values.ravel()[0]),
            "se_mack": float(mack.total_mack_std_err_.values.ravel()[0]),
        }
    return out


def ours(binary, name):
    fixture = f"Tests/ClaimsCalibrationTests/Fixtures/{name}.csv"
    result = {}
    for sigma in ("log-linear", "mack"):
        text = subprocess.run([binary, "calibrate", "--triangle", fixture, "--sigma", sigma, "--format", "json"],
                              check=True, capture_output=True, text=True).stdout
        report = json.loads(text)
        result["ibnr"] = report["total_ibnr"]
        result["se_" + sigma.replace("-", "_")] = report["total_ibnr_mack_se"]
    return result


def main():
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claimsrisk", default=".build/release/claimsrisk")
    args = parser.parse_args()
    ref = reference()
    failed = False
    for name, r in ref.items():
        o = ours(args.claimsrisk, name)
        for key in ("ibnr", "se_log_linear", "se_mack"):
            diff = abs(o[key] - r[key])
            status = "ok" if diff < 1 else "DIFFERENT"
            failed |= diff >= 1
            print(f"{name:7s} {key:14s} chainladder {r[key]:16,.2f}  claimsrisk {o[key]:16,.2f}  {status}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
