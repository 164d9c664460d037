// ManualRate.swift: the manual rate of the credibility blend: the calibrated default claim
// model (zero-inflated lognormal, 2024 level, plan-paid after its default cost sharing),
// trended to the plan year, and its probability of a member-year above a threshold.
public import ClaimsModel

/// The calibrated default model seen as a manual rate on the plan-paid basis.
public struct ManualRate: Sendable {
  /// Midpoint of the default model's calibration year (2024).
  public static let calibrationMidpoint = Month(year: 2024, month: 7)

  /// Plan-paid PMPM at the plan year.
  public var pmpm: Double
  /// P(plan-paid member-year total > threshold) at the plan year.
  public var probabilityAbove: Double
  /// The trend factor from 2024 to the plan year.
  public var trendFactor: Double

  public init(planMidpoint: Month, trend: Double, threshold: Double) {
    let tau = _pow(1 + trend, Double(planMidpoint - ManualRate.calibrationMidpoint) / 12)
    let s = CalibratedModel.annualAllowed
    let cs = CostSharing.calibratedDefault
    // plan-paid(s) = (1 − c)(s − d)+ + c (s − x*)+ with x* = d + (oop − d)/c; E[(τS − a)+] = τ E[(S − a/τ)+].
    let kink = cs.deductible + (cs.outOfPocketMax - cs.deductible) / cs.coinsurance
    func excess(_ a: Double) -> Double { tau * (s.mean - s.limitedExpectedValue(a / tau)) }
    let annual = (1 - cs.coinsurance) * excess(cs.deductible) + cs.coinsurance * excess(kink)
    pmpm = annual / 12
    probabilityAbove = s.survival((threshold + cs.outOfPocketMax) / tau)
    trendFactor = tau
  }
}
