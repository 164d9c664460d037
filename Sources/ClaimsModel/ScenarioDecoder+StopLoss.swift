// ScenarioDecoder+StopLoss.swift: reading the stop_loss section: bases, specific and aggregate covers and their options.
internal import Foundation
internal import Yams

extension ScenarioDecoder {
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

  func decodeSpecificOptions(_ m: [String: Node], _ p: String, into sp: inout SpecificSpec, census: Census?) {
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

  func decodeAggregateOptions(_ m: [String: Node], _ p: String, into ag: inout AggregateSpec) {
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

  func decodeRunInLimit(_ node: Node, _ p: String) -> RunInLimit {
    var limit = RunInLimit()
    guard let m = reader.mapping(node, p, allowed: ["months", "dollars"]) else { return limit }
    if let n = m["months"] { limit.months = reader.integer(n, "\(p).months", minimum: 0, maximum: 36) }
    if let n = m["dollars"] { limit.dollars = reader.number(n, "\(p).dollars", minimum: 0, what: "an amount in dollars") }
    return limit
  }
}
