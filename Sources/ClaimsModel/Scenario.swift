// Scenario.swift: the validated, resolved form of a scenario file. Reading and checking live
// in Scenario+Decoding.swift; the file format is documented in docs/scenario-format.md.

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
  public var simulation: SimulationSettings
  /// The file the scenario was read from (for messages and reports).
  public var file: String

  /// Annual fixed costs = 12 × Σ_tiers rate × enrolled units.
  public var annualFixedCosts: Double {
    guard let fixedCosts else { return 0 }
    return 12 * monthlyAmount(fixedCosts)
  }

  /// Σ_tiers rate × enrolled units, one month.
  public func monthlyAmount(_ rates: TierRates) -> Double {
    var total = 0.0
    for (t, tier) in census.tiers.enumerated() {
      total += rates.rate(forTier: tier.name, index: t) * Double(tier.units)
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
  /// True for `claims: default` (the calibrated model of domain.md §5).
  public var isCalibratedDefault: Bool
  /// The lag pmf for every claim, or (when `medicalRxSplit` is set) for the medical part.
  public var lag: [Double]
  /// The default model's split: share of each episode that is Rx, paid with `rxLag`.
  public var medicalRxSplit: (rxShare: Double, rxLag: [Double])?
  /// Annual cost trend applied by incurred month: amounts × (1 + trend)^((month − 1)/12).
  public var trend: Double
  /// Relative weights of the 12 calendar months of incurral (normalized; uniform default).
  public var seasonality: [Double]
  /// CV of the per-trial group multiplier G ~ Lognormal(mean 1) (domain.md §5.8); 0 = off.
  public var groupParameterCV: Double
  /// Member cost sharing applied to annual allowed costs (annual models only).
  public var costSharing: CostSharing?
  /// Per-member cost weights (member-level default model, domain.md §5.5); nil = all 1.
  public var memberWeights: [Double]?

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
/// min(OOP max, deductible + coinsurance·(S − deductible)) above it (domain.md §5.4).
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
  /// `stop_loss.basis`: the default basis of both covers, and the window that decides
  /// `runout_unprotected` when the contract has neither cover.
  public var basis: ContractBasis = .twelveTwelve
  public var specific: SpecificSpec?
  public var aggregate: AggregateSpec?

  /// The covers' bases (or the common basis when there is no cover).
  public var coverBases: [ContractBasis] {
    let bases = [specific?.basis, aggregate?.basis].compactMap { $0 }
    return bases.isEmpty ? [basis] : bases
  }
}

public struct SpecificSpec: Sendable {
  /// Per member per contract period.
  public var deductible: Double
  public var basis: ContractBasis
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

  public var attachment: Attachment
  public var basis: ContractBasis
}

public struct SimulationSettings: Sendable {
  public var trials: Int
  public var seed: UInt64
  public var generator: GeneratorChoice

  public enum GeneratorChoice: String, Sendable, CaseIterable {
    case taus2, mt19937, ranlxd2
  }
}
