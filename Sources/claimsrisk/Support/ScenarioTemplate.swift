// ScenarioTemplate.swift: the scenario `claimsrisk template` prints: every key of the format,
// commented, with the ABC Incorporated quote (IMA's self-funded plan example) as the example.
enum ScenarioTemplate {
  static let text = """
    # A ClaimsRisk scenario (format 1). Every key is documented in docs/scenario-format.md.
    # This one is IMA's partially self-funded example quote for ABC Incorporated.
    format: 1
    name: ABC Incorporated

    census:                          # exactly one of: members | tiers | members_file
      tiers:                         # enrolled units (employees) by coverage tier
        - { name: employee_only, employees: 96, members_per_employee: 1.0 }
        - { name: family, employees: 43, members_per_employee: 3.0 }
      # members: 1000                # N identical members, one enrolled unit each
      # members_file: census.csv     # one row per person: member_id,family_id,tier,relationship,age,sex

    claims:                          # exactly one of: default | annual | per_member
      default: { expected_pmpm: 212 } # the calibrated member-level model (docs/model.md),
                                     # scaled to the cost level the quote's aggregate factors
                                     # imply ($212 allowed PMPM; the model's own is $583);
                                     # plan-paid after cost sharing, family weights,
                                     # medical/Rx lags, 8% group parameter CV.
                                     # Keep the attachment point above expected claims:
                                     # at $583 PMPM these factors attach almost every year.
      # default: {}                  # the model's own cost level, $583 allowed PMPM
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
      # terminal_liability: false    # TLO: run-out of 3 months covered, AP + 3 monthly APs
      specific:
        deductible: 25000            # per member per contract period
        basis: "12/15"
        # lasers: [ { member: "family-3-1", deductible: 100000 }, { member: "employee_only-7-1", excluded: true } ]
        # aggregating_deductible: 0  # ASD, filled in payment order
        # maximum: 2000000           # specific maximum per member
        # reimbursement: 1.0         # 100%
        # accumulation: member       # or family
        # timing_months: 1           # reimbursement one month after the paid month
        # carryover_months: 0        # last months' claims credited to the deductible
        # run_in_limit: { months: 3, dollars: 50000 }
        # extension_of_benefits: { members: ["family-3-1"], months: 12 }   # disabled members at termination
      aggregate:                     # exactly one of: attachment | factors | corridor
        factors: { employee_only: 141.00, family: 403.00 }   # $ per enrolled unit per month
        basis: "12/12"
        # minimum: { rule: first_month, percent: 0.95 }   # or inception / dollars / none
        # maximum: 1000000           # aggregate maximum benefit
        # reimbursement: 1.0
        # accommodation: false       # monthly aggregate accommodation
        # settlement_lag_months: 1
        # attachment: 370380         # annual attachment point in dollars
        # corridor: 1.25             # multiple of expected aggregate claims

    fixed_costs:
      per_unit_month: { employee_only: 116.30, family: 205.90 }   # or one number

    # enrolment: { layoff: { month: 7, fraction: 0.10 } }   # or { attrition: 0.01 } or { monthly: { tier: [12 counts] } }

    # options:                       # contracts compared on common random numbers (claimsrisk compare)
    #   - { name: "specific $50k", specific: { deductible: 50000 }, fixed_costs: { per_unit_month: { employee_only: 101.20, family: 180.40 } } }

    # funding:                       # claimsrisk fund; see docs/funding.md
    #   level: { monthly_claims_fund: 30865, run_out_months: 6, surplus_share: 1.0 }

    fully_insured_annual_premium: 570000

    simulation:
      trials: 20000
      seed: 20261124
      # generator: taus2             # taus2 (default), mt19937 or ranlxd2
      # cash_flow: false             # monthly net outflows and the largest cash need

    """
}
