// Funding.swift: how the employer funds the plan over time (domain.md §4): level funding with
// a claims fund settled after the run-out.

/// `funding:` in a scenario.
public struct FundingSpec: Sendable {
  public var level: LevelFunding?
}

/// Level funding (domain.md §4.1–4.3) [S: SEED-LF][S: L1][S: L3][S: L5]: each month of the
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
  /// A terminal liability reserve held back from the surplus (domain.md E12).
  public var terminalLiabilityReserve: Double = 0
}
