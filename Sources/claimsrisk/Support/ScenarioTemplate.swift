// ScenarioTemplate.swift: the scenario `claimsrisk template` prints: every key of the format,
// commented, with the ABC Incorporated quote (seed 001) as the example.
enum ScenarioTemplate {
  static let text = """
    # A ClaimsRisk scenario (format 1). Every key is documented in docs/scenario-format.md.
    # This one is the ABC Incorporated partially self-funded quote (IMA, seed 001).
    format: 1
    name: ABC Incorporated

    census:                          # exactly one of: members | tiers | members_file
      tiers:                         # enrolled units (employees) by coverage tier
        - { name: employee_only, employees: 96, members_per_employee: 1.0 }
        - { name: family, employees: 43, members_per_employee: 3.0 }
      # members: 1000                # N identical members, one enrolled unit each
      # members_file: census.csv     # one row per person: member_id,family_id,tier,relationship,age,sex

    claims:                          # exactly one of: default | annual | per_member
      default: {}                    # the calibrated member-level model (domain.md §5):
                                     # $583 allowed PMPM, plan-paid after cost sharing,
                                     # family weights, medical/Rx lags, 8% group parameter CV
      # default: { expected_pmpm: 620 }
      # annual:                      # your own annual cost per member
      #   distribution: { zero_inflated: { zero: 0.15, of: { lognormal: { mu: 7.561, sigma: 1.706 } } } }
      #   expected_pmpm: 583         # optional: rescale to this mean cost per member-month
      # per_member:                  # compound model: claims per member per plan year
      #   frequency: { poisson: { mean: 6.0 } }
      #   severity: { lognormal: { mu: 5.0, sigma: 2.0 } }
      # lag: [0.30, 0.40, 0.15, 0.08, 0.04, 0.02, 0.01]   # P(paid − incurred = k months); sums to 1
      # trend: 0.0                   # annual trend by incurred month: × (1 + trend)^((month − 1)/12)
      # seasonality: [1,1,1,1,1,1,1,1,1,1,1,1]            # weights of policy months 1..12
      # group_parameter_cv: 0.08     # per-trial group cost multiplier (0 = off)
      # cost_sharing: { deductible: 750, coinsurance: 0.20, out_of_pocket_max: 3500 }   # or none

    stop_loss:
      basis: "12/12"                 # default for both covers: "I/P", paid, incurred
      specific:
        deductible: 25000            # per member per contract period
        basis: "12/15"
      aggregate:                     # exactly one of: attachment | factors | corridor
        factors: { employee_only: 141.00, family: 403.00 }   # $ per enrolled unit per month
        basis: "12/12"
        # attachment: 370380         # annual attachment point in dollars
        # corridor: 1.25             # multiple of expected aggregate claims

    fixed_costs:
      per_unit_month: { employee_only: 116.30, family: 205.90 }   # or one number

    fully_insured_annual_premium: 570000

    simulation:
      trials: 20000
      seed: 20261124
      # generator: taus2             # taus2 (default), mt19937 or ranlxd2

    """
}
