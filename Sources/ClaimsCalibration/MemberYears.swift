// MemberYears.swift: each member's trended total per experience year (12-month periods
internal import GSLRandom
// ending at the valuation month), the input of the severity fit and the zero-cost share.

/// Member-year totals, trended to the plan year.
public struct MemberYears: Sendable {
  /// Totals of the members with claims, by experience year (0 = the 12 months ending at the
  /// valuation month).
  public var totals: [(member: String, year: Int, total: Double, capped: Bool)]
  /// Number of whole experience years covered by the claims file.
  public var years: Int

  /// `trendFactor(m)` moves an amount incurred in month m to the plan year.
  public init(_ records: [ClaimRecord], first: Month, valuation: Month, trendFactor: (Month) -> Double) {
    years = max(1, (valuation - first + 1) / 12)
    var sums: [String: (Double, Bool)] = [:]
    for r in records where r.paid <= valuation && r.incurred >= first {
      let year = (valuation - r.incurred) / 12
      guard year < years else { continue }
      let key = "\(year)\u{1F}\(r.member)"
      let old = sums[key] ?? (0, false)
      sums[key] = (old.0 + r.amount * trendFactor(r.incurred), old.1 || r.capped)
    }
    totals = sums.map { key, value in
      let parts = key.split(separator: "\u{1F}", maxSplits: 1)
      return (String(parts[1]), Int(parts[0])!, value.0, value.1)
    }.sorted { ($0.year, $0.member) < ($1.year, $1.member) }
  }

  /// Member-years with a positive total.
  public var positiveCount: Int { totals.filter { $0.total > 0 }.count }

  /// The totals above `threshold`, as severity observations (censored where capped).
  public func large(above threshold: Double) -> [SeverityObservation] {
    totals.filter { $0.total > threshold }.map { SeverityObservation($0.total, censored: $0.capped) }
  }
}

/// A Poisson rate per unit of exposure with Garwood's exact interval.
public struct RateEstimate: Sendable {
  public var count: Int
  public var exposure: Double
  public var rate: Double { Double(count) / exposure }
  public var lower: Double
  public var upper: Double

  public init(count: Int, exposure: Double, level: Double = 0.95) {
    self.count = count
    self.exposure = exposure
    let a = (1 - level) / 2
    lower = count == 0 ? 0 : Probability.gammaPinv(a, shape: Double(count), scale: 1) / exposure
    upper = Probability.gammaPinv(1 - a, shape: Double(count + 1), scale: 1) / exposure
  }
}
