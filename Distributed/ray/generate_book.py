"""Writes a synthetic book of N inline groups (for the benchmarks in docs/book.md).

python3 generate_book.py 1000 > /tmp/book-1000.yaml   (about 300 members a group on average)
"""
import random
import sys


def main(n=1000, seed=1):
    rng = random.Random(seed)
    out = ["name: Synthetic book of %d groups" % n,
           "simulation: { trials: 1000, seed: 1 }",
           "common_shock: { distribution: lognormal, cv: 0.04 }",
           "reinsurance: { quota_share: 0.2, aggregate_stop_loss: { attachment_loss_ratio: 1.2 } }",
           "groups:"]
    for i in range(n):
        employees = rng.randint(50, 350)
        deductible = rng.choice([20000, 35000, 50000, 75000, 100000])
        basis = rng.choice(["12/12", "12/15", "15/12"])
        out.append(f"""  - id: s{i:05d}
    premium: {int(employees * 1.45 * 900 * 50000 / deductible)}
    census: {{ tiers: [ {{ name: employee_only, employees: {employees}, members_per_employee: 1.0 }} ] }}
    claims:
      per_member:
        frequency: {{ poisson: {{ mean: 3.0 }} }}
        severity: {{ lognormal: {{ mean: 1400, cv: 4.0 }} }}
      group_parameter_cv: 0.05
    stop_loss:
      specific: {{ deductible: {deductible}, basis: "{basis}" }}
      aggregate: {{ corridor: 1.25, basis: "12/12" }}""")
    print("\n".join(out))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
