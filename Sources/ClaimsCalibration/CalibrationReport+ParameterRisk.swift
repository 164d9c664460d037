// CalibrationReport+ParameterRisk.swift: the parameter-risk part of the calibration report:
// how the sets were drawn, their covariance against the fit's, and P(attach) and tail
// percentiles of the written scenario with and without parameter risk.
internal import Foundation

extension CalibrationReport {
  static func parameterRiskTable(_ c: Calibration) -> String {
    guard let d = c.parameterDraws else { return "" }
    var s = "\nParameter risk: \(d.sets.count) parameter sets written as claims.parameter_sets ("
      + (d.method == .normal ? "asymptotic normal of the estimates" : "bootstrap refits of the severity")
      + (d.redrawn > 0 ? "; \(d.redrawn) draws without a finite mean or a converged refit drawn again" : "") + ")\n"
    s += "  PMPM level: normal, CV \(String(format: "%.1f%%", 100 * c.levelCV)) (Z × SE of the experience PMPM); "
      + "tail weight: the large-claimant rate's " + (d.method == .normal ? "normal on the log scale" : "Poisson count") + "\n"
    if let f = d.family {
      let drawn = d.sampleCovariance
      s += "  \(f.rawValue) tail, drawn on the scale (\(d.scaleNames.joined(separator: ", "))): SD fit / drawn "
        + d.scaleNames.indices.map { i in
          let fit = d.scaleCovariance.isEmpty ? Double.nan : d.scaleCovariance[i][i].squareRoot()
          let sample = drawn.isEmpty ? Double.nan : drawn[i][i].squareRoot()
          return "\(d.scaleNames[i]) \(se(fit)) / \(se(sample))"
        }.joined(separator: ", ")
      if d.scaleNames.count == 2, !drawn.isEmpty, !d.scaleCovariance.isEmpty {
        let r = { (m: [[Double]]) in m[0][1] / (m[0][0] * m[1][1]).squareRoot() }
        s += "; correlation \(String(format: "%.2f", r(d.scaleCovariance))) / \(String(format: "%.2f", r(drawn)))"
      }
      s += "\n"
    } else {
      s += "  tail: too few large claimants; the calibrated default's tail is kept, not drawn\n"
    }
    if let check = c.parameterRiskCheck {
      s += "  The written scenario, \(check.trials) trials each, same seeds:\n"
      s += "  " + pad("", 24) + pad("with parameter risk", 24) + "without\n"
      for f in check.figures {
        let isProbability = f.key == "probability_attach"
        func text(_ v: Double, _ e: Double) -> String {
          isProbability ? String(format: "%.2f%% ± %.2f%%", 100 * v, 100 * e) : "$" + money(v)
        }
        s += "  " + pad(f.label, 24) + pad(text(f.with, f.withStdError), 24) + text(f.without, f.withoutStdError) + "\n"
      }
    }
    return s
  }

  static func parameterRiskJSON(_ c: Calibration) -> [String: Any]? {
    guard let d = c.parameterDraws else { return nil }
    var o: [String: Any] = [
      "sets": d.sets.count, "method": d.method.rawValue, "redrawn": d.redrawn, "level_cv": c.levelCV,
      "scale": d.scaleNames, "fit_covariance": d.scaleCovariance.map { $0.map(finite) },
      "drawn_covariance": d.sampleCovariance.map { $0.map(finite) },
    ]
    if let f = d.family { o["tail_family"] = f.rawValue }
    if let check = c.parameterRiskCheck {
      o["trials"] = check.trials
      o["seed"] = check.seed
      for f in check.figures {
        o[f.key] = ["with_parameter_risk": f.with, "with_parameter_risk_std_error": f.withStdError,
                    "without_parameter_risk": f.without, "without_parameter_risk_std_error": f.withoutStdError]
      }
    }
    return o
  }

  static func parameterRiskCSV(_ c: Calibration) -> String {
    guard let check = c.parameterRiskCheck else { return "" }
    return check.figures.map {
      "parameter_risk,\($0.key),with,\(num($0.with))\nparameter_risk,\($0.key),without,\(num($0.without))\n"
    }.joined()
  }

  /// A standard error for the table: "—" where there is none (a flat likelihood).
  static func se(_ x: Double) -> String { x.isFinite ? String(format: "%.2g", x) : "—" }
}
