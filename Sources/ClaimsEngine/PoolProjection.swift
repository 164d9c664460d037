// PoolProjection.swift: the allocated-balance pool model over several plan years
// (docs/funding.md): each trial is a path of years; each year's claims come from the
// engine (trended), the balance earns interest, holidays and deficit repayments follow the
// reserve target, and factors renew by credibility blending with the pool's experience.
// User doc: docs/funding.md.
public import ClaimsModel
internal import Foundation
internal import GSLRandom

/// One year of one path.
public struct PoolYear: Sendable, Hashable {
  public var funding = 0.0
  public var supplemental = 0.0
  public var interest = 0.0
  public var fixedCosts = 0.0
  public var poolFee = 0.0
  public var claims = 0.0
  public var balance = 0.0
  public var reserveTarget = 0.0
  public var holidayMonths = 0
  /// Holiday months decided at this year's end for the next year.
  public var holidayNext = 0
  /// The funding factor multiplier in force (1 = the initial factors).
  public var factor = 1.0
  public var credibility = 0.0
}

/// Per-year statistics over the paths.
public struct PoolYearSummary: Sendable {
  public var year: Int
  public var balance: MetricSummary
  public var probabilityNegative: Proportion
  public var probabilityHoliday: Proportion
  public var factor: MetricSummary
  public var expectedSupplemental: Double
  public var expectedClaims: Double
  public var reserveTarget: Double
  public var credibility: Double
  /// Balance percentiles at 5% and 95% (fan chart).
  public var balanceP5: Double
  public var balanceP95: Double
}

public struct PoolResult: Sendable {
  public var years: [PoolYearSummary]
  /// The deterministic projection (expected claims every year, pool at its mean rate).
  public var projection: [PoolYear]
  public var paths: Int
  public var initialAnnualFunding: Double
  public var expectedAnnualClaims: Double
}

public enum PoolProjection {
  /// The year-by-year recursion of one path given its claims by year and the pool's
  /// experience multipliers. Cash is conserved each year:
  /// funding + supplemental + interest = fixed costs + pool fee + claims + Δbalance.
  public static func path(
    _ model: AllocatedBalance, claims: [Double], poolMultipliers: [Double], expectedClaims: [Double],
    annualFixed: Double, annualFee: [Double], baseFunding: Double, units: Double, memberYears: Double,
    expectedClaimCount: Double, meanLagMonths: Double
  ) -> [PoolYear] {
    var out: [PoolYear] = []
    var balance = model.initialBalance
    var factor = 1.0
    var holiday = 0
    var supplementalQueue: [Double] = Array(repeating: 0, count: claims.count + model.repaymentYears + 1)
    var experience: [Double] = []
    for y in 0..<claims.count {
      var year = PoolYear()
      year.factor = factor
      year.holidayMonths = holiday
      year.funding = factor * baseFunding * Double(12 - holiday) / 12
      year.supplemental = supplementalQueue[y]
      year.interest = balance > 0 ? model.interestRate * balance : 0
      year.fixedCosts = annualFixed
      year.poolFee = annualFee[y]
      year.claims = claims[y]
      balance += year.funding + year.supplemental + year.interest - year.fixedCosts - year.poolFee - year.claims
      year.balance = balance
      let monthly = expectedClaims[y] / 12
      switch model.reserve.ibnr {
      case .lag: year.reserveTarget = meanLagMonths * monthly
      case .percent(let p): year.reserveTarget = p * expectedClaims[y]
      }
      year.reserveTarget += (model.reserve.runoutMonths + model.reserve.catastrophicMonths) * monthly
      // Deficit: advanced interest-free, repaid over R years by a supplemental factor, once
      // per deficit (repayments already scheduled count against it).
      let scheduled = supplementalQueue[(y + 1)...].reduce(0, +)
      if balance + scheduled < 0 {
        let deficit = -(balance + scheduled)
        for k in 1...model.repaymentYears where y + k < supplementalQueue.count {
          supplementalQueue[y + k] += deficit / Double(model.repaymentYears)
        }
      }
      holiday = balance > year.reserveTarget + model.holidayThreshold * year.funding ? model.holidayMonths : 0
      year.holidayNext = holiday
      // Renewal: own experience (last three years, as a ratio to expected) blended with the
      // pool's by credibility; the factor covers the blended claims plus fixed costs and fee.
      experience.append(claims[y] / expectedClaims[y])
      let recent = experience.suffix(3)
      let own = recent.reduce(0, +) / Double(recent.count)
      let z: Double
      switch model.credibility {
      case .buhlmannStraub(let k): z = Credibility.buhlmann(n: memberYears * Double(recent.count), k: k)
      case .limitedFluctuation(let full): z = Credibility.limitedFluctuation(claims: expectedClaimCount * Double(recent.count), fullStandard: full)
      }
      year.credibility = z
      let ratio = Credibility.blend(z: z, experience: own, manual: poolMultipliers[y])
      if y + 1 < claims.count {
        let needed = (ratio * expectedClaims[y + 1] + annualFixed + annualFee[y + 1]) * (1 + model.margin)
        factor = needed / baseFunding
      }
      out.append(year)
    }
    _ = units
    return out
  }

  /// Simulates `paths` paths of `years` years.
  public static func run(
    _ scenario: Scenario, paths: Int, years: Int, seed: UInt64, threads: Int? = nil, monitor: (any RunMonitor)? = nil
  ) throws -> PoolResult {
    guard let model = scenario.funding?.allocatedBalance else {
      throw ResourceError(description: "\(scenario.file): funding.allocated_balance is required for a pool projection")
    }
    var oneYear = scenario
    oneYear.funding = nil
    // Every plan year of every path is one engine trial.
    let options = RunOptions(trials: paths * years, seed: seed, threads: threads, generator: scenario.simulation.generator)
    let plan = SimulationPlan(oneYear)
    let columns = try TrialRunner.run(plan, options: options, monitor: monitor)
    let base = columns.values(.aggregateClaims)
    let expected1 = base.reduce(0, +) / Double(base.count)
    let trend = scenario.claims.trend
    let growth = (0..<years).map { Foundation.pow(1 + trend, Double($0)) }
    let expected = growth.map { expected1 * $0 }
    let units = Double(scenario.census.unitCount)
    let annualFixed = scenario.annualFixedCosts
    let annualFee = growth.map { model.poolFeePerUnitMonth * units * 12 * $0 }
    let baseFunding: Double
    if let f = model.fundingFactors {
      baseFunding = (1...12).reduce(0) { $0 + scenario.monthlyAmount(f, month: $1) }
    } else {
      baseFunding = (expected[0] + annualFixed + annualFee[0]) * (1 + model.margin)
    }
    let meanLag = scenario.claims.blendedLag.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
    let memberYears = Double(scenario.census.memberCount)
    var claimCount = Double(scenario.census.memberCount)
    if case .perMember(let f, _) = scenario.claims.model { claimCount *= f.mean } else { claimCount *= 5 }
    // The pool's experience: lognormal multipliers with mean poolRate and CV poolCV, drawn
    // from their own stream (seeded from the run's seed).
    let g = Generator(kind: .taus2, seed: SeedSequence(masterSeed: seed ^ 0x5EED_F00D).seed(forChunk: 0))
    let s2 = Foundation.log(1 + model.poolCV * model.poolCV)
    func poolMultiplier() -> Double {
      model.poolCV > 0 ? model.poolRate * Foundation.exp(-s2 / 2 + s2.squareRoot() * g.gaussian()) : model.poolRate
    }
    var all: [[PoolYear]] = []
    all.reserveCapacity(paths)
    for p in 0..<paths {
      let claims = (0..<years).map { base[p * years + $0] * growth[$0] }
      let pool = (0..<years).map { _ in poolMultiplier() }
      all.append(path(model, claims: claims, poolMultipliers: pool, expectedClaims: expected, annualFixed: annualFixed,
                      annualFee: annualFee, baseFunding: baseFunding, units: units, memberYears: memberYears,
                      expectedClaimCount: claimCount, meanLagMonths: meanLag))
    }
    let projection = path(model, claims: expected, poolMultipliers: Array(repeating: model.poolRate, count: years),
                          expectedClaims: expected, annualFixed: annualFixed, annualFee: annualFee, baseFunding: baseFunding,
                          units: units, memberYears: memberYears, expectedClaimCount: claimCount, meanLagMonths: meanLag)
    var summaries: [PoolYearSummary] = []
    for y in 0..<years {
      var balances = all.map { $0[y].balance }
      var factors = all.map { $0[y].factor }
      let negative = balances.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
      let holidays = all.reduce(0) { $0 + ($1[y].holidayNext > 0 ? 1 : 0) }
      let supplemental = all.reduce(0) { $0 + $1[y].supplemental } / Double(paths)
      let credibility = all.reduce(0) { $0 + $1[y].credibility } / Double(paths)
      let balance = MetricSummary.summarize(&balances)
      summaries.append(PoolYearSummary(
        year: y + 1, balance: balance, probabilityNegative: Proportion(successes: negative, trials: paths),
        probabilityHoliday: Proportion(successes: holidays, trials: paths), factor: MetricSummary.summarize(&factors),
        expectedSupplemental: supplemental, expectedClaims: expected[y], reserveTarget: projection[y].reserveTarget,
        credibility: credibility, balanceP5: MetricSummary.quantile(sortedValues: balances, 0.05),
        balanceP95: MetricSummary.quantile(sortedValues: balances, 0.95)))
    }
    return PoolResult(years: summaries, projection: projection, paths: paths, initialAnnualFunding: baseFunding, expectedAnnualClaims: expected1)
  }
}

/// Reserve guidance (Good Neighbor Insurance reserve guide): the unpaid claims at the end of the plan
/// year from the claim model and lag, against the rules of thumb.
public struct ReserveGuidance: Sendable {
  /// Claims incurred in months 1…12 and unpaid at the end of month 12 (IBNR/IBNP).
  public var ibnr: MetricSummary
  public var annualClaims: Double
  /// The steady-state formula: mean lag (months) × monthly claims.
  public var lagFormula: Double
  public var meanLagMonths: Double

  /// Computes it from a one-year run on a 12/12 window (the run-out of that window is the
  /// year-end IBNR).
  public static func compute(_ scenario: Scenario, trials: Int, seed: UInt64, threads: Int? = nil) throws -> ReserveGuidance {
    var s = scenario
    s.funding = nil
    s.options = []
    s.stopLoss = StopLossSpec(specific: nil, aggregate: nil)
    s.stopLoss.basis = .twelveTwelve
    let plan = SimulationPlan(s)
    let columns = try TrialRunner.run(plan, options: RunOptions(trials: trials, seed: seed, threads: threads))
    var runout = columns.values(.runoutUnprotected)
    let incurred = columns.values(.claimsIncurred)
    let annual = incurred.reduce(0, +) / Double(incurred.count)
    let meanLag = scenario.claims.blendedLag.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
    return ReserveGuidance(ibnr: MetricSummary.summarize(&runout), annualClaims: annual, lagFormula: meanLag * annual / 12, meanLagMonths: meanLag)
  }
}
