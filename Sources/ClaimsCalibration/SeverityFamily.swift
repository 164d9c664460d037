// SeverityFamily.swift: the severity families the large-claim fit offers, with their log
// density, log survival, CDF and quantile in their natural parameters.
internal import GSLRandom

/// A parametric family for member-year totals above a threshold T. Pareto and the
/// generalized Pareto are threshold models (they start at T); the others are fitted
/// left-truncated at T.
public enum SeverityFamily: String, Sendable, CaseIterable {
  case lognormal, gamma, weibull, pareto
  case generalizedPareto = "generalized_pareto"

  /// Parameter names in the scenario file's spelling.
  public var parameterNames: [String] {
    switch self {
    case .lognormal: ["mu", "sigma"]
    case .gamma: ["shape", "scale"]
    case .weibull: ["shape", "scale"]
    case .pareto: ["shape"]
    case .generalizedPareto: ["xi", "beta"]
    }
  }

  /// True when parameter i must be positive (fitted on the log scale).
  func isPositive(_ i: Int) -> Bool {
    switch self {
    case .lognormal: i == 1
    case .generalizedPareto: i == 1
    default: true
    }
  }

  /// True for the families that start at the threshold (no truncation term).
  var isThresholdModel: Bool { self == .pareto || self == .generalizedPareto }

  /// ln f(x).
  func logDensity(_ x: Double, _ p: [Double], threshold t: Double) -> Double {
    switch self {
    case .lognormal:
      let (mu, s) = (p[0], p[1])
      let z = (_log(x) - mu) / s
      return -_log(x) - _log(s) - 0.918_938_533_204_672_7 - 0.5 * z * z
    case .gamma:
      let (k, th) = (p[0], p[1])
      return (k - 1) * _log(x) - x / th - _lgamma(k) - k * _log(th)
    case .weibull:
      let (k, l) = (p[0], p[1])
      return _log(k) - _log(l) + (k - 1) * (_log(x) - _log(l)) - _pow(x / l, k)
    case .pareto:
      let a = p[0]
      return x < t ? -.infinity : _log(a) + a * _log(t) - (a + 1) * _log(x)
    case .generalizedPareto:
      let (xi, b) = (p[0], p[1])
      let y = x - t
      if y < 0 { return -.infinity }
      if abs(xi) < 1e-9 { return -_log(b) - y / b }
      let u = 1 + xi * y / b
      return u <= 0 ? -.infinity : -_log(b) - (1 / xi + 1) * _log(u)
    }
  }

  /// ln P(X > x).
  func logSurvival(_ x: Double, _ p: [Double], threshold t: Double) -> Double {
    switch self {
    case .lognormal:
      let z = (_log(x) - p[0]) / p[1]
      let q = Probability.normalQ(z)
      if q > 1e-300 { return _log(q) }
      return -0.5 * z * z - _log(z) - 0.918_938_533_204_672_7  // Mills-ratio asymptote
    case .gamma:
      return _log(Probability.gammaQ(x, shape: p[0], scale: p[1]))
    case .weibull:
      return -_pow(x / p[1], p[0])
    case .pareto:
      return x <= t ? 0 : p[0] * _log(t / x)
    case .generalizedPareto:
      let (xi, b) = (p[0], p[1])
      let y = max(0, x - t)
      if abs(xi) < 1e-9 { return -y / b }
      let u = 1 + xi * y / b
      return u <= 0 ? -.infinity : -(1 / xi) * _log(u)
    }
  }

  /// P(X ≤ x).
  func cdf(_ x: Double, _ p: [Double], threshold t: Double) -> Double {
    switch self {
    case .lognormal: Probability.lognormalP(x, mu: p[0], sigma: p[1])
    case .gamma: Probability.gammaP(x, shape: p[0], scale: p[1])
    default: 1 - _exp(logSurvival(x, p, threshold: t))
    }
  }

  /// The quantile of the distribution truncated to (t, ∞): u ∈ (0, 1).
  func truncatedQuantile(_ u: Double, _ p: [Double], threshold t: Double) -> Double {
    switch self {
    case .lognormal:
      let q = Probability.lognormalQ(t, mu: p[0], sigma: p[1]) * (1 - u)
      return Probability.lognormalQinv(q, mu: p[0], sigma: p[1])
    case .gamma:
      let q = Probability.gammaQ(t, shape: p[0], scale: p[1]) * (1 - u)
      return Probability.gammaQinv(q, shape: p[0], scale: p[1])
    case .weibull:
      // S(x)/S(t) = 1 − u → (x/l)^k = (t/l)^k − ln(1 − u)
      return p[1] * _pow(_pow(t / p[1], p[0]) - _log(1 - u), 1 / p[0])
    case .pareto:
      return t * _pow(1 - u, -1 / p[0])
    case .generalizedPareto:
      let (xi, b) = (p[0], p[1])
      if abs(xi) < 1e-9 { return t - b * _log(1 - u) }
      return t + b / xi * (_pow(1 - u, -xi) - 1)
    }
  }

  /// The CDF of the distribution truncated to (t, ∞).
  func truncatedCDF(_ x: Double, _ p: [Double], threshold t: Double) -> Double {
    if x <= t { return 0 }
    let logST = isThresholdModel ? 0 : logSurvival(t, p, threshold: t)
    return 1 - _exp(logSurvival(x, p, threshold: t) - logST)
  }

  /// Starting values from the data (values above t).
  func start(_ x: [Double], threshold t: Double) -> [Double] {
    let n = Double(x.count)
    let mean = x.reduce(0, +) / n
    let variance = max(1e-12, x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(1, n - 1))
    switch self {
    case .lognormal:
      let logs = x.map(_log)
      let m = logs.reduce(0, +) / n
      let s = (logs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / max(1, n - 1)).squareRoot()
      return [m, max(0.05, s)]
    case .gamma:
      return [mean * mean / variance, variance / mean]
    case .weibull:
      return [1, mean]
    case .pareto:
      return [n / max(1e-9, x.reduce(0) { $0 + _log($1 / t) })]
    case .generalizedPareto:
      return [0.1, max(1, mean - t)]
    }
  }
}
