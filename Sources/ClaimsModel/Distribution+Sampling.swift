// Distribution+Sampling.swift: one draw of any distribution with a GSL generator. The engine
// uses faster precompiled paths for its hot loops (see ClaimsEngine/ClaimSampler.swift); this
// general path serves everything else and the sampler tests.
public import GSLRandom

extension Distribution {
  /// One draw of X.
  public func sample(_ g: Generator) -> Double {
    switch self {
    case .poisson(let mean): return Double(g.poisson(mean: mean))
    case .negativeBinomial(let mean, let size):
      return Double(g.negativeBinomial(p: size / (size + mean), n: size))
    case .lognormal(let mu, let sigma): return g.lognormal(mu: mu, sigma: sigma)
    case .gamma(let shape, let scale): return g.gamma(shape: shape, scale: scale)
    case .pareto(let scale, let shape): return g.pareto(scale: scale, shape: shape)
    case .weibull(let shape, let scale): return g.weibull(shape: shape, scale: scale)
    case .exponential(let mean): return g.exponential(mean: mean)
    case .zeroInflated(let zero, let of): return g.uniform() < zero ? 0 : of.sample(g)
    case .mixture(let weights, let components):
      var u = g.uniform()
      for (w, c) in zip(weights, components) {
        if u < w { return c.sample(g) }
        u -= w
      }
      return components[components.count - 1].sample(g)
    case .spliced(let below, let above, let at, let wb):
      if g.uniform() < wb {
        // Inversion on [0, F(at)): X = F⁻¹(u·F(at)).
        return min(below.quantile(g.uniform() * below.cdf(at)), at.nextDown)
      } else {
        // Inversion in the upper tail: X = Q⁻¹(v·Q(at)), v in (0, 1].
        return max(above.upperQuantile(g.uniformPositive() * above.survival(at)), at)
      }
    case .empirical(let values, let weights):
      let total = weights.reduce(0, +)
      var u = g.uniform() * total
      for (v, w) in zip(values, weights) {
        if u < w { return v }
        u -= w
      }
      return values[values.count - 1]
    }
  }

  /// F⁻¹(p) for the continuous families with quantiles (``hasQuantile``).
  public func quantile(_ p: Double) -> Double {
    switch self {
    case .lognormal(let mu, let sigma): return Probability.lognormalPinv(p, mu: mu, sigma: sigma)
    case .gamma(let shape, let scale): return Probability.gammaPinv(p, shape: shape, scale: scale)
    case .pareto(let scale, let shape): return Probability.paretoPinv(p, scale: scale, shape: shape)
    case .weibull(let shape, let scale): return Probability.weibullPinv(p, shape: shape, scale: scale)
    case .exponential(let mean): return Probability.exponentialPinv(p, mean: mean)
    default: preconditionFailure("quantile is defined for continuous families only")
    }
  }

  /// Q⁻¹(q): the x with P(X > x) = q, accurate in the upper tail.
  public func upperQuantile(_ q: Double) -> Double {
    switch self {
    case .lognormal(let mu, let sigma): return Probability.lognormalQinv(q, mu: mu, sigma: sigma)
    case .gamma(let shape, let scale): return Probability.gammaQinv(q, shape: shape, scale: scale)
    case .pareto(let scale, let shape): return Probability.paretoQinv(q, scale: scale, shape: shape)
    case .weibull(let shape, let scale): return Probability.weibullQinv(q, shape: shape, scale: scale)
    case .exponential(let mean): return Probability.exponentialQinv(q, mean: mean)
    default: preconditionFailure("upperQuantile is defined for continuous families only")
    }
  }
}
