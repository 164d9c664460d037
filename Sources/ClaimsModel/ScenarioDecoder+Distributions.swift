// ScenarioDecoder+Distributions.swift: reading frequency and severity distributions.
internal import Foundation
internal import Yams

extension ScenarioDecoder {
  static let families = [
    "poisson", "negative_binomial", "lognormal", "gamma", "pareto", "weibull", "exponential",
    "zero_inflated", "mixture", "spliced", "empirical",
  ]

  func decodeDistribution(_ node: Node, _ path: String) -> Distribution? {
    guard case .mapping(let map) = node, map.count == 1, let (keyNode, body) = map.first.map({ ($0.key, $0.value) }),
      let family = keyNode.string
    else {
      reader.fail(node, path, "expected a one-key mapping naming the family (\(Self.families.joined(separator: ", "))), found \(reader.describe(node))")
      return nil
    }
    let p = "\(path).\(family)"
    func params(_ keys: [String]) -> [String: Node]? { reader.mapping(body, p, allowed: keys) }
    func need(_ m: [String: Node], _ key: String, positive: Bool = true, minimum: Double? = nil, maximum: Double? = nil) -> Double? {
      guard let n = m[key] else { missing(body, "\(p).\(key)"); return nil }
      if positive { return reader.number(n, "\(p).\(key)", minimum: 0, maximum: maximum, exclusiveMinimum: true) }
      return reader.number(n, "\(p).\(key)", minimum: minimum, maximum: maximum)
    }
    switch family {
    case "poisson":
      guard let m = params(["mean"]), let mean = need(m, "mean", maximum: 1e6) else { return nil }
      return .poisson(mean: mean)
    case "negative_binomial":
      guard let m = params(["mean", "size"]) else { return nil }
      let mean = need(m, "mean", maximum: 1e6)
      let size = need(m, "size")
      guard let mean, let size else { return nil }
      return .negativeBinomial(mean: mean, size: size)
    case "lognormal":
      guard let m = params(["mu", "sigma", "mean", "cv"]) else { return nil }
      if m["mean"] != nil || m["cv"] != nil {
        if m["mu"] != nil || m["sigma"] != nil {
          reader.fail(body, p, "give either mu and sigma, or mean and cv, not both")
          return nil
        }
        let mean = need(m, "mean")
        let cv = need(m, "cv", maximum: 1000)
        guard let mean, let cv else { return nil }
        let s2 = Foundation.log(1 + cv * cv)
        return .lognormal(mu: Foundation.log(mean) - s2 / 2, sigma: s2.squareRoot())
      }
      let mu = need(m, "mu", positive: false, minimum: -50, maximum: 50)
      let sigma = need(m, "sigma", maximum: 10)
      guard let mu, let sigma else { return nil }
      return .lognormal(mu: mu, sigma: sigma)
    case "gamma":
      guard let m = params(["shape", "scale"]) else { return nil }
      let shape = need(m, "shape")
      let scale = need(m, "scale")
      guard let shape, let scale else { return nil }
      return .gamma(shape: shape, scale: scale)
    case "pareto":
      guard let m = params(["scale", "shape"]) else { return nil }
      let scale = need(m, "scale")
      let shape = need(m, "shape")
      guard let scale, let shape else { return nil }
      return .pareto(scale: scale, shape: shape)
    case "weibull":
      guard let m = params(["shape", "scale"]) else { return nil }
      let shape = need(m, "shape")
      let scale = need(m, "scale")
      guard let shape, let scale else { return nil }
      return .weibull(shape: shape, scale: scale)
    case "exponential":
      guard let m = params(["mean"]), let mean = need(m, "mean") else { return nil }
      return .exponential(mean: mean)
    case "zero_inflated":
      guard let m = params(["zero", "of"]) else { return nil }
      let zero = need(m, "zero", positive: false, minimum: 0, maximum: 1)
      if let z = zero, z >= 1 { reader.fail(m["zero"], "\(p).zero", "must be < 1, found \(format(z))"); return nil }
      guard let ofNode = m["of"] else { missing(body, "\(p).of"); return nil }
      guard let zero, let of = decodeDistribution(ofNode, "\(p).of") else { return nil }
      return .zeroInflated(zero: zero, of: of)
    case "mixture":
      guard let list = reader.sequence(body, p) else { return nil }
      guard !list.isEmpty else { reader.fail(body, p, "expected at least one component"); return nil }
      var weights: [Double] = []
      var components: [Distribution] = []
      for (i, item) in list.enumerated() {
        let ip = "\(p)[\(i)]"
        guard let m = reader.mapping(item, ip, allowed: ["weight", "of"]) else { continue }
        guard let wn = m["weight"] else { missing(item, "\(ip).weight"); continue }
        guard let on = m["of"] else { missing(item, "\(ip).of"); continue }
        if let w = reader.number(wn, "\(ip).weight", minimum: 0, maximum: 1), let d = decodeDistribution(on, "\(ip).of") {
          weights.append(w)
          components.append(d)
        }
      }
      guard weights.count == list.count else { return nil }
      let total = weights.reduce(0, +)
      guard abs(total - 1) <= 1e-9 else {
        reader.fail(body, p, "mixture weights must sum to 1 (within 1e-9), found \(total)")
        return nil
      }
      return .mixture(weights: weights, components: components)
    case "spliced":
      guard let m = params(["below", "above", "at", "weight_below"]) else { return nil }
      let at = need(m, "at")
      let wb = need(m, "weight_below", positive: false, minimum: 0, maximum: 1)
      guard let bn = m["below"] else { missing(body, "\(p).below"); return nil }
      guard let an = m["above"] else { missing(body, "\(p).above"); return nil }
      let below = decodeDistribution(bn, "\(p).below")
      let above = decodeDistribution(an, "\(p).above")
      guard let at, let wb, let below, let above else { return nil }
      var ok = true
      for (d, n, k) in [(below, bn, "below"), (above, an, "above")] where !d.hasQuantile {
        reader.fail(n, "\(p).\(k)", "a spliced part must be lognormal, gamma, pareto, weibull or exponential; found \(d.family)")
        ok = false
      }
      guard ok else { return nil }
      if wb > 0 && !(below.cdf(at) > 0) {
        reader.fail(bn, "\(p).below", "has no probability below at = \(format(at))")
        return nil
      }
      if wb < 1 && !(above.survival(at) > 0) {
        reader.fail(an, "\(p).above", "has no probability above at = \(format(at))")
        return nil
      }
      return .spliced(below: below, above: above, at: at, weightBelow: wb)
    case "empirical":
      guard let m = params(["values", "weights"]) else { return nil }
      guard let vn = m["values"] else { missing(body, "\(p).values"); return nil }
      guard let vl = reader.sequence(vn, "\(p).values") else { return nil }
      let values = vl.enumerated().compactMap { reader.number($1, "\(p).values[\($0)]", minimum: 0) }
      guard values.count == vl.count, !values.isEmpty else {
        if vl.isEmpty { reader.fail(vn, "\(p).values", "expected at least one value") }
        return nil
      }
      var weights = Array(repeating: 1.0, count: values.count)
      if let wn = m["weights"] {
        guard let wl = reader.sequence(wn, "\(p).weights") else { return nil }
        guard wl.count == values.count else {
          reader.fail(wn, "\(p).weights", "expected \(values.count) weights (one per value), found \(wl.count)")
          return nil
        }
        weights = wl.enumerated().compactMap { reader.number($1, "\(p).weights[\($0)]", minimum: 0) }
        guard weights.count == values.count else { return nil }
        guard weights.reduce(0, +) > 0 else { reader.fail(wn, "\(p).weights", "weights must not all be zero"); return nil }
      }
      let total = weights.reduce(0, +)
      return .empirical(values: values, weights: weights.map { $0 / total })
    default:
      let hint = closest(family, in: Self.families).map { " (did you mean '\($0)'?)" } ?? ""
      reader.fail(keyNode, p, "unknown distribution family\(hint); expected one of \(Self.families.joined(separator: ", "))")
      return nil
    }
  }

  func isWholeNumberValued(_ d: Distribution) -> Bool {
    switch d {
    case .poisson, .negativeBinomial: true
    case .empirical(let values, _): values.allSatisfy { $0 == $0.rounded() }
    case .zeroInflated(_, let of): isWholeNumberValued(of)
    case .mixture(_, let components): components.allSatisfy(isWholeNumberValued)
    default: false
    }
  }
}
