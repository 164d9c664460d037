// ExactMethod.swift: the distribution of every result quantity without simulation, for the
// scenarios it can express: identical members, compound Poisson claims, one contract basis
// without run-in, plain covers. Discretize the severity (mean-preserving), build each
// member's compound distribution by FFT, cap it at the deductible, and sum the members by FFT.
// docs/model.md, "Contract windows" (capture ratios) and "Claim models" (compound Poisson); the exact answers of
// the reference workloads (Tests/Fixtures/workloads) were computed the same way.
// User doc: docs/model.md, "Methods". The solver, its lattices, the severity grid and the
// tail bounds live beside this file in Exact/.
public import ClaimsModel
internal import Dispatch
internal import Foundation
internal import GSLRandom

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
    // What it reports: one contract's annual distributions, no months and no fund.
    if !s.options.isEmpty {
      return .unsupported(
        "the scenario compares \(s.options.count + 1) contracts (options:); the exact method solves one contract and has no common random numbers for their differences")
    }
    if s.simulation.cashFlow {
      return .unsupported("simulation.cash_flow asks for monthly cash flows, which need simulated trials; the exact method reports annual distributions only")
    }
    if let funding = s.funding {
      return .unsupported(
        funding.level != nil
          ? "level funding (funding.level) settles a claims fund month by month on each trial; the exact method reports annual distributions only"
          : "pooled funding (funding.allocated_balance) projects several plan years on simulated paths; the exact method reports one year's distributions only")
    }

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
