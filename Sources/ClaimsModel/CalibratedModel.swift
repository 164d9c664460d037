// CalibratedModel.swift: the calibrated default claim model (member-level, zero-inflated
// lognormal, plan-paid basis, family weights, medical/Rx lags); docs/model.md.

/// Constants of the calibrated default model (`claims: default`), with their sources.
public enum CalibratedModel {
  /// P(S = 0) = 0.15 (AHRQ MEPS), S ~ Lognormal(7.561, 1.706) otherwise:
  /// E[S] = $7,000 allowed per member per year ($583 PMPM), calibration year ≈ 2024.
  public static let annualAllowed = Distribution.zeroInflated(
    zero: 0.15, of: .lognormal(mu: 7.561, sigma: 1.706))

  /// Medical lag pmf, months 0…11 (default).
  public static let medicalLag: [Double] = [
    0.25, 0.40, 0.15, 0.07, 0.04, 0.03, 0.02, 0.01, 0.01, 0.01, 0.005, 0.005,
  ]
  /// Rx lag pmf.
  public static let rxLag: [Double] = [0.90, 0.10]
  /// Rx share of each member's cost.
  public static let rxShare = 0.24

  /// Annual cost trend of the default model, applied by incurred month (
  /// 8% a year (ClaimsRisk's choice), anchored on the PwC and Segal trend surveys).
  public static let trend = 0.08

  /// Group parameter-risk CV.
  public static let groupParameterCV = 0.08

  /// Raw cost weights: adult 1.0, child 0.45; a family contract of the sources (employee,
  /// spouse, one child: raw 2.45) costs 2.86 times an employee-only one (the ratio of the ABC
  /// quote's aggregate factors and of the KFF 2024 premiums).
  public static let adultWeight = 1.0
  public static let childWeight = 0.45
  public static let familyToSingleRatio = 2.86
  /// Raw weight of the sources' family contract: employee + spouse + one child.
  public static let referenceFamilyRawWeight = 2 * adultWeight + childWeight
  /// The factor on every dependent's raw weight, (2.86 − 1) / (2.45 − 1) = 1.2828: the
  /// employee keeps weight 1, so an employee-only unit costs 1, the reference family 2.86,
  /// and any other unit 1 + 1.2828 × (its dependents' raw weights).
  public static var dependentFactor: Double {
    (familyToSingleRatio - adultWeight) / (referenceFamilyRawWeight - adultWeight)
  }

  /// Episodes per member with positive cost: K = 1 + Poisson(2 + 3·1(S > $25,000))
  ///.
  public static let episodeBaseRate = 2.0
  public static let episodeLargeRate = 3.0
  public static let episodeLargeThreshold = 25_000.0

  /// Per-member cost weights for `census`: the first member of each enrolled unit (the
  /// employee) weighs its raw weight (adult 1.0, child 0.45); every dependent weighs its raw
  /// weight × ``dependentFactor``. A unit's cost therefore follows its composition: employee
  /// only 1.0, employee + spouse 2.28, employee + child 1.58, the sources' family of three
  /// 2.86, a family of two adults and 2.1 children 3.49. Then one common scale makes the
  /// average weight 1.
  public static func memberWeights(for census: Census) -> [Double] {
    var seen = Set<Int>()
    let raw = census.members.map { m -> Double in
      let w = m.isChild ? childWeight : adultWeight
      return seen.insert(m.family).inserted ? w : w * dependentFactor
    }
    let mean = raw.reduce(0, +) / Double(max(raw.count, 1))
    return raw.map { $0 / mean }
  }

  /// Each tier's expected cost per enrolled unit relative to an employee-only unit (an
  /// employee alone, weight 1), from the weights before the common scale.
  public static func tierRelativeCosts(for census: Census) -> [(tier: String, perUnit: Double, personsPerUnit: Double)] {
    let w = memberWeights(for: census)
    // Undo the common scale: the first member of a unit that is an adult has raw weight 1.
    var seen = Set<Int>()
    var scale = 0.0
    for (j, m) in census.members.enumerated() where seen.insert(m.family).inserted && !m.isChild { scale = w[j]; break }
    guard scale > 0 else { return [] }
    return census.tiers.enumerated().map { (t, tier) in
      let total = zip(census.members, w).reduce(0.0) { $0 + ($1.0.tier == t ? $1.1 : 0) }
      return (tier.name, tier.units > 0 ? total / scale / Double(tier.units) : 0,
              tier.units > 0 ? Double(tier.members) / Double(tier.units) : 0)
    }
  }
}
