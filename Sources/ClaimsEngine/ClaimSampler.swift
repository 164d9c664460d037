// ClaimSampler.swift: distributions compiled for the trial loop. Counts at small means are
// drawn by table inversion (one uniform); lognormal amounts by exp(mu + sigma·ziggurat);
// everything else by the general sampler of ClaimsModel.
internal import ClaimsModel
internal import GSLRandom

/// A compiled claim-count distribution.
struct CountSampler: Sendable {
  enum Method: Sendable {
    case table(GuideTable)
    case general(Distribution)
  }
  let method: Method

  init(_ d: Distribution) {
    switch d {
    case .poisson(let mean) where mean <= 200:
      method = .table(GuideTable.poisson(mean: mean))
    case .negativeBinomial(let mean, let size) where mean <= 200 && mean / size <= 50:
      method = .table(GuideTable.negativeBinomial(p: size / (size + mean), n: size))
    case .empirical(let values, let weights) where values.allSatisfy({ $0 >= 0 && $0 <= 100_000 }):
      var pmf = Array(repeating: 0.0, count: Int(values.max() ?? 0) + 1)
      for (v, w) in zip(values, weights) { pmf[Int(v)] += w }
      method = .table(GuideTable(probabilities: pmf))
    default:
      method = .general(d)
    }
  }

  /// Draws `buffer.count` counts; returns their sum.
  @inline(__always)
  func fill(_ buffer: UnsafeMutableBufferPointer<Int32>, uniforms: UnsafeMutableBufferPointer<Double>, _ g: Generator) -> Int {
    var total = 0
    switch method {
    case .table(let table):
      g.fillUniform(uniforms)
      for i in buffer.indices {
        let n = table.index(for: uniforms[i])
        buffer[i] = Int32(truncatingIfNeeded: n)
        total &+= n
      }
    case .general(let d):
      for i in buffer.indices {
        let n = Int(d.sample(g))
        buffer[i] = Int32(truncatingIfNeeded: n)
        total &+= n
      }
    }
    return total
  }

  @inline(__always)
  func sample(_ g: Generator) -> Int {
    switch method {
    case .table(let table): table.sample(g)
    case .general(let d): Int(d.sample(g))
    }
  }
}

/// A compiled amount distribution (claim severity or annual cost).
struct AmountSampler: Sendable {
  enum Method: Sendable {
    case lognormal(mu: Double, sigma: Double)
    case zeroInflatedLognormal(zero: Double, mu: Double, sigma: Double)
    case general(Distribution)
  }
  let method: Method

  init(_ d: Distribution) {
    switch d {
    case .lognormal(let mu, let sigma): method = .lognormal(mu: mu, sigma: sigma)
    case .zeroInflated(let z, .lognormal(let mu, let sigma)):
      method = .zeroInflatedLognormal(zero: z, mu: mu, sigma: sigma)
    default: method = .general(d)
    }
  }

  /// Fills `buffer` with independent draws.
  @inline(__always)
  func fill(_ buffer: UnsafeMutableBufferPointer<Double>, _ g: Generator) {
    switch method {
    case .lognormal(let mu, let sigma): g.fillLognormal(buffer, mu: mu, sigma: sigma)
    default:
      for i in buffer.indices { buffer[i] = sample(g) }
    }
  }

  @inline(__always)
  func sample(_ g: Generator) -> Double {
    switch method {
    case .lognormal(let mu, let sigma): return g.lognormal(mu: mu, sigma: sigma)
    case .zeroInflatedLognormal(let z, let mu, let sigma):
      return g.uniform() < z ? 0 : g.lognormal(mu: mu, sigma: sigma)
    case .general(let d): return d.sample(g)
    }
  }
}
