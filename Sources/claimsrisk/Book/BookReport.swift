// BookReport.swift: the book's report as a table, JSON or CSV (HTML in BookReport+HTML).
// Everything comes from the BookResult alone (no timings, threads or shard layout), so a
// merged run renders byte for byte what the unsharded run does.
import ClaimsBook
import ClaimsEngine
import Foundation

struct BookReport {
  let result: BookResult

  func render(_ format: ReportFormat) -> String {
    switch format {
    case .table: table()
    case .json: json().render() + "\n"
    case .csv: csv()
    case .html: html()
    }
  }

  var id: BookIdentity { result.identity }

  static func levelKey(_ level: Double) -> String { level == 0.99 ? "99" : "99_5" }

  // MARK: JSON

  func json() -> JSONValue {
    let r = id.reinsurance
    return .object([
      ("book", .string(id.name)),
      ("program", .string("claimsrisk")),
      ("version", .string(id.programVersion)),
      ("book_hash", .string(id.bookHash)),
      ("trials", .integer(id.trials)),
      ("seed", .unsigned(id.seed)),
      ("method", .string("claims")),
      ("percentile_convention", .string("type 7 (R default, numpy linear)")),
      ("group_count", .integer(result.groups.count)),
      ("members", .integer(result.memberCount)),
      ("premium", .number(result.premium)),
      ("expected_claims_incurred", .number(result.expectedClaimsIncurred)),
      ("common_shock", .object([
        ("distribution", .string(id.shock.isNone ? "none" : id.shock.family.rawValue)),
        ("cv", .number(id.shock.cv)),
        ("multiplier", result.shock.map(summaryJSON) ?? .null),
      ])),
      ("gross_losses", summaryJSON(result.gross)),
      ("loss_ratio", summaryJSON(result.lossRatio)),
      ("probability_loss_ratio_above_1", .number(result.probabilityLoss.value)),
      ("probability_loss_ratio_above_1_std_error", .number(result.probabilityLoss.stdError)),
      ("tail", tailJSON(result.tail)),
      ("reinsurance", .object([
        ("quota_share", .number(r.quotaShare)),
        ("quota_share_ceded_losses_mean", .number(result.quotaShareCeded)),
        ("aggregate_stop_loss", r.stopLossAttachment == nil ? .null : .object([
          ("attachment_loss_ratio", .optional(r.stopLossAttachment)),
          ("limit_loss_ratio", .optional(r.stopLossLimit)),
          ("premium", .number(r.stopLossPremium)),
          ("recovery", summaryJSON(result.stopLossRecovery)),
        ])),
        ("net_premium", .number(result.netPremium)),
        ("net_losses", summaryJSON(result.net)),
        ("net_loss_ratio", summaryJSON(result.netLossRatio)),
        ("probability_net_loss_ratio_above_1", .number(result.probabilityNetLoss.value)),
        ("probability_net_loss_ratio_above_1_std_error", .number(result.probabilityNetLoss.stdError)),
        ("net_tail", tailJSON(result.netTail)),
      ])),
      ("allocation", .object([
        ("method", .string("co-TVaR (Euler): a group's mean loss over the book's tail trials")),
        ("tvar_99", .number(result.tail[0].tailValue)),
        ("sum_of_co_tvar_99", .number(result.groups.reduce(0) { $0 + $1.coTVaR99 })),
        ("tvar_99_5", .number(result.tail[1].tailValue)),
        ("sum_of_co_tvar_99_5", .number(result.groups.reduce(0) { $0 + $1.coTVaR995 })),
      ])),
      ("groups", .array(result.groups.map(groupJSON))),
    ])
  }

  func groupJSON(_ g: GroupFigures) -> JSONValue {
    .object([
      ("rank", .integer(g.rank)),
      ("id", .string(g.record.id)),
      ("name", .string(g.record.name)),
      ("source", .string(g.record.source)),
      ("members", .integer(g.record.members)),
      ("premium", .number(g.record.premium)),
      ("seed", .unsigned(g.record.seed)),
      ("expected_claims_incurred", .number(g.record.claimsIncurredMean)),
      ("expected_specific_reimbursement", .number(g.expectedSpecific)),
      ("expected_aggregate_reimbursement", .number(g.expectedAggregate)),
      ("expected_loss", .number(g.expectedLoss)),
      ("expected_loss_std_error", .number(g.expectedLossStdError)),
      ("loss_ratio", .number(g.lossRatio)),
      ("co_tvar_99", .number(g.coTVaR99)),
      ("co_tvar_99_5", .number(g.coTVaR995)),
      ("share_of_tvar_99", .number(g.share99)),
    ])
  }

  func tailJSON(_ tail: [TailMeasure]) -> JSONValue {
    .object(tail.flatMap { m -> [(String, JSONValue)] in
      let k = BookReport.levelKey(m.level)
      return [
        ("var_\(k)", .number(m.valueAtRisk)), ("var_\(k)_std_error", .number(m.valueAtRiskStdError)),
        ("tvar_\(k)", .number(m.tailValue)), ("tvar_\(k)_std_error", .number(m.tailValueStdError)),
      ]
    })
  }

  func summaryJSON(_ s: MetricSummary) -> JSONValue {
    var m: [(String, JSONValue)] = [("mean", .number(s.mean)), ("std_error", .number(s.stdError)), ("std_dev", .number(s.stdDev))]
    for (i, level) in MetricSummary.levels.enumerated() {
      m.append((level.key, .number(s.percentiles[i])))
      m.append(("\(level.key)_std_error", .number(s.percentileStdErrors[i])))
    }
    m += [("min", .number(s.min)), ("max", .number(s.max))]
    return .object(m)
  }

  // MARK: Table

  func table() -> String {
    var out = "Book: \(id.name) — \(result.groups.count) groups, \(result.memberCount) members, \(id.trials) trials, seed \(id.seed)\n"
    out += "Premium \(Money.format(result.premium)); expected claims incurred \(Money.format(result.expectedClaimsIncurred)); common shock: \(id.shock.description)\n\n"
    let levels = MetricSummary.levels
    var rows: [[String]] = [["", "Mean"] + levels.map { $0.key.replacingOccurrences(of: "_", with: ".").uppercased() }]
    func row(_ label: String, _ s: MetricSummary, _ f: (Double) -> String) {
      rows.append([label, f(s.mean)] + s.percentiles.map(f))
      rows.append(["  ± s.e.", f(s.stdError)] + s.percentileStdErrors.map(f))
    }
    let ratio: (Double) -> String = { Money.percent($0, digits: 1) }
    row("Gross losses", result.gross, { Money.format($0) })
    row("Loss ratio", result.lossRatio, ratio)
    if !id.reinsurance.isNone {
      row("Net losses", result.net, { Money.format($0) })
      row("Net loss ratio", result.netLossRatio, ratio)
    }
    out += BookReport.align(rows, numeric: true) + "\n"
    out += "P(loss ratio > 100%) = \(Money.percent(result.probabilityLoss.value)) ± \(Money.percent(result.probabilityLoss.stdError))\n"
    for m in result.tail {
      out += String(format: "VaR %.1f%% %@ ± %@   TVaR %.1f%% %@ ± %@\n", m.level * 100, Money.format(m.valueAtRisk), Money.format(m.valueAtRiskStdError),
                    m.level * 100, Money.format(m.tailValue), Money.format(m.tailValueStdError))
    }
    if !id.reinsurance.isNone {
      let r = id.reinsurance
      out += "\nReinsurance: quota share \(Money.percent(r.quotaShare, digits: 1))"
      if let a = r.stopLossAttachment {
        out += "; aggregate stop-loss at \(Money.percent(a, digits: 1)) loss ratio" + (r.stopLossLimit.map { ", limit \(Money.percent($0, digits: 1))" } ?? "")
        out += " (expected recovery \(Money.format(result.stopLossRecovery.mean)) ± \(Money.format(result.stopLossRecovery.stdError)))"
      }
      out += "\nNet premium \(Money.format(result.netPremium)); P(net loss ratio > 100%) = \(Money.percent(result.probabilityNetLoss.value)) ± \(Money.percent(result.probabilityNetLoss.stdError))\n"
      for m in result.netTail {
        out += String(format: "Net VaR %.1f%% %@   net TVaR %.1f%% %@\n", m.level * 100, Money.format(m.valueAtRisk), m.level * 100, Money.format(m.tailValue))
      }
    }
    out += "\nGroups ranked by contribution to the book's TVaR 99% (co-TVaR; contributions sum to \(Money.format(result.tail[0].tailValue))):\n"
    var g: [[String]] = [["Rank", "Group", "Members", "Premium", "Expected loss", "± s.e.", "Loss ratio", "Co-TVaR 99%", "Share", "Co-TVaR 99.5%"]]
    for f in result.groups {
      g.append([String(f.rank), f.record.id, String(f.record.members), Money.format(f.record.premium), Money.format(f.expectedLoss),
                Money.format(f.expectedLossStdError), ratio(f.lossRatio), Money.format(f.coTVaR99), ratio(f.share99), Money.format(f.coTVaR995)])
    }
    out += BookReport.align(g, numeric: true)
    return out
  }

  /// Columns padded to their widest cell; the first (and, for groups, second) left-aligned.
  static func align(_ rows: [[String]], numeric: Bool) -> String {
    let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { c, cell in
        let pad = String(repeating: " ", count: widths[c] - cell.count)
        return (c == 0 || (c == 1 && row.count > 9)) ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }

  // MARK: CSV

  /// One row per group (ranked), then the book's totals as a last row with id "BOOK".
  func csv() -> String {
    var out = "# book=\(id.name),trials=\(id.trials),seed=\(id.seed),version=\(id.programVersion),book_hash=\(id.bookHash)\n"
    out += "rank,id,name,source,members,premium,expected_claims_incurred,expected_specific_reimbursement,expected_aggregate_reimbursement,expected_loss,expected_loss_std_error,loss_ratio,co_tvar_99,co_tvar_99_5,share_of_tvar_99\n"
    func q(_ s: String) -> String { s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
    for g in result.groups {
      let fields: [String] = [String(g.rank), q(g.record.id), q(g.record.name), q(g.record.source), String(g.record.members)]
        + [g.record.premium, g.record.claimsIncurredMean, g.expectedSpecific, g.expectedAggregate, g.expectedLoss, g.expectedLossStdError,
           g.lossRatio, g.coTVaR99, g.coTVaR995, g.share99].map { "\($0)" }
      out += fields.joined(separator: ",") + "\n"
    }
    let t = result.tail
    out += ",BOOK,\(q(id.name)),,\(result.memberCount),\(result.premium),\(result.expectedClaimsIncurred),,,\(result.gross.mean),\(result.gross.stdError),\(result.lossRatio.mean),\(t[0].tailValue),\(t[1].tailValue),1.0\n"
    return out
  }
}
