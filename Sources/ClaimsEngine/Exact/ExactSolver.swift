// ExactSolver.swift: one solve of the exact method: the member-level distributions, their sum
// over the members by FFT, and the summaries of every quantity.
internal import ClaimsModel
internal import Dispatch
internal import Foundation
internal import GSLRandom

/// One solve: the grids, the FFTs and the summaries.
struct Solver {
  let model: ExactMethod.Model
  let scenario: Scenario
  let gridStep: Double?
  var notes: [String] = []

  init(model: ExactMethod.Model, scenario: Scenario, gridStep: Double?) {
    self.model = model
    self.scenario = scenario
    self.gridStep = gridStep
  }

  var n: Int { model.members }
  var nd: Double { Double(model.members) }

  mutating func run() throws -> ExactResult {
    let lambdaE = model.lambda * model.captureRatio
    let muE = model.eligible.mean
    let mu2E = model.eligible.partialMoment(2, upTo: .infinity)
    let meanS = lambdaE * muE
    let secondS = lambdaE * mu2E + meanS * meanS

    // Eligible claims per member, capped at d, and their N-sum C.
    var d = model.deductible
    var member: (pmf: [Double], step: Double, capIndex: Int)?
    if d.isFinite && lambdaE > 0 {
      member = try memberCapped(rate: lambdaE)
      if member == nil {
        notes.append(
          "the specific deductible lies so far beyond a member's usual claims that its grid would exceed \(ExactMethod.memberMaxSteps) points: aggregate claims are computed uncapped and specific reimbursement is reported as 0")
        d = .infinity
      }
    }
    let h: Double
    let c: ExactLattice
    let limitedMean: Double
    let limitedSecond: Double
    let atDeductible: Double
    if let member {
      h = member.step
      var m1 = 0.0
      var m2 = 0.0
      for (k, p) in member.pmf.enumerated() {
        let x = Double(k) * h
        m1 += x * p
        m2 += x * x * p
      }
      limitedMean = m1
      limitedSecond = m2
      atDeductible = member.pmf[member.capIndex]
      c = try sumOfMembers(member.pmf, step: h)
    } else if lambdaE == 0 {
      // No claim falls in the contract window.
      limitedMean = 0
      limitedSecond = 0
      atDeductible = 0
      h = gridStep ?? 1
      c = ExactLattice(origin: 0, step: h, pmf: [1], originIsAtom: true)
    } else {
      limitedMean = meanS
      limitedSecond = secondS
      atDeductible = 0
      let total = try compoundTotal(rate: nd * lambdaE, severity: model.eligible, budget: ExactMethod.retainedBudget, step: gridStep)
      h = total.step
      c = total
    }
    let meanC = nd * limitedMean
    let varC = nd * max(0, limitedSecond - limitedMean * limitedMean)
    let excessMean = max(0, meanS - limitedMean)

    // The attachment point and the aggregate transform g(C) = retained part of C.
    var attachment: Double?
    switch model.attachment {
    case .dollars(let a): attachment = a
    case .corridor(let k): attachment = k * meanC
    case nil: attachment = nil
    }
    let a = attachment ?? .infinity
    // The contract's own reimbursement function (ContractTerms), on the exact lattice.
    let terms = SimulationPlan(scenario).contracts[0]
    let reimbursement: (Double) -> Double = { x in terms.aggregateReimbursement(claims: x, attachment: a) }
    let retainedPart: (Double) -> Double = { x in x - reimbursement(x) }

    var metrics: [(quantity: Quantity, summary: ExactResult.Summary)] = []

    // claims_incurred: compound Poisson(Nλ, X).
    let muAll = model.all.mean
    let mu2All = model.all.partialMoment(2, upTo: .infinity)
    let incurred = try? compoundTotal(rate: nd * model.lambda, severity: model.all, budget: ExactMethod.secondaryBudget, step: nil)
    if incurred == nil { notes.append("claims_incurred: grid too large; mean and standard deviation only") }
    metrics.append(
      (.claimsIncurred,
       summarize(incurred, mean: nd * model.lambda * muAll, variance: nd * model.lambda * mu2All)))

    // specific_reimbursement: Σ (Sᵢ − d)+.
    if d.isFinite && excessMean > 0 {
      let secondY = secondS - limitedSecond - 2 * d * excessMean
      let varY = secondY.isFinite ? max(0, secondY - excessMean * excessMean) : .infinity
      let spec = specificSum(rate: lambdaE, deductible: d, memberStep: h, excessMean: excessMean)
      if spec == nil { notes.append("specific_reimbursement: grid too large; mean and standard deviation only") }
      metrics.append((.specificReimbursement, summarize(spec, mean: nd * excessMean, variance: nd * varY)))
    } else {
      metrics.append((.specificReimbursement, .constant(0)))
    }

    // aggregate_claims and aggregate_reimbursement.
    metrics.append((.aggregateClaims, summarize(c, mean: meanC, variance: varC)))
    var reimbursementMean = 0.0
    var retainedCVariance = varC
    if attachment != nil {
      let (rm, rv) = c.moments(reimbursement)
      reimbursementMean = rm
      metrics.append((.aggregateReimbursement, summarize(c, mean: rm, variance: rv, transform: reimbursement)))
      retainedCVariance = c.moments(retainedPart).variance
    } else {
      metrics.append((.aggregateReimbursement, .constant(0)))
    }
    let retainedCMean = meanC - reimbursementMean

    // runout_unprotected R and retained = g(C) + R.
    let fixed = model.fixedCosts
    let retained: ExactResult.Summary
    if let runout = model.runout {
      let rate = nd * model.lambda * (1 - model.captureRatio)
      let meanR = rate * runout.mean
      let varR = rate * runout.partialMoment(2, upTo: .infinity)
      // A common grid: an integer multiple of C's step that fits both in the budget.
      let lo = retainedPart(c.origin)
      let hi = retainedPart(c.value(c.pmf.count - 1))
      let upperR = upperPoint(rate: rate, severity: runout)
      let width = (hi - lo) + upperR
      let factor = max(1, Int((width / (c.step * Double(ExactMethod.retainedBudget - 2))).rounded(.up)))
      let stepT = c.step * Double(factor)
      let r = try compoundTotal(rate: rate, severity: runout, budget: ExactMethod.retainedBudget, step: stepT, upper: upperR)
      metrics.append((.runoutUnprotected, summarize(r, mean: meanR, variance: varR)))
      let mLattice = c.rebinned(to: stepT, transform: retainedPart)
      let length = FFT.fastLength(atLeast: mLattice.pmf.count + r.pmf.count - 1)
      guard length <= FFT.maximumLength else {
        throw ExactMethodError("the retained-claims grid needs \(length) points, more than \(FFT.maximumLength)")
      }
      var t = ExactLattice(origin: mLattice.origin, step: stepT, pmf: [], originIsAtom: false)
      t.pmf = Array(FFT.convolve(mLattice.pmf, r.pmf, length: length).prefix(mLattice.pmf.count + r.pmf.count - 1))
      t.missingMass = r.missingMass
      t.missingFirstMoment = r.missingFirstMoment + r.missingMass * retainedCMean
      retained = summarize(t, mean: retainedCMean + meanR, variance: retainedCVariance + varR)
    } else {
      metrics.append((.runoutUnprotected, .constant(0)))
      retained = summarize(c, mean: retainedCMean, variance: retainedCVariance, transform: retainedPart)
    }
    metrics.append((.retainedClaims, retained))
    metrics.append((.fixedCosts, .constant(fixed)))
    metrics.append((.employerCost, shifted(retained, by: fixed)))

    return ExactResult(
      scenarioName: scenario.name, memberCount: n, claimFrequency: model.lambda,
      captureRatio: model.captureRatio, deductible: model.deductible, gridStep: member?.step ?? h,
      aggregateGridStep: c.step, attachment: attachment,
      probabilityAttach: attachment.map { c.exceedance($0) }, memberLimitedMean: limitedMean,
      memberExcessMean: excessMean, memberProbabilityAtDeductible: atDeductible, metrics: metrics,
      notes: notes, elapsedSeconds: 0, aggregate: c)
  }

  // MARK: Member level

  /// The pmf of min(S, d) on the member grid (index capIndex = d), or nil when d lies beyond
  /// every plausible member total.
  func memberCapped(rate: Double) throws -> (pmf: [Double], step: Double, capIndex: Int)? {
    let d = model.deductible
    let k = ExactMethod.defaultStepsToDeductible
    var steps: Int
    if let gridStep {
      let wanted = (d / gridStep).rounded()
      guard wanted <= Double(FFT.maximumLength / 4) else {
        throw ExactMethodError("a grid step of \(gridStep) needs \(wanted) points to the deductible; use a coarser gridStep")
      }
      steps = max(1, Int(wanted))
    } else {
      // Resolve the body of the member's distribution even when d lies far out in its tail:
      // at least K points up to u, where claims above x_u are expected 1e-4 times.
      let u = upperPoint(rate: rate, severity: model.eligible, epsilon: 1e-4)
      if u < d {
        let needed = (Double(k) * d / u).rounded(.up)
        if needed > Double(ExactMethod.memberMaxSteps) { return nil }
        steps = max(k, Int(needed))
      } else {
        steps = k
      }
    }
    guard steps <= FFT.maximumLength / 4 else {
      throw ExactMethodError("a grid step of \(d / Double(steps)) needs \(steps) points to the deductible; use a coarser gridStep")
    }
    let h = d / Double(steps)
    let f = SeverityGrid.rounding(model.eligible, step: h, count: steps)
    let g = try compoundPoisson(severity: f, rate: rate, keep: steps, aliasEpsilon: ExactMethod.memberAliasEpsilon)
    var pmf = Array(g.prefix(steps))
    var below = 0.0
    for p in pmf { below += p }
    pmf.append(max(0, 1 - below))
    return (pmf, h, steps)
  }

  /// The pmf of a compound Poisson sum on [0, keep) from a (defective) severity pmf.
  ///
  /// Wrap-around is damped by exponential tilting (Grübel–Hermesmeier): the FFT runs on
  /// f_j·e^{−θj} and the result is multiplied back by e^{θk}, so mass at k + L lands on k
  /// weighted by e^{−θL}. With θ = 12/keep, rounding errors grow by at most e^12 at the top of
  /// the kept range, and the wrapped mass is at most e^{−θL} times the Chernoff bound on the
  /// mass at L and beyond; L grows until that is below `aliasEpsilon`.
  func compoundPoisson(severity f: [Double], rate: Double, keep: Int, aliasEpsilon: Double = ExactMethod.totalAliasEpsilon) throws -> [Double] {
    let bound = ChernoffBound(f)
    let theta = 12 / Double(max(keep, 1))
    var length = FFT.fastLength(atLeast: max(keep + keep / 4, f.count))
    while !bound.compoundPoissonTail(rate: rate, at: Double(length), tilt: theta, isBelow: Foundation.log(aliasEpsilon)) {
      guard length * 2 <= FFT.maximumLength else {
        throw ExactMethodError("a compound distribution needs an FFT longer than \(FFT.maximumLength) points")
      }
      length = FFT.fastLength(atLeast: length * 2)
    }
    var tilted = f
    for j in tilted.indices { tilted[j] *= Foundation.exp(-theta * Double(j)) }
    let g = FFT.compoundPoisson(severityPMF: tilted, lambda: rate, length: length)
    return (0..<keep).map { g[$0] * Foundation.exp(theta * Double($0)) }
  }

  // MARK: Sums over members

  /// C = Σ min(Sᵢ, d) on a window [lo, lo + L) of the member grid (coarsened by an integer
  /// factor when the window would exceed 2^22 points).
  func sumOfMembers(_ memberPMF: [Double], step h: Double) throws -> ExactLattice {
    var pmf = memberPMF
    var step = h
    while true {
      let bound = ChernoffBound(pmf)
      let (lo, hi) = bound.window(power: n, logEpsilon: Foundation.log(ExactMethod.windowEpsilon))
      let full = n * (pmf.count - 1) + 1
      let width = min(full, hi - lo + 1)
      if width > ExactMethod.aggregateMaxPoints {
        let factor = Int((Double(width) / Double(ExactMethod.aggregateMaxPoints / 2)).rounded(.up))
        let coarse = ExactLattice(origin: 0, step: step, pmf: pmf, originIsAtom: true).rebinned(to: step * Double(factor), transform: { $0 })
        precondition(coarse.origin == 0)
        pmf = coarse.pmf
        step = coarse.step
        continue
      }
      let length = FFT.fastLength(atLeast: width)
      let start = length >= full ? 0 : lo
      let circular = FFT.convolvePower(pmf, power: n, length: length)
      var window = [Double](repeating: 0, count: min(length, full))
      for i in window.indices { window[i] = circular[(start + i) % length] }
      var lattice = ExactLattice(origin: Double(start) * step, step: step, pmf: window, originIsAtom: start == 0)
      // The whole support kept on the member grid: the top point is N·d, an atom.
      lattice.topIsAtom = start == 0 && length >= full && step == h
      return lattice
    }
  }

  /// The pmf of Σ (Sᵢ − d)+ on a grid no finer than the member grid with d a whole number
  /// of steps, up to the upper point of the eligible claims' total (which bounds it); nil
  /// when that grid would be too long.
  func specificSum(rate: Double, deductible d: Double, memberStep: Double, excessMean: Double) -> ExactLattice? {
    let upper = upperPoint(rate: nd * rate, severity: model.eligible)
    let budget = Double(ExactMethod.secondaryBudget)
    let steps = max(1, min((d * budget / (d + upper)).rounded(.down), (d / memberStep).rounded()))
    let hs = d / steps
    let kd = Int((d / hs).rounded())
    let ky = max(1, Int((upper / hs).rounded(.up)))
    let top = kd + ky
    guard top <= FFT.maximumLength / 2 else { return nil }
    let f = SeverityGrid.rounding(model.eligible, step: hs, count: top)
    guard let s = try? compoundPoisson(severity: f, rate: rate, keep: top) else { return nil }
    var y = [Double](repeating: 0, count: ky)
    for k in 0...kd { y[0] += s[k] }
    for j in 1..<ky { y[j] = s[kd + j] }
    let bound = ChernoffBound(y)
    var length = FFT.fastLength(atLeast: ky + ky / 4)
    while !bound.powerTail(power: n, at: Double(length), isBelow: Foundation.log(ExactMethod.totalAliasEpsilon)) {
      guard length * 2 <= FFT.maximumLength else { return nil }
      length = FFT.fastLength(atLeast: length * 2)
    }
    var lattice = ExactLattice(origin: 0, step: hs, pmf: Array(FFT.convolvePower(y, power: n, length: length).prefix(ky)), originIsAtom: true)
    lattice.setMissing(totalMean: nd * excessMean)
    return lattice
  }

  /// A compound Poisson total (rate, severity) on [0, upper] with a grid step of `step` or
  /// the smallest that fits `budget` points.
  func compoundTotal(rate: Double, severity: Distribution, budget: Int, step: Double?, upper: Double? = nil) throws -> ExactLattice {
    let u = upper ?? upperPoint(rate: rate, severity: severity)
    let h = step ?? (u / Double(budget - 1))
    let points = (u / h).rounded(.up) + 1
    guard points <= Double(FFT.maximumLength / 2) else {
      throw ExactMethodError("a compound total needs \(points) grid points at step \(h), more than \(FFT.maximumLength / 2)")
    }
    let count = Int(points)
    let f = SeverityGrid.rounding(severity, step: h, count: count)
    var lattice = ExactLattice(origin: 0, step: h, pmf: try compoundPoisson(severity: f, rate: rate, keep: count), originIsAtom: true)
    lattice.setMissing(totalMean: rate * severity.mean)
    return lattice
  }

  /// A point u above which a compound Poisson total (rate Λ, severity X) is negligible for
  /// the reported statistics: u = x_ε + E[T; X ≤ x_ε] + 20·sd[T; X ≤ x_ε], where
  /// Λ·P(X > x_ε) = ε (a claim above x_ε is then expected ε times).
  func upperPoint(rate: Double, severity x: Distribution, epsilon: Double = ExactMethod.tailEpsilon) -> Double {
    guard rate > 0 else { return 0 }
    var hi = max(1, x.mean)
    var iterations = 0
    while rate * x.survival(hi) > epsilon && iterations < 2000 {
      hi *= 2
      iterations += 1
    }
    var lo = hi / 2
    if rate * x.survival(lo) <= epsilon { lo = 0 }
    for _ in 0..<80 {
      let mid = lo == 0 ? hi / 2 : (lo * hi).squareRoot()
      if rate * x.survival(mid) > epsilon { lo = mid } else { hi = mid }
      if hi - lo < 1e-6 * hi { break }
    }
    let mean = rate * x.partialMoment(1, upTo: hi)
    let sd = (rate * x.partialMoment(2, upTo: hi)).squareRoot()
    return hi + mean + 20 * sd
  }

  // MARK: Summaries

  func summarize(
    _ lattice: ExactLattice?, mean: Double, variance: Double, transform: ((Double) -> Double)? = nil
  ) -> ExactResult.Summary {
    let sd = variance.isFinite ? max(0, variance).squareRoot() : .infinity
    guard let lattice else { return ExactResult.Summary(mean: mean, stdDev: sd, percentiles: nil, tvar95: nil) }
    let g = transform ?? { $0 }
    let levels = MetricSummary.levels.map(\.p)
    let percentiles = lattice.quantiles(levels)?.map(g)
    // The missing tail's E[g(X); tail], with g taken at the tail's conditional mean (exact for
    // the identity and for shifts; the tail holds at most about 1e-4 of the mass).
    let missing = lattice.missingMass > 0
      ? lattice.missingMass * g(lattice.missingFirstMoment / lattice.missingMass) : 0
    let tvar = lattice.tailMean(0.95, transform: g, missingTransformedMoment: missing)
    return ExactResult.Summary(mean: mean, stdDev: sd, percentiles: percentiles, tvar95: tvar)
  }

  func shifted(_ s: ExactResult.Summary, by c: Double) -> ExactResult.Summary {
    ExactResult.Summary(
      mean: s.mean + c, stdDev: s.stdDev, percentiles: s.percentiles?.map { $0 + c },
      tvar95: s.tvar95.map { $0 + c })
  }
}
