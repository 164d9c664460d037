// ScenarioWriter.swift: the calibrated scenario YAML: the group's census and contract (from a
// base scenario, or from flags), and a claims model from the calibration: a zero-inflated,
// spliced annual-cost model (body below the threshold, fitted tail above it) at the blended
// PMPM, with the fitted lag pmf. `simulate`, `compare` and `attach` run it as it is.
public import ClaimsModel
internal import Foundation

public enum ScenarioWriter {
  /// The contract written when no base scenario is given.
  public struct Contract: Sendable {
    public var specific: Double = 50_000
    public var corridor: Double = 1.25
    public var basis = "12/12"
    public init() {}
  }

  /// The `claims:` block (two-space indented YAML).
  public static func claimsBlock(_ c: Calibration) -> String {
    let t = c.options.threshold
    let body = c.body ?? (mu: 7.561, sigma: 1.706)
    let tail = c.tailProbability
    var above = "{ lognormal: { mu: 7.561, sigma: 1.706 } }   # too few large claimants: the calibrated default's tail"
    if let fit = c.selectedFit, fit.count >= c.options.minimumLargeClaimants {
      let p = fit.parameters
      switch fit.family {
      case .lognormal: above = "{ lognormal: { mu: \(g(p[0])), sigma: \(g(p[1])) } }"
      case .gamma: above = "{ gamma: { shape: \(g(p[0])), scale: \(g(p[1])) } }"
      case .weibull: above = "{ weibull: { shape: \(g(p[0])), scale: \(g(p[1])) } }"
      case .pareto: above = "{ pareto: { scale: \(g(t)), shape: \(g(p[0])) } }"
      case .generalizedPareto: break
      }
      above += "   # \(fit.family.rawValue), left-truncated MLE on \(fit.count) member-years, AIC \(g(fit.aic))"
    }
    let weightBelow = min(1, max(0, 1 - tail.value))
    let lag = c.lag.map { String(format: "%.4f", $0) }
    // Rounded lag probabilities must still sum to 1 within 1e-9: put the rounding on the largest.
    var values = lag.map { Double($0)! }
    let imax = values.indices.max { values[$0] < values[$1] }!
    values[imax] += 1 - values.reduce(0, +)
    let lagText = values.map { String(format: "%.4f", $0) }.joined(separator: ", ")
    let cb = c.credibility
    let parameterRisk = c.options.parameterRisk
      ? "  group_parameter_cv: \(String(format: "%.4f", min(2, c.levelCV)))   # parameter risk: the blended PMPM's estimation CV\n"
      : ""
    return """
      claims:
        # Calibrated by `claimsrisk calibrate` from \(c.file) (valuation \(c.valuation), plan year from \(c.planStart)).
        # Experience $\(m(cb.experiencePMPM)) PMPM (SE \(m(cb.experienceSE))), manual $\(m(cb.manualPMPM)), \
      Z = \(String(format: "%.3f", cb.z)) (\(cb.method.rawValue)): blended $\(m(cb.blendedPMPM)) PMPM.
        annual:
          distribution:
            zero_inflated:
              zero: \(g(min(0.95, c.zeroShare)))
              of:
                spliced:
                  below: { lognormal: { mu: \(g(body.mu)), sigma: \(g(body.sigma)) } }
                  above: \(above)
                  at: \(g(t))
                  weight_below: \(g(weightBelow))   # P(member-year > threshold | claims) = \(g(tail.value)) (Z \(String(format: "%.3f", tail.z)) on the large claimants)
          expected_pmpm: \(String(format: "%.2f", cb.blendedPMPM))
        lag: [\(lagText)]   # from the chain-ladder completion factors
      \(parameterRisk)
      """
  }

  /// The whole scenario: `base` (a scenario's text) with its `name`, `claims` and
  /// `simulation` replaced, or a new one with `members` and `contract`.
  public static func scenario(_ c: Calibration, base: String?, contract: Contract, trials: Int, seed: UInt64) -> String {
    let header = "# Written by `claimsrisk calibrate` (docs/calibration.md).\n"
    let name = "name: \(quoted(c.options.name))\n"
    let simulation = "simulation:\n  trials: \(trials)\n  seed: \(seed)\n"
    let claims = claimsBlock(c)
    if let base {
      let kept = removingTopLevelKeys(["name", "claims", "simulation"], from: base)
      return header + name + kept.trimmingCharacters(in: .newlines) + "\n\n" + claims + "\n" + simulation
    }
    return header + """
      format: 1
      \(name)
      census:
        members: \(Int(c.options.members.rounded()))

      \(claims)
      stop_loss:
        basis: "\(contract.basis)"
        specific:
          deductible: \(g(contract.specific))
        aggregate:
          corridor: \(g(contract.corridor))

      \(simulation)
      """
  }

  /// `text` without the top-level YAML blocks named in `keys` (a block runs from its key's
  /// unindented line to the next unindented line); comments and other keys are kept.
  static func removingTopLevelKeys(_ keys: Set<String>, from text: String) -> String {
    var out: [Substring] = []
    var skipping = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if let c = line.first, c != " ", c != "\t", c != "#" {
        let key = line.split(separator: ":", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        skipping = keys.contains(key)
      }
      if !skipping { out.append(line) }
    }
    return out.joined(separator: "\n")
  }

  static func g(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%.6g", x)
  }

  static func m(_ x: Double) -> String { String(format: "%.2f", x) }

  static func quoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
