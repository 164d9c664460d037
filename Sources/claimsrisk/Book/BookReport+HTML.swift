// BookReport+HTML.swift: the book's report as one self-contained page: the book's figures,
// the distribution of gross losses (histogram), each group's contribution to TVaR 99%
// (bar chart) and the ranked groups.
import ClaimsBook
import ClaimsEngine
import Foundation

extension BookReport {
  func html() -> String {
    let title = "Book: \(id.name)"
    var body = "<h1>\(BookReport.escape(title))</h1>\n"
    body += "<p>\(result.groups.count) groups, \(result.memberCount) members, \(id.trials) trials, seed \(id.seed), claimsrisk \(BookReport.escape(id.programVersion)). Common shock: \(BookReport.escape(id.shock.description)).</p>\n"
    body += "<table id=\"book-summary\"><thead><tr><th></th><th>Mean</th>"
    body += MetricSummary.levels.map { "<th>\($0.key.replacingOccurrences(of: "_", with: ".").uppercased())</th>" }.joined() + "</tr></thead><tbody>\n"
    func row(_ label: String, _ s: MetricSummary, _ f: (Double) -> String) {
      body += "<tr><th>\(label)</th><td title=\"± \(f(s.stdError))\">\(f(s.mean))</td>"
      body += zip(s.percentiles, s.percentileStdErrors).map { "<td title=\"± \(f($1))\">\(f($0))</td>" }.joined() + "</tr>\n"
    }
    let ratio: (Double) -> String = { Money.percent($0, digits: 1) }
    row("Gross losses", result.gross, { Money.format($0) })
    row("Loss ratio", result.lossRatio, ratio)
    if !id.reinsurance.isNone {
      row("Net losses", result.net, { Money.format($0) })
      row("Net loss ratio", result.netLossRatio, ratio)
    }
    body += "</tbody></table>\n<ul>\n"
    body += "<li>Premium \(Money.format(result.premium)); P(loss ratio &gt; 100%) = \(Money.percent(result.probabilityLoss.value)) ± \(Money.percent(result.probabilityLoss.stdError))</li>\n"
    for m in result.tail {
      body += String(format: "<li>VaR %.1f%%: %@ ± %@; TVaR %.1f%%: %@ ± %@</li>\n", m.level * 100, Money.format(m.valueAtRisk), Money.format(m.valueAtRiskStdError), m.level * 100, Money.format(m.tailValue), Money.format(m.tailValueStdError))
    }
    if let a = id.reinsurance.stopLossAttachment {
      body += "<li>Aggregate stop-loss at \(ratio(a)) loss ratio: expected recovery \(Money.format(result.stopLossRecovery.mean)); net premium \(Money.format(result.netPremium))</li>\n"
    }
    body += "</ul>\n<h2>Distribution of gross losses</h2>\n" + histogram()
    body += "<h2>Contribution to TVaR 99% (co-TVaR), top groups</h2>\n" + contributions()
    body += "<h2>Groups</h2>\n<table id=\"book-groups\"><thead><tr><th>Rank</th><th>Group</th><th>Members</th><th>Premium</th><th>Expected loss</th><th>Loss ratio</th><th>Co-TVaR 99%</th><th>Share</th></tr></thead><tbody>\n"
    for g in result.groups {
      body += "<tr><td>\(g.rank)</td><td>\(BookReport.escape(g.record.id))</td><td>\(g.record.members)</td><td>\(Money.format(g.record.premium))</td>"
      body += "<td title=\"± \(Money.format(g.expectedLossStdError))\">\(Money.format(g.expectedLoss))</td><td>\(ratio(g.lossRatio))</td><td>\(Money.format(g.coTVaR99))</td><td>\(ratio(g.share99))</td></tr>\n"
    }
    body += "</tbody></table>\n"
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"/><meta name="generator" content="claimsrisk \(BookReport.escape(id.programVersion))"/>
      <title>\(BookReport.escape(title))</title>
      <style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{padding:.2em .6em;text-align:right;border-bottom:1px solid #ddd}th:first-child,td:nth-child(2){text-align:left}svg text{font-size:11px}</style>
      </head><body>
      \(body)</body></html>

      """
  }

  /// Histogram of the gross losses up to their 99.5th percentile.
  func histogram() -> String {
    let s = result.grossSketch
    let w = 640.0, h = 220.0, left = 50.0, bottom = 30.0
    let maxCount = Double(s.histogramCounts.max() ?? 1)
    let bw = (w - left) / Double(max(1, s.histogramCounts.count))
    var svg = "<svg id=\"book-histogram\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\"><title>Histogram of gross losses</title>\n"
    for (i, c) in s.histogramCounts.enumerated() {
      let bh = (h - bottom - 10) * Double(c) / maxCount
      svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a78b5\"/>", left + Double(i) * bw, h - bottom - bh, max(0, bw - 1), bh)
    }
    for k in 0...4 {
      let x = s.histogramLower + Double(k) / 4 * s.histogramWidth * Double(s.histogramCounts.count)
      svg += String(format: "\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%@</text>", left + Double(k) / 4 * (w - left), h - 10, BookReport.escape(Money.format(x)))
    }
    return svg + "\n</svg>\n"
  }

  /// Horizontal bars of the 20 largest co-TVaR 99% contributions.
  func contributions() -> String {
    let top = Array(result.groups.prefix(20))
    let rowH = 18.0, left = 160.0, w = 640.0
    let h = Double(top.count) * rowH + 10
    let maxV = max(top.map(\.coTVaR99).max() ?? 1, 1)
    var svg = "<svg id=\"book-contributions\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\"><title>Co-TVaR 99% by group</title>\n"
    for (i, g) in top.enumerated() {
      let y = Double(i) * rowH + 5
      let bw = (w - left - 90) * max(0, g.coTVaR99) / maxV
      svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>", left - 6, y + 12, BookReport.escape(g.record.id))
      svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#c0504d\"/>", left, y + 2, bw, rowH - 4)
      svg += String(format: "<text x=\"%.1f\" y=\"%.1f\">%@</text>\n", left + bw + 4, y + 12, BookReport.escape(Money.format(g.coTVaR99)))
    }
    return svg + "</svg>\n"
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
