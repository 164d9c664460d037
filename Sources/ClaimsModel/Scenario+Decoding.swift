// Scenario+Decoding.swift: reading and checking a scenario file (YAML, or JSON as YAML).
// Every problem is collected with its key path and position and reported at once.
internal import Foundation
internal import Yams

extension Scenario {
  /// Reads and validates the scenario at `path`.
  /// - Throws: ``ScenarioError`` listing every problem (file, key path, line:column, what is
  ///   expected).
  public static func load(path: String) throws -> Scenario {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ScenarioError(file: path, message: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw ScenarioError(file: path, message: "is a directory, expected a scenario file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScenarioError(file: path, message: "cannot read the file (permission denied?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ScenarioError(file: path, message: "is not UTF-8 text")
    }
    let directory = (path as NSString).deletingLastPathComponent
    return try parse(text: text, file: path, baseDirectory: directory)
  }

  /// Parses and validates scenario text. `baseDirectory` resolves a relative `members_file`.
  public static func parse(text: String, file: String, baseDirectory: String = ".") throws -> Scenario {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw ScenarioError(file: file, message: "not valid YAML or JSON: \(yamlMessage(error))")
    } catch {
      throw ScenarioError(file: file, message: "not valid YAML or JSON: \(error)")
    }
    guard let root else {
      throw ScenarioError(file: file, message: "the file is empty; expected a scenario (see `claimsrisk template`)")
    }
    let reader = NodeReader(file: file)
    let scenario = ScenarioDecoder(reader: reader, baseDirectory: baseDirectory).decode(root)
    if !reader.issues.isEmpty { throw ScenarioError(reader.issues) }
    guard let scenario else { throw ScenarioError(file: file, message: "invalid scenario") }
    return scenario
  }

  private static func yamlMessage(_ error: YamlError) -> String {
    let text = "\(error)".replacingOccurrences(of: "\n", with: " ")
    return text
  }
}

/// Walks the node tree of one scenario.
private struct ScenarioDecoder {
  let reader: NodeReader
  let baseDirectory: String

  static let topKeys = [
    "format", "name", "census", "claims", "stop_loss", "fixed_costs",
    "fully_insured_annual_premium", "simulation",
  ]

  func decode(_ root: Node) -> Scenario? {
    guard let map = reader.mapping(root, "", allowed: Self.topKeys) else { return nil }
    var format = Scenario.supportedFormat
    if let node = map["format"], let f = reader.integer(node, "format") {
      if f != Scenario.supportedFormat {
        reader.fail(node, "format", "unsupported format version \(f); this program reads format \(Scenario.supportedFormat)")
      }
      format = f
    }
    var name = ((reader.file as NSString).lastPathComponent as NSString).deletingPathExtension
    if let node = map["name"], let n = reader.string(node, "name") { name = n }

    var census: Census?
    if let node = map["census"] { census = decodeCensus(node) } else { missing(root, "census") }
    var claims: ClaimsSpec?
    if let node = map["claims"] { claims = decodeClaims(node, census: census) } else { missing(root, "claims") }
    var stopLoss = StopLossSpec(specific: nil, aggregate: nil)
    if let node = map["stop_loss"] { stopLoss = decodeStopLoss(node, census: census) }
    var fixedCosts: TierRates?
    if let node = map["fixed_costs"],
      let fc = reader.mapping(node, "fixed_costs", allowed: ["per_unit_month"])
    {
      if let rates = fc["per_unit_month"] {
        fixedCosts = decodeRates(rates, "fixed_costs.per_unit_month", census: census)
      } else {
        missing(node, "fixed_costs.per_unit_month")
      }
    }
    var premium: Double?
    if let node = map["fully_insured_annual_premium"] {
      premium = reader.number(node, "fully_insured_annual_premium", minimum: 0, what: "an amount in dollars")
    }
    var simulation = SimulationSettings(trials: 10_000, seed: 1, generator: .taus2)
    if let node = map["simulation"] { simulation = decodeSimulation(node) }

    guard let census, let claims else { return nil }
    return Scenario(
      format: format, name: name, census: census, claims: claims, stopLoss: stopLoss,
      fixedCosts: fixedCosts, fullyInsuredAnnualPremium: premium, simulation: simulation,
      file: reader.file)
  }

  private func missing(_ parent: Node, _ path: String) {
    reader.fail(parent, path, "missing required key")
  }

  // MARK: census

  func decodeCensus(_ node: Node) -> Census? {
    guard let map = reader.mapping(node, "census", allowed: ["members", "tiers", "members_file"]) else {
      return nil
    }
    let given = ["members", "tiers", "members_file"].filter { map[$0] != nil }
    guard given.count == 1 else {
      reader.fail(node, "census", given.isEmpty
        ? "expected exactly one of members, tiers, members_file"
        : "give only one of members, tiers, members_file (found \(given.joined(separator: ", ")))")
      return nil
    }
    if let n = map["members"] {
      guard let count = reader.integer(n, "census.members", minimum: 1, maximum: 50_000_000) else { return nil }
      return Census.identical(count)
    }
    if let n = map["tiers"] {
      guard let list = reader.sequence(n, "census.tiers") else { return nil }
      if list.isEmpty { reader.fail(n, "census.tiers", "expected at least one tier"); return nil }
      var specs: [(name: String, employees: Int, membersPerEmployee: Double)] = []
      var ok = true
      for (i, item) in list.enumerated() {
        let path = "census.tiers[\(i)]"
        guard let m = reader.mapping(item, path, allowed: ["name", "employees", "members_per_employee"]) else {
          ok = false
          continue
        }
        guard let nameNode = m["name"], let name = reader.string(nameNode, "\(path).name") else {
          if m["name"] == nil { missing(item, "\(path).name") }
          ok = false
          continue
        }
        if specs.contains(where: { $0.name == name }) {
          reader.fail(nameNode, "\(path).name", "duplicate tier name '\(name)'")
          ok = false
        }
        guard let empNode = m["employees"] else { missing(item, "\(path).employees"); ok = false; continue }
        guard let employees = reader.integer(empNode, "\(path).employees", minimum: 0, maximum: 10_000_000) else {
          ok = false
          continue
        }
        var mpe = 1.0
        if let mn = m["members_per_employee"] {
          guard let v = reader.number(mn, "\(path).members_per_employee", minimum: 1, maximum: 20) else {
            ok = false
            continue
          }
          mpe = v
        }
        specs.append((name, employees, mpe))
      }
      guard ok else { return nil }
      if specs.allSatisfy({ $0.employees == 0 }) {
        reader.fail(n, "census.tiers", "expected at least one employee in some tier")
        return nil
      }
      return Census.fromTiers(specs)
    }
    if let n = map["members_file"] {
      guard let rel = reader.string(n, "census.members_file") else { return nil }
      let path = rel.hasPrefix("/") ? rel : (baseDirectory as NSString).appendingPathComponent(rel)
      do {
        return try Census.read(csvFile: path, displayName: path)
      } catch let error as ScenarioError {
        for issue in error.issues {
          reader.fail(n, "census.members_file", "\(issue.file): \(issue.path.isEmpty ? "" : issue.path + ": ")\(issue.message)")
        }
        return nil
      } catch {
        reader.fail(n, "census.members_file", "\(error)")
        return nil
      }
    }
    return nil
  }

  // MARK: claims

  static let claimsKeys = [
    "per_member", "annual", "default", "lag", "trend", "seasonality", "group_parameter_cv",
    "cost_sharing",
  ]

  func decodeClaims(_ node: Node, census: Census?) -> ClaimsSpec? {
    // The bare `claims: default`.
    if case .scalar = node, node.string == "default" {
      return calibratedDefault(expectedPMPM: nil, census: census, options: [:], node: node)
    }
    guard let map = reader.mapping(node, "claims", allowed: Self.claimsKeys) else { return nil }
    let models = ["per_member", "annual", "default"].filter { map[$0] != nil }
    guard models.count == 1 else {
      reader.fail(node, "claims", models.isEmpty
        ? "expected exactly one of per_member, annual, default"
        : "give only one of per_member, annual, default (found \(models.joined(separator: ", ")))")
      return nil
    }
    if let d = map["default"] {
      var pmpm: Double?
      if case .scalar = d, d.null != nil {
        pmpm = nil
      } else if let dm = reader.mapping(d, "claims.default", allowed: ["expected_pmpm"]) {
        if let p = dm["expected_pmpm"] {
          pmpm = reader.number(p, "claims.default.expected_pmpm", minimum: 0, exclusiveMinimum: true)
          if pmpm == nil { return nil }
        }
      } else {
        return nil
      }
      return calibratedDefault(expectedPMPM: pmpm, census: census, options: map, node: node)
    }
    var model: ClaimsSpec.Model?
    if let pm = map["per_member"],
      let m = reader.mapping(pm, "claims.per_member", allowed: ["frequency", "severity"])
    {
      let frequency = m["frequency"].flatMap { decodeDistribution($0, "claims.per_member.frequency") }
      let severity = m["severity"].flatMap { decodeDistribution($0, "claims.per_member.severity") }
      if m["frequency"] == nil { missing(pm, "claims.per_member.frequency") }
      if m["severity"] == nil { missing(pm, "claims.per_member.severity") }
      if let frequency, !isWholeNumberValued(frequency) {
        reader.fail(m["frequency"], "claims.per_member.frequency",
          "a claim count needs a counting distribution (poisson, negative_binomial, or empirical with whole-number values); found \(frequency.family)")
      } else if let severity, severity.isCounting {
        reader.fail(m["severity"], "claims.per_member.severity",
          "a claim amount needs a distribution of amounts, not the counting distribution \(severity.family)")
      } else if let frequency, let severity {
        model = .perMember(frequency: frequency, severity: severity)
      }
    }
    if let an = map["annual"],
      let m = reader.mapping(an, "claims.annual", allowed: ["distribution", "expected_pmpm"])
    {
      if m["distribution"] == nil { missing(an, "claims.annual.distribution") }
      if var dist = m["distribution"].flatMap({ decodeDistribution($0, "claims.annual.distribution") }) {
        if dist.isCounting {
          reader.fail(m["distribution"], "claims.annual.distribution", "an annual cost needs a distribution of amounts, not \(dist.family)")
        } else if let p = m["expected_pmpm"] {
          if let pmpm = reader.number(p, "claims.annual.expected_pmpm", minimum: 0, exclusiveMinimum: true) {
            let mean = dist.mean
            if mean.isFinite && mean > 0 {
              dist = dist.scaled(by: 12 * pmpm / mean)
              model = .annual(distribution: dist)
            } else {
              reader.fail(p, "claims.annual.expected_pmpm", "cannot rescale a distribution whose mean is \(mean)")
            }
          }
        } else {
          model = .annual(distribution: dist)
        }
      }
    }
    guard let model else {
      // Still check the other claims keys, so that every problem is reported at once.
      _ = finishClaims(model: .annual(distribution: .exponential(mean: 1)), isDefault: false, isAnnual: map["annual"] != nil, map: map, census: census)
      return nil
    }
    var isAnnual = false
    if case .annual = model { isAnnual = true }
    return finishClaims(model: model, isDefault: false, isAnnual: isAnnual, map: map, census: census)
  }

  private func calibratedDefault(expectedPMPM: Double?, census: Census?, options: [String: Node], node: Node) -> ClaimsSpec? {
    var dist = CalibratedModel.annualAllowed
    if let pmpm = expectedPMPM { dist = dist.scaled(by: 12 * pmpm / dist.mean) }
    return finishClaims(model: .annual(distribution: dist), isDefault: true, isAnnual: true, map: options, census: census)
  }

  private func finishClaims(
    model: ClaimsSpec.Model, isDefault: Bool, isAnnual: Bool, map: [String: Node], census: Census?
  ) -> ClaimsSpec? {
    var lag: [Double] = [1]
    var split: (rxShare: Double, rxLag: [Double])?
    if let ln = map["lag"] {
      guard let l = decodeLag(ln, "claims.lag") else { return nil }
      lag = l
    } else if isDefault {
      lag = CalibratedModel.medicalLag
      split = (CalibratedModel.rxShare, CalibratedModel.rxLag)
    }
    var trend = 0.0
    if let t = map["trend"] {
      guard let v = reader.number(t, "claims.trend", minimum: -0.5, maximum: 1.0) else { return nil }
      trend = v
    }
    var seasonality = Array(repeating: 1.0 / 12, count: 12)
    if let s = map["seasonality"] {
      guard let list = reader.sequence(s, "claims.seasonality") else { return nil }
      guard list.count == 12 else {
        reader.fail(s, "claims.seasonality", "expected 12 monthly weights (month 1 = effective month), found \(list.count)")
        return nil
      }
      let values = list.enumerated().compactMap { reader.number($1, "claims.seasonality[\($0)]", minimum: 0) }
      guard values.count == 12 else { return nil }
      let total = values.reduce(0, +)
      guard total > 0 else { reader.fail(s, "claims.seasonality", "weights must not all be zero"); return nil }
      seasonality = values.map { $0 / total }
    }
    var cv = isDefault ? CalibratedModel.groupParameterCV : 0
    if let g = map["group_parameter_cv"] {
      guard let v = reader.number(g, "claims.group_parameter_cv", minimum: 0, maximum: 2) else { return nil }
      cv = v
    }
    var costSharing: CostSharing? = isDefault ? .calibratedDefault : nil
    if let c = map["cost_sharing"] {
      if !isAnnual {
        reader.fail(c, "claims.cost_sharing", "cost sharing applies to annual member costs (annual or default models), not to per_member claims")
        return nil
      }
      if case .scalar = c, c.string == "none" {
        costSharing = nil
      } else if let m = reader.mapping(c, "claims.cost_sharing", allowed: ["deductible", "coinsurance", "out_of_pocket_max"]) {
        let d = m["deductible"].flatMap { reader.number($0, "claims.cost_sharing.deductible", minimum: 0) } ?? (m["deductible"] == nil ? 0 : nil)
        let co = m["coinsurance"].flatMap { reader.number($0, "claims.cost_sharing.coinsurance", minimum: 0, maximum: 1) } ?? (m["coinsurance"] == nil ? 0 : nil)
        let oop = m["out_of_pocket_max"].flatMap { reader.number($0, "claims.cost_sharing.out_of_pocket_max", minimum: 0) } ?? (m["out_of_pocket_max"] == nil ? Double.infinity : nil)
        guard let d, let co, let oop else { return nil }
        if oop < d {
          reader.fail(m["out_of_pocket_max"], "claims.cost_sharing.out_of_pocket_max", "must be at least the deductible (\(format(d))), found \(format(oop))")
          return nil
        }
        costSharing = CostSharing(deductible: d, coinsurance: co, outOfPocketMax: oop)
      } else {
        return nil
      }
    }
    let weights = isDefault ? census.map { CalibratedModel.memberWeights(for: $0) } : nil
    return ClaimsSpec(
      model: model, isCalibratedDefault: isDefault, lag: lag, medicalRxSplit: split, trend: trend,
      seasonality: seasonality, groupParameterCV: cv, costSharing: costSharing, memberWeights: weights)
  }

  func decodeLag(_ node: Node, _ path: String) -> [Double]? {
    guard let list = reader.sequence(node, path) else { return nil }
    guard !list.isEmpty, list.count <= 37 else {
      reader.fail(node, path, "expected 1 to 37 probabilities (lags 0, 1, 2, … months), found \(list.count)")
      return nil
    }
    let values = list.enumerated().compactMap {
      reader.number($1, "\(path)[\($0)]", minimum: 0, maximum: 1, what: "a probability")
    }
    guard values.count == list.count else { return nil }
    let total = values.reduce(0, +)
    guard abs(total - 1) <= 1e-9 else {
      reader.fail(node, path, "lag probabilities must sum to 1 (within 1e-9), found \(total)")
      return nil
    }
    var trimmed = values
    while trimmed.count > 1 && trimmed.last == 0 { trimmed.removeLast() }
    return trimmed
  }

  // MARK: distributions

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

  // MARK: stop loss

  func decodeBasis(_ node: Node, _ path: String) -> ContractBasis? {
    guard let s = node.string, case .scalar = node else {
      reader.fail(node, path, "expected a contract basis such as \"12/15\", \"15/12\", \"paid\" or \"incurred\", found \(reader.describe(node))")
      return nil
    }
    guard let b = ContractBasis(parsing: s) else {
      reader.fail(node, path, "'\(s)' is not a contract basis; expected \"I/P\" with whole months I and P from 12 to 36 (12/12, 12/15, 12/18, 12/24, 15/12, 18/12, 24/12, …), \"paid\" or \"incurred\"")
      return nil
    }
    return b
  }

  func decodeStopLoss(_ node: Node, census: Census?) -> StopLossSpec {
    var spec = StopLossSpec(specific: nil, aggregate: nil)
    guard let map = reader.mapping(node, "stop_loss", allowed: ["basis", "specific", "aggregate"]) else {
      return spec
    }
    var common: ContractBasis?
    if let b = map["basis"] { common = decodeBasis(b, "stop_loss.basis") }
    if let common { spec.basis = common }
    if let s = map["specific"], let m = reader.mapping(s, "stop_loss.specific", allowed: ["deductible", "basis"]) {
      let basis = m["basis"].flatMap { decodeBasis($0, "stop_loss.specific.basis") } ?? common ?? ContractBasis(.window(incurral: 12, paid: 15))
      if let dn = m["deductible"] {
        if let d = reader.number(dn, "stop_loss.specific.deductible", minimum: 0, what: "an amount in dollars") {
          spec.specific = SpecificSpec(deductible: d, basis: basis)
        }
      } else {
        missing(s, "stop_loss.specific.deductible")
      }
    }
    if let a = map["aggregate"],
      let m = reader.mapping(a, "stop_loss.aggregate", allowed: ["attachment", "factors", "corridor", "basis"])
    {
      let basis = m["basis"].flatMap { decodeBasis($0, "stop_loss.aggregate.basis") } ?? common ?? .twelveTwelve
      let given = ["attachment", "factors", "corridor"].filter { m[$0] != nil }
      if given.count != 1 {
        reader.fail(a, "stop_loss.aggregate", given.isEmpty
          ? "expected exactly one of attachment, factors, corridor"
          : "give only one of attachment, factors, corridor (found \(given.joined(separator: ", ")))")
      } else if let n = m["attachment"] {
        if let v = reader.number(n, "stop_loss.aggregate.attachment", minimum: 0, what: "an amount in dollars") {
          spec.aggregate = AggregateSpec(attachment: .dollars(v), basis: basis)
        }
      } else if let n = m["factors"] {
        if let rates = decodeRates(n, "stop_loss.aggregate.factors", census: census) {
          spec.aggregate = AggregateSpec(attachment: .factors(rates), basis: basis)
        }
      } else if let n = m["corridor"] {
        if let v = reader.number(n, "stop_loss.aggregate.corridor", minimum: 0, maximum: 10, exclusiveMinimum: true) {
          spec.aggregate = AggregateSpec(attachment: .corridor(v), basis: basis)
        }
      }
    }
    return spec
  }

  /// A composite rate (a number) or one rate per tier (a mapping whose keys are the census's
  /// tier names; every tier needs a rate).
  func decodeRates(_ node: Node, _ path: String, census: Census?) -> TierRates? {
    if case .mapping = node {
      guard let pairs = reader.numberMap(node, path) else { return nil }
      guard let census else { return nil }
      let names = census.tiers.map(\.name)
      var ok = true
      for (k, _) in pairs where !names.contains(k) {
        reader.fail(node, "\(path).\(k)", "no tier named '\(k)' in the census (tiers: \(names.joined(separator: ", ")))")
        ok = false
      }
      for n in names where !pairs.contains(where: { $0.0 == n }) {
        reader.fail(node, path, "missing a rate for tier '\(n)'")
        ok = false
      }
      return ok ? .perTier(Dictionary(uniqueKeysWithValues: pairs)) : nil
    }
    guard let v = reader.number(node, path, minimum: 0, what: "dollars per unit per month (a number, or a mapping of tier to number)") else { return nil }
    return .composite(v)
  }

  // MARK: simulation

  func decodeSimulation(_ node: Node) -> SimulationSettings {
    var s = SimulationSettings(trials: 10_000, seed: 1, generator: .taus2)
    guard let m = reader.mapping(node, "simulation", allowed: ["trials", "seed", "generator"]) else { return s }
    if let t = m["trials"], let v = reader.integer(t, "simulation.trials", minimum: 1, maximum: 1_000_000_000) {
      s.trials = v
    }
    if let t = m["seed"], let v = reader.integer(t, "simulation.seed", minimum: 0) { s.seed = UInt64(v) }
    if let g = m["generator"], let name = reader.string(g, "simulation.generator") {
      if let kind = SimulationSettings.GeneratorChoice(rawValue: name) {
        s.generator = kind
      } else {
        reader.fail(g, "simulation.generator", "expected one of \(SimulationSettings.GeneratorChoice.allCases.map(\.rawValue).joined(separator: ", ")), found '\(name)'")
      }
    }
    return s
  }
}
