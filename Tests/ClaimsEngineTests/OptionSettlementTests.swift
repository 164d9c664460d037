// OptionSettlementTests.swift: several plain contracts (a scenario's options, `compare`) are
// settled together on member sums, the claims drawn once. Each option's per-trial primitives
// must equal those of the same option run alone on the same draws, and agree with the
// payment-order settlement of the same claims.
import ClaimsEngine
import ClaimsModel
import Foundation
import Testing

/// Every combination of deductibles and bases applied to `s`'s contract: the first is the
/// scenario's own, the rest its options (as `compare --specific … --basis …` builds them).
private func withOptions(_ s: Scenario, deductibles: [Double], bases: [String]) throws -> Scenario {
  var contracts: [StopLossSpec] = []
  for b in bases {
    let basis = try #require(ContractBasis(parsing: b))
    for d in deductibles {
      var sl = s.stopLoss
      sl.basis = basis
      sl.specific?.deductible = d
      sl.specific?.basis = basis
      sl.aggregate?.basis = basis
      contracts.append(sl)
    }
  }
  var out = s
  out.stopLoss = contracts[0]
  out.options = contracts.dropFirst().enumerated().map { ContractOption(name: "option \($0.offset + 1)", stopLoss: $0.element, fixedCosts: s.fixedCosts) }
  return out
}

/// The scenario with option `c`'s contract (0: its own) as its only contract.
private func alone(_ s: Scenario, _ c: Int) -> Scenario {
  var one = s
  if c > 0 { one.stopLoss = s.options[c - 1].stopLoss }
  one.options = []
  return one
}

private let primitives: [TrialColumn] = [
  .claimsIncurred, .specificReimbursement, .aggregateClaims, .runoutUnprotected,
  .runInClaims, .specificWithoutRunIn, .aggregateClaimsWithoutRunIn,
]

private func compound(_ stopLoss: String) throws -> Scenario {
  try scenario(
    """
    census: { members: 150 }
    claims:
      per_member:
        frequency: { poisson: { mean: 6.0 } }
        severity: { lognormal: { mu: 5.0, sigma: 2.0 } }
      lag: [0.5, 0.3, 0.2]
      trend: 0.06
      group_parameter_cv: 0.1
    stop_loss:
    \(stopLoss.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    """)
}

@Suite("Options settled together on member sums")
struct OptionSettlementTests {
  /// Checks that every option of `s` settles, trial by trial, exactly as it does alone.
  func expectEachOptionAsAlone(_ s: Scenario, trials: Int, seed: UInt64) throws {
    let (plan, all, _) = try simulate(s, trials: trials, seed: seed)
    #expect(plan.contracts.count == s.options.count + 1)
    #expect(!plan.usesEvents, "plain options settle on member sums: \(plan.paymentOrderReason ?? "")")
    for c in 0..<plan.contracts.count {
      let (onePlan, one, _) = try simulate(alone(s, c), trials: trials, seed: seed)
      #expect(!onePlan.usesEvents)
      for column in primitives where one.layout.id(column) >= 0 {
        let mine = all.values(column, contract: c)
        #expect(mine == one.values(column), "option \(c) \(column): the same draws settle to the same cents")
      }
      #expect(all.values(.specificReimbursement, contract: c).contains { $0 > 0 }, "option \(c) reimburses on some trial")
    }
  }

  @Test("Compound model with lag, trend and group risk: 3 deductibles × 3 bases, each as alone")
  func compoundOptionsAsAlone() throws {
    let base = try compound("basis: \"12/12\"\nspecific: { deductible: 20000 }\naggregate: { attachment: 1500000 }")
    let s = try withOptions(base, deductibles: [20_000, 40_000, 80_000], bases: ["12/12", "12/15", "12/18"])
    let plan = SimulationPlan(s)
    // 9 contracts, 3 classifications of the cells (one per basis).
    #expect(plan.contracts.count == 9)
    try expectEachOptionAsAlone(s, trials: 300, seed: 41)
  }

  @Test("Run-in bases (15/12, 15/15): the settlement without run-in claims as alone too")
  func runInOptionsAsAlone() throws {
    let base = try compound("basis: \"15/12\"\nspecific: { deductible: 20000 }\naggregate: { attachment: 1500000 }")
    let s = try withOptions(base, deductibles: [20_000, 60_000], bases: ["15/12", "15/15"])
    #expect(SimulationPlan(s).hasRunIn)
    try expectEachOptionAsAlone(s, trials: 300, seed: 43)
  }

  @Test("The calibrated default model (tiered group): 3 deductibles × 2 bases, each as alone")
  func defaultModelOptionsAsAlone() throws {
    var base = try Scenario.load(path: Paths.scenario("tiered-600.yaml"))
    base.simulation.trials = 60
    let s = try withOptions(base, deductibles: [50_000, 75_000, 100_000], bases: ["12/15", "12/12"])
    try expectEachOptionAsAlone(s, trials: 60, seed: 20_261_201)
  }

  @Test("Every option agrees with its payment-order settlement of the same claims")
  func optionsMatchPaymentOrder() throws {
    let base = try compound("basis: \"12/15\"\nspecific: { deductible: 20000 }\naggregate: { attachment: 1500000 }")
    let s = try withOptions(base, deductibles: [20_000, 50_000], bases: ["12/15", "12/12", "15/12"])
    let options = RunOptions(trials: 300, seed: 47, threads: 2)
    let sums = SimulationPlan(s)
    let events = SimulationPlan(s, paymentOrder: true)
    #expect(!sums.usesEvents && events.usesEvents)
    let a = try TrialRunner.run(sums, options: options)
    let b = try TrialRunner.run(events, options: options)
    for c in 0..<sums.contracts.count {
      for column in primitives where a.layout.id(column, contract: c) >= 0 {
        let x = a.values(column, contract: c), y = b.values(column, contract: c)
        for t in 0..<a.trials {
          let scale = max(1, a.values(.claimsIncurred, contract: c)[t])
          #expect(abs(x[t] - y[t]) <= 1e-7 * scale, "contract \(c) \(column) trial \(t): \(x[t]) vs \(y[t])")
        }
      }
    }
  }

  @Test("One option with a laser sends every contract to payment order, naming the option")
  func laseredOptionNeedsPaymentOrder() throws {
    var s = try withOptions(
      try compound("basis: \"12/12\"\nspecific: { deductible: 20000 }\naggregate: { attachment: 1500000 }"),
      deductibles: [20_000, 50_000], bases: ["12/12"])
    s.options[0].stopLoss.specific?.lasers = [.init(member: "3", deductible: 90_000)]
    let plan = SimulationPlan(s)
    #expect(plan.usesEvents)
    #expect(plan.paymentOrderReason?.contains("option 1") == true)
    // Without the laser, trend and group risk the fast method could run one contract, not two.
    let simple = try scenario(
      """
      census: { members: 50 }
      claims: { per_member: { frequency: { poisson: { mean: 6.0 } }, severity: { lognormal: { mu: 5.0, sigma: 2.0 } } } }
      stop_loss: { basis: "12/12", specific: { deductible: 20000 }, aggregate: { attachment: 500000 } }
      """)
    #expect(MethodChoice(SimulationPlan(simple)).reason(.fast) == nil)
    let two = try withOptions(simple, deductibles: [20_000, 50_000], bases: ["12/12"])
    #expect(!SimulationPlan(two).usesEvents)
    #expect(MethodChoice(SimulationPlan(two)).reason(.fast) != nil, "the fast tables settle one contract")
  }
}
