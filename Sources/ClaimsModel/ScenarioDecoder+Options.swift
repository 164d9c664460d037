// ScenarioDecoder+Options.swift: reading the options section: contract options merged over the scenario's stop_loss.
internal import Foundation
internal import Yams

extension ScenarioDecoder {
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

  func setting(_ node: Node, _ key: String, _ value: Node) -> Node {
    guard case .mapping(var map) = node else { return node }
    map[key] = value
    return .mapping(map)
  }

  func removing(_ node: Node, _ key: String) -> Node {
    guard case .mapping(let map) = node else { return node }
    return .mapping(Node.Mapping(map.filter { $0.key.string != key }))
  }
}
