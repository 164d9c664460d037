// CalibrationReport.swift: the calibration as a text table, JSON (one object) and tidy CSV
// (one row per triangle cell, factor, month reserve, fit parameter and summary figure).
internal import Foundation

public enum CalibrationReport {
  // MARK: JSON

  public static func json(_ c: Calibration) -> String {
    let cl = c.reserve.chainLadder
    let cb = c.credibility
    var root: [String: Any] = [
      "format": 1,
      "claims_file": c.file,
      "claim_lines": c.recordCount,
      "lines_paid_after_valuation": c.paidAfterValuation,
      "first_incurred_month": c.first.description,
      "valuation_month": c.valuation.description,
      "plan_year_start": c.planStart.description,
      "member_months": c.memberMonths,
      "member_years": c.memberYears,
      "factor_average": c.options.average.description,
      "sigma_extrapolation": c.options.sigma.rawValue,
      "age_to_age_factors": cl.factors,
      "completion_factors": cl.completion,
      "lag_pmf": c.lag,
      "total_paid": c.reserve.totalPaid,
      "total_ibnr": c.reserve.totalIBNR,
      "total_ibnr_chain_ladder": c.reserve.chainLadderIBNR,
      "total_ibnr_mack_se": c.reserve.mack.total,
      "completion_threshold": c.options.completionThreshold,
      "pmpm_prior": c.reserve.priorPMPM,
      "months": c.reserve.months.map { r -> [String: Any] in
        ["incurred_month": r.month.description, "paid_to_date": r.paid, "completion": r.completion,
         "ultimate_chain_ladder": r.chainLadderUltimate, "ultimate": r.ultimate, "ibnr": r.ibnr,
         "mack_se": r.mackSE, "pmpm_blended": r.blended]
      },
      "zero_share": c.zeroShare,
      "severity_years": c.severityYears.map { ["first": $0.first.description, "last": $0.last.description] },
      "trend": c.options.trend,
      "trend_to_plan_factor": c.trendToPlan,
      "credibility": [
        "experience_pmpm": cb.experiencePMPM, "experience_pmpm_se": cb.experienceSE,
        "manual_pmpm": cb.manualPMPM, "limited_fluctuation_z": cb.limitedFluctuationZ,
        "full_credibility_standard": cb.fullStandard, "buhlmann_straub_z": cb.buhlmannZ,
        "buhlmann_straub_k": cb.k, "method": cb.method.rawValue, "z": cb.z,
        "blended_pmpm": cb.blendedPMPM, "blended_pmpm_cv": c.levelCV,
      ] as [String: Any],
      "large_claimants": [
        "threshold": c.options.threshold, "count": c.largeClaimants.count,
        "per_member_year": c.largeClaimants.rate, "ci95_lower": c.largeClaimants.lower,
        "ci95_upper": c.largeClaimants.upper,
      ] as [String: Any],
      "severity_fits": c.fits.map(fitObject),
    ]
    if let s = c.selectedFit { root["selected_severity"] = s.family.rawValue }
    if let p = parameterRiskJSON(c) { root["parameter_risk"] = p }
    if let n = c.naiveLognormal { root["naive_lognormal_fit"] = fitObject(n) }
    if let b = c.bootstrap {
      root["bootstrap"] = [
        "replicates": b.replicates, "mean": b.mean, "std_error": b.standardError, "phi": b.phi,
        "percentiles": Dictionary(uniqueKeysWithValues: b.percentiles.map { ("p\(Int($0.level * 100))", $0.value) }),
        "completion_factor_se": b.completionSE,
      ] as [String: Any]
    }
    if !c.reserveByType.isEmpty {
      root["by_type"] = Dictionary(uniqueKeysWithValues: c.reserveByType.map { t, r in
        (t.rawValue, ["total_ibnr": r.totalIBNR, "total_ibnr_mack_se": r.mack.total,
                      "completion_factors": r.chainLadder.completion] as [String: Any])
      })
    }
    return serialize(root)
  }

  static func fitObject(_ f: SeverityFit) -> [String: Any] {
    var o: [String: Any] = [
      "family": f.family.rawValue, "truncated_at": f.truncated ? f.threshold : 0,
      "parameters": Dictionary(uniqueKeysWithValues: zip(f.family.parameterNames, f.parameters.map(finite))),
      "std_errors": Dictionary(uniqueKeysWithValues: zip(f.family.parameterNames, f.standardErrors.map(finite))),
      "log_likelihood": finite(f.logLikelihood), "aic": finite(f.aic), "n": f.count,
      "censored": f.censoredCount, "converged": f.converged,
    ]
    if let g = f.goodness {
      o["ks"] = g.ks
      o["ks_p_value"] = g.ksPValue
      o["anderson_darling"] = finite(g.andersonDarling)
      o["qq"] = g.qq.map { [finite($0.empirical), finite($0.fitted)] }
    }
    return o
  }

  static func finite(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

  static func serialize(_ o: [String: Any]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: o, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
  }

  // MARK: Table

  public static func table(_ c: Calibration) -> String {
    let cl = c.reserve.chainLadder
    let cb = c.credibility
    var s = "Calibration of \(c.file): \(c.recordCount) claim lines, incurred \(c.first) to \(c.valuation) (valuation \(c.valuation))"
    if c.paidAfterValuation > 0 { s += "; \(c.paidAfterValuation) lines paid after the valuation month left out" }
    s += "\n\nLag development (\(c.options.average), \(cl.factors.count + 1) lags)\n"
    s += pad("lag", 5) + pad("age-to-age", 12) + pad("completion", 12) + pad("lag pmf", 10) + "\n"
    for k in 0..<min(cl.completion.count, c.lag.count + 1) {
      let f = k < cl.factors.count ? String(format: "%.4f", cl.factors[k]) : "1.0000"
      let p = k < c.lag.count ? String(format: "%.4f", c.lag[k]) : ""
      s += pad("\(k)", 5) + pad(f, 12) + pad(String(format: "%.2f%%", 100 * cl.completion[k]), 12) + pad(p, 10) + "\n"
    }
    s += "\nIBNR by incurred month (months below \(Int(100 * c.options.completionThreshold))% complete blended with the PMPM projection $\(money(c.reserve.priorPMPM)))\n"
    s += pad("month", 9) + pad("paid", 14) + pad("complete", 10) + pad("ultimate", 14) + pad("IBNR", 14) + pad("Mack SE", 12) + "\n"
    for r in c.reserve.months {
      s += pad(r.month.description, 9) + pad(money(r.paid), 14) + pad(String(format: "%.1f%%", 100 * r.completion), 10)
        + pad(money(r.ultimate), 14) + pad(money(r.ibnr), 14) + pad(money(r.mackSE), 12) + (r.blended ? "  PMPM blend" : "") + "\n"
    }
    s += "Total IBNR \(money(c.reserve.totalIBNR)) (chain ladder \(money(c.reserve.chainLadderIBNR)), Mack SE \(money(c.reserve.mack.total)), σ rule \(c.options.sigma.rawValue))\n"
    for (t, r) in c.reserveByType {
      s += "  \(t.rawValue): IBNR \(money(r.totalIBNR)) (Mack SE \(money(r.mack.total))), completion at lag 0/1/2: "
        + r.chainLadder.completion.prefix(3).map { String(format: "%.0f%%", 100 * $0) }.joined(separator: " / ") + "\n"
    }
    if let b = c.bootstrap {
      s += "Bootstrap (ODP, \(b.replicates) replicates): mean \(money(b.mean)), SE \(money(b.standardError)), "
        + b.percentiles.map { "p\(Int($0.level * 100)) \(money($0.value))" }.joined(separator: ", ") + "\n"
    }
    s += "\nExperience: \(money(c.memberMonths)) member-months; trended to the plan year from \(c.planStart) at \(String(format: "%.1f%%", 100 * c.options.trend)) a year (×\(String(format: "%.4f", c.trendToPlan)))\n"
    s += "  PMPM: experience $\(money(cb.experiencePMPM)) (SE \(money(cb.experienceSE))), manual $\(money(cb.manualPMPM))\n"
    s += "  credibility: limited fluctuation Z = \(String(format: "%.3f", cb.limitedFluctuationZ)) (n_F = \(money(cb.fullStandard)) claimants), "
      + "Bühlmann–Straub Z = \(String(format: "%.3f", cb.buhlmannZ)) (K = \(money(cb.k)) member-years); using \(cb.method.rawValue)\n"
    s += "  blended PMPM $\(money(cb.blendedPMPM)) (estimation CV \(String(format: "%.1f%%", 100 * c.levelCV))); member-years without claims \(String(format: "%.1f%%", 100 * c.zeroShare))\n"
    let lc = c.largeClaimants
    s += "\nLarge claimants (member-year totals above $\(money(c.options.threshold)), trended; years "
      + c.severityYears.map { "\($0.first)–\($0.last)" }.joined(separator: ", ") + "): \(lc.count) in \(money(c.memberYears)) member-years = "
      + String(format: "%.4f%% (95%% CI %.4f%% – %.4f%%)", 100 * lc.rate, 100 * lc.lower, 100 * lc.upper) + "\n"
    if !c.fits.isEmpty {
      s += pad("family", 20) + pad("parameters (SE)", 44) + pad("loglik", 12) + pad("AIC", 11) + pad("KS", 8) + pad("A-D", 8) + "\n"
      for f in c.fits.sorted(by: { $0.aic < $1.aic }) {
        let params = zip(f.family.parameterNames, zip(f.parameters, f.standardErrors))
          .map { "\($0) \(String(format: "%.4g", $1.0)) (\(se($1.1)))" }.joined(separator: ", ")
        s += pad(f.family.rawValue, 20) + pad(params, 44) + pad(String(format: "%.2f", f.logLikelihood), 12)
          + pad(String(format: "%.2f", f.aic), 11) + pad(f.goodness.map { fixed3($0.ks) } ?? "—", 8)
          + pad(f.goodness.map { fixed3($0.andersonDarling) } ?? "—", 8)
          + (f.family == c.selectedFit?.family ? "  selected" : f.converged ? "" : "  (flat likelihood: no standard errors)") + "\n"
      }
      if let n = c.naiveLognormal {
        s += "  (the naive lognormal that ignores the truncation: mu \(String(format: "%.4g", n.parameters[0])), sigma \(String(format: "%.4g", n.parameters[1])); biased)\n"
      }
    } else {
      s += "  too few large claimants to fit a severity (the scenario keeps the calibrated default's tail)\n"
    }
    return s + parameterRiskTable(c)
  }

  // MARK: CSV (tidy)

  public static func csv(_ c: Calibration) -> String {
    var s = "table,row,column,value\n"
    let t = c.reserve.chainLadder.triangle
    for i in 0..<t.rows {
      for k in 0...t.lastObserved[i] { s += "triangle_cumulative,\(t.origins[i]),\(k),\(num(t.cumulative[i][k]))\n" }
    }
    let cl = c.reserve.chainLadder
    for (k, f) in cl.factors.enumerated() { s += "age_to_age,\(k),\(k + 1),\(num(f))\n" }
    for (k, f) in cl.completion.enumerated() { s += "completion,\(k),,\(num(f))\n" }
    for (k, p) in c.lag.enumerated() { s += "lag_pmf,\(k),,\(num(p))\n" }
    for r in c.reserve.months {
      for (name, v) in [("paid", r.paid), ("completion", r.completion), ("ultimate", r.ultimate), ("ibnr", r.ibnr), ("mack_se", r.mackSE)] {
        s += "month,\(r.month),\(name),\(num(v))\n"
      }
    }
    for f in c.fits {
      for (name, (p, se)) in zip(f.family.parameterNames, zip(f.parameters, f.standardErrors)) {
        s += "severity,\(f.family.rawValue),\(name),\(num(p))\nseverity_se,\(f.family.rawValue),\(name),\(num(se))\n"
      }
      s += "severity,\(f.family.rawValue),log_likelihood,\(num(f.logLikelihood))\nseverity,\(f.family.rawValue),aic,\(num(f.aic))\n"
    }
    let cb = c.credibility
    for (name, v) in [("total_ibnr", c.reserve.totalIBNR), ("total_ibnr_mack_se", c.reserve.mack.total),
                      ("experience_pmpm", cb.experiencePMPM), ("experience_pmpm_se", cb.experienceSE),
                      ("manual_pmpm", cb.manualPMPM), ("z", cb.z), ("blended_pmpm", cb.blendedPMPM),
                      ("large_claimants_per_member_year", c.largeClaimants.rate)] {
      s += "summary,\(name),,\(num(v))\n"
    }
    return s + parameterRiskCSV(c)
  }

  static func fixed3(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "—" }

  static func num(_ x: Double) -> String { x.isFinite ? String(format: "%.10g", x) : "" }

  static func money(_ x: Double) -> String {
    let negative = x < 0
    var digits = String(Int(abs(x).rounded()))
    var out = ""
    while digits.count > 3 { out = "," + digits.suffix(3) + out; digits.removeLast(3) }
    return (negative ? "-" : "") + digits + out
  }

  static func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
  }
}
