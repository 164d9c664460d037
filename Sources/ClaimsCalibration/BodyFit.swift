// BodyFit.swift: the lognormal of the positive member-year totals below the threshold,
// right-truncated at it (the body of the spliced annual-cost model the scenario carries).
internal import GSLRandom

enum BodyFit {
  /// (mu, sigma) maximizing Σ ln f(x) − n ln F(T) over 0 < x ≤ T; nil with fewer than 10 values.
  static func lognormal(_ x: [Double], threshold t: Double) -> (mu: Double, sigma: Double)? {
    let logs = x.filter { $0 > 0 && $0 <= t }.map(_log)
    guard logs.count >= 10 else { return nil }
    let n = Double(logs.count)
    let m = logs.reduce(0, +) / n
    let s = max(0.1, (logs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n).squareRoot())
    let lt = _log(t)
    let nll: ([Double]) -> Double = { p in
      let (mu, sigma) = (p[0], _exp(p[1]))
      var ll = 0.0
      for y in logs { let z = (y - mu) / sigma; ll += -_log(sigma) - 0.5 * z * z }
      let f = Probability.normalP((lt - mu) / sigma)
      return f > 0 ? -(ll - n * _log(f)) : .infinity
    }
    let r = Minimizer.nelderMead(nll, start: [m, _log(s)], steps: [0.3, 0.2], tolerance: 1e-9)
    return (r.x[0], _exp(r.x[1]))
  }
}
