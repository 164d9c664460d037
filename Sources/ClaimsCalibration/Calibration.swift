// Calibration.swift: the whole calibration of a group from its claims file: reserve (lag
// triangle, chain ladder, Mack, bootstrap, PMPM blend), experience PMPM, large-claim severity
// and frequency, credibility. The scenario writer and the report render its result.

internal import ClaimsModel
/// Settings of a calibration (the `calibrate` command's flags).
public struct CalibrationOptions: Sendable {
  public var name = "Calibrated group"
  /// The valuation month; nil = the last paid month in the file.
  public var valuation: Month?
  public var average: FactorAverage = .volumeWeighted
  public var sigma: SigmaExtrapolation = .mack
  /// Longest lag developed (months); later payments are counted at this lag.
  public var maxLag = 24
  /// Months whose completion is below this are blended with the PMPM projection.
  public var completionThreshold = 0.75
  /// Average members enrolled per month.
  public var members: Double = 0
  /// The large-claim reporting threshold (member-year total).
  public var threshold = 25_000.0
  /// Annual trend used to bring the experience to the plan year.
  public var trend = 0.08
  /// First month of the plan year; nil = the month after the valuation month.
  public var planStart: Month?
  /// Manual PMPM at the plan year; nil = the calibrated default model's plan-paid PMPM, trended.
  public var manualPMPM: Double?
  public var credibility: CredibilityMethod = .buhlmannStraub
  /// Bühlmann–Straub K in member-years.
  public var credibilityK = 3_000.0
  /// Bootstrap replicates of the reserve (0 = none).
  public var bootstrap = 0
  public var seed: UInt32 = 20_261_201
  /// Fewest large claimants for a severity fit to be used in the scenario.
  public var minimumLargeClaimants = 5
  /// Experience years less complete than this (average completion of their months) are left
  /// out of the member-year statistics (severity, frequency, zero share).
  public var matureCompletion = 0.95
  /// Carry the estimation error into the scenario: `parameterSets` draws of the PMPM level,
  /// the tail weight and the tail's parameters, written as `claims.parameter_sets`.
  public var parameterRisk = false
  /// How many parameter sets, and how they are drawn.
  public var parameterSets = 200
  public var parameterDraws: ParameterDrawMethod = .bootstrap
  /// A large-claimant report: when given, its member-year totals (trended from the middle of
  /// their plan year) replace those derived from the claims file in the severity and frequency.
  public var largeClaimantReport: [LargeClaimant]?

  public init() {}
}

/// Everything `calibrate` measured.
public struct Calibration: Sendable {
  public var options: CalibrationOptions
  public var file: String
  public var first: Month
  public var valuation: Month
  public var planStart: Month
  public var recordCount: Int
  public var paidAfterValuation: Int
  public var reserve: ReserveEstimate
  /// Medical and Rx developed apart (when the file has a type column with both).
  public var reserveByType: [(type: ClaimType, reserve: ReserveEstimate)]
  public var bootstrap: ReserveBootstrap?
  public var lag: [Double]
  public var memberMonths: Double
  public var memberYears: Double
  /// P(member-year total = 0) over the whole experience years.
  public var zeroShare: Double
  public var credibility: CredibilityBlend
  public var manual: ManualRate
  public var largeClaimants: RateEstimate
  public var fits: [SeverityFit]
  /// The member-year totals above the threshold the severity is fitted to (trended).
  public var largeObservations: [SeverityObservation]
  /// The parameter sets drawn for parameter risk (when `options.parameterRisk`).
  public var parameterDraws: ParameterDraws?
  /// The written scenario simulated with and without its parameter sets (set by the command).
  public var parameterRiskCheck: ParameterRiskCheck?
  /// The naive (truncation ignored) lognormal fit, for comparison.
  public var naiveLognormal: SeverityFit?
  public var body: (mu: Double, sigma: Double)?
  public var trendToPlan: Double
  /// The experience years (first and last incurred month) behind the severity, frequency and
  /// zero share: those at least `matureCompletion` complete.
  public var severityYears: [(first: Month, last: Month)]

  /// The fit with the lowest AIC among the families the scenario format can carry.
  public var selectedFit: SeverityFit? {
    fits.filter { $0.family != .generalizedPareto && $0.converged }.min { $0.aic < $1.aic }
  }

  public init(_ claims: ClaimsFile, options: CalibrationOptions) throws {
    let records = claims.records
    guard !records.isEmpty else { throw CalibrationError("\(claims.file): no claim lines") }
    guard options.members > 0 else {
      throw CalibrationError("--members: the average number of members enrolled per month is needed for PMPM and frequencies; write e.g. --members 250")
    }
    self.options = options
    file = claims.file
    let valuation = options.valuation ?? records.map(\.paid).max()!
    let first = records.map(\.incurred).min()!
    guard first <= valuation else {
      throw CalibrationError("--valuation \(valuation): before the first incurred month \(first) of \(claims.file)")
    }
    guard valuation - first >= 2 else {
      throw CalibrationError("\(claims.file): \(valuation - first + 1) incurred month(s) up to \(valuation); a lag triangle needs at least 3")
    }
    self.first = first
    self.valuation = valuation
    recordCount = records.count
    paidAfterValuation = records.filter { $0.paid > valuation }.count
    let planStart = options.planStart ?? valuation + 1
    self.planStart = planStart
    let planMid = planStart + 6
    let months = (0...(valuation - first)).map { first + $0 }
    let exposure = months.map { _ in options.members }
    memberMonths = exposure.reduce(0, +)

    func develop(_ subset: [ClaimRecord]) -> ReserveEstimate {
      let t = Triangle.monthly(subset, first: first, valuation: valuation, maxLag: options.maxLag)
      return ReserveEstimate(ChainLadder(t, average: options.average), memberMonths: exposure,
                             completionThreshold: options.completionThreshold, sigma: options.sigma, months: months)
    }
    reserve = develop(records)
    var byType: [(ClaimType, ReserveEstimate)] = []
    if claims.hasTypes {
      for type in ClaimType.allCases {
        let subset = records.filter { $0.type == type }
        if !subset.isEmpty, subset.count < records.count { byType.append((type, develop(subset))) }
      }
    }
    reserveByType = byType
    bootstrap = options.bootstrap > 0 ? ReserveBootstrap(reserve.chainLadder, replicates: options.bootstrap, seed: options.seed) : nil
    lag = Array(ReserveEstimate.lagPMF(completion: reserve.chainLadder.completion).prefix(25))
    let total = lag.reduce(0, +)
    lag = lag.map { $0 / total }

    // Experience PMPM at the plan year: each month's ultimate trended from its month.
    let trend = options.trend
    func trendFactor(_ m: Month) -> Double { _pow(1 + trend, Double(planMid - m) / 12) }
    let trendedUltimate = reserve.months.reduce(0) { $0 + $1.ultimate * trendFactor($1.month) }
    trendToPlan = trendedUltimate / max(1e-9, reserve.totalUltimate)
    let experiencePMPM = trendedUltimate / memberMonths

    var years = MemberYears(records, first: first, valuation: valuation, trendFactor: trendFactor)
    // Member-year totals of a year still developing are short of their ultimate; severity,
    // frequency and the zero share use the years at least `matureCompletion` complete on average.
    let cf = reserve.chainLadder.completion
    let t = reserve.chainLadder.triangle
    let yearCompletion = (0..<years.years).map { y -> Double in
      let rows = (0..<12).map { t.rows - 1 - 12 * y - $0 }.filter { $0 >= 0 }
      return rows.reduce(0) { $0 + cf[t.lastObserved[$1]] } / Double(max(1, rows.count))
    }
    var mature = Set((0..<years.years).filter { yearCompletion[$0] >= options.matureCompletion })
    if mature.isEmpty { mature = Set(0..<years.years) }
    years.totals = years.totals.filter { mature.contains($0.year) }
    severityYears = mature.sorted().map { (y: Int) -> (first: Month, last: Month) in
      (valuation + (-12 * y - 11), valuation + (-12 * y))
    }
    let memberYears = options.members * Double(mature.count)
    self.memberYears = memberYears
    let positive = years.totals.filter { $0.total > 0 }
    zeroShare = max(0, 1 - Double(positive.count) / memberYears)
    // Process SE of the PMPM from the member-year totals (zeros included), and Mack's SE of the IBNR.
    let sum = years.totals.reduce(0) { $0 + $1.total }, sq = years.totals.reduce(0) { $0 + $1.total * $1.total }
    let mean = sum / memberYears
    let variance = max(0, sq / memberYears - mean * mean)
    let processSE = (variance / memberYears).squareRoot() / 12
    let reserveSE = reserve.mack.total * trendToPlan / memberMonths
    let experienceSE = (processSE * processSE + reserveSE * reserveSE).squareRoot()

    let manual = ManualRate(planMidpoint: planMid, trend: trend, threshold: options.threshold)
    self.manual = manual
    credibility = CredibilityBlend(
      experiencePMPM: experiencePMPM, experienceSE: experienceSE, manualPMPM: options.manualPMPM ?? manual.pmpm,
      memberYears: memberYears, claimants: Double(positive.count), k: options.credibilityK, method: options.credibility)

    var large = years.large(above: options.threshold)
    var largeExposure = memberYears
    if let report = options.largeClaimantReport {
      large = report.map { SeverityObservation($0.total * trendFactor($0.planYearStart + 6), censored: $0.capped) }
        .filter { $0.value > options.threshold }
      largeExposure = options.members * Double(Set(report.map(\.planYearStart)).count)
    }
    largeClaimants = RateEstimate(count: large.count, exposure: largeExposure)
    largeObservations = large
    fits = SeverityFamily.allCases.compactMap { SeverityFit.fit($0, data: large, threshold: options.threshold) }
    naiveLognormal = SeverityFit.fit(.lognormal, data: large, threshold: options.threshold, truncated: false)
    body = BodyFit.lognormal(positive.map(\.total), threshold: options.threshold)
    if options.parameterRisk {
      parameterDraws = ParameterDraws(self, count: options.parameterSets, method: options.parameterDraws, seed: options.seed)
    }
  }

  /// The CV of the blended PMPM from estimating it: Z × SE(experience) / blended (the manual
  /// rate taken as known).
  public var levelCV: Double {
    let cb = credibility
    return cb.blendedPMPM > 0 ? cb.z * cb.experienceSE / cb.blendedPMPM : 0
  }

  /// The probability that a member-year with claims exceeds the threshold, blended: the
  /// data's with limited-fluctuation weight on the number of large claimants, else the manual's.
  public var tailProbability: (value: Double, z: Double) {
    let z = Credibility.limitedFluctuation(claims: Double(largeClaimants.count), fullStandard: credibility.fullStandard)
    return (blendedTailProbability(largeClaimantRate: largeClaimants.rate), z)
  }

  /// The blended tail probability at a large-claimant rate per member-year (the estimate's, or
  /// a parameter-risk draw's), with the estimate's credibility weight.
  public func blendedTailProbability(largeClaimantRate rate: Double) -> Double {
    let nonzero = max(1e-9, 1 - zeroShare)
    let manualRate = manual.probabilityAbove / (1 - 0.15)
    let z = Credibility.limitedFluctuation(claims: Double(largeClaimants.count), fullStandard: credibility.fullStandard)
    return Credibility.blend(z: z, experience: rate / nonzero, manual: manualRate)
  }
}
