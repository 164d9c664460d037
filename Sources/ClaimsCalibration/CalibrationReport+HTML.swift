// CalibrationReport+HTML.swift: the calibration as one self-contained HTML page: the lag
// triangle as a heat map, the completion-factor curve, the Q–Q plot of the selected fit and
// its density over the large claimants' histogram (inline SVG, no scripts).
internal import Foundation

extension CalibrationReport {
  public static func html(_ c: Calibration) -> String {
    let cl = c.reserve.chainLadder
    var s = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>Calibration of \(escape(c.file))</title>
      <style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table.tri{border-collapse:collapse;font-size:11px}
      table.tri td,table.tri th{padding:2px 4px;text-align:right}svg text{font-size:11px}pre{background:#f6f6f6;padding:1em;overflow:auto}</style>
      </head><body>
      <h1>Calibration of \(escape(c.file))</h1>
      <p>Valuation \(c.valuation); \(c.recordCount) claim lines; total IBNR $\(money(c.reserve.totalIBNR)) (Mack SE $\(money(c.reserve.mack.total))); \
      blended PMPM $\(money(c.credibility.blendedPMPM)) (Z = \(String(format: "%.3f", c.credibility.z))).</p>
      <h2>Lag triangle (incremental paid as a share of the month's paid to date)</h2>
      <table class="tri"><tr><th>incurred</th>
      """
    let t = cl.triangle
    let lags = min(t.columns, c.lag.count + 1)
    for k in 0..<lags { s += "<th>\(k)</th>" }
    s += "</tr>\n"
    let inc = t.incremental
    for i in 0..<t.rows {
      let total = max(1e-9, t.cumulative[i][t.lastObserved[i]])
      s += "<tr><th>\(escape(t.origins[i]))</th>"
      for k in 0..<lags {
        if k > t.lastObserved[i] { s += "<td></td>"; continue }
        let share = max(0, min(1, inc[i][k] / total))
        let shade = Int(255 - 200 * share)
        s += "<td style=\"background:rgb(\(shade),\(shade),255)\" title=\"$\(money(inc[i][k]))\">\(String(format: "%.0f", 100 * share))</td>"
      }
      s += "</tr>\n"
    }
    s += "</table>\n<h2>Completion factors</h2>\n"
    let cf = Array(cl.completion.prefix(lags))
    s += chart(points: cf.enumerated().map { (Double($0.offset), $0.element) }, xLabel: "lag (months)", yLabel: "completion", yRange: (0, 1), diagonal: false)
    if let fit = c.selectedFit, let g = fit.goodness, !g.qq.isEmpty {
      s += "<h2>Q–Q plot: \(fit.family.rawValue) fit above $\(money(fit.threshold)) (log scale)</h2>\n"
      let pts = g.qq.filter { $0.empirical > 0 && $0.fitted > 0 && $0.fitted.isFinite }.map { (log10($0.fitted), log10($0.empirical)) }
      let lo = pts.map { min($0.0, $0.1) }.min() ?? 0, hi = pts.map { max($0.0, $0.1) }.max() ?? 1
      s += chart(points: pts, xLabel: "fitted quantile (log10 $)", yLabel: "observed (log10 $)", yRange: (lo, hi), xRange: (lo, hi), diagonal: true, dots: true)
    }
    if let fit = c.selectedFit, !c.largeObservations.isEmpty {
      s += "<h2>Fitted density over the histogram: \(fit.family.rawValue) above $\(money(fit.threshold)) (log scale)</h2>\n"
      s += densityChart(fit, data: c.largeObservations.map(\.value))
    }
    s += "<h2>Report</h2>\n<pre>\(escape(table(c)))</pre>\n</body></html>\n"
    return s
  }

  static func chart(points: [(Double, Double)], xLabel: String, yLabel: String, yRange: (Double, Double),
                    xRange: (Double, Double)? = nil, diagonal: Bool, dots: Bool = false) -> String {
    let w = 560.0, h = 320.0, m = 48.0
    let xr = xRange ?? (points.map(\.0).min() ?? 0, max(1, points.map(\.0).max() ?? 1))
    let dx = max(1e-9, xr.1 - xr.0), dy = max(1e-9, yRange.1 - yRange.0)
    func px(_ x: Double) -> Double { m + (x - xr.0) / dx * (w - 2 * m) }
    func py(_ y: Double) -> Double { h - m - (y - yRange.0) / dy * (h - 2 * m) }
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\">\n"
    s += "<rect x=\"\(m)\" y=\"\(m)\" width=\"\(w - 2 * m)\" height=\"\(h - 2 * m)\" fill=\"none\" stroke=\"#999\"/>\n"
    s += "<text x=\"\(w / 2)\" y=\"\(h - 10)\" text-anchor=\"middle\">\(escape(xLabel))</text>"
    s += "<text x=\"12\" y=\"\(h / 2)\" transform=\"rotate(-90 12 \(h / 2))\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
    for (v, anchor) in [(yRange.0, "start"), (yRange.1, "end")] {
      s += "<text x=\"\(m - 4)\" y=\"\(py(v) + 4)\" text-anchor=\"end\" data-a=\"\(anchor)\">\(String(format: "%.2f", v))</text>"
      s += "<text x=\"\(px(xr.0 + (v - yRange.0) / dy * dx))\" y=\"\(h - m + 14)\" text-anchor=\"middle\">\(String(format: "%.2f", xr.0 + (v - yRange.0) / dy * dx))</text>"
    }
    if diagonal {
      s += "<line x1=\"\(px(xr.0))\" y1=\"\(py(yRange.0))\" x2=\"\(px(xr.1))\" y2=\"\(py(yRange.1))\" stroke=\"#c33\" stroke-dasharray=\"4 3\"/>\n"
    }
    if dots {
      for (x, y) in points { s += "<circle cx=\"\(px(x))\" cy=\"\(py(y))\" r=\"2.5\" fill=\"#236\"/>" }
    } else {
      s += "<polyline fill=\"none\" stroke=\"#236\" stroke-width=\"2\" points=\"" + points.map { "\(px($0.0)),\(py($0.1))" }.joined(separator: " ") + "\"/>"
    }
    return s + "\n</svg>\n"
  }

  /// The large claimants' histogram on a log10 axis (density per unit of log10 $) under the
  /// fitted density truncated at the threshold, f(x) · x · ln 10 / S(T), as inline SVG.
  static func densityChart(_ fit: SeverityFit, data: [Double]) -> String {
    let f = fit.family, p = fit.parameters, t = fit.threshold
    let lo = log10(t), hi = max(lo + 0.1, log10(data.max() ?? t * 10))
    let bins = max(5, min(30, Int(Double(data.count).squareRoot().rounded())))
    let width = (hi - lo) / Double(bins)
    var counts = Array(repeating: 0, count: bins)
    for x in data where x > 0 { counts[min(bins - 1, max(0, Int((log10(x) - lo) / width)))] += 1 }
    let n = Double(data.count)
    let heights = counts.map { Double($0) / (n * width) }
    let logST = f.isThresholdModel ? 0 : f.logSurvival(t, p, threshold: t)
    let curve = (0...200).map { i -> (Double, Double) in
      let y = lo + (hi - lo) * Double(i) / 200
      let x = pow(10, y)
      let d = exp(f.logDensity(x, p, threshold: t) - logST) * x * log(10)
      return (y, d.isFinite ? d : 0)
    }
    let top = max(heights.max() ?? 1, curve.map(\.1).max() ?? 1) * 1.05
    let w = 560.0, h = 320.0, m = 48.0
    func px(_ x: Double) -> Double { m + (x - lo) / (hi - lo) * (w - 2 * m) }
    func py(_ y: Double) -> Double { h - m - y / top * (h - 2 * m) }
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\">\n"
    s += "<rect x=\"\(m)\" y=\"\(m)\" width=\"\(w - 2 * m)\" height=\"\(h - 2 * m)\" fill=\"none\" stroke=\"#999\"/>\n"
    for (i, y) in heights.enumerated() where y > 0 {
      let x0 = px(lo + Double(i) * width), x1 = px(lo + Double(i + 1) * width)
      s += "<rect x=\"\(x0)\" y=\"\(py(y))\" width=\"\(x1 - x0)\" height=\"\(py(0) - py(y))\" fill=\"#9bc\" stroke=\"#fff\"><title>\(counts[i]) member-years</title></rect>"
    }
    s += "\n<polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"2\" points=\"" + curve.map { "\(px($0.0)),\(py($0.1))" }.joined(separator: " ") + "\"/>\n"
    s += "<text x=\"\(w / 2)\" y=\"\(h - 10)\" text-anchor=\"middle\">member-year total (log10 $); bars: \(data.count) large claimants, line: fitted density</text>"
    s += "<text x=\"12\" y=\"\(h / 2)\" transform=\"rotate(-90 12 \(h / 2))\" text-anchor=\"middle\">density per log10 $</text>\n"
    for v in [lo, hi] {
      s += "<text x=\"\(px(v))\" y=\"\(h - m + 14)\" text-anchor=\"middle\">\(String(format: "%.2f", v))</text>"
    }
    s += "<text x=\"\(m - 4)\" y=\"\(py(top) + 4)\" text-anchor=\"end\">\(String(format: "%.2f", top))</text>"
    return s + "\n</svg>\n"
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
