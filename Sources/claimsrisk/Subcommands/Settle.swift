// Settle.swift: `claimsrisk settle FILE --claims PAID.csv`: replay actual paid claims through
// the contract and the funding, month by month.
import ArgumentParser
import ClaimsEngine
import ClaimsModel
import Foundation
import TextTable

extension ClaimsRisk {
  struct Settle: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Replay actual paid claims through the scenario's contract and funding, month by month.",
      discussion: """
        The claims CSV is either monthly totals (columns month,paid: paid month 1, 2, … with no \
        gaps, claims not attributed to members) or one row per claim (columns \
        member_id,incurred_month,paid_month,amount) for the specific stop-loss.
        """)

    @Argument(help: "The scenario file (YAML or JSON).")
    var file: String

    @Option(help: "The paid claims CSV.")
    var claims: String

    @Option(help: "Output format: table, json, csv or html (the table as a page).")
    var format: ReportFormat = .table

    @Option(help: "Write the report to this file (atomically).")
    var output: String?


    func run() throws {
      let scenario = try RunSupport.loadScenario(file)
      let out = OutputArguments(format: format, output: output)
      try out.checkWritable(scenario, inputs: [claims])
      let replayClaims = try ClaimsCSV.read(path: claims, scenario: scenario)
      let result: ReplayResult
      do {
        result = try ClaimsReplay.run(scenario, claims: replayClaims)
      } catch let error as ReplayError {
        throw InputError(message: "\(claims): \(error.description)")
      }
      var ledger: FundLedger?
      if let level = scenario.funding?.level, let deposits = scenario.levelFundingDeposits {
        // The fund pays claims and receives the specific reimbursements (as in simulate).
        let net = zip(result.claimsPaid, result.specificReceived).map { $0 - $1 }
        ledger = FundLedger(funding: level, monthlyDeposit: deposits, claimsPaidByMonth: net)
      }
      let text = render(scenario, result, ledger)
      try out.write(text)
    }

    func render(_ scenario: Scenario, _ r: ReplayResult, _ ledger: FundLedger?) -> String {
      let months = ledger.map { $0.balance.count } ?? max(12, r.claimsPaid.lastIndex { $0 != 0 }.map { $0 + 1 } ?? 12)
      let fixed = (1...months).map { m in m <= 12 ? (scenario.fixedCosts.map { scenario.monthlyAmount($0, month: m) } ?? 0) : 0 }
      let deposits = (1...months).map { m in m <= 12 ? (ledger?.deposits[m - 1] ?? 0) : 0 }
      switch format {
      case .html:
        var table = self
        table.format = .table
        return HTMLTextPage.render(
          title: "Settlement: \(scenario.name)", meta: ["claims file \((claims as NSString).lastPathComponent)", "claimsrisk \(ClaimsRisk.version)"],
          text: table.render(scenario, r, ledger))
      case .json:
        var pairs: [(String, JSONValue)] = [
          ("format", .integer(1)), ("scenario", .string(scenario.name)), ("claims_file", .string(claims)),
          ("program", .string("claimsrisk")), ("version", .string(ClaimsRisk.version)),
          ("total_paid", .number(r.claimsPaid.reduce(0, +))),
          ("claims_incurred", .number(r.claimsIncurred)),
          ("specific_reimbursement", .number(r.specificReimbursement)),
          ("aggregate_claims", .number(r.aggregateClaims)),
          ("attachment_point", .optional(r.attachmentPoint)),
          ("aggregate_reimbursement", .number(r.aggregateReimbursement)),
          ("runout_unprotected", .number(r.runoutUnprotected)),
          ("retained_claims", .number(r.retainedClaims)),
          ("fixed_costs", .number(r.fixedCosts)),
          ("employer_cost", .number(r.employerCost)),
        ]
        if let ledger {
          pairs += [
            ("funded", .number(ledger.deposits.reduce(0, +))),
            ("remaining_balance", .number(ledger.finalBalance)),
            ("refund", .number(ledger.refund)),
            ("deficit_absorbed_by_aggregate", .number(ledger.deficitAbsorbed)),
            ("lowest_balance", .number(ledger.lowestBalance)), ("lowest_balance_month", .integer(ledger.lowestMonth)),
            ("negative_months", .array(ledger.negativeMonths.map { .integer($0) })),
          ]
        }
        pairs.append(("months", .array((1...months).map { m in
          var o: [(String, JSONValue)] = [("month", .integer(m)), ("fixed_costs", .number(fixed[m - 1])), ("claims_paid", .number(r.claimsPaid[m - 1]))]
          if let ledger { o += [("funded", .number(deposits[m - 1])), ("fund_balance", .number(ledger.balance[m - 1]))] }
          o += [("specific_received", .number(r.specificReceived[m - 1])), ("accommodation", .number(r.accommodation[m - 1]))]
          return .object(o)
        })))
        return JSONValue.object(pairs).render() + "\n"
      case .csv:
        var lines = ["month,fixed_costs,funded,claims_paid,fund_balance,specific_received,accommodation"]
        for m in 1...months {
          let balance = ledger.map { String(format: "%.2f", $0.balance[m - 1]) } ?? ""
          lines.append("\(m),\(String(format: "%.2f", fixed[m - 1])),\(String(format: "%.2f", deposits[m - 1])),\(String(format: "%.2f", r.claimsPaid[m - 1])),\(balance),\(String(format: "%.2f", r.specificReceived[m - 1])),\(String(format: "%.2f", r.accommodation[m - 1]))")
        }
        return lines.joined(separator: "\n") + "\n"
      case .table:
        var out = ["\(scenario.name): actual claims replayed from \(claims)", ""]
        var headers = ["Month", "Fixed costs", "Funded", "Claims paid"]
        if ledger != nil { headers.append("Fund balance") }
        headers += ["Specific received", "Accommodation"]
        let rows: [[String]] = (1...months).map { m in
          var row = [String(m), Money.format(fixed[m - 1], cents: true), Money.format(deposits[m - 1], cents: true), Money.format(r.claimsPaid[m - 1], cents: true)]
          if let ledger { row.append(Money.format(ledger.balance[m - 1], cents: true) + (ledger.balance[m - 1] < 0 ? " *" : "")) }
          row += [Money.format(r.specificReceived[m - 1], cents: true), Money.format(r.accommodation[m - 1], cents: true)]
          return row
        }
        let table = TextTable<[String]> { row in headers.enumerated().map { Column(title: $1, value: row[$0], align: .right) } }
        out.append(table.string(for: rows, style: Style.psql) ?? "")
        out.append("Total paid \(Money.format(r.claimsPaid.reduce(0, +), cents: true))")
        if let ledger {
          out.append("Funded \(Money.format(ledger.deposits.reduce(0, +), cents: true)) · remaining balance \(Money.format(ledger.finalBalance, cents: true)) · refund \(Money.format(ledger.refund, cents: true))")
          let negative = ledger.negativeMonths
          if negative.isEmpty {
            out.append("The fund never went negative.")
          } else {
            out.append("* The fund is negative in months \(negative.map(String.init).joined(separator: ", ")) (lowest \(Money.format(ledger.lowestBalance, cents: true)) in month \(ledger.lowestMonth)): the carrier advances the shortfall.")
          }
        }
        out.append("Specific reimbursement \(Money.format(r.specificReimbursement, cents: true)) · aggregate claims \(Money.format(r.aggregateClaims, cents: true))" + (r.attachmentPoint.map { " against \(Money.format($0, cents: true))" } ?? "") + " · aggregate reimbursement \(Money.format(r.aggregateReimbursement, cents: true))")
        return out.joined(separator: "\n") + "\n"
      }
    }
  }
}

/// Reads a paid-claims CSV (monthly totals or one row per claim). Amounts are plain decimals
/// (no `nan`, `inf` or hexadecimal). A claim incurred outside the plan year is refused with its
/// line and column, never dropped in silence: after month 12 only a member under extension of
/// benefits has claims (up to 12 + the extension's months), and before month 1 only a contract
/// with a run-in (15/12, paid) covers them.
enum ClaimsCSV {
  /// The incurred months the scenario's contracts can cover: run-in from the earliest first
  /// incurred month of any contract, and after 12 only for extension-of-benefits members.
  struct IncurredWindow {
    var first: Int
    var extensionMembers: Set<String>
    var lastExtended: Int

    init(_ scenario: Scenario) {
      let contracts = [scenario.stopLoss] + scenario.options.map(\.stopLoss)
      var bases: [ContractBasis] = []
      for c in contracts {
        bases.append(c.basis)
        if let s = c.specific { bases.append(s.basis) }
        if let a = c.aggregate { bases.append(a.basis) }
      }
      first = bases.map { $0.firstIncurredMonth ?? Int.min }.min() ?? 1
      let specifics = contracts.compactMap(\.specific)
      extensionMembers = Set(specifics.flatMap(\.extensionMembers))
      lastExtended = 12 + (specifics.filter { !$0.extensionMembers.isEmpty }.map(\.extensionMonths).max() ?? 0)
    }

    /// Why a claim of `member` incurred in `month` cannot be settled, or nil.
    func problem(member: String, month: Int) -> String? {
      if month > 12 {
        if extensionMembers.contains(member) {
          return month > lastExtended ? "month \(month) is after the extension of benefits (months 13 to \(lastExtended))" : nil
        }
        return "month \(month) is after the plan year (months 1 to 12), and member '\(member)' is not under extension of benefits (stop_loss.specific.extension_of_benefits); a claim incurred in the next plan year belongs to that year's settlement: remove the row"
      }
      if month < first {
        return "month \(month) is before the earliest month any contract of the scenario covers (month \(first)); remove the row or use a contract with a run-in (15/12)"
      }
      return nil
    }
  }

  static func read(path: String, scenario: Scenario) throws -> [ReplayClaim] {
    let window = IncurredWindow(scenario)
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw InputError(message: "--claims \(path): cannot read the file")
    }
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    guard let headerLine = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
      throw InputError(message: "--claims \(path): the file is empty; expected a header month,paid or member_id,incurred_month,paid_month,amount")
    }
    let header = headerLine.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    var errors: [String] = []
    var claims: [ReplayClaim] = []
    if header == ["month", "paid"] {
      var expected = 1
      for (i, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard f.count == 2, let m = Int(f[0]), let amount = DecimalText.csv(f[1].replacingOccurrences(of: "$", with: "")) else {
          errors.append("\(path): line \(i + 1): expected month,paid (a whole month and an amount), found '\(line)'")
          continue
        }
        if m != expected {
          errors.append("\(path): line \(i + 1): month \(m) out of sequence; expected month \(expected) (months must run 1, 2, 3, … with none missing)")
        }
        if amount < 0 { errors.append("\(path): line \(i + 1): paid: negative amount \(f[1])") }
        expected = m + 1
        // Monthly totals: paid in month m, incurred in the plan year (month m, at most 12).
        if amount > 0 { claims.append(ReplayClaim(member: nil, incurredMonth: min(m, 12), paidMonth: m, amount: amount)) }
      }
      if expected == 1 && errors.isEmpty { errors.append("\(path): no months after the header") }
    } else if header == ["member_id", "incurred_month", "paid_month", "amount"] {
      for (i, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard f.count == 4 else {
          errors.append("\(path): line \(i + 1): expected 4 fields member_id,incurred_month,paid_month,amount, found '\(line)'")
          continue
        }
        guard let inc = Int(f[1]), let paid = Int(f[2]) else {
          let column = Int(f[1]) == nil ? (2, "incurred_month", f[1]) : (3, "paid_month", f[2])
          errors.append("\(path): line \(i + 1), column \(column.0) (\(column.1)): expected a whole month number, found '\(column.2)'")
          continue
        }
        guard let amount = DecimalText.csv(f[3]) else {
          errors.append("\(path): line \(i + 1), column 4 (amount): expected an amount in dollars written as a plain decimal (such as 1250.75), found '\(f[3])'")
          continue
        }
        if amount < 0 { errors.append("\(path): line \(i + 1): amount: negative amount \(f[3])"); continue }
        if paid < inc { errors.append("\(path): line \(i + 1): paid_month \(paid) is before incurred_month \(inc)"); continue }
        if paid < 1 || inc > 24 || paid - inc > 24 {
          errors.append("\(path): line \(i + 1): months out of range (incurred ≤ 24 — months 13…24 only for extension of benefits —, paid ≥ 1, at most 24 months apart)")
          continue
        }
        if let why = window.problem(member: f[0], month: inc) {
          errors.append("\(path): line \(i + 1), column 2 (incurred_month): \(why)")
          continue
        }
        claims.append(ReplayClaim(member: f[0].isEmpty ? nil : f[0], incurredMonth: inc, paidMonth: paid, amount: amount))
      }
    } else {
      errors.append("\(path): line 1: unknown header '\(headerLine)'; expected month,paid or member_id,incurred_month,paid_month,amount")
    }
    if !errors.isEmpty { throw InputError(message: errors.joined(separator: "\nerror: ")) }
    return claims
  }
}
