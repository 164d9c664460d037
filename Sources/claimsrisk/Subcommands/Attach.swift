// Attach.swift: `claimsrisk attach FILE --probability P [--curve]`: the attachment point
// exceeded with probability P, and P(attach) over a range of corridors.
import ArgumentParser
import ClaimsEngine
import ClaimsModel
import Foundation
import TextTable

extension ClaimsRisk {
  struct Attach: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Solve for the aggregate attachment point that aggregate claims exceed with a given probability.")

    @Argument(help: "The scenario file (YAML or JSON).")
    var file: String

    @Option(help: "The target probability that aggregate claims exceed the attachment point, in (0, 1).")
    var probability: Double = 0.05

    @Flag(help: "Also print P(attach) over a range of corridors.")
    var curve = false

    @Option(help: "Corridors for --curve, comma-separated (default 1.00 to 1.50 by 0.05).")
    var corridors: String?

    @OptionGroup var settings: RunArguments
    @OptionGroup var output: OutputArguments

    func validate() throws {
      guard probability > 0 && probability < 1 else {
        throw ValidationError("'--probability' must lie strictly between 0 and 1, got \(probability).")
      }
      _ = try corridorList()
    }

    func corridorList() throws -> [Double] {
      guard let corridors else { return stride(from: 1.0, through: 1.5001, by: 0.05).map { ($0 * 100).rounded() / 100 } }
      return try ListArgument.numbers(corridors, flag: "--corridors", kind: .corridor)
    }

    func run() throws {
      let scenario = try RunSupport.loadScenario(file)
      var options = settings.options(for: scenario)
      let trials = options.trials
      if Double(trials) * probability < 10 {
        throw InputError(message: "--probability \(probability): with \(trials) trials only \(Int(Double(trials) * probability)) would exceed the attachment point; use at least \(Int((10 / probability).rounded(.up))) trials (--trials)")
      }
      try output.checkWritable(scenario, checkpoint: settings.checkpoint)
      try RunSupport.attachCheckpoint(settings.checkpoint, scenario: scenario, options: &options, extra: ["attach"])
      let (plan, columns) = try RunSupport.interruptible(options, quiet: output.quiet, plain: output.progress) { monitor in
        try Simulation.runColumns(scenario, options: options, monitor: monitor)
      }
      defer { options.checkpoint?.remove() }
      let solution = AttachmentSolver.solve(plan: plan, columns: columns, probability: probability)
      let points = curve ? AttachmentSolver.curve(columns: columns, corridors: try corridorList()) : []
      try output.write(render(scenario, options, solution, points))
    }

    func render(_ scenario: Scenario, _ options: RunOptions, _ s: AttachmentSolution, _ points: [CorridorPoint]) -> String {
      switch output.format {
      case .html:
        var table = self
        table.output.format = .table
        return HTMLTextPage.render(
          title: "Attachment point: \(scenario.name)",
          meta: ["\(options.trials.formatted()) trials", "seed \(options.seed)", "claimsrisk \(ClaimsRisk.version)", "scenario file \((file as NSString).lastPathComponent)"],
          text: table.render(scenario, options, s, points))
      case .json:
        var pairs: [(String, JSONValue)] = [
          ("format", .integer(1)), ("scenario", .string(scenario.name)), ("trials", .integer(options.trials)),
          ("seed", .unsigned(options.seed)), ("program", .string("claimsrisk")), ("version", .string(ClaimsRisk.version)),
          ("probability", .number(s.probability)),
          ("attachment_point", .number(s.dollars)),
          ("attachment_point_ci95", .array([.number(s.lower), .number(s.upper)])),
          ("expected_aggregate_claims", .number(s.expectedAggregateClaims)),
          ("expected_aggregate_claims_std_error", .number(s.expectedStdError)),
          ("corridor", .number(s.corridor)),
          ("corridor_ci95", .array([.number(s.corridorLower), .number(s.corridorUpper)])),
          ("monthly_factors", .object(s.factors.map { ($0.tier, .number($0.factor)) })),
        ]
        if !points.isEmpty {
          pairs.append(("curve", .array(points.map {
            .object([("corridor", .number($0.corridor)), ("attachment_point", .number($0.attachment)),
                     ("probability_attach", .number($0.probability.value)), ("std_error", .number($0.probability.stdError))])
          })))
        }
        return JSONValue.object(pairs).render() + "\n"
      case .csv:
        // One row per figure; the curve's corridor has its own numeric column.
        var lines = [CSVFormat.comment([("program", "claimsrisk"), ("version", ClaimsRisk.version), ("scenario", scenario.name)]
                       + ScenarioSource(path: file).csvPairs + [("trials", String(options.trials)), ("seed", String(options.seed))]),
                     "quantity,tier,corridor,value,std_error,ci95_lower,ci95_upper"]
        func row(_ q: String, tier: String = "", corridor: Double? = nil, _ v: Double, se: Double? = nil, _ lo: Double? = nil, _ hi: Double? = nil) {
          lines.append([q, CSVFormat.text(tier), CSVFormat.number(corridor), CSVFormat.number(v), CSVFormat.number(se), CSVFormat.number(lo), CSVFormat.number(hi)].joined(separator: ","))
        }
        row("attachment_point", s.dollars, s.lower, s.upper)
        row("corridor", s.corridor, s.corridorLower, s.corridorUpper)
        row("expected_aggregate_claims", s.expectedAggregateClaims, se: s.expectedStdError)
        for f in s.factors { row("monthly_factor", tier: f.tier, f.factor) }
        for p in points {
          row("probability_attach", corridor: p.corridor, p.probability.value, se: p.probability.stdError,
              max(0, p.probability.value - 1.96 * p.probability.stdError), min(1, p.probability.value + 1.96 * p.probability.stdError))
        }
        return lines.joined(separator: "\n") + "\n"
      case .table:
        var out = ["\(scenario.name): attachment point exceeded with probability \(ProbabilityText.format(s.probability, digits: 2))",
                   "\(options.trials.formatted()) trials · seed \(options.seed)", ""]
        out.append("Attachment point   \(Money.format(s.dollars)) a year   (95% CI \(Money.format(s.lower)) – \(Money.format(s.upper)))")
        out.append(String(format: "As a corridor      %.1f%% of expected aggregate claims %@ ± %@   (95%% CI %.1f%% – %.1f%%)",
                          s.corridor * 100, Money.format(s.expectedAggregateClaims), Money.format(s.expectedStdError), s.corridorLower * 100, s.corridorUpper * 100))
        out.append("As monthly factors " + s.factors.map { "\($0.tier) \(Money.format($0.factor, cents: true))" }.joined(separator: ", "))
        if !points.isEmpty {
          out.append("")
          let rows = points.map { [String(format: "%.0f%%", $0.corridor * 100), Money.format($0.attachment), ProbabilityText.format($0.probability.value, digits: 2), "± " + ProbabilityText.stdError($0.probability, digits: 2)] }
          let headers = ["Corridor", "Attachment", "P(attach)", "SE"]
          let table = TextTable<[String]> { row in headers.enumerated().map { Column(title: $1, value: row[$0], align: .right) } }
          out.append(table.string(for: rows, style: Style.psql) ?? "")
        }
        return out.joined(separator: "\n") + "\n"
      }
    }
  }
}
