// Generator+Sampling.swift: one thin call per GSL sampler. Parameters are validated by the
// caller (the scenario reader); GSL's error handler is off, so nothing here aborts.
internal import CGSL
internal import Foundation

extension Generator {
  /// Poisson(mean) by GSL's method (`gsl_ran_poisson`). For small means prefer
  /// ``GuideTable`` inversion (one uniform per draw).
  public func poisson(mean: Double) -> Int { Int(gsl_ran_poisson(rng, mean)) }

  /// Negative binomial with success probability `p` and size `n` (GSL's parameterization:
  /// mean n(1−p)/p).
  public func negativeBinomial(p: Double, n: Double) -> Int {
    Int(gsl_ran_negative_binomial(rng, p, n))
  }

  /// Lognormal: exp(mu + sigma·Z) with Z from the ziggurat (same law as `gsl_ran_lognormal`),
  /// exp within one ulp of glibc's (``ExpTable``), as in ``fillLognormal(_:mu:sigma:)``.
  public func lognormal(mu: Double, sigma: Double) -> Double {
    expTable.exp(mu + sigma * gaussian())
  }

  /// Gamma with `shape` and `scale` (Marsaglia–Tsang, `gsl_ran_gamma`).
  public func gamma(shape: Double, scale: Double) -> Double { gsl_ran_gamma(rng, shape, scale) }

  /// Single-parameter Pareto: P(X > x) = (scale/x)^shape, x ≥ scale (`gsl_ran_pareto`).
  public func pareto(scale: Double, shape: Double) -> Double { gsl_ran_pareto(rng, shape, scale) }

  /// Weibull: P(X > x) = exp(−(x/scale)^shape) (`gsl_ran_weibull(a: scale, b: shape)`).
  public func weibull(shape: Double, scale: Double) -> Double { gsl_ran_weibull(rng, scale, shape) }

  /// Exponential with the given mean (`gsl_ran_exponential`).
  public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }

  /// Dirichlet(1, …, 1) weights written into `weights` (a uniform point on the simplex):
  /// normalized standard exponentials.
  public func flatDirichlet(_ weights: UnsafeMutableBufferPointer<Double>) {
    var total = 0.0
    for i in weights.indices {
      let e = -Foundation.log(uniformPositive())
      weights[i] = e
      total += e
    }
    for i in weights.indices { weights[i] /= total }
  }
}
