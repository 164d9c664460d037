// Funding.swift: how the employer funds the plan over time: level funding with
// a claims fund settled after the run-out.

/// `funding:` in a scenario.
public struct FundingSpec: Sendable {
  public var level: LevelFunding?
  public var allocatedBalance: AllocatedBalance?
}

/// A pool's allocated-balance model over several years (Jefferson Health Plan, "Allocated Balance Model")
/// (Jefferson Health Plan, "Funding Strategy"; Jefferson Health Plan, "Large Claim Reimbursement Program"; Jefferson Health Plan FAQs): uniform monthly funding factors; claims up to the member deductible
/// charged to the member's own balance, larger claims to the pool for a fee; an
/// interest-earning balance; premium holidays above the reserve target; interest-free deficit
/// advances repaid by a supplemental factor over several years; renewals blended with the
/// pool's experience by credibility. Items marked (ClaimsRisk's choice) are defaults.
public struct AllocatedBalance: Sendable {
  public var years: Int = 5
  public var initialBalance: Double = 0
  /// Initial monthly funding factors per unit; nil = derived from expected charges × (1 + margin).
  public var fundingFactors: TierRates?
  /// Margin of the funding factor over expected charges at each renewal (ClaimsRisk's choice).
  public var margin: Double = 0.05
  /// Large-claim pool fee per unit per month (the pooled layer above the member deductible).
  public var poolFeePerUnitMonth: Double = 0
  /// Annual interest on a positive balance.
  public var interestRate: Double = 0.02
  public var reserve = ReserveTarget()
  /// A premium holiday follows a year whose balance exceeds the reserve target by this share
  /// of the year's funding (ClaimsRisk's choice).
  public var holidayThreshold: Double = 0.25
  public var holidayMonths: Int = 1
  /// Deficits are advanced interest-free and repaid by a supplemental factor over R years
  /// (default 3; ClaimsRisk's choice).
  public var repaymentYears: Int = 3
  public var credibility: CredibilityMethod = .buhlmannStraub(k: 3_000)
  /// The pool's experience relative to expected claims: a lognormal multiplier per year with
  /// this mean and CV (a scenario input, not a second simulation).
  public var poolRate: Double = 1.0
  public var poolCV: Double = 0.05

  public init() {}

  public enum CredibilityMethod: Sendable, Hashable {
    /// Z = m / (m + K), m = member-years of the last three years (default:
    /// K = 3,000 member-years).
    case buhlmannStraub(k: Double)
    /// Z = min(1, √(n / n_F)), n = expected claim count of the last three years.
    case limitedFluctuation(fullClaims: Double)
  }
}

/// The reserve a funding policy holds (Good Neighbor Insurance reserve guide; City of Tukwila reserve memo).
public struct ReserveTarget: Sendable, Hashable {
  public enum IBNR: Sendable, Hashable {
    /// Mean lag (months) × expected monthly claims: the steady-state unpaid claims.
    case lag
    /// A share of expected annual claims (the rule of thumb is 20–25%).
    case percent(Double)
  }
  public var ibnr: IBNR = .lag
  public var runoutMonths: Double = 0
  public var catastrophicMonths: Double = 0

  public init() {}
}

/// Level funding (BPS, "Consistent Funding"; selffundedhealthinsurance.co; McEvilly; UnitedHealthcare): each month of the
/// plan year the employer pays fixed costs plus a claims-fund deposit; claims are paid from
/// the fund; a negative fund is bridged by the carrier; after the run-out the surplus is
/// shared and a deficit is absorbed by the aggregate stop-loss.
public struct LevelFunding: Sendable {
  /// Claims-fund deposit per month: dollars per enrolled unit by tier, or one composite rate.
  public var claimsFundPerUnitMonth: TierRates
  /// Months of run-out after month 12 before settlement (6 for a 12/18 product).
  public var runOutMonths: Int = 6
  /// Share of a surplus returned to the employer (0…1).
  public var surplusShare: Double = 1
  /// A terminal liability reserve held back from the surplus (Washington Health Insurance, "Return of premium").
  public var terminalLiabilityReserve: Double = 0

  public init(claimsFundPerUnitMonth: TierRates) {
    self.claimsFundPerUnitMonth = claimsFundPerUnitMonth
  }
}
