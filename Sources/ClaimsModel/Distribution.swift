// Distribution.swift: the closed set of probability distributions a scenario can name, with
// their analytic moments, CDFs and limited expected values. User doc: docs/scenario-format.md.
internal import GSLRandom
internal import Foundation

/// A distribution of claim counts, claim amounts or annual costs.
///
/// Parameterizations follow `design/scenario-format.md`. Every case knows its partial
/// moments E[X^k; X ≤ c] for k = 1, 2 in closed form (through GSL's CDFs and incomplete gamma
/// function), and from them its mean, variance and limited expected value E[min(X, d)].
public indirect enum Distribution: Sendable, Hashable {
  case poisson(mean: Double)
  /// Variance = mean + mean²/size (R's `size`, GSL's `n`).
  case negativeBinomial(mean: Double, size: Double)
  /// mu, sigma of log X.
  case lognormal(mu: Double, sigma: Double)
  case gamma(shape: Double, scale: Double)
  /// P(X > x) = (scale/x)^shape for x ≥ scale.
  case pareto(scale: Double, shape: Double)
  /// P(X > x) = exp(−(x/scale)^shape).
  case weibull(shape: Double, scale: Double)
  case exponential(mean: Double)
  /// X = 0 with probability `zero`, else a draw of `of`.
  case zeroInflated(zero: Double, of: Distribution)
  /// A draw of component i with probability weights[i] (weights sum to 1).
  case mixture(weights: [Double], components: [Distribution])
  /// `below` truncated to [0, at) with probability `weightBelow`, else `above` truncated to
  /// [at, ∞).
  case spliced(below: Distribution, above: Distribution, at: Double, weightBelow: Double)
  /// A discrete distribution on `values` with probabilities `weights` (normalized).
  case empirical(values: [Double], weights: [Double])

  /// The scenario-file name of the family.
  public var family: String {
    switch self {
    case .poisson: "poisson"
    case .negativeBinomial: "negative_binomial"
    case .lognormal: "lognormal"
    case .gamma: "gamma"
    case .pareto: "pareto"
    case .weibull: "weibull"
    case .exponential: "exponential"
    case .zeroInflated: "zero_inflated"
    case .mixture: "mixture"
    case .spliced: "spliced"
    case .empirical: "empirical"
    }
  }

  /// True for the counting families (values are whole numbers).
  public var isCounting: Bool {
    switch self {
    case .poisson, .negativeBinomial: true
    default: false
    }
  }

  /// True for the continuous families that have quantile functions (usable in `spliced`).
  public var hasQuantile: Bool {
    switch self {
    case .lognormal, .gamma, .pareto, .weibull, .exponential: true
    default: false
    }
  }

  // MARK: - Moments

  /// E[X].
  public var mean: Double { partialMoment(1, upTo: .infinity) }

  /// Var[X] (infinite where the second moment is).
  public var variance: Double {
    let m = mean
    let m2 = partialMoment(2, upTo: .infinity)
    return m2.isFinite ? max(0, m2 - m * m) : .infinity
  }

  /// Standard deviation.
  public var standardDeviation: Double { variance.squareRoot() }

  /// P(X ≤ x).
  public func cdf(_ x: Double) -> Double {
    switch self {
    case .poisson(let mean):
      return x < 0 ? 0 : Probability.poissonP(Int(min(x, 1e9).rounded(.down)), mean: mean)
    case .negativeBinomial(let mean, let size):
      return x < 0
        ? 0
        : Probability.negativeBinomialP(
          Int(min(x, 1e9).rounded(.down)), p: size / (size + mean), n: size)
    case .lognormal(let mu, let sigma): return Probability.lognormalP(x, mu: mu, sigma: sigma)
    case .gamma(let shape, let scale): return Probability.gammaP(x, shape: shape, scale: scale)
    case .pareto(let scale, let shape): return Probability.paretoP(x, scale: scale, shape: shape)
    case .weibull(let shape, let scale): return Probability.weibullP(x, shape: shape, scale: scale)
    case .exponential(let mean): return Probability.exponentialP(x, mean: mean)
    case .zeroInflated(let zero, let of): return x < 0 ? 0 : zero + (1 - zero) * of.cdf(x)
    case .mixture(let weights, let components):
      return zip(weights, components).reduce(0) { $0 + $1.0 * $1.1.cdf(x) }
    case .spliced(let below, let above, let at, let wb):
      if x < at { return wb * below.cdf(x) / below.cdf(at) }
      return 1 - (1 - wb) * above.survival(x) / above.survival(at)
    case .empirical(let values, let weights):
      let total = weights.reduce(0, +)
      return zip(values, weights).reduce(0) { $0 + ($1.0 <= x ? $1.1 : 0) } / total
    }
  }

  /// P(X > x), computed from the upper-tail functions where GSL has them.
  public func survival(_ x: Double) -> Double {
    switch self {
    case .lognormal(let mu, let sigma): return Probability.lognormalQ(x, mu: mu, sigma: sigma)
    case .gamma(let shape, let scale): return Probability.gammaQ(x, shape: shape, scale: scale)
    case .pareto(let scale, let shape): return Probability.paretoQ(x, scale: scale, shape: shape)
    case .weibull(let shape, let scale): return Probability.weibullQ(x, shape: shape, scale: scale)
    case .exponential(let mean): return Probability.exponentialQ(x, mean: mean)
    case .poisson(let mean):
      return x < 0 ? 1 : Probability.poissonQ(Int(min(x, 1e9).rounded(.down)), mean: mean)
    case .negativeBinomial(let mean, let size):
      return x < 0
        ? 1
        : Probability.negativeBinomialQ(
          Int(min(x, 1e9).rounded(.down)), p: size / (size + mean), n: size)
    case .zeroInflated(let zero, let of): return x < 0 ? 1 : (1 - zero) * of.survival(x)
    case .mixture(let weights, let components):
      return zip(weights, components).reduce(0) { $0 + $1.0 * $1.1.survival(x) }
    default: return 1 - cdf(x)
    }
  }

  /// The partial moment E[X^k; X ≤ c] for k = 1 or 2 (c may be +∞).
  public func partialMoment(_ k: Int, upTo c: Double) -> Double {
    precondition(k == 1 || k == 2, "partial moments are implemented for k = 1, 2")
    let kd = Double(k)
    switch self {
    case .lognormal(let mu, let sigma):
      if c <= 0 { return 0 }
      let scale = Foundation.exp(kd * mu + kd * kd * sigma * sigma / 2)
      if c == .infinity { return scale }
      return scale * Probability.normalP((Foundation.log(c) - mu - kd * sigma * sigma) / sigma)
    case .gamma(let shape, let scale):
      // θ^k Γ(α+k)/Γ(α) · P(α+k, c/θ)
      let factor = k == 1 ? shape * scale : shape * (shape + 1) * scale * scale
      if c == .infinity { return factor }
      return factor * Probability.incompleteGammaP(shape + kd, c / scale)
    case .exponential(let mean):
      return Distribution.gamma(shape: 1, scale: mean).partialMoment(k, upTo: c)
    case .weibull(let shape, let scale):
      let a = 1 + kd / shape
      let factor = Foundation.pow(scale, kd) * Probability.gammaFunction(a)
      if c == .infinity { return factor }
      if c <= 0 { return 0 }
      return factor * Probability.incompleteGammaP(a, Foundation.pow(c / scale, shape))
    case .pareto(let s, let a):
      if c <= s { return 0 }
      if c == .infinity { return a > kd ? a * Foundation.pow(s, kd) / (a - kd) : .infinity }
      if a == kd { return a * Foundation.pow(s, a) * Foundation.log(c / s) }
      return a * Foundation.pow(s, a) * (Foundation.pow(c, kd - a) - Foundation.pow(s, kd - a)) / (kd - a)
    case .poisson(let mean):
      if c == .infinity { return k == 1 ? mean : mean + mean * mean }
      return discretePartialMoment(k, upTo: c) { Probability.poissonPmf($0, mean: mean) }
    case .negativeBinomial(let mean, let size):
      if c == .infinity { return k == 1 ? mean : mean + mean * mean / size + mean * mean }
      let p = size / (size + mean)
      return discretePartialMoment(k, upTo: c) { Probability.negativeBinomialPmf($0, p: p, n: size) }
    case .zeroInflated(let zero, let of):
      return (1 - zero) * of.partialMoment(k, upTo: c)
    case .mixture(let weights, let components):
      return zip(weights, components).reduce(0) { $0 + $1.0 * $1.1.partialMoment(k, upTo: c) }
    case .empirical(let values, let weights):
      let total = weights.reduce(0, +)
      return zip(values, weights).reduce(0) { $0 + ($1.0 <= c ? $1.1 * Foundation.pow($1.0, kd) : 0) } / total
    case .spliced(let below, let above, let at, let wb):
      let lowPart = wb * below.partialMoment(k, upTo: min(c, at)) / below.cdf(at)
      if c < at { return lowPart }
      let highPart = (1 - wb) * (above.partialMoment(k, upTo: c) - above.partialMoment(k, upTo: at))
        / above.survival(at)
      return lowPart + highPart
    }
  }

  /// The limited expected value E[min(X, d)] = E[X; X ≤ d] + d·P(X > d).
  ///
  /// E[(X − d)+] = E[X] − E[min(X, d)] is the expected excess over a deductible d.
  public func limitedExpectedValue(_ d: Double) -> Double {
    if d == .infinity { return mean }
    if d <= 0 { return 0 }
    return partialMoment(1, upTo: d) + d * survival(d)
  }

  /// The same family with every value multiplied by `factor` > 0 (not for counting
  /// distributions, whose values are counts).
  public func scaled(by factor: Double) -> Distribution {
    switch self {
    case .poisson, .negativeBinomial: return self
    case .lognormal(let mu, let sigma): return .lognormal(mu: mu + Foundation.log(factor), sigma: sigma)
    case .gamma(let shape, let scale): return .gamma(shape: shape, scale: scale * factor)
    case .pareto(let scale, let shape): return .pareto(scale: scale * factor, shape: shape)
    case .weibull(let shape, let scale): return .weibull(shape: shape, scale: scale * factor)
    case .exponential(let mean): return .exponential(mean: mean * factor)
    case .zeroInflated(let zero, let of): return .zeroInflated(zero: zero, of: of.scaled(by: factor))
    case .mixture(let weights, let components):
      return .mixture(weights: weights, components: components.map { $0.scaled(by: factor) })
    case .spliced(let below, let above, let at, let wb):
      return .spliced(
        below: below.scaled(by: factor), above: above.scaled(by: factor), at: at * factor,
        weightBelow: wb)
    case .empirical(let values, let weights):
      return .empirical(values: values.map { $0 * factor }, weights: weights)
    }
  }

  private func discretePartialMoment(_ k: Int, upTo c: Double, pmf: (Int) -> Double) -> Double {
    if c < 0 { return 0 }
    let top = Int(min(c, 1e7).rounded(.down))
    var sum = 0.0
    var n = 0
    let m = mean
    while n <= top {
      let p = pmf(n)
      sum += (k == 1 ? Double(n) : Double(n * n)) * p
      if Double(n) > m && p < 1e-300 { break }
      n += 1
    }
    return sum
  }
}
