// TriangleReport.swift: `calibrate --triangle FILE`: the chain ladder and Mack's standard
// error of a triangle given directly (one origin per line, cumulative, observed ages only).
internal import Foundation

public enum TriangleReport {
  public static func load(path: String) throws -> Triangle {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw CalibrationError("\(path): cannot read the triangle file")
    }
    var rows: [[Double]] = []
    var issues: [String] = []
    for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      var row: [Double] = []
      for (j, cell) in trimmed.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
        guard let v = Double(cell.trimmingCharacters(in: .whitespaces)) else {
          issues.append("\(path):\(n + 1): value \(j + 1) '\(cell)' is not a number; write cumulative amounts separated by commas")
          continue
        }
        row.append(v)
      }
      rows.append(row)
    }
    if rows.isEmpty { issues.append("\(path): no triangle rows; write one origin per line (cumulative, observed ages only)") }
    if !issues.isEmpty { throw CalibrationError(issues) }
    return Triangle(rows: rows)
  }

  public static func render(_ t: Triangle, average: FactorAverage, sigma: SigmaExtrapolation, json: Bool, bootstrap: Int = 0, seed: UInt32 = 1) -> String {
    let cl = ChainLadder(t, average: average)
    let mack = MackStandardError(cl, extrapolation: sigma)
    let boot = bootstrap > 0 ? ReserveBootstrap(cl, replicates: bootstrap, seed: seed) : nil
    if json {
      var o: [String: Any] = [
        "factor_average": average.description, "sigma_extrapolation": sigma.rawValue,
        "age_to_age_factors": cl.factors, "sigma": mack.sigma, "ultimate": cl.ultimate,
        "ibnr": cl.ibnr, "ibnr_mack_se": mack.byOrigin, "total_ibnr": cl.totalIBNR, "total_ibnr_mack_se": mack.total,
      ]
      if let boot { o["bootstrap"] = ["replicates": boot.replicates, "mean": boot.mean, "std_error": boot.standardError, "phi": boot.phi] }
      return CalibrationReport.serialize(o)
    }
    var s = "origin      latest        ultimate         IBNR      Mack SE\n"
    for i in 0..<t.rows {
      s += CalibrationReport.pad(t.origins[i], 7) + CalibrationReport.pad(CalibrationReport.money(cl.latest[i]), 14)
        + CalibrationReport.pad(CalibrationReport.money(cl.ultimate[i]), 16) + CalibrationReport.pad(CalibrationReport.money(cl.ibnr[i]), 13)
        + CalibrationReport.money(mack.byOrigin[i]) + "\n"
    }
    s += "Total IBNR \(CalibrationReport.money(cl.totalIBNR)), Mack SE \(CalibrationReport.money(mack.total)) (\(average), σ rule \(sigma.rawValue))\n"
    if let boot {
      s += "Bootstrap (ODP, \(boot.replicates) replicates, with process error): mean \(CalibrationReport.money(boot.mean)), SE \(CalibrationReport.money(boot.standardError))\n"
    }
    return s
  }
}
