// ScenarioDecoder+Rates.swift: reading rates per enrolled unit per month, composite or per tier.
internal import Foundation
internal import Yams

extension ScenarioDecoder {
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
}
