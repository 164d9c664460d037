// BookReader.swift: reading and checking a book file (YAML or JSON). Every problem is
// collected with its file, key path, line and what to write instead, and reported at once,
// as the scenario reader does. Each group is a scenario file (a path relative to the book)
// or an inline scenario, read by the scenario reader itself.
// User doc: docs/book.md, "The book file".
internal import ClaimsModel
internal import Foundation
internal import Yams

extension Book {
  static let topKeys = ["format", "name", "simulation", "common_shock", "reinsurance", "groups"]
  static let groupKeys = ["id", "file", "premium"]

  /// Reads and validates the book at `path` and every group file it names.
  /// - Throws: ``ScenarioError`` listing every problem.
  public static func load(path: String) throws -> Book {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw ScenarioError(file: path, message: isDirectory.boolValue ? "is a directory, expected a book file" : "no such file")
    }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw ScenarioError(file: path, message: "cannot read the file as UTF-8 text")
    }
    return try parse(text: text, file: path, baseDirectory: (path as NSString).deletingLastPathComponent)
  }

  /// Parses and validates book text; `baseDirectory` resolves the groups' relative paths.
  public static func parse(text: String, file: String, baseDirectory: String) throws -> Book {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch {
      throw ScenarioError(file: file, message: "not valid YAML or JSON: \("\(error)".replacingOccurrences(of: "\n", with: " "))")
    }
    guard let root else {
      throw ScenarioError(file: file, message: "the file is empty; expected a book with a `groups:` list (see docs/book.md)")
    }
    let reader = BookNodeReader(file: file)
    let book = reader.book(root, text: text, baseDirectory: baseDirectory)
    if !reader.issues.isEmpty { throw ScenarioError(reader.issues) }
    guard let book else { throw ScenarioError(file: file, message: "invalid book") }
    return book
  }
}

/// Walks the node tree of one book, collecting issues.
private final class BookNodeReader {
  let file: String
  var issues: [ScenarioIssue] = []

  init(file: String) { self.file = file }

  func fail(_ node: Node?, _ path: String, _ message: String) {
    issues.append(ScenarioIssue(file: file, path: path, line: node?.mark?.line, column: node?.mark?.column, message: message))
  }

  func mapping(_ node: Node, _ path: String, allowed: [String]?) -> [(String, Node, Node)]? {
    guard case .mapping(let map) = node else {
      fail(node, path, "expected a mapping" + (allowed.map { " with keys \($0.joined(separator: ", "))" } ?? ""))
      return nil
    }
    var out: [(String, Node, Node)] = []
    for (k, v) in map {
      guard let key = k.string else { fail(k, path, "keys must be plain strings"); continue }
      let keyPath = path.isEmpty ? key : "\(path).\(key)"
      if let allowed, !allowed.contains(key) {
        fail(k, keyPath, "unknown key; allowed here: \(allowed.joined(separator: ", "))")
        continue
      }
      if out.contains(where: { $0.0 == key }) { fail(k, keyPath, "duplicate key"); continue }
      out.append((key, k, v))
    }
    return out
  }

  func number(_ node: Node, _ path: String, _ range: ClosedRange<Double>, _ example: String) -> Double? {
    guard case .scalar(let s) = node, let x = Double(s.string.replacingOccurrences(of: "_", with: "")), x.isFinite else {
      fail(node, path, "expected a number, found '\(node.string ?? "a \(node.kindName)")'; write for example \(example)")
      return nil
    }
    guard range.contains(x) else {
      fail(node, path, "must be from \(range.lowerBound.formatted()) to \(range.upperBound.formatted()), got \(x.formatted()); write for example \(example)")
      return nil
    }
    return x
  }

  func book(_ root: Node, text: String, baseDirectory: String) -> Book? {
    guard let top = mapping(root, "", allowed: Book.topKeys) else { return nil }
    func value(_ key: String) -> Node? { top.first { $0.0 == key }?.2 }
    var name = (file as NSString).lastPathComponent
    if let n = value("name") {
      if let s = n.string, case .scalar = n, !s.isEmpty { name = s } else { fail(n, "name", "expected the book's name as text") }
    }
    if let f = value("format"), f.string != "1" { fail(f, "format", "only format 1 is known; write format: 1") }
    var trials = Book.defaultTrials
    var seed = Book.defaultSeed
    if let sim = value("simulation"), let entries = mapping(sim, "simulation", allowed: ["trials", "seed"]) {
      for (key, _, v) in entries {
        switch key {
        case "trials":
          if let x = number(v, "simulation.trials", 1...1e9, "trials: 10000") {
            if x == x.rounded() { trials = Int(x) } else { fail(v, "simulation.trials", "must be a whole number of trials") }
          }
        default:
          if let s = v.string, let x = UInt64(s.replacingOccurrences(of: "_", with: "")) { seed = x } else {
            fail(v, "simulation.seed", "expected a non-negative whole number; write for example seed: 20261201")
          }
        }
      }
    }
    let shock = commonShock(value("common_shock"))
    let reinsurance = reinsurance(value("reinsurance"))
    guard let groupsNode = value("groups") else {
      fail(root, "groups", "missing: list the book's groups, each `- { file: groups/acme.yaml, premium: 250000 }` or an inline scenario with `id:` and `premium:`")
      return nil
    }
    guard case .sequence(let items) = groupsNode, !items.isEmpty else {
      fail(groupsNode, "groups", "expected a non-empty list of groups")
      return nil
    }
    var groups: [BookGroup] = []
    var fingerprintParts = [text]
    var seen: [String: String] = [:]
    for (i, item) in items.enumerated() {
      let path = "groups[\(i)]"
      guard let group = group(item, path: path, baseDirectory: baseDirectory, fingerprint: &fingerprintParts) else { continue }
      if let other = seen[group.id] {
        fail(item, "\(path).id", "duplicate group id '\(group.id)' (also \(other)); give every group its own id")
        continue
      }
      seen[group.id] = path
      groups.append(group)
    }
    guard issues.isEmpty else { return nil }
    groups.sort { $0.id < $1.id }
    return Book(
      file: file, name: name, trials: trials, seed: seed, shock: shock, reinsurance: reinsurance,
      groups: groups, hash: StableHash.fingerprint(fingerprintParts))
  }

  func commonShock(_ node: Node?) -> CommonShock {
    guard let node, let entries = mapping(node, "common_shock", allowed: ["distribution", "cv"]) else { return .none }
    var family = CommonShock.Family.lognormal
    var cv: Double?
    for (key, _, v) in entries {
      if key == "distribution" {
        if let s = v.string, let f = CommonShock.Family(rawValue: s) { family = f } else {
          fail(v, "common_shock.distribution", "expected one of \(CommonShock.Family.allCases.map(\.rawValue).joined(separator: ", ")); write for example distribution: lognormal")
        }
      } else {
        cv = number(v, "common_shock.cv", 0...2, "cv: 0.05 (a 5% coefficient of variation; not 5)")
      }
    }
    if family != .none && cv == nil {
      fail(node, "common_shock.cv", "missing: the shock's coefficient of variation (its mean is 1); write for example cv: 0.05")
    }
    return CommonShock(family: family, cv: family == .none ? 0 : (cv ?? 0))
  }

  func reinsurance(_ node: Node?) -> Reinsurance {
    guard let node, let entries = mapping(node, "reinsurance", allowed: ["quota_share", "aggregate_stop_loss"]) else { return .none }
    var r = Reinsurance()
    for (key, _, v) in entries {
      if key == "quota_share" {
        r.quotaShare = number(v, "reinsurance.quota_share", 0...0.95, "quota_share: 0.25 (25% ceded; not 25)") ?? 0
        continue
      }
      let path = "reinsurance.aggregate_stop_loss"
      guard let sl = mapping(v, path, allowed: ["attachment_loss_ratio", "limit_loss_ratio", "premium"]) else { continue }
      for (k, _, x) in sl {
        switch k {
        case "attachment_loss_ratio": r.stopLossAttachment = number(x, "\(path).\(k)", 0.1...10, "attachment_loss_ratio: 1.15 (115% of retained premium; not 115)")
        case "limit_loss_ratio": r.stopLossLimit = number(x, "\(path).\(k)", 0.01...10, "limit_loss_ratio: 0.5")
        default: r.stopLossPremium = number(x, "\(path).\(k)", 0...1e12, "premium: 150000") ?? 0
        }
      }
      if r.stopLossAttachment == nil {
        fail(v, "\(path).attachment_loss_ratio", "missing: the loss ratio of the retained premium at which the cover attaches; write for example attachment_loss_ratio: 1.15")
      }
    }
    return r
  }

  func group(_ node: Node, path: String, baseDirectory: String, fingerprint: inout [String]) -> BookGroup? {
    guard let entries = mapping(node, path, allowed: nil) else { return nil }
    func value(_ key: String) -> Node? { entries.first { $0.0 == key }?.2 }
    var premium: Double?
    if let p = value("premium") {
      premium = number(p, "\(path).premium", 1...1e12, "premium: 250000 (the carrier's annual premium in dollars)")
    } else {
      fail(node, "\(path).premium", "missing: the carrier's annual stop-loss premium for this group in dollars; write for example premium: 250000")
    }
    var id = value("id").flatMap { n -> String? in
      guard let s = n.string, case .scalar = n, !s.isEmpty, !s.contains(where: \.isNewline) else {
        fail(n, "\(path).id", "expected a one-line text id, e.g. id: acme-2026")
        return nil
      }
      return s
    }
    let scenario: Scenario
    let source: String
    if let f = value("file") {
      guard let relative = f.string, case .scalar = f, !relative.isEmpty else {
        fail(f, "\(path).file", "expected the path of the group's scenario file, relative to the book")
        return nil
      }
      if let extra = entries.first(where: { !Book.groupKeys.contains($0.0) }) {
        fail(extra.1, "\(path).\(extra.0)", "a group with `file:` takes only id, file and premium; put the scenario's keys in \(relative)")
        return nil
      }
      let full = relative.hasPrefix("/") ? relative : (baseDirectory.isEmpty ? relative : "\(baseDirectory)/\(relative)")
      do {
        scenario = try Scenario.load(path: full)
      } catch let error as ScenarioError {
        for issue in error.issues {
          var issue = issue
          if issue.path.isEmpty && issue.line == nil { issue.message += " (named by \(file): \(path).file)" }
          issues.append(issue)
        }
        return nil
      } catch {
        fail(f, "\(path).file", "\(error)")
        return nil
      }
      fingerprint.append(relative)
      fingerprint.append((try? String(contentsOfFile: full, encoding: .utf8)) ?? "")
      source = relative
      if id == nil { id = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension }
    } else {
      // Inline: the group's other keys are a scenario, read by the scenario reader.
      guard let groupID = id else {
        fail(node, "\(path).id", "missing: an inline group needs an id (it seeds the group's random streams); write for example id: acme-2026")
        return nil
      }
      var pairs: [(Node, Node)] = entries.filter { !Book.groupKeys.contains($0.0) }.map { ($0.1, $0.2) }
      if !pairs.contains(where: { $0.0.string == "name" }) { pairs.insert((Node(stringLiteral: "name"), Node(stringLiteral: groupID)), at: 0) }
      let label = "\(file) (\(path), id \(groupID))"
      do {
        let text = try Yams.serialize(node: .mapping(Node.Mapping(pairs)))
        scenario = try Scenario.parse(text: text, file: label, baseDirectory: baseDirectory)
      } catch let error as ScenarioError {
        // Line numbers refer to the group's own text; name the group's line in the book.
        let line = node.mark?.line
        issues += error.issues.map {
          ScenarioIssue(file: file, path: $0.path.isEmpty ? path : "\(path).\($0.path)", line: line, message: $0.message)
        }
        return nil
      } catch {
        fail(node, path, "\(error)")
        return nil
      }
      source = "inline"
    }
    guard let premium, let id else { return nil }
    return BookGroup(id: id, source: source, premium: premium, scenario: scenario)
  }
}

extension Node {
  fileprivate var kindName: String {
    switch self {
    case .scalar: "scalar"
    case .mapping: "mapping"
    case .sequence: "list"
    case .alias: "alias"
    }
  }
}
