// ScenarioError.swift: the errors a scenario, census or claims file can raise. Every message
// names the file, the key path (or CSV line) and what was expected.

/// One problem found in an input file.
public struct ScenarioIssue: Sendable, Hashable, CustomStringConvertible {
  /// The file the problem is in.
  public var file: String
  /// The key path (`stop_loss.specific.deductible`, `census.tiers[1].employees`) or CSV
  /// location (`line 7`), empty for the whole file.
  public var path: String
  /// 1-based line and column of the offending value, when known.
  public var line: Int?
  public var column: Int?
  /// What is wrong and what is expected.
  public var message: String

  public init(file: String, path: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.file = file
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String {
    var location = file
    if let line {
      location += ":\(line)"
      if let column { location += ":\(column)" }
    }
    return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
  }
}

/// All the problems found in one input: reading goes on after the first problem so that
/// every bad field is reported at once.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
  public var issues: [ScenarioIssue]

  public init(_ issues: [ScenarioIssue]) { self.issues = issues }

  public init(file: String, path: String = "", message: String) {
    self.issues = [ScenarioIssue(file: file, path: path, message: message)]
  }

  public var description: String { issues.map(\.description).joined(separator: "\n") }
}
