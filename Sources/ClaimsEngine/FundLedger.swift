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
    let monthly = (0..<12).map { $0 < monthlyDeposit.count ? monthlyDeposit[$0] : 0 }
    let paid = (0..<months).map { $0 < claimsPaidByMonth.count ? claimsPaidByMonth[$0] : 0 }
    var balances: [Double] = []
    let s = Self.walk(funding: funding, deposit: { monthly[$0] }, claimsPaid: { paid[$0] }) { balances.append($0) }
    deposits = monthly
    claimsPaid = paid
    balance = balances
    lowestBalance = s.lowestBalance
    lowestMonth = s.lowestMonth
    finalBalance = s.finalBalance
    refund = s.refund
    deficitAbsorbed = s.deficitAbsorbed
  }

  /// The figures of a ledger without its monthly arrays (the trial loop's: no allocation).
  struct Summary {
    var lowestBalance: Double
    var lowestMonth: Int
    var finalBalance: Double
    var refund: Double
    var deficitAbsorbed: Double
  }

  /// Walks the fund month by month 0…(11 + run-out) (0-based): `deposit(m)` for m < 12 and
  /// `claimsPaid(m)`; `balance` receives each end-of-month balance.
  @inline(__always)
  static func walk(
    funding: LevelFunding, deposit: (Int) -> Double, claimsPaid: (Int) -> Double, balance: (Double) -> Void = { _ in }
  ) -> Summary {
    var b = 0.0
    var lowest = Double.infinity
    var lowestMonth = 1
    for m in 0..<(12 + funding.runOutMonths) {
      b += (m < 12 ? deposit(m) : 0) - claimsPaid(m)
      balance(b)
      if b < lowest {
        lowest = b
        lowestMonth = m + 1
      }
    }
    let surplus = b - funding.terminalLiabilityReserve
    return Summary(
      lowestBalance: lowest, lowestMonth: lowestMonth, finalBalance: b,
      refund: surplus > 0 ? funding.surplusShare * surplus : 0, deficitAbsorbed: b < 0 ? -b : 0)
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
