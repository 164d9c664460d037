// Probability.swift: GSL's CDFs, quantiles and special functions, as plain Swift functions.
// The distributions of ClaimsModel use these for their CDFs, limited expected values and
// truncated sampling; tests use them as oracles.
internal import CGSL
internal import Foundation

/// Cumulative distribution functions, quantiles and special functions from GSL
/// (`gsl_cdf_*`, `gsl_sf_*`). All take the parameterizations documented on each function.
public enum Probability {
  // MARK: Normal
  /// Φ(x), the standard normal CDF.
  public static func normalP(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }
  /// 1 − Φ(x), accurate in the upper tail.
  public static func normalQ(_ x: Double) -> Double { gsl_cdf_ugaussian_Q(x) }
  /// Φ⁻¹(p).
  public static func normalPinv(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }

  // MARK: Lognormal (mu, sigma of log X)
  public static func lognormalP(_ x: Double, mu: Double, sigma: Double) -> Double {
    x <= 0 ? 0 : gsl_cdf_lognormal_P(x, mu, sigma)
  }
  public static func lognormalQ(_ x: Double, mu: Double, sigma: Double) -> Double {
    x <= 0 ? 1 : gsl_cdf_lognormal_Q(x, mu, sigma)
  }
  public static func lognormalPinv(_ p: Double, mu: Double, sigma: Double) -> Double {
    gsl_cdf_lognormal_Pinv(p, mu, sigma)
  }
  public static func lognormalQinv(_ q: Double, mu: Double, sigma: Double) -> Double {
    gsl_cdf_lognormal_Qinv(q, mu, sigma)
  }

  // MARK: Gamma (shape, scale)
  public static func gammaP(_ x: Double, shape: Double, scale: Double) -> Double {
    x <= 0 ? 0 : gsl_cdf_gamma_P(x, shape, scale)
  }
  public static func gammaQ(_ x: Double, shape: Double, scale: Double) -> Double {
    x <= 0 ? 1 : gsl_cdf_gamma_Q(x, shape, scale)
  }
  public static func gammaPinv(_ p: Double, shape: Double, scale: Double) -> Double {
    gsl_cdf_gamma_Pinv(p, shape, scale)
  }
  public static func gammaQinv(_ q: Double, shape: Double, scale: Double) -> Double {
    gsl_cdf_gamma_Qinv(q, shape, scale)
  }

  // MARK: Pareto (P(X > x) = (scale/x)^shape, x ≥ scale)
  public static func paretoP(_ x: Double, scale: Double, shape: Double) -> Double {
    x <= scale ? 0 : gsl_cdf_pareto_P(x, shape, scale)
  }
  public static func paretoQ(_ x: Double, scale: Double, shape: Double) -> Double {
    x <= scale ? 1 : gsl_cdf_pareto_Q(x, shape, scale)
  }
  public static func paretoPinv(_ p: Double, scale: Double, shape: Double) -> Double {
    gsl_cdf_pareto_Pinv(p, shape, scale)
  }
  public static func paretoQinv(_ q: Double, scale: Double, shape: Double) -> Double {
    gsl_cdf_pareto_Qinv(q, shape, scale)
  }

  // MARK: Weibull (P(X > x) = exp(−(x/scale)^shape))
  public static func weibullP(_ x: Double, shape: Double, scale: Double) -> Double {
    x <= 0 ? 0 : gsl_cdf_weibull_P(x, scale, shape)
  }
  public static func weibullQ(_ x: Double, shape: Double, scale: Double) -> Double {
    x <= 0 ? 1 : gsl_cdf_weibull_Q(x, scale, shape)
  }
  public static func weibullPinv(_ p: Double, shape: Double, scale: Double) -> Double {
    gsl_cdf_weibull_Pinv(p, scale, shape)
  }
  public static func weibullQinv(_ q: Double, shape: Double, scale: Double) -> Double {
    gsl_cdf_weibull_Qinv(q, scale, shape)
  }

  // MARK: Exponential (mean)
  public static func exponentialP(_ x: Double, mean: Double) -> Double {
    x <= 0 ? 0 : gsl_cdf_exponential_P(x, mean)
  }
  public static func exponentialQ(_ x: Double, mean: Double) -> Double {
    x <= 0 ? 1 : gsl_cdf_exponential_Q(x, mean)
  }
  public static func exponentialPinv(_ p: Double, mean: Double) -> Double {
    gsl_cdf_exponential_Pinv(p, mean)
  }
  public static func exponentialQinv(_ q: Double, mean: Double) -> Double {
    gsl_cdf_exponential_Qinv(q, mean)
  }

  // MARK: Counting distributions
  /// P(N ≤ k) for N ~ Poisson(mean).
  public static func poissonP(_ k: Int, mean: Double) -> Double {
    k < 0 ? 0 : gsl_cdf_poisson_P(UInt32(k), mean)
  }
  /// P(N > k) for N ~ Poisson(mean), accurate in the upper tail.
  public static func poissonQ(_ k: Int, mean: Double) -> Double {
    k < 0 ? 1 : gsl_cdf_poisson_Q(UInt32(k), mean)
  }
  /// P(N = k) for N ~ Poisson(mean).
  public static func poissonPmf(_ k: Int, mean: Double) -> Double {
    k < 0 ? 0 : gsl_ran_poisson_pdf(UInt32(k), mean)
  }
  /// P(N ≤ k) for a negative binomial with success probability p and size n.
  public static func negativeBinomialP(_ k: Int, p: Double, n: Double) -> Double {
    k < 0 ? 0 : gsl_cdf_negative_binomial_P(UInt32(k), p, n)
  }
  /// P(N > k) for a negative binomial with success probability p and size n.
  public static func negativeBinomialQ(_ k: Int, p: Double, n: Double) -> Double {
    k < 0 ? 1 : gsl_cdf_negative_binomial_Q(UInt32(k), p, n)
  }
  /// P(N = k) for a negative binomial with success probability p and size n.
  public static func negativeBinomialPmf(_ k: Int, p: Double, n: Double) -> Double {
    k < 0 ? 0 : gsl_ran_negative_binomial_pdf(UInt32(k), p, n)
  }

  // MARK: Special functions
  /// Γ(x).
  public static func gammaFunction(_ x: Double) -> Double { gsl_sf_gamma(x) }
  /// The regularized lower incomplete gamma function P(a, x).
  public static func incompleteGammaP(_ a: Double, _ x: Double) -> Double {
    x <= 0 ? 0 : gsl_sf_gamma_inc_P(a, x)
  }
  /// The Kolmogorov distribution's survival function Q_KS(λ) = 2 Σ (−1)^{k−1} e^{−2k²λ²}.
  public static func kolmogorovQ(_ lambda: Double) -> Double {
    if lambda < 0.2 { return 1 }
    var sum = 0.0
    var sign = 1.0
    for k in 1...100 {
      let term = sign * Foundation.exp(-2.0 * Double(k * k) * lambda * lambda)
      sum += term
      if abs(term) < 1e-16 { break }
      sign = -sign
    }
    return min(1, max(0, 2 * sum))
  }
  /// P(χ²_dof > x), the chi-square upper tail.
  public static func chiSquareQ(_ x: Double, dof: Double) -> Double { gsl_cdf_chisq_Q(x, dof) }
}


