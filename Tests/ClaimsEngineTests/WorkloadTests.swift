// WorkloadTests.swift: the engine against the exact answers of the reference workloads W1 and
// W2 (Tests/Fixtures/workloads/README.md: FFT on a $2.50 grid, cross-checked to about $50), within
// 4 Monte Carlo standard errors.
import ClaimsEngine
import ClaimsModel
import Foundation
import Testing

@Suite("Reference workloads against exact answers")
struct WorkloadTests {
  static let trials = 20_000

  @Test("W1: means, percentiles and exceedance probabilities")
  func w1() throws {
    let s = try Scenario.load(path: Paths.workload("w1.yaml"))
    let (_, columns, r) = try simulate(s, trials: Self.trials, seed: 11)
    let agg = try #require(r.summary(.aggregateClaims))
    expectWithin(agg.mean, 5_849_996.59, se: agg.stdError, "E[aggregate_claims]")
    expectWithin(agg.stdDev, 270_467.92, se: 270_467.92 / (2 * Double(Self.trials)).squareRoot() * 1.2, "sd(aggregate_claims)")
    let spec = try #require(r.summary(.specificReimbursement))
    expectWithin(spec.mean, 729_802.36, se: spec.stdError, "E[specific_reimbursement]")
    let inc = try #require(r.summary(.claimsIncurred))
    expectWithin(inc.mean, 6_579_798.95, se: inc.stdError, "E[claims_incurred]")
    // Percentiles of aggregate_claims (= retained_claims: the aggregate never attaches).
    let exact: [String: Double] = [
      "p50": 5_845_474, "p75": 6_029_946, "p90": 6_199_462, "p95": 6_302_476, "p99": 6_498_849,
    ]
    for (i, level) in MetricSummary.levels.enumerated() {
      guard let e = exact[level.key] else { continue }
      expectWithin(agg.percentiles[i], e, se: agg.percentileStdErrors[i], "aggregate_claims \(level.key)")
    }
    let retained = try #require(r.summary(.retainedClaims))
    expectClose(retained.mean, agg.mean, tolerance: 1e-6 * agg.mean, "retained = aggregate claims")
    // P(aggregate_claims > c·E[R]) by corridor.
    let mean = 5_849_996.59
    for (c, p) in [(1.00, 0.4933), (1.02, 0.3278), (1.05, 0.1403), (1.10, 0.01759)] {
      let e = exceedance(columns, .aggregateClaims, c * mean)
      expectWithin(e.p, p, se: (p * (1 - p) / Double(Self.trials)).squareRoot(), "P(R > \(c)·E[R])")
    }
    #expect(r.probabilityAttach?.value ?? 1 < 0.001)
  }

  @Test("W2: every basis against its exact answers", arguments: w2Cases)
  func w2(_ c: W2Case) throws {
    let s = try Scenario.load(path: Paths.workload(c.file))
    let (plan, _, r) = try simulate(s, trials: Self.trials, seed: 12)
    let basis = try #require(s.stopLoss.aggregate?.basis)
    expectClose(plan.captureRatio(basis), c.q, tolerance: 5e-7, "capture ratio")
    expectClose(basis.captureRatio(lagPMF: s.claims.lag), c.q, tolerance: 5e-7, "capture ratio (formula)")
    let agg = try #require(r.summary(.aggregateClaims))
    let spec = try #require(r.summary(.specificReimbursement))
    let out = try #require(r.summary(.runoutUnprotected))
    let ret = try #require(r.summary(.retainedClaims))
    expectWithin(agg.mean, c.aggregate, se: agg.stdError, "E[aggregate_claims]")
    expectWithin(spec.mean, c.specific, se: spec.stdError, "E[specific_reimbursement]")
    if c.runout > 0 {
      expectWithin(out.mean, c.runout, se: out.stdError, "E[runout_unprotected]")
    } else {
      #expect(out.max == 0)
    }
    expectWithin(ret.mean, c.retained, se: ret.stdError, "E[retained_claims]")
    for i in 0..<MetricSummary.levels.count {
      let key = MetricSummary.levels[i].key
      expectWithin(agg.percentiles[i], c.aggregatePercentiles[i], se: agg.percentileStdErrors[i], "aggregate_claims \(key)")
      expectWithin(ret.percentiles[i], c.retainedPercentiles[i], se: ret.percentileStdErrors[i], "retained_claims \(key)")
    }
  }
}

/// The fast path (member totals from exact FFT tables) against the same exact answers.
@Suite("Fast path against exact answers")
struct FastPathTests {
  func run(_ file: String, trials: Int = 20_000) throws -> (SimulationPlan, SimulationResult) {
    let s = try Scenario.load(path: Paths.workload(file))
    var options = RunOptions(trials: trials, seed: 5, threads: 2)
    options.method = .fast
    let plan = SimulationPlan(s)
    #expect(MethodChoice(plan).isValid(.fast))
    let columns = try TrialRunner.run(plan, options: options)
    let r = SimulationResult.make(plan: plan, columns: columns, options: options, elapsedSeconds: 0)
    #expect(r.method == "fast")
    return (plan, r)
  }

  @Test("W1 by the fast path")
  func w1() throws {
    let (_, r) = try run("w1.yaml")
    let agg = try #require(r.summary(.aggregateClaims))
    expectWithin(agg.mean, 5_849_996.59, se: agg.stdError, "E[aggregate_claims]")
    let spec = try #require(r.summary(.specificReimbursement))
    expectWithin(spec.mean, 729_802.36, se: spec.stdError, "E[specific]")
    for (i, e) in [5_845_474.0, 6_029_946, 6_199_462, 6_302_476, 6_498_849].enumerated() {
      expectWithin(agg.percentiles[i], e, se: agg.percentileStdErrors[i], "aggregate_claims \(MetricSummary.levels[i].key)")
    }
  }

  @Test("W2 by the fast path", arguments: w2Cases)
  func w2(_ c: W2Case) throws {
    let (_, r) = try run(c.file)
    let agg = try #require(r.summary(.aggregateClaims))
    let out = try #require(r.summary(.runoutUnprotected))
    let ret = try #require(r.summary(.retainedClaims))
    expectWithin(agg.mean, c.aggregate, se: agg.stdError, "E[aggregate_claims]")
    expectWithin(ret.mean, c.retained, se: ret.stdError, "E[retained]")
    if c.runout > 0 { expectWithin(out.mean, c.runout, se: out.stdError, "E[runout]") }
    expectWithin(ret.percentiles[3], c.retainedPercentiles[3], se: ret.percentileStdErrors[3], "retained p95")
  }

  @Test("The fast path refuses what it cannot express")
  func unsupported() throws {
    let abc = try Scenario.load(path: Paths.scenario("abc-incorporated.yaml"))
    #expect(!MethodChoice(abc).isValid(.fast))
    let runIn = try Scenario.parse(
      text: try String(contentsOfFile: Paths.workload("w2-12-15.yaml"), encoding: .utf8).replacingOccurrences(of: "\"12/15\"", with: "\"15/12\""),
      file: "w2-15-12.yaml")
    #expect(!MethodChoice(runIn).isValid(.fast))
  }
}

struct W2Case: Sendable, CustomTestStringConvertible {
  let file: String
  let q: Double
  let aggregate: Double
  let specific: Double
  let runout: Double
  let retained: Double
  let aggregatePercentiles: [Double]
  let retainedPercentiles: [Double]
  var testDescription: String { file }
}

let w2Cases: [W2Case] = [
  W2Case(
    file: "w2-12-12.yaml", q: 0.895, aggregate: 5_243_679.82, specific: 645_240.24, runout: 690_878.89,
    retained: 5_934_558.71,
    aggregatePercentiles: [5_239_063, 5_414_772, 5_576_474, 5_674_846, 5_862_578, 5_932_341],
    retainedPercentiles: [5_916_897, 6_124_396, 6_326_805, 6_460_886, 6_782_170, 6_962_392]),
  W2Case(
    file: "w2-12-15.yaml", q: 0.990833, aggregate: 5_797_144.60, specific: 722_339.52, runout: 60_314.82,
    retained: 5_857_459.41,
    aggregatePercentiles: [5_792_614, 5_976_347, 6_145_205, 6_247_828, 6_443_473, 6_516_113],
    retainedPercentiles: [5_851_699, 6_038_176, 6_210_555, 6_316_253, 6_522_824, 6_603_611]),
  W2Case(
    file: "w2-12-18.yaml", q: 1.0, aggregate: 5_849_996.59, specific: 729_802.36, runout: 0,
    retained: 5_849_996.54,
    aggregatePercentiles: [5_845_474, 6_029_946, 6_199_462, 6_302_476, 6_498_849, 6_571_753],
    retainedPercentiles: [5_845_474, 6_029_946, 6_199_462, 6_302_476, 6_498_849, 6_571_753]),
]

