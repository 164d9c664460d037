// FundLedger.swift: the claims fund of a level-funded plan, month by month:
// deposits in months 1…12, claims paid from the fund through the run-out, carrier advances
// while the balance is negative, settlement after the run-out.
public import ClaimsModel

/// The claims fund of one plan year.
public struct FundLedger: Sendable {
  /// Claims-fund deposits by month 1…12.
  public var deposits: [Double]
  /// Claims paid by month 1…(12 + run-out).
  public var claimsPaid: [Double]
  /// Fund balance at the end of each month (negative = the carrier is advancing).
  public var balance: [Double]
  /// The lowest end-of-month balance and its month.
  public var lowestBalance: Double
  public var lowestMonth: Int
  /// The balance after the run-out (before the surplus share or reserve).
  public var finalBalance: Double
  /// The employer's refund: surplus share × (final balance − reserve), if positive.
  public var refund: Double
  /// The deficit absorbed by the aggregate stop-loss (the employer pays no more).
  public var deficitAbsorbed: Double

  /// Builds the ledger. Claims paid after month 12 + run-out are outside the fund (they
  /// belong to the run-out beyond the product's window).
  public init(funding: LevelFunding, monthlyDeposit: [Double], claimsPaidByMonth: [Double]) {
    let months = 12 + funding.runOutMonths
    deposits = (0..<12).map { $0 < monthlyDeposit.count ? monthlyDeposit[$0] : 0 }
    claimsPaid = (0..<months).map { $0 < claimsPaidByMonth.count ? claimsPaidByMonth[$0] : 0 }
    var b = 0.0
    var lowest = Double.infinity
    var lowestMonth = 1
    var balances: [Double] = []
    for m in 0..<months {
      b += (m < 12 ? deposits[m] : 0) - claimsPaid[m]
      balances.append(b)
      if b < lowest {
        lowest = b
        lowestMonth = m + 1
      }
    }
    balance = balances
    lowestBalance = lowest
    self.lowestMonth = lowestMonth
    finalBalance = b
    let surplus = b - funding.terminalLiabilityReserve
    refund = surplus > 0 ? funding.surplusShare * surplus : 0
    deficitAbsorbed = b < 0 ? -b : 0
  }

  /// The months (1-based) whose end balance is negative.
  public var negativeMonths: [Int] { balance.enumerated().filter { $0.element < 0 }.map { $0.offset + 1 } }
}

extension Scenario {
  /// The level-funding deposits by month 1…12 (Σ rate × enrolled units), if level funded.
  public var levelFundingDeposits: [Double]? {
    guard let level = funding?.level else { return nil }
    return (1...12).map { monthlyAmount(level.claimsFundPerUnitMonth, month: $0) }
  }
}
