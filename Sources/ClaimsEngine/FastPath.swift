// FastPath.swift: the "fast" method. When only each member's annual totals matter (compound
// Poisson claims whose size does not depend on timing, a plain per-member contract without
// run-in), Poisson thinning splits a member's claims into independent compound Poissons, one
// per class of cells that reach the same windows: eligible for both covers, for the specific
// only (a 12/15 specific beside a 12/12 aggregate), for neither (run-out). Their distributions
// are computed once by FFT on a fine grid, and every member-year then costs one uniform and
// one table lookup per class.
// User doc: docs/performance.md, "Fast path".
internal import ClaimsModel
internal import Foundation
internal import GSLRandom

/// Exact per-member tables for the fast path.
public final class FastPathTables: Sendable {
  /// Grid step h: S and R take values k·h.
  public let step: Double
  /// One table per class of cells (see ``CellClass``), eligible class first.
  let classes: [CellClass]
  /// True when at most one class reaches a cover and it reaches both.
  let singleEligible: Bool
  /// P(S > last grid point) and P(R > last grid point): mass the tables leave out (< 1e-12).
  public let truncatedMass: Double

  /// Poisson thinning by cell class: the current-year claims of the cells that share the
  /// same windows (specific, aggregate, any cover) form independent compound Poissons. With
  /// one basis there are at most two classes (in the window, run-out); a specific 12/15
  /// beside an aggregate 12/12 adds a third (paid in months 13–15: specific only). Returns
  /// each class's bits and share of a year's claims, in descending order of the bits (the
  /// eligible class first and the run-out class last, so a one-basis plan draws its uniforms
  /// as it always did).
  static func cellClasses(_ plan: SimulationPlan) -> [(key: UInt8, value: Double)] {
    let s = plan.scenario
    var share: [UInt8: Double] = [:]
    let relevant: CellFlags = [.specific, .aggregate, .windowed]
    for m in 1...12 {
      for (k, p) in s.claims.lag.enumerated() where p > 0 {
        let f = plan.layout.flags[plan.layout.cell(month: m, lag: k)].intersection(relevant)
        share[f.rawValue, default: 0] += s.claims.seasonality[m - 1] * p
      }
    }
    return share.filter { $0.value > 0 }.sorted { $0.key > $1.key }
  }

  /// Builds the tables (about a second for W1). ``MethodChoice`` says when the plan allows it.
  init(plan: SimulationPlan) {
    let s = plan.scenario
    guard case .perMember(.poisson(let lambda), let severity) = s.claims.model else {
      preconditionFailure("FastPathTables needs a Poisson compound model")
    }
    let classes = Self.cellClasses(plan)
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
    var built: [CellClass] = []
    var lost = 0.0
    for (bits, q) in classes {
      let (t, l) = table(lambda * q)
      built.append(CellClass(table: t, flags: CellFlags(rawValue: bits)))
      lost = max(lost, l)
    }
    self.classes = built
    truncatedMass = lost
    let touching = built.filter { !$0.flags.isDisjoint(with: [.specific, .aggregate]) }
    singleEligible = touching.count <= 1 && touching.allSatisfy { $0.flags.isSuperset(of: [.specific, .aggregate]) }
  }

  /// Scratch a worker needs for ``trial(members:deductible:scratch:_:)``: uniforms and the
  /// members' specific- and aggregate-eligible totals (3 × members doubles).
  static func scratchCount(members: Int) -> Int { 3 * max(members, 1) }

  /// One trial: N members, each with one total per cell class drawn from the tables.
  @inline(__always)
  func trial(members: Int, deductible d: Double, scratch: UnsafeMutableBufferPointer<Double>, _ g: Generator) -> TrialSettlement {
    var t = TrialSettlement()
    let h = step
    let uniforms = UnsafeMutableBufferPointer(rebasing: scratch[0..<members])
    var incurred = 0.0
    var runout = 0.0
    if singleEligible {
      // One class reaches both covers (one basis): settle each member as it is drawn.
      for c in classes {
        g.fillUniform(uniforms)
        var sum = 0.0
        if c.flags.contains(.specific) {
          for j in 0..<members {
            let s = Double(c.table.index(for: uniforms[j])) * h
            sum += s
            let settled = PlainSpecific.settle(specificEligible: s, aggregateEligible: s, deductible: d)
            t.specific += settled.reimbursement
            t.aggregateClaims += settled.aggregateClaims
          }
        } else {
          for j in 0..<members { sum += Double(c.table.index(for: uniforms[j])) * h }
        }
        incurred += sum
        if !c.flags.contains(.windowed) { runout += sum }
      }
    } else {
      // Separate windows: a member's specific- and aggregate-eligible totals share some
      // classes; sum them per member, then settle.
      let specific = UnsafeMutableBufferPointer(rebasing: scratch[members..<(2 * members)])
      let aggregate = UnsafeMutableBufferPointer(rebasing: scratch[(2 * members)..<(3 * members)])
      specific.update(repeating: 0)
      aggregate.update(repeating: 0)
      for c in classes {
        g.fillUniform(uniforms)
        let toSpecific = c.flags.contains(.specific)
        let toAggregate = c.flags.contains(.aggregate)
        var sum = 0.0
        for j in 0..<members {
          let s = Double(c.table.index(for: uniforms[j])) * h
          sum += s
          if toSpecific { specific[j] += s }
          if toAggregate { aggregate[j] += s }
        }
        incurred += sum
        if !c.flags.contains(.windowed) { runout += sum }
      }
      for j in 0..<members {
        let settled = PlainSpecific.settle(specificEligible: specific[j], aggregateEligible: aggregate[j], deductible: d)
        t.specific += settled.reimbursement
        t.aggregateClaims += settled.aggregateClaims
      }
    }
    t.incurred = incurred
    t.runout = runout
    return t
  }
}

/// The current-year cells that reach the same windows, and the exact distribution of a
/// member's annual total over them.
struct CellClass: Sendable {
  let table: GuideTable
  let flags: CellFlags
}
