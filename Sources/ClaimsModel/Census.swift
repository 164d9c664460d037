// Census.swift: the covered persons and enrolled units of a group, from `members`, `tiers`
// or a `members_file` CSV. User doc: docs/scenario-format.md, "census".
internal import Foundation

/// The resolved census: enrolled units by tier and one record per covered person.
public struct Census: Sendable {
  public struct Tier: Sendable, Hashable {
    public var name: String
    /// Enrolled units (employees) in the tier.
    public var units: Int
    /// Covered persons in the tier.
    public var members: Int
  }

  public struct Member: Sendable, Hashable {
    public var id: String
    public var tier: Int
    public var family: Int
    /// True for a dependent child (cost weight 0.45 in the default model).
    public var isChild: Bool

    public init(id: String, tier: Int, family: Int, isChild: Bool) {
      self.id = id
      self.tier = tier
      self.family = family
      self.isChild = isChild
    }
  }

  public enum Source: Sendable, Hashable {
    case members
    case tiers
    case membersFile(String)
  }

  public var source: Source
  /// The digest of the census CSV's bytes, when the census was read from a file.
  public var fileDigest: String? = nil
  public var tiers: [Tier]
  public var members: [Member]

  public var memberCount: Int { members.count }
  public var unitCount: Int { tiers.reduce(0) { $0 + $1.units } }

  /// `count` identical members, one enrolled unit each (tier name "member").
  public static func identical(_ count: Int) -> Census {
    Census(
      source: .members, tiers: [Tier(name: "member", units: count, members: count)],
      members: (0..<count).map { Member(id: String($0 + 1), tier: 0, family: $0, isChild: false) })
  }

  /// Tiers of employees, each with `membersPerEmployee` persons on average. Each employee's
  /// family gets ⌊m⌋ or ⌈m⌉ persons so that the tier total is round(employees × m): the
  /// employee, a spouse when the family has two or more, then children.
  public static func fromTiers(_ specs: [(name: String, employees: Int, membersPerEmployee: Double)]) -> Census {
    var tiers: [Tier] = []
    var members: [Member] = []
    var family = 0
    for (t, spec) in specs.enumerated() {
      let total = Int((Double(spec.employees) * spec.membersPerEmployee).rounded())
      var assigned = 0
      for e in 0..<spec.employees {
        // Persons in this family: spread the total evenly (largest-remainder rounding).
        let target = Int((Double(total) * Double(e + 1) / Double(max(spec.employees, 1))).rounded())
        let size = max(1, target - assigned)
        for p in 0..<size {
          members.append(
            Member(id: "\(spec.name)-\(e + 1)-\(p + 1)", tier: t, family: family, isChild: p >= 2))
        }
        assigned += size
        family += 1
      }
      tiers.append(Tier(name: spec.name, units: spec.employees, members: assigned))
    }
    return Census(source: .tiers, tiers: tiers, members: members)
  }

  /// Reads a census CSV: a header with `member_id`, `family_id`, `tier` and optionally
  /// `relationship` (employee | spouse | child | dependent), `age`, `sex`; one row per person.
  /// A family's tier is the tier of its first row; the family is one enrolled unit.
  /// - Throws: ``ScenarioError`` naming the CSV line and column of every bad row.
  public static func read(csvFile path: String, displayName: String) throws -> Census {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      throw ScenarioError(file: displayName, message: "cannot read the census file")
    }
    var issues: [ScenarioIssue] = []
    func fail(_ line: Int, _ message: String) {
      issues.append(ScenarioIssue(file: displayName, path: "line \(line)", message: message))
    }
    let rows = CSV.parse(text)
    guard let header = rows.first else {
      throw ScenarioError(file: displayName, message: "the census file is empty; expected a header line")
    }
    let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    let known = ["member_id", "family_id", "tier", "relationship", "age", "sex"]
    for n in names where !known.contains(n) {
      fail(header.line, "unknown column '\(n)'; expected \(known.joined(separator: ", "))")
    }
    for required in ["member_id", "family_id", "tier"] where !names.contains(required) {
      fail(header.line, "missing column '\(required)'")
    }
    var col: [String: Int] = [:]
    for (i, n) in names.enumerated() where !n.isEmpty {
      if let first = col[n] {
        fail(header.line, "column '\(n)' appears twice (columns \(first + 1) and \(i + 1)); keep one")
      } else {
        col[n] = i
      }
    }
    if !issues.isEmpty { throw ScenarioError(issues) }

    var tierIndex: [String: Int] = [:]
    var tiers: [Tier] = []
    var familyIndex: [String: Int] = [:]
    var familyTier: [Int] = []
    var seenIDs: Set<String> = []
    var members: [Member] = []
    for row in rows.dropFirst() {
      if row.fields.count == 1 && row.fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
      guard row.fields.count == names.count else {
        fail(row.line, "expected \(names.count) fields, found \(row.fields.count)")
        continue
      }
      func field(_ name: String) -> String? {
        col[name].map { row.fields[$0].trimmingCharacters(in: .whitespaces) }
      }
      let id = field("member_id")!
      let fam = field("family_id")!
      let tierName = field("tier")!
      if id.isEmpty { fail(row.line, "member_id: must not be empty"); continue }
      if fam.isEmpty { fail(row.line, "family_id: must not be empty"); continue }
      if tierName.isEmpty { fail(row.line, "tier: must not be empty"); continue }
      if seenIDs.contains(id) { fail(row.line, "member_id: duplicate id '\(id)'"); continue }
      var isChild = false
      if let rel = field("relationship"), !rel.isEmpty {
        switch rel.lowercased() {
        case "employee", "subscriber", "self", "spouse", "partner": isChild = false
        case "child", "dependent": isChild = true
        default:
          fail(row.line, "relationship: expected employee, spouse, child or dependent, found '\(rel)'")
          continue
        }
      }
      if let ageText = field("age"), !ageText.isEmpty {
        guard let age = DecimalText.csv(ageText), age >= 0, age < 130 else {
          fail(row.line, "age: expected a number from 0 to 130, found '\(ageText)'")
          continue
        }
        if field("relationship").map({ $0.isEmpty }) ?? true { isChild = age < 18 }
      }
      if let sex = field("sex"), !sex.isEmpty, !["m", "f", "male", "female", "u", "x"].contains(sex.lowercased()) {
        fail(row.line, "sex: expected M, F, U or X, found '\(sex)'")
        continue
      }
      seenIDs.insert(id)
      let t: Int
      if let existing = tierIndex[tierName] {
        t = existing
      } else {
        t = tiers.count
        tierIndex[tierName] = t
        tiers.append(Tier(name: tierName, units: 0, members: 0))
      }
      let f: Int
      if let existing = familyIndex[fam] {
        f = existing
      } else {
        f = familyTier.count
        familyIndex[fam] = f
        familyTier.append(t)
        tiers[t].units += 1
      }
      tiers[familyTier[f]].members += 1
      members.append(Member(id: id, tier: familyTier[f], family: f, isChild: isChild))
    }
    if !issues.isEmpty { throw ScenarioError(issues) }
    if members.isEmpty {
      throw ScenarioError(file: displayName, message: "the census file has no member rows")
    }
    var census = Census(source: .membersFile(displayName), tiers: tiers, members: members)
    census.fileDigest = Digest.hex(data)
    return census
  }
}

/// A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends.
enum CSV {
  struct Row {
    var line: Int
    var fields: [String]
  }

  static func parse(_ text: String) -> [Row] {
    var rows: [Row] = []
    var field = ""
    var fields: [String] = []
    var inQuotes = false
    var line = 1
    var rowLine = 1
    var chars = text.makeIterator()
    var pending: Character? = nil
    func next() -> Character? {
      if let p = pending { pending = nil; return p }
      return chars.next()
    }
    while let c = next() {
      if inQuotes {
        if c == "\"" {
          if let n = next() {
            if n == "\"" { field.append("\"") } else { inQuotes = false; pending = n }
          } else { inQuotes = false }
        } else {
          if c == "\n" || c == "\r\n" { line += 1 }
          field.append(c)
        }
        continue
      }
      switch c {
      case "\"": inQuotes = true
      case ",": fields.append(field); field = ""
      case "\n", "\r\n", "\r":
        fields.append(field)
        rows.append(Row(line: rowLine, fields: fields))
        fields = []
        field = ""
        line += 1
        rowLine = line
      default: field.append(c)
      }
    }
    if !field.isEmpty || !fields.isEmpty {
      fields.append(field)
      rows.append(Row(line: rowLine, fields: fields))
    }
    return rows
  }
}
