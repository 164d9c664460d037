// MackStandardError.swift: Mack's (1993) distribution-free standard error of chain-ladder
// reserves, by origin and in total, with two conventions for the last σ (see docs/calibration.md).

/// How σ of the last development age (one ratio only) is extrapolated.
public enum SigmaExtrapolation: String, Sendable, CaseIterable {
  /// Mack (1993): σ²_{n−1} = min(σ⁴_{n−2}/σ²_{n−3}, σ²_{n−3}, σ²_{n−2}); R's ChainLadder
  /// `MackChainLadder` (RAA total SE 26,909; GenIns 2,447,095).
  case mack
  /// Log-linear regression of ln σ on the age, as chainladder-python's `Development`
  /// (`sigma_interpolation="log-linear"`, its default; RAA 26,881; GenIns 2,441,364).
  case logLinear = "log-linear"
}

/// Mack's standard errors of a volume-weighted chain ladder.
public struct MackStandardError: Sendable {
  /// σ_k of each age-to-age factor.
  public var sigma: [Double]
  /// Standard error of each origin's reserve (IBNR).
  public var byOrigin: [Double]
  /// Standard error of the total reserve.
  public var total: Double

  public init(_ cl: ChainLadder, extrapolation: SigmaExtrapolation = .mack) {
    let t = cl.triangle
    let width = t.columns
    let f = cl.factors
    var sigma2 = Array(repeating: Double.nan, count: max(0, width - 1))
    var sums = Array(repeating: 0.0, count: max(0, width - 1))
    for k in 0..<sigma2.count {
      var s = 0.0
      var count = 0
      for i in 0..<t.rows where t.lastObserved[i] >= k + 1 {
        let c = t.cumulative[i][k]
        sums[k] += c
        guard c != 0 else { continue }
        let r = t.cumulative[i][k + 1] / c - f[k]
        s += c * r * r
        count += 1
      }
      if count >= 2 { sigma2[k] = s / Double(count - 1) }
    }
    MackStandardError.extrapolate(&sigma2, extrapolation)
    sigma = sigma2.map { $0.squareRoot() }

    let rows = t.rows
    var mse = Array(repeating: 0.0, count: rows)
    // Σ_k 2σ²_k/f_k² / S_k from age k onward (the cross terms of the total).
    var crossFrom = Array(repeating: 0.0, count: width)
    for k in stride(from: width - 2, through: 0, by: -1) {
      let term = sums[k] > 0 ? 2 * sigma2[k] / (f[k] * f[k]) / sums[k] : 0
      crossFrom[k] = crossFrom[k + 1] + term
    }
    for i in 0..<rows {
      let last = t.lastObserved[i]
      let ult = cl.ultimate[i]
      var s = 0.0
      for k in last..<(width - 1) {
        let c = cl.projected(i, k)
        guard c != 0, sums[k] > 0 else { continue }
        s += sigma2[k] / (f[k] * f[k]) * (1 / c + 1 / sums[k])
      }
      mse[i] = ult * ult * s
    }
    byOrigin = mse.map { $0.squareRoot() }
    var total = mse.reduce(0, +)
    for i in 0..<rows {
      let last = t.lastObserved[i]
      guard last < width - 1 else { continue }
      var younger = 0.0
      for j in 0..<rows where t.lastObserved[j] < last { younger += cl.ultimate[j] }
      total += cl.ultimate[i] * younger * crossFrom[last]
    }
    self.total = total.squareRoot()
  }

  /// Fills the σ² that could not be estimated (fewer than two ratios).
  static func extrapolate(_ sigma2: inout [Double], _ method: SigmaExtrapolation) {
    let known = sigma2.indices.filter { sigma2[$0].isFinite && sigma2[$0] > 0 }
    for k in sigma2.indices where !sigma2[k].isFinite {
      switch method {
      case .mack:
        if k >= 2, sigma2[k - 1].isFinite, sigma2[k - 2].isFinite, sigma2[k - 2] > 0 {
          let a = sigma2[k - 1], b = sigma2[k - 2]
          sigma2[k] = min(a * a / b, min(a, b))
        } else if k >= 1, sigma2[k - 1].isFinite {
          sigma2[k] = sigma2[k - 1]
        } else {
          sigma2[k] = 0
        }
      case .logLinear:
        guard known.count >= 2 else {
          sigma2[k] = known.last.map { sigma2[$0] } ?? 0
          continue
        }
        let xs = known.map(Double.init), ys = known.map { 0.5 * _log(sigma2[$0]) }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
        let slope = sxy / sxx
        let s = _exp(my + slope * (Double(k) - mx))
        sigma2[k] = s * s
      }
    }
  }
}
