// ScenarioDecoder+Claims.swift: reading the claims section: model, lag, trend, seasonality, cost sharing.
internal import Foundation
internal import Yams

extension ScenarioDecoder {
  static let claimsKeys = [
    "per_member", "annual", "default", "lag", "trend", "seasonality", "group_parameter_cv",
    "cost_sharing", "parameter_sets",
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
    let model = decodeModel(map, "claims")
    guard let model else {
      // Still check the other claims keys, so that every problem is reported at once.
      let placeholder: ClaimsSpec.Model = map["per_member"] != nil
        ? .perMember(frequency: .poisson(mean: 1), severity: .exponential(mean: 1)) : .annual(distribution: .exponential(mean: 1))
      _ = finishClaims(model: placeholder, isDefault: false, isAnnual: map["annual"] != nil, map: map, census: census)
      return nil
    }
    var isAnnual = false
    if case .annual = model { isAnnual = true }
    return finishClaims(model: model, isDefault: false, isAnnual: isAnnual, map: map, census: census)
  }

  /// The `per_member` or `annual` block of `map` (a mapping at `path`) as a claims model;
  /// nil after reporting what is wrong.
  func decodeModel(_ map: [String: Node], _ path: String) -> ClaimsSpec.Model? {
    var model: ClaimsSpec.Model?
    if let pm = map["per_member"],
      let m = reader.mapping(pm, "\(path).per_member", allowed: ["frequency", "severity"])
    {
      let frequency = m["frequency"].flatMap { decodeDistribution($0, "\(path).per_member.frequency") }
      let severity = m["severity"].flatMap { decodeDistribution($0, "\(path).per_member.severity") }
      if m["frequency"] == nil { missing(pm, "\(path).per_member.frequency") }
      if m["severity"] == nil { missing(pm, "\(path).per_member.severity") }
      if let frequency, !isWholeNumberValued(frequency) {
        reader.fail(m["frequency"], "\(path).per_member.frequency",
          "a claim count needs a counting distribution (poisson, negative_binomial, or empirical with whole-number values); found \(frequency.family)")
      } else if let severity, severity.isCounting {
        reader.fail(m["severity"], "\(path).per_member.severity",
          "a claim amount needs a distribution of amounts, not the counting distribution \(severity.family)")
      } else if let frequency, let severity {
        model = .perMember(frequency: frequency, severity: severity)
      }
    }
    if let an = map["annual"],
      let m = reader.mapping(an, "\(path).annual", allowed: ["distribution", "expected_pmpm"])
    {
      if m["distribution"] == nil { missing(an, "\(path).annual.distribution") }
      if var dist = m["distribution"].flatMap({ decodeDistribution($0, "\(path).annual.distribution") }) {
        if dist.isCounting {
          reader.fail(m["distribution"], "\(path).annual.distribution", "an annual cost needs a distribution of amounts, not \(dist.family)")
        } else if let p = m["expected_pmpm"] {
          if let pmpm = reader.number(p, "\(path).annual.expected_pmpm", minimum: 0, exclusiveMinimum: true) {
            let mean = dist.mean
            if mean.isFinite && mean > 0 {
              dist = dist.scaled(by: 12 * pmpm / mean)
              model = .annual(distribution: dist)
            } else {
              reader.fail(p, "\(path).annual.expected_pmpm", "cannot rescale a distribution whose mean is \(mean)")
            }
          }
        } else {
          model = .annual(distribution: dist)
        }
      }
    }
    return model
  }

  func calibratedDefault(expectedPMPM: Double?, census: Census?, options: [String: Node], node: Node) -> ClaimsSpec? {
    var dist = CalibratedModel.annualAllowed
    if let pmpm = expectedPMPM { dist = dist.scaled(by: 12 * pmpm / dist.mean) }
    return finishClaims(model: .annual(distribution: dist), isDefault: true, isAnnual: true, map: options, census: census)
  }

  func finishClaims(
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
    var sets: [ClaimsSpec.Model]?
    if let p = map["parameter_sets"] {
      if let s = decodeParameterSets(p, model: model) { sets = s } else { ok = false }
    }
    guard ok else { return nil }
    let weights = isDefault ? census.map { CalibratedModel.memberWeights(for: $0) } : nil
    return ClaimsSpec(
      model: model, isCalibratedDefault: isDefault, lag: lag, medicalRxSplit: split, trend: trend,
      seasonality: seasonality, groupParameterCV: cv, costSharing: costSharing, memberWeights: weights,
      parameterSets: sets)
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

  /// `claims.parameter_sets`: 1 … 10,000 alternative models of the same kind as the
  /// scenario's (`per_member`, or `annual` for the annual and default models); each trial
  /// draws one of them (parameter risk; docs/calibration.md, "Parameter risk").
  func decodeParameterSets(_ node: Node, model: ClaimsSpec.Model) -> [ClaimsSpec.Model]? {
    let path = "claims.parameter_sets"
    guard let list = reader.sequence(node, path) else { return nil }
    var kind = "annual"
    if case .perMember = model { kind = "per_member" }
    guard (1...10_000).contains(list.count) else {
      reader.fail(node, path, "expected a list of 1 to 10,000 alternative models, each { \(kind): { ... } }, found \(list.count)")
      return nil
    }
    var sets: [ClaimsSpec.Model] = []
    for (i, item) in list.enumerated() {
      let here = "\(path)[\(i)]"
      guard let m = reader.mapping(item, here, allowed: ["per_member", "annual"]) else { continue }
      guard m.count == 1, m[kind] != nil else {
        reader.fail(item, here, "each parameter set is one model of the scenario's own kind: write { \(kind): { ... } }, as under claims")
        continue
      }
      if let s = decodeModel(m, here) { sets.append(s) }
    }
    return sets.count == list.count ? sets : nil
  }
}
