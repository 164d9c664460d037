// ReferenceSampling.swift: draws from the scenario's distributions for the reference
// simulator, from textbook algorithms on ReferenceRandom (nothing of the engine's samplers):
// Poisson by inversion (the mean split into parts of at most 20, a sum of independent
// Poissons being Poisson), gamma by Marsaglia and Tsang (2000), the negative binomial as a
// gamma mixture of Poissons, the rest by inversion or their definitions.
import ClaimsModel
import Foundation

struct ReferenceSamplingError: Error, CustomStringConvertible {
  var description: String
}

enum ReferenceSampling {
  /// One draw of `d`. The families the reference fixtures use, and a few more.
  static func draw(_ d: Distribution, _ g: inout ReferenceRandom) -> Double {
    switch d {
    case .poisson(let mean): return Double(poisson(mean, &g))
    case .negativeBinomial(let mean, let size):
      // N | Λ ~ Poisson(Λ), Λ ~ Gamma(size, mean/size): mean + mean²/size variance.
      return Double(poisson(gamma(shape: size, &g) * mean / size, &g))
    case .lognormal(let mu, let sigma): return Foundation.exp(mu + sigma * g.normal())
    case .gamma(let shape, let scale): return gamma(shape: shape, &g) * scale
    case .pareto(let scale, let shape): return scale * Foundation.pow(g.uniform(), -1 / shape)
    case .weibull(let shape, let scale): return scale * Foundation.pow(-Foundation.log(g.uniform()), 1 / shape)
    case .exponential(let mean): return -mean * Foundation.log(g.uniform())
    case .zeroInflated(let zero, let of): return g.uniform() < zero ? 0 : draw(of, &g)
    case .mixture(let weights, let components):
      return draw(components[g.index(weights: weights, total: weights.reduce(0, +))], &g)
    case .empirical(let values, let weights):
      return values[g.index(weights: weights, total: weights.reduce(0, +))]
    case .spliced:
      // Not used by the reference fixtures; refused by ``check(_:)`` before a run.
      return .nan
    }
  }

  /// Refuses a distribution the reference does not sample.
  static func check(_ d: Distribution) throws {
    switch d {
    case .spliced: throw ReferenceSamplingError(description: "the reference simulator does not sample spliced distributions")
    case .zeroInflated(_, let of): try check(of)
    case .mixture(_, let components): for c in components { try check(c) }
    default: break
    }
  }

  /// Poisson(mean) by sequential inversion, in parts of mean ≤ 20 (e^−20 is far from underflow).
  static func poisson(_ mean: Double, _ g: inout ReferenceRandom) -> Int {
    var n = 0
    var rest = mean
    while rest > 0 {
      let part = min(rest, 20)
      rest -= part
      let u = g.uniform()
      var p = Foundation.exp(-part)
      var cdf = p
      var k = 0
      while u > cdf && p > 0 {
        k += 1
        p *= part / Double(k)
        cdf += p
      }
      n += k
    }
    return n
  }

  /// Gamma(shape, 1): Marsaglia–Tsang squeeze for shape ≥ 1; below 1 the boost
  /// Gamma(a) = Gamma(a + 1) · U^(1/a).
  static func gamma(shape: Double, _ g: inout ReferenceRandom) -> Double {
    if shape < 1 {
      return gamma(shape: shape + 1, &g) * Foundation.pow(g.uniform(), 1 / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = g.normal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = g.uniform()
      if u < 1 - 0.0331 * x * x * x * x { return d * v }
      if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
    }
  }
}
