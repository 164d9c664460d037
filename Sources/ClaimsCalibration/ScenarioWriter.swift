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

  /// The tail above the threshold as a distribution (nil parameters: the calibrated
  /// default's lognormal tail, used with too few large claimants).
  static func tail(_ c: Calibration, _ p: [Double]?) -> Distribution {
    guard let p, let family = c.selectedFit?.family else { return .lognormal(mu: 7.561, sigma: 1.706) }
    switch family {
    case .lognormal: return .lognormal(mu: p[0], sigma: p[1])
    case .gamma: return .gamma(shape: p[0], scale: p[1])
    case .weibull: return .weibull(shape: p[0], scale: p[1])
    case .pareto, .generalizedPareto: return .pareto(scale: c.options.threshold, shape: p[0])
    }
  }

  /// The tail's parameters written in the scenario: the selected fit's, when it is used.
  static func fittedTail(_ c: Calibration) -> [Double]? {
    guard let fit = c.selectedFit, fit.count >= c.options.minimumLargeClaimants else { return nil }
    return fit.parameters
  }

  /// The annual cost distribution of one parameter set, as the scenario's decoder builds it
  /// (rescaled to 12 × PMPM).
  public static func annualDistribution(_ c: Calibration, _ set: ParameterSet) -> Distribution {
    let body = c.body ?? (mu: 7.561, sigma: 1.706)
    let d = Distribution.zeroInflated(zero: min(0.95, c.zeroShare), of: .spliced(
      below: .lognormal(mu: body.mu, sigma: body.sigma), above: tail(c, set.tail), at: c.options.threshold,
      weightBelow: min(1, max(0, 1 - set.tailProbability))))
    let mean = d.mean
    return mean.isFinite && mean > 0 ? d.scaled(by: 12 * set.pmpm / mean) : d
  }

  /// A distribution as one line of YAML flow style (the families the writer uses).
  static func flow(_ d: Distribution) -> String {
    switch d {
    case .lognormal(let mu, let sigma): "{ lognormal: { mu: \(g(mu)), sigma: \(g(sigma)) } }"
    case .gamma(let shape, let scale): "{ gamma: { shape: \(g(shape)), scale: \(g(scale)) } }"
    case .weibull(let shape, let scale): "{ weibull: { shape: \(g(shape)), scale: \(g(scale)) } }"
    case .pareto(let scale, let shape): "{ pareto: { scale: \(g(scale)), shape: \(g(shape)) } }"
    default: "{ }"
    }
  }

  /// `claims.parameter_sets`: one flow-style line per drawn set, each the same annual model
  /// as the point estimate with the set's tail parameters, tail weight and PMPM.
  static func parameterSetsBlock(_ c: Calibration, _ draws: ParameterDraws) -> String {
    let body = c.body ?? (mu: 7.561, sigma: 1.706)
    var s = "  parameter_sets:   # parameter risk: \(draws.sets.count) draws of the PMPM level, the tail weight"
      + (draws.family != nil ? " and the \(draws.family!.rawValue) tail's parameters" : "")
      + " (\(draws.method == .normal ? "asymptotic normal of the estimates" : "bootstrap refits of the severity")); one per trial\n"
    for set in draws.sets {
      let w = min(1, max(0, 1 - set.tailProbability))
      s += "    - annual: { distribution: { zero_inflated: { zero: \(g(min(0.95, c.zeroShare))), of: { spliced: { "
        + "below: { lognormal: { mu: \(g(body.mu)), sigma: \(g(body.sigma)) } }, above: \(flow(tail(c, set.tail))), "
        + "at: \(g(c.options.threshold)), weight_below: \(g(w)) } } } }, expected_pmpm: \(String(format: "%.2f", set.pmpm)) }\n"
    }
    return s
  }

  /// The `claims:` block (two-space indented YAML).
  public static func claimsBlock(_ c: Calibration) -> String {
    let t = c.options.threshold
    let body = c.body ?? (mu: 7.561, sigma: 1.706)
    let tail = c.tailProbability
    var above = flow(Self.tail(c, nil)) + "   # too few large claimants: the calibrated default's tail"
    if let p = fittedTail(c), let fit = c.selectedFit {
      above = flow(Self.tail(c, p)) + "   # \(fit.family.rawValue), left-truncated MLE on \(fit.count) member-years, AIC \(g(fit.aic))"
    }
    let weightBelow = min(1, max(0, 1 - tail.value))
    let lag = c.lag.map { String(format: "%.4f", $0) }
    // Rounded lag probabilities must still sum to 1 within 1e-9: put the rounding on the largest.
    var values = lag.map { Double($0)! }
    let imax = values.indices.max { values[$0] < values[$1] }!
    values[imax] += 1 - values.reduce(0, +)
    let lagText = values.map { String(format: "%.4f", $0) }.joined(separator: ", ")
    let cb = c.credibility
    let parameterRisk = c.parameterDraws.map { parameterSetsBlock(c, $0) } ?? ""
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
