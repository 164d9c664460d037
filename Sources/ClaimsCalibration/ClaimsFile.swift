// ClaimsFile.swift: reads a paid-claims CSV (the TPA's claim lines) into claim records,
// reporting every problem with its line and column at once. Format: docs/calibration.md.
internal import Foundation

/// Medical or pharmacy (Rx) claim line.
public enum ClaimType: String, Sendable, Hashable, CaseIterable {
  case medical, rx
}

/// One claim line: who, when incurred, when paid, how much (negative for a reversal).
public struct ClaimRecord: Sendable, Hashable {
  public var member: String
  public var incurred: Month
  public var paid: Month
  public var amount: Double
  public var type: ClaimType
  public var claimID: String?
  /// True when the amount is capped (a pooled or limited amount): the member-year total is
  /// then right-censored in the severity fit.
  public var capped: Bool

  public init(member: String, incurred: Month, paid: Month, amount: Double, type: ClaimType = .medical, claimID: String? = nil, capped: Bool = false) {
    self.member = member
    self.incurred = incurred
    self.paid = paid
    self.amount = amount
    self.type = type
    self.claimID = claimID
    self.capped = capped
  }
}

/// Every problem found in an input file, each naming the file, line, column and what to write.
public struct CalibrationError: Error, CustomStringConvertible, Sendable {
  public var issues: [String]
  public init(_ issues: [String]) { self.issues = issues }
  public init(_ issue: String) { self.issues = [issue] }
  public var description: String { issues.joined(separator: "\n") }
}

/// The claims file: its records and what the reader noticed.
public struct ClaimsFile: Sendable {
  public var records: [ClaimRecord]
  public var file: String
  /// True when the file has a `type` column (medical and Rx may then be developed apart).
  public var hasTypes: Bool

  /// The column names (first line), with their accepted aliases.
  public static let columns: [(name: String, aliases: [String], required: Bool)] = [
    ("member_id", ["member", "member_id"], true),
    ("incurred", ["incurred", "incurred_month", "incurred_date", "service_date", "date_of_service"], true),
    ("paid", ["paid", "paid_month", "paid_date"], true),
    ("amount", ["amount", "paid_amount"], true),
    ("type", ["type", "claim_type"], false),
    ("claim_id", ["claim_id"], false),
    ("capped", ["capped"], false),
  ]

  /// At most this many problems are listed; the rest are counted.
  static let maxListedIssues = 50

  public static func load(path: String) throws -> ClaimsFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CalibrationError("\(path): cannot read the claims file (no such file, or not readable)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CalibrationError("\(path): the claims file is not UTF-8 text")
    }
    return try parse(text: text, file: path)
  }

  public static func parse(text: String, file: String) throws -> ClaimsFile {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if let last = lines.last, last.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { lines.removeLast() }
    guard let headerLine = lines.first, !headerLine.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw CalibrationError("\(file): the claims file is empty; expected a header line `member_id,incurred,paid,amount` (optional columns type, claim_id, capped) and one line per claim")
    }
    var header = headerLine
    if header.hasPrefix("\u{FEFF}") { header = header.dropFirst() }
    guard let names = CSVLine.split(header) else {
      throw CalibrationError("\(file):1: unclosed quote in the header")
    }
    var position: [String: Int] = [:]
    var issues: [String] = []
    for (i, field) in names.enumerated() {
      let name = field.text.lowercased()
      guard let column = columns.first(where: { $0.aliases.contains(name) }) else {
        issues.append("\(file):1:\(field.column): unknown column '\(field.text)'; expected \(columns.map(\.name).joined(separator: ", "))")
        continue
      }
      if position[column.name] != nil {
        issues.append("\(file):1:\(field.column): column '\(column.name)' appears twice")
      }
      position[column.name] = i
    }
    for column in columns where column.required && position[column.name] == nil {
      issues.append("\(file):1: missing column '\(column.name)'; the header must name member_id, incurred, paid and amount (e.g. `member_id,incurred,paid,amount,type`)")
    }
    if !issues.isEmpty { throw CalibrationError(issues) }
    if lines.count == 1 {
      throw CalibrationError("\(file): the claims file has a header but no claim lines")
    }

    var records: [ClaimRecord] = []
    records.reserveCapacity(lines.count - 1)
    var problemCount = 0
    func report(_ message: String) {
      problemCount += 1
      if issues.count < maxListedIssues { issues.append(message) }
    }
    let pMember = position["member_id"]!, pIncurred = position["incurred"]!
    let pPaid = position["paid"]!, pAmount = position["amount"]!
    let pType = position["type"], pID = position["claim_id"], pCapped = position["capped"]
    for lineIndex in 1..<lines.count {
      let line = lines[lineIndex]
      let n = lineIndex + 1
      if line.allSatisfy({ $0 == " " || $0 == "\r" || $0 == "\t" }) { continue }
      guard let fields = CSVLine.split(line) else {
        report("\(file):\(n): unclosed quote")
        continue
      }
      guard fields.count == names.count else {
        report("\(file):\(n): expected \(names.count) fields (as in the header), found \(fields.count)")
        continue
      }
      var ok = true
      let member = fields[pMember]
      if member.text.isEmpty {
        report("\(file):\(n):\(member.column): member_id: empty; write the member's identifier")
        ok = false
      }
      func month(_ p: Int, _ what: String) -> Month? {
        let f = fields[p]
        guard let m = Month(parsing: f.text) else {
          report("\(file):\(n):\(f.column): \(what): '\(f.text)' is not a month; write YYYY-MM (e.g. 2025-03) or a date YYYY-MM-DD")
          return nil
        }
        return m
      }
      let incurred = month(pIncurred, "incurred")
      let paid = month(pPaid, "paid")
      if incurred == nil || paid == nil { ok = false }
      if let incurred, let paid, paid < incurred {
        report("\(file):\(n):\(fields[pPaid].column): paid: \(paid) is before the incurred month \(incurred); a claim is paid in or after the month it is incurred")
        ok = false
      }
      let amountField = fields[pAmount]
      let amountText = amountField.text.replacingOccurrences(of: "$", with: "")
      var amount = 0.0
      if let a = Double(amountText), a.isFinite, !amountText.contains(",") {
        amount = a
      } else {
        let hint = amountText.contains(",") ? " (no thousands separators: write 1234.56)" : ""
        report("\(file):\(n):\(amountField.column): amount: '\(amountField.text)' is not a number\(hint); write dollars as a plain number, negative for a reversal")
        ok = false
      }
      var type = ClaimType.medical
      if let pType {
        let f = fields[pType]
        switch f.text.lowercased() {
        case "medical", "med", "m", "": type = .medical
        case "rx", "pharmacy", "drug", "r": type = .rx
        default:
          report("\(file):\(n):\(f.column): type: '\(f.text)' is not a claim type; write medical or rx")
          ok = false
        }
      }
      var capped = false
      if let pCapped {
        let f = fields[pCapped]
        switch f.text.lowercased() {
        case "1", "true", "yes", "y": capped = true
        case "0", "false", "no", "n", "": capped = false
        default:
          report("\(file):\(n):\(f.column): capped: '\(f.text)' is not a flag; write true or false")
          ok = false
        }
      }
      guard ok, let incurred, let paid else { continue }
      let id = pID.map { fields[$0].text }.flatMap { $0.isEmpty ? nil : $0 }
      records.append(ClaimRecord(member: member.text, incurred: incurred, paid: paid, amount: amount, type: type, claimID: id, capped: capped))
    }
    if problemCount > issues.count {
      issues.append("\(file): … and \(problemCount - issues.count) more problems")
    }
    if !issues.isEmpty { throw CalibrationError(issues) }
    return ClaimsFile(records: records, file: file, hasTypes: pType != nil)
  }
}
