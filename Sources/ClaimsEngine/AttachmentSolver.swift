// AttachmentSolver.swift: the aggregate attachment point exceeded with a given probability,
// with a distribution-free confidence interval, and P(attach) over a range of corridors.
// User doc: docs/workflows.md, "Solve the attachment point".
public import ClaimsModel
internal import Foundation

/// The attachment point A with P(aggregate claims > A) = p.
public struct AttachmentSolution: Sendable {
  public var probability: Double
  /// The (1 − p) quantile of aggregate claims (type 7).
  public var dollars: Double
  /// 95% confidence interval from the order statistics at n(1 − p) ± 1.96·√(n p (1 − p)).
  public var lower: Double
  public var upper: Double
  /// E[aggregate claims] and its standard error.
  public var expectedAggregateClaims: Double
  public var expectedStdError: Double
  /// A as a corridor of expected aggregate claims, with its interval.
  public var corridor: Double { dollars / expectedAggregateClaims }
  public var corridorLower: Double { lower / expectedAggregateClaims }
  public var corridorUpper: Double { upper / expectedAggregateClaims }
  /// Monthly factors per tier that give A (scaled from the scenario's factors, or spread
  /// by each tier's expected cost per unit).
  public var factors: [(tier: String, factor: Double)]
}

/// P(attach) at one corridor.
public struct CorridorPoint: Sendable {
  public var corridor: Double
  public var attachment: Double
  public var probability: Proportion
}

public enum AttachmentSolver {
  /// Solves for A at probability `p` from a run's aggregate claims.
  public static func solve(plan: SimulationPlan, columns: TrialColumns, probability p: Double) -> AttachmentSolution {
    var c = columns.values(.aggregateClaims)
    let n = Double(c.count)
    let mean = c.reduce(0, +) / n
    var ss = 0.0
    for x in c { ss += (x - mean) * (x - mean) }
    let se = (ss / max(n - 1, 1) / n).squareRoot()
    c.sort()
    let a = MetricSummary.quantile(sortedValues: c, 1 - p)
    let half = 1.96 * (n * p * (1 - p)).squareRoot()
    func order(_ k: Double) -> Double {
      MetricSummary.quantile(sortedValues: c, min(max(k, 0), n - 1) / max(n - 1, 1))
    }
    let center = n * (1 - p)
    let scenario = plan.scenario
    // Factors: scale the scenario's factors, or spread A by expected cost per unit by tier.
    var factors: [(String, Double)] = []
    let tiers = scenario.census.tiers
    let units = tiers.map { Double($0.units) * 12 }
    if case .factors(let rates)? = scenario.stopLoss.aggregate?.attachment {
      let current = (1...12).reduce(0.0) { $0 + scenario.monthlyAmount(rates, month: $1) }
      let scale = current > 0 ? a / current : 0
      factors = tiers.enumerated().map { ($1.name, rates.rate(forTier: $1.name, index: $0) * scale) }
    } else {
      let weights = scenario.claims.memberWeights ?? Array(repeating: 1, count: scenario.census.memberCount)
      var perTier = Array(repeating: 0.0, count: tiers.count)
      for (j, m) in scenario.census.members.enumerated() { perTier[m.tier] += weights[j] }
      let totalWeight = perTier.reduce(0, +)
      factors = tiers.enumerated().map { (t, tier) in
        let share = totalWeight > 0 ? perTier[t] / totalWeight : 0
        return (tier.name, units[t] > 0 ? a * share / units[t] : 0)
      }
    }
    return AttachmentSolution(
      probability: p, dollars: a, lower: order(center - half), upper: order(center + half),
      expectedAggregateClaims: mean, expectedStdError: se, factors: factors)
  }

  /// P(aggregate claims > c·E[C]) for each corridor c, with binomial standard errors.
  public static func curve(columns: TrialColumns, corridors: [Double]) -> [CorridorPoint] {
    let c = columns.values(.aggregateClaims)
    let mean = c.reduce(0, +) / Double(c.count)
    return corridors.map { k in
      let a = k * mean
      let hits = c.reduce(0) { $0 + ($1 > a ? 1 : 0) }
      return CorridorPoint(corridor: k, attachment: a, probability: Proportion(successes: hits, trials: c.count))
    }
  }
}

extension Simulation {
  /// Runs a scenario and returns the plan and its per-trial columns (for solvers that need
  /// the trials themselves).
  public static func runColumns(
    _ scenario: Scenario, options: RunOptions, monitor: (any RunMonitor)? = nil
  ) throws -> (plan: SimulationPlan, columns: TrialColumns) {
    let plan = SimulationPlan(scenario)
    return (plan, try TrialRunner.run(plan, options: options, monitor: monitor))
  }
}
