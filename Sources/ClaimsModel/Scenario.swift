// Scenario.swift: the validated, resolved form of a scenario file. Reading and checking live
// in Scenario+Decoding.swift; the file format is documented in docs/scenario-format.md.

/// An input file and the digest of its bytes as they were read.
public struct InputDigest: Sendable, Hashable {
  public var path: String
  public var digest: String
  public init(path: String, digest: String) {
    self.path = path
    self.digest = digest
  }
}

/// One employer group, its claim model, its stop-loss contract and the simulation settings.
public struct Scenario: Sendable {
  /// The version of the scenario format (only 1 exists).
  public static let supportedFormat = 1

  public var format: Int
  public var name: String
  public var census: Census
  public var claims: ClaimsSpec
  public var stopLoss: StopLossSpec
  /// Fixed costs per enrolled unit per month (nil: none).
  public var fixedCosts: TierRates?
  public var fullyInsuredAnnualPremium: Double?
  /// Enrolled units by tier and month (constant from the census unless `enrolment` says).
  public var enrolment: Enrolment
  /// Contract options to compare on common random numbers (`options:`); empty = just the
  /// scenario's own contract.
  public var options: [ContractOption] = []
  /// Level funding or pooled funding (`funding:`), nil = pay-as-you-go.
  public var funding: FundingSpec?
  public var simulation: SimulationSettings
  /// The file the scenario was read from (for messages and reports).
  public var file: String
  /// Every input file read to build the scenario (the scenario file, a census CSV), with the
  /// ``Digest`` of the bytes read; a checkpoint's fingerprint includes them.
  public var inputDigests: [InputDigest] = []
  /// Problems that did not stop the reading (a key written in another spelling), one line
  /// each as `FILE:LINE:COLUMN: key.path: message`.
  public var warnings: [String] = []

  /// Annual fixed costs = Σ_months Σ_tiers rate × enrolled units.
  public var annualFixedCosts: Double {
    guard let fixedCosts else { return 0 }
    return (1...12).reduce(0) { $0 + monthlyAmount(fixedCosts, month: $1) }
  }

  /// Σ_tiers rate × enrolled units, in month 1 (the census's enrolment).
  public func monthlyAmount(_ rates: TierRates) -> Double {
    monthlyAmount(rates, month: 1)
  }

  /// Σ_tiers rate × enrolled units in policy month `month` (1…12).
  public func monthlyAmount(_ rates: TierRates, month: Int) -> Double {
    var total = 0.0
    for (t, tier) in census.tiers.enumerated() {
      total += rates.rate(forTier: tier.name, index: t) * enrolment.units[t][month - 1]
    }
    return total
  }
}

/// Dollar rates per enrolled unit per month: one composite rate or one rate per tier.
public enum TierRates: Sendable, Hashable {
  case composite(Double)
  case perTier([String: Double])

  public func rate(forTier name: String, index: Int) -> Double {
    switch self {
    case .composite(let r): r
    case .perTier(let map): map[name] ?? 0
    }
  }
}

/// How claims arise.
public struct ClaimsSpec: Sendable {
  public enum Model: Sendable {
    /// Compound model: N ~ frequency claims per member per plan year, each of size ~ severity,
    /// incurred months uniform (or seasonal) over the year.
    case perMember(frequency: Distribution, severity: Distribution)
    /// Member-level annual model: one annual cost per member (already rescaled to
    /// `expected_pmpm` when given), spread over incurred months by episodes.
    case annual(distribution: Distribution)
  }

  public var model: Model
  /// True for `claims: default` (the calibrated model of docs/model.md, "Calibrated default model").
  public var isCalibratedDefault: Bool
  /// The lag pmf for every claim, or (when `medicalRxSplit` is set) for the medical part.
  public var lag: [Double]
  /// The default model's split: share of each episode that is Rx, paid with `rxLag`.
  public var medicalRxSplit: (rxShare: Double, rxLag: [Double])?
  /// Annual cost trend applied by incurred month: amounts × (1 + trend)^((month − 1)/12).
  public var trend: Double
  /// Relative weights of the 12 calendar months of incurral (normalized; uniform default).
  public var seasonality: [Double]
  /// CV of the per-trial group multiplier G ~ Lognormal(mean 1); 0 = off.
  public var groupParameterCV: Double
  /// Member cost sharing applied to annual allowed costs (annual models only).
  public var costSharing: CostSharing?
  /// Per-member cost weights (member-level default model); nil = all 1.
  public var memberWeights: [Double]?
  /// Parameter risk: alternative models of the same kind as `model` (e.g. drawn from a fit's
  /// sampling distribution); each trial draws one uniformly. nil = `model` on every trial.
  public var parameterSets: [Model]? = nil

  /// The scenario's claims without its parameter sets: the point estimate alone.
  public var withoutParameterSets: ClaimsSpec {
    var c = self
    c.parameterSets = nil
    return c
  }

  /// The lag pmf a claim sees on average (the medical/Rx blend for the default model).
  public var blendedLag: [Double] {
    guard let split = medicalRxSplit else { return lag }
    let n = max(lag.count, split.rxLag.count)
    return (0..<n).map { k in
      (1 - split.rxShare) * (k < lag.count ? lag[k] : 0)
        + split.rxShare * (k < split.rxLag.count ? split.rxLag[k] : 0)
    }
  }

  /// The longest lag in months.
  public var maxLag: Int {
    max(lag.count, medicalRxSplit?.rxLag.count ?? 0) - 1
  }
}

/// Member cost sharing: the plan pays S − cs(S), with cs(S) = S below the deductible and
/// min(OOP max, deductible + coinsurance·(S − deductible)) above it.
public struct CostSharing: Sendable, Hashable {
  public var deductible: Double
  public var coinsurance: Double
  public var outOfPocketMax: Double

  public init(deductible: Double, coinsurance: Double, outOfPocketMax: Double) {
    self.deductible = deductible
    self.coinsurance = coinsurance
    self.outOfPocketMax = outOfPocketMax
  }

  /// Domain reference default: $750 deductible, 20% coinsurance, $3,500 out-of-pocket maximum.
  public static let calibratedDefault = CostSharing(deductible: 750, coinsurance: 0.2, outOfPocketMax: 3500)

  /// The plan-paid amount for an annual allowed cost `allowed`.
  @inlinable
  public func planPaid(_ allowed: Double) -> Double {
    if allowed <= deductible { return 0 }
    let memberShare = min(outOfPocketMax, deductible + coinsurance * (allowed - deductible))
    return allowed - memberShare
  }
}

/// The stop-loss contract.
public struct StopLossSpec: Sendable {
  /// Terminal liability option: the plan terminates at month 12; claims incurred in the year
  /// and paid in the next `terminalLiabilityMonths` months are covered, and the annual AP
  /// rises by the last three monthly APs (IISI policy terms; "What is a terminal liability option?").
  public var terminalLiability: Bool = false
  public static let terminalLiabilityMonths = 3
  /// `stop_loss.basis`: the default basis of both covers, and the window that decides
  /// `runout_unprotected` when the contract has neither cover.
  public var basis: ContractBasis = .twelveTwelve
  public var specific: SpecificSpec?
  public var aggregate: AggregateSpec?

  public init(specific: SpecificSpec?, aggregate: AggregateSpec?) {
    self.specific = specific
    self.aggregate = aggregate
  }

  /// The covers' bases (or the common basis when there is no cover).
  public var coverBases: [ContractBasis] {
    let bases = [specific?.basis, aggregate?.basis].compactMap { $0 }
    return bases.isEmpty ? [basis] : bases
  }
}

public struct SpecificSpec: Sendable {
  /// Per member (or per family, see ``accumulation``) per contract period.
  public var deductible: Double
  public var basis: ContractBasis
  /// Higher deductibles (or exclusion) for named members.
  public var lasers: [Laser] = []
  /// Aggregating specific deductible: the first ASD dollars of excess over the specific
  /// deductible, summed over everyone in payment order, stay with the employer (0 = none).
  public var aggregatingDeductible: Double = 0
  /// Specific maximum per member per period (+∞ = unlimited).
  public var maximum: Double = .infinity
  /// Reimbursement percentage (1 = 100%).
  public var reimbursement: Double = 1
  public var accumulation: Accumulation = .member
  /// Whether the dollars between the plan deductible and a member's laser count toward the
  /// aggregate (`laserLayerCountsTowardAggregate`, default true).
  public var laserLayerCountsTowardAggregate: Bool = true
  /// What an excluded member's claims contribute to the aggregate (tri-state, default:
  /// capped at the plan deductible).
  public var excludedMemberAggregate: ExcludedAggregate = .capped
  /// Whether dollars absorbed by the ASD count toward the aggregate (default false).
  public var asdLayerCountsTowardAggregate: Bool = false
  /// Months between the paid month that creates an excess and its reimbursement (default 1).
  public var timingMonths: Int = 1
  /// Deductible carryover: claims incurred in the last `carryoverMonths` months of the
  /// previous period count toward this period's deductible (0 = off).
  public var carryoverMonths: Int = 0
  public var runInLimit: RunInLimit = RunInLimit()
  /// Extension of benefits (California Corporate Benefits, "An Introduction to Partial Self Funding"): these members are totally and
  /// permanently disabled when the plan terminates at month 12; their specific benefit period
  /// is extended by `extensionMonths` months (claims incurred in months 13…12 + E and paid
  /// within the specific paid window extended by E months count toward the specific).
  public var extensionMembers: [String] = []
  public var extensionMonths: Int = 12

  public init(deductible: Double, basis: ContractBasis) {
    self.deductible = deductible
    self.basis = basis
  }

  public enum Accumulation: String, Sendable, CaseIterable { case member, family }
  public enum ExcludedAggregate: String, Sendable, CaseIterable { case capped, full, none }

  public struct Laser: Sendable, Hashable {
    /// The member id (members_file) or 1-based member number (members/tiers census).
    public var member: String
    /// The member's deductible, or nil when the member is excluded from specific cover.
    public var deductible: Double?

    public init(member: String, deductible: Double?) {
      self.member = member
      self.deductible = deductible
    }
  }

  /// True when a plain per-member deductible is all there is.
  public var isPlain: Bool {
    lasers.isEmpty && aggregatingDeductible == 0 && maximum == .infinity && reimbursement == 1
      && accumulation == .member && carryoverMonths == 0 && runInLimit.isNone && extensionMembers.isEmpty
  }
}

/// Limits on run-in claims (paid and run-in bases): incurred no earlier than `months` before
/// the effective date, and at most `dollars` of them in total.
public struct RunInLimit: Sendable, Hashable {
  public var months: Int?
  public var dollars: Double?
  public init(months: Int? = nil, dollars: Double? = nil) {
    self.months = months
    self.dollars = dollars
  }
  public var isNone: Bool { months == nil && dollars == nil }
}

public struct AggregateSpec: Sendable {
  public enum Attachment: Sendable, Hashable {
    /// Annual attachment point in dollars.
    case dollars(Double)
    /// Dollars per enrolled unit per month, by tier.
    case factors(TierRates)
    /// A multiple of expected aggregate-eligible claims (estimated by the simulation).
    case corridor(Double)
  }

  /// Minimum attachment point rule (`minAPRule`).
  public enum Minimum: Sendable, Hashable {
    /// max(percent × first month's AP × 12, dollars) (Viehdorfer); the default, 95% and $0.
    case firstMonth(percent: Double, dollars: Double)
    /// percent × Σ_t factor_t × units at inception × 12 (California Corporate Benefits, "An Introduction to Partial Self Funding").
    case inception(percent: Double)
    /// A scheduled dollar amount (SAFECO policy form LGC 8809).
    case dollars(Double)
    case none
  }

  public var attachment: Attachment
  public var basis: ContractBasis
  public var minimum: Minimum = .firstMonth(percent: 0.95, dollars: 0)
  /// Aggregate maximum benefit per period (+∞ = none).
  public var maximum: Double = .infinity
  public var reimbursement: Double = 1
  /// Monthly aggregate accommodation.
  public var accommodation: Bool = false
  /// Months after the end of the paid window when the aggregate is settled (default 1).
  public var settlementLagMonths: Int = 1
  public var runInLimit: RunInLimit = RunInLimit()

  public init(attachment: Attachment, basis: ContractBasis) {
    self.attachment = attachment
    self.basis = basis
  }
}

/// Enrolled units by tier and policy month (1…12).
public struct Enrolment: Sendable, Hashable {
  /// units[t][m − 1].
  public var units: [[Double]]

  public init(units: [[Double]]) { self.units = units }

  /// Constant enrolment from the census.
  public static func constant(_ census: Census) -> Enrolment {
    Enrolment(units: census.tiers.map { Array(repeating: Double($0.units), count: 12) })
  }

  /// Units of all tiers in month m.
  public func total(month m: Int) -> Double { units.reduce(0) { $0 + $1[m - 1] } }

  /// True when some tier's enrolment changes during the year.
  public var varies: Bool { units.contains { row in row.contains { $0 != row[0] } } }
}

public struct SimulationSettings: Sendable {
  public var trials: Int
  public var seed: UInt64
  public var generator: GeneratorChoice
  /// Report monthly cash flows (always on with monthly accommodation).
  public var cashFlow: Bool = false

  public init(trials: Int, seed: UInt64, generator: GeneratorChoice) {
    self.trials = trials
    self.seed = seed
    self.generator = generator
  }

  public enum GeneratorChoice: String, Sendable, CaseIterable {
    case taus2, mt19937, ranlxd2
  }
}

/// One contract option of `options:` (or of `claimsrisk compare`): the scenario's contract
/// with some terms replaced, and its own fixed costs.
public struct ContractOption: Sendable {
  public var name: String
  public var stopLoss: StopLossSpec
  public var fixedCosts: TierRates?

  public init(name: String, stopLoss: StopLossSpec, fixedCosts: TierRates?) {
    self.name = name
    self.stopLoss = stopLoss
    self.fixedCosts = fixedCosts
  }
}
