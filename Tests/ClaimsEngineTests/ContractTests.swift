// ContractTests.swift: contract windows, run-in, the accounting identity on every trial,
// determinism across thread counts, and closed forms of the calibrated default model.
import ClaimsEngine
import ClaimsModel
import Foundation
import GSLRandom
import Testing

private let w2Lag = [0.30, 0.40, 0.15, 0.08, 0.04, 0.02, 0.01]
private let e7 = Foundation.exp(7.0)

private func compound(
  basis: String, deductible: Double?, members: Int = 400, lag: [Double] = w2Lag,
  aggregate: String = "attachment: 100000000", extraStopLoss: String = ""
) -> String {
  """
  census: { members: \(members) }
  claims:
    per_member:
      frequency: { poisson: { mean: 6.0 } }
      severity: { lognormal: { mu: 5.0, sigma: 2.0 } }
    lag: [\(lag.map { String($0) }.joined(separator: ", "))]
  stop_loss:
    basis: "\(basis)"
  \(deductible.map { "  specific: { deductible: \($0) }" } ?? "")
    aggregate: { \(aggregate) }
  \(extraStopLoss)
  """
}

@Suite("Contract windows, run-in and identities")
struct ContractTests {
  /// Σ_m P(window reaches a claim incurred in month m), m over every month with a
  /// possible payment in 1…12 or later.
  static func eligibleMonths(_ basis: ContractBasis, from first: Int) -> Double {
    var total = 0.0
    for m in first...12 {
      for (k, p) in w2Lag.enumerated() where basis.covers(incurred: m, paid: m + k) { total += p }
    }
    return total
  }

  @Test("Run-in bases against the exact expected eligible claims", arguments: ["15/12", "18/12", "24/12", "paid", "12/12", "15/15"])
  func runIn(_ basisText: String) throws {
    let s = try scenario(compound(basis: basisText, deductible: nil))
    let basis = try #require(ContractBasis(parsing: basisText))
    let (plan, columns, r) = try simulate(s, trials: 4000, seed: 3)
    let perMonth = 400 * 6.0 / 12 * e7
    let eligible = perMonth * Self.eligibleMonths(basis, from: -11)
    let agg = try #require(r.summary(.aggregateClaims))
    expectWithin(agg.mean, eligible, se: agg.stdError, "E[aggregate_claims] \(basisText)")
    let current = perMonth * Self.eligibleMonths(basis, from: 1)
    let runout = perMonth * 12 - current
    let out = try #require(r.summary(.runoutUnprotected))
    if runout > 0 { expectWithin(out.mean, runout, se: out.stdError, "E[runout] \(basisText)") }
    #expect(plan.hasRunIn == basis.hasRunIn)
    if basis.hasRunIn {
      let runIn = try #require(r.summary(.runInClaims))
      expectWithin(runIn.mean, eligible - current, se: runIn.stdError, "E[runin_claims] \(basisText)")
      // Without a specific deductible the aggregate pays nothing here, so run-in adds nothing.
      #expect(try #require(r.summary(.runInReimbursement)).max == 0)
    }
    // The identity on every trial: current eligible + run-in = aggregate claims (no specific).
    for t in 0..<columns.trials {
      let lhs = columns[.claimsIncurred, t] - columns[.runoutUnprotected, t] + columns[.runInClaims, t]
      expectClose(lhs, columns[.aggregateClaims, t], tolerance: 1e-7 * max(1, lhs), "identity trial \(t)")
    }
  }

  @Test("The paid basis reaches a mean lag's worth of earlier claims")
  func paidBasisRunIn() throws {
    let s = try scenario(compound(basis: "paid", deductible: nil))
    let (_, _, r) = try simulate(s, trials: 4000, seed: 5)
    let meanLag = w2Lag.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
    let runIn = try #require(r.summary(.runInClaims))
    expectWithin(runIn.mean, 400 * 6.0 / 12 * e7 * meanLag, se: runIn.stdError, "E[runIn] = monthly claims × mean lag")
  }

  @Test("Accounting identity on every trial with a specific deductible", arguments: ["12/12", "12/15", "15/12", "paid", "incurred"])
  func identity(_ basisText: String) throws {
    let s = try scenario(compound(basis: basisText, deductible: 25_000, aggregate: "corridor: 1.0"))
    let (plan, columns, r) = try simulate(s, trials: 2000, seed: 9)
    let a = try #require(r.attachment?.dollars)
    for t in 0..<columns.trials {
      let incurred = columns[.claimsIncurred, t]
      let spec = columns[.specificReimbursement, t]
      let aggC = columns[.aggregateClaims, t]
      let runout = columns[.runoutUnprotected, t]
      let runIn = plan.hasRunIn ? columns[.runInClaims, t] : 0
      // Eligible claims split exactly into the specific excess and the capped claims.
      expectClose(incurred - runout + runIn, spec + aggC, tolerance: 1e-7 * incurred, "eligible = specific + aggregate claims")
      // retained = incurred − specific − aggregate reimbursement = min(C, A) + runout − runIn.
      let aggR = max(0, aggC - a)
      let retained = incurred - spec - aggR
      expectClose(retained, min(aggC, a) + runout - runIn, tolerance: 1e-7 * incurred, "retained identity")
      #expect(spec >= 0 && aggR >= 0 && aggC >= 0)
    }
    let p = try #require(r.probabilityAttach)
    #expect(p.value > 0.3 && p.value < 0.7, "a 100% corridor attaches about half the time")
  }

  @Test("Specific and aggregate on different bases (specific 12/15, aggregate 12/12)")
  func separateBases() throws {
    let yaml = """
      census: { members: 400 }
      claims:
        per_member:
          frequency: { poisson: { mean: 6.0 } }
          severity: { lognormal: { mu: 5.0, sigma: 2.0 } }
        lag: [0.30, 0.40, 0.15, 0.08, 0.04, 0.02, 0.01]
      stop_loss:
        specific: { deductible: 1e12, basis: "12/15" }
        aggregate: { attachment: 1e12, basis: "12/12" }
      """
    let s = try scenario(yaml)
    let (_, _, r) = try simulate(s, trials: 4000, seed: 4)
    let perMonth = 400 * 6.0 / 12 * e7
    let agg = try #require(r.summary(.aggregateClaims))
    expectWithin(agg.mean, perMonth * 12 * 0.895, se: agg.stdError, "aggregate counts 12/12 claims")
    // Run-out is what neither window reaches: the 12/15 specific window is the wider one.
    let out = try #require(r.summary(.runoutUnprotected))
    expectWithin(out.mean, perMonth * 12 * (1 - 0.990833333), se: out.stdError, "run-out outside 12/15")
  }

  @Test("Same seed gives bit-identical columns with 1 and 2 threads")
  func threadsDoNotChangeResults() throws {
    let s = try Scenario.load(path: Paths.workload("w2-12-15.yaml"))
    let (_, one, _) = try simulate(s, trials: 3000, seed: 99, threads: 1)
    let (_, two, _) = try simulate(s, trials: 3000, seed: 99, threads: 2)
    for column in TrialColumn.allCases {
      #expect(one.values(column) == two.values(column), "\(column)")
    }
    let (_, other, _) = try simulate(s, trials: 3000, seed: 100, threads: 2)
    #expect(one.values(.aggregateClaims) != other.values(.aggregateClaims), "another seed gives other draws")
  }

  @Test("Calibrated default model: plan-paid closed forms (domain.md §5.4)")
  func calibratedDefault() throws {
    let yaml = """
      census: { members: 2000 }
      claims: { default: {}, lag: [1.0], group_parameter_cv: 0, trend: 0 }
      stop_loss:
        basis: incurred
        specific: { deductible: 50000 }
      """
    let s = try scenario(yaml)
    let S = CalibratedModel.annualAllowed
    // Plan pays S − cs(S): cs = min(S, 750) + 0.2·min((S − 750)+, 13,750).
    let expectedPaid = S.mean - S.limitedExpectedValue(750) - 0.2 * (S.limitedExpectedValue(14_500) - S.limitedExpectedValue(750))
    // Above the out-of-pocket maximum P = S − 3,500, so P > 50,000 ⇔ S > 53,500.
    let expectedExcess = S.mean - S.limitedExpectedValue(53_500)
    // The domain reference's figures come from a 4M-member simulation [D]: their own standard
    // error is about sd/√4e6 ≈ $16 (sd of P ≈ $31,000), so they agree within 4 of those.
    expectClose(expectedPaid, 5_867, tolerance: 64, "domain.md: mean plan-paid $5,867")
    expectClose(expectedExcess, 1_666, tolerance: 64, "domain.md: E[(P − 50k)+] = $1,666")
    let (_, _, r) = try simulate(s, trials: 2000, seed: 21)
    let inc = try #require(r.summary(.claimsIncurred))
    expectWithin(inc.mean, 2000 * expectedPaid, se: inc.stdError, "E[claims_incurred]")
    let spec = try #require(r.summary(.specificReimbursement))
    expectWithin(spec.mean, 2000 * expectedExcess, se: spec.stdError, "E[specific_reimbursement]")
    let agg = try #require(r.summary(.aggregateClaims))
    expectWithin(agg.mean, 2000 * (expectedPaid - expectedExcess), se: agg.stdError, "E[aggregate_claims] ($4,202 a member)")
  }

  @Test("Default model family weights: a family unit costs 2.86 EE-only units; mean weight 1")
  func familyWeights() {
    let census = Census.fromTiers([("employee_only", 96, 1.0), ("family", 43, 3.0)])
    let w = CalibratedModel.memberWeights(for: census)
    expectClose(w.reduce(0, +) / Double(w.count), 1, tolerance: 1e-12, "mean weight")
    let ee = zip(census.members, w).filter { $0.0.tier == 0 }.map(\.1).reduce(0, +) / 96
    let fam = zip(census.members, w).filter { $0.0.tier == 1 }.map(\.1).reduce(0, +) / 43
    expectClose(fam / ee, 2.86, tolerance: 1e-12, "family / EE-only")
  }

  @Test("Default model tier weights follow each tier's composition (hand-computed from adult 1.0, child 0.45, family of three 2.86)")
  func tierWeightsByComposition() {
    // Dependent factor k = (2.86 − 1) / (1 + 0.45 + 1 − 1) = 1.86 / 1.45 = 1.282758…
    // Employee + spouse: 1 + k = 2.282758; employee + spouse + child: 1 + 1.45k = 2.86;
    // two adults and two children: 1 + 1.9k = 3.437241.
    // Census.fromTiers: the employee, a spouse when the family has two or more, then children.
    let census = Census.fromTiers([("employee_only", 3, 1.0), ("employee_spouse", 2, 2.0), ("family3", 4, 3.0), ("family4", 2, 4.0)])
    let costs = CalibratedModel.tierRelativeCosts(for: census).map(\.perUnit)
    let expected = [1.0, 2.282758620689655, 2.86, 3.437241379310345]
    for (c, e) in zip(costs, expected) { expectClose(c, e, tolerance: 1e-9, "unit cost relative to an employee alone") }
    let w = CalibratedModel.memberWeights(for: census)
    expectClose(w.reduce(0, +) / Double(w.count), 1, tolerance: 1e-12, "mean weight")
    // Weights relative to the employee alone: a spouse k, a child 0.45k.
    let spouse = census.members.firstIndex { $0.id == "employee_spouse-1-2" }!
    let child = census.members.firstIndex { $0.id == "family3-1-3" }!
    expectClose(w[spouse] / w[0], 1.282758620689655, tolerance: 1e-9, "spouse")
    expectClose(w[child] / w[0], 0.45 * 1.282758620689655, tolerance: 1e-9, "child")
  }

  @Test("Corridor attachment = corridor × mean aggregate claims, with its standard error")
  func corridor() throws {
    let s = try scenario(compound(basis: "12/15", deductible: 50_000, aggregate: "corridor: 1.25"))
    let (_, _, r) = try simulate(s, trials: 2000, seed: 2)
    let agg = try #require(r.summary(.aggregateClaims))
    let a = try #require(r.attachment)
    expectClose(a.dollars, 1.25 * agg.mean, tolerance: 1e-6 * a.dollars, "A = 1.25·mean")
    expectClose(a.stdError, 1.25 * agg.stdError, tolerance: 1e-6 * a.stdError, "SE(A)")
  }

  @Test("Trend multiplies a month-m claim by (1 + trend)^((m − 1)/12)")
  func trend() throws {
    let yaml = """
      census: { members: 1000 }
      claims:
        per_member:
          frequency: { poisson: { mean: 6.0 } }
          severity: { gamma: { shape: 2, scale: 500 } }
        trend: 0.12
      stop_loss: { basis: incurred }
      """
    let s = try scenario(yaml)
    let (_, _, r) = try simulate(s, trials: 2000, seed: 8)
    let factor = (1...12).reduce(0.0) { $0 + Foundation.pow(1.12, Double($1 - 1) / 12) } / 12
    let inc = try #require(r.summary(.claimsIncurred))
    expectWithin(inc.mean, 1000 * 6 * 1000 * factor, se: inc.stdError, "trended claims")
  }
}
