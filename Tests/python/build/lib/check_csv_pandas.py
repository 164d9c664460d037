"""Loads every CSV the commands write with pandas.read_csv(path, comment="#") and checks that
every column but the named text columns has a float (or integer) dtype.

Usage: python3 Tests/python/check_csv_pandas.py CLAIMSRISK_BINARY   (run by `make test-csv`)
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
ABC = str(ROOT / "Scenarios/abc-incorporated.yaml")
POOL = str(ROOT / "Scenarios/pool-allocated-balance.yaml")
TEXT = {"quantity", "option", "terms", "specific_basis", "aggregate_basis", "tier"}


def main(binary: str) -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        trials = str(Path(tmp) / "trials.csv")
        runs = {
            "simulate": ["simulate", ABC, "--trials", "500", "--trials-csv", trials],
            "compare": ["compare", ABC, "--specific", "25000,50000", "--corridor", "1.25", "--trials", "500"],
            "attach": ["attach", ABC, "--curve", "--trials", "2000"],
            "fund": ["fund", POOL, "--trials", "200", "--years", "3"],
        }
        for name, args in runs.items():
            out = Path(tmp) / f"{name}.csv"
            subprocess.run([binary, *args, "--format", "csv", "--quiet", "--output", str(out)], check=True)
            paths = [out] + ([Path(trials)] if name == "simulate" else [])
            for path in paths:
                frame = pd.read_csv(path, comment="#")
                bad = [c for c in frame.columns if c not in TEXT and frame[c].dtype.kind not in "fi"]
                if bad or len(frame) == 0:
                    failures += 1
                    print(f"FAIL {path.name}: non-numeric columns {bad}: {frame.dtypes.to_dict()}")
                else:
                    print(f"ok   {path.name}: {len(frame)} rows, {len(frame.columns)} columns, numeric columns all float/int")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
