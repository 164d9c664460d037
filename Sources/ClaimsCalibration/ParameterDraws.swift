// ParameterDraws.swift: parameter risk. K alternative parameter sets of the calibrated claims
// model, drawn from the estimates' sampling distribution: the tail severity's parameters (the
// MLE's asymptotic normal on the fit's scale, or bootstrap refits), the tail weight (the large-
// claimant rate's) and the PMPM level (the blended PMPM's). The scenario writer writes them as
// `claims.parameter_sets`; each trial draws one. User doc: docs/calibration.md, "Parameter risk".
internal import ClaimsModel
internal import GSLRandom

/// How the parameter sets are drawn.
public enum ParameterDrawMethod: String, Sendable, CaseIterable {
  /// The maximum-likelihood estimate's asymptotic normal (observed information).
  case normal
  /// Refits of the severity on the large claimants resampled with replacement.
  case bootstrap
}

/// One draw of the calibrated model's estimated parts.
public struct ParameterSet: Sendable {
  /// The blended PMPM at the plan year.
  public var pmpm: Double
  /// P(member-year total > threshold | claims).
  public var tailProbability: Double
  /// The tail family's parameters (natural scale), nil when the default tail is kept.
  public var tail: [Double]?
}

/// K parameter sets drawn from the calibration's sampling distribution.
public struct ParameterDraws: Sendable {
  public var method: ParameterDrawMethod
  public var sets: [ParameterSet]
  /// The tail family drawn (nil: too few large claimants; the default tail is kept, undrawn).
  public var family: SeverityFamily?
  /// The scale the tail parameters are drawn on: the fit's own (log of the positive ones),
  /// where the normal keeps them valid.
  public var scaleNames: [String]
  /// The fit's covariance on that scale (delta method from the observed information): what
  /// the normal draws' sample covariance estimates.
  public var scaleCovariance: [[Double]]
  /// Draws replaced because the set had no finite mean (e.g. a Pareto shape ≤ 1) or a
  /// bootstrap refit failed.
  public var redrawn: Int

  public init(_ c: Calibration, count: Int, method: ParameterDrawMethod, seed: UInt32) {
    self.method = method
    let g = Generator(seed: seed ^ 0x5041_5241)
    let fit = c.selectedFit.flatMap { $0.count >= c.options.minimumLargeClaimants ? $0 : nil }
    family = fit?.family
    var names: [String] = []
    var covariance: [[Double]] = []
    var chol: [[Double]] = []
    if let fit {
      let f = fit.family
      names = f.parameterNames.indices.map { f.isPositive($0) ? "log \(f.parameterNames[$0])" : f.parameterNames[$0] }
      // Σ_z = D Σ D with D = diag(1/θ̂ for parameters drawn on the log scale, else 1).
      let d = fit.parameters.indices.map { f.isPositive($0) ? 1 / fit.parameters[$0] : 1 }
      covariance = fit.covariance.indices.map { i in fit.covariance[i].indices.map { j in d[i] * fit.covariance[i][j] * d[j] } }
      chol = Self.cholesky(covariance) ?? []
    }
    scaleNames = names
    scaleCovariance = covariance
    let levelSD = c.levelCV
    let n = Double(c.largeClaimants.count)
    var sets: [ParameterSet] = []
    var redrawn = 0
    while sets.count < count {
      // The PMPM level: the blended PMPM's normal (Z × SE of the experience).
      let pmpm = c.credibility.blendedPMPM * max(0.01, 1 + levelSD * g.gaussian())
      // The large-claimant rate: normal on the log scale (CV 1/√n) or a Poisson count.
      var rate = c.largeClaimants.rate
      if n > 0 {
        rate = method == .normal
          ? rate * _exp(g.gaussian() / n.squareRoot() - 0.5 / n)
          : Double(g.poisson(mean: n)) / c.largeClaimants.exposure
      }
      let probability = c.blendedTailProbability(largeClaimantRate: rate)
      var tail: [Double]?
      if let fit {
        if method == .normal {
          tail = chol.isEmpty ? nil : Self.normalDraw(fit, chol, g)
        } else {
          let resample = (0..<c.largeObservations.count).map { _ in c.largeObservations[g.uniformInt(c.largeObservations.count)] }
          tail = SeverityFit.fit(fit.family, data: resample, threshold: fit.threshold).flatMap { $0.converged ? $0.parameters : nil }
        }
        if tail == nil { redrawn += 1; if redrawn > 10 * count { break }; continue }
      }
      let set = ParameterSet(pmpm: pmpm, tailProbability: probability, tail: tail)
      let mean = ScenarioWriter.annualDistribution(c, set).mean
      guard mean.isFinite, mean > 0 else { redrawn += 1; if redrawn > 10 * count { break }; continue }
      sets.append(set)
    }
    self.sets = sets
    self.redrawn = redrawn
  }

  /// θ = natural(ẑ + L ε): one draw of the fit's asymptotic normal on its own scale.
  static func normalDraw(_ fit: SeverityFit, _ l: [[Double]], _ g: Generator) -> [Double] {
    let f = fit.family
    let e = fit.parameters.map { _ in g.gaussian() }
    return fit.parameters.indices.map { i in
      let z = (f.isPositive(i) ? _log(fit.parameters[i]) : fit.parameters[i]) + (0...i).reduce(0) { $0 + l[i][$1] * e[$1] }
      return f.isPositive(i) ? _exp(z) : z
    }
  }

  /// The lower Cholesky factor of a positive-definite matrix; nil when it is not.
  static func cholesky(_ a: [[Double]]) -> [[Double]]? {
    let n = a.count
    guard n > 0 else { return nil }
    var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
    for i in 0..<n {
      for j in 0...i {
        let s = a[i][j] - (0..<j).reduce(0) { $0 + l[i][$1] * l[j][$1] }
        if i == j {
          guard s > 0, s.isFinite else { return nil }
          l[i][i] = s.squareRoot()
        } else {
          l[i][j] = s / l[j][j]
        }
      }
    }
    return l
  }

  /// The sample covariance of the drawn tail parameters on the drawing scale.
  public var sampleCovariance: [[Double]] {
    guard let f = family else { return [] }
    let z = sets.compactMap(\.tail).map { t in t.indices.map { f.isPositive($0) ? _log(t[$0]) : t[$0] } }
    guard z.count > 1 else { return [] }
    let k = z[0].count, n = Double(z.count)
    let mean = (0..<k).map { i in z.reduce(0) { $0 + $1[i] } / n }
    return (0..<k).map { i in (0..<k).map { j in z.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[j] - mean[j]) } / (n - 1) } }
  }
}
