// Credibility.swift: the credibility formulas of pool renewals.
internal import GSLRandom

/// Credibility weights and blends (XL Benefits; SBN; Actuary.com forum; Calcady; ActuaryPath; Jovana; Exam FAM flashcards).
public enum Credibility {
  /// R = Z·X + (1 − Z)·M: experience X blended with the manual or pool rate M.
  public static func blend(z: Double, experience x: Double, manual m: Double) -> Double {
    z * x + (1 - z) * m
  }

  /// Bühlmann: Z = n / (n + K).
  public static func buhlmann(n: Double, k: Double) -> Double { n / (n + k) }

  /// Bühlmann with K = EPV / VHM (expected process variance over variance of hypothetical
  /// means).
  public static func buhlmann(n: Double, epv: Double, vhm: Double) -> Double {
    buhlmann(n: n, k: epv / vhm)
  }

  /// The limited-fluctuation full-credibility standard n_F = (z_{(1+p)/2} / k)² claims, with
  /// z the standard normal quantile (p = 0.90, k = 0.05 gives 1,082.41).
  public static func fullCredibilityStandard(probability p: Double, tolerance k: Double) -> Double {
    let z = Probability.normalPinv((1 + p) / 2)
    return (z / k) * (z / k)
  }

  /// The square-root rule: Z = min(1, √(n / n_F)).
  public static func limitedFluctuation(claims n: Double, fullStandard: Double) -> Double {
    min(1, (n / fullStandard).squareRoot())
  }
}
