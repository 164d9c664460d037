// ScenarioDecoder+Simulation.swift: reading the simulation section: trials, seed, generator, cash flow.
internal import Foundation
internal import Yams

extension ScenarioDecoder {
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
