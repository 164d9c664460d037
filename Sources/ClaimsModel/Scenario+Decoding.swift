// Scenario+Decoding.swift: reading and checking a scenario file (YAML, or JSON as YAML), and
// the top level of the decoder; each section has its own file (ScenarioDecoder+Census.swift,
// +Claims, +Distributions, +StopLoss, +Enrolment, +Options, +Funding, +Rates, +Simulation).
// Every problem is collected with its key path and position and reported at once.
internal import Foundation
internal import Yams

extension Scenario {
  /// Reads and validates the scenario at `path`.
  /// - Throws: ``ScenarioError`` listing every problem (file, key path, line:column, what is
  ///   expected).
  public static func load(path: String) throws -> Scenario {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ScenarioError(file: path, message: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw ScenarioError(file: path, message: "is a directory, expected a scenario file")
    }
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
      let tooLarge = YAMLSafety.sizeProblem(bytes: size)
    {
      throw ScenarioError(file: path, message: tooLarge)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScenarioError(file: path, message: "cannot read the file (permission denied?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ScenarioError(file: path, message: "is not UTF-8 text")
    }
    let directory = (path as NSString).deletingLastPathComponent
    var scenario = try parse(text: text, file: path, baseDirectory: directory)
    scenario.inputDigests = [InputDigest(path: path, digest: Digest.hex(data))]
    if case .membersFile(let census) = scenario.census.source, let digest = scenario.census.fileDigest {
      scenario.inputDigests.append(InputDigest(path: census, digest: digest))
    }
    return scenario
  }

  /// Parses and validates scenario text. `baseDirectory` resolves a relative `members_file`.
  public static func parse(text: String, file: String, baseDirectory: String = ".") throws -> Scenario {
    if let problem = YAMLSafety.problem(text) {
      throw ScenarioError(file: file, message: "not accepted: \(problem)")
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw ScenarioError(file: file, message: "not valid YAML or JSON: \(yamlMessage(error))")
    } catch {
      throw ScenarioError(file: file, message: "not valid YAML or JSON: \(error)")
    }
    guard let root else {
      throw ScenarioError(file: file, message: "the file is empty; expected a scenario (see `claimsrisk template`)")
    }
    let reader = NodeReader(file: file)
    let scenario = ScenarioDecoder(reader: reader, baseDirectory: baseDirectory).decode(root)
    if !reader.issues.isEmpty { throw ScenarioError(reader.issues) }
    guard var scenario else { throw ScenarioError(file: file, message: "invalid scenario") }
    scenario.warnings = reader.warnings.map(\.description)
    return scenario
  }

  /// The YAML error in one line: what is wrong and where, with at most a short excerpt
  /// (never the whole file).
  private static func yamlMessage(_ error: YamlError) -> String {
    if case .duplicatedKeysInMapping(let keys, let context) = error {
      let mark = context.mark
      return "duplicate key \(keys.map { "'\($0)'" }.joined(separator: ", ")) at line \(mark.line), column \(mark.column); each key may appear once in a mapping"
    }
    var text = "\(error)".replacingOccurrences(of: "\n", with: " ")
    if text.count > 300 { text = String(text.prefix(300)) + "…" }
    return text
  }
}

/// Walks the node tree of one scenario.
struct ScenarioDecoder {
  let reader: NodeReader
  let baseDirectory: String
  /// The census once read (for rates keyed by tier in later sections).
  var census: Census? { censusBox.value }
  let censusBox = Box<Census>()

  static let topKeys = [
    "format", "name", "census", "enrolment", "claims", "stop_loss", "fixed_costs",
    "fully_insured_annual_premium", "options", "simulation", "funding",
  ]

  func decode(_ root: Node) -> Scenario? {
    guard let map = reader.mapping(root, "", allowed: Self.topKeys) else { return nil }
    var format = Scenario.supportedFormat
    if let node = map["format"], let f = reader.integer(node, "format") {
      if f != Scenario.supportedFormat {
        reader.fail(node, "format", "unsupported format version \(f); this program reads format \(Scenario.supportedFormat)")
      }
      format = f
    }
    var name = ((reader.file as NSString).lastPathComponent as NSString).deletingPathExtension
    if let node = map["name"], let n = reader.string(node, "name") { name = n }

    var census: Census?
    if let node = map["census"] { census = decodeCensus(node) } else { missing(root, "census") }
    censusBox.value = census
    var claims: ClaimsSpec?
    if let node = map["claims"] { claims = decodeClaims(node, census: census) } else { missing(root, "claims") }
    var stopLoss = StopLossSpec(specific: nil, aggregate: nil)
    if let node = map["stop_loss"] { stopLoss = decodeStopLoss(node, "stop_loss", census: census) }
    var enrolment = census.map { Enrolment.constant($0) }
    if let node = map["enrolment"], let census { enrolment = decodeEnrolment(node, census: census) }
    var fixedCosts: TierRates?
    if let node = map["fixed_costs"],
      let fc = reader.mapping(node, "fixed_costs", allowed: ["per_unit_month"])
    {
      if let rates = fc["per_unit_month"] {
        fixedCosts = decodeRates(rates, "fixed_costs.per_unit_month", census: census)
      } else {
        missing(node, "fixed_costs.per_unit_month")
      }
    }
    var premium: Double?
    if let node = map["fully_insured_annual_premium"] {
      premium = reader.number(node, "fully_insured_annual_premium", minimum: 0, what: "an amount in dollars")
    }
    var simulation = SimulationSettings(trials: 10_000, seed: 1, generator: .taus2)
    if let node = map["simulation"] { simulation = decodeSimulation(node) }
    var options: [ContractOption] = []
    if let node = map["options"] {
      options = decodeOptions(node, base: map["stop_loss"], baseFixed: fixedCosts, census: census)
    }
    var funding: FundingSpec?
    if let node = map["funding"] { funding = decodeFunding(node) }

    guard let census, let claims, let enrolment else { return nil }
    var scenario = Scenario(
      format: format, name: name, census: census, claims: claims, stopLoss: stopLoss,
      fixedCosts: fixedCosts, fullyInsuredAnnualPremium: premium, enrolment: enrolment,
      simulation: simulation, file: reader.file)
    scenario.options = options
    scenario.funding = funding
    // Month-by-month settlement needs the attachment point before the year starts.
    let needsKnownAttachment = simulation.cashFlow || funding?.level != nil
    for (i, sl) in ([stopLoss] + options.map(\.stopLoss)).enumerated() {
      guard case .corridor = sl.aggregate?.attachment else { continue }
      let path = i == 0 ? "stop_loss.aggregate" : "options[\(i - 1)].aggregate"
      if sl.aggregate?.accommodation == true {
        reader.fail(map[i == 0 ? "stop_loss" : "options"], "\(path).accommodation", "monthly accommodation needs an attachment point known before the year (attachment or factors), not a corridor")
      } else if needsKnownAttachment {
        reader.fail(map[i == 0 ? "stop_loss" : "options"], "\(path).corridor", "monthly cash flow and level funding need an attachment point known before the year (attachment or factors), not a corridor")
      }
    }
    return scenario
  }

  func missing(_ parent: Node, _ path: String) {
    reader.fail(parent, path, "missing required key")
  }
}

/// A mutable holder for a value decoded early and read by later sections.
final class Box<T> {
  var value: T?
}
