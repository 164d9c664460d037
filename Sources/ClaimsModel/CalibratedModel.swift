// CalibratedModel.swift: the calibrated default claim model of domain.md §5 (member-level,
// zero-inflated lognormal, plan-paid basis, family weights, medical/Rx lags).

/// Constants of the calibrated default model (`claims: default`), with their sources.
public enum CalibratedModel {
  /// P(S = 0) = 0.15 [S: C4], S ~ Lognormal(7.561, 1.706) otherwise (domain.md §5.2):
  /// E[S] = $7,000 allowed per member per year ($583 PMPM), calibration year ≈ 2024.
  public static let annualAllowed = Distribution.zeroInflated(
    zero: 0.15, of: .lognormal(mu: 7.561, sigma: 1.706))

  /// Medical lag pmf, months 0…11 (domain.md §6.3, default).
  public static let medicalLag: [Double] = [
    0.25, 0.40, 0.15, 0.07, 0.04, 0.03, 0.02, 0.01, 0.01, 0.01, 0.005, 0.005,
  ]
  /// Rx lag pmf (domain.md §6.3).
  public static let rxLag: [Double] = [0.90, 0.10]
  /// Rx share of each member's cost (domain.md §5.7, [S: C16]).
  public static let rxShare = 0.24

  /// Annual cost trend of the default model, applied by incurred month (domain.md §5.6:
  /// 8% a year [J], anchored on [S: C13][S: C14]).
  public static let trend = 0.08

  /// Group parameter-risk CV (domain.md §5.8 and §9).
  public static let groupParameterCV = 0.08

  /// Raw cost weights (domain.md §5.5): adult 1.0, child 0.45; a family contract costs 2.86
  /// times an employee-only one.
  public static let adultWeight = 1.0
  public static let childWeight = 0.45
  public static let familyToSingleRatio = 2.86
  /// A tier whose average family has at least this many persons is a family tier.
  public static let familyTierMinimumSize = 2.5

  /// Episodes per member with positive cost: K = 1 + Poisson(2 + 3·1(S > $25,000))
  /// (domain.md §5.9).
  public static let episodeBaseRate = 2.0
  public static let episodeLargeRate = 3.0
  public static let episodeLargeThreshold = 25_000.0

  /// Per-member cost weights for `census` (domain.md §5.5): raw weights (adult 1.0,
  /// child 0.45) times a tier factor that makes a family tier's expected cost per unit 2.86
  /// times a single's, then one common scale so that the average weight is 1.
  public static func memberWeights(for census: Census) -> [Double] {
    var raw = census.members.map { $0.isChild ? childWeight : adultWeight }
    for (t, tier) in census.tiers.enumerated() where tier.units > 0 {
      let size = Double(tier.members) / Double(tier.units)
      guard size >= familyTierMinimumSize else { continue }
      let rawSum = zip(census.members, raw).reduce(0.0) { $0 + ($1.0.tier == t ? $1.1 : 0) }
      let perUnit = rawSum / Double(tier.units)
      let factor = familyToSingleRatio / perUnit
      for (j, m) in census.members.enumerated() where m.tier == t { raw[j] *= factor }
    }
    let mean = raw.reduce(0, +) / Double(max(raw.count, 1))
    return raw.map { $0 / mean }
  }
}
