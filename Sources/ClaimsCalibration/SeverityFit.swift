// SeverityFit.swift: maximum-likelihood fit of member-year totals above a threshold,
// left-truncated at the threshold and right-censored where capped, with standard errors from
// the observed information (a numeric Hessian of the log-likelihood at the optimum).
internal import GSLRandom

/// One member-year total above the threshold; `censored` when the amount is capped (the true
/// total is at least `value`).
public struct SeverityObservation: Sendable, Hashable {
  public var value: Double
  public var censored: Bool
  public init(_ value: Double, censored: Bool = false) {
    self.value = value
    self.censored = censored
  }
}

/// A fitted severity family.
public struct SeverityFit: Sendable {
  public var family: SeverityFamily
  public var threshold: Double
  public var parameters: [Double]
  public var standardErrors: [Double]
  public var covariance: [[Double]]
  public var logLikelihood: Double
  public var aic: Double { 2 * Double(parameters.count) - 2 * logLikelihood }
  public var count: Int
  public var censoredCount: Int
  /// True when the observed information is positive definite at the optimum (the standard
  /// errors exist); false when the likelihood is flat in some direction.
  public var converged: Bool
  /// True when the observations are treated as left-truncated at the threshold (false: the
  /// naive fit that ignores the truncation, kept for comparison).
  public var truncated: Bool
  public var goodness: GoodnessOfFit?

  /// The parameter named `name`.
  public func parameter(_ name: String) -> Double? {
    family.parameterNames.firstIndex(of: name).map { parameters[$0] }
  }

  /// Fits `family` to `data` (all above `threshold`). `truncated: false` ignores the
  /// truncation (the naive fit, biased; for comparison only).
  public static func fit(_ family: SeverityFamily, data: [SeverityObservation], threshold: Double, truncated: Bool = true) -> SeverityFit? {
    guard data.count >= family.parameterNames.count + 1 else { return nil }
    let values = data.map(\.value)
    let nll: ([Double]) -> Double = { p in
      -logLikelihood(family, p, data: data, threshold: threshold, truncated: truncated)
    }
    var start = family.start(values, threshold: threshold)
    // Fit on an unconstrained scale: log of the positive parameters.
    func natural(_ z: [Double]) -> [Double] { z.indices.map { family.isPositive($0) ? _exp(z[$0]) : z[$0] } }
    func internalScale(_ p: [Double]) -> [Double] { p.indices.map { family.isPositive($0) ? _log(p[$0]) : p[$0] } }
    if family == .gamma, !nll(start).isFinite { start = [1, values.reduce(0, +) / Double(values.count)] }
    var z = internalScale(start)
    var result = Minimizer.nelderMead({ nll(natural($0)) }, start: z, steps: z.map { _ in 0.3 }, tolerance: 1e-9)
    // Restart once from the optimum (Nelder–Mead can stall on a ridge).
    z = result.x
    let again = Minimizer.nelderMead({ nll(natural($0)) }, start: z, steps: z.map { _ in 0.05 }, tolerance: 1e-10)
    if again.value <= result.value { result = again }
    let p = natural(result.x)
    let ll = -result.value
    guard ll.isFinite else { return nil }
    let hessian = numericHessian(nll, at: p)
    let cov = invert(hessian)
    let se = cov.map { c in (0..<p.count).map { c[$0][$0] > 0 ? c[$0][$0].squareRoot() : .nan } }
      ?? Array(repeating: .nan, count: p.count)
    var fit = SeverityFit(
      family: family, threshold: threshold, parameters: p, standardErrors: se,
      covariance: cov ?? [], logLikelihood: ll, count: data.count,
      censoredCount: data.filter(\.censored).count, converged: cov != nil && se.allSatisfy(\.isFinite),
      truncated: truncated, goodness: nil)
    fit.goodness = GoodnessOfFit(fit, data: data)
    return fit
  }

  /// Σ ln f(x) over exact values + Σ ln S(x) over censored ones − n ln S(T) (when truncated).
  static func logLikelihood(_ family: SeverityFamily, _ p: [Double], data: [SeverityObservation], threshold t: Double, truncated: Bool) -> Double {
    for i in p.indices where family.isPositive(i) && !(p[i] > 0) { return -.infinity }
    var ll = 0.0
    for o in data {
      ll += o.censored ? family.logSurvival(o.value, p, threshold: t) : family.logDensity(o.value, p, threshold: t)
    }
    if truncated && !family.isThresholdModel {
      ll -= Double(data.count) * family.logSurvival(t, p, threshold: t)
    }
    return ll.isNaN ? -.infinity : ll
  }

  /// Central-difference Hessian of f at p, with relative steps.
  static func numericHessian(_ f: ([Double]) -> Double, at p: [Double]) -> [[Double]] {
    let n = p.count
    let h = p.map { 1e-4 * max(abs($0), 1e-2) }
    var H = Array(repeating: Array(repeating: 0.0, count: n), count: n)
    let f0 = f(p)
    for i in 0..<n {
      var a = p, b = p
      a[i] += h[i]; b[i] -= h[i]
      H[i][i] = (f(a) - 2 * f0 + f(b)) / (h[i] * h[i])
      for j in 0..<i {
        var pp = p, pm = p, mp = p, mm = p
        pp[i] += h[i]; pp[j] += h[j]
        pm[i] += h[i]; pm[j] -= h[j]
        mp[i] -= h[i]; mp[j] += h[j]
        mm[i] -= h[i]; mm[j] -= h[j]
        H[i][j] = (f(pp) - f(pm) - f(mp) + f(mm)) / (4 * h[i] * h[j])
        H[j][i] = H[i][j]
      }
    }
    return H
  }

  /// The inverse of a 1×1 or 2×2 positive-definite matrix; nil when singular or not positive.
  static func invert(_ m: [[Double]]) -> [[Double]]? {
    switch m.count {
    case 1:
      return m[0][0] > 0 ? [[1 / m[0][0]]] : nil
    case 2:
      let det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
      guard det > 0, m[0][0] > 0, det.isFinite else { return nil }
      return [[m[1][1] / det, -m[0][1] / det], [-m[1][0] / det, m[0][0] / det]]
    default:
      return nil
    }
  }
}
