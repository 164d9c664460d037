// ExactMethodTests.swift: the exact (FFT) method against the exact answers of the reference
// workloads (Tests/Fixtures/workloads/README.md), its list of unsupported scenarios, and a
// cross-check against the Monte Carlo engine.
import ClaimsEngine
import ClaimsModel
import Foundation
import GSLRandom
import Testing

/// Paths for this file's tests: the package root is three directories above it, the reference
/// workloads are fixtures inside it.
private enum ExactPaths {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let workloads = root.appendingPathComponent("Tests/Fixtures/workloads")
  static func workload(_ name: String) -> String { workloads.appendingPathComponent(name).path }
}

/// |observed − expected| ≤ max(dollars, relative·|expected|).
private func expectNear(
  _ observed: Double?, _ expected: Double, dollars: Double = 50, relative: Double = 1e-5, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let observed else {
    Issue.record("\(what): not computed", sourceLocation: sourceLocation)
    return
  }
  let tolerance = max(dollars, relative * abs(expected))
  #expect(
    abs(observed - expected) <= tolerance,
    "\(what): exact method \(observed), README \(expected), tolerance \(tolerance)",
    sourceLocation: sourceLocation)
}

/// |observed / expected − 1| ≤ relative.
private func expectRelative(
  _ observed: Double?, _ expected: Double, _ relative: Double, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let observed else {
    Issue.record("\(what): not computed", sourceLocation: sourceLocation)
    return
  }
  #expect(
    abs(observed / expected - 1) <= relative,
    "\(what): exact method \(observed), README \(expected), relative tolerance \(relative)",
    sourceLocation: sourceLocation)
}

private func parse(_ yaml: String, directory: String = FileManager.default.temporaryDirectory.path) throws -> Scenario {
  try Scenario.parse(text: yaml, file: "exact-test.yaml", baseDirectory: directory)
}

/// The W2 cases and their exact answers are shared with WorkloadTests.swift (`w2Cases`).

@Suite("Exact method (FFT) against the reference workloads")
struct ExactMethodTests {
  static let w1Percentiles: [Double] = [5_845_474, 6_029_946, 6_199_462, 6_302_476, 6_498_849, 6_571_753]
  static let w1Corridors: [(c: Double, p: Double)] = [
    (1.00, 0.4933), (1.02, 0.3278), (1.05, 0.1403), (1.10, 0.01759), (1.15, 0.0009588),
    (1.20, 2.339e-05), (1.25, 2.661e-07),
  ]

  @Test("W1: means, sd, percentiles, member figures and attachment probabilities")
  func w1() throws {
    let s = try Scenario.load(path: ExactPaths.workload("w1.yaml"))
    #expect(ExactMethod.supports(s) == nil)
    let r = try ExactMethod.solve(s)
    #expect(r.captureRatio == 1)
    #expect(r.gridStep == 12.5)
    let agg = try #require(r.summary(.aggregateClaims))
    expectNear(agg.mean, 5_849_996.59, "E[aggregate_claims]")
    expectNear(agg.stdDev, 270_467.92, "sd(aggregate_claims)")
    for (i, level) in MetricSummary.levels.enumerated() {
      expectNear(agg.percentiles?[i], Self.w1Percentiles[i], "aggregate_claims \(level.key)")
    }
    // The aggregate practically never attaches: retained claims = aggregate claims.
    let retained = try #require(r.summary(.retainedClaims))
    expectNear(retained.mean, 5_849_996.59, "E[retained_claims]")
    for (i, level) in MetricSummary.levels.enumerated() {
      expectNear(retained.percentiles?[i], Self.w1Percentiles[i], "retained_claims \(level.key)")
    }
    expectNear(r.summary(.specificReimbursement)?.mean, 729_802.36, "E[specific_reimbursement]")
    expectNear(r.summary(.claimsIncurred)?.mean, 6_579_798.95, "E[claims_incurred]")
    expectNear(r.summary(.runoutUnprotected)?.mean, 0, dollars: 0, "E[runout_unprotected]")
    expectNear(r.memberLimitedMean, 5_849.9966, dollars: 0.05, "E[min(S, 50,000)]")
    expectNear(r.memberProbabilityAtDeductible, 0.013253, dollars: 1e-5, "P(S ≥ 50,000)")
    // Identities: incurred = aggregate + specific (no run-out); employer = fixed + retained.
    let incurred = try #require(r.summary(.claimsIncurred)).mean
    let specific = try #require(r.summary(.specificReimbursement)).mean
    expectNear(agg.mean + specific, incurred, dollars: 1e-3, "aggregate + specific = incurred")
    expectNear(r.summary(.employerCost)?.mean, retained.mean, dollars: 1e-6, "employer cost (no fixed costs)")

    // P(aggregate_claims > A) and P(aggregate_claims > c·E[aggregate_claims]).
    expectNear(r.attachment, 7_312_495.73, dollars: 1e-6, "attachment")
    expectRelative(r.probabilityAttach, 2.661e-07, 0.02, "P(attach)")
    for (c, p) in Self.w1Corridors {
      expectRelative(r.exceedance(c * agg.mean), p, 0.02, "P(C > \(c)·E[C])")
    }
  }

  @Test("W1 with corridor attachments: P(attach) by corridor", arguments: [1.05, 1.10, 1.20])
  func w1Corridor(_ corridor: Double) throws {
    var s = try Scenario.load(path: ExactPaths.workload("w1.yaml"))
    s.stopLoss.aggregate?.attachment = .corridor(corridor)
    let r = try ExactMethod.solve(s)
    let p = try #require(Self.w1Corridors.first { $0.c == corridor }).p
    expectNear(r.attachment, corridor * 5_849_996.59, dollars: 0.01 * corridor * 50, "corridor attachment")
    expectRelative(r.probabilityAttach, p, 0.02, "P(attach) at corridor \(corridor)")
    let reimbursement = try #require(r.summary(.aggregateReimbursement))
    let retained = try #require(r.summary(.retainedClaims))
    expectNear(retained.mean + reimbursement.mean, 5_849_996.59, "retained + aggregate reimbursement = aggregate claims")
  }

  @Test("W2: every basis against its exact answers", arguments: w2Cases)
  func w2(_ c: W2Case) throws {
    let s = try Scenario.load(path: ExactPaths.workload(c.file))
    #expect(ExactMethod.supports(s) == nil)
    let r = try ExactMethod.solve(s)
    expectNear(r.captureRatio, c.q, dollars: 5e-7, "capture ratio")
    expectNear(r.attachment, 7_246_430.75, dollars: 1e-6, "attachment")
    expectNear(r.summary(.aggregateClaims)?.mean, c.aggregate, "E[aggregate_claims]")
    expectNear(r.summary(.specificReimbursement)?.mean, c.specific, "E[specific_reimbursement]")
    expectNear(r.summary(.runoutUnprotected)?.mean, c.runout, "E[runout_unprotected]")
    expectNear(r.summary(.retainedClaims)?.mean, c.retained, "E[retained_claims]")
    let agg = try #require(r.summary(.aggregateClaims))
    let ret = try #require(r.summary(.retainedClaims))
    for (i, level) in MetricSummary.levels.enumerated() {
      expectNear(agg.percentiles?[i], c.aggregatePercentiles[i], "aggregate_claims \(level.key)")
      expectNear(ret.percentiles?[i], c.retainedPercentiles[i], "retained_claims \(level.key)")
    }
    // Identity of the means: incurred = aggregate + specific + run-out.
    let incurred = try #require(r.summary(.claimsIncurred)).mean
    let spec = try #require(r.summary(.specificReimbursement)).mean
    let out = try #require(r.summary(.runoutUnprotected)).mean
    expectNear(agg.mean + spec + out, incurred, dollars: 1e-3, "aggregate + specific + run-out = incurred")
  }

  @Test("supports gives a reason for every scenario the method cannot express")
  func unsupported() throws {
    let base = """
      census: { members: 100 }
      claims:
        per_member:
          frequency: { poisson: { mean: 4 } }
          severity: { lognormal: { mu: 6, sigma: 1.5 } }
        lag: [0.5, 0.3, 0.2]
      stop_loss:
        basis: "12/15"
        specific: { deductible: 25000 }
        aggregate: { corridor: 1.25 }
      """
    #expect(ExactMethod.supports(try parse(base)) == nil)

    // Run-in basis.
    let runIn = try parse(base.replacingOccurrences(of: "basis: \"12/15\"", with: "basis: \"15/12\""))
    let runInReason = try #require(ExactMethod.supports(runIn))
    #expect(runInReason.contains("run-in"))
    #expect(throws: ExactMethodError.self) { try ExactMethod.solve(runIn) }

    // Negative binomial frequency.
    let nb = try parse(base.replacingOccurrences(of: "{ poisson: { mean: 4 } }", with: "{ negative_binomial: { mean: 4, size: 2 } }"))
    #expect(try #require(ExactMethod.supports(nb)).contains("Poisson"))

    // Group parameter risk.
    let cv = try parse(base.replacingOccurrences(of: "  lag: [0.5, 0.3, 0.2]", with: "  lag: [0.5, 0.3, 0.2]\n  group_parameter_cv: 0.1"))
    #expect(try #require(ExactMethod.supports(cv)).contains("group_parameter_cv"))

    // Annual and default member-level models.
    let annual = try parse(base.replacingOccurrences(of: """
        per_member:
          frequency: { poisson: { mean: 4 } }
          severity: { lognormal: { mu: 6, sigma: 1.5 } }
      """, with: """
        annual:
          distribution: { lognormal: { mu: 8, sigma: 1.5 } }
      """))
    #expect(try #require(ExactMethod.supports(annual)).contains("annual"))
    let calibrated = try parse("""
      census: { members: 100 }
      claims: default
      stop_loss: { basis: "12/15", specific: { deductible: 25000 } }
      """)
    #expect(ExactMethod.supports(calibrated) != nil)

    // A census read from a members_file.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exact-method-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "member_id,family_id,tier\n1,1,EE\n2,2,EE\n3,2,EE\n".write(
      to: directory.appendingPathComponent("census.csv"), atomically: true, encoding: .utf8)
    let file = try parse(
      base.replacingOccurrences(of: "census: { members: 100 }", with: "census: { members_file: census.csv }"),
      directory: directory.path)
    #expect(try #require(ExactMethod.supports(file)).contains("members_file"))

    // Specific and aggregate covers on different bases.
    let mixed = try parse(base.replacingOccurrences(of: "aggregate: { corridor: 1.25 }", with: "aggregate: { corridor: 1.25, basis: \"12/12\" }"))
    #expect(ExactMethod.supports(mixed) != nil)
  }

  @Test("tiers census, trend, seasonality, fixed costs: runs and keeps the identities")
  func generalScenario() throws {
    let s = try parse("""
      census:
        tiers:
          - { name: EE, employees: 40 }
          - { name: FAM, employees: 20, members_per_employee: 3 }
      claims:
        per_member:
          frequency: { poisson: { mean: 5 } }
          severity: { gamma: { shape: 0.6, scale: 2000 } }
        lag: [0.4, 0.4, 0.2]
        trend: 0.08
        seasonality: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]
      stop_loss:
        basis: "12/12"
        specific: { deductible: 20000 }
        aggregate: { attachment: 700000 }
      fixed_costs: { per_unit_month: 100 }
      """)
    #expect(ExactMethod.supports(s) == nil)
    let r = try ExactMethod.solve(s)
    #expect(r.memberCount == 100)
    let fixed = try #require(r.summary(.fixedCosts)).mean
    expectNear(fixed, 12 * 100 * 60, dollars: 1e-9, "fixed costs")
    let retained = try #require(r.summary(.retainedClaims))
    let employer = try #require(r.summary(.employerCost))
    expectNear(employer.mean, fixed + retained.mean, dollars: 1e-6, "employer = fixed + retained")
    let incurred = try #require(r.summary(.claimsIncurred)).mean
    let agg = try #require(r.summary(.aggregateClaims)).mean
    let spec = try #require(r.summary(.specificReimbursement)).mean
    let out = try #require(r.summary(.runoutUnprotected)).mean
    let reimb = try #require(r.summary(.aggregateReimbursement)).mean
    expectNear(agg + spec + out, incurred, dollars: 0.01, "aggregate + specific + run-out = incurred")
    expectNear(retained.mean, agg - reimb + out, dollars: 0.01, "retained = aggregate − reimbursement + run-out")
    let p = try #require(retained.percentiles)
    #expect(p == p.sorted())
    #expect((retained.tvar95 ?? 0) > p[3])
    // P(attach) agrees with the exceedance of the aggregate distribution.
    #expect(abs((r.probabilityAttach ?? -1) - r.exceedance(700_000)) < 1e-12)
  }

  @Test("small scenario: the exact means lie within 4 standard errors of the simulation")
  func monteCarloCrossCheck() throws {
    let s = try parse("""
      census: { members: 200 }
      claims:
        per_member:
          frequency: { poisson: { mean: 3 } }
          severity: { lognormal: { mu: 6.5, sigma: 1.6 } }
        lag: [0.5, 0.3, 0.15, 0.05]
      stop_loss:
        basis: "12/12"
        specific: { deductible: 20000 }
        aggregate: { corridor: 1.05 }
      """)
    let exact = try ExactMethod.solve(s)
    let mc = try Simulation.run(s, options: RunOptions(trials: 4000, seed: 1))
    for q in [Quantity.aggregateClaims, .specificReimbursement, .runoutUnprotected, .retainedClaims] {
      let e = try #require(exact.summary(q))
      let m = try #require(mc.summary(q))
      let z = (m.mean - e.mean) / m.stdError
      #expect(abs(z) <= 4, "\(q.rawValue): exact \(e.mean), simulated \(m.mean) ± \(m.stdError), z = \(z)")
    }
    let e = try #require(exact.summary(.aggregateClaims))
    let m = try #require(mc.summary(.aggregateClaims))
    #expect(abs(m.stdDev / e.stdDev - 1) < 0.1, "sd: exact \(e.stdDev), simulated \(m.stdDev)")
    // Percentiles p50 … p99 of the heavy-tailed sums too, within 4 order-statistic errors.
    for q in [Quantity.aggregateClaims, .specificReimbursement, .runoutUnprotected, .retainedClaims, .claimsIncurred] {
      let ep = try #require(exact.summary(q)?.percentiles)
      let m = try #require(mc.summary(q))
      for i in 0..<5 {
        let z = (m.percentiles[i] - ep[i]) / max(m.percentileStdErrors[i], 1)
        #expect(abs(z) <= 4, "\(q.rawValue) \(MetricSummary.levels[i].key): exact \(ep[i]), simulated \(m.percentiles[i]) ± \(m.percentileStdErrors[i])")
      }
    }
  }
}

@Suite("FFT (GSL mixed radix) against direct sums")
struct ExactMethodFFTTests {
  @Test("fastLength and isFastLength")
  func lengths() {
    #expect(FFT.fastLength(atLeast: 1) == 2)
    #expect(FFT.fastLength(atLeast: 1000) == 1000)
    #expect(FFT.fastLength(atLeast: 1001) == 1024)
    #expect(FFT.fastLength(atLeast: 369_484) == 373_248)
    #expect(FFT.isFastLength(7 * 11) == false)
    #expect(FFT.isFastLength(2 * 3 * 5 * 7) == true)
  }

  @Test("convolvePower and convolve equal repeated direct convolution", arguments: [64, 90, 97])
  func power(_ length: Int) {
    let pmf = [0.1, 0.25, 0.0, 0.4, 0.25]
    func direct(_ a: [Double], _ b: [Double]) -> [Double] {
      var c = [Double](repeating: 0, count: a.count + b.count - 1)
      for (i, x) in a.enumerated() { for (j, y) in b.enumerated() { c[i + j] += x * y } }
      return c
    }
    var expected = [1.0]
    for _ in 0..<7 { expected = direct(expected, pmf) }  // 29 points: no wrap-around
    let viaPower = FFT.convolvePower(pmf, power: 7, length: length)
    let viaPair = FFT.convolve(FFT.convolvePower(pmf, power: 3, length: length), FFT.convolvePower(pmf, power: 4, length: length), length: length)
    for k in 0..<length {
      let e = k < expected.count ? expected[k] : 0
      #expect(abs(viaPower[k] - e) < 1e-15, "power, index \(k)")
      #expect(abs(viaPair[k] - e) < 1e-15, "pair, index \(k)")
    }
    // Wrap-around: a short length folds the tail onto the start.
    let folded = FFT.convolvePower(pmf, power: 7, length: 16)
    for k in 0..<16 {
      let e = stride(from: k, to: expected.count, by: 16).reduce(0) { $0 + expected[$1] }
      #expect(abs(folded[k] - e) < 1e-15, "folded, index \(k)")
    }
  }

  @Test("compoundPoisson equals Panjer's recursion")
  func compound() {
    let f = [0.0, 0.3, 0.2, 0.1, 0.25, 0.15]  // defective tail not needed here
    let lambda = 3.5
    let count = 200
    var panjer = [Double](repeating: 0, count: count)
    panjer[0] = Foundation.exp(lambda * (f[0] - 1))
    for k in 1..<count {
      var sum = 0.0
      for j in 1...min(k, f.count - 1) { sum += Double(j) * f[j] * panjer[k - j] }
      panjer[k] = lambda / Double(k) * sum
    }
    let viaFFT = FFT.compoundPoisson(severityPMF: f, lambda: lambda, length: 256)
    for k in 0..<count { #expect(abs(viaFFT[k] - panjer[k]) < 1e-15, "index \(k)") }
  }
}
