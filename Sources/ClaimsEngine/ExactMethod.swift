// ExactMethod.swift: the distribution of every result quantity without simulation, for the
// scenarios it can express: identical members, compound Poisson claims, one contract basis
// without run-in, plain covers. Discretize the severity (mean-preserving), build each
// member's compound distribution by FFT, cap it at the deductible, and sum the members by FFT.
// Domain reference §3.1 (capture ratios) and §5.9 (compound Poisson); the exact answers of
// ../shared/workloads/README.md were computed the same way.
public import ClaimsModel
internal import Dispatch
internal import Foundation
internal import GSLRandom

/// Why ``ExactMethod/solve(_:gridStep:)`` gave no answer.
public struct ExactMethodError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The exact (simulation-free) answers for one scenario.
///
/// Means and standard deviations are exact up to the severity discretization (errors of order
/// h² for a grid step h: 5e-5 dollars per member for W1 at the default grid). Percentiles are
/// quantiles of the lattice distributions with every atom spread uniformly over its grid cell
/// (the cumulative distribution interpolated linearly between half-way points), so they
/// approximate the quantiles of the continuous distribution to a small fraction of the grid
/// step; the lowest cell of a quantity that starts at 0 is kept as an atom.
public struct ExactResult: Sendable {
  /// The statistics of one quantity.
  public struct Summary: Sendable, Hashable {
    public var mean: Double
    /// Standard deviation (+∞ when the severity has no second moment).
    public var stdDev: Double
    /// Percentiles at ``MetricSummary/levels``; nil when the distribution was not computed
    /// (see ``ExactResult/notes``).
    public var percentiles: [Double]?
    /// E[X | X ≥ its 95th percentile]; nil when the distribution was not computed.
    public var tvar95: Double?

    public init(mean: Double, stdDev: Double, percentiles: [Double]?, tvar95: Double?) {
      self.mean = mean
      self.stdDev = stdDev
      self.percentiles = percentiles
      self.tvar95 = tvar95
    }

    /// The percentile with JSON key `key` ("p50", …, "p99_5").
    public func percentile(_ key: String) -> Double? {
      guard let percentiles, let i = MetricSummary.levels.firstIndex(where: { $0.key == key }) else { return nil }
      return percentiles[i]
    }

    /// A quantity that is `value` with certainty.
    public static func constant(_ value: Double) -> Summary {
      Summary(mean: value, stdDev: 0, percentiles: MetricSummary.levels.map { _ in value }, tvar95: value)
    }
  }

  public var scenarioName: String
  public var memberCount: Int
  /// Poisson mean of claims per member per year.
  public var claimFrequency: Double
  /// The share q of a year's claims that falls in the contract window (eligible claims are
  /// compound Poisson with rate λq, run-out claims with rate λ(1 − q), independent).
  public var captureRatio: Double
  /// Specific deductible (+∞ without specific cover).
  public var deductible: Double
  /// The member grid step h (dollars): severity and member distributions live on k·h.
  public var gridStep: Double
  /// The grid step of the distribution of `aggregate_claims`.
  public var aggregateGridStep: Double
  /// The annual aggregate attachment point in dollars (nil without aggregate cover).
  public var attachment: Double?
  /// P(aggregate_claims > attachment) (nil without aggregate cover).
  public var probabilityAttach: Double?
  /// Per member: E[min(S, d)], E[(S − d)+] and P(S ≥ d) for the eligible claims S.
  public var memberLimitedMean: Double
  public var memberExcessMean: Double
  public var memberProbabilityAtDeductible: Double
  /// Statistics of every quantity in ``Quantity`` order (no run-in quantities: run-in bases
  /// are not supported).
  public var metrics: [(quantity: Quantity, summary: Summary)]
  /// Remarks on what was approximated or left out (for reports).
  public var notes: [String]
  public var elapsedSeconds: Double

  /// The distribution of `aggregate_claims`.
  fileprivate let aggregate: ExactLattice

  public func summary(_ q: Quantity) -> Summary? {
    metrics.first { $0.quantity == q }?.summary
  }

  /// P(aggregate_claims > threshold), with the lattice atoms spread over their cells (so that
  /// `exceedance(p-quantile) = 1 − p`).
  public func exceedance(_ threshold: Double) -> Double {
    aggregate.exceedance(threshold)
  }
}

/// The exact method: distributions by discretization and FFT instead of simulation.
///
/// **Model.** N identical members (a `members` or `tiers` census under the per-member
/// compound model: member weights apply only to annual models); each member's claims are
/// compound Poisson with rate λ and severity X, incurred in month m with the scenario's
/// seasonality weight, paid after a lag from the lag pmf, and multiplied by the trend factor
/// of month m. By Poisson thinning over the (month, lag) cells, the claims inside the contract
/// window are compound Poisson with rate λq (q = Σ weight of the cells the basis covers, the
/// capture ratio ``ClaimsModel/ContractBasis/captureRatio(lagPMF:)`` for uniform months) and
/// severity the mixture of the trended X over those cells; the run-out claims are an
/// independent compound Poisson with rate λ(1 − q).
///
/// **Quantities.** S = a member's eligible claims; C = Σ min(Sᵢ, d) (`aggregate_claims`);
/// Σ (Sᵢ − d)+ (`specific_reimbursement`); R = Σ run-out claims = compound Poisson(Nλ(1 − q))
/// (`runout_unprotected`); retained = C − min(max, pct·(C − A)+) + R (= min(C, A) + R for a
/// plain cover); employer cost = fixed costs + retained; claims incurred = compound
/// Poisson(Nλ, X).
///
/// **Grids.** The member grid step is h = d/K with K = ``defaultStepsToDeductible`` (or the
/// `gridStep` asked for, rounded so that d is a whole number of steps): "a few thousand
/// points to the deductible", which puts E[min(S, d)] within about 5e-5 dollars per member of
/// the limit h → 0 (W1: h = $12.50; the README's answers used $2.50). When d lies far beyond
/// a member's usual totals, K grows so that the body of S still gets K points (up to 2^20
/// points; beyond that the cap is ignored and a note says so). The severity is discretized by
/// the "rounding" method with limited expected values (Klugman–Panjer–Willmot):
/// P(X̃ = 0) = 1 − E[X∧h]/h and P(X̃ = kh) = (2E[X∧kh] − E[X∧(k−1)h] − E[X∧(k+1)h])/h, which
/// preserves the mean. A member's compound distribution comes from ifft(exp(λq(φ_X̃ − 1))) with
/// exponential tilting against wrap-around. The N-sum of min(S, d) is computed on the member
/// grid by the pointwise N-th power of the transform, in the window [lo, hi] outside which
/// Chernoff bounds leave less than 1e-16 of the mass on each side (W1: about 370,000 points);
/// a window wider than 2^22 points is coarsened by an integer factor. Without specific cover C
/// is itself compound Poisson(Nλq) and is computed as the heavy-tailed totals are.
///
/// Heavy-tailed totals (run-out, retained, specific reimbursement, claims incurred) are
/// computed from 0 up to u = x_ε + E + 20·sd (E, sd of the claims below x_ε), where the sum's
/// claim rate Λ gives Λ·P(X > x_ε) = 1e-4, on the coarsest grid that fits 2^20 (retained, on
/// an integer multiple of C's step, convolved with min(C, A) by FFT) or 2^18 points (specific
/// reimbursement, on a step that divides d; claims incurred). Their means and standard
/// deviations are exact (analytic, or from the member grid); the mass above u (of order 1e-4
/// at most) enters the tail means through its exact first moment. FFT lengths are checked
/// with Chernoff bounds so that wrap-around moves less than 1e-15 of a member's mass and
/// 1e-10 of a total's.
///
/// **Not supported** (``supports(_:)`` says which): annual and default member-level models,
/// frequencies other than Poisson, `group_parameter_cv` > 0, a `members_file` census,
/// enrolment that changes in the year, run-in bases, covers on different bases, terminal
/// liability, specific covers other than a plain per-member deductible, aggregate
/// accommodation or run-in limits. Contract `options:` are ignored (the scenario's own
/// contract is solved).
public enum ExactMethod {
  /// Member grid points up to the deductible when no grid step is given.
  public static let defaultStepsToDeductible = 4000

  /// Mass the window of `aggregate_claims` may leave out on each side.
  static let windowEpsilon = 1e-16
  /// Mass wrap-around may move: in a member's distribution (which the N-fold sum raises to
  /// tail probabilities such as P(attach)), and in the heavy-tailed totals (whose reported
  /// statistics are percentiles up to 99.5% and tail means).
  static let memberAliasEpsilon = 1e-15
  static let totalAliasEpsilon = 1e-10
  /// Expected number of claims beyond x_ε, the claim size that sets the top of a
  /// heavy-tailed total's grid (the mass above the top enters tail means through its exact
  /// first moment; percentiles need it below 0.5%).
  static let tailEpsilon = 1e-4
  /// Largest window for `aggregate_claims`, and the point budgets of the other sums.
  static let aggregateMaxPoints = 1 << 22
  static let retainedBudget = 1 << 20
  static let secondaryBudget = 1 << 18
  /// Most member grid points up to the deductible (beyond, the cap is ignored).
  static let memberMaxSteps = 1 << 20

  /// nil when ``solve(_:gridStep:)`` can compute `scenario`, else the reason it cannot.
  public static func supports(_ scenario: Scenario) -> String? {
    switch analyze(scenario) {
    case .supported: nil
    case .unsupported(let reason): reason
    }
  }

  /// Computes every quantity of `scenario` without simulation.
  /// - Parameter gridStep: the member grid step h in dollars (rounded so that the deductible
  ///   is a whole number of steps); nil for d/``defaultStepsToDeductible``. Without specific
  ///   cover it is the grid step of `aggregate_claims`.
  /// - Throws: ``ExactMethodError`` when ``supports(_:)`` gives a reason, or when a grid would
  ///   exceed the FFT's maximum length.
  public static func solve(_ scenario: Scenario, gridStep: Double? = nil) throws -> ExactResult {
    let start = DispatchTime.now().uptimeNanoseconds
    let model: Model
    switch analyze(scenario) {
    case .supported(let m): model = m
    case .unsupported(let reason): throw ExactMethodError("the exact method cannot solve this scenario: \(reason)")
    }
    if let gridStep, !(gridStep > 0 && gridStep.isFinite) {
      throw ExactMethodError("gridStep must be a positive number of dollars, got \(gridStep)")
    }
    var solver = Solver(model: model, scenario: scenario, gridStep: gridStep)
    var result = try solver.run()
    result.elapsedSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return result
  }

  // MARK: - Which scenarios

  enum Analysis {
    case supported(Model)
    case unsupported(String)
  }

  /// The scenario reduced to what the exact method needs.
  struct Model {
    var members: Int
    var lambda: Double
    /// Eligible share of claims and the severity of eligible, run-out and all claims.
    var captureRatio: Double
    var eligible: Distribution
    var runout: Distribution?
    var all: Distribution
    var deductible: Double
    var attachment: Attachment?
    var fixedCosts: Double

    enum Attachment {
      case dollars(Double)
      case corridor(Double)
    }
  }

  static func analyze(_ s: Scenario) -> Analysis {
    let claims = s.claims
    let lambda: Double
    let severity: Distribution
    switch claims.model {
    case .annual:
      return .unsupported(
        claims.isCalibratedDefault
          ? "the calibrated default model (claims: default) draws one annual cost per member and spreads it over episodes; the exact method needs the per_member compound Poisson model"
          : "the annual model draws one annual cost per member and spreads it over episodes; the exact method needs the per_member compound Poisson model")
    case .perMember(let frequency, let sev):
      guard case .poisson(let mean) = frequency else {
        return .unsupported(
          "claim frequency is \(frequency.family); the exact method needs Poisson frequency (Poisson thinning splits eligible and run-out claims into independent compound Poissons)")
      }
      lambda = mean
      severity = sev
    }
    let severityMean = severity.mean
    guard severityMean.isFinite else {
      return .unsupported("the severity (\(severity.family)) has no finite mean")
    }
    guard lambda > 0 && lambda.isFinite && severityMean > 0 else {
      return .unsupported("no claims are expected (frequency mean \(lambda), severity mean \(severityMean))")
    }
    if claims.groupParameterCV > 0 {
      return .unsupported(
        "group_parameter_cv is \(claims.groupParameterCV); a random group multiplier makes the members dependent (the exact method needs group_parameter_cv 0)")
    }
    if claims.medicalRxSplit != nil || claims.costSharing != nil {
      return .unsupported("medical/Rx splits and cost sharing belong to member-level models")
    }
    if case .membersFile(let file) = s.census.source {
      return .unsupported(
        "the census is read from a members_file (\(file)); the exact method needs a census of identical members given by members or tiers")
    }
    if s.enrolment.varies {
      return .unsupported("enrolment changes during the year; the exact method needs constant enrolment")
    }
    let members = s.census.memberCount
    guard members >= 1 else { return .unsupported("the census has no members") }

    // One basis for everything.
    let stopLoss = s.stopLoss
    if stopLoss.terminalLiability {
      return .unsupported("terminal liability is not supported by the exact method")
    }
    let aggregateBasis = stopLoss.aggregate?.basis ?? stopLoss.basis
    var bases = [aggregateBasis] + stopLoss.coverBases
    if let sp = stopLoss.specific { bases.append(sp.basis) }
    guard let basis = bases.first, bases.allSatisfy({ $0 == basis }) else {
      return .unsupported(
        "the specific and aggregate covers use different bases (\(Set(bases.map(\.description)).sorted().joined(separator: ", "))); the exact method needs a single basis")
    }
    let maxLag = claims.lag.count - 1
    if max(basis.firstIncurredMonth ?? Int.min, 1 - maxLag) < 1 {
      return .unsupported(
        "the \(basis) basis reaches claims incurred before the effective date (run-in); the exact method covers bases without run-in (incurred, 12/P)")
    }

    var deductible = Double.infinity
    if let sp = stopLoss.specific {
      guard sp.isPlain else {
        return .unsupported(
          "the specific cover has lasers, an aggregating deductible, a maximum, a reimbursement below 100%, family accumulation, carryover or a run-in limit; the exact method needs a plain per-member deductible")
      }
      guard sp.deductible > 0 else { return .unsupported("the specific deductible is 0") }
      deductible = sp.deductible
    }

    var attachment: Model.Attachment?
    if let ag = stopLoss.aggregate {
      if ag.accommodation {
        return .unsupported("monthly aggregate accommodation is not supported by the exact method")
      }
      if !ag.runInLimit.isNone {
        return .unsupported("aggregate run-in limits are not supported by the exact method")
      }
      // The contract's own annual attachment point (factors, the minimum): ContractTerms.
      if case .corridor(let c) = ag.attachment {
        attachment = .corridor(c)
      } else if let a = SimulationPlan(s).contracts[0].annualAttachment {
        attachment = .dollars(a)
      }
    }

    // Thinning over the (month, lag) cells.
    let lagTotal = claims.lag.reduce(0, +)
    let seasonTotal = claims.seasonality.reduce(0, +)
    var eligibleByFactor: [Double: Double] = [:]
    var runoutByFactor: [Double: Double] = [:]
    var allByFactor: [Double: Double] = [:]
    for m in 1...12 {
      let factor = Foundation.pow(1 + claims.trend, Double(m - 1) / 12)
      for (k, p) in claims.lag.enumerated() where p > 0 {
        let w = claims.seasonality[m - 1] / seasonTotal * p / lagTotal
        guard w > 0 else { continue }
        allByFactor[factor, default: 0] += w
        if basis.covers(incurred: m, paid: m + k) {
          eligibleByFactor[factor, default: 0] += w
        } else {
          runoutByFactor[factor, default: 0] += w
        }
      }
    }
    let q = min(1, eligibleByFactor.values.reduce(0, +))
    func severityMixture(_ weights: [Double: Double]) -> Distribution? {
      let total = weights.values.reduce(0, +)
      guard total > 0 else { return nil }
      let factors = weights.keys.sorted()
      if factors.count == 1 { return factors[0] == 1 ? severity : severity.scaled(by: factors[0]) }
      return .mixture(
        weights: factors.map { weights[$0]! / total },
        components: factors.map { $0 == 1 ? severity : severity.scaled(by: $0) })
    }
    let all = severityMixture(allByFactor) ?? severity
    let eligible = severityMixture(eligibleByFactor) ?? all
    let runout = q < 1 ? severityMixture(runoutByFactor) : nil
    return .supported(
      Model(
        members: members, lambda: lambda, captureRatio: runout == nil ? 1 : q, eligible: eligible,
        runout: runout, all: all, deductible: deductible, attachment: attachment,
        fixedCosts: s.annualFixedCosts))
  }
}

// MARK: - The computation

/// One solve: the grids, the FFTs and the summaries.
private struct Solver {
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

// MARK: - ExactLattice distributions

/// A distribution on origin + k·step, k = 0 ..< pmf.count, plus `missingMass` above the top
/// (with first moment `missingFirstMoment`). For quantiles, exceedances and tail means every
/// atom is read as spread uniformly over its cell [x − step/2, x + step/2], except the lowest
/// one when `originIsAtom` (a quantity that is 0 with positive probability).
fileprivate struct ExactLattice: Sendable {
  var origin: Double
  var step: Double
  var pmf: [Double]
  var originIsAtom: Bool
  /// The highest point is an atom too (the N-sum's cap N·d, when the whole support is kept).
  var topIsAtom = false
  var missingMass = 0.0
  var missingFirstMoment = 0.0

  init(origin: Double, step: Double, pmf: [Double], originIsAtom: Bool) {
    self.origin = origin
    self.step = step
    self.pmf = pmf
    self.originIsAtom = originIsAtom
  }

  func value(_ k: Int) -> Double { origin + Double(k) * step }

  /// Whether the mass of point k is read as spread over its cell.
  func isSpread(_ k: Int) -> Bool {
    !((k == 0 && originIsAtom) || (k == pmf.count - 1 && topIsAtom))
  }

  /// Sets the missing tail from the total mass and the exact mean.
  mutating func setMissing(totalMean: Double) {
    var mass = 0.0
    var first = 0.0
    for (k, p) in pmf.enumerated() {
      mass += p
      first += value(k) * p
    }
    missingMass = max(0, 1 - mass)
    missingFirstMoment = missingMass > 0 ? max(0, totalMean - first) : 0
  }

  /// E[g(X)] and Var[g(X)] over the lattice points (no missing tail).
  func moments(_ g: (Double) -> Double) -> (mean: Double, variance: Double) {
    var m1 = 0.0
    var m2 = 0.0
    for (k, p) in pmf.enumerated() {
      let y = g(value(k))
      m1 += y * p
      m2 += y * y * p
    }
    return (m1, max(0, m2 - m1 * m1))
  }

  /// Quantiles at increasing `levels`; nil when a level falls in the missing tail.
  func quantiles(_ levels: [Double]) -> [Double]? {
    var result = [Double](repeating: .nan, count: levels.count)
    var next = 0
    var cumulative = 0.0
    for (k, p) in pmf.enumerated() {
      let upper = cumulative + p
      while next < levels.count && upper >= levels[next] {
        if !isSpread(k) {
          result[next] = value(k)
        } else {
          let fraction = p > 0 ? min(1, max(0, (levels[next] - cumulative) / p)) : 0.5
          result[next] = value(k) - step / 2 + fraction * step
        }
        next += 1
      }
      cumulative = upper
      if next == levels.count { break }
    }
    return next == levels.count ? result : nil
  }

  /// P(X > t).
  func exceedance(_ t: Double) -> Double {
    let u = (t - origin) / step
    if u.isNaN { return .nan }
    if u + 0.5 >= Double(pmf.count) { return missingMass }
    if u + 0.5 < 0 { return min(1, pmf.reduce(0, +) + missingMass) }
    let cell = Int((u + 0.5).rounded(.down))
    var above = missingMass
    var k = pmf.count - 1
    while k > cell {
      above += pmf[k]
      k -= 1
    }
    if !isSpread(cell) {
      if t < value(cell) { above += pmf[cell] }
    } else {
      above += pmf[cell] * min(1, max(0, Double(cell) + 0.5 - u))
    }
    return max(0, min(1, above))
  }

  /// E[g(X) | X in its top (1 − level) share], g nondecreasing; `missingTransformedMoment` is
  /// E[g(X); X in the missing tail]. nil when the missing tail exceeds the share.
  func tailMean(_ level: Double, transform g: (Double) -> Double, missingTransformedMoment: Double) -> Double? {
    let share = 1 - level
    guard missingMass < share else { return nil }
    var mass = missingMass
    var sum = missingTransformedMoment
    var k = pmf.count - 1
    while k >= 0 {
      let p = pmf[k]
      if p > 0 {
        if mass + p < share {
          mass += p
          sum += p * g(value(k))
        } else {
          let w = share - mass
          let x = isSpread(k) ? value(k) + step / 2 - (w / p) * step / 2 : value(k)
          sum += w * g(x)
          mass = share
          break
        }
      }
      k -= 1
    }
    return mass > 0 ? sum / mass : nil
  }

  /// The distribution of g(X) (g nondecreasing) on the grid of `newStep` (origin a multiple
  /// of it), each mass split between the two nearest points so that the mean is kept.
  func rebinned(to newStep: Double, transform g: (Double) -> Double) -> ExactLattice {
    precondition(!pmf.isEmpty)
    let first = g(value(0)) / newStep
    let last = g(value(pmf.count - 1)) / newStep
    let base = first.rounded(.down)
    var out = [Double](repeating: 0, count: Int(last.rounded(.down) - base) + 2)
    for (k, p) in pmf.enumerated() where p != 0 {
      let u = g(value(k)) / newStep - base
      let i = min(out.count - 2, max(0, Int(u.rounded(.down))))
      let t = min(1, max(0, u - Double(i)))
      out[i] += (1 - t) * p
      out[i + 1] += t * p
    }
    while out.count > 1 && out.last == 0 { out.removeLast() }
    return ExactLattice(origin: base * newStep, step: newStep, pmf: out, originIsAtom: originIsAtom && base == 0 && first == 0)
  }
}

// MARK: - Severity discretization

fileprivate enum SeverityGrid {
  /// The mean-preserving "rounding" discretization of X on 0, h, …, (count − 1)·h by limited
  /// expected values (Klugman–Panjer–Willmot): f₀ = 1 − E[X∧h]/h and
  /// f_k = (2E[X∧kh] − E[X∧(k−1)h] − E[X∧(k+1)h])/h. Mass above (count − 1)·h is left out
  /// (a defective pmf), which the compound and power FFTs allow.
  static func rounding(_ x: Distribution, step h: Double, count: Int) -> [Double] {
    precondition(count >= 1 && h > 0)
    // E[X ∧ kh] for k = 0 … count.
    var lev = [Double](repeating: 0, count: count + 1)
    for k in 1...count { lev[k] = x.limitedExpectedValue(Double(k) * h) }
    var f = [Double](repeating: 0, count: count)
    f[0] = 1 - lev[1] / h
    if count > 1 {
      for k in 1..<count { f[k] = (2 * lev[k] - lev[k - 1] - lev[k + 1]) / h }
    }
    return f
  }
}

// MARK: - Chernoff bounds

/// Chernoff bounds for sums of a lattice variable, from its pmf compressed into at most 4,096
/// blocks (a block's mass counted at its upper end for upper tails, at its lower end for
/// lower tails, so every bound stays valid).
fileprivate struct ChernoffBound {
  private var starts: [Double] = []
  private var ends: [Double] = []
  private var logMasses: [Double] = []
  private let top: Double
  private let thetas: [Double]

  init(_ pmf: [Double], blocks: Int = 4096) {
    let size = max(1, (pmf.count + blocks - 1) / blocks)
    var i = 0
    while i < pmf.count {
      let j = min(pmf.count, i + size)
      var m = 0.0
      var first = -1
      var last = -1
      for k in i..<j where pmf[k] > 0 {
        m += pmf[k]
        if first < 0 { first = k }
        last = k
      }
      if m > 0 {
        starts.append(Double(first))
        ends.append(Double(last))
        logMasses.append(Foundation.log(m))
      }
      i = j
    }
    top = ends.last ?? 0
    // θ from 1e-9 to 700/top (so that e^{θk} stays finite), geometrically.
    let hi = 700 / max(top, 1)
    let lo = min(1e-9, hi / 2)
    let count = 200
    let ratio = Foundation.pow(hi / lo, 1 / Double(count - 1))
    thetas = (0..<count).map { lo * Foundation.pow(ratio, Double($0)) }
  }

  /// An upper bound on log Σ p_k e^{θk} (θ of either sign).
  func logMoment(_ theta: Double) -> Double {
    let positions = theta > 0 ? ends : starts
    var peak = -Double.infinity
    for b in logMasses.indices { peak = max(peak, theta * positions[b] + logMasses[b]) }
    if peak == -.infinity { return -.infinity }
    var sum = 0.0
    for b in logMasses.indices { sum += Foundation.exp(theta * positions[b] + logMasses[b] - peak) }
    return peak + Foundation.log(sum)
  }

  /// Indices [lo, hi] outside which the sum of `power` copies has mass below e^{logEpsilon}
  /// on each side.
  func window(power: Int, logEpsilon: Double) -> (Int, Int) {
    let np = Double(power)
    var hi = Double.infinity
    var lo = 0.0
    for theta in thetas {
      hi = min(hi, (np * logMoment(theta) - logEpsilon) / theta)
      lo = max(lo, (logEpsilon - np * logMoment(-theta)) / theta)
    }
    let upper = Int(min(np * top, hi).rounded(.up))
    return (max(0, min(upper, Int(lo.rounded(.down)))), upper)
  }

  /// True when the mass of the sum of `power` copies at index `at` and above is provably
  /// below e^{logTarget}.
  func powerTail(power: Int, at: Double, isBelow logTarget: Double) -> Bool {
    let np = Double(power)
    return thetas.contains { np * logMoment($0) - $0 * at <= logTarget }
  }

  /// True when e^{−tilt·at} times the mass of the compound Poisson(rate) sum at index `at` and
  /// above (at most e^{−θ·at} exp(rate·(M(θ) − 1))) is provably below e^{logTarget}.
  func compoundPoissonTail(rate: Double, at: Double, tilt: Double, isBelow logTarget: Double) -> Bool {
    if -tilt * at <= logTarget { return true }
    return thetas.contains { theta in
      let m = Foundation.exp(logMoment(theta))
      return m.isFinite && rate * (m - 1) - theta * at - tilt * at <= logTarget
    }
  }
}
