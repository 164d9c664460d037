// FastPath.swift: the "fast" method. When only each member's annual eligible and run-out
// totals matter (compound Poisson claims whose size does not depend on timing, a plain
// per-member contract on one window without run-in), Poisson thinning makes a member's
// eligible total S and run-out total R independent compound Poissons with rates λq and
// λ(1 − q) (domain.md §5.9, workloads/README.md). Their distributions are computed once by
// FFT on a fine grid, and every member-year then costs two uniforms and two table lookups.
// User doc: docs/performance.md, "Fast path".
internal import ClaimsModel
internal import Foundation
internal import GSLRandom

/// Exact per-member tables for the fast path.
public final class FastPathTables: Sendable {
  /// Grid step h: S and R take values k·h.
  public let step: Double
  let eligible: GuideTable
  let runout: GuideTable?
  /// P(S > last grid point) and P(R > last grid point): mass the tables leave out (< 1e-12).
  public let truncatedMass: Double

  /// Why a scenario cannot use the fast path (nil when it can).
  public static func unsupportedReason(_ plan: SimulationPlan) -> String? {
    let s = plan.scenario
    guard case .perMember(let f, let severity) = s.claims.model else { return "the fast path needs the per_member compound model" }
    guard case .poisson = f else { return "the fast path needs Poisson claim counts (thinning)" }
    if severity.isCounting { return "a counting severity" }
    if s.claims.trend != 0 { return "claim sizes depend on the incurred month (trend)" }
    if s.claims.groupParameterCV > 0 { return "group parameter risk links the members" }
    if plan.hasRunIn { return "run-in bases need the previous year's claims" }
    if plan.usesEvents { return "the contract needs claims in payment order (options, cash flow, several contracts or changing enrolment)" }
    return nil
  }

  /// Builds the tables (about a second for W1).
  init(plan: SimulationPlan) {
    let s = plan.scenario
    guard case .perMember(.poisson(let lambda), let severity) = s.claims.model else {
      preconditionFailure("FastPathTables needs a Poisson compound model")
    }
    // The share q of a year's claims inside the specific/aggregate window (the same window:
    // a plain contract on one basis), and the run-out share outside every window.
    var q = 0.0
    var windowed = 0.0
    let lag = s.claims.lag
    for m in 1...12 {
      for (k, p) in lag.enumerated() {
        let f = plan.layout.flags[plan.layout.cell(month: m, lag: k)]
        let w = s.claims.seasonality[m - 1] * p
        if f.contains(.aggregate) { q += w }
        if f.contains(.windowed) { windowed += w }
      }
    }
    let d = plan.specificDeductible
    // Grid: d/4000 (a few thousand points below the deductible), or mean/200 without one.
    var h = d.isFinite && d > 0 ? d / 4000 : max(severity.mean / 200, 1e-6)
    // Cover the tail until λ·P(X > x) < 1e-11 (one large claim dominates the tail of S).
    var top = max(d.isFinite ? 4 * d : 0, severity.mean * 50)
    while lambda * severity.survival(top) > 1e-11 && top < 1e12 { top *= 1.5 }
    var points = Int((top / h).rounded(.up)) + 2
    let limit = 1 << 21
    if points > limit {
      h *= Double(points) / Double(limit)
      points = limit
    }
    step = h
    let n = FFT.fastLength(atLeast: points)
    // Severity on the grid. In the body, mean-preserving rounding (Klugman–Panjer–Willmot):
    // P(X̃ = 0) = 1 − E[X∧h]/h, P(X̃ = kh) = (2E[X∧kh] − E[X∧(k−1)h] − E[X∧(k+1)h]) / h.
    // Where P(X > x) < 1e-6 those differences of limited expected values cancel
    // catastrophically, so the tail uses survival differences (rounding to the nearest
    // point): P(X̃ = kh) = S((k − ½)h) − S((k + ½)h), accurate there through GSL's Q functions.
    var sev = [Double](repeating: 0, count: n)
    var lev = [Double](repeating: 0, count: 3)
    func levAt(_ k: Int) -> Double { severity.limitedExpectedValue(Double(k) * h) }
    lev[0] = 0
    lev[1] = levAt(1)
    sev[0] = 1 - lev[1] / h
    var k = 1
    var body = 1 - sev[0]
    while k < n && severity.survival(Double(k) * h) > 1e-6 {
      lev[2] = levAt(k + 1)
      sev[k] = max(0, (2 * lev[1] - lev[0] - lev[2]) / h)
      body -= sev[k]
      lev[0] = lev[1]
      lev[1] = lev[2]
      k += 1
    }
    // The tail starts where the body's cell ends: S((k − ½)h) is replaced by the mass the
    // body left, so the total stays 1.
    var upper = severity.survival((Double(k) + 0.5) * h)
    if k < n { sev[k] = max(0, body - upper) }
    k += 1
    while k < n {
      let next = severity.survival((Double(k) + 0.5) * h)
      sev[k] = max(0, upper - next)
      upper = next
      k += 1
    }
    func table(_ rate: Double) -> (GuideTable, Double) {
      var pmf = FFT.compoundPoisson(severityPMF: sev, lambda: rate, length: n)
      // Round-off of the transform (≈1e-17 per point) is not probability: drop it.
      for i in pmf.indices where !(pmf[i] > 1e-16) { pmf[i] = 0 }
      let total = pmf.reduce(0, +)
      return (GuideTable(probabilities: pmf), max(0, 1 - total))
    }
    let (e, lostE) = table(lambda * q)
    eligible = e
    if windowed < 1 - 1e-15 {
      let (r, lostR) = table(lambda * (1 - windowed))
      runout = r
      truncatedMass = max(lostE, lostR)
    } else {
      runout = nil
      truncatedMass = lostE
    }
  }

  /// One trial: N members, each with S and R drawn from the tables.
  @inline(__always)
  func trial(members: Int, deductible d: Double, uniforms: UnsafeMutableBufferPointer<Double>, _ g: Generator) -> TrialTotals {
    var t = TrialTotals()
    g.fillUniform(uniforms)
    let h = step
    var sumS = 0.0
    for j in 0..<members {
      let s = Double(eligible.index(for: uniforms[j])) * h
      sumS += s
      t.specific += max(0, s - d)
      t.aggregateClaims += min(s, d)
    }
    var sumR = 0.0
    if let runout {
      g.fillUniform(uniforms)
      for j in 0..<members { sumR += Double(runout.index(for: uniforms[j])) * h }
    }
    t.claimsIncurred = sumS + sumR
    t.runout = sumR
    return t
  }
}
