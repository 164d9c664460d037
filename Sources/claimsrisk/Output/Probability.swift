// Probability.swift: one way to show a probability: enough digits that a value near 0 or 1 is
// not rounded to "0.0%" or "100.0%" (0.99985 shows as "99.985%", 0.9999996 as "> 99.999%"),
// with its standard error at the same precision.
import ClaimsEngine
import Foundation

enum ProbabilityText {
  /// The most digits after the point shown; nearer 0 or 1 than that shows as "< …" / "> …".
  static let maximumDigits = 3

  /// "5.1%", "99.985%", "> 99.999%", "< 0.001%", "0%" (exactly zero), "100%" (exactly one).
  /// `digits` is the precision used when it already keeps the value away from 0% and 100%.
  static func format(_ p: Double, digits: Int = 1) -> String {
    guard p.isFinite else { return "—" }
    if p <= 0 { return "0%" }
    if p >= 1 { return "100%" }
    let d = digitsNeeded(p, digits: digits)
    if d > maximumDigits {
      let step = pow(10, -Double(maximumDigits))
      return p > 0.5
        ? "> " + String(format: "%.\(maximumDigits)f%%", 100 - step) : "< " + String(format: "%.\(maximumDigits)f%%", step)
    }
    return String(format: "%.\(d)f%%", p * 100)
  }

  /// "99.985% ± 0.012%": the value and its standard error at the value's precision.
  static func format(_ p: Proportion, digits: Int = 1) -> String {
    format(p.value, digits: digits) + " ± " + stdError(p, digits: digits)
  }

  /// "0.012%": the standard error alone, at the precision of the value.
  static func stdError(_ p: Proportion, digits: Int = 1) -> String {
    let d = min(digitsNeeded(p.value, digits: digits), maximumDigits)
    return String(format: "%.\(d)f%%", p.stdError * 100)
  }

  /// The fewest digits (at least `digits`) at which p, in percent, rounds strictly between
  /// 0 and 100; maximumDigits + 1 when none up to maximumDigits does.
  static func digitsNeeded(_ p: Double, digits: Int) -> Int {
    guard p > 0 && p < 1 else { return digits }
    var d = max(0, digits)
    while d <= maximumDigits {
      // The digits as printed (printf rounding), so that what is checked is what is shown.
      let shown = Double(String(format: "%.\(d)f", p * 100)) ?? 0
      if shown > 0 && shown < 100 { return d }
      d += 1
    }
    return maximumDigits + 1
  }
}
