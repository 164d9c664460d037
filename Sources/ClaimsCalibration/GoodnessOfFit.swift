// GoodnessOfFit.swift: Kolmogorov–Smirnov and Anderson–Darling statistics of a severity fit
// (against the fitted distribution truncated at the threshold) and its Q–Q points.
internal import GSLRandom

/// Goodness of fit of the exact (uncensored) observations.
public struct GoodnessOfFit: Sendable {
  /// sup |F_n − F|.
  public var ks: Double
  /// The asymptotic KS p-value (Kolmogorov's distribution; optimistic when the parameters
  /// were estimated from the same data).
  public var ksPValue: Double
  /// Anderson–Darling A².
  public var andersonDarling: Double
  /// (empirical, fitted) quantile pairs at plotting positions (i − 0.5)/n.
  public var qq: [(empirical: Double, fitted: Double)]

  init?(_ fit: SeverityFit, data: [SeverityObservation]) {
    let x = data.filter { !$0.censored }.map(\.value).sorted()
    guard !x.isEmpty else { return nil }
    let n = Double(x.count)
    let cdf: (Double) -> Double = { v in
      fit.truncated
        ? fit.family.truncatedCDF(v, fit.parameters, threshold: fit.threshold)
        : fit.family.cdf(v, fit.parameters, threshold: fit.threshold)
    }
    var d = 0.0
    var a2 = 0.0
    let u = x.map { min(1 - 1e-15, max(1e-15, cdf($0))) }
    for i in 0..<x.count {
      d = max(d, Double(i + 1) / n - u[i], u[i] - Double(i) / n)
      a2 += Double(2 * i + 1) * (_log(u[i]) + _log(1 - u[x.count - 1 - i]))
    }
    ks = d
    let lambda = (n.squareRoot() + 0.12 + 0.11 / n.squareRoot()) * d
    ksPValue = Probability.kolmogorovQ(lambda)
    andersonDarling = -n - a2 / n
    qq = x.enumerated().map { i, v in
      let p = (Double(i) + 0.5) / n
      let q = fit.truncated
        ? fit.family.truncatedQuantile(p, fit.parameters, threshold: fit.threshold)
        : fit.family.truncatedQuantile(p, fit.parameters, threshold: 0)
      return (v, q)
    }
  }
}
