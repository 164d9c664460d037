// ScenarioDecoder+Census.swift: reading the census section: identical members, tiers, or a members_file CSV.
internal import Foundation
internal import Yams

extension ScenarioDecoder {
  func decodeCensus(_ node: Node) -> Census? {
    guard let map = reader.mapping(node, "census", allowed: ["members", "tiers", "members_file"]) else {
      return nil
    }
    let given = ["members", "tiers", "members_file"].filter { map[$0] != nil }
    guard given.count == 1 else {
      reader.fail(node, "census", given.isEmpty
        ? "expected exactly one of members, tiers, members_file"
        : "give only one of members, tiers, members_file (found \(given.joined(separator: ", ")))")
      return nil
    }
    if let n = map["members"] {
      guard let count = reader.integer(n, "census.members", minimum: 1, maximum: 50_000_000) else { return nil }
      return Census.identical(count)
    }
    if let n = map["tiers"] {
      guard let list = reader.sequence(n, "census.tiers") else { return nil }
      if list.isEmpty { reader.fail(n, "census.tiers", "expected at least one tier"); return nil }
      var specs: [(name: String, employees: Int, membersPerEmployee: Double)] = []
      var ok = true
      for (i, item) in list.enumerated() {
        let path = "census.tiers[\(i)]"
        guard let m = reader.mapping(item, path, allowed: ["name", "employees", "members_per_employee"]) else {
          ok = false
          continue
        }
        guard let nameNode = m["name"], let name = reader.string(nameNode, "\(path).name") else {
          if m["name"] == nil { missing(item, "\(path).name") }
          ok = false
          continue
        }
        if specs.contains(where: { $0.name == name }) {
          reader.fail(nameNode, "\(path).name", "duplicate tier name '\(name)'")
          ok = false
        }
        guard let empNode = m["employees"] else { missing(item, "\(path).employees"); ok = false; continue }
        guard let employees = reader.integer(empNode, "\(path).employees", minimum: 0, maximum: 10_000_000) else {
          ok = false
          continue
        }
        var mpe = 1.0
        if let mn = m["members_per_employee"] {
          guard let v = reader.number(mn, "\(path).members_per_employee", minimum: 1, maximum: 20) else {
            ok = false
            continue
          }
          mpe = v
        }
        specs.append((name, employees, mpe))
      }
      guard ok else { return nil }
      if specs.allSatisfy({ $0.employees == 0 }) {
        reader.fail(n, "census.tiers", "expected at least one employee in some tier")
        return nil
      }
      return Census.fromTiers(specs)
    }
    if let n = map["members_file"] {
      guard let rel = reader.string(n, "census.members_file") else { return nil }
      let path = rel.hasPrefix("/") ? rel : (baseDirectory as NSString).appendingPathComponent(rel)
      do {
        return try Census.read(csvFile: path, displayName: path)
      } catch let error as ScenarioError {
        for issue in error.issues {
          reader.fail(n, "census.members_file", "\(issue.file): \(issue.path.isEmpty ? "" : issue.path + ": ")\(issue.message)")
        }
        return nil
      } catch {
        reader.fail(n, "census.members_file", "\(error)")
        return nil
      }
    }
    return nil
  }
}
