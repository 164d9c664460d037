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
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
      let tooLarge = YAMLSafety.sizeProblem(bytes: size)
    {
      throw ScenarioError(file: path, message: tooLarge)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScenarioError(file: path, message: "cannot read the file (permission denied?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ScenarioError(file: path, message: "is not UTF-8 text")
    }
    let directory = (path as NSString).deletingLastPathComponent
    var scenario = try parse(text: text, file: path, baseDirectory: directory)
    scenario.inputDigests = [InputDigest(path: path, digest: Digest.hex(data))]
    if case .membersFile(let census) = scenario.census.source, let digest = scenario.census.fileDigest {
      scenario.inputDigests.append(InputDigest(path: census, digest: digest))
    }
    return scenario
  }

  /// Parses and validates scenario text. `baseDirectory` resolves a relative `members_file`.
  public static func parse(text: String, file: String, baseDirectory: String = ".") throws -> Scenario {
    if let problem = YAMLSafety.problem(text) {
      throw ScenarioError(file: file, message: "not accepted: \(problem)")
    }
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

  /// The YAML error in one line: what is wrong and where, with at most a short excerpt
  /// (never the whole file).
  private static func yamlMessage(_ error: YamlError) -> String {
    if case .duplicatedKeysInMapping(let keys, let context) = error {
      let mark = context.mark
      return "duplicate key \(keys.map { "'\($0)'" }.joined(separator: ", ")) at line \(mark.line), column \(mark.column); each key may appear once in a mapping"
    }
    var text = "\(error)".replacingOccurrences(of: "\n", with: " ")
    if text.count > 300 { text = String(text.prefix(300)) + "…" }
    return text
  }
}

/// Walks the node tree of one scenario.
private struct ScenarioDecoder {
  let reader: NodeReader
  let baseDirectory: String
  /// The census once read (for rates keyed by tier in later sections).
  var census: Census? { censusBox.value }
  let censusBox = Box<Census>()

  static let topKeys = [
    "format", "name", "census", "enrolment", "claims", "stop_loss", "fixed_costs",
    "fully_insured_annual_premium", "options", "simulation", "funding",
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
    censusBox.value = census
    var claims: ClaimsSpec?
    if let node = map["claims"] { claims = decodeClaims(node, census: census) } else { missing(root, "claims") }
    var stopLoss = StopLossSpec(specific: nil, aggregate: nil)
    if let node = map["stop_loss"] { stopLoss = decodeStopLoss(node, "stop_loss", census: census) }
    var enrolment = census.map { Enrolment.constant($0) }
    if let node = map["enrolment"], let census { enrolment = decodeEnrolment(node, census: census) }
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
    var options: [ContractOption] = []
    if let node = map["options"] {
      options = decodeOptions(node, base: map["stop_loss"], baseFixed: fixedCosts, census: census)
    }
    var funding: FundingSpec?
    if let node = map["funding"] { funding = decodeFunding(node) }

    guard let census, let claims, let enrolment else { return nil }
    var scenario = Scenario(
      format: format, name: name, census: census, claims: claims, stopLoss: stopLoss,
      fixedCosts: fixedCosts, fullyInsuredAnnualPremium: premium, enrolment: enrolment,
      simulation: simulation, file: reader.file)
    scenario.options = options
    scenario.funding = funding
    // Month-by-month settlement needs the attachment point before the year starts.
    let needsKnownAttachment = simulation.cashFlow || funding?.level != nil
    for (i, sl) in ([stopLoss] + options.map(\.stopLoss)).enumerated() {
      guard case .corridor = sl.aggregate?.attachment else { continue }
      let path = i == 0 ? "stop_loss.aggregate" : "options[\(i - 1)].aggregate"
      if sl.aggregate?.accommodation == true {
        reader.fail(map[i == 0 ? "stop_loss" : "options"], "\(path).accommodation", "monthly accommodation needs an attachment point known before the year (attachment or factors), not a corridor")
      } else if needsKnownAttachment {
        reader.fail(map[i == 0 ? "stop_loss" : "options"], "\(path).corridor", "monthly cash flow and level funding need an attachment point known before the year (attachment or factors), not a corridor")
      }
    }
    return scenario
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
    var ok = true
    var lag: [Double] = [1]
    var split: (rxShare: Double, rxLag: [Double])?
    if let ln = map["lag"] {
      if let l = decodeLag(ln, "claims.lag") { lag = l } else { ok = false }
    } else if isDefault {
      lag = CalibratedModel.medicalLag
      split = (CalibratedModel.rxShare, CalibratedModel.rxLag)
    }
    var trend = isDefault ? CalibratedModel.trend : 0.0
    if let t = map["trend"] {
      if let v = reader.number(t, "claims.trend", minimum: -0.5, maximum: 1.0) { trend = v } else { ok = false }
    }
    var seasonality = Array(repeating: 1.0 / 12, count: 12)
    if let s = map["seasonality"] {
      if let list = reader.sequence(s, "claims.seasonality") {
        if list.count != 12 {
          reader.fail(s, "claims.seasonality", "expected 12 monthly weights (month 1 = effective month), found \(list.count)")
          ok = false
        } else {
          let values = list.enumerated().compactMap { reader.number($1, "claims.seasonality[\($0)]", minimum: 0) }
          let total = values.reduce(0, +)
          if values.count != 12 {
            ok = false
          } else if total <= 0 {
            reader.fail(s, "claims.seasonality", "weights must not all be zero")
            ok = false
          } else {
            seasonality = values.map { $0 / total }
          }
        }
      } else {
        ok = false
      }
    }
    var cv = isDefault ? CalibratedModel.groupParameterCV : 0
    if let g = map["group_parameter_cv"] {
      if let v = reader.number(g, "claims.group_parameter_cv", minimum: 0, maximum: 2) { cv = v } else { ok = false }
    }
    var costSharing: CostSharing? = isDefault ? .calibratedDefault : nil
    if let c = map["cost_sharing"] {
      if !isAnnual {
        reader.fail(c, "claims.cost_sharing", "cost sharing applies to annual member costs (annual or default models), not to per_member claims")
        ok = false
      } else if case .scalar = c, c.string == "none" {
        costSharing = nil
      } else if let m = reader.mapping(c, "claims.cost_sharing", allowed: ["deductible", "coinsurance", "out_of_pocket_max"]) {
        let d = m["deductible"].flatMap { reader.number($0, "claims.cost_sharing.deductible", minimum: 0) } ?? (m["deductible"] == nil ? 0 : nil)
        let co = m["coinsurance"].flatMap { reader.number($0, "claims.cost_sharing.coinsurance", minimum: 0, maximum: 1) } ?? (m["coinsurance"] == nil ? 0 : nil)
        let oop = m["out_of_pocket_max"].flatMap { reader.number($0, "claims.cost_sharing.out_of_pocket_max", minimum: 0) } ?? (m["out_of_pocket_max"] == nil ? Double.infinity : nil)
        if let d, let co, let oop {
          if oop < d {
            reader.fail(m["out_of_pocket_max"], "claims.cost_sharing.out_of_pocket_max", "must be at least the deductible (\(format(d))), found \(format(oop))")
            ok = false
          } else {
            costSharing = CostSharing(deductible: d, coinsurance: co, outOfPocketMax: oop)
          }
        } else {
          ok = false
        }
      } else {
        ok = false
      }
    }
    guard ok else { return nil }
    let weights = isDefault ? census.map { CalibratedModel.memberWeights(for: $0) } : nil
    return ClaimsSpec(
      model: model, isCalibratedDefault: isDefault, lag: lag, medicalRxSplit: split, trend: trend,
      seasonality: seasonality, groupParameterCV: cv, costSharing: costSharing, memberWeights: weights)
  }

  func decodeLag(_ node: Node, _ path: String) -> [Double]? {
    guard let list = reader.sequence(node, path) else { return nil }
    guard !list.isEmpty, list.count <= 25 else {
      reader.fail(node, path, "expected 1 to 25 probabilities (lags 0, 1, 2, … 24 months), found \(list.count)")
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

  static let specificKeys = [
    "deductible", "basis", "lasers", "aggregating_deductible", "maximum", "reimbursement",
    "accumulation", "laser_layer_counts_toward_aggregate", "excluded_member_aggregate",
    "asd_layer_counts_toward_aggregate", "timing_months", "carryover_months", "run_in_limit",
    "extension_of_benefits",
  ]
  static let aggregateKeys = [
    "attachment", "factors", "corridor", "basis", "minimum", "maximum", "reimbursement",
    "accommodation", "settlement_lag_months", "run_in_limit",
  ]

  func decodeStopLoss(_ node: Node, _ root: String, census: Census?) -> StopLossSpec {
    var spec = StopLossSpec(specific: nil, aggregate: nil)
    guard let map = reader.mapping(node, root, allowed: ["basis", "specific", "aggregate", "terminal_liability"]) else {
      return spec
    }
    var common: ContractBasis?
    if let b = map["basis"] { common = decodeBasis(b, "\(root).basis") }
    if let common { spec.basis = common }
    if let t = map["terminal_liability"], let b = reader.bool(t, "\(root).terminal_liability") {
      spec.terminalLiability = b
    }
    if let s = map["specific"], let m = reader.mapping(s, "\(root).specific", allowed: Self.specificKeys) {
      let p = "\(root).specific"
      let basis = m["basis"].flatMap { decodeBasis($0, "\(p).basis") } ?? common ?? ContractBasis(.window(incurral: 12, paid: 15))
      if let dn = m["deductible"] {
        if let d = reader.number(dn, "\(p).deductible", minimum: 0, what: "an amount in dollars") {
          var sp = SpecificSpec(deductible: d, basis: basis)
          decodeSpecificOptions(m, p, into: &sp, census: census)
          spec.specific = sp
        }
      } else {
        missing(s, "\(p).deductible")
      }
    }
    if let a = map["aggregate"], let m = reader.mapping(a, "\(root).aggregate", allowed: Self.aggregateKeys) {
      let p = "\(root).aggregate"
      let basis = m["basis"].flatMap { decodeBasis($0, "\(p).basis") } ?? common ?? .twelveTwelve
      let given = ["attachment", "factors", "corridor"].filter { m[$0] != nil }
      var attachment: AggregateSpec.Attachment?
      if given.count != 1 {
        reader.fail(a, p, given.isEmpty
          ? "expected exactly one of attachment, factors, corridor"
          : "give only one of attachment, factors, corridor (found \(given.joined(separator: ", ")))")
      } else if let n = m["attachment"] {
        if let v = reader.number(n, "\(p).attachment", minimum: 0, what: "an amount in dollars") {
          attachment = .dollars(v)
        }
      } else if let n = m["factors"] {
        if let rates = decodeRates(n, "\(p).factors", census: census) { attachment = .factors(rates) }
      } else if let n = m["corridor"] {
        if let v = reader.number(n, "\(p).corridor", minimum: 0, maximum: 10, exclusiveMinimum: true) {
          attachment = .corridor(v)
        }
      }
      if let attachment {
        var ag = AggregateSpec(attachment: attachment, basis: basis)
        decodeAggregateOptions(m, p, into: &ag)
        spec.aggregate = ag
      }
    }
    return spec
  }

  private func decodeSpecificOptions(_ m: [String: Node], _ p: String, into sp: inout SpecificSpec, census: Census?) {
    if let n = m["aggregating_deductible"], let v = reader.number(n, "\(p).aggregating_deductible", minimum: 0, what: "an amount in dollars") {
      sp.aggregatingDeductible = v
    }
    if let n = m["maximum"], let v = reader.number(n, "\(p).maximum", minimum: 0, exclusiveMinimum: true, what: "an amount in dollars") {
      sp.maximum = v
    }
    if let n = m["reimbursement"], let v = reader.number(n, "\(p).reimbursement", minimum: 0, maximum: 1, exclusiveMinimum: true, what: "a fraction (1 = 100%)") {
      sp.reimbursement = v
    }
    if let n = m["accumulation"], let v = reader.string(n, "\(p).accumulation") {
      if let a = SpecificSpec.Accumulation(rawValue: v) { sp.accumulation = a } else {
        reader.fail(n, "\(p).accumulation", "expected member or family, found '\(v)'")
      }
    }
    if let n = m["laser_layer_counts_toward_aggregate"], let b = reader.bool(n, "\(p).laser_layer_counts_toward_aggregate") {
      sp.laserLayerCountsTowardAggregate = b
    }
    if let n = m["asd_layer_counts_toward_aggregate"], let b = reader.bool(n, "\(p).asd_layer_counts_toward_aggregate") {
      sp.asdLayerCountsTowardAggregate = b
    }
    if let n = m["excluded_member_aggregate"], let v = reader.string(n, "\(p).excluded_member_aggregate") {
      if let e = SpecificSpec.ExcludedAggregate(rawValue: v) { sp.excludedMemberAggregate = e } else {
        reader.fail(n, "\(p).excluded_member_aggregate", "expected capped, full or none, found '\(v)'")
      }
    }
    if let n = m["timing_months"], let v = reader.integer(n, "\(p).timing_months", minimum: 0, maximum: 12) { sp.timingMonths = v }
    if let n = m["carryover_months"], let v = reader.integer(n, "\(p).carryover_months", minimum: 0, maximum: 12) { sp.carryoverMonths = v }
    if let n = m["run_in_limit"] { sp.runInLimit = decodeRunInLimit(n, "\(p).run_in_limit") }
    if let n = m["extension_of_benefits"], let e = reader.mapping(n, "\(p).extension_of_benefits", allowed: ["members", "months"]) {
      let ep = "\(p).extension_of_benefits"
      if let mn = e["months"], let v = reader.integer(mn, "\(ep).months", minimum: 1, maximum: 12) { sp.extensionMonths = v }
      if let list = e["members"].flatMap({ reader.sequence($0, "\(ep).members") }) {
        let ids = census.map { Set($0.members.map(\.id)) }
        for (i, item) in list.enumerated() {
          guard case .scalar(let scalar) = item else { reader.fail(item, "\(ep).members[\(i)]", "expected a member id"); continue }
          if let ids, !ids.contains(scalar.string) {
            reader.fail(item, "\(ep).members[\(i)]", "no member '\(scalar.string)' in the census")
            continue
          }
          sp.extensionMembers.append(scalar.string)
        }
      } else if e["members"] == nil {
        missing(n, "\(ep).members")
      }
    }
    if let n = m["lasers"], let list = reader.sequence(n, "\(p).lasers") {
      let ids = census.map { Set($0.members.map(\.id)) }
      var seen: Set<String> = []
      for (i, item) in list.enumerated() {
        let lp = "\(p).lasers[\(i)]"
        guard let lm = reader.mapping(item, lp, allowed: ["member", "deductible", "excluded"]) else { continue }
        guard let mn = lm["member"] else { missing(item, "\(lp).member"); continue }
        guard case .scalar(let scalar) = mn else { reader.fail(mn, "\(lp).member", "expected a member id"); continue }
        let id = scalar.string
        if let ids, !ids.contains(id) {
          reader.fail(mn, "\(lp).member", "no member '\(id)' in the census (members_file ids; for members or tiers censuses the generated ids such as '1' or 'family-3-1')")
          continue
        }
        if seen.contains(id) { reader.fail(mn, "\(lp).member", "member '\(id)' is lasered twice"); continue }
        seen.insert(id)
        let excluded = lm["excluded"].flatMap { reader.bool($0, "\(lp).excluded") } ?? false
        if excluded {
          if lm["deductible"] != nil { reader.fail(lm["deductible"], "\(lp).deductible", "an excluded member has no deductible") }
          sp.lasers.append(.init(member: id, deductible: nil))
        } else if let dn = lm["deductible"] {
          if let d = reader.number(dn, "\(lp).deductible", minimum: 0, what: "an amount in dollars") {
            sp.lasers.append(.init(member: id, deductible: d))
          }
        } else {
          reader.fail(item, lp, "give the member's deductible, or excluded: true")
        }
      }
    }
  }

  private func decodeAggregateOptions(_ m: [String: Node], _ p: String, into ag: inout AggregateSpec) {
    if let n = m["maximum"], let v = reader.number(n, "\(p).maximum", minimum: 0, exclusiveMinimum: true, what: "an amount in dollars") {
      ag.maximum = v
    }
    if let n = m["reimbursement"], let v = reader.number(n, "\(p).reimbursement", minimum: 0, maximum: 1, exclusiveMinimum: true, what: "a fraction (1 = 100%)") {
      ag.reimbursement = v
    }
    if let n = m["accommodation"], let b = reader.bool(n, "\(p).accommodation") { ag.accommodation = b }
    if let n = m["settlement_lag_months"], let v = reader.integer(n, "\(p).settlement_lag_months", minimum: 0, maximum: 12) {
      ag.settlementLagMonths = v
    }
    if let n = m["run_in_limit"] { ag.runInLimit = decodeRunInLimit(n, "\(p).run_in_limit") }
    if let n = m["minimum"] {
      if case .scalar = n, n.string == "none" {
        ag.minimum = .none
      } else if let mm = reader.mapping(n, "\(p).minimum", allowed: ["rule", "percent", "dollars"]) {
        let rule = mm["rule"].flatMap { reader.string($0, "\(p).minimum.rule") } ?? "first_month"
        let percent = mm["percent"].flatMap { reader.number($0, "\(p).minimum.percent", minimum: 0, maximum: 2, exclusiveMinimum: true) }
        let dollars = mm["dollars"].flatMap { reader.number($0, "\(p).minimum.dollars", minimum: 0, what: "an amount in dollars") }
        switch rule {
        case "first_month":
          ag.minimum = .firstMonth(percent: percent ?? 0.95, dollars: dollars ?? 0)
        case "inception":
          if let percent { ag.minimum = .inception(percent: percent) } else {
            reader.fail(n, "\(p).minimum.percent", "the inception rule needs percent (for example 0.90 of inception enrolment)")
          }
        case "dollars":
          if let dollars { ag.minimum = .dollars(dollars) } else {
            reader.fail(n, "\(p).minimum.dollars", "the dollars rule needs dollars")
          }
        case "none": ag.minimum = .none
        default:
          reader.fail(mm["rule"], "\(p).minimum.rule", "expected first_month, inception, dollars or none, found '\(rule)'")
        }
      }
    }
  }

  private func decodeRunInLimit(_ node: Node, _ p: String) -> RunInLimit {
    var limit = RunInLimit()
    guard let m = reader.mapping(node, p, allowed: ["months", "dollars"]) else { return limit }
    if let n = m["months"] { limit.months = reader.integer(n, "\(p).months", minimum: 0, maximum: 36) }
    if let n = m["dollars"] { limit.dollars = reader.number(n, "\(p).dollars", minimum: 0, what: "an amount in dollars") }
    return limit
  }

  func decodeEnrolment(_ node: Node, census: Census) -> Enrolment? {
    guard let m = reader.mapping(node, "enrolment", allowed: ["monthly", "attrition", "layoff"]) else { return nil }
    let given = ["monthly", "attrition", "layoff"].filter { m[$0] != nil }
    guard given.count == 1 else {
      reader.fail(node, "enrolment", "expected exactly one of monthly, attrition, layoff")
      return nil
    }
    var e = Enrolment.constant(census)
    if let n = m["monthly"] {
      guard case .mapping(let map) = n else {
        reader.fail(n, "enrolment.monthly", "expected a mapping of tier name to 12 monthly unit counts")
        return nil
      }
      let names = census.tiers.map(\.name)
      var ok = true
      var seen: Set<String> = []
      for (k, v) in map {
        guard let key = k.string, let t = names.firstIndex(of: key) else {
          reader.fail(k, "enrolment.monthly.\(k.string ?? "?")", "no tier named '\(k.string ?? "?")' in the census (tiers: \(names.joined(separator: ", ")))")
          ok = false
          continue
        }
        seen.insert(key)
        guard let list = reader.sequence(v, "enrolment.monthly.\(key)") else { ok = false; continue }
        guard list.count == 12 else {
          reader.fail(v, "enrolment.monthly.\(key)", "expected 12 monthly unit counts (months 1…12), found \(list.count)")
          ok = false
          continue
        }
        let values = list.enumerated().compactMap { reader.number($1, "enrolment.monthly.\(key)[\($0)]", minimum: 0) }
        guard values.count == 12 else { ok = false; continue }
        e.units[t] = values
      }
      for n2 in names where !seen.contains(n2) {
        reader.fail(n, "enrolment.monthly", "missing the 12 monthly counts of tier '\(n2)'")
        ok = false
      }
      return ok ? e : nil
    }
    if let n = m["attrition"] {
      guard let rate = reader.number(n, "enrolment.attrition", minimum: 0, maximum: 0.5, what: "a monthly rate") else { return nil }
      for t in e.units.indices {
        e.units[t] = (1...12).map { e.units[t][0] * Foundation.pow(1 - rate, Double($0 - 1)) }
      }
      return e
    }
    if let n = m["layoff"], let lm = reader.mapping(n, "enrolment.layoff", allowed: ["month", "fraction"]) {
      let month = lm["month"].flatMap { reader.integer($0, "enrolment.layoff.month", minimum: 2, maximum: 12) }
      let fraction = lm["fraction"].flatMap { reader.number($0, "enrolment.layoff.fraction", minimum: 0, maximum: 1) }
      if lm["month"] == nil { missing(n, "enrolment.layoff.month") }
      if lm["fraction"] == nil { missing(n, "enrolment.layoff.fraction") }
      guard let month, let fraction else { return nil }
      for t in e.units.indices {
        e.units[t] = (1...12).map { $0 >= month ? e.units[t][0] * (1 - fraction) : e.units[t][0] }
      }
      return e
    }
    return nil
  }

  func decodeOptions(_ node: Node, base: Node?, baseFixed: TierRates?, census: Census?) -> [ContractOption] {
    guard let list = reader.sequence(node, "options") else { return [] }
    var options: [ContractOption] = []
    for (i, item) in list.enumerated() {
      let p = "options[\(i)]"
      guard let m = reader.mapping(item, p, allowed: ["name", "basis", "specific", "aggregate", "terminal_liability", "fixed_costs"]) else { continue }
      let name = m["name"].flatMap { reader.string($0, "\(p).name") } ?? "option \(i + 1)"
      // The option's stop-loss terms override the scenario's, key by key.
      var merged = base ?? Node.mapping([:])
      for key in ["basis", "terminal_liability"] { if let v = m[key] { merged = setting(merged, key, v) } }
      for key in ["specific", "aggregate"] {
        guard let v = m[key] else { continue }
        if case .scalar = v, v.string == "none" {
          merged = removing(merged, key)
          continue
        }
        var sub = merged[key] ?? Node.mapping([:])
        if case .mapping(let over) = v {
          if over.keys.contains(where: { ["attachment", "factors", "corridor"].contains($0.string ?? "") }) {
            for k in ["attachment", "factors", "corridor"] { sub = removing(sub, k) }
          }
          for (k, val) in over { if let ks = k.string { sub = setting(sub, ks, val) } }
          merged = setting(merged, key, sub)
        } else {
          reader.fail(v, "\(p).\(key)", "expected a mapping of \(key) terms that override the scenario's, or none")
        }
      }
      let stopLoss = decodeStopLoss(merged, p, census: census)
      var fixed = baseFixed
      if let fc = m["fixed_costs"], let fm = reader.mapping(fc, "\(p).fixed_costs", allowed: ["per_unit_month"]), let r = fm["per_unit_month"] {
        fixed = decodeRates(r, "\(p).fixed_costs.per_unit_month", census: census)
      }
      options.append(ContractOption(name: name, stopLoss: stopLoss, fixedCosts: fixed))
    }
    if options.isEmpty { reader.fail(node, "options", "expected at least one option") }
    return options
  }

  func decodeFunding(_ node: Node) -> FundingSpec? {
    guard let m = reader.mapping(node, "funding", allowed: ["level", "allocated_balance"]) else { return nil }
    var spec = FundingSpec()
    if m["level"] != nil && m["allocated_balance"] != nil {
      reader.fail(node, "funding", "give level or allocated_balance, not both")
    }
    if let an = m["allocated_balance"] { spec.allocatedBalance = decodeAllocatedBalance(an) }
    if let ln = m["level"], let lm = reader.mapping(ln, "funding.level", allowed: ["claims_fund_per_unit_month", "monthly_claims_fund", "run_out_months", "surplus_share", "terminal_liability_reserve"]) {
      var rates: TierRates?
      if let r = lm["claims_fund_per_unit_month"] {
        rates = decodeRates(r, "funding.level.claims_fund_per_unit_month", census: census)
      }
      if let r = lm["monthly_claims_fund"] {
        if rates != nil {
          reader.fail(r, "funding.level.monthly_claims_fund", "give claims_fund_per_unit_month or monthly_claims_fund, not both")
        } else if let v = reader.number(r, "funding.level.monthly_claims_fund", minimum: 0, what: "an amount in dollars") {
          rates = .composite(v / Double(max(census?.unitCount ?? 1, 1)))
        }
      }
      guard let rates else {
        if lm["claims_fund_per_unit_month"] == nil && lm["monthly_claims_fund"] == nil {
          reader.fail(ln, "funding.level", "expected claims_fund_per_unit_month or monthly_claims_fund")
        }
        return nil
      }
      var level = LevelFunding(claimsFundPerUnitMonth: rates)
      if let n = lm["run_out_months"], let v = reader.integer(n, "funding.level.run_out_months", minimum: 0, maximum: 24) { level.runOutMonths = v }
      if let n = lm["surplus_share"], let v = reader.number(n, "funding.level.surplus_share", minimum: 0, maximum: 1, what: "a fraction from 0 to 1") { level.surplusShare = v }
      if let n = lm["terminal_liability_reserve"], let v = reader.number(n, "funding.level.terminal_liability_reserve", minimum: 0, what: "an amount in dollars") { level.terminalLiabilityReserve = v }
      spec.level = level
    }
    return spec
  }

  func decodeAllocatedBalance(_ node: Node) -> AllocatedBalance? {
    let p = "funding.allocated_balance"
    guard let m = reader.mapping(node, p, allowed: [
      "years", "initial_balance", "funding_factors", "margin", "pool_fee_per_unit_month", "interest_rate",
      "reserve", "holiday_threshold", "holiday_months", "repayment_years", "credibility", "pool_experience",
    ]) else { return nil }
    var a = AllocatedBalance()
    var ok = true
    func num(_ key: String, min: Double, max: Double? = nil, exclusive: Bool = false, what: String = "a number") -> Double? {
      guard let n = m[key] else { return nil }
      let v = reader.number(n, "\(p).\(key)", minimum: min, maximum: max, exclusiveMinimum: exclusive, what: what)
      if v == nil { ok = false }
      return v
    }
    func int(_ key: String, min: Int, max: Int) -> Int? {
      guard let n = m[key] else { return nil }
      let v = reader.integer(n, "\(p).\(key)", minimum: min, maximum: max)
      if v == nil { ok = false }
      return v
    }
    if let v = int("years", min: 1, max: 50) { a.years = v }
    if let v = num("initial_balance", min: -1e12, what: "an amount in dollars") { a.initialBalance = v }
    if let n = m["funding_factors"] {
      a.fundingFactors = decodeRates(n, "\(p).funding_factors", census: census)
      if a.fundingFactors == nil { ok = false }
    }
    if let v = num("margin", min: -0.5, max: 1) { a.margin = v }
    if let v = num("pool_fee_per_unit_month", min: 0, what: "an amount in dollars") { a.poolFeePerUnitMonth = v }
    if let v = num("interest_rate", min: -0.05, max: 0.5) { a.interestRate = v }
    if let v = num("holiday_threshold", min: 0, max: 10) { a.holidayThreshold = v }
    if let v = int("holiday_months", min: 0, max: 12) { a.holidayMonths = v }
    if let v = int("repayment_years", min: 1, max: 20) { a.repaymentYears = v }
    if let n = m["reserve"], let r = reader.mapping(n, "\(p).reserve", allowed: ["ibnr", "ibnr_percent", "runout_months", "catastrophic_months"]) {
      if r["ibnr"] != nil && r["ibnr_percent"] != nil { reader.fail(n, "\(p).reserve", "give ibnr: lag or ibnr_percent, not both"); ok = false }
      if let i = r["ibnr"] {
        if i.string != "lag" { reader.fail(i, "\(p).reserve.ibnr", "expected lag (mean lag × monthly claims) or use ibnr_percent"); ok = false }
      }
      if let i = r["ibnr_percent"] {
        if let v = reader.number(i, "\(p).reserve.ibnr_percent", minimum: 0, maximum: 2) { a.reserve.ibnr = .percent(v) } else { ok = false }
      }
      if let i = r["runout_months"] {
        if let v = reader.number(i, "\(p).reserve.runout_months", minimum: 0, maximum: 24) { a.reserve.runoutMonths = v } else { ok = false }
      }
      if let i = r["catastrophic_months"] {
        if let v = reader.number(i, "\(p).reserve.catastrophic_months", minimum: 0, maximum: 24) { a.reserve.catastrophicMonths = v } else { ok = false }
      }
    }
    if let n = m["credibility"], let c = reader.mapping(n, "\(p).credibility", allowed: ["method", "k", "full_claims"]) {
      let method = c["method"].flatMap { reader.string($0, "\(p).credibility.method") } ?? "buhlmann_straub"
      switch method {
      case "buhlmann_straub":
        let k = c["k"].flatMap { reader.number($0, "\(p).credibility.k", minimum: 0, exclusiveMinimum: true, what: "member-years (K > 0)") } ?? (c["k"] == nil ? 3_000 : nil)
        if let k { a.credibility = .buhlmannStraub(k: k) } else { ok = false }
      case "limited_fluctuation":
        let f = c["full_claims"].flatMap { reader.number($0, "\(p).credibility.full_claims", minimum: 0, exclusiveMinimum: true, what: "a claim count (> 0)") } ?? (c["full_claims"] == nil ? 1_082 : nil)
        if let f { a.credibility = .limitedFluctuation(fullClaims: f) } else { ok = false }
      default:
        reader.fail(c["method"], "\(p).credibility.method", "expected buhlmann_straub or limited_fluctuation, found '\(method)'")
        ok = false
      }
    }
    if let n = m["pool_experience"], let e = reader.mapping(n, "\(p).pool_experience", allowed: ["rate", "cv"]) {
      if let r = e["rate"] {
        if let v = reader.number(r, "\(p).pool_experience.rate", minimum: 0, exclusiveMinimum: true) { a.poolRate = v } else { ok = false }
      }
      if let r = e["cv"] {
        if let v = reader.number(r, "\(p).pool_experience.cv", minimum: 0, maximum: 2) { a.poolCV = v } else { ok = false }
      }
    }
    return ok ? a : nil
  }

  private func setting(_ node: Node, _ key: String, _ value: Node) -> Node {
    guard case .mapping(var map) = node else { return node }
    map[key] = value
    return .mapping(map)
  }

  private func removing(_ node: Node, _ key: String) -> Node {
    guard case .mapping(let map) = node else { return node }
    return .mapping(Node.Mapping(map.filter { $0.key.string != key }))
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
    guard let m = reader.mapping(node, "simulation", allowed: ["trials", "seed", "generator", "cash_flow"]) else { return s }
    if let c = m["cash_flow"], let b = reader.bool(c, "simulation.cash_flow") { s.cashFlow = b }
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

/// A mutable holder for a value decoded early and read by later sections.
final class Box<T> {
  var value: T?
}
